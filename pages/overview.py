"""Översikt: per follow-up level what stands where, per actor its commitments, what is overdue, what changed;
saved meetings reopened as they were; the printable meeting report."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from indicators.base.formatting import date
from indicators.base.i18n import N_, localized
from indicators.base.models import Level, Role
from indicators.read import meetings as minutes
from indicators.read import overview, plan, queries
from indicators.render import tables
from indicators.rules import status
from indicators.storage import store
from indicators.views import plan as plan_views
from indicators.views import report
from ui.auth import guard
from ui.common import demo_banner, lang, plain, query, require_pledge, show_flash, tr, write
from ui.filters import chosen_levels, current_area, synced_select, synced_value, until_date

who = guard(__file__)  # first thing: internal pages are for signed-in users only

pledge = require_pledge()

meetings = query(queries.meetings, pledge["code"])
meeting_ids = [str(i) for i in meetings["id"]]
titles = {str(r.id): f"{date(r.held_on)} – {r.title}" for r in meetings.itertuples(index=False)}
meeting_id = synced_value(["", *meeting_ids], "meeting", "", unset="")  # its select is drawn further down

since_day = st.session_state.get("changed_since") or dt.date.today() - dt.timedelta(days=30)
since = dt.datetime.combine(since_day, dt.time(), tzinfo=dt.UTC)
found = query(
    overview.build,
    pledge["code"],
    current_area(pledge),
    until_date(),
    dt.date.today(),
    since,
    int(meeting_id) if meeting_id else None,
)
if found is None:  # the pledge was removed since the filters were read
    st.info(tr("app.no_pledge"))
    st.stop()
data = found
actions = query(plan.actions, pledge["code"], data.until)
areas = query(queries.areas)
area_names = dict(zip(areas["code"], areas["name"], strict=True))
area_name = area_names.get(data.area_code, data.area_code)
present = bool(st.session_state.get("present"))

st.title(localized(pledge, "name", lang()))
st.caption(
    tr("overview.period", start=date(pledge["start"]), end=date(pledge["end"]))
    + f" · {tr('app.area')}: {area_name} · {tr('app.until')}: {date(data.until)}"
)
if data.meeting:
    m = data.meeting
    st.info(
        tr("meeting.viewing", title=plain(m["title"]), held_on=date(m["held_on"]))
        + " "
        + tr("meeting.saved_by", who=plain(m["saved_by"]), at=date(m["saved_at"])),
        icon=":material/history:",
    )
demo_banner()


def table(frame: pd.DataFrame) -> None:
    """A table on screen: in presentation mode every row at once in large type (no scroll box to read from the
    back of the room), else the interactive one (sort, search, full screen)."""
    if present:
        st.table(frame, hide_index=True)
    else:
        st.dataframe(frame, hide_index=True, width="stretch")


#: The big numbers of each level: on track or reached, behind, without a figure.
ANSWERS = (("good", N_("overview.m_good")), ("behind", N_("overview.m_behind")), ("no_data", N_("overview.m_no_data")))


def section_levels() -> None:
    st.header(tr("overview.levels"))
    levels = data.levels.set_index("level")
    for column, level in zip(st.columns(3), Level, strict=True):
        with column.container(border=True):
            st.subheader(tr(f"level_short.{level.value}"))
            st.caption(tr(f"level_question.{level.value}"))
            row = levels.loc[level.value]
            counts = data.counts[level.value]
            # The answers, large enough to read from the back of the room: on track, behind, without a figure.
            for key, label in ANSWERS:
                st.metric(tr(label), counts[key])
            st.write(
                tr("overview.level_counts", indicators=int(row["indicators"]), commitments=int(row["commitments"]))
                + " · "
                + tr("overview.no_target_count", count=counts["no_target"])
                + (f" · {tr('overview.uncertain_count', count=counts['no_certain_change'])}"
                   if counts.get("no_certain_change") else "")
            )  # fmt: skip
    with st.expander(tr("overview.rule")):
        st.markdown(status.rule_text(lang()))


def section_latest() -> None:
    st.header(tr("overview.latest"))
    shown = data.assessed[data.assessed["level"].isin(chosen_levels())]
    latest = tables.latest_table(shown, lang(), area_names, data.area_code)
    if present:
        table(latest.drop(columns=[tr("col.link")]))
    else:
        st.dataframe(
            latest,
            hide_index=True,
            width="stretch",
            column_config={tr("col.link"): st.column_config.LinkColumn(tr("col.link"), display_text="→")},
        )
    st.caption(tr("legend.symbols"))
    st.caption(tr("overview.reported_for_help"))


def section_actors() -> None:
    st.header(tr("overview.actors"))
    table(report.actor_table(data, lang()))
    st.subheader(tr("commitments.title"))
    if len(data.commitments):
        table(report.commitment_table(data, lang()))
    st.page_link("pages/commitments.py", label=tr("overview.to_commitments"), icon=":material/handshake:")


def section_plan() -> None:
    """The åtgärdsplan, planned against done: per actor, then the actions not on plan first."""
    st.header(tr("plan.title"))
    if data.meeting:
        st.caption(tr("plan.today_note"))
    if not actions:
        st.info(tr("plan.none"))
        return
    names = dict(zip(data.actors["code"], data.actors["name"], strict=True))
    parents = {c: p if isinstance(p, str) else None
               for c, p in zip(data.actors["code"], data.actors["parent_code"], strict=True)}  # fmt: skip
    table(plan_views.actor_table(plan.by_actor(actions, parents), names, lang()))
    ranked = plan_views.ranked(actions)
    # projected: the compact table (what, status, done, planned, plan, who) that fits a screen; else every column
    table(
        plan_views.public_table(ranked, names, lang())
        if present
        else plan_views.action_table(ranked, lang(), with_actor=True)
    )
    st.caption(tr("plan.not_final"))
    st.page_link("pages/chain.py", label=tr("nav.chain"), icon=":material/account_tree:")


def section_overdue() -> None:
    st.header(tr("overview.completeness"))
    st.caption(tr("overview.completeness_help"))
    names = dict(zip(data.actors["code"], data.actors["name"], strict=True))
    by = st.segmented_control(
        tr("overview.completeness_by"),
        list(tables.COMPLETENESS_BY),
        key="completeness_by",
        default="actor",
        format_func={b: tr(label) for b, label in tables.COMPLETENESS_BY.items()}.__getitem__,
    )
    shown = tables.completeness_by(data.completeness, by or "actor", {**area_names, **names}, lang())
    if len(shown):
        table(shown)
    else:
        st.info(tr("overview.completeness_none"))
    st.header(tr("overview.overdue"))
    st.caption(tr("overview.overdue_help", area=area_name))
    if not len(data.overdue):
        st.success(tr("overview.overdue_none"))
        return
    names = dict(zip(data.actors["code"], data.actors["name"], strict=True))
    for actor, rows in data.overdue.groupby("actor_code", sort=False):
        with st.expander(f"{names.get(actor, actor)}: {len(rows)}", expanded=present):
            table(report.overdue_table(rows, lang()))


def decided(m: dict[str, Any]) -> None:
    """What a saved meeting decided, one decision a line (nothing when it decided nothing)."""
    lines = [line.strip() for line in str(m.get("decisions") or "").splitlines() if line.strip()]
    if lines:
        st.subheader(tr("meeting.decisions", title=plain(m["title"]), held_on=date(m["held_on"])))
        st.markdown("\n".join(f"- {plain(line)}" for line in lines))


def section_changes() -> None:
    ref = data.compared_to
    if ref is not None:  # what moved since the meeting shown, or since the last one
        title = tr("meeting.changes") if data.meeting else tr(
            "meeting.since_last", title=plain(ref["title"]), held_on=date(ref["held_on"]))  # fmt: skip
        st.header(title)
        st.caption(tr("meeting.changes_help"))
        decided(ref)  # what the meeting compared with decided: followed up here
        st.subheader(tr("meeting.status_moves"))
        if len(data.status_moves):
            table(report.status_moves_table(data.status_moves, lang()))
        else:
            st.write(tr("meeting.no_status_moves"))
        st.subheader(tr("meeting.commitment_moves"))
        if len(data.commitment_moves):
            names = dict(zip(data.actors["code"], data.actors["name"], strict=True))
            table(report.commitment_moves_table(data.commitment_moves, names, lang()))
        else:
            st.write(tr("meeting.no_commitment_moves"))
        st.subheader(tr("meeting.figure_moves"))
        if len(data.meeting_changes):
            table(report.changes_table(data.meeting_changes, lang()))
        else:
            st.success(tr("meeting.no_changes"))
        if data.meeting:
            return
    with st.expander(tr("overview.changed"), expanded=ref is None):
        st.date_input(tr("overview.changed"), value=since_day, key="changed_since", format="YYYY-MM-DD")
        st.write(tr("overview.changed_count", new=data.changed_new, corrected=data.changed_corrected))
        if len(data.changed):
            table(report.changed_table(data.changed, lang()))


def open_items(agenda: minutes.Agenda) -> None:
    """The action items earlier meetings gave and this one found open, overdue first; at the newest meeting the
    chair ticks the done ones (day and note) and saves them."""
    st.subheader(tr("meeting.items_open"))
    show_flash("items")
    if not agenda.open:
        st.write(tr("meeting.items_none"))
        return
    shown = report.items_table(agenda.open, lang())
    if agenda.meeting_id is None or not agenda.can_close or who.role is not Role.STEERING:
        st.caption(tr("meeting.items_today") if agenda.meeting_id is None else tr("meeting.items_old"))
        table(shown)
        return
    st.caption(tr("meeting.items_open_help"))
    shown = shown.drop(columns=[tr("meeting.item_done_note")], errors="ignore").assign(
        done_on=[i.done_on or agenda.on for i in agenda.open], note=[i.done_note for i in agenda.open]
    )
    shown.insert(0, "done", [i.status is minutes.ItemStatus.DONE for i in agenda.open])  # the tick first
    key = f"items_done_{agenda.meeting_id}"
    edited = st.data_editor(
        shown,
        key=key,
        hide_index=True,
        width="stretch",
        placeholder="",
        disabled=[c for c in shown.columns if c not in ("done", "done_on", "note")],
        column_config={
            "done": st.column_config.CheckboxColumn(tr("meeting.item_done"), width="small"),
            "done_on": st.column_config.DateColumn(tr("meeting.item_done_on"), format="YYYY-MM-DD"),
            "note": st.column_config.TextColumn(tr("meeting.item_done_note"), max_chars=1000),
        },
    )
    if st.button(tr("meeting.items_save"), key="items_save"):
        marks = [store.ItemMark(int(i), bool(r.done), _day(r.done_on), str(r.note or ""))
                 for i, r in zip(shown.index, edited.itertuples(index=False), strict=True)]  # fmt: skip
        meeting = agenda.meeting_id
        write(lambda s: store.mark_items(s, who, meeting, marks),
              lambda n: tr("meeting.items_saved", done=n[0], reopened=n[1]), "items",
              then=lambda _: st.session_state.pop(key, None))  # the ticks are saved: the rows may reorder  # fmt: skip


def _day(value: Any) -> dt.date | None:
    """A day from a data editor's date cell (a date, a timestamp, or nothing)."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


