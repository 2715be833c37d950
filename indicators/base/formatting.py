"""Swedish (and English) number and date formats: `12 345,6`, `42,5 %`, `2022-04-01`."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import format_decimal, format_scientific

from indicators.base.i18n import N_, t

LOCALES = {"sv": "sv_SE", "en": "en_GB"}


#: From this size on a number is written in powers of ten (1,2E20): larger than any figure validation lets in, but a
#: page that meets one stored earlier must still show it.
HUGE = 1e15


def number(value: float | int | None, lang: str = "sv", decimals: int | None = None) -> str:
    """`12 345,6` in Swedish (no-break space, decimal comma); `12,345.6` in English. None → empty. Never raises:
    not a number → "–", an absurdly large one in powers of ten."""
    if value is None:
        return ""
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        return "–"
    if not math.isfinite(x):
        return "" if math.isnan(x) else "–"
    locale = LOCALES.get(lang, "sv_SE")
    if abs(x) >= HUGE:
        return format_scientific(x, format="0.##E0", locale=locale)
    if decimals is None:
        decimals = 0 if x.is_integer() else (1 if abs(x) >= 10 else 2)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(x, decimals) + 0.0, format=pattern, locale=locale)  # + 0.0: never "-0"


def percent(value: float | None, lang: str = "sv", decimals: int = 1) -> str:
    """`42,5 %` (Swedish puts a no-break space before the sign)."""
    if value is None:
        return ""
    return f"{number(value, lang, decimals)}\u00a0%" if lang != "en" else f"{number(value, lang, decimals)}%"


try:
    LOCAL_TIME: dt.tzinfo = ZoneInfo("Europe/Stockholm")
except ZoneInfoNotFoundError:  # a machine without a time zone database: show UTC rather than fail
    LOCAL_TIME = dt.UTC


def date(value: dt.date | dt.datetime | None) -> str:
    """ISO dates, as Swedish practice writes them: `2022-04-01`; times in Swedish time: `2022-04-01 14:05`."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # the store keeps UTC
        return aware.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


STATUS_SYMBOLS = {"missing": "–", "suppressed": "..", "not_applicable": ".", "small": "<5"}

#: Every symbol a figure can be shown as (a true zero, then each status code's symbol) and the message explaining
#: it, in the order the public page "Så följer vi upp" lists them; a test checks each status symbol is here.
FIGURE_SYMBOLS: dict[str, str] = {
    "0": N_("pub.symbol.zero"),
    STATUS_SYMBOLS["missing"]: N_("pub.symbol.missing"),
    STATUS_SYMBOLS["suppressed"]: N_("pub.symbol.suppressed"),
    STATUS_SYMBOLS["not_applicable"]: N_("pub.symbol.na"),
    STATUS_SYMBOLS["small"]: N_("pub.symbol.small"),
}


def symbol_meanings(lang: str = "sv") -> dict[str, str]:
    """What each status symbol stands for, in ``lang`` (the pages' legend; the open data's files say the same)."""
    return {symbol: t(msgid, lang) for symbol, msgid in FIGURE_SYMBOLS.items() if symbol in STATUS_SYMBOLS.values()}


#: The decimals the values of a unit (:mod:`indicators.rules.units`) are shown with, and a change of them: whole
#: numbers for counts, days, kronor and category codes, one decimal for shares and measures, two for an index on a
#: small scale (3,28 on 1–5). Not by each number's size: 4,4 tonnes is not shown as 4,40, nor a change of 0,2
#: points beside values of one decimal as 0,20. A unit not listed: by size (:func:`number`).
DECIMALS: dict[str, int] = {"count": 0, "persons": 0, "days": 0, "sek": 0, "category": 0, "hours": 1, "tonnes": 1,
                            "per_1000": 1, "per_100000": 1, "percent": 1, "survey_percent": 1, "index": 2}  # fmt: skip


def figure(
    value: float | None, status_code: str | None, unit: str, lang: str = "sv", categories: dict[str, str] | None = None
) -> str:
    """A figure as shown in tables: the number with its unit's decimals (a share with its per cent sign), a category
    indicator's label for its code (``categories``, the indicator's own: 3 → "särskilt utsatt område"), or the
    symbol for a status code."""
    if status_code:
        return STATUS_SYMBOLS.get(status_code, "–")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if categories and float(value).is_integer() and str(int(value)) in categories:
        return str(categories[str(int(value))])
    if unit in ("percent", "survey_percent"):
        return percent(value, lang, DECIMALS[unit])
    return number(value, lang, DECIMALS.get(unit))


def interval(low: float, high: float, unit: str, lang: str = "sv") -> str:
    """A 95 % interval as its unit's values are shown, both ends alike: `8,1–24,0 %` (not `8,09–24,0`)."""
    return f"{number(low, lang, DECIMALS.get(unit))}–{figure(high, None, unit, lang)}"


def change(difference: float, unit: str, lang: str = "sv") -> str:
    """A change between two values of a unit, signed (`+0,2`, `−1,3` with a real minus sign, `0`), with the unit's
    decimals, as its values are shown."""
    decimals = DECIMALS.get(unit)
    text = number(abs(difference), lang, decimals)
    zero = number(0, lang, decimals)
    return text if text == zero else ("+" if difference > 0 else "−") + text
