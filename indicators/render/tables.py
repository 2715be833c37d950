"""Display tables for pages and reports: labelled in the user's language, values in Swedish formats and symbols."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from typing import Any

import pandas as pd

from indicators.base.formatting import change as change_text
from indicators.base.formatting import date, figure, number
from indicators.base.formatting import interval as interval_text
from indicators.base.i18n import N_, t
from indicators.rules.periods import PeriodKind, parse_period, period_containing
from indicators.rules.status import COMMITMENT_SYMBOLS, SYMBOLS, IndicatorStatus
from indicators.rules.uncertainty import wilson
from indicators.rules.units import unit


def status_label(status: str, lang: str) -> str:
    """A status as symbol and word (never colour alone)."""
    return f"{SYMBOLS[IndicatorStatus(status)]} {t(f'status.{status}', lang)}"


def commitment_label(state: str | None, lang: str) -> str:
    """A commitment's own status as symbol and word; no report (None, or a frame's missing value) is its own word."""
    if not isinstance(state, str) or not state:
        return f"– {t('rollup.not_reported', lang)}"
    return f"{COMMITMENT_SYMBOLS.get(state, '–')} {t(f'commitment_state.{state}', lang)}"


def period_label(code: object, lang: str) -> str:
    """A period as the tables name it ("apr 2022", not "2022-04"); "–" for none, and a code the store holds but no
    longer reads shown as written rather than failing the page."""
    if not isinstance(code, str) or not code:
        return "–"
    try:
        return parse_period(code).label(lang, short=True)
    except ValueError:
        return code


def reported_label(row: pd.Series, lang: str) -> str:
    """What is reported for a due figure: `12 · Inskickad (preliminär) (v1)`, or that nothing is (and whether it is
    past its deadline)."""
    if pd.isna(row["figure_id"]):
        return t("report.overdue" if row.get("state") == "overdue" else "report.not_reported", lang)
    code = row["status_code"] if isinstance(row["status_code"], str) else None
    shown = figure(None if pd.isna(row["value"]) else float(row["value"]), code, row["unit"], lang)
    return f"{shown} · {t('review.' + row['review_state'], lang)} (v{int(row['version'])})"


def latest_table(
    assessed: pd.DataFrame, lang: str, areas: dict[str, str] | None = None, shown_area: str | None = None
) -> pd.DataFrame:
    """One row per indicator: name, period, value, change since the previous period, target, status, link; with
    ``areas`` and ``shown_area``, where a figure is from when that is another area than the one shown (a region's
    survey, a city's statistics: :func:`indicators.read.queries.reported_where`)."""
    name = "name_en" if lang == "en" else "name_sv"
    rows = []
    for r in assessed.itertuples(index=False):
        value = None if pd.isna(r.value) else float(r.value)
        previous = None if pd.isna(r.previous_value) else float(r.previous_value)
        categorical = unit(r.unit).categorical
        change = value - previous if value is not None and previous is not None and not categorical else None
        categories = getattr(r, "categories", None)
        shown = figure(value, r.status_code if isinstance(r.status_code, str) else None, r.unit, lang,
                       categories if isinstance(categories, dict) else None)  # fmt: skip
        if isinstance(r.source, str) and r.source == "demo":
            shown += f" ({t('demo.label', lang).lower()})"
        if isinstance(r.review_state, str) and r.review_state in ("submitted", "returned"):
            shown += " *"  # not final: waiting for review, or sent back to be corrected
        row = {
            t("col.code", lang): r.code,
            t("col.indicator", lang): getattr(r, name),
            t("col.level", lang): t(f"level_short.{r.level}", lang),
            t("col.period", lang): period_label(r.period, lang),
            t("col.value", lang): shown,
            t("col.change", lang): "" if change is None else change_text(change, r.unit, lang),
            t("col.target", lang): number(None if pd.isna(r.target_value) else r.target_value, lang),
            t("col.status", lang): status_label(r.status, lang),
            t("col.link", lang): f"indikator?code={r.code}",
        }
        if areas is not None:
            here = str(getattr(r, "area_code", shown_area))
            row[t("col.reported_for", lang)] = "" if here == shown_area else areas.get(here, here)
        rows.append(row)
    return pd.DataFrame(rows)


def history_table(
    history: pd.DataFrame, unit: str, lang: str, categories: dict[str, str] | None = None
) -> pd.DataFrame:
    """Every version of every figure of an indicator, labelled (a category indicator's codes by their labels)."""
    if not len(history):
        return pd.DataFrame()
    return pd.DataFrame(
        {
            t("col.area", lang): history["area_name"],
            t("col.period", lang): [period_label(p, lang) for p in history["period"]],
            t("col.version", lang): history["version"],
            t("col.value", lang): [
                figure(None if pd.isna(v) else v, s if isinstance(s, str) else None, unit, lang, categories)
                for v, s in zip(history["value"], history["status_code"], strict=True)
            ],
            t("col.n", lang): [number(n, lang) if not pd.isna(n) else "" for n in history["n"]],
            t("col.source", lang): [f"{s} ({t('demo.label', lang)})" if s == "demo" else s for s in history["source"]],
            t("col.note", lang): history["note"],
            t("col.review", lang): [t(f"review.{s}", lang) for s in history["review_state"]],
            t("col.entered_by", lang): history["entered_by"],
            t("col.entered_at", lang): [str(x)[:16] for x in history["entered_at"]],
        }
    )


def public_items(assessed: pd.DataFrame, lang: str) -> list[dict[str, str]]:
    """The public's view of the latest figures (from :func:`indicators.read.published.latest`, assessed), one item per
    indicator, short enough for a phone: name, value with period (and the demo label), change since the period
    before, status against the target in symbol and word."""
    name = "name_en" if lang == "en" else "name_sv"
    items = []
    for r in assessed.itertuples(index=False):
        value = None if pd.isna(r.value) else float(r.value)
        previous = None if pd.isna(r.previous_value) else float(r.previous_value)
        shown = value_with_unit(value, r.status_code, r.unit, lang, r.categories)
        details = [period_label(r.period, lang)]
        elsewhere = getattr(r, "elsewhere", "")
        if isinstance(elsewhere, str) and elsewhere:  # reported for a bigger area (a region, the city) only
            details.append(elsewhere)
        if isinstance(r.source, str) and r.source == "demo":
            details.append(t("demo.label", lang).lower())
        change = ""
        if value is not None and previous is not None and not unit(r.unit).categorical:
            diff = change_text(value - previous, r.unit, lang)
            # in the unit's own words, as the value beside it: "+3,0 procentenheter", "−15,2 timmar", "+1 person"
            step = " " + t("public.points", lang) if unit(r.unit).percent else unit(r.unit).suffix(
                lang, one=diff.lstrip("+−") == "1"
            )  # fmt: skip
            change = t("public.change", lang, diff=diff + step, period=period_label(r.previous_period, lang))
        hidden = isinstance(r.status_code, str) and r.status_code in ("small", "suppressed")
        items.append(
            {
                "name": f"{r.code} – {getattr(r, name)}",
                "value": f"{shown} ({', '.join(details)})",
                "change": change,
                "status": t("public.protected", lang) if hidden else status_label(r.status, lang),
            }
        )
    return items


#: Why the public does not see a number, by the symbol it sees (never by the rule that hid it).
HIDDEN_REASON = {"small": N_("disclosure.small"), "suppressed": N_("disclosure.protected")}


def public_series_table(series: pd.DataFrame, ind: dict[str, object], lang: str) -> pd.DataFrame:
    """Published figures of one indicator as the public sees them (the trend chart's table equivalent): every
    period, hidden values as their symbol with the reason, n and the 95 % interval for survey shares."""
    survey = unit(str(ind["unit"])).needs_n
    categories = ind.get("categories") if unit(str(ind["unit"])).categorical else None
    labels = {str(k): str(v) for k, v in categories.items()} if isinstance(categories, dict) else None
    rows = []
    for r in series.itertuples(index=False):
        value = None if pd.isna(r.value) else float(r.value)
        n = None if pd.isna(r.n) else int(r.n)
        interval = ""
        if survey and value is not None and n and r.status_code not in HIDDEN_REASON:
            low, high = wilson(value, n)
            interval = interval_text(low, high, str(ind["unit"]), lang)
        demo = r.source == "demo"
        rows.append(
            {
                t("col.area", lang): r.area_name,
                t("col.period", lang): period_label(r.period, lang),
                t("col.value", lang): figure(  # a category by its label ("riskområde"), as the chart's axis
                    value, r.status_code if isinstance(r.status_code, str) else None, str(ind["unit"]), lang, labels
                ),
                t("public.why_hidden", lang): t(HIDDEN_REASON[r.status_code], lang)
                if r.status_code in HIDDEN_REASON
                else "",
                t("col.n", lang): number(n, lang),
                t("trends.interval", lang): interval,
                t("col.source", lang): t("demo.label", lang) if demo else r.source,
            }
        )
    return pd.DataFrame(rows)


#: Swedish alphabetical order for names: å, ä, ö after z, in that order (they sort as the three characters after z);
#: æ with ä, ø with ö and ü with y, as Swedish dictionaries have them.
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})


