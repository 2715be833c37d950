"""Rapportera: an editor reports their actor's figures — one at a time, a whole list in a grid, or a file."""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from indicators.base.config import settings
from indicators.base.formatting import date, figure
from indicators.io import importer
from indicators.read import queries
from indicators.render.tables import period_label, reported_label
from indicators.rules.periods import PeriodError, parse_period
from indicators.rules.units import unit
from indicators.rules.validation import validate_figure
from indicators.storage import store
from indicators.storage.store import ConflictError
from indicators.views import review
from ui.auth import guard
from ui.common import db_url, lang, plain, query, require_pledge, show_flash, tr, trn, write
from ui.filters import current_area, synced_select

who = guard(__file__)  # first thing: only editors report, and only for their own actor

pledge = require_pledge()
actors = query(queries.actors)
actor_name = dict(zip(actors["code"], actors["name"], strict=True)).get(who.actor_code, who.actor_code)
st.title(tr("report.page_title", actor=actor_name))
areas = query(queries.areas)
area_names = dict(zip(areas["code"], areas["name"], strict=True))
# The areas where the reporting schedule asks this actor for figures (a city-wide statistic: the city).
options = [a for a in query(queries.scheduled_areas, pledge["code"], who.actor_code or "") if a in area_names]
if not options:
    st.info(tr("report.no_indicators"))
    st.stop()
area_labels = {a: f"{area_names[a]} ({a})" for a in options}
default_area = current_area(pledge)
area = synced_select(tr("app.area"), options, "report_area", default_area if default_area in options else options[0],
                     area_labels.get, st)  # fmt: skip
today = dt.date.today()
due = query(queries.due_figures, pledge["code"], who.actor_code or "", area, today)  # an editor has an actor
if not len(due):
    st.info(tr("report.no_indicators"))
    st.stop()
name_col = "name_en" if lang() == "en" else "name_sv"
status_names = {"": tr("report.status_value"), "missing": tr("report.status_missing"),
                "suppressed": tr("report.status_suppressed"), "not_applicable": tr("report.status_na")}  # fmt: skip


returned = due[due["review_state"] == "returned"]
if len(returned):
    st.warning(trn("report.returned", len(returned), count=len(returned)), icon=":material/undo:")
    for r in returned.itertuples(index=False):
        st.markdown(f"- **{r.indicator_code}** {period_label(r.period, lang())}: {plain(r.review_comment)}")

st.subheader(tr("report.due"))
st.caption(tr("report.due_help"))
# To do (nothing reported yet, or returned with a comment), the most overdue first; what is done, folded away.
todo_mask = due["figure_id"].isna() | (due["review_state"] == "returned")
todo = due[todo_mask].sort_values(["due", "indicator_code"], kind="stable")


def due_table(rows: pd.DataFrame) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                tr("col.code"): rows["indicator_code"],
                tr("col.period"): [period_label(p, lang()) for p in rows["period"]],
                tr("report.reported"): [reported_label(r, lang()) for _, r in rows.iterrows()],
                tr("col.indicator"): rows[name_col],
                tr("col.due"): [date(d) for d in rows["due"]],
            }
        ),
        hide_index=True,
        width="stretch",
        height=min(36 * (len(rows) + 1) + 4, 420),
    )


st.markdown(f"**{trn('report.todo', len(todo), count=len(todo))}**")
if len(todo):
    due_table(todo)
else:
    st.success(tr("report.todo_none"))
with st.expander(trn("report.done", int((~todo_mask).sum()), count=int((~todo_mask).sum()))):
    due_table(due[~todo_mask])

one, grid, upload = st.tabs([tr("report.tab_one"), tr("report.tab_grid"), tr("report.tab_file")], key="rep_tab")

