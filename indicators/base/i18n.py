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
    "app.table_scroll": {
        "sv": "Tabell (rulla i sidled med piltangenterna)",
        "en": "Table (scroll sideways with the arrow keys)",
    },
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
        "sv": "För aktörernas rapportörer, styrgruppen och administratören. Efter fem felaktiga lösenord får du "
        "vänta en stund innan du försöker igen (först 30 sekunder, sedan längre). Kontakta administratören om du "
        "har glömt ditt lösenord.",
        "en": "For the actors' reporters, the steering group and the administrator. After five wrong passwords you "
        "wait a while before trying again (30 seconds at first, then longer). Ask the administrator if you forgot "
        "your password.",
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
    # Public view (anyone, not signed in)
    "nav.pub_pledge": {"sv": "Löftet", "en": "The pledge"},
    "nav.pub_done": {"sv": "Vad har gjorts", "en": "What has been done"},
    "nav.pub_trends": {"sv": "Utveckling", "en": "Developments"},
    "nav.pub_method": {"sv": "Så följer vi upp", "en": "How we follow up"},
    "nav.pub_about": {"sv": "Om tjänsten", "en": "About the service"},
    "nav.public_section": {"sv": "Offentlig vy", "en": "Public view"},
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
    "public.published_only": {
        "sv": "Här visas bara siffror som aktörerna har rapporterat och styrgruppen har granskat och publicerat. "
        "Små antal (1–4) visas som <5 och enkätandelar med färre än 30 svarande visas inte, så att ingen kan pekas ut.",
        "en": "Only figures that the actors reported and the steering group reviewed and published are shown. Small "
        "counts (1–4) show as <5 and survey shares with fewer than 30 respondents are not shown, so that nobody can "
        "be singled out.",
    },
    "public.change": {"sv": "{diff} sedan {period}", "en": "{diff} since {period}"},
    "public.points": {"sv": "procentenheter", "en": "percentage points"},
    "public.protected": {"sv": ".. skyddad uppgift", "en": ".. suppressed"},
    "pub.method.status_rule": {
        "sv": "Så räknas läget mot målet ut",
        "en": "How progress towards the target is worked out",
    },
    "pub.method.activities": {
        "sv": "Aktiviteter (till exempel patrullpass och trygghetsvandringar) är aktörernas eget arbete och handlar "
        "inte om enskilda personer. De visas därför som de är, räknade per slag och område, utan platser eller "
        "namn, och alltid för hela kvartal. Antalet deltagare handlar om människor: 1–4 visas som <5, och större "
        "antal med en liten avvikelse på högst två personer som är densamma varje gång samma aktiviteter räknas "
        "(SCB:s så kallade cellnyckelmetod). Då går det inte att räkna ut hur många som var med vid ett enskilt "
        "tillfälle genom att jämföra två summor.",
        "en": "Activities (for example patrol shifts and safety walks) are the actors' own work and are not about "
        "individuals. They are therefore shown as they are, counted by type and area, without places or names, and "
        "always for whole quarters. The number of participants is about people: 1–4 show as <5, and larger numbers "
        "with a small deviation of at most two people that is the same each time the same activities are counted "
        "(Statistics Sweden's cell key method). Comparing two totals then cannot tell how many took part on a "
        "single occasion.",
    },
    "public.as_table": {"sv": "Visa som tabell", "en": "Show as a table"},
    "public.why_hidden": {"sv": "Varför dold", "en": "Why hidden"},
    "public.activities": {"sv": "Aktiviteter som har genomförts", "en": "Activities carried out"},
    "public.activity_count": {"sv": "Antal aktiviteter", "en": "Number of activities"},
    "public.no_activities": {
        "sv": "Inga aktiviteter är registrerade för perioden.",
        "en": "No activities are recorded for the period.",
    },
    "public.status_counts": {
        "sv": "Av {total} åtaganden är {done} klara, {ongoing} pågår, {not_started} har inte börjat och {at_risk} är i "
        "risk; för {none} har aktören inte rapporterat något än.",
        "en": "Of {total} commitments, {done} are done, {ongoing} are ongoing, {not_started} have not started and "
        "{at_risk} are at risk; for {none} the actor has not reported yet.",
    },
    "disclosure.small": {"sv": "färre än fem (1–4)", "en": "fewer than five (1–4)"},
    "disclosure.protected": {
        "sv": "skyddad uppgift – visas inte för att skydda enskilda",
        "en": "protected – not shown, to protect individuals",
    },
    # Löftet
    "pub.pledge.lead": {
        "sv": "Ett medborgarlöfte är ett löfte från polisen, kommunen och andra aktörer till dem som bor och verkar i "
        "ett område: så här ska vi tillsammans arbeta för att det ska bli tryggare. Här kan du följa vad som lovades, "
        "vad som har gjorts och om något har blivit bättre.",
        "en": "A citizen pledge is a promise from the police, the municipality and other actors to the people who "
        "live and work in an area: this is how we will work together to make it safer. Here you can follow what "
        "was promised, what has been done and whether anything has improved.",
    },
    "pub.pledge.see": {
        "sv": "Se vad som har gjorts och om det har blivit bättre:",
        "en": "See what has been done and whether things improved:",
    },
    "pub.pledge.who": {"sv": "Vilka lovar?", "en": "Who promises?"},
    "pub.pledge.why": {"sv": "Varför ett löfte?", "en": "Why a pledge?"},
    "pub.pledge.why_lead": {
        "sv": "Löftet bygger på en gemensam lägesbild av problemen i området:",
        "en": "The pledge builds on a shared picture of the problems in the area:",
    },
    "pub.pledge.what": {"sv": "Vad har de lovat?", "en": "What did they promise?"},
    "pub.pledge.what_lead": {
        "sv": "Varje aktör har lovat att göra vissa saker. Under ”Vad har gjorts” ser du hur långt de har kommit.",
        "en": "Each actor promised to do certain things. Under “What has been done” you can see how far they are.",
    },
    "pub.pledge.follow": {"sv": "Så kan du följa arbetet", "en": "How you can follow the work"},
    "pub.pledge.follow_lead": {
        "sv": "Löftet säger att du ska kunna följa arbetet. Det görs genom:",
        "en": "The pledge says that you can follow the work. This is done through:",
    },
    # Vad har gjorts
    "pub.done.lead": {
        "sv": "Här ser du varje aktörs åtaganden och hur långt de har kommit, så som aktören själv har rapporterat "
        "till och med {until}.",
        "en": "Here you see each actor's commitments and how far they have come, as the actor itself reported up to "
        "{until}.",
    },
    "pub.done.last_update": {"sv": "Senast uppdaterat: {at}", "en": "Last updated: {at}"},
    "pub.done.activities_lead": {
        "sv": "Aktiviteter som aktörerna har registrerat från {start} till {end}, räknade per slag och område. Platser "
        "och personer visas inte.",
        "en": "Activities the actors recorded from {start} to {end}, counted by type and area. Places and people are "
        "not shown.",
    },
    "pub.done.map": {"sv": "Aktiviteter per område", "en": "Activities by area"},
    "pub.done.participants_help": {
        "sv": "Antal deltagare visas ungefärligt: 1–4 som <5, större antal med en liten, fast avvikelse på högst två "
        "personer, så att ingen kan räkna ut hur många som var med vid ett enskilt tillfälle. Aktiviteterna räknas "
        "för hela kvartal.",
        "en": "Participants are shown approximately: 1–4 as <5, larger numbers with a small fixed deviation of at "
        "most two people, so that nobody can work out how many took part on a single occasion. Activities are "
        "counted for whole quarters.",
    },
    "pub.done.map_help": {
        "sv": "Mörkare färg betyder fler aktiviteter. Samma siffror finns i tabellen under kartan.",
        "en": "A darker colour means more activities. The same figures are in the table below the map.",
    },
    "pub.done.letter_lead": {
        "sv": "Informationsbrevet sammanfattar för en period vad som lovades, vad som har gjorts och hur "
        "effekterna har utvecklats. Det går att skriva ut eller spara som PDF från webbläsaren.",
        "en": "The newsletter sums up, for a period, what was promised, what has been done and how the effects "
        "moved. You can print it or save it as PDF from the browser.",
    },
    "letter.title": {"sv": "Informationsbrev", "en": "Newsletter"},
    "letter.choose": {"sv": "Period för informationsbrevet", "en": "Period of the newsletter"},
    "letter.no_quarter": {
        "sv": "Informationsbrev finns för hela kvartal: det första kvartalet av löftet är inte slut än.",
        "en": "Newsletters cover whole quarters: the pledge's first quarter has not ended yet.",
    },
    "letter.span_pledge": {"sv": "Hela löftet till och med {end}", "en": "The whole pledge up to {end}"},
    "letter.download": {"sv": "Ladda ner informationsbrevet (HTML)", "en": "Download the newsletter (HTML)"},
    "letter.print_help": {
        "sv": "Öppna filen i webbläsaren och välj Skriv ut → Spara som PDF för en PDF.",
        "en": "Open the file in the browser and choose Print → Save as PDF for a PDF.",
    },
    "letter.period": {"sv": "Period: {start} – {end}", "en": "Period: {start} – {end}"},
    "letter.promised": {"sv": "Det här lovade vi", "en": "What we promised"},
    "letter.done": {"sv": "Det här har gjorts", "en": "What has been done"},
    "letter.effects": {"sv": "Så har det gått", "en": "How it went"},
    "letter.effects_help": {
        "sv": "Effektindikatorerna vid periodens början och slut (senaste publicerade värde vid varje tidpunkt).",
        "en": "The effect indicators at the start and the end of the period (the latest published value at each).",
    },
    "letter.before": {"sv": "Vid början", "en": "At the start"},
    "letter.after": {"sv": "Vid slutet", "en": "At the end"},
    # Utveckling
    "pub.trends.lead": {
        "sv": "De senaste publicerade siffrorna för {area}, nivå för nivå. Byt område i menyn.",
        "en": "The latest published figures for {area}, level by level. Change the area in the menu.",
    },
    "pub.trends.latest": {"sv": "Senaste siffrorna", "en": "The latest figures"},
    "pub.trends.one": {"sv": "Följ en indikator över tid", "en": "Follow an indicator over time"},
    "pub.trends.definition": {"sv": "Så mäts det", "en": "How it is measured"},
    "pub.trends.uncertainty": {"sv": "Hur säker siffran är", "en": "How certain the figure is"},
    "pub.trends.chart_help": {
        "sv": "Varje område har en egen färg, linjetyp och markör. Det skuggade fältet är löftets period. Värden som "
        "är dolda för att skydda enskilda saknas i diagrammet; tabellen visar dem med sitt tecken.",
        "en": "Each area has its own colour, line style and marker. The shaded band is the pledge period. Values "
        "hidden to protect individuals are left out of the chart; the table shows them by their symbol.",
    },
    "pub.trends.all_hidden": {
        "sv": "Alla värden för de valda områdena är dolda för att skydda enskilda. Se tabellen.",
        "en": "All values for the chosen areas are hidden to protect individuals. See the table.",
    },
    "pub.trends.map": {"sv": "Karta över områdena", "en": "Map of the areas"},
    "pub.trends.map_help": {
        "sv": "Mörkare färg betyder högre värde, oavsett vad som är bra. Grått: inget värde att visa. Samma siffror "
        "finns i tabellen.",
        "en": "A darker colour means a higher value, whatever is good. Grey: no value to show. The same figures are "
        "in the table.",
    },
    "pub.trends.download": {"sv": "Ladda ner siffrorna (öppna data)", "en": "Download the figures (open data)"},
    "pub.trends.download_lead": {
        "sv": "Alla publicerade siffror med indikator, definition, enhet, område, period, värde eller tecken, antal "
        "svarande och källa. Fri att använda (CC0).",
        "en": "Every published figure with indicator, definition, unit, area, period, value or symbol, respondents "
        "and source. Free to use (CC0).",
    },
    "pub.trends.download_csv": {"sv": "CSV", "en": "CSV"},
    "pub.trends.download_xlsx": {"sv": "Excel (XLSX)", "en": "Excel (XLSX)"},
    "pub.trends.download_json": {"sv": "JSON", "en": "JSON"},
    "pub.uncertainty.survey": {
        "sv": "Siffran kommer från en enkät där bara en del av de boende svarar. Felstaplarna visar ett "
        "95-procentigt osäkerhetsintervall: det verkliga värdet ligger med stor sannolikhet inom det. Med cirka 150 "
        "svarande är felmarginalen ungefär ±8 procentenheter. Andelar med färre än 30 svarande visas inte.",
        "en": "The figure comes from a survey that only some residents answer. The error bars show a 95 % "
        "interval: the true value very likely lies within it. With about 150 respondents the margin is about ±8 "
        "percentage points. Shares with fewer than 30 respondents are not shown.",
    },
    "pub.uncertainty.index": {
        "sv": "Indexet bygger på enkätsvar och har en felmarginal som källan inte redovisar. Små skillnader mellan "
        "två mätningar kan bero på slumpen.",
        "en": "The index builds on survey answers and has a margin of error that the source does not report. Small "
        "differences between two surveys may be chance.",
    },
    "pub.uncertainty.count": {
        "sv": "Ett räknat antal från aktörens egna register. Antal från 1 till 4 visas som <5 så att ingen kan "
        "pekas ut.",
        "en": "A count from the actor's own records. Counts from 1 to 4 show as <5 so that nobody can be singled out.",
    },
    "pub.uncertainty.crime": {
        "sv": "Anmälda brott visar inte all brottslighet: de beror också på hur många som anmäler och på hur mycket "
        "polisen arbetar i området (fler kontroller ger fler narkotikabrott).",
        "en": "Reported crime does not show all crime: it also depends on how many report and on how much the police "
        "work in the area (more checks give more drug offences).",
    },
    "pub.uncertainty.category": {
        "sv": "En klassning som ändras när den ansvariga myndigheten gör en ny bedömning, inte ett mätvärde.",
        "en": "A classification that changes when the responsible authority reassesses it, not a measurement.",
    },
    "pub.uncertainty.register": {
        "sv": "Uppgiften kommer från aktörens egna register; den är ingen stickprovsundersökning.",
        "en": "The figure comes from the actor's own records; it is not a sample survey.",
    },
    # Så följer vi upp
    "pub.method.lead": {
        "sv": "Löftet följs upp på tre nivåer: vad aktörerna har lagt in och gjort, om de har gjort det de lovade, "
        "och om något har blivit bättre i området.",
        "en": "The pledge is followed up on three levels: what the actors put in and did, whether they did what they "
        "promised, and whether anything has improved in the area.",
    },
    "pub.method.resurs_aktivitet": {
        "sv": "Här räknas tid, pengar och aktiviteter, till exempel timmar av polisens närvaro och extra städrundor.",
        "en": "Here time, money and activities are counted, for example hours of police presence and extra cleaning "
        "rounds.",
    },
    "pub.method.prestation": {
        "sv": "Här jämförs det som levererades med det som lovades, till exempel antal medborgardialoger och "
        "trygghetsvandringar.",
        "en": "Here what was delivered is compared with what was promised, for example the number of citizen "
        "dialogues and safety walks.",
    },
    "pub.method.effekt": {
        "sv": "Här syns om läget har förändrats, till exempel hur trygga de boende känner sig och hur många brott "
        "som anmäls. Effekter tar tid och påverkas av mer än löftet.",
        "en": "Here you see whether the situation has changed, for example how safe residents feel and how many "
        "crimes are reported. Effects take time and depend on more than the pledge.",
    },
    "pub.method.examples": {"sv": "{count} indikatorer, till exempel:", "en": "{count} indicators, for example:"},
    "pub.method.checked": {"sv": "Så granskas och publiceras siffrorna", "en": "How figures are checked and published"},
    "pub.method.checked_text": {
        "sv": "1. Varje aktör rapporterar sina egna siffror, med källa.\n"
        "2. Systemet kontrollerar att värdet är rimligt: rätt enhet, rätt period och inga omöjliga tal.\n"
        "3. Styrgruppen granskar siffrorna. Den som har rapporterat en siffra får inte själv godkänna den.\n"
        "4. Först när en siffra är godkänd och publicerad syns den här. Rättelser sparas som nya versioner, så "
        "inget skrivs över i det tysta.",
        "en": "1. Each actor reports its own figures, with a source.\n"
        "2. The system checks that the value is plausible: the right unit, the right period and no impossible "
        "numbers.\n"
        "3. The steering group reviews the figures. Whoever reported a figure may not approve it.\n"
        "4. Only when a figure is approved and published does it show here. Corrections are kept as new versions, "
        "so nothing is silently overwritten.",
    },
    "pub.method.how_often": {"sv": "Hur ofta", "en": "How often"},
    "pub.method.frequency": {"sv": "Rapporteras", "en": "Reported"},
    "pub.method.indicators": {"sv": "Antal indikatorer", "en": "Indicators"},
    "pub.method.how_often_text": {
        "sv": "Styrgruppen går igenom siffrorna på sina möten. Enkäter som polisens trygghetsmätning görs mer sällan, "
        "så effekterna ändras långsammare än aktiviteterna.",
        "en": "The steering group goes through the figures at its meetings. Surveys such as the police safety "
        "survey are done less often, so the effects change more slowly than the activities.",
    },
    "pub.method.symbols": {"sv": "Tecken i tabellerna", "en": "Symbols in the tables"},
    "pub.method.symbol": {"sv": "Tecken", "en": "Symbol"},
    "pub.method.meaning": {"sv": "Betyder", "en": "Means"},
    "pub.symbol.zero": {"sv": "noll – det blev inget", "en": "zero – there were none"},
    "pub.symbol.missing": {"sv": "uppgift saknas", "en": "missing"},
    "pub.symbol.suppressed": {
        "sv": "skyddad uppgift – dold så att ingen kan pekas ut",
        "en": "suppressed – hidden so that nobody can be singled out",
    },
    "pub.symbol.na": {"sv": "ej tillämpligt", "en": "not applicable"},
    "pub.symbol.small": {"sv": "färre än fem (1–4)", "en": "fewer than five (1–4)"},
    "pub.method.disclosure": {
        "sv": "Så skyddar vi enskilda. Siffror om människor – hur många som utsatts för brott, hur många unga som fått "
        "stöd, hur många som svarat på en enkät – visas aldrig så att någon kan pekas ut. Antal från 1 till 4 visas "
        "som <5, och andelar från enkäter med färre än 30 svarande visas inte. Innan nya siffror publiceras prövar "
        "vi dem som en nyfiken läsare skulle göra: vi räknar med allt som någonsin har publicerats – summor och "
        "deras delar, ett år och dess kvartal, tidigare nedladdningar – och tar reda på hur nära en dold siffra "
        "går att räkna sig. Går den att ringa in mer än tecknet säger (<5 ska kunna vara vilket tal som helst från "
        "1 till 4, en dold andel ska vara osäker inom minst {band} procentenheter), döljer vi fler siffror (..) tills "
        "det inte går. Det som en gång har publicerats finns kvar; vi skyddar då i stället med andra siffror. En "
        "siffra som dolts för att skydda en annan förblir dold så länge den inte ändras. Vilken "
        "regel som dolde en viss siffra säger vi inte, eftersom det i sig kan avslöja den. Räkningen görs med linjär "
        "optimering. Aktörernas eget arbete – dialoger, trygghetsvandringar, städrundor, tillsynsbesök – handlar "
        "inte om enskilda och visas som det räknats. Samma siffror gäller i tabeller, diagram, kartor, "
        "informationsbrev och nedladdningar.",
        "en": "How we protect individuals. Figures about people – how many were victims of crime, how many young "
        "people got support, how many answered a survey – are never shown so that anyone can be singled out. Counts "
        "from 1 to 4 show as <5, and survey shares with fewer than 30 respondents are not shown. Before new figures "
        "are published we test them as a curious reader would: we take everything ever published – totals and "
        "their parts, a year and its quarters, earlier downloads – and work out how closely a hidden figure can be "
        "pinned down. If it can be narrowed more than its symbol says (<5 must remain any number from 1 to 4, a "
        "hidden share must stay uncertain within at least {band} percentage points), we hide more figures (..) "
        "until it cannot. What has once been published stays published; we protect with other figures instead. A "
        "figure hidden to protect another stays hidden as long as it is unchanged. "
        "We do not say which rule hid a given figure, as that could itself give it away. The working-out is done "
        "with linear programming. The actors' own work – dialogues, safety walks, cleaning rounds, inspections – "
        "is not about individuals and is shown as counted. The same figures are used in tables, charts, maps, "
        "newsletters and downloads.",
    },
    "pub.method.status": {
        "sv": "Läget mot målet visas alltid med tecken och ord, aldrig bara med färg: ✔ målet nått · ↗ i rätt "
        "riktning · → går långsamt · ↘ går åt fel håll · – uppgift saknas · ○ inget mål satt.",
        "en": "Progress towards the target is always shown with a symbol and a word, never by colour alone: ✔ "
        "target reached · ↗ on track · → slow progress · ↘ deteriorating · – no data · ○ no target.",
    },
    # Om tjänsten
    "pub.about.lead": {
        "sv": "Den här tjänsten visar uppföljningen av {pledge}. Den drivs gemensamt av aktörerna bakom löftet.",
        "en": "This service shows the follow-up of {pledge}. The actors behind the pledge run it together.",
    },
    "pub.about.contact": {"sv": "Kontakt", "en": "Contact"},
    "pub.about.contact_set": {
        "sv": "Frågor om tjänsten eller siffrorna: {contact}",
        "en": "Questions about the service or the figures: {contact}",
    },
    "pub.about.contact_default": {
        "sv": "Frågor om tjänsten eller siffrorna: kontakta Malmö stads kontaktcenter, telefon 040-34 10 00, eller "
        "polisen på telefon 114 14.",
        "en": "Questions about the service or the figures: contact Malmö stad's contact centre, phone +46 40 34 10 "
        "00, or the police on phone 114 14.",
    },
    "pub.about.emergency": {
        "sv": "Vid brott som pågår eller när det är bråttom: ring 112. Tjänsten tar inte emot tips om brott.",
        "en": "For a crime in progress or an emergency: call 112. The service does not take crime tips.",
    },
    "pub.about.problem": {"sv": "Rapportera ett fel", "en": "Report a problem"},
    "pub.about.problem_text": {
        "sv": "Ser du en siffra som verkar fel, eller fungerar något inte? Kontakta oss enligt ovan och berätta "
        "vilken sida, vilken indikator och vilken period det gäller. Vi svarar inom tio arbetsdagar. Rättade siffror "
        "sparas som nya versioner.",
        "en": "Do you see a figure that looks wrong, or does something not work? Contact us as above and say which "
        "page, indicator and period it is. We answer within ten working days. Corrected figures are kept as new "
        "versions.",
    },
    "pub.about.a11y": {"sv": "Tillgänglighetsredogörelse", "en": "Accessibility statement"},
    "pub.about.a11y_intro": {
        "sv": "Aktörerna bakom {pledge} står bakom den här tjänsten. Vi vill att så många som möjligt ska kunna "
        "använda den. Här beskriver vi hur tjänsten uppfyller lagen (2018:1937) om tillgänglighet till digital "
        "offentlig service, kända brister och hur du kan rapportera problem så att vi kan åtgärda dem.",
        "en": "The actors behind {pledge} are responsible for this service. We want as many people as possible to be "
        "able to use it. Here we describe how the service meets the Swedish act (2018:1937) on accessibility of "
        "digital public services, known shortcomings and how you can report problems so that we can fix them.",
    },
    "pub.about.a11y_status": {"sv": "Hur tillgänglig är tjänsten?", "en": "How accessible is the service?"},
    "pub.about.a11y_status_text": {
        "sv": "Tjänsten är delvis förenlig med WCAG 2.1 nivå AA. Texten är på svenska med engelska som val, varje "
        "diagram och karta har en tabell med samma siffror, läget mot målet visas med tecken och ord och inte bara "
        "med färg, och sidorna går att använda med tangentbord och på en mobil.",
        "en": "The service partially conforms to WCAG 2.1 level AA. The text is in Swedish with English as an "
        "option, every chart and map has a table with the same figures, progress is shown by symbol and word and "
        "not by colour alone, and the pages work with a keyboard and on a phone.",
    },
    "pub.about.a11y_gaps": {"sv": "Innehåll som inte är tillgängligt", "en": "Content that is not accessible"},
    "pub.about.a11y_gaps_text": {
        "sv": "- Kartorna är bilder som en skärmläsare inte kan läsa och som inte går att styra med tangentbordet. "
        "Använd tabellen under varje karta; den har samma uppgifter.\n"
        "- Diagrammens inbyggda verktyg (zoom och panorering) fungerar bäst med mus. Tabellen under diagrammet har "
        "samma siffror.\n"
        "- Informationsbrevet är en HTML-fil; PDF får du genom att skriva ut den från webbläsaren.",
        "en": "- The maps are images that a screen reader cannot read and that cannot be controlled by keyboard. Use "
        "the table below each map; it holds the same data.\n"
        "- The charts' built-in tools (zoom and pan) work best with a mouse. The table below the chart has the same "
        "figures.\n"
        "- The newsletter is an HTML file; you get a PDF by printing it from the browser.",
    },
    "pub.about.a11y_report": {"sv": "Rapportera brister i tillgängligheten", "en": "Report accessibility problems"},
    "pub.about.a11y_report_text": {
        "sv": "Om du inte kan använda något i tjänsten, eller vill ha innehållet i ett annat format, kontakta oss "
        "enligt ovan. Vi svarar inom tio arbetsdagar.",
        "en": "If you cannot use something in the service, or want the content in another format, contact us as "
        "above. We answer within ten working days.",
    },
    "pub.about.a11y_supervision": {"sv": "Tillsyn", "en": "Enforcement"},
    "pub.about.a11y_supervision_text": {
        "sv": "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet "
        "till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg "
        "och påtala det (digg.se).",
        "en": "The Agency for Digital Government (Digg) supervises the act on accessibility of digital public "
        "services. If you are not satisfied with how we handle your comments, you can contact Digg (digg.se).",
    },
    "pub.about.a11y_tested": {"sv": "Hur vi har testat tjänsten", "en": "How we tested the service"},
    "pub.about.a11y_tested_text": {
        "sv": "Varje ändring av tjänsten testas automatiskt: alla offentliga sidor granskas med verktyget axe-core "
        "i en riktig webbläsare, både i datorbredd och i en mobils bredd (390 pixlar), och får inte ha allvarliga "
        "brister. Sidorna har också gåtts igenom med tangentbord. Redogörelsen uppdaterades senast 2026-11-22.",
        "en": "Every change to the service is tested automatically: all public pages are checked with the axe-core "
        "tool in a real browser, both at desktop width and at a phone's width (390 pixels), and may have no serious "
        "issues. The pages were also walked through by keyboard. This statement was last updated on 2026-11-22.",
    },
    "pub.about.data": {"sv": "Öppna data och licens", "en": "Open data and licence"},
    "pub.about.data_text": {
        "sv": "Alla publicerade siffror ({figures} st.) går att ladda ner som CSV, Excel och JSON under licensen "
        "{licence} (fri att använda), med samma skydd för enskilda som på sidorna. Senast publicerat: {published}.",
        "en": "All published figures ({figures}) can be downloaded as CSV, Excel and JSON under the {licence} licence "
        "(free to use), with the same protection of individuals as on the pages. Last published: {published}.",
    },
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
    "report.stale": {
        "sv": "{problem} Det du skrev finns kvar: jämför och spara igen om dina värden ska gälla.",
        "en": "Nothing was saved: someone else saved some of these rows after you began ({problem}). What you "
        "entered is kept: compare, and save again if your values should stand.",
    },
    "report.recheck": {"sv": "Kontrollera filen igen", "en": "Check the file again"},
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
    "report.grid_changed": {
        "sv": "Listan har ändrats sedan du började fylla i den (någon har rapporterat en siffra, eller styrgruppen har "
        "skickat tillbaka en). Inget sparades; fyll i raderna igen, så hamnar varje värde på rätt rad.",
        "en": "The list changed after you began filling it in (someone reported a figure, or the steering group "
        "returned one). Nothing was saved; fill in the rows again, so that each value lands on its own row.",
    },
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
    "users.locked": {"sv": "väntar efter för många fel lösenord", "en": "waiting after too many wrong passwords"},
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
