"""The printed meeting report as the chair projects and prints it (issue 20, bug 4): read as a reader sees it, from
its HTML (the standard library's parser: the text of each section and the cells of each table)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from indicators.base import formatting
from indicators.base.i18n import LANGUAGES, catalogue
from indicators.base.models import Role
from indicators.read import overview, queries
from indicators.render.html import TEMPLATES
from indicators.rules.units import UNITS
from indicators.storage import db, store
from indicators.storage.store import SYSTEM, BulkFigure, Principal
from indicators.views import report

UNTIL, TODAY = dt.date(2023, 6, 30), dt.date(2023, 7, 1)
CHAIR = Principal("ordf", Role.STEERING)


class Page(HTMLParser):
    """A report as read: each section's text under its heading (``sections``), each table's rows of cell texts
    under the heading above it (``tables``), and the text set in bold (``bold``)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.sections: dict[str, str] = {"": ""}
        self.tables: dict[str, list[list[str]]] = {}
        self.bold: list[str] = []
        self._heading: str | None = None
        self._section = ""
        self._row: list[str] | None = None
        self._cell: str | None = None
        self._strong: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self._heading = ""
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "strong":
            self._strong = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2" and self._heading is not None:
            self._section, self._heading = self._heading.strip(), None
            self.sections[self._section] = ""
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables.setdefault(self._section, []).append(self._row)
            self._row = None
        elif tag == "strong" and self._strong is not None:
            self.bold.append(self._strong)
            self._strong = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading += data
            return
        self.sections[self._section] += data
        if self._cell is not None:
            self._cell += data
        if self._strong is not None:
            self._strong += data

    def table(self, heading: str) -> list[dict[str, str]]:
        """The table under a heading as rows by column name."""
        header, *rows = self.tables[heading]
        return [dict(zip(header, row, strict=True)) for row in rows]

    @property
    def text(self) -> str:
        return "\n".join(self.sections.values())


def _read(url: str, since: dt.datetime | None = None, meeting_id: int | None = None, lang: str = "sv") -> Page:
    with db.read_session(url) as s:
        data = overview.build(s, "sofielund-2022", "11319", UNTIL, TODAY, since, meeting_id)
    assert data is not None
    return Page(report.overview_html(data, "Södra Sofielund", lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_says_it_is_internal_before_any_figure(store_url: str, lang: str) -> None:
    """The meeting report holds figures not yet reviewed, published or protected (a count of 3 as 3): passed on, it
    would give the public what the open pages hide. It says so at its top, before the first table (found by an
    attack: nothing in it said it was not for publication)."""
    page = _read(store_url, lang=lang)
    said = {"sv": "Internt underlag för styrgruppen", "en": "Internal paper for the steering group"}[lang]
    assert said in page.sections[""]  # above the first heading, so above every table


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_shows_the_status_rule_in_bold_never_its_markdown(store_url: str, lang: str) -> None:
    """The rule said `**Målet nått**`: the catalogue text is markdown, which the pages render and the report printed
    as it is. No asterisk or backtick of markdown reaches the reader; the status names are bold."""
    page = _read(store_url, lang=lang)
    assert "**" not in page.text and "`" not in page.text
    reached = {"sv": "Målet nått", "en": "Target reached"}[lang]
    assert (
        reached in page.bold
        and reached in page.sections[{"sv": "Så räknas statusen", "en": "How the status is computed"}[lang]]
    )


def test_no_catalogue_text_a_template_prints_as_it_is_holds_markdown() -> None:
    """A template prints a catalogue text through the ``markdown`` filter or it must be plain: so no new text in
    markdown ends up printed with its asterisks."""
    markup = re.compile(r"\*\*|(?<![\w*])\*\w|`|\]\(")
    for template in Path(TEMPLATES).glob("*.j2"):
        source = template.read_text(encoding="utf-8")
        for key, prefix, rendered in re.findall(r"t\('([\w.]+)'( ~)?[^)]*\)(\|markdown)?", source):
            if rendered:
                continue
            for lang in LANGUAGES:
                texts = {m.id: m.string for m in catalogue(lang) if isinstance(m.id, str) and m.id}
                keys = [k for k in texts if k.startswith(key)] if prefix else [key]
                for k in keys:
                    assert not markup.search(str(texts[k])), f"{template.name}: {k} ({lang}) is markdown: {texts[k]}"


def test_a_category_is_shown_by_its_label_and_numbers_with_their_units_decimals(store_url: str) -> None:
    """I23 showed its code (3) where the pages show "särskilt utsatt område", and numbers came with two decimals beside
    values of one (4,40 tonnes). Everywhere the report lists a figure: the latest values, the figures changed since a
    date, and a saved meeting's figures then and now."""
    meeting = db.run_write(lambda s: store.save_meeting(s, CHAIR, "sofielund-2022", "Styrgrupp", TODAY, "11319", UNTIL),
                           store_url)  # fmt: skip
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    later = [BulkFigure("I23", "11319", "2023-05", 2.0, source="Polisen"),  # riskområde
             BulkFigure("I09", "11319", "2023-06", 4.4, source="FGK")]  # tonnes  # fmt: skip
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, figures=later, as_catalogue=True), store_url)

    latest = {r["Kod"]: r for r in _read(store_url).table("Senaste värden")}
    assert latest["I23"]["Värde"] == "riskområde"
    assert re.fullmatch(r"4,4( \(exempeldata\))?", latest["I09"]["Värde"]), latest["I09"]
    changed = _read(store_url, since=since).table(f"Ändrat sedan {since.date().isoformat()}")
    assert {r["Kod"]: r["Värde"] for r in changed} == {"I23": "riskområde", "I09": "4,4"}
    with db.read_session(store_url) as s:
        then = queries.current_figure(s, "I09", "11319", "2023-06")
    assert then is not None
    moved = {r["Kod"]: r for r in _read(store_url, meeting_id=meeting).table("Skillnader mot i dag")}
    assert moved["I23"]["Vid mötet"] == "" and moved["I23"]["I dag"] == "riskområde"
    assert moved["I09"]["I dag"] == "4,4" and re.fullmatch(r"\d+,\d", moved["I09"]["Vid mötet"]), moved["I09"]