with one:
    codes = list(dict.fromkeys(due["indicator_code"]))
    names = {c: f"{c} – {due[due['indicator_code'] == c][name_col].iloc[0]}" for c in codes}
    first = str(todo["indicator_code"].iloc[0]) if len(todo) else codes[0]  # the form opens on the most overdue
    code = st.selectbox(tr("col.indicator"), codes, key="rep_indicator", format_func=names.__getitem__,
                        index=codes.index(first))  # fmt: skip
    mine = due[due["indicator_code"] == code]
    periods = list(mine["period"])
    period_names = {r["period"]: f"{period_label(r['period'], lang())} – {reported_label(r, lang())}"
                    for _, r in mine.iterrows()}  # fmt: skip
    n_saved = st.session_state.setdefault("rep_round", 0)  # a new round of keys: an empty form after each save
    last = st.session_state.get("rep_last_period") if st.session_state.get("rep_last_code") == code else None
    if last and last not in periods:  # reported since it was chosen (by someone else, too): it stays chosen
        periods.append(last)
        now = query(queries.current_figure, code, area, last)
        shown = pd.Series({"figure_id": now["id"] if now else None, "status_code": now and now["status_code"],
                           "value": now["value"] if now else None, "unit": mine["unit"].iloc[0],
                           "review_state": now and now["review_state"], "version": now and now["version"]})  # fmt: skip
        period_names[last] = f"{period_label(last, lang())} – {reported_label(shown, lang())}"
    open_periods = [p for p in todo[todo["indicator_code"] == code]["period"] if p in periods]
    oldest = open_periods[0] if open_periods else periods[0]  # the oldest still to do, else the newest
    period = st.selectbox(tr("col.period"), periods, key=f"rep_period_{n_saved}", format_func=period_names.__getitem__,
                          index=periods.index(last if last in periods else oldest))  # fmt: skip
    st.session_state["rep_last_period"], st.session_state["rep_last_code"] = period, code
    other = st.text_input(tr("report.other_period"), key="rep_other_period", help=tr("report.other_period_help"))
    if other.strip():
        try:
            period = parse_period(other.strip()).code
        except PeriodError as exc:
            st.error(f"{tr('col.period')}: {exc.text(lang())}")
            st.stop()
    current = query(queries.current_figure, code, area, period)
    seen_key = f"seen_{code}_{area}_{period}"
    if seen_key not in st.session_state:  # the version this user saw when they began: conflicts are caught
        st.session_state[seen_key] = int(current["version"]) if current else 0
    u = unit(str(mine["unit"].iloc[0]))
    labels = (query(queries.indicator, code) or {}).get("categories") if u.categorical else None
    if current:
        st.info(tr("report.current", version=current["version"], value=figure(current["value"], current["status_code"],
                   u.code, lang(), labels), state=tr("review." + current["review_state"]),
                   who=current["entered_by"]))  # fmt: skip
    with st.form(f"report_one_{n_saved}", clear_on_submit=False):
        value = st.text_input(tr("report.value", unit=u.label(lang())), key=f"rep_value_{n_saved}",
                              help=tr("report.value_help"))  # fmt: skip
        status = st.selectbox(
            tr("report.status"),
            ["", "missing", "suppressed", "not_applicable"],
            key=f"rep_status_{n_saved}",
            format_func=status_names.__getitem__,
        )
        n = st.text_input(tr("col.n"), key=f"rep_n_{n_saved}", disabled=not u.needs_n, help=tr("report.n_help"))
        note = st.text_area(tr("col.note"), key=f"rep_note_{n_saved}", max_chars=2000)
        evidence = st.text_input(tr("report.evidence"), key=f"rep_evidence_{n_saved}", placeholder="https://")
        source = st.text_input(tr("col.source"), key=f"rep_source_{n_saved}", value=who.actor_code or "")
        # A value far outside the indicator's history here is saved only once the editor has confirmed it.
        unusual_key = f"rep_unusual_{code}_{area}_{period}"
        flagged = st.session_state.get(unusual_key)  # (value, warning) of the last send, when it was unusual
        confirmed = False
        if flagged:
            st.warning(f"{flagged[1]}. {tr('report.unusual_help')}", icon=":material/warning:")
            confirmed = st.checkbox(tr("report.confirm_unusual"), key=f"rep_confirm_{n_saved}")
        send = st.form_submit_button(tr("report.submit"), type="primary")
    show_flash("one")  # the confirmation of the last save, next to the form
    fields = {"indicator": code, "area": area, "period": period, "value": value, "status": status, "n": n,
              "note": note, "evidence_url": evidence, "source": source}  # fmt: skip
    unusual = query(review.entry_warning, fields, lang()) if send else ""
    if unusual and not (confirmed and flagged and flagged[0] == value):
        st.session_state[unusual_key] = (value, unusual)  # not saved: the warning and the box to tick, in the form
        st.rerun()
    if send:
        st.session_state.pop(unusual_key, None)
        raw = fields

        def stored(version: int) -> None:
            st.session_state[seen_key] = version
            st.session_state["rep_round"] = n_saved + 1  # saved: an empty form, so nothing is sent twice by mistake
            st.session_state.pop("rep_other_period", None)
            st.session_state.pop("rep_last_period", None)  # ... on the next period still to do

        seen = st.session_state[seen_key]
        try:
            write(
                lambda s: (
                    store.submit_figure(
                        s, by=who, figure=validate_figure(raw, store.rules(s)), expected_version=seen
                    ).version
                ),
                lambda version: tr(  # the seen version back: it said the same, so the writer stored nothing
                    "report.unchanged" if version == seen else "report.saved",
                    code=code,
                    period=period_label(period, lang()),
                    version=version,
                ),
                "one",
                then=stored,
            )
        except ConflictError as exc:  # someone else saved this figure since the form was drawn
            st.session_state[seen_key] = int(exc.current["version"])
            st.warning(tr("report.conflict", who=exc.current["entered_by"], version=exc.current["version"],
                          value=figure(exc.current["value"], exc.current["status_code"], u.code, lang(),
                                       labels)))  # fmt: skip