def swedish_order(name: str) -> str:
    """A name's key for Swedish alphabetical order (Västra before Öster, Å before Ä; an é is an e, a ü a y)."""
    folded = unicodedata.normalize("NFC", name.casefold()).translate(_SWEDISH_ORDER)
    return "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))


def value_with_unit(value: Any, status_code: Any, unit_code: str, lang: str, categories: Any = None) -> str:
    """A value where it stands alone (a map's tooltip and tables): as :func:`figure` shows it, followed by its unit's
    name where a number needs one ("12,5 timmar", "8", "41,0 %", a category's label); a symbol alone."""
    labels = categories if isinstance(categories, dict) and unit(unit_code).categorical else None
    code = status_code if isinstance(status_code, str) else None
    finite = value is not None and not pd.isna(value) and math.isfinite(float(value))
    shown = figure(float(value) if finite else None, code, unit_code, lang, labels)
    return shown + unit(unit_code).suffix(lang, one=shown == "1") if finite and not code else shown


def public_map_table(rows: pd.DataFrame, ind: dict[str, object], lang: str) -> pd.DataFrame:
    """The public map's table equivalent, said as the trend's table says it (:func:`public_series_table`): every area
    by name in alphabetical order, the value as shown (a hidden one by its symbol, with the reason), n, the status
    against the target where there is a value, the source (demo data named so) and the area's code."""
    ordered = rows.iloc[sorted(range(len(rows)), key=lambda i: swedish_order(str(rows["name"].iloc[i])))]
    categories = ind.get("categories")
    out = []
    for r in ordered.itertuples(index=False):
        code = r.status_code if isinstance(r.status_code, str) else None
        hidden = code in HIDDEN_REASON  # nothing worked out from a hidden value, even one handed in
        out.append(
            {
                t("col.area", lang): r.name,
                t("col.value", lang): value_with_unit(r.value, code, str(ind["unit"]), lang, categories),
                t("public.why_hidden", lang): t(HIDDEN_REASON[code], lang) if code in HIDDEN_REASON else "",
                t("col.n", lang): "" if hidden else r.n_text,
                t("col.status", lang): "" if hidden or pd.isna(r.value) else r.status_text,
                t("col.source", lang): t("demo.label", lang) if r.source == "demo" else r.source,
                t("col.code", lang): r.code,  # last: a program's key; on a phone the value comes beside the name
            }
        )  # fmt: skip
    return pd.DataFrame(out)


