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
    "app.area": {"sv": "Område", "en": "Area"},
    "app.until": {"sv": "Siffror till och med", "en": "Figures up to"},
    "nav.indicator": {"sv": "Indikator", "en": "Indicator"},
    # Status of an indicator against its target (word and symbol, never colour alone)
    "status.achieved": {"sv": "Målet nått", "en": "Target reached"},
    "status.on_track": {"sv": "I rätt riktning", "en": "On track"},
    "status.slow": {"sv": "Går långsamt", "en": "Slow progress"},
    "status.deteriorating": {"sv": "Går åt fel håll", "en": "Deteriorating"},
    "status.no_data": {"sv": "Uppgift saknas", "en": "No data"},
    "status.no_target": {"sv": "Inget mål satt", "en": "No target"},
    "rollup.on_track": {"sv": "Enligt plan", "en": "On track"},
    "rollup.behind": {"sv": "Efter", "en": "Behind"},
    "rollup.not_reported": {"sv": "Inte rapporterad", "en": "Not reported"},
    "overview.status_counts": {
        "sv": "{good} i rätt riktning · {behind} efter · {no_data} saknar uppgift · {no_target} utan mål",
        "en": "{good} on track · {behind} behind · {no_data} without data · {no_target} without target",
    },
    "overview.rule": {"sv": "Så räknas statusen", "en": "How the status is computed"},
    "overview.latest": {"sv": "Senaste värden", "en": "Latest values"},
    "overview.actor_status": {"sv": "Aktörernas åtaganden", "en": "The actors' commitments"},
    "overview.overdue": {"sv": "Försenad rapportering", "en": "Overdue reporting"},
    "overview.overdue_none": {
        "sv": "Inget är försenat för det valda området.",
        "en": "Nothing is overdue for the area.",
    },
    "overview.overdue_help": {
        "sv": "Siffror som indikatorns frekvens väntar för en avslutad period under löftet, "
        "men som inte har rapporterats.",
        "en": "Figures the indicator's frequency expects for an ended period of the pledge that are not reported.",
    },
    "overview.changed": {"sv": "Ändrat sedan", "en": "Changed since"},
    "overview.changed_count": {
        "sv": "{new} nya och {corrected} rättade siffror",
        "en": "{new} new and {corrected} corrected figures",
    },
    "col.indicator": {"sv": "Indikator", "en": "Indicator"},
    "col.code": {"sv": "Kod", "en": "Code"},
    "col.period": {"sv": "Period", "en": "Period"},
    "col.value": {"sv": "Värde", "en": "Value"},
    "col.change": {"sv": "Förändring", "en": "Change"},
    "col.status": {"sv": "Status", "en": "Status"},
    "col.target": {"sv": "Målvärde", "en": "Target"},
    "col.source": {"sv": "Källa", "en": "Source"},
    "col.due": {"sv": "Skulle ha rapporterats", "en": "Due"},
    "col.area": {"sv": "Område", "en": "Area"},
    "col.version": {"sv": "Version", "en": "Version"},
    "col.entered_by": {"sv": "Inlagd av", "en": "Entered by"},
    "col.entered_at": {"sv": "Inlagd", "en": "Entered"},
    "col.review": {"sv": "Granskning", "en": "Review"},
    "col.n": {"sv": "Antal svarande (n)", "en": "Respondents (n)"},
    "col.note": {"sv": "Kommentar", "en": "Note"},
    "col.link": {"sv": "Detaljer", "en": "Details"},
    # Indicator page
    "indicator.choose": {"sv": "Välj indikator", "en": "Choose an indicator"},
    "indicator.definition": {"sv": "Definition", "en": "Definition"},
    "indicator.unit": {"sv": "Enhet", "en": "Unit"},
    "indicator.frequency": {"sv": "Frekvens", "en": "Frequency"},
    "indicator.direction": {"sv": "Bra riktning", "en": "Good direction"},
    "indicator.actor": {"sv": "Ansvarig aktör", "en": "Responsible actor"},
    "indicator.baseline": {"sv": "Basvärde", "en": "Baseline"},
    "indicator.commitments": {"sv": "Följer upp åtagandena", "en": "Follows up the commitments"},
    "indicator.history": {"sv": "Alla siffror, med rättelser", "en": "Every figure, with corrections"},
    "indicator.history_help": {
        "sv": "Varje rad är en version. En rättelse är en ny version; den gamla finns kvar.",
        "en": "Each row is a version. A correction is a new version; the old one stays.",
    },
    "frequency.monthly": {"sv": "varje månad", "en": "monthly"},
    "frequency.quarterly": {"sv": "varje kvartal", "en": "quarterly"},
    "frequency.half_yearly": {"sv": "varje halvår", "en": "every half year"},
    "frequency.yearly": {"sv": "varje år", "en": "yearly"},
    "frequency.irregular": {"sv": "vid varje mätning", "en": "at each measurement"},
    "direction.up": {"sv": "↑ högre är bättre", "en": "↑ higher is better"},
    "direction.down": {"sv": "↓ lägre är bättre", "en": "↓ lower is better"},
    "direction.target": {"sv": "◎ enligt plan (nå målvärdet)", "en": "◎ to plan (reach the target)"},
    "direction.context": {"sv": "sammanhang (ingen bra riktning)", "en": "context (no good direction)"},
    "symbol.missing": {"sv": "–", "en": "–"},
    "symbol.suppressed": {"sv": "..", "en": ".."},
    "symbol.not_applicable": {"sv": ".", "en": "."},
    "legend.symbols": {
        "sv": "Teckenförklaring: `..` skyddad uppgift · `–` uppgift saknas · `.` ej tillämpligt · `0` noll · "
        "`<5` färre än fem · *preliminär* = inskickad men inte granskad.",
        "en": "Legend: `..` suppressed · `–` missing · `.` not applicable · `0` zero · `<5` fewer than five · "
        "*preliminary* = submitted, not yet reviewed.",
    },
    "review.draft": {"sv": "Utkast", "en": "Draft"},
    "review.submitted": {"sv": "Inskickad (preliminär)", "en": "Submitted (preliminary)"},
    "review.approved": {"sv": "Godkänd", "en": "Approved"},
    "review.returned": {"sv": "Returnerad", "en": "Returned"},
    "review.published": {"sv": "Publicerad", "en": "Published"},
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
