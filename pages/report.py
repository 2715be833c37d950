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
from indicators.views import entry, review
from ui.auth import guard
from ui.common import db_url, lang, plain, query, require_pledge, show_flash, tr, trn, typed_in, write

who = guard(__file__)  # first thing: only editors report, and only for their own actor

pledge = require_pledge()
actors = query(queries.actors)
actor_name = dict(zip(actors["code"], actors["name"], strict=True)).get(who.actor_code, who.actor_code)
st.title(tr("report.page_title", actor=actor_name))
areas = query(queries.areas)
area_names = dict(zip(areas["code"], areas["name"], strict=True))
today = dt.date.today()
# The figure the form has chosen stays listed once reported (by someone else, too), as it now is.
kept = st.session_state.get("rep_last")
work = query(entry.worklist, pledge["code"], who.actor_code or "", today)  # an editor has an actor
if kept and not work.has(kept):
    work = query(entry.worklist, pledge["code"], who.actor_code or "", today, kept)
due = work.rows
if not len(due):
    st.info(tr("report.no_indicators"))
    st.stop()
name_col = "name_en" if lang() == "en" else "name_sv"
status_names = {"": tr("report.status_value"), "missing": tr("report.status_missing"),
                "suppressed": tr("report.status_suppressed"), "not_applicable": tr("report.status_na")}  # fmt: skip

returned = work.returned
if len(returned):
    st.warning(trn("report.returned", len(returned), count=len(returned)), icon=":material/undo:")
    for r in returned.itertuples(index=False):
        st.markdown(f"- **{r.indicator_code}** {plain(area_names.get(r.area_code, r.area_code))}, "
                    f"{period_label(r.period, lang())}: {plain(r.review_comment)}")  # fmt: skip

st.subheader(tr("report.due"))
st.caption(tr("report.due_help"))


def due_table(rows: pd.DataFrame) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                tr("col.code"): rows["indicator_code"],
                tr("col.area"): [area_names.get(a, a) for a in rows["area_code"]],
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


todo, done = work.todo, work.done
st.markdown(f"**{trn('report.todo', len(todo), count=len(todo))}**")
if len(todo):
    due_table(todo)
else:
    st.success(tr("report.todo_none"))
with st.expander(trn("report.done", len(done), count=len(done))):
    due_table(done)

one, grid, upload = st.tabs([tr("report.tab_one"), tr("report.tab_grid"), tr("report.tab_file")], key="rep_tab")