def test_every_unit_has_its_decimals_and_a_change_is_shown_with_them() -> None:
    """Values and changes of a unit have the same decimals, whatever the size of the number."""
    assert set(formatting.DECIMALS) == set(UNITS)
    assert formatting.figure(4.4, None, "tonnes") == "4,4" and formatting.change(4.4 - 4.1, "tonnes") == "+0,3"
    assert formatting.figure(61.1, None, "percent") == "61,1\u00a0%" and formatting.change(-0.2, "percent") == "−0,2"
    assert formatting.figure(3.28, None, "index") == "3,28" and formatting.change(0.05, "index") == "+0,05"
    assert formatting.change(-3, "count") == "−3" and formatting.change(0.04, "percent") == "0,0"
    labels = {"0": "inte klassat", "3": "särskilt utsatt område"}
    assert formatting.figure(3, None, "category", categories=labels) == "särskilt utsatt område"
    assert formatting.figure(None, "missing", "category", categories=labels) == "–"


def test_the_actor_table_counts_each_commitment_once(store_url: str) -> None:
    """Malmö stad's row added its departments' commitments, so the column summed to 38 of the pledge's 26. Each
    commitment is counted once, under the actor who gave it, its statuses too; Malmö stad's own and its departments'
    are in a column of their own, and the report says how the table counts."""
    page = _read(store_url)
    rows = page.table("Aktörer och åtaganden")
    with db.read_session(store_url) as s:
        pledge_commitments = int(queries.actor_summary(s, "sofielund-2022")["commitments"].sum())
    assert pledge_commitments == 26
    assert sum(int(r["Åtaganden"]) for r in rows) == pledge_commitments
    for r in rows:
        assert int(r["Enligt plan"]) + int(r["Efter"]) + int(r["Inte rapporterad"]) == int(r["Åtaganden"]), r
    by_code = {r[""]: r for r in rows}
    departments = sum(int(r["Åtaganden"]) for r in rows if r["Del av"] == "Malmö stad")
    assert by_code["MS"]["Inklusive förvaltningarnas"] == str(int(by_code["MS"]["Åtaganden"]) + departments) == "14"
    assert all(r["Inklusive förvaltningarnas"] == "" for r in rows if r[""] != "MS")
    assert "Åtaganden i löftet: 26." in page.sections["Aktörer och åtaganden"]
