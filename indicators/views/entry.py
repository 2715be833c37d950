"""Rapportera's work list: every figure the reporting schedule asks of an editor's actor, in every area it asks
for them, split into what is still to do (nothing reported yet, or returned by the steering group; the most overdue
first) and what is done; the choice the one-figure form opens on, and the grid of one period's open figures in all
areas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlmodel import Session

from indicators.base.formatting import figure
from indicators.base.i18n import t
from indicators.read import queries
from indicators.render.tables import period_label, reported_label
from indicators.rules.periods import parse_period

#: A figure's key: indicator, area, period.
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Worklist:
    """The due figures (:func:`indicators.read.queries.due_figures`' columns) of every area the schedule asks of the
    actor, by indicator and area, newest period first."""

    rows: pd.DataFrame

    @property
    def open(self) -> pd.Series:
        """Which rows are still to do: nothing reported, or returned with a comment."""
        return self.rows["figure_id"].isna() | (self.rows["review_state"] == "returned")

    @property
    def todo(self) -> pd.DataFrame:
        """What is still to do, the most overdue first."""
        return self.rows[self.open].sort_values(["due", "indicator_code", "area_code"], kind="stable")

    @property
    def done(self) -> pd.DataFrame:
        """What is reported (and not returned), as the schedule lists it."""
        return self.rows[~self.open]

    @property
    def returned(self) -> pd.DataFrame:
        """What the steering group sent back, with its comment."""
        return self.rows[self.rows["review_state"] == "returned"]

    def has(self, key: Key) -> bool:
        """Whether the figure ``key`` is listed."""
        code, area, period = key
        rows = self.rows
        return bool(((rows["indicator_code"] == code) & (rows["area_code"] == area) & (rows["period"] == period)).any())

    def indicators(self) -> list[str]:
        """The indicators the actor reports, in the catalogue's order."""
        return list(dict.fromkeys(self.rows["indicator_code"]))

    def areas(self, code: str) -> list[str]:
        """The areas the schedule asks for ``code`` in."""
        return list(dict.fromkeys(self.rows[self.rows["indicator_code"] == code]["area_code"]))

    def first(self, code: str | None = None, area: str | None = None) -> Key:
        """Where the form opens: the most overdue figure still to do (of ``code`` in ``area``, when given); with
        nothing left to do there, the newest period."""
        rows, todo = self.rows, self.todo
        if code is not None:
            rows, todo = rows[rows["indicator_code"] == code], todo[todo["indicator_code"] == code]
        if area is not None:
            rows, todo = rows[rows["area_code"] == area], todo[todo["area_code"] == area]
        pick = todo.iloc[0] if len(todo) else rows.iloc[0]
        return str(pick["indicator_code"]), str(pick["area_code"]), str(pick["period"])

    def periods(self, code: str, area: str, lang: str) -> dict[str, str]:
        """The periods the form offers for ``code`` in ``area``, newest first, each labelled with what is reported
        ("2026 kv. 3 – 12 · Inskickad (v1)", or that nothing is, and whether it is late)."""
        rows = self.rows[(self.rows["indicator_code"] == code) & (self.rows["area_code"] == area)]
        return {str(r["period"]): f"{period_label(r['period'], lang)} – {reported_label(r, lang)}"
                for _, r in rows.iterrows()}  # fmt: skip

    def grid_periods(self, lang: str) -> dict[str, str]:
        """The periods with figures still to do, the most overdue first, labelled with how many are open."""
        todo = self.todo
        counts = todo.groupby("period", sort=False).size()
        return {str(p): f"{period_label(p, lang)} ({int(n)})" for p, n in counts.items()}

    def grid(self, period: str, lang: str) -> tuple[pd.DataFrame, dict[Key, int]]:
        """What the reporting grid opens with for ``period``: its open figures in every area, blank to type in, and
        the version each was based on (0: none yet), so a row someone else saves meanwhile is a conflict, as in the
        one-figure form."""
        rows = self.todo[self.todo["period"] == period].sort_values(["indicator_code", "area_code"], kind="stable")
        name = "name_en" if lang == "en" else "name_sv"
        table = pd.DataFrame({"indicator": rows["indicator_code"], "name": rows[name], "area": rows["area_code"],
                              "period": rows["period"], "value": "", "status": None, "n": "", "note": ""}
                             ).reset_index(drop=True)  # fmt: skip
        based_on = {(r.indicator_code, r.area_code, r.period): 0 if pd.isna(r.version) else int(r.version)
                    for r in rows.itertuples(index=False)}  # fmt: skip
        return table, based_on


def worklist(session: Session, pledge_code: str, actor_code: str, today: dt.date, keep: Key | None = None) -> Worklist:
    """The actor's work list in the pledge on ``today``. ``keep`` (the figure the form has chosen) stays listed when
    it has been reported since and so left the list (an old overdue period, now done), labelled as it now is."""
    areas = queries.scheduled_areas(session, pledge_code, actor_code)
    rows = queries.due_figures(session, pledge_code, actor_code, areas, today)
    if keep is not None and len(rows):
        code, area, period = keep
        listed = rows[(rows["indicator_code"] == code) & (rows["area_code"] == area)]
        now = queries.current_figure(session, code, area, period) if len(listed) else None
        if now is not None and period not in set(listed["period"]):
            row = listed.iloc[0].copy()
            row[["period", "period_start", "state"]] = [period, parse_period(period).start, "reported"]
            row[["figure_id", "version", "value", "status_code", "review_state", "review_comment", "entered_by"]] = [
                now["id"], now["version"], now["value"], now["status_code"], now["review_state"],
                now["review_comment"], now["entered_by"]]  # fmt: skip
            rows = pd.concat([rows, row.to_frame().T], ignore_index=True)
    return Worklist(rows)


#: A status as the report form names it (its choices and its sentence on what is reported now).
STATUS_NAMES = {"missing": "report.status_missing", "suppressed": "report.status_suppressed",
                "not_applicable": "report.status_na"}  # fmt: skip


def reported_now(current: dict[str, Any], unit_code: str, lang: str, categories: dict[str, str] | None) -> str:
    """What the one-figure form says is reported for its figure now, in words: a status by its name ("uppgift
    saknas (–)"), never its symbol in a sentence (".. (Publicerad)"); a value as tables show it."""
    status = current["status_code"]
    if status in STATUS_NAMES:
        named = t(STATUS_NAMES[status], lang)
        shown = named[:1].lower() + named[1:]
    else:
        shown = figure(current["value"], status, unit_code, lang, categories)
    return t("report.current", lang, version=current["version"], value=shown,
             state=t("review." + current["review_state"], lang).lower(), who=current["entered_by"])  # fmt: skip