#: The blank rows the meeting form's item editor opens with (more can be added).
BLANK_ITEMS = 3


def new_items() -> list[store.NewItem]:
    """The item editor of the meeting form: what, who, by when; the rows the chair wrote in (blank ones skipped)."""
    blank = pd.DataFrame({"text": [""] * BLANK_ITEMS, "owner": [""] * BLANK_ITEMS,
                          "due": pd.Series([None] * BLANK_ITEMS, dtype="datetime64[ns]")})  # fmt: skip
    st.markdown(tr("meeting.field_items"), help=tr("meeting.items_help"))
    rows = st.data_editor(
        blank,
        key="meeting_items",
        num_rows="dynamic",
        hide_index=True,
        placeholder="",  # an empty cell is empty (Streamlit's own placeholder is the English "None")
        width="stretch",
        column_config={
            "text": st.column_config.TextColumn(tr("meeting.item_text"), max_chars=1000, width="large"),
            "owner": st.column_config.TextColumn(tr("meeting.item_owner"), max_chars=200),
            "due": st.column_config.DateColumn(tr("meeting.item_due"), format="YYYY-MM-DD"),
        },
    )
    return [store.NewItem(str(r.text or ""), str(r.owner or ""), _day(r.due))
            for r in rows.itertuples(index=False)
            if str(r.text or "").strip() or str(r.owner or "").strip() or _day(r.due)]  # fmt: skip


