"""The open data's Atom feed (RFC 4287): what the public can newly see, newest first, for feed readers and harvesters.

Three kinds of entry, each per pledge:

- ``figures``: new or corrected figures for a period ("Nya siffror för april 2022"): how many indicators and their
  names, never a value; updated when the newest of them was published; links to Utveckling.
- ``newsletter``: each ended quarter of the pledge with published figures in it ("Informationsbrev kvartal 2 2022");
  links to Vad har gjorts with that quarter chosen, where the newsletter is made.
- ``topic``: each published answer in "Ni sa – vi gjorde": the topic as title, the answer as content, updated when
  the steering group published it.

Only what the public can see: published figures of public indicators (:func:`indicators.read.published.figures`) of
the pledge's indicators, and published topics (:func:`indicators.read.feedback.public_topics`). An entry's id is
``urn:uuid:`` and a uuid5 of ``pledge/kind/key`` in a fixed namespace: the same entry keeps its id across rebuilds
and servers, and a correction changes its ``updated``, never its id. Text from the store has the characters XML 1.0
forbids removed (:func:`xml_safe`; the catalogue, :mod:`indicators.io.dcat`, uses the same helpers).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlmodel import Session

from indicators.base.config import Settings
from indicators.base.models import DEMO_SOURCE
from indicators.io import export
from indicators.read import feedback, published, queries
from indicators.rules import periods

#: The namespace of every id in the feed (fixed forever: changing it changes every entry's id).
NAMESPACE = uuid.UUID("ddb2a168-d487-4a85-b65e-9180208c6e45")
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The most entries the feed carries (the newest); a reader that polls now and then misses none that matter.
LIMIT = 200
#: A feed with no entries has changed never: a fixed time, so two builds of it are the same bytes.
NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
DEMO_MARK = " (exempeldata)"

# Every character XML 1.0 allows (its production "Char"); anything else cannot be written at all, not even escaped.
_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: The feed's title (the pages' <link rel="alternate"> names it so too).
TITLE = "Medborgarlöften – nytt för allmänheten"


def xml_safe(value: object) -> str:
    """Text as XML 1.0 can carry it: the characters it forbids (control characters other than tab and line ends,
    lone surrogates, U+FFFE/U+FFFF) dropped, and line ends as LF (a parser turns a bare CR into LF anyway)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)


def utc(value: Any) -> dt.datetime | None:
    """A stored time as an aware UTC datetime: SQLite hands the text (``2019-02-10 09:00:00.000000``), PostgreSQL a
    datetime; the store keeps UTC, so a naive one is UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value is None or value is pd.NaT or not isinstance(value, dt.datetime):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def rfc3339(when: dt.datetime) -> str:
    """``2023-05-02T08:15:00Z``: RFC 3339 with its time zone, as Atom asks."""
    return when.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def pledge_figures(session: Session, pledge_code: str) -> pd.DataFrame:
    """What the public sees of a pledge's figures: the published figures of its public indicators, with
    ``published`` (when each was published, aware UTC)."""
    codes = tuple(sorted(queries.pledge_indicator_codes(session, pledge_code)))
    figs = published.figures(session, codes)
    # object dtype: Python datetimes (None where unknown), not pandas timestamps, for rdflib and comparisons alike
    return figs.assign(published=pd.Series([utc(v) for v in figs["published_at"]], index=figs.index, dtype=object))


def demo_count(figs: pd.DataFrame) -> int:
    """How many of the figures are invented example data (source ``demo``)."""
    return int((figs["source"] == DEMO_SOURCE).sum()) if len(figs) else 0


def entry_id(key: str) -> str:
    """The permanent id of an entry: ``urn:uuid:`` and the uuid5 of its ``pledge/kind/key``."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


@dataclass(frozen=True)
class Entry:
    key: str  # pledge/kind/key: what the id is made from
    title: str
    updated: dt.datetime
    content: str
    link: str
    pledge_code: str
    pledge_name: str

    @property
    def id(self) -> str:
        return entry_id(self.key)


def _page(config: Settings, path: str, **params: str) -> str:
    return f"{config.public_url}/{path}?{urllib.parse.urlencode(params)}"


