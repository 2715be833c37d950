"""The Atom feed, read back with feedparser and ElementTree: valid Atom, stable ids, newest first, and only what the
public can see (published figures of public indicators, published topics)."""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import col

from indicators.base.config import Settings, settings
from indicators.base.models import Pledge, ReviewState, Role
from indicators.io import export, feed
from indicators.read import feedback as feedback_read
from indicators.read import published, queries
from indicators.storage import db, feedback, store
from indicators.storage.store import SYSTEM, BulkFigure, Principal
from tests import pledges
from tests.support import examples

A = "{http://www.w3.org/2005/Atom}"
CHAIR = Principal("ordf", Role.STEERING)
SOFIELUND = "sofielund-2022"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _build(url: str, config: Settings | None = None) -> bytes:
    with db.read_session(url) as s:
        return feed.atom(s, config or settings())


def _entries(raw: bytes) -> dict[str, dict[str, str]]:
    """Each entry by id: its title, updated and link, as ElementTree reads them."""
    root = ET.fromstring(raw)
    out = {}
    for entry in root.findall(f"{A}entry"):
        link = entry.find(f"{A}link")
        assert link is not None
        out[entry.findtext(f"{A}id", "")] = {
            "title": entry.findtext(f"{A}title", ""),
            "updated": entry.findtext(f"{A}updated", ""),
            "content": entry.findtext(f"{A}content", ""),
            "link": link.get("href", ""),
        }
    return out


def _key(kind: str, key: str, pledge: str = SOFIELUND) -> str:
    return f"urn:uuid:{uuid.uuid5(feed.NAMESPACE, f'{pledge}/{kind}/{key}')}"


def _figures(url: str, *figures: BulkFigure) -> None:
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=list(figures)), url)


def test_the_feed_is_atom_that_feedparser_and_elementtree_read(store_url: str) -> None:
    """RFC 4287's required elements, dates with their time zone, newest first, and the feed updated when its newest
    entry was."""
    raw = _build(store_url)
    config = settings()
    parsed: Any = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id.startswith("urn:uuid:") and parsed.feed.title and parsed.feed.author == config.publisher_name
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"self": export.file_url(config.public_url, export.FEED), "alternate": config.public_url + "/"}
    assert 0 < len(parsed.entries) <= feed.LIMIT
    assert all(e.id.startswith("urn:uuid:") and e.title and e.link and e.updated_parsed for e in parsed.entries)
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)

    root = ET.fromstring(raw)
    assert root.tag == f"{A}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{A}{name}") is not None, name
    entries = _entries(raw)
    times = [feed.utc(e["updated"].replace("Z", "+00:00")) for e in entries.values()]
    assert all(RFC3339.match(e["updated"]) for e in entries.values())
    assert times == sorted(times, reverse=True)  # newest first
    assert root.findtext(f"{A}updated") == next(iter(entries.values()))["updated"]
    # every kind is there: figures per period, the newsletters of the pledge's ended quarters, published answers
    assert _key("figures", "2022-04") in entries and _key("newsletter", "2022-Q2") in entries
    assert entries[_key("figures", "2022-04")]["title"].startswith("Nya siffror för april 2022")
    assert entries[_key("newsletter", "2022-Q2")]["link"].endswith(
        "/vad-har-gjorts?pledge=sofielund-2022&until=2022-Q2"
    )
    with db.read_session(store_url) as s:
        answered = feedback_read.public_topics(s, SOFIELUND)
    answered = answered[answered["answer"].fillna("").str.len() > 0]
    assert len(answered) and all(_key("topic", code) in entries for code in answered["code"])


def test_ids_and_dates_are_the_same_in_every_build_and_on_every_server(store_url: str) -> None:
    first = _entries(_build(store_url))
    again = _entries(_build(store_url))
    elsewhere = _entries(_build(store_url, settings().model_copy(update={"public_url": "https://example.se/mb"})))
    assert first == again
    assert {i: e["updated"] for i, e in first.items()} == {i: e["updated"] for i, e in elsewhere.items()}
    assert all(e["link"].startswith("https://example.se/mb/") for e in elsewhere.values())


def test_publishing_another_period_adds_one_entry_and_changes_no_other(store_url: str) -> None:
    """Approved figures are not public; publishing their period adds its figures entry, and every other entry keeps
    its id and its date."""
    before = _entries(_build(store_url))
    _figures(
        store_url,
        BulkFigure("I02", "11319", "2026-02", 11.0, source="POL", review_state=ReviewState.APPROVED),
        BulkFigure("I02", "11320", "2026-02", 12.0, source="POL", review_state=ReviewState.APPROVED),
    )
    assert _entries(_build(store_url)) == before
    db.run_write(lambda s: store.publish_figures(s, CHAIR, "2026-02"), store_url)
    after = _entries(_build(store_url))
    added = set(after) - set(before)
    assert added == {_key("figures", "2026-02")}
    assert {i: after[i] for i in before} == before
    new = after[_key("figures", "2026-02")]
    assert new["title"] == "Nya siffror för februari 2026 – Medborgarlöfte Sofielund 2022–2023"  # not demo data
    assert "1 indikator:" in new["content"] and "11" not in new["content"].replace("2026", "")  # names, no values
    assert next(iter(after)) == _key("figures", "2026-02")  # the newest