with grid:
    show_flash("grid")
    st.caption(tr("report.grid_help"))
    table, based_on = importer.grid_rows(due, area, name_col)
    if not len(table):
        st.success(tr("report.all_done"))
    else:
        # The grid keeps typed values by row position, so its key names the rows it was opened with: when they
        # change (a colleague reported one, the steering group returned one), it is a new grid, and no value can
        # slide onto another figure's row.
        rows_id = hashlib.sha256(repr(sorted(based_on.items())).encode()).hexdigest()[:16]
        grid_key = f"rep_grid_{area}_{rows_id}"
        opened = st.session_state.get(f"rep_grid_open_{area}")
        if opened is not None and opened != grid_key and st.session_state.get(opened) not in (None, {}):
            st.warning(tr("report.grid_changed"), icon=":material/sync_problem:")
        st.session_state[f"rep_grid_open_{area}"] = grid_key
        edited = st.data_editor(
            table,
            key=grid_key,  # one area's rows, as they were when the grid was opened
            hide_index=True,
            width="stretch",
            disabled=["indicator", "name", "period"],
            column_config={
                "indicator": st.column_config.TextColumn(tr("col.code")),
                "name": st.column_config.TextColumn(tr("col.indicator")),
                "period": st.column_config.TextColumn(tr("col.period")),
                "value": st.column_config.TextColumn(tr("col.value")),
                "status": st.column_config.SelectboxColumn(
                    tr("report.status"),
                    options=["missing", "suppressed", "not_applicable"],
                    format_func=lambda s: status_names[str(s)],
                ),
                "n": st.column_config.TextColumn(tr("col.n")),
                "note": st.column_config.TextColumn(tr("col.note")),
            },
        )
        if st.button(tr("report.submit_grid"), key="rep_grid_submit", type="primary"):
            frame = importer.grid_frame(edited.drop(columns=["name"]), area)
            if not len(frame):
                st.error(tr("report.grid_empty"))
            else:
                checked = importer.check_in(db_url(), frame, who)
                if checked.errors:
                    st.error(tr("report.grid_invalid"))
                    st.dataframe(checked.preview(lang()), hide_index=True, width="stretch")
                else:
                    write(
                        lambda s: importer.commit(s, who, checked.figures, "rutnät", based_on=based_on),
                        lambda count: trn("report.stored", count, count=count),
                        "grid",
                    )

