"""Units of measure: what a value may be, how it is shown, and whether it needs a number of respondents."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    code: str
    label_sv: str
    label_en: str
    integer: bool = False  # counts: whole numbers only
    minimum: float | None = 0.0
    #: The largest value that can make sense in this unit (an indicator may set a lower one): a value above it is a
    #: typing or file error, refused with the bound, never stored to take pages down.
    maximum: float | None = None
    needs_n: bool = False  # survey shares carry the number of respondents
    percent: bool = False
    scaled: bool = False  # an index: range from the indicator's scale
    categorical: bool = False  # an ordinal code with labels from the indicator

    def label(self, lang: str = "sv") -> str:
        return self.label_en if lang == "en" else self.label_sv


UNITS: dict[str, Unit] = {
    u.code: u
    for u in [  # an index's range comes from the indicator's scale, a category's from its categories
        Unit("count", "antal", "count", integer=True, maximum=10_000_000),
        Unit("persons", "personer", "persons", integer=True, maximum=10_000_000),
        Unit("hours", "timmar", "hours", maximum=1_000_000),
        Unit("percent", "procent", "per cent", maximum=100.0, percent=True),
        Unit(
            "survey_percent",
            "procent av svarande",
            "per cent of respondents",
            maximum=100.0,
            needs_n=True,
            percent=True,
        ),
        Unit("index", "index", "index", minimum=None, scaled=True),
        Unit("tonnes", "ton", "tonnes", maximum=1_000_000),
        Unit("per_1000", "per 1 000 invånare", "per 1,000 residents", maximum=1_000),
        Unit("sek", "kronor", "SEK", maximum=1_000_000_000_000),
        Unit("days", "dagar", "days", integer=True, maximum=366),
        Unit("category", "kategori", "category", integer=True, categorical=True),
    ]
}


def unit(code: str) -> Unit:
    return UNITS[code]