def test_demo_figures_are_marked_in_the_title(store_url: str) -> None:
    with db.read_session(store_url) as s:
        figs = published.figures(s, tuple(queries.pledge_indicator_codes(s, SOFIELUND)))
    demo_periods = set(figs[figs["source"] == "demo"]["period"])
    real_periods = set(figs["period"]) - demo_periods
    assert demo_periods and real_periods
    entries = _entries(_build(store_url))
    for period in set(figs["period"]):
        title = entries[_key("figures", period)]["title"]
        assert title.endswith("(exempeldata)") == (period in demo_periods), title


def test_unpublished_figures_and_non_public_indicators_never_appear(store_url: str, tmp_path: Path) -> None:
    """A second pledge whose indicator L02 is not public: its figures, and the other's unpublished ones, add nothing."""
    spec = pledges.lindangen(reuse_codes=False)
    spec["indicators"][1]["public"] = False
    pledges.seed(store_url, pledges.write(tmp_path, spec))
    before = _entries(_build(store_url))
    _figures(
        store_url,
        BulkFigure("L01", "36213", "2024-03", 3.0, source="Polisen", review_state=ReviewState.SUBMITTED),
        BulkFigure("L01", "36213", "2024-04", 3.0, source="Polisen", review_state=ReviewState.APPROVED),
        BulkFigure("L02", "36213", "2024-Q1", 3.0, source="MKB"),  # published, but L02 is not public
    )
    raw = _build(store_url)
    assert _entries(raw) == before
    assert b"Trappuppg" not in raw and b"lindangen-2024" not in raw
    _figures(store_url, BulkFigure("L01", "36213", "2024-Q1", 4.0, source="Polisen"))
    after = _entries(_build(store_url))
    # its period's entry, and the newsletter of the quarter it falls in (Lindängen's first, ended)
    assert set(after) - set(before) == {_key(kind, "2024-Q1", "lindangen-2024") for kind in ("figures", "newsletter")}
    entry = after[_key("figures", "2024-Q1", "lindangen-2024")]
    assert "1 indikator: Fotpatrulleringar kring centrum." in entry["content"] and "Trappuppg" not in entry["content"]


@given(wanted=st.lists(st.booleans(), min_size=6, max_size=6))
@examples(25)
def test_only_published_topics_appear(store_url: str, wanted: list[bool]) -> None:
    """Whatever the steering group has published or taken back, the feed carries exactly the published topics that
    have an answer, and no text of another."""
    with db.read_session(store_url) as s:
        every = feedback_read.topics(s, SOFIELUND)
    ids = dict(zip(every["code"], every["id"], strict=True))
    codes = sorted(ids)
    assert len(codes) == len(wanted)
    state = dict(zip(codes, wanted, strict=True))
    db.run_write(lambda s: feedback.publish_topics(s, CHAIR, {int(ids[c]): p for c, p in state.items()}), store_url)
    raw = _build(store_url)
    entries = _entries(raw)
    shown = {i for i in entries if i in {_key("topic", c) for c in codes}}
    answered = {c for c, a in zip(every["code"], every["answer"], strict=True) if isinstance(a, str) and a.strip()}
    assert shown == {_key("topic", c) for c in codes if state[c] and c in answered}
    for code, text, answer in zip(every["code"], every["text"], every["answer"], strict=True):
        if not state[code]:
            assert f"Ni sa: {text}".encode() not in raw
            assert not answer or f"Vi gjorde: {answer}".encode() not in raw
    newest = max((e["updated"] for e in entries.values()), default=None)
    assert ET.fromstring(raw).findtext(f"{A}updated") == newest


def test_hostile_text_still_makes_a_well_formed_feed(store_url: str) -> None:
    name = 'Löfte <b>&amp; "citat" ]]> \x01slut\x0b'
    db.run_write(
        lambda s: s.execute(sa.update(Pledge).where(col(Pledge.code) == SOFIELUND).values(name=name)), store_url
    )
    raw = _build(store_url)
    assert not {b"\x01", b"\x0b"} & {bytes([c]) for c in raw}
    parsed: Any = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    title = _entries(raw)[_key("figures", "2022-04")]["title"]
    assert title.endswith('Löfte <b>&amp; "citat" ]]> slut (exempeldata)')


def test_a_store_without_pledges_gives_an_empty_valid_feed(empty_url: str) -> None:
    raw = _build(empty_url)
    parsed: Any = feedparser.parse(raw)
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.updated == "1970-01-01T00:00:00Z"
    assert _build(empty_url) == raw