def _until(pledge: dict[str, Any], period: str) -> dict[str, str]:
    """The page's filters that show a period's figures: the quarter it ends in, where the page offers that quarter
    (from the pledge's first; earlier figures are in the page's charts, which always show the whole series)."""
    params = {"pledge": str(pledge["code"])}
    try:
        end = periods.parse_period(period).end
    except periods.PeriodError:
        return params
    if end >= pledge["start"]:
        params["until"] = periods.period_containing(periods.PeriodKind.QUARTER, end).code
    return params


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _label(code: str) -> str:
    try:
        return periods.parse_period(code).label("sv")
    except ValueError:
        return code


def _demo_sentence(demo: int, total: int) -> str:
    if not demo:
        return ""
    share = "Alla" if demo == total else f"{demo} av {total}"
    return f" {share} {'siffran' if total == 1 else 'siffrorna'} är påhittade exempeldata, inte verkliga uppgifter."


@dataclass
class _Group:
    """Published figures taken together (a period's, a quarter's): their indicators, how many, how many invented,
    and when the newest was published."""

    indicators: set[str]
    figures: int = 0
    demo: int = 0
    newest: dt.datetime = NEVER

    def add(self, code: str, source: str, when: dt.datetime) -> None:
        self.indicators.add(code)
        self.figures += 1
        self.demo += source == DEMO_SOURCE
        self.newest = max(self.newest, when)


def _figure_entries(config: Settings, pledge: dict[str, Any], figs: pd.DataFrame, names: dict[str, str]) -> list[Entry]:
    """One entry per period the public has figures of the pledge's indicators for."""
    groups: dict[str, _Group] = {}
    for period, code, source, when in zip(figs["period"], figs["indicator_code"], figs["source"], figs["published"],
                                          strict=True):  # fmt: skip
        groups.setdefault(period, _Group(set())).add(code, source, when)
    out = []
    for period, group in sorted(groups.items()):
        codes = [c for c in names if c in group.indicators]
        label = _label(period)
        content = (
            f"{pledge['name']}: publicerade siffror för {label} för {_count(len(codes), 'indikator', 'indikatorer')}:"
            f" {'; '.join(names[c] for c in codes)}.{_demo_sentence(group.demo, group.figures)}"
            " Siffrorna finns på sidan Utveckling och i de öppna data."
        )
        out.append(
            Entry(
                key=f"{pledge['code']}/figures/{period}",
                title=f"Nya siffror för {label} – {pledge['name']}{DEMO_MARK if group.demo else ''}",
                updated=group.newest,
                content=content,
                link=_page(config, "utveckling", **_until(pledge, period)),
                pledge_code=pledge["code"],
                pledge_name=pledge["name"],
            )
        )
    return out


def _newsletter_entries(config: Settings, pledge: dict[str, Any], figs: pd.DataFrame, today: dt.date) -> list[Entry]:
    """One entry per ended quarter of the pledge (the first from its first day, the last to its last) that the
    public has figures for: the newsletter of that quarter can be made."""
    spans = []
    for quarter in periods.periods_between(periods.PeriodKind.QUARTER, pledge["start"], pledge["end"]):
        first, last = max(quarter.start, pledge["start"]), min(quarter.end, pledge["end"])
        if last <= today:
            spans.append((quarter, first, last, _Group(set())))
    bounds = {p: periods.parse_period(p) for p in set(figs["period"])}
    for period, code, source, when in zip(figs["period"], figs["indicator_code"], figs["source"], figs["published"],
                                          strict=True):  # fmt: skip
        for _, first, last, group in spans:
            if first <= bounds[period].start and bounds[period].end <= last:
                group.add(code, source, when)
    out = []
    for quarter, _, _, group in spans:
        if not group.figures:
            continue
        label = quarter.label("sv")
        content = (
            f"Informationsbrevet för {label} om {pledge['name']}: vad som lovades, vad som har gjorts och hur det har "
            f"gått, byggt på {_count(group.figures, 'publicerad siffra', 'publicerade siffror')} för perioden."
            f"{_demo_sentence(group.demo, group.figures)} Det görs på sidan Vad har gjorts, där kvartalet kan väljas."
        )
        out.append(
            Entry(
                key=f"{pledge['code']}/newsletter/{quarter.code}",
                title=f"Informationsbrev {label} – {pledge['name']}{DEMO_MARK if group.demo else ''}",
                updated=group.newest,
                content=content,
                link=_page(config, "vad-har-gjorts", pledge=pledge["code"], until=quarter.code),
                pledge_code=pledge["code"],
                pledge_name=pledge["name"],
            )
        )
    return out