with upload:
    show_flash("file")
    st.markdown(tr("report.file_help"))
    template = importer.template_rows(due[due["figure_id"].isna()])
    left, right = st.columns(2)
    left.download_button(tr("report.template_csv"), importer.template_csv(template),
                         file_name=f"mall-{who.actor_code}-{area}.csv", mime="text/csv", key="tpl_csv",
                         on_click="ignore")  # fmt: skip
    names_all = dict(zip(due["indicator_code"], due[name_col], strict=True))
    right.download_button(
        tr("report.template_xlsx"), importer.template_xlsx(template, names_all),
        file_name=f"mall-{who.actor_code}-{area}.xlsx", key="tpl_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
    )  # fmt: skip
    round_ = st.session_state.setdefault("rep_file_round", 0)  # a new key empties the uploader after a commit
    # The uploader refuses a larger file itself, in its own (English) words: the limit is said here, in Swedish.
    st.caption(tr("report.upload_limit", max=settings().max_upload_mb))
    file = st.file_uploader(tr("report.upload"), type=["csv", "xlsx", "txt"], key=f"rep_file_{round_}")
    if file is not None:
        # Read and checked once per uploaded file (not on every rerun of the page); what the rows were based on is
        # kept with it, so a commit after someone else saved one of them is refused.
        cached = st.session_state.get("rep_file_checked")
        if cached is None or cached[0] != (file.file_id, area):
            try:
                frame = importer.read_table(file.getvalue(), file.name)
            except importer.FileProblem as exc:
                st.error(tr("report.file_problem", name=plain(file.name), problem=plain(exc.text(lang()))))
                st.stop()
            cached = ((file.file_id, area), frame, importer.check_in(db_url(), frame, who))
            st.session_state["rep_file_checked"] = cached
        _, frame, checked = cached
        preview = checked.preview(lang())
        if checked.errors:
            st.error(
                trn("report.file_invalid", len(frame), rows=len({e.line for e in checked.errors}), total=len(frame))
            )
            st.dataframe(preview[preview[checked.problem_column(lang())] != ""], hide_index=True, width="stretch")
        elif not checked.figures:
            st.error(tr("report.file_empty"))
        else:
            kinds = checked.counts()  # new, unchanged (the writer skips them), corrections
            to_store = kinds[importer.NEW] + kinds[importer.CORRECTION]
            st.success(f"{trn('report.file_ok', len(checked.figures), count=len(checked.figures))} "
                       f"{tr('report.file_kinds', **kinds)}")  # fmt: skip
            if checked.skipped:
                st.caption(trn("report.file_skipped", checked.skipped, count=checked.skipped))
            st.dataframe(preview, hide_index=True, width="stretch", height=300)
            if not to_store:
                st.info(tr("report.file_nothing_new"))
            elif st.button(trn("report.commit", to_store, count=to_store), key="rep_commit", type="primary"):
                bar = st.progress(0.0, text=tr("report.saving"))
                name = file.name

                def show_progress(share: float) -> None:
                    bar.progress(share)

                def recheck() -> None:
                    bar.empty()
                    st.session_state.pop("rep_file_checked", None)  # checked again against what is stored now
                    st.button(tr("report.recheck"), key="rep_recheck")
                    st.stop()

                write(
                    lambda s: importer.commit(s, who, checked.figures, name, progress=show_progress,
                                              based_on=checked.based_on),
                    lambda count: trn("report.stored", count, count=count),
                    "file",
                    then=lambda _: st.session_state.update(rep_file_round=round_ + 1),
                    refused=recheck,
                )  # fmt: skip
