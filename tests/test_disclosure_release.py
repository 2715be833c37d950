"""What the public sees across every offered view and release, against an attacker who combines them all: activity
participants over every span the public is offered, a correction held back by the audit, baselines, and rates.

- Activity participants (the cell key method, quarter by quarter): no participant count of a single quarter is
  narrowed below the band its ``<5`` stands for by all offered spans together (the quarters of the pledge, and the
  pledge up to each quarter's end), as a property over random activities, with a small integer program as the
  attacker (written here, apart from the product: it knows only the published method's bounds).
- A correction the audit holds back: the public keeps seeing what it saw, nothing disappears.
- A protected indicator's baseline reaches the public only as a copy of a number the public already sees.
- A rate per 1,000 declared ``people`` is not shown (its count cannot be checked: the store holds no population).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from sqlalchemy import text

from indicators.base.models import Actor, Area, Indicator, Role
from indicators.read import published, queries
from indicators.rules import disclosure
from indicators.storage import db, release, store
from indicators.storage.store import SYSTEM, BulkFigure, Principal
from tests.support import examples

PLEDGE = "sofielund-2022"
TODAY = dt.date(2026, 11, 26)
POL = Principal("pol", Role.EDITOR, "POL")
KIND = "meeting"  # an activity type the demo data has none of


# --- Activity participants: an attacker over every offered span ------------------------------------------------


def _small_band() -> tuple[int, int]:
    """What ``<5`` on a participant total stands for, by the published method: 1–4 where a 0 is shown as 0, else
    0–4 (the attacker knows the method, never the store's key)."""
    _, status = disclosure.perturb("any key", [(1, 0)])
    return (0, 4) if status == "small" else (1, 4)


def _quarter_cells(pledge: dict[str, Any]) -> list[tuple[dt.date, dt.date]]:
    """The quarters the public is offered on their own (each a span of :func:`published.activity_spans`)."""
    spans = published.activity_spans(pledge, TODAY)
    firsts = {s for s in spans if s[0] != pledge["start"]}
    first = min(spans, key=lambda s: s[1])  # the first quarter starts on the pledge's first day
    return sorted(firsts | {first}, key=lambda s: s[0])


def participant_intervals(
    shown: dict[tuple[dt.date, dt.date], tuple[Any, Any]], quarters: list[tuple[dt.date, dt.date]]
) -> dict[tuple[dt.date, dt.date], tuple[float, float]]:
    """The attacker: every quarter's participants as an integer unknown (0 or more), each offered span's shown total
    read by the published method's bounds (``<5``: the small band; 0: none; a number v over m quarters: within
    v ± 2·m, for each quarter's total is off by at most 2; never below 5 where one quarter shows 5), and for each
    quarter shown ``<5`` the lowest and highest value it can take given all of them together."""
    low, high = _small_band()
    rows, lo, hi = [], [], []
    q = len(quarters)
    for (start, end), (value, status) in shown.items():
        inside = [i for i, (a, b) in enumerate(quarters) if a >= start and b <= end]
        coef = np.zeros(q)
        coef[inside] = 1
        if status == "small":
            bounds = (low, high)
        elif value is None or pd.isna(value):
            bounds = (0, 0)  # no participants recorded in the span: nothing to add up
        elif value == 0:
            bounds = (0, 0)
        else:
            m = len(inside)
            bounds = (max(5 if m == 1 else 0, value - 2 * m), value + 2 * m)
        rows.append(coef)
        lo.append(bounds[0])
        hi.append(bounds[1])
    constraint = LinearConstraint(np.array(rows), lo, hi)
    out = {}
    for i, span in enumerate(quarters):
        if shown.get(span, (None, None))[1] != "small":
            continue
        ends = []
        for sign in (1, -1):
            c = np.zeros(q)
            c[i] = sign
            res = milp(c, constraints=[constraint], bounds=Bounds(0, np.inf), integrality=np.ones(q))
            assert res.status == 0, f"the attacker's bounds have no solution: {res.message}"
            ends.append(sign * res.fun)
        out[span] = (ends[0], ends[1])
    return out


def _record(url: str, activities: list[tuple[dt.date, int | None]]) -> None:
    def work(s: db.Session) -> None:
        s.execute(text("DELETE FROM activity WHERE type = :t"), {"t": KIND})
        for day, participants in activities:
            raw = {"type": KIND, "date": day.isoformat(), "area": "11319", "hours": "1", "commitment": "P1",
                   "participants": "" if participants is None else str(participants)}  # fmt: skip
            store.record_activity(s, POL, raw, today=TODAY)

    db.run_write(work, url)


def _shown_everywhere(url: str) -> tuple[dict[tuple[dt.date, dt.date], tuple[Any, Any]], list, dict]:
    """What every offered span shows of the test's activity type, the quarters, and the pledge."""
    with db.read_session(url) as s:
        pledge = queries.pledge(s, PLEDGE)
        assert pledge is not None
        shown = {}
        for span in published.activity_spans(pledge, TODAY):
            frame = published.activity_totals(s, PLEDGE, *span)
            mine = frame[frame["type"] == KIND]
            shown[span] = (None, None) if not len(mine) else (mine["participants"].iloc[0],
                                                              mine["participants_status"].iloc[0])  # fmt: skip
    return shown, _quarter_cells(pledge), pledge


def _narrowed(url: str) -> list[str]:
    shown, quarters, _ = _shown_everywhere(url)
    low, high = _small_band()
    return [f"{span[0]}: <5 narrowed to {lo:g}–{hi:g}" for span, (lo, hi) in
            participant_intervals(shown, quarters).items() if lo > low or hi < high]  # fmt: skip


def test_four_quarters_of_one_participant_each_are_not_pinned(store_url: str) -> None:
    """The attack: one dialogue a quarter with one participant. Every quarter and every span since the pledge started
    showed <5; four quarters of at least 1 with a sum of at most 4 made each exactly 1."""
    days = [dt.date(2022, 5, 10), dt.date(2022, 8, 10), dt.date(2022, 11, 10), dt.date(2023, 2, 10)]
    _record(store_url, [(d, 1) for d in days])
    assert _narrowed(store_url) == []
    shown, quarters, _ = _shown_everywhere(store_url)
    assert all(shown[q][1] == "small" for q in quarters[:4])  # each quarter still says only "fewer than five"


def test_a_quarter_with_no_participants_shows_as_fewer_than_five(store_url: str) -> None:
    """0 and 1–4 look alike (``<5``): a ``<5`` never says "at least one", so no sum of quarters has a lower bound
    to pin a quarter with."""
    _record(store_url, [(dt.date(2022, 5, 10), 0), (dt.date(2022, 8, 10), 3)])
    shown, quarters, _ = _shown_everywhere(store_url)
    for quarter in quarters[:2]:
        value, status = shown[quarter]
        assert pd.isna(value) and status == "small"


#: An activity's participants: often none recorded or a few (the counts the attack needs), sometimes many.
PARTICIPANTS = st.sampled_from([None, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 9, 15, 30])


@examples(200)
@given(data=st.lists(st.lists(PARTICIPANTS, max_size=3), min_size=5, max_size=5))
def test_no_offered_spans_narrow_a_quarters_participants(new_store: Callable[..., str], data: list) -> None:
    """The property: random activities in the pledge's five quarters (none, or up to three with 0–30 participants or
    none recorded); after every offered span is read, no quarter shown ``<5`` can be narrowed below its band."""
    url = _property_store(new_store)
    with db.read_session(url) as s:
        pledge = queries.pledge(s, PLEDGE)
        assert pledge is not None
    quarters = _quarter_cells(pledge)
    activities = [(start + dt.timedelta(days=i), p) for (start, _), day in zip(quarters, data, strict=True)
                  for i, p in enumerate(day)]  # fmt: skip
    _record(url, activities)
    assert _narrowed(url) == [], activities


_STORES: dict[int, str] = {}


def _property_store(new_store: Callable[..., str]) -> str:
    """One demo store for every example of the property (the examples replace the test's activities)."""
    key = id(new_store)
    if key not in _STORES:
        _STORES[key] = new_store()
    return _STORES[key]


# --- A correction held back: the public keeps seeing what it saw -------------------------------------------------

COUNT = "XCNT"


@pytest.fixture
def bare_url(tmp_path: Path) -> Iterator[str]:
    """A migrated SQLite store with one actor, Sofielund-like areas (S made up of S1 and S2) and a count of people."""
    url = f"sqlite:///{tmp_path / 'bare.db'}"
    db.migrate(url)

    def work(session: db.Session) -> None:
        session.add(Actor(code="POL", name="Polisen"))
        session.add(Area(code="S", name="S", kind="omrade", parts_complete=True))
        session.flush()
        for code in ("S1", "S2"):
            session.add(Area(code=code, name=code, kind="omrade", parent_code="S"))
        session.add(Indicator(code=COUNT, name_sv=COUNT, name_en=COUNT, definition="test", unit="persons",
                              level="effekt", frequency="quarterly", direction="down", source="test",
                              actor_code="POL", public=True, disclosure="people"))  # fmt: skip

    db.run_write(work, url)
    yield url
    db.get_engine(url).dispose()
    db._engines.pop(url, None)


def _put(url: str, figures: list[tuple[str, float]], period: str = "2026-Q1") -> pd.DataFrame:
    rows = [BulkFigure(COUNT, area, period, value, None, None, source="test", review_state="published")
            for area, value in figures]  # fmt: skip
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=rows), url)
    with db.read_session(url) as s:
        frame = published.figures(s, (COUNT,))
    return frame.set_index(["area_code", "period"])[["value", "status_code", "version"]]