with one:
    codes = work.indicators()
    names = {c: f"{c} – {due[due['indicator_code'] == c][name_col].iloc[0]}" for c in codes}
    first_code, _, _ = work.first()  # the form opens on the most overdue figure
    code = st.selectbox(tr("col.indicator"), codes, key="rep_indicator", format_func=names.__getitem__,
                        index=codes.index(first_code))  # fmt: skip
    n_saved = st.session_state.setdefault("rep_round", 0)  # a new round of keys: an empty form after each save
    last = kept if kept and kept[0] == code else None
    code_areas = work.areas(code)
    _, first_area, _ = work.first(code)
    area_label = {a: area_names.get(a, a) for a in code_areas}
    area = st.selectbox(tr("app.area"), code_areas, key=f"rep_area_{code}", format_func=area_label.__getitem__,
                        index=code_areas.index(last[1] if last and last[1] in code_areas else first_area))  # fmt: skip
    period_names = work.periods(code, area, lang())
    periods = list(period_names)
    _, _, oldest = work.first(code, area)  # the oldest still to do there, else the newest
    period = st.selectbox(tr("col.period"), periods, key=f"rep_period_{n_saved}", format_func=period_names.__getitem__,
                          index=periods.index(last[2] if last and last[1] == area and last[2] in periods
                                              else oldest))  # fmt: skip
    st.session_state["rep_last"] = (code, area, period)
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
    u = unit(str(due[due["indicator_code"] == code]["unit"].iloc[0]))
    labels = (query(queries.indicator, code) or {}).get("categories") if u.categorical else None
    if current:
        st.info(entry.reported_now(current, u.code, lang(), labels))
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
            typed_value = tr("report.unusual_value", value=plain(flagged[0]))
            st.warning(f"{typed_value} {flagged[1]}. {tr('report.unusual_help')}", icon=":material/warning:")
            # The box confirms this value only: a value changed after ticking it is asked about afresh.
            seen_value = hashlib.sha256(flagged[0].encode()).hexdigest()[:12]
            confirmed = st.checkbox(tr("report.confirm_unusual"), key=f"rep_confirm_{n_saved}_{seen_value}")
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
            st.session_state.pop("rep_last", None)  # ... on the next figure still to do

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
                    code=f"{code} {area_names.get(area, area)}",
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
    grid_periods = work.grid_periods(lang())
    if not grid_periods:
        st.success(tr("report.all_done"))
    else:
        # One period's open figures in every area the actor reports, the most overdue period first.
        grid_period = st.selectbox(tr("report.grid_period"), list(grid_periods), key="rep_grid_period",
                                   format_func=grid_periods.__getitem__)  # fmt: skip
        table, based_on = work.grid(grid_period, lang())
        grid_label = period_label(grid_period, lang())
        # The grid keeps typed values by row position, so its key names the rows it was opened with: when they
        # change (a colleague reported one, the steering group returned one), it is a new grid, and no value can
        # slide onto another figure's row.
        rows_id = hashlib.sha256(repr(sorted(based_on.items())).encode()).hexdigest()[:16]
        grid_key = f"rep_grid_{grid_period}_{rows_id}"
        opened = st.session_state.get(f"rep_grid_open_{grid_period}")
        if opened is not None and opened != grid_key and typed_in(st.session_state.get(opened)):
            st.warning(tr("report.grid_changed"), icon=":material/sync_problem:")
        st.session_state[f"rep_grid_open_{grid_period}"] = grid_key
        grid_areas = {a: area_names.get(a, a) for a in table["area"]}
        edited = st.data_editor(
            table.assign(status=""),  # "": a value is typed (the status list's first choice, said in words)
            key=grid_key,  # the period's rows, as they were when the grid was opened
            hide_index=True,
            width="stretch",
            disabled=["indicator", "name", "area", "period"],
            placeholder="",  # an empty cell is empty (Streamlit's own placeholder is the English "None")
            column_config={
                "indicator": st.column_config.TextColumn(tr("col.code"), width="small"),
                "name": st.column_config.TextColumn(tr("col.indicator"), width="medium"),
                "area": st.column_config.SelectboxColumn(tr("col.area"), options=list(grid_areas), width="medium",
                                                         format_func=lambda a: grid_areas[str(a)]),
                "period": st.column_config.SelectboxColumn(tr("col.period"), options=[grid_period],
                                                           format_func=lambda _: grid_label),
                "value": st.column_config.TextColumn(tr("col.value")),
                "status": st.column_config.SelectboxColumn(
                    tr("report.status"), options=list(status_names), format_func=lambda v: status_names[str(v)],
                    required=True,
                ),
                "n": st.column_config.TextColumn(tr("col.n")),
                "note": st.column_config.TextColumn(tr("col.note")),
            },
        )  # fmt: skip
        frame = importer.grid_frame(edited.drop(columns=["name"]))
        # Values far outside their history are stored once the editor has confirmed these very values.
        typed = hashlib.sha256(frame.to_csv().encode()).hexdigest()
        flagged = st.session_state.get("rep_grid_unusual")
        confirmed = False
        if flagged and flagged[0] == typed:
            st.warning(f"{trn('report.unusual_rows', len(flagged[1]), count=len(flagged[1]))} "
                       f"{tr('report.unusual_rows_help')}", icon=":material/warning:")  # fmt: skip
            st.dataframe(pd.DataFrame(flagged[1], columns=[tr("report.col_row"), tr("review.plausibility")]),
                         hide_index=True)  # fmt: skip
            confirmed = st.checkbox(tr("report.confirm_unusual_rows"), key=f"rep_grid_confirm_{typed[:12]}")
        if st.button(tr("report.submit_grid"), key="rep_grid_submit", type="primary"):
            if not len(frame):
                st.error(tr("report.grid_empty"))
            else:
                checked = importer.check_in(db_url(), frame, who)
                odd = checked.warnings(lang())
                if checked.errors:
                    st.error(tr("report.grid_invalid"))
                    st.dataframe(checked.preview(lang()), hide_index=True, width="stretch")
                elif odd and not confirmed:
                    st.session_state["rep_grid_unusual"] = (typed, sorted(odd.items()))
                    st.rerun()  # nothing saved: the warnings and the box to tick, above the button
                else:
                    st.session_state.pop("rep_grid_unusual", None)
                    write(
                        lambda s: importer.commit(s, who, checked.figures, "rutnät", based_on=based_on),
                        lambda count: trn("report.stored", count, count=count),
                        "grid",  # saved: the rows leave the list, and that is no change by someone else
                        then=lambda _: st.session_state.pop(f"rep_grid_open_{grid_period}", None),
                    )

with upload:
    show_flash("file")
    st.markdown(tr("report.file_help"))
    template = importer.template_rows(todo[todo["figure_id"].isna()])  # every area's figures not yet reported
    left, right = st.columns(2)
    left.download_button(tr("report.template_csv"), importer.template_csv(template),
                         file_name=f"mall-{who.actor_code}.csv", mime="text/csv", key="tpl_csv",
                         on_click="ignore")  # fmt: skip
    names_all = dict(zip(due["indicator_code"], due[name_col], strict=True))
    right.download_button(
        tr("report.template_xlsx"), importer.template_xlsx(template, names_all),
        file_name=f"mall-{who.actor_code}.xlsx", key="tpl_xlsx",
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
        if cached is None or cached[0] != file.file_id:
            try:
                frame = importer.read_table(file.getvalue(), file.name)
            except importer.FileProblem as exc:
                st.error(tr("report.file_problem", name=plain(file.name), problem=plain(exc.text(lang()))))
                st.stop()
            cached = (file.file_id, frame, importer.check_in(db_url(), frame, who))
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
            # Values far outside their history (the column "Rimlighet") are stored once the editor confirms them.
            odd = checked.warnings(lang())
            if odd:
                st.warning(f"{trn('report.unusual_rows', len(odd), count=len(odd))} "
                           f"{tr('report.unusual_rows_help')}", icon=":material/warning:")  # fmt: skip
            # The box confirms this file's warnings only: another file (or another check of it) asks afresh.
            asked = hashlib.sha256(repr((file.file_id, sorted(odd.items()))).encode()).hexdigest()[:12]
            confirmed = not odd or st.checkbox(tr("report.confirm_unusual_rows"), key=f"rep_file_ok_{asked}")
            if not to_store:
                st.info(tr("report.file_nothing_new"))
            elif st.button(trn("report.commit", to_store, count=to_store), key="rep_commit", type="primary",
                           disabled=not confirmed):  # fmt: skip
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
