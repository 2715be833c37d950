"""Units of measure: what a value may be, how it is shown, and whether it needs a number of respondents."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.base.i18n import N_, t


@dataclass(frozen=True)
class Unit:
    code: str
    label_key: str  # the message id of its name (the catalogues in indicators/base/locale)
    integer: bool = False  # counts: whole numbers only
    minimum: float | None = 0.0
    #: The largest value that can make sense in this unit (an indicator may set a lower one): a value above it is a
    #: typing or file error, refused with the bound, never stored to take pages down.
    maximum: float | None = None
    needs_n: bool = False  # survey shares carry the number of respondents
    percent: bool = False
    scaled: bool = False  # an index: range from the indicator's scale
    categorical: bool = False  # an ordinal code with labels from the indicator
    one_key: str | None = None  # the message id of its name after the number 1 ("1 person"), where it differs
    #: Counts days of the period: a value above the period's number of days (40 days in a month) is refused.
    days_of_period: bool = False

    def label(self, lang: str = "sv") -> str:
        return t(self.label_key, lang)

    def suffix(self, lang: str = "sv", *, one: bool = False) -> str:
        """What follows a value of this unit where it stands alone (a tooltip, a hover, a table cell): its name
        (" timmar", " per 1 000 invånare"; after a value shown as 1, " person", " dag", " krona"); nothing after a
        plain count ("8", not "8 antal"), a share (its sign is part of the number) or a category (its label names
        itself)."""
        if self.code == "count" or self.percent or self.categorical:
            return ""
        return f" {t(self.one_key, lang) if one and self.one_key else self.label(lang)}"


UNITS: dict[str, Unit] = {
    u.code: u
    for u in [  # an index's range comes from the indicator's scale, a category's from its categories
        Unit("count", N_("unit.count"), integer=True, maximum=10_000_000),
        Unit("persons", N_("unit.persons"), integer=True, maximum=10_000_000, one_key=N_("unit.one.persons")),
        Unit("hours", N_("unit.hours"), maximum=1_000_000),
        Unit("percent", N_("unit.percent"), maximum=100.0, percent=True),
        Unit(
            "survey_percent",
            N_("unit.survey_percent"),
            maximum=100.0,
            needs_n=True,
            percent=True,
        ),
        Unit("index", N_("unit.index"), minimum=None, scaled=True),
        Unit("tonnes", N_("unit.tonnes"), maximum=1_000_000),
        Unit("per_1000", N_("unit.per_1000"), maximum=1_000),
        Unit("per_100000", N_("unit.per_100000"), maximum=100_000),  # as Kolada and BRÅ give crime rates
        Unit("sek", N_("unit.sek"), maximum=1_000_000_000_000, one_key=N_("unit.one.sek")),
        Unit("days", N_("unit.days"), integer=True, maximum=366, one_key=N_("unit.one.days"), days_of_period=True),
        Unit("category", N_("unit.category"), integer=True, categorical=True),
    ]
}


def unit(code: str) -> Unit:
    return UNITS[code]