def test_a_correction_held_back_leaves_the_public_rows_as_they_were(bare_url: str) -> None:
    """S = 5 shown with its parts 4 and 1 as <5; then S is corrected to 4 and S1 to 3. Shown together as <5 they
    would pin the parts, so the audit holds the correction back. The public must keep seeing what it saw (the rows
    disappeared: that told everyone a disclosive correction was waiting), and staff see why in the audit trail."""
    first = _put(bare_url, [("S", 5), ("S1", 4), ("S2", 1)])
    second = _put(bare_url, [("S", 4), ("S1", 3)])
    pd.testing.assert_frame_equal(second, first)
    with db.read_session(bare_url) as s:
        waits = s.execute(text("SELECT entity_key FROM audit_entry WHERE action = 'disclosure.correction_waits'"))
        assert {k for (k,) in waits} <= {f"{COUNT}/S/2026-Q1", f"{COUNT}/S1/2026-Q1"}
    third = _put(bare_url, [("S", 20), ("S1", 12), ("S2", 8)], "2026-Q2")  # another period is released as ever
    assert ("S", "2026-Q2") in third.index and ("S1", "2026-Q1") in third.index


def test_corrections_of_two_indicators_written_together_wait_or_show_each_by_its_own_sums(bare_url: str) -> None:
    """Two counts in one write, read together by the release: the first's correction would pin its parts and waits
    (its block shown as before), the second's is safe and shown at once; then both wait. Each indicator's rows as
    they were are its own (found by a review: nothing tested the waiting path with two indicators in one read)."""
    other = "XCN2"

    def add(session: db.Session) -> None:
        session.add(Indicator(code=other, name_sv=other, name_en=other, definition="test", unit="persons",
                              level="effekt", frequency="quarterly", direction="down", source="test",
                              actor_code="POL", public=True, disclosure="people"))  # fmt: skip

    db.run_write(add, bare_url)

    def put(figures: list[tuple[str, str, float]]) -> pd.DataFrame:
        rows = [BulkFigure(code, area, "2026-Q1", value, None, None, source="test", review_state="published")
                for code, area, value in figures]  # fmt: skip
        db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=rows), bare_url)
        with db.read_session(bare_url) as s:
            frame = published.figures(s, (COUNT, other))
        return frame.set_index(["indicator_code", "area_code", "period"])[["value", "status_code", "version"]]

    first = put([(COUNT, "S", 5), (COUNT, "S1", 4), (COUNT, "S2", 1), (other, "S", 30), (other, "S1", 12),
                 (other, "S2", 18)])  # fmt: skip
    second = put([(COUNT, "S", 4), (COUNT, "S1", 3), (other, "S", 31), (other, "S1", 13)])
    pd.testing.assert_frame_equal(second.loc[COUNT].sort_index(), first.loc[COUNT].sort_index())
    assert second.loc[(other, "S", "2026-Q1"), "value"] == 31 and second.loc[(other, "S1", "2026-Q1"), "value"] == 13
    with db.read_session(bare_url) as s:
        waits = set(s.execute(text("SELECT entity_key FROM audit_entry WHERE action = 'disclosure.correction_waits'"))
                    .scalars())  # fmt: skip
    assert waits and all(k.startswith(f"{COUNT}/") for k in waits)
    third = put([(other, "S", 5), (other, "S1", 4), (other, "S2", 1)])  # the second's own small counts now
    fourth = put([(COUNT, "S", 3), (COUNT, "S1", 2), (other, "S", 4), (other, "S1", 3)])  # both must wait
    pd.testing.assert_frame_equal(fourth.sort_index(), third.sort_index())


