"""Granska's queue, as a person works through it: newest first, filtered by actor, indicator, area, period and
level, each figure beside its previous period and the same period a year before, with the plausibility rule's
warning (:mod:`indicators.rules.plausibility`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from indicators.base.formatting import date, figure
from indicators.base.i18n import t
from indicators.read import queries
from indicators.render.tables import period_label
from indicators.rules import plausibility
from indicators.rules.periods import parse_period
from indicators.rules.validation import ValidationError, validate_figure
from indicators.storage import store

#: The filters of the queue, in the order the page shows them.
FILTERS = ("actor", "indicator", "area", "period", "level")


@dataclass(frozen=True)
class Queue:
    """The whole queue (for the filters' choices) and the rows shown, labelled; ``ids`` in the shown order."""

    everything: pd.DataFrame
    table: pd.DataFrame
    ids: list[int]
    unusual: int


def _year_before(period: str) -> str:
    """The same period a year earlier (2026-Q3 → 2025-Q3, 2026-09 → 2025-09, 2026 → 2025)."""
    return re.sub(r"^\d{4}", lambda m: str(int(m.group()) - 1), period, count=1)


def warning(value: float | None, history: list[float], unit: str, lang: str) -> str:
    """The plausibility rule's warning for a value, in words ("" when it is usual, or too little history): the
    range its history makes usual (never below 0 for a history that never was)."""
    odd = plausibility.check(value, history)
    if odd is None:
        return ""
    low = max(odd.low, 0.0) if min(history) >= 0 else odd.low
    return t("plausibility.unusual", lang, low=figure(low, None, unit, lang), high=figure(odd.high, None, unit, lang))


def entry_warning(session: Session, raw: dict[str, str], lang: str) -> str:
    """The plausibility warning for a figure being entered (the form's fields, ``raw``), as the review queue shows
    it: "" when it is usual, a category, or not valid at all (the save says why)."""
    rules = store.rules(session)
    try:
        clean = validate_figure(raw, rules)
    except ValidationError:
        return ""
    ind = rules.indicators[clean.indicator_code]
    if ind.unit == "category" or clean.value is None:
        return ""
    [history] = earlier_values(session, [(clean.indicator_code, clean.area_code, clean.period)])
    return warning(clean.value, history, ind.unit, lang)


def _before(history: list[tuple[str, float]], period: str) -> list[tuple[str, float]]:
    """The part of a history (:func:`indicators.read.queries.histories`) before ``period`` began."""
    start = parse_period(period).start
    return [(p, v) for p, v in history if parse_period(p).start < start]


def earlier_values(session: Session, keys: list[tuple[str, str, str]]) -> list[list[float]]:
    """For each (indicator, area, period), the values of the indicator in the area before that period, oldest first:
    what the plausibility rule compares a value for that period with."""
    history = queries.histories(session, list(dict.fromkeys((code, area) for code, area, _ in keys)))
    return [[v for _, v in _before(history[(code, area)], period)] for code, area, period in keys]


def queue(session: Session, lang: str, chosen: dict[str, str] | None = None) -> Queue:
    """The submitted figures waiting for review, newest first, narrowed by ``chosen`` (filter → value; "" for
    all), each with the previous period's value, the same period last year and, when the value lies far outside
    its own history, the usual range to check it against."""
    chosen = {k: v for k, v in (chosen or {}).items() if v}
    everything = queries.figures_in_review(session, ("submitted",))
    rows = everything.iloc[::-1]  # newest first
    columns = {"actor": "actor_code", "indicator": "indicator_code", "area": "area_code", "period": "period",
               "level": "level"}  # fmt: skip
    for key, value in chosen.items():
        rows = rows[rows[columns[key]] == value]
    keys = list(dict.fromkeys(zip(rows["indicator_code"], rows["area_code"], strict=True)))
    history = queries.histories(session, keys)
    labels = {c: (queries.indicator(session, c) or {}).get("categories")
              for c in sorted(set(rows[rows["unit"] == "category"]["indicator_code"]))}  # fmt: skip
    areas = queries.areas(session)
    area_names = dict(zip(areas["code"], areas["name"], strict=True))
    previous, last_year, warnings = [], [], []
    for r in rows.itertuples(index=False):
        before = _before(history[(r.indicator_code, r.area_code)], r.period)
        by_period = dict(before)
        cats = labels.get(r.indicator_code)
        previous.append(f"{figure(before[-1][1], None, r.unit, lang, cats)} ({period_label(before[-1][0], lang)})"
                        if before else "–")  # fmt: skip
        year = by_period.get(_year_before(r.period))
        last_year.append(figure(year, None, r.unit, lang, cats) if year is not None else "–")
        number = None if pd.isna(r.value) else float(r.value)
        warnings.append("" if r.unit == "category" else warning(number, [v for _, v in before], str(r.unit), lang))
    name = "name_en" if lang == "en" else "name_sv"
    table = pd.DataFrame({
        "choose": False,
        "figure_id": rows["figure_id"].to_numpy(),
        t("col.code", lang): rows["indicator_code"].to_numpy(),
        t("col.indicator", lang): rows[name].to_numpy(),
        t("col.area", lang): [area_names.get(a, a) for a in rows["area_code"]],
        t("col.period", lang): [period_label(p, lang) for p in rows["period"]],
        t("col.value", lang): [figure(None if pd.isna(v) else float(v), s if isinstance(s, str) else None, u, lang,
                                      labels.get(c))
                               for v, s, u, c in zip(rows["value"], rows["status_code"], rows["unit"],
                                                     rows["indicator_code"], strict=True)],
        t("review.previous", lang): previous,
        t("review.last_year", lang): last_year,
        t("review.plausibility", lang): warnings,
        t("col.version", lang): rows["version"].to_numpy(),
        t("col.note", lang): rows["note"].to_numpy(),
        t("col.entered_by", lang): rows["entered_by"].to_numpy(),
        t("col.entered_at", lang): [date(x) for x in rows["entered_at"]],
    })  # fmt: skip
    return Queue(everything, table, [int(i) for i in rows["figure_id"]], sum(bool(w) for w in warnings))