def span_label(span: tuple[dt.date, dt.date], pledge_start: dt.date, lang: str) -> str:
    """A newsletter's span in words: a quarter ("kvartal 2 2023"), the pledge so far ("Hela löftet till och med
    2023-06-30"), or the days of a part of a quarter where the pledge starts or ends within one."""
    start, end = span
    quarter = period_containing(PeriodKind.QUARTER, end)
    if (start, end) == (quarter.start, quarter.end):
        return quarter.label(lang)
    if start == pledge_start and quarter.start > start:
        return t("letter.span_pledge", lang, end=end.isoformat())
    return f"{start.isoformat()} – {end.isoformat()}"


def csv_bytes(points: pd.DataFrame) -> bytes:
    """The plotted points as CSV (UTF-8 with BOM, so Excel opens it right), machine-readable codes and ISO dates."""
    out = points.copy()
    for column in ("period_start", "period_end", "x"):
        out[column] = [date(d) for d in out[column]]
    for column in ("indicator_name", "area_name", "source"):
        out[column] = [spreadsheet_safe(v) for v in out[column]]
    return out.to_csv(index=False).encode("utf-8-sig")


def spreadsheet_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


#: What the definition-changes table calls the fields a catalogue may reword (others by their own name).
FIELD_LABELS = {"name_sv": N_("field.name_sv"), "name_en": N_("field.name_en"),
                "definition": N_("indicator.definition"), "explanation": N_("field.explanation"),
                "definition_en": N_("field.definition_en"), "explanation_en": N_("field.explanation_en"),
                "target_note_en": N_("field.target_note_en"),
                "source": N_("col.source"), "target_value": N_("col.target"),
                "direction": N_("indicator.direction")}  # fmt: skip