def test_a_correction_shown_safely_replaces_the_old_row(bare_url: str) -> None:
    """A correction the audit lets through is shown at once (the block waits only while it must)."""
    _put(bare_url, [("S", 30), ("S1", 12), ("S2", 18)])
    second = _put(bare_url, [("S", 31), ("S1", 13)])
    assert second.loc[("S", "2026-Q1"), "value"] == 31 and second.loc[("S1", "2026-Q1"), "value"] == 13


# --- Baselines: only a copy of what the public already sees ------------------------------------------------------


def _baseline(url: str, code: str) -> tuple[Any, Any]:
    with db.read_session(url) as s:
        ind = next(i for i in published.indicators(s, PLEDGE) if i["code"] == code)
    return ind["baseline_value"], ind["baseline_period"]


def test_a_baseline_is_shown_only_as_a_published_figure(store_url: str) -> None:
    """K06 (people, a count) has the baseline 21 for 2021, read in Malmö, where 2021 is published as 21: shown. Moved
    to 2017, where Malmö's 21 is submitted but not published, the baseline would give the figure away before it is
    ever published: not shown; published, it is shown (the public sees that number anyway). A baseline of 1–4 is
    never shown (K07's 3 shootings); an indicator that protects nothing keeps its baseline."""
    assert _baseline(store_url, "K06") == (21.0, "2021")
    db.run_write(lambda s: s.execute(text("UPDATE indicator SET baseline_period = '2017' WHERE code = 'K06'")),
                 store_url)  # fmt: skip
    assert _baseline(store_url, "K06") == (None, None)
    row = BulkFigure("K06", "MALMO", "2017", 21.0, None, None, source="test", review_state="submitted")
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[row]), store_url)
    assert _baseline(store_url, "K06") == (None, None)

    def publish(s: db.Session) -> None:
        chair = Principal("styr", Role.STEERING)
        found = s.execute(text("SELECT id FROM figure WHERE indicator_code = 'K06' AND period = '2017'")).scalars()
        store.approve_figures(s, chair, list(found))
        store.publish_figures(s, chair, "2017", "K06")

    db.run_write(publish, store_url)
    assert _baseline(store_url, "K06") == (21.0, "2017")
    assert _baseline(store_url, "K07") == (None, None)
    assert _baseline(store_url, "K01")[0] == 26.8


