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
    "report.generated": {"sv": "Utskriven {at}", "en": "Printed {at}"},
    "report.demo": {
        "sv": "Exempeldata: rapporten innehåller påhittade siffror (källa ”demo”) som visar hur verktyget fungerar.",
        "en": "Demo data: the report holds invented figures (source “demo”) that show how the tool works.",
    },
    # Sign-in and roles
    "nav.public": {"sv": "Offentlig översikt", "en": "Public overview"},
    "nav.sign_in": {"sv": "Logga in", "en": "Sign in"},
    "nav.my_account": {"sv": "Mitt konto", "en": "My account"},
    "nav.account": {"sv": "Konto", "en": "Account"},
    "nav.follow_up": {"sv": "Uppföljning", "en": "Follow-up"},
    "nav.reporting": {"sv": "Rapportering", "en": "Reporting"},
    "nav.steering": {"sv": "Styrgrupp och administration", "en": "Steering and administration"},
    "nav.report": {"sv": "Rapportera", "en": "Report figures"},
    "nav.activities": {"sv": "Aktiviteter", "en": "Activities"},
    "nav.status": {"sv": "Åtagandestatus", "en": "Commitment status"},
    "nav.review": {"sv": "Granska och publicera", "en": "Review and publish"},
    "nav.audit": {"sv": "Historik", "en": "Audit trail"},
    "nav.users": {"sv": "Användare", "en": "Users"},
    "role.admin": {"sv": "administratör", "en": "administrator"},
    "role.steering": {"sv": "styrgrupp", "en": "steering group"},
    "role.editor": {"sv": "rapportör", "en": "reporter"},
    "role.viewer": {"sv": "läsare", "en": "viewer"},
    "auth.title": {"sv": "Logga in", "en": "Sign in"},
    "auth.username": {"sv": "Användarnamn", "en": "Username"},
    "auth.password": {"sv": "Lösenord", "en": "Password"},
    "auth.sign_in": {"sv": "Logga in", "en": "Sign in"},
    "auth.sign_out": {"sv": "Logga ut", "en": "Sign out"},
    "auth.signed_in_as": {"sv": "Inloggad som {user} ({role})", "en": "Signed in as {user} ({role})"},
    "auth.fill_in": {"sv": "Fyll i användarnamn och lösenord.", "en": "Fill in username and password."},
    "auth.failed": {"sv": "Inloggningen misslyckades: {reason}.", "en": "Sign-in failed: {reason}."},
    "auth.help": {
        "sv": "För aktörernas rapportörer, styrgruppen och administratören. Efter fem felaktiga lösenord i rad "
        "låses kontot i 15 minuter. Kontakta administratören om du har glömt ditt lösenord.",
        "en": "For the actors' reporters, the steering group and the administrator. Five wrong passwords in a row "
        "lock the account for 15 minutes. Ask the administrator if you forgot your password.",
    },
    "auth.demo_accounts": {
        "sv": "Exempelkonton i den här demodatabasen: {names}. Lösenord: `{password}`.",
        "en": "Demo accounts in this demo store: {names}. Password: `{password}`.",
    },
    "auth.public_only": {
        "sv": "Den här servern visar bara det som är publicerat. Ingen kan logga in här.",
        "en": "This server shows only what is published. Nobody can sign in here.",
    },
    "auth.required": {
        "sv": "Den här sidan är bara för inloggade. Logga in för att se den.",
        "en": "This page is for signed-in users only. Sign in to see it.",
    },
    "auth.forbidden": {
        "sv": "Din roll ({role}) får inte använda den här sidan.",
        "en": "Your role ({role}) may not use this page.",
    },
    "auth.expired": {
        "sv": "Du har loggats ut efter {minutes} minuter utan aktivitet.",
        "en": "You were signed out after {minutes} minutes without activity.",
    },
    "auth.revoked": {
        "sv": "Du har loggats ut: ditt konto har ändrats eller stängts av.",
        "en": "You were signed out: your account was changed or disabled.",
    },
    # Public overview (until the full public view)
    "public.latest": {"sv": "Senaste publicerade siffror för {area}", "en": "Latest published figures for {area}"},
    "public.latest_help": {
        "sv": "Bara granskade och publicerade siffror visas. Små antal (1–4) visas som <5 och enkätsvar från färre "
        "än 30 personer visas inte, så att ingen kan pekas ut.",
        "en": "Only reviewed and published figures are shown. Small counts (1–4) show as <5 and survey answers from "
        "fewer than 30 people are not shown, so that nobody can be singled out.",
    },
    "public.none_yet": {"sv": "Inga publicerade siffror än.", "en": "No published figures yet."},
    "public.demo": {
        "sv": "Exempeldata: en del siffror här är påhittade (källa ”demo”) för att visa hur tjänsten fungerar.",
        "en": "Demo data: some figures here are invented (source “demo”) to show how the service works.",
    },
    "public.for_actors": {"sv": "Logga in (för aktörerna)", "en": "Sign in (for the actors)"},
    # Rapportera
    "report.page_title": {"sv": "Rapportera siffror: {actor}", "en": "Report figures: {actor}"},
    "report.no_indicators": {
        "sv": "Din aktör har inga indikatorer att rapportera i det här löftet.",
        "en": "Your actor has no indicators to report in this pledge.",
    },
    "report.due": {"sv": "Perioder att rapportera", "en": "Periods to report"},
    "report.due_help": {
        "sv": "De senaste avslutade perioderna för varje indikator, efter indikatorns frekvens, nyast först.",
        "en": "The latest ended periods of each indicator, by its frequency, newest first.",
    },
    "report.reported": {"sv": "Rapporterat", "en": "Reported"},
    "report.not_reported": {"sv": "Inte rapporterad", "en": "Not reported"},
    "report.returned": {
        "sv": "{count} siffror har returnerats av styrgruppen. Rätta dem och skicka in igen:",
        "en": "{count} figures were returned by the steering group. Correct them and submit again:",
    },
    "report.tab_one": {"sv": "En siffra", "en": "One figure"},
    "report.tab_grid": {"sv": "Flera siffror i en tabell", "en": "Several figures in a grid"},
    "report.tab_file": {"sv": "Importera fil", "en": "Import a file"},
    "report.other_period": {"sv": "Annan period (valfritt)", "en": "Other period (optional)"},
    "report.other_period_help": {
        "sv": "För äldre perioder, t.ex. ett basvärde: 2021, 2021-H2, 2021-Q4 eller 2021-11.",
        "en": "For earlier periods, e.g. a baseline: 2021, 2021-H2, 2021-Q4 or 2021-11.",
    },
    "report.current": {
        "sv": "Rapporterat nu: version {version}, {value} ({state}), av {who}. Det du sparar blir en ny version; "
        "den gamla finns kvar.",
        "en": "Reported now: version {version}, {value} ({state}), by {who}. What you save becomes a new version; "
        "the old one stays.",
    },
    "report.value": {"sv": "Värde ({unit})", "en": "Value ({unit})"},
    "report.value_help": {
        "sv": "Decimalkomma går bra: 12,5. Lämna tomt om du anger en status i stället.",
        "en": "A decimal comma is fine: 12,5. Leave empty if you give a status instead.",
    },
    "report.status": {"sv": "Status i stället för värde", "en": "Status instead of a value"},
    "report.status_value": {"sv": "– (jag anger ett värde)", "en": "– (I give a value)"},
    "report.status_missing": {"sv": "Uppgift saknas (–)", "en": "Missing (–)"},
    "report.status_suppressed": {"sv": "Skyddad uppgift (..)", "en": "Suppressed (..)"},
    "report.status_na": {"sv": "Ej tillämpligt (.)", "en": "Not applicable (.)"},
    "report.n_help": {
        "sv": "Antal svarande: krävs för andelar från enkäter.",
        "en": "Number of respondents: required for survey shares.",
    },
    "report.evidence": {"sv": "Länk till underlag", "en": "Link to evidence"},
    "report.submit": {"sv": "Skicka in", "en": "Submit"},
    "report.invalid": {"sv": "Inget sparades. Rätta detta:", "en": "Nothing was saved. Please correct:"},
    "report.conflict": {
        "sv": "Inget sparades: {who} sparade version {version} ({value}) medan du skrev. Det du skrev finns kvar i "
        "formuläret; jämför och tryck Skicka in igen om ditt värde ska gälla.",
        "en": "Nothing was saved: {who} saved version {version} ({value}) while you were typing. What you typed is "
        "still in the form; compare, and press Submit again if your value should stand.",
    },
    "report.saved": {
        "sv": "Sparat: {code} {period}, version {version}. Styrgruppen granskar innan något publiceras.",
        "en": "Saved: {code} {period}, version {version}. The steering group reviews before anything is published.",
    },
    "report.grid_help": {
        "sv": "Fyll i värden (eller status) för de perioder du vill rapportera och tryck Skicka in. Alla rader "
        "kontrolleras först; sparas gör allt eller inget.",
        "en": "Fill in values (or a status) for the periods you want to report and press Submit. Every row is "
        "checked first; everything is saved or nothing.",
    },
    "report.all_done": {"sv": "Allt är rapporterat.", "en": "Everything is reported."},
    "report.submit_grid": {"sv": "Skicka in ifyllda rader", "en": "Submit the filled-in rows"},
    "report.grid_empty": {"sv": "Ingen rad är ifylld.", "en": "No row is filled in."},
    "report.grid_invalid": {
        "sv": "Inget sparades. Raderna nedan har fel:",
        "en": "Nothing was saved. The rows below have errors:",
    },
    "report.stored": {
        "sv": "{count} siffror sparade och inskickade för granskning.",
        "en": "{count} figures saved and submitted for review.",
    },
    "report.file_help": {
        "sv": "Ladda ner mallen med perioderna som väntar, fyll i kolumnen **value** (eller **status**) och ladda "
        "upp filen. Kolumner: `indicator`, `area`, `period`, `value`, och valfritt `n`, `status`, `note`, `source`. "
        "CSV (UTF-8, komma eller semikolon) eller Excel (.xlsx); decimalkomma går bra.",
        "en": "Download the template with the periods due, fill in **value** (or **status**) and upload the file. "
        "Columns: `indicator`, `area`, `period`, `value`, optionally `n`, `status`, `note`, `source`. CSV (UTF-8, "
        "comma or semicolon) or Excel (.xlsx); a decimal comma is fine.",
    },
    "report.template_csv": {"sv": "Ladda ner mall (CSV)", "en": "Download template (CSV)"},
    "report.template_xlsx": {"sv": "Ladda ner mall (Excel)", "en": "Download template (Excel)"},
    "report.upload": {"sv": "Importera fil", "en": "Import a file"},
    "report.file_problem": {
        "sv": "Filen {name} kan inte läsas: {problem}. Inget sparades.",
        "en": "The file {name} cannot be read: {problem}. Nothing was saved.",
    },
    "report.file_invalid": {
        "sv": "{rows} av {total} rader har fel. Inget sparades. Rätta filen och ladda upp den igen:",
        "en": "{rows} of {total} rows have errors. Nothing was saved. Correct the file and upload it again:",
    },
    "report.file_empty": {
        "sv": "Ingen rad i filen har ett värde eller en status. Inget sparades.",
        "en": "No row in the file has a value or a status. Nothing was saved.",
    },
    "report.file_skipped": {
        "sv": "{count} rader utan värde hoppas över (mallens rader som inte fyllts i).",
        "en": "{count} rows without a value are skipped (template rows not filled in).",
    },
    "report.file_ok": {"sv": "Alla {count} rader är i ordning.", "en": "All {count} rows are fine."},
    "report.commit": {"sv": "Spara {count} siffror", "en": "Save {count} figures"},
    "report.saving": {"sv": "Sparar …", "en": "Saving …"},
    # Aktiviteter
    "activities.title": {"sv": "Registrera aktivitet", "en": "Record an activity"},
    "activities.help": {
        "sv": "Det din aktör gjort i området: den resurs- och aktivitetsnivå som löftet följer upp. Aktiviteter med "
        "en punkt visas på kartan.",
        "en": "What your actor did in the area: the resources-and-activities level of the follow-up. Activities "
        "with a point show on the map.",
    },
    "activities.no_commitment": {"sv": "– (inget särskilt åtagande)", "en": "– (no particular commitment)"},
    "activities.lon": {"sv": "Longitud (valfritt)", "en": "Longitude (optional)"},
    "activities.lat": {"sv": "Latitud (valfritt)", "en": "Latitude (optional)"},
    "activities.point_help": {
        "sv": "Platsen i WGS84, t.ex. 13,0151 och 55,5832 (högerklicka i en webbkarta för att få den). Den måste "
        "ligga i det valda området.",
        "en": "The place in WGS84, e.g. 13.0151 and 55.5832 (right-click a web map to get it). It must lie in the "
        "chosen area.",
    },
    "activities.description": {"sv": "Beskrivning", "en": "Description"},
    "activities.save": {"sv": "Spara aktivitet", "en": "Save activity"},
    "activities.saved": {"sv": "Sparat: {type} {date}.", "en": "Saved: {type} {date}."},
    "activities.recent": {"sv": "Din aktörs senaste aktiviteter", "en": "Your actor's latest activities"},
    "activities.on_map": {"sv": "Visa aktiviteterna på kartan", "en": "Show the activities on the map"},
    "activities.none": {"sv": "Inga aktiviteter registrerade än.", "en": "No activities recorded yet."},
    # Åtagandestatus
    "status.title": {"sv": "Åtagandestatus", "en": "Commitment status"},
    "status.none": {
        "sv": "Din aktör har inga egna åtaganden i det här löftet.",
        "en": "Your actor has no commitments of its own in this pledge.",
    },
    "status.comment_help": {
        "sv": "Vad har gjorts, vad återstår? Krävs vid risk för försening.",
        "en": "What was done, what remains? Required when at risk.",
    },
    "status.save": {"sv": "Spara status", "en": "Save status"},
    "status.saved": {"sv": "Sparat: {code} {state}.", "en": "Saved: {code} {state}."},
    # Granska
    "review.title": {"sv": "Granska och publicera", "en": "Review and publish"},
    "review.help": {
        "sv": "Inskickade siffror granskas innan de publiceras. Returnera med en kommentar om något ser fel ut; "
        "rapportören ser kommentaren. Bara publicerade siffror når allmänheten.",
        "en": "Submitted figures are reviewed before publishing. Return them with a comment if something looks "
        "wrong; the reporter sees it. Only published figures reach the public.",
    },
    "review.queue": {"sv": "Att granska ({count})", "en": "To review ({count})"},
    "review.empty": {"sv": "Inget väntar på granskning.", "en": "Nothing waits for review."},
    "review.choose": {"sv": "Välj", "en": "Choose"},
    "review.all": {"sv": "Välj alla {count} i listan", "en": "Choose all {count} in the list"},
    "review.comment": {"sv": "Kommentar till rapportören", "en": "Comment to the reporter"},
    "review.comment_help": {"sv": "Krävs när du returnerar.", "en": "Required when returning."},
    "review.approve": {"sv": "Godkänn ({count})", "en": "Approve ({count})"},
    "review.return": {"sv": "Returnera ({count})", "en": "Return ({count})"},
    "review.done_approve": {"sv": "{count} siffror godkända.", "en": "{count} figures approved."},
    "review.done_return": {"sv": "{count} siffror returnerade.", "en": "{count} figures returned."},
    "review.publish_title": {"sv": "Publicera godkända siffror", "en": "Publish approved figures"},
    "review.all_periods": {"sv": "Alla perioder", "en": "All periods"},
    "review.publish_help": {
        "sv": "Publiceringen gäller alla godkända siffror för perioden i ett steg.",
        "en": "Publishing covers every approved figure of the period in one step.",
    },
    "review.publish_confirm": {
        "sv": "Jag har granskat dem: de {count} siffrorna blir synliga för allmänheten",
        "en": "I have reviewed them: the {count} figures become visible to the public",
    },
    "review.publish": {"sv": "Publicera {count} godkända siffror", "en": "Publish {count} approved figures"},
    "review.published_done": {"sv": "{count} siffror publicerade.", "en": "{count} figures published."},
    # Historik
    "audit.title": {"sv": "Historik", "en": "Audit trail"},
    "audit.help": {
        "sv": "Varje ändring: vem, när, före och efter. Inget raderas; en rättelse är en ny version.",
        "en": "Every change: who, when, before and after. Nothing is deleted; a correction is a new version.",
    },
    "audit.by": {"sv": "Visa per", "en": "Show by"},
    "audit.user": {"sv": "Användare", "en": "User"},
    "audit.at": {"sv": "Tid", "en": "Time"},
    "audit.action": {"sv": "Händelse", "en": "Action"},
    "audit.key": {"sv": "Vad", "en": "What"},
    "audit.before": {"sv": "Före", "en": "Before"},
    "audit.after": {"sv": "Efter", "en": "After"},
    "audit.count": {"sv": "{count} händelser (de senaste 1 000).", "en": "{count} entries (the latest 1,000)."},
    # Användare
    "users.title": {"sv": "Användare", "en": "Users"},
    "users.role": {"sv": "Roll", "en": "Role"},
    "users.actor": {"sv": "Aktör (för rapportörer)", "en": "Actor (for reporters)"},
    "users.active": {"sv": "aktiv", "en": "active"},
    "users.disabled": {"sv": "avstängd", "en": "disabled"},
    "users.locked": {"sv": "låst", "en": "locked"},
    "users.created": {"sv": "Skapad", "en": "Created"},
    "users.add": {"sv": "Lägg till användare", "en": "Add a user"},
    "users.manage": {"sv": "Ändra användare", "en": "Change a user"},
    "users.again": {"sv": "Lösenord igen", "en": "Password again"},
    "users.differ": {"sv": "Lösenorden är olika. Inget sparades.", "en": "The passwords differ. Nothing was saved."},
    "users.added": {"sv": "Användaren {name} är tillagd.", "en": "The user {name} is added."},
    "users.disable": {"sv": "Stäng av", "en": "Disable"},
    "users.enable": {"sv": "Aktivera", "en": "Enable"},
    "users.disabled_done": {"sv": "{name} är avstängd.", "en": "{name} is disabled."},
    "users.enabled_done": {"sv": "{name} är aktiv.", "en": "{name} is active."},
    "users.new_password": {"sv": "Nytt lösenord (minst 10 tecken)", "en": "New password (at least 10 characters)"},
    "users.set_password": {"sv": "Byt lösenord", "en": "Set password"},
    "users.password_done": {"sv": "Lösenordet för {name} är bytt.", "en": "The password of {name} is changed."},
}


def t(key: str, lang: str = "sv", /, **values: object) -> str:
    """The message for ``key`` in ``lang`` (Swedish if the English text is missing), with values filled in."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["sv"]
    return text.format(**values) if values else text