def definition_changes_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """An indicator's definition changes (from :func:`indicators.read.queries.definition_changes`), labelled."""
    return pd.DataFrame({
        t("audit.at", lang): [date(x) for x in changes["at"]],
        t("audit.user", lang): changes["username"],
        t("app.pledge", lang): changes["pledge"],
        t("indicator.field", lang): [t(FIELD_LABELS[f], lang) if f in FIELD_LABELS else f for f in changes["field"]],
        t("audit.before", lang): ["–" if v is None else str(v) for v in changes["before"]],
        t("audit.after", lang): ["–" if v is None else str(v) for v in changes["after"]],
    })  # fmt: skip


#: The ways the reporting rate can be summed, with their labels.
COMPLETENESS_BY = {"actor": N_("completeness.actor"), "area": N_("completeness.area"),
                   "period": N_("completeness.period")}  # fmt: skip


def completeness_by(rates: pd.DataFrame, by: str, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The reporting rate (from :func:`indicators.read.queries.completeness`) summed per actor, per area or per
    period, labelled (``names`` gives actors' and areas' names): actors and areas lowest rate first, where the
    steering group should ask; periods newest first."""
    if by not in COMPLETENESS_BY:
        raise ValueError(f"completeness by actor, area or period, not {by!r}")
    if not len(rates):
        return pd.DataFrame()
    key = f"{by}_code" if by != "period" else "period"
    per = rates.groupby(key)[["expected", "reported", "due", "overdue"]].sum().reset_index()
    per["rate"] = 100 * per["reported"] / per["expected"]
    if by == "period":
        per = per.assign(start=[parse_period(p).start for p in per["period"]])
        per = per.sort_values(["start", "period"], ascending=False)
        shown = [period_label(p, lang) for p in per["period"]]
    else:
        per = per.sort_values(["rate", key])
        shown = [names.get(c, c) for c in per[key]]
    return pd.DataFrame({
        t(f"col.{by}", lang): shown,
        t("col.expected", lang): per["expected"].astype(int),
        t("col.reported", lang): per["reported"].astype(int),
        t("col.to_report", lang): per["due"].astype(int),
        t("col.overdue", lang): per["overdue"].astype(int),
        t("col.rate", lang): [f"{number(r, lang, decimals=0)} %" for r in per["rate"]],
    })  # fmt: skip