def test_a_baseline_equal_to_a_hidden_figure_is_not_shown(bare_url: str) -> None:
    """The rule behind it, on its own: the baseline of a protected indicator is shown only where a public figure
    of its period shows that very number (a ``..`` or no figure does not)."""
    base = {"code": COUNT, "unit": "persons", "disclosure": "people", "baseline_value": 9.0, "baseline_period": "2026"}
    assert published._shown_baseline(base)["baseline_value"] is None
    assert published._shown_baseline(base, {(COUNT, 9.0)})["baseline_value"] == 9.0
    assert published._shown_baseline(base, {(COUNT, 8.0)})["baseline_value"] is None
    open_base = base | {"disclosure": "none"}
    assert published._shown_baseline(open_base)["baseline_value"] == 9.0


# --- Rates per 1,000 ---------------------------------------------------------------------------------------------


def test_a_rate_declared_people_is_not_shown(store_url: str) -> None:
    """I22 (property crimes per 1,000 residents) declared ``people``: with a sub-district's population a rate gives
    its count, and the store holds no population to tell which rate is 1–4 crimes, so no rate but 0 is shown."""

    def work(s: db.Session) -> None:
        s.execute(text("UPDATE indicator SET disclosure = 'people' WHERE code = 'I22'"))
        release.refresh(s, ["I22"])

    with db.read_session(store_url) as s:
        before = published.figures(s, ("I22",))
    assert before["value"].notna().any()  # shown as reported by default (README: why)
    db.run_write(work, store_url)
    with db.read_session(store_url) as s:
        after = published.figures(s, ("I22",))
    assert len(after) == len(before)
    rates = after[after["status_code"] != "missing"]
    assert ((rates["value"] == 0) | (rates["value"].isna() & (rates["status_code"] == "suppressed"))).all()
    assert disclosure.primary(12.5, "per_1000", None, "people") == disclosure.RATE
    assert disclosure.primary(12.5, "per_1000", None, "none") is None


# --- A rebuild written in batches -------------------------------------------------------------------------------