def section_meeting() -> None:
    """Open a saved meeting, print the report, save this one (the steering group)."""
    st.header(tr("meeting.title"))
    agenda = query(minutes.agenda, pledge["code"], data.meeting["id"] if data.meeting else None, dt.date.today())
    open_items(agenda)
    left, right = st.columns(2)
    with left:
        shown = {"": tr("meeting.today"), **titles}
        synced_select(tr("meeting.open"), ["", *meeting_ids], "meeting", "", shown.__getitem__, left, unset="")
        st.download_button(
            tr("report.download"),
            data=functools.partial(report.overview_bytes, data, area_name, lang(), agenda, actions),  # when clicked
            file_name=f"motesrapport-{pledge['code']}-{data.until.isoformat()}.html",
            mime="text/html",
            key="report_html",
            help=tr("report.help"),
            on_click="ignore",  # no rerun: a rerun racing the click could drop the file being made
        )
    with right:
        show_flash("meeting")  # the save's confirmation, where the form was
        if data.meeting:  # a reopened meeting: what it decided and the items it gave, where they were written
            decided(data.meeting)
            if agenda.new:
                st.subheader(tr("meeting.items_new", title=plain(data.meeting["title"]),
                                held_on=date(data.meeting["held_on"])))  # fmt: skip
                table(report.items_table(agenda.new, lang(), carried=False))
        user = who
        if user.role is not Role.STEERING:
            st.caption(tr("meeting.steering_only"))
        elif data.meeting is None:
            with st.form("save_meeting", clear_on_submit=True):
                st.markdown(f"**{tr('meeting.save')}**")
                title = st.text_input(tr("meeting.field_title"), max_chars=200, key="meeting_title")
                held_on = st.date_input(tr("meeting.field_date"), value=dt.date.today(), format="YYYY-MM-DD")
                decisions = st.text_area(tr("meeting.field_decisions"), max_chars=4000, key="meeting_decisions",
                                         help=tr("meeting.decisions_help"))  # fmt: skip
                items = new_items()
                if st.form_submit_button(tr("meeting.save"), type="primary"):

                    def opened(new_id: int) -> None:
                        st.query_params["meeting"] = str(new_id)
                        st.session_state.pop("meeting", None)

                    write(
                        lambda s: store.save_meeting(
                            s, user, pledge["code"], title, held_on, data.area_code, data.until, decisions, items
                        ),
                        lambda _: tr("meeting.saved", title=plain(title)),
                        "meeting",
                        then=opened,
                    )


SECTIONS: dict[str, Callable[[], None]] = {
    "levels": section_levels,
    "latest": section_latest,
    "actors": section_actors,
    "plan": section_plan,
    "overdue": section_overdue,
    "changes": section_changes,
    "meeting": section_meeting,
}

if present:
    # One section per screen (the meeting's own form once, as its last): pick it with the buttons (or the arrow
    # keys' tab order) and project it large.
    chosen = st.segmented_control(
        tr("present.section"),
        list(SECTIONS),
        key="present_section",
        default="levels",
        format_func={s: tr(f"present.{s}") for s in SECTIONS}.__getitem__,
        label_visibility="collapsed",
    )
    SECTIONS[chosen or "levels"]()
else:
    for name, render in SECTIONS.items():
        if name == "meeting":
            st.divider()
        render()
st.caption(tr("overview.source", source=pledge["source_document"]))
