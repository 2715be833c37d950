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
    # Shared filters and frame
    "app.level": {"sv": "Uppföljningsnivå", "en": "Follow-up level"},
    "app.all_levels": {"sv": "Alla tre nivåerna", "en": "All three levels"},
    "app.denied": {"sv": "Du får inte göra detta: {reason}", "en": "You may not do this: {reason}"},
    "nav.map": {"sv": "Karta", "en": "Map"},
    "nav.trends": {"sv": "Trender", "en": "Trends"},
    "nav.commitments": {"sv": "Åtaganden", "en": "Commitments"},
    "col.commitment": {"sv": "Åtagande", "en": "Commitment"},
    "col.hours": {"sv": "Timmar", "en": "Hours"},
    "col.participants": {"sv": "Deltagare", "en": "Participants"},
    # Activity types
    "activity.patrol": {"sv": "Patrullering", "en": "Patrol"},
    "activity.safety_walk": {"sv": "Trygghetsvandring", "en": "Safety walk"},
    "activity.cleaning": {"sv": "Städinsats", "en": "Cleaning action"},
    "activity.citizen_dialogue": {"sv": "Medborgardialog", "en": "Citizen dialogue"},
    "activity.school_visit": {"sv": "Skolbesök", "en": "School visit"},
    "activity.camera_installed": {"sv": "Kamera installerad", "en": "Camera installed"},
    "activity.inspection": {"sv": "Tillsyn", "en": "Inspection"},
    "activity.meeting": {"sv": "Möte", "en": "Meeting"},
    "activity.other": {"sv": "Annan aktivitet", "en": "Other activity"},
    # Commitments
    "commitment_state.not_started": {"sv": "Ej påbörjad", "en": "Not started"},
    "commitment_state.ongoing": {"sv": "Pågår", "en": "Ongoing"},
    "commitment_state.done": {"sv": "Klar", "en": "Done"},
    "commitment_state.at_risk": {"sv": "Risk för försening", "en": "At risk"},
    "commitment_kind.general": {"sv": "Inriktning", "en": "General direction"},
    "commitment_kind.specific": {"sv": "Åtagande", "en": "Commitment"},
    "commitments.title": {"sv": "Åtaganden per aktör", "en": "Commitments by actor"},
    "commitments.all_actors": {"sv": "Alla aktörer", "en": "All actors"},
    "commitments.last_update": {"sv": "Senast uppdaterad: {at}", "en": "Last updated: {at}"},
    "commitments.own_status": {"sv": "Aktörens egen status", "en": "The actor's own status"},
    "commitments.reported": {"sv": "rapporterad {at}", "en": "reported {at}"},
    # Map
    "map.title": {"sv": "Karta", "en": "Map"},
    "map.no_indicators": {
        "sv": "Inga indikatorer på den valda nivån.",
        "en": "No indicators at the chosen level.",
    },
    "map.no_figures": {
        "sv": "Indikatorn har inga siffror för områdena på kartan.",
        "en": "The indicator has no figures for the areas on the map.",
    },
    "map.no_value": {"sv": "Inget värde (se symbolen i tabellen)", "en": "No value (see the symbol in the table)"},
    "map.preliminary": {"sv": "preliminär", "en": "preliminary"},
    "map.legend": {"sv": "Teckenförklaring", "en": "Legend"},
    "map.help": {
        "sv": "Mörkare färg betyder högre värde. Håll muspekaren över ett område eller en punkt för detaljer; "
        "samma uppgifter finns i tabellerna nedan. Grå linjer är Malmös övriga delområden.",
        "en": "Darker means a higher value. Hover over an area or a point for details; the tables below hold the "
        "same data. Grey lines are Malmö's other districts.",
    },
    "map.table": {"sv": "Kartan som tabell", "en": "The map as a table"},
    "map.activities": {"sv": "Aktiviteter", "en": "Activities"},
    "map.activity_types": {"sv": "Typ av aktivitet", "en": "Type of activity"},
    "map.activity_period": {"sv": "Aktiviteter mellan", "en": "Activities between"},
    "map.activity_table": {"sv": "Aktiviteter på kartan ({count})", "en": "Activities on the map ({count})"},
    "map.date": {"sv": "Datum", "en": "Date"},
    "map.type": {"sv": "Typ", "en": "Type"},
    "map.indicator_link": {"sv": "Mer om indikator {code} →", "en": "More about indicator {code} →"},
    # Trends
    "trends.title": {"sv": "Trender", "en": "Trends"},
    "trends.indicators": {"sv": "Indikatorer", "en": "Indicators"},
    "trends.areas": {"sv": "Jämför områden", "en": "Compare areas"},
    "trends.events": {"sv": "Markera händelser", "en": "Mark events"},
    "trends.choose": {
        "sv": "Välj minst en indikator och ett område.",
        "en": "Choose at least one indicator and one area.",
    },
    "trends.no_figures": {
        "sv": "{indicator}: inga siffror för de valda områdena.",
        "en": "{indicator}: no figures for the chosen areas.",
    },
    "trends.missing_areas": {
        "sv": "Inga siffror för {areas}.",
        "en": "No figures for {areas}.",
    },
    "trends.pledge_period": {"sv": "Löftesperiod", "en": "Pledge period"},
    "trends.baseline": {"sv": "Basvärde {value} ({period})", "en": "Baseline {value} ({period})"},
    "trends.target": {"sv": "Målvärde {value} ({period})", "en": "Target {value} ({period})"},
    "trends.interval": {"sv": "Felmarginal (95 %)", "en": "Margin of error (95%)"},
    "trends.help": {
        "sv": "Varje punkt ligger mitt i sin period. Det grå fältet är löftets period, den streckade gröna linjen "
        "målvärdet och den prickade basvärdet. Andelar från enkäter visas med felmarginal (95 %) och antal svarande.",
        "en": "Each point sits in the middle of its period. The grey band is the pledge period, the dashed green "
        "line the target and the dotted line the baseline. Survey shares show their 95% margin of error and n.",
    },
    "trends.as_table": {"sv": "Visa som tabell", "en": "Show as a table"},
    "trends.download": {"sv": "Ladda ner data (CSV)", "en": "Download data (CSV)"},
    # Presentation mode
    "present.toggle": {"sv": "Presentationsläge", "en": "Presentation mode"},
    "present.help": {
        "sv": "Stor text och ett avsnitt i taget, för projektor på styrgruppsmötet.",
        "en": "Large type and one section at a time, for a projector in the meeting.",
    },
    "present.section": {"sv": "Avsnitt", "en": "Section"},
    "present.levels": {"sv": "1 Nivåer", "en": "1 Levels"},
    "present.latest": {"sv": "2 Senaste värden", "en": "2 Latest values"},
    "present.actors": {"sv": "3 Aktörer", "en": "3 Actors"},
    "present.overdue": {"sv": "4 Försenat", "en": "4 Overdue"},
    "present.changes": {"sv": "5 Förändringar", "en": "5 Changes"},
    "overview.to_commitments": {"sv": "Alla åtaganden per aktör →", "en": "Every commitment by actor →"},
    # Meetings
    "meeting.title": {"sv": "Möten och mötesrapport", "en": "Meetings and the meeting report"},
    "meeting.label": {"sv": "Möte", "en": "Meeting"},
    "meeting.open": {"sv": "Visa översikten som den var vid ett möte", "en": "The overview as it was at a meeting"},
    "meeting.today": {"sv": "I dag (aktuella siffror)", "en": "Today (current figures)"},
    "meeting.viewing": {
        "sv": "Du ser mötet ”{title}” {held_on} med siffrorna som de var då.",
        "en": "You are viewing the meeting “{title}” of {held_on} with the figures as they were then.",
    },
    "meeting.saved_by": {"sv": "Sparat av {who} {at}.", "en": "Saved by {who} at {at}."},
    "meeting.changes": {"sv": "Skillnader mot i dag", "en": "Differences to today"},
    "meeting.changes_help": {
        "sv": "Siffror som har kommit in eller rättats sedan mötet sparades.",
        "en": "Figures reported or corrected since the meeting was saved.",
    },
    "meeting.no_changes": {
        "sv": "Inga siffror har ändrats sedan mötet.",
        "en": "No figure has changed since the meeting.",
    },
    "meeting.then": {"sv": "Vid mötet", "en": "At the meeting"},
    "meeting.now": {"sv": "I dag", "en": "Today"},
    "meeting.kind": {"sv": "Ändring", "en": "Change"},
    "meeting.new": {"sv": "Ny", "en": "New"},
    "meeting.corrected": {"sv": "Rättad", "en": "Corrected"},
    "meeting.save": {"sv": "Spara som möte", "en": "Save as a meeting"},
    "meeting.field_title": {"sv": "Titel", "en": "Title"},
    "meeting.field_date": {"sv": "Mötesdatum", "en": "Meeting date"},
    "meeting.saved": {"sv": "Mötet ”{title}” är sparat.", "en": "The meeting “{title}” is saved."},
    "meeting.steering_only": {
        "sv": "Styrgruppen kan spara översikten som ett möte när den är inloggad.",
        "en": "The steering group can save the overview as a meeting when signed in.",
    },
    # Printable report
    "report.title": {"sv": "Mötesrapport", "en": "Meeting report"},
    "report.download": {"sv": "Skriv ut: mötesrapport (HTML)", "en": "Print: meeting report (HTML)"},
    "report.help": {
        "sv": "Öppna filen i webbläsaren och välj Skriv ut (eller Spara som PDF).",
        "en": "Open the file in a browser and choose Print (or Save as PDF).",
    },
    "report.generated": {"sv": "Utskriven {at} (UTC)", "en": "Printed {at} (UTC)"},
    "report.demo": {
        "sv": "Exempeldata: rapporten innehåller påhittade siffror (källa ”demo”) som visar hur verktyget fungerar.",
        "en": "Demo data: the report holds invented figures (source “demo”) that show how the tool works.",
    },
}


def t(key: str, lang: str = "sv", /, **values: object) -> str:
    """The message for ``key`` in ``lang`` (Swedish if the English text is missing), with values filled in."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["sv"]
    return text.format(**values) if values else text