def _topic_entries(session: Session, config: Settings, pledge: dict[str, Any]) -> list[Entry]:
    """One entry per published topic with an answer: what residents said and what was done."""
    shown = feedback.public_topics(session, pledge["code"])
    shown = shown[shown["answer"].fillna("").astype(str).str.strip().str.len() > 0]
    if not len(shown):
        return []
    every = feedback.topics(session, pledge["code"])  # only for when each shown topic was published
    when = {code: utc(at) for code, at in zip(every["code"], every["published_at"], strict=True)}
    out = []
    for row in shown.itertuples(index=False):
        updated = when.get(row.code)
        if updated is None:  # taken back between the two reads
            continue
        state = feedback.answer_label(row.answer_state, "sv") if isinstance(row.answer_state, str) else ""
        out.append(
            Entry(
                key=f"{pledge['code']}/topic/{row.code}",
                title=f"Ni sa: {row.text}{DEMO_MARK if row.demo else ''}",
                updated=updated,
                content=f"Vi gjorde: {row.answer}" + (f"\n\n{state}" if state else ""),
                link=_page(config, "vad-har-gjorts", pledge=pledge["code"]),
                pledge_code=pledge["code"],
                pledge_name=pledge["name"],
            )
        )
    return out


def entries(session: Session, config: Settings, today: dt.date | None = None) -> list[Entry]:
    """Every entry of the feed, newest first (at most :data:`LIMIT`)."""
    today = today or dt.date.today()
    found: list[Entry] = []
    for listed in queries.pledges_in_order(session, today):
        pledge = queries.pledge(session, listed["code"])
        if pledge is None:
            continue
        figs = pledge_figures(session, pledge["code"])
        figs = figs[figs["published"].notna()]
        names = {i["code"]: i["name_sv"] for i in published.indicators(session, pledge["code"])}
        found += _figure_entries(config, pledge, figs, names)
        found += _newsletter_entries(config, pledge, figs, today)
        found += _topic_entries(session, config, pledge)
    found.sort(key=lambda e: e.id)
    found.sort(key=lambda e: e.updated, reverse=True)
    return found[:LIMIT]


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = xml_safe(text)
    return element


def atom(session: Session, config: Settings, today: dt.date | None = None) -> bytes:
    """The feed as an Atom document (UTF-8), in Swedish."""
    shown = entries(session, config, today)
    # Unqualified names under a default namespace declared by hand: ElementTree's default_namespace refuses the
    # unqualified attributes (rel, href) that Atom uses.
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: "sv"})
    _text(feed, "id", entry_id("feed"))
    _text(feed, "title", TITLE)
    _text(feed, "subtitle", "Nya siffror, informationsbrev och svar i Ni sa – vi gjorde, för varje medborgarlöfte.")
    _text(feed, "updated", rfc3339(shown[0].updated if shown else NEVER))
    author = ET.SubElement(feed, "author")
    _text(author, "name", config.publisher_name)
    _text(author, "uri", config.publisher_iri)
    self_url = export.file_url(config.public_url, export.FEED)
    ET.SubElement(feed, "link", {"rel": "self", "type": export.FEED_TYPE, "href": self_url})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": config.public_url + "/"})
    _text(feed, "rights", f"Öppna data under {export.LICENCE} ({export.LICENCE_URL})")
    for item in shown:
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", item.id)
        _text(entry, "title", item.title)
        _text(entry, "updated", rfc3339(item.updated))
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": item.link})
        ET.SubElement(entry, "category", {"term": xml_safe(item.pledge_code), "label": xml_safe(item.pledge_name)})
        _text(entry, "content", item.content, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