def _public_and_disclosed(url: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with db.read_session(url) as s:
        public = s.execute(text("SELECT indicator_code, area_code, period, value, status_code, n, version, protection "
                                "FROM public_figure ORDER BY 1, 2, 3")).all()  # fmt: skip
        disclosed = s.execute(text("SELECT indicator_code, area_code, period, version, shown FROM disclosed_figure "
                                   "ORDER BY 1, 2, 3, 4")).all()  # fmt: skip
    return [tuple(r) for r in public], [tuple(r) for r in disclosed]


def test_a_rebuild_written_a_few_rows_at_a_time_is_the_same_rebuild(
    new_store: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The release gathers the new public rows of many indicators and writes them a batch at a time: a rebuild of
    every indicator with a batch of one row (written after each indicator) leaves the public and disclosed rows
    exactly as one batch does, on two copies of the same demo store, and as they were before (nothing changed)."""
    whole, bits = new_store(), new_store()
    before = _public_and_disclosed(whole)
    assert len(before[0]) > 1000 and before == _public_and_disclosed(bits)
    db.run_write(lambda s: release.refresh(s), whole)
    monkeypatch.setattr(release, "_BATCH", 1)
    db.run_write(lambda s: release.refresh(s), bits)
    assert _public_and_disclosed(whole) == _public_and_disclosed(bits) == before


def test_publishing_reads_many_indicators_at_once_and_decides_each_as_alone(
    new_store: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Publishing reads the indicators that rebuild the same periods together (a statement per kind of read, not
    per indicator: PostgreSQL's round trips were half of a city's period). Every submitted figure of the demo store
    approved and published, on two copies: read together, and one indicator per read as before; the public and
    disclosed rows are the same, and a rebuild of every indicator, one at a time, leaves them so. (What is read for
    each indicator of a group is tested below, part by part.)"""
    chair = Principal("bench", Role.STEERING)
    together, alone = new_store(), new_store()
    reads: dict[str, list[tuple[int, int]]] = {together: [], alone: []}  # indicators per read, and audited
    read = release._read

    def counted(url: str) -> Any:
        def spy(session: db.Session, codes: list[str], only: Any, public: Any, scopes: dict, sqlite: bool) -> Any:
            reads[url].append((len(codes), len(set(codes) & set(scopes))))
            return read(session, codes, only, public, scopes, sqlite)

        return spy

    for url, rows in ((together, release._ROWS), (alone, 1)):
        monkeypatch.setattr(release, "_ROWS", rows)
        monkeypatch.setattr(release, "_read", counted(url))
        with db.read_session(url) as s:
            waiting = s.execute(text("SELECT f.id FROM figure AS f JOIN current_figure AS c ON c.figure_id = f.id "
                                     "WHERE f.review_state = 'submitted'")).scalars().all()  # fmt: skip
        assert len(waiting) > 10
        db.run_write(lambda s, ids=list(waiting): store.approve_figures(s, chair, ids), url)
        assert db.run_write(lambda s: store.publish_figures(s, chair), url) == len(waiting)
    assert max(n for n, _ in reads[together]) > 1 and max(n for n, _ in reads[alone]) == 1
    assert max(audited for _, audited in reads[together]) > 1  # several audited indicators in one read
    shown = _public_and_disclosed(together)
    assert shown == _public_and_disclosed(alone)
    db.run_write(lambda s: release.refresh(s), alone)
    assert _public_and_disclosed(alone) == shown


@examples(20)
@given(data=st.data())
def test_reading_indicators_together_gives_each_what_reading_it_alone_does(store_url: str, data: st.DataObject) -> None:
    """What a rebuild reads of a group of indicators (their public rows, published figures, versions and what each
    release showed) is, indicator by indicator, what it reads of each alone: nothing of one is counted as another's.
    Any subset of the demo store's indicators, all periods or any few of them."""
    with db.read_session(store_url) as s:
        codes = sorted(s.execute(text("SELECT code FROM indicator")).scalars().all())
        periods = sorted(s.execute(text("SELECT DISTINCT period FROM figure")).scalars().all())
        sqlite = s.connection().dialect.name == "sqlite"
        chosen = sorted(data.draw(st.sets(st.sampled_from(codes), min_size=2, max_size=8), "indicators"))
        only = data.draw(st.none() | st.lists(st.sampled_from(periods), min_size=1, max_size=6, unique=True), "only")
        public = [c for c in chosen if data.draw(st.booleans(), f"public {c}")]
        scopes = release._scopes(s, chosen, release.area_tree(s))
        scopes = {c: scope for c, scope in scopes.items() if data.draw(st.booleans(), f"audited {c}")}
        together = release._read(s, chosen, only, public, scopes, sqlite)
        for code in chosen:
            alone = release._read(s, [code], only, [code] if code in public else [], scopes, sqlite)
            for part in ("previous", "before", "rows", "versions", "disclosed"):
                mine, theirs = getattr(together, part), getattr(alone, part)
                assert (code in mine) == (code in theirs), (part, code)
                if code in mine:
                    a, b = mine[code], theirs[code]
                    a, b = (a.items(), b.items()) if isinstance(a, dict) else (a, b)  # keys and what they hold
                    assert sorted(map(repr, a)) == sorted(map(repr, b)), (part, code)
