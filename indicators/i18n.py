"""The one message catalogue: every user-facing string, Swedish first, English available.

`t("key", lang, **values)` looks a message up and fills in its `{placeholders}`. A missing English text falls back
to Swedish; a missing key raises (a test checks that every key used in the app exists).
"""

from __future__ import annotations

LANGUAGES = ("sv", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # App frame
    "app.title": {"sv": "Medborgarlöfte – uppföljning", "en": "Citizen pledge – follow-up"},
    "app.language": {"sv": "Språk", "en": "Language"},
    "app.pledge": {"sv": "Medborgarlöfte", "en": "Citizen pledge"},
    "app.no_pledge": {
        "sv": "Det finns inget medborgarlöfte i databasen än. Kör `make run` eller `python -m indicators seed --demo`.",
        "en": "The store holds no citizen pledge yet. Run `make run` or `python -m indicators seed --demo`.",
    },
    "nav.overview": {"sv": "Översikt", "en": "Overview"},
    # Levels (always in this order)
    "level.resurs_aktivitet": {"sv": "Resurs- och aktivitetsuppföljning", "en": "Resources and activities"},
    "level.prestation": {"sv": "Prestationsuppföljning", "en": "Outputs"},
    "level.effekt": {"sv": "Effektuppföljning", "en": "Effects"},
    "level_short.resurs_aktivitet": {"sv": "Resurser och aktiviteter", "en": "Resources and activities"},
    "level_short.prestation": {"sv": "Prestationer", "en": "Outputs"},
    "level_short.effekt": {"sv": "Effekter", "en": "Effects"},
    "level_question.resurs_aktivitet": {"sv": "Vad har vi lagt in och gjort?", "en": "What did we put in and do?"},
    "level_question.prestation": {"sv": "Har vi gjort det vi lovade?", "en": "Did we do what we promised?"},
    "level_question.effekt": {"sv": "Har något blivit bättre i området?", "en": "Has anything improved in the area?"},
    # Overview
    "overview.period": {"sv": "Period: {start} – {end}", "en": "Period: {start} – {end}"},
    "overview.signatories": {"sv": "Undertecknat av", "en": "Signed by"},
    "overview.levels": {"sv": "Uppföljning på tre nivåer", "en": "Follow-up on three levels"},
    "overview.level_counts": {
        "sv": "{indicators} indikatorer följer upp {commitments} åtaganden",
        "en": "{indicators} indicators follow up {commitments} commitments",
    },
    "overview.actors": {"sv": "Aktörer och åtaganden", "en": "Actors and commitments"},
    "overview.source": {"sv": "Källa: {source}", "en": "Source: {source}"},
    "col.actor": {"sv": "Aktör", "en": "Actor"},
    "col.part_of": {"sv": "Del av", "en": "Part of"},
    "col.commitments": {"sv": "Åtaganden", "en": "Commitments"},
    "col.indicators": {"sv": "Indikatorer", "en": "Indicators"},
    "col.level": {"sv": "Uppföljningsnivå", "en": "Follow-up level"},
    # Demo data
    "demo.label": {"sv": "Exempeldata", "en": "Demo data"},
    "demo.banner": {
        "sv": "Exempeldata / demo data: {demo} av {total} siffror i databasen är påhittade för att visa hur "
        "verktyget fungerar. Riktiga siffror visas med sin källa.",
        "en": "Demo data: {demo} of the {total} figures in the store are invented to show how the tool works. "
        "Real figures are shown with their source.",
    },
}


def t(key: str, lang: str = "sv", /, **values: object) -> str:
    """The message for ``key`` in ``lang`` (Swedish if the English text is missing), with values filled in."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["sv"]
    return text.format(**values) if values else text
