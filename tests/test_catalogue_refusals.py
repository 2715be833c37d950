"""What a careless catalogue file may not do to a store of several pledges (attack 19): every refusal names the code,
the field, the values and the pledge, and leaves the store unchanged; what is allowed is kept as an audited version.

A loop of parents (an actor its own department, an area inside itself, directly or through others) would make every
later `seed` walk the parents for ever while holding the write lock; a pledge ending in 2205 would crash every page;
a copied file with its pledge code left unchanged would take the stored pledge over."""

from __future__ import annotations

import copy
import datetime as dt
import json
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text

from indicators.base.models import Actor, Area, AuditEntry
from indicators.io import catalogue
from indicators.storage import db
from tests.pledges import AREAS, SOFIELUND, lindangen, seed, sofielund_spec, write
from tests.support import examples

TABLES = ["pledge", "actor", "area", "indicator", "commitment", "indicator_commitment", "indicator_schedule",
          "commitment_status", "activity", "figure", "current_figure", "public_figure", "audit_entry"]  # fmt: skip
#: Lindängen's areas file as tests.pledges.write makes it.
LINDANGEN_AREAS: list[dict[str, Any]] = [
    {"code": "MALMO", "name": "Malmö", "kind": "stad"},
    {"code": "LINDANGEN", "name": "Lindängen", "kind": "omrade", "parent": "MALMO"},
    {"code": "36213", "name": "Lindängen (delområde)", "kind": "delomrade", "parent": "LINDANGEN",
     "geometry": {"file": "geo/malmo_delomraden_wgs84.geojson", "code_property": "do_kod"}},
]  # fmt: skip


def snapshot(url: str) -> dict[str, list[str]]:
    """Every row of the catalogue, figure, report and audit tables, as text."""
    with db.read_session(url) as s:
        return {t: sorted(json.dumps(dict(r), default=str, sort_keys=True)
                          for r in s.execute(text(f"SELECT * FROM {t}")).mappings()) for t in TABLES}  # fmt: skip


def _refused(url: str, path: Path, *expected: str) -> str:
    """Seeding ``path`` is refused with every ``expected`` text in the message, and the store is unchanged."""
    before = snapshot(url)
    with pytest.raises(catalogue.CatalogueError) as refused:
        seed(url, path)
    message = str(refused.value)
    for part in expected:
        assert part in message, message
    assert snapshot(url) == before
    return message


def _write_areas(tmp: Path, spec: dict[str, Any], areas: list[dict[str, Any]]) -> Path:
    """Lindängen's catalogue file with exactly ``areas`` as its areas file."""
    path = write(tmp, spec)
    (tmp / "areas.yaml").write_text(yaml.safe_dump({"areas": areas}, allow_unicode=True), encoding="utf-8")
    return path


def _sofielund_areas() -> list[dict[str, Any]]:
    areas: list[dict[str, Any]] = yaml.safe_load(AREAS.read_text(encoding="utf-8"))["areas"]
    return areas


def _audit(url: str, action: str) -> list[AuditEntry]:
    with db.read_session(url) as s:
        return list(s.execute(select(AuditEntry).where(AuditEntry.action == action)).scalars())  # type: ignore[arg-type]


# --- 1. Loops of parents --------------------------------------------------------------------------------------------


@examples(30)
@given(
    kind=st.sampled_from(["actors", "areas"]),
    length=st.integers(1, 4),
    own_code=st.booleans(),
    through_store=st.booleans(),
)
def test_any_loop_of_parents_is_refused_naming_its_codes(
    new_store: Callable[..., str], tmp_path_factory: pytest.TempPathFactory, kind: str, length: int, own_code: bool,
    through_store: bool,
) -> None:  # fmt: skip
    """Property: a loop of parents of any length among actors or areas (MKB parent MKB; LINDANGEN parent LINDANGEN;
    X0 → X1 → X0), written in one file or closed by a later file over the chain an earlier one stored, is refused
    naming every code of the loop, and the store is unchanged."""
    url = new_store()
    tmp = tmp_path_factory.mktemp("loop")
    codes = [f"X{i}" for i in range(length)]
    if own_code:  # the loop runs through a code the pledge itself uses
        codes[0] = "MKB" if kind == "actors" else "LINDANGEN"

    def files(closed: bool) -> Path:
        spec = lindangen(reuse_codes=False)
        areas = copy.deepcopy(LINDANGEN_AREAS)
        ups = [*codes[1:], codes[0] if closed else None]
        if kind == "actors":
            spec["actors"] = [a for a in spec["actors"] if a["code"] not in codes] + [
                {"code": c, "name": f"Aktör {c}", "parent": up} for c, up in zip(codes, ups, strict=True)]  # fmt: skip
        else:
            areas = [a for a in areas if a["code"] not in codes] + [
                {"code": c, "name": f"Område {c}", "kind": "omrade", "parent": up}
                for c, up in zip(codes, ups, strict=True)]  # fmt: skip
            if "LINDANGEN" in codes:  # its delområde stays inside it
                areas = [a for a in areas if a["code"] != "36213"] + [LINDANGEN_AREAS[2]]
        return _write_areas(tmp, spec, areas)

    if through_store:  # the chain stored by an earlier run of the same pledge's file, the loop closed now
        seed(url, files(closed=False))
    message = _refused(url, files(closed=True), "a loop of parents")
    loop = next(line for line in message.splitlines() if "a loop of parents" in line)
    for code in codes:
        assert code in loop, loop


def test_a_renewal_cannot_make_a_department_the_parent_of_its_own_parent(store_url: str, tmp_path: Path) -> None:
    """The renewal sets MS's parent to FGK, whose parent is MS: refused, naming both."""
    spec = _renewal()
    next(a for a in spec["actors"] if a["code"] == "MS")["parent"] = "FGK"
    _refused(store_url, write(tmp_path, spec), "actors (FGK).parent: a loop of parents FGK → MS → FGK")


def test_a_loop_already_in_the_store_never_makes_a_seed_hang(store_url: str) -> None:
    """A store that holds loops of parents (written before they were refused) : seeding walks every parent chain
    once and ends (before: for ever, holding the write lock); Sofielund's own file then sets the parents right."""

    def loops(session: db.Session) -> None:
        session.execute(text("UPDATE actor SET parent_code = 'FGK' WHERE code = 'MS'"))
        session.execute(text("UPDATE area SET parent_code = '11319' WHERE code = 'SOFIELUND'"))

    db.run_write(loops, store_url)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(_catch(lambda: seed(store_url, SOFIELUND))), daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), "seeding a store holding a loop of parents never ends"
    assert outcome and isinstance(outcome[0], dict), outcome
    with db.read_session(store_url) as s:
        assert s.get(Actor, "MS").parent_code is None  # type: ignore[union-attr]
        assert s.get(Area, "SOFIELUND").parent_code == "MALMO"  # type: ignore[union-attr]


def _catch(work: Callable[[], object]) -> object:
    try:
        return work()
    except Exception as exc:  # noqa: BLE001 - the thread hands any failure to the test
        return exc


# --- 8. Parents listed after their parts ----------------------------------------------------------------------------


@examples(10)
@given(areas_order=st.permutations(range(3)), actors_order=st.permutations(range(4)))
def test_areas_and_actors_load_in_any_order(
    new_store: Callable[..., str], tmp_path_factory: pytest.TempPathFactory, areas_order: list[int],
    actors_order: list[int],
) -> None:  # fmt: skip
    """Property: whatever order a file lists its areas and actors in (a delområde before its district, a department
    before its parent, three levels deep), they load with their parents (before: a raw IntegrityError)."""
    url = new_store(empty=True)
    spec = lindangen(reuse_codes=False)
    actors = [*spec["actors"], {"code": "MKBX", "name": "MKB bostad", "parent": "MKB"}]
    next(a for a in actors if a["code"] == "MKB")["parent"] = "MS"
    spec["actors"] = [actors[i] for i in actors_order]
    seed(url, _write_areas(tmp_path_factory.mktemp("order"), spec, [LINDANGEN_AREAS[i] for i in areas_order]))
    with db.read_session(url) as s:
        assert {a.code: a.parent_code for a in s.execute(select(Actor)).scalars()} == {
            "POLS": None, "MS": None, "MKB": "MS", "MKBX": "MKB"}  # fmt: skip
        assert {a.code: a.parent_code for a in s.execute(select(Area)).scalars()} == {
            "MALMO": None, "LINDANGEN": "MALMO", "36213": "LINDANGEN"}  # fmt: skip


# --- 2. The pledge's period -----------------------------------------------------------------------------------------


@examples(40)
@given(start=st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), end=st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_a_pledge_runs_within_the_supported_years(
    tmp_path_factory: pytest.TempPathFactory, start: dt.date, end: dt.date
) -> None:
    """Property: a pledge loads only when it starts and ends within 1990–2100 and ends no earlier than it starts
    (before: an end of 2205-12-31 loaded, and every page crashed); a refusal names the field and the date."""
    spec = lindangen(reuse_codes=False)
    spec["pledge"].update(start=start.isoformat(), end=end.isoformat())
    path = write(tmp_path_factory.mktemp("period"), spec)
    problems = []
    for name, day in (("start", start), ("end", end)):
        if not 1990 <= day.year <= 2100:
            problems.append(f"pledge.{name}: {day.isoformat()} lies outside the supported years 1990–2100")
    if end < start:
        problems.append(f"pledge.end: {end.isoformat()} ends before it starts (pledge.start {start.isoformat()}")
    if not problems:
        catalogue.load(path)
        return
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.load(path)
    for problem in problems:
        assert problem in str(refused.value)
    assert "lindangen-2024" in str(refused.value)


def test_a_pledge_ending_in_2205_is_refused(store_url: str, tmp_path: Path) -> None:
    spec = lindangen(reuse_codes=False)
    spec["pledge"]["end"] = "2205-12-31"
    _refused(store_url, write(tmp_path, spec), "pledge.end: 2205-12-31 lies outside the supported years 1990–2100")


# --- 3. Parts of an area another pledge counts as made up exactly of its parts ----------------------------------------


def test_another_districts_file_cannot_move_an_area_into_a_whole_made_of_its_parts(
    store_url: str, tmp_path: Path
) -> None:
    """Lindängen's areas file renames BID_SOFIELUND and moves it under SOFIELUND, which Sofielund counts as made up
    exactly of its parts: refused (before: stored, and Sofielund's sums changed); so is moving 11319 out of it."""
    sofielund = next(a for a in _sofielund_areas() if a["code"] == "SOFIELUND")
    bid = dict(next(a for a in _sofielund_areas() if a["code"] == "BID_SOFIELUND"), name="Lindängens BID",
               parent="SOFIELUND")  # fmt: skip
    path = _write_areas(tmp_path, lindangen(reuse_codes=False), [*LINDANGEN_AREAS, sofielund, bid])
    _refused(store_url, path, "area BID_SOFIELUND: parent_code is 'MALMO', this file says 'SOFIELUND': a part added "
             "to SOFIELUND, which pledge sofielund-2022 counts as made up exactly of its parts")  # fmt: skip
    # A part Sofielund uses moved out of it: a change of what Sofielund defined, and a part taken from the whole.
    moved = dict(next(a for a in _sofielund_areas() if a["code"] == "11319"), parent="MALMO")
    path = _write_areas(tmp_path, lindangen(reuse_codes=False), [*LINDANGEN_AREAS, moved])
    _refused(store_url, path, "area 11319: parent_code is 'SOFIELUND' as pledge sofielund-2022 defines it; this file "
             "says 'MALMO'", "area 11319: parent_code is 'SOFIELUND', this file says 'MALMO': a part taken from "
             "SOFIELUND")  # fmt: skip


def test_a_part_cannot_be_taken_from_a_whole_another_pledge_counts(store_url: str, tmp_path: Path) -> None:
    """Lindängen counts LINDANGEN as made up of 36213 and LX (LX not on its map); a third district's file moves LX
    under MALMO: refused, naming the part, the whole and the pledge."""
    areas = [*copy.deepcopy(LINDANGEN_AREAS), {"code": "LX", "name": "Lindängen norr", "parent": "LINDANGEN"}]
    areas[1]["parts_complete"] = True
    (tmp_path / "first").mkdir()
    seed(store_url, _write_areas(tmp_path / "first", lindangen(reuse_codes=False), areas))
    third = lindangen(reuse_codes=False)
    third["pledge"].update(code="rosengard-2024", name="Medborgarlöfte Rosengård", area="MALMO", map_areas=[])
    moved = [LINDANGEN_AREAS[0], {"code": "LX", "name": "Lindängen norr", "parent": "MALMO"}]
    (tmp_path / "third").mkdir()
    _refused(store_url, _write_areas(tmp_path / "third", third, moved),
             "area LX: parent_code is 'LINDANGEN', this file says 'MALMO': a part taken from LINDANGEN, which "
             "pledge lindangen-2024 counts as made up exactly of its parts")  # fmt: skip


# --- 4. A stored pledge's code in a copied file ---------------------------------------------------------------------


def test_a_copied_file_with_the_pledge_code_unchanged_cannot_take_the_pledge_over(
    store_url: str, tmp_path: Path
) -> None:
    spec = lindangen(reuse_codes=False)
    spec["pledge"]["code"] = "sofielund-2022"
    _refused(store_url, write(tmp_path, spec), "pledge.area: the pledge sofielund-2022 is for area SOFIELUND, this "
             "file says LINDANGEN; give the new pledge its own code")  # fmt: skip


def test_a_change_of_a_stored_pledge_is_an_audited_version(store_url: str, tmp_path: Path) -> None:
    """Sofielund's file re-seeded with a new name and end: the pledge changes, and the audit trail holds the fields
    before and after; the same file again makes no new version."""
    spec = sofielund_spec()
    spec["pledge"].update(name="Medborgarlöfte Sofielund 2022–2024", end="2024-04-30")
    seed(store_url, write(tmp_path, spec))
    (change,) = _audit(store_url, "pledge.change")
    assert change.entity == "pledge" and change.entity_key == "sofielund-2022"
    assert change.before == {"pledge": "sofielund-2022", "name": "Medborgarlöfte Sofielund 2022–2023",
                             "end": "2023-04-30"}  # fmt: skip
    assert change.after == {"pledge": "sofielund-2022", "name": "Medborgarlöfte Sofielund 2022–2024",
                            "end": "2024-04-30"}  # fmt: skip
    seed(store_url, write(tmp_path, spec))
    assert len(_audit(store_url, "pledge.change")) == 1


# --- 5. Commitments ---------------------------------------------------------------------------------------------------


def test_a_commitments_new_wording_is_an_audited_version(store_url: str, tmp_path: Path) -> None:
    spec = sofielund_spec()
    next(c for c in spec["commitments"] if c["code"] == "G1")["text"] = "Polisen är närvarande."
    seed(store_url, write(tmp_path, spec))
    (change,) = _audit(store_url, "commitment.change")
    assert change.entity_key == "sofielund-2022/G1"
    assert change.after == {"pledge": "sofielund-2022", "text": "Polisen är närvarande."}
    assert change.before is not None and change.before["text"].startswith("Polisen förbinder sig")
    seed(store_url, SOFIELUND)  # back to the file's wording: another version
    assert len(_audit(store_url, "commitment.change")) == 2
    seed(store_url, SOFIELUND)
    assert len(_audit(store_url, "commitment.change")) == 2


def _without(spec: dict[str, Any], code: str) -> dict[str, Any]:
    """``spec`` without commitment ``code`` (and its indicators', problems' and actions' links to it)."""
    spec["commitments"] = [c for c in spec["commitments"] if c["code"] != code]
    for ind in spec["indicators"]:
        ind["commitments"] = [c for c in ind["commitments"] if c != code]
    for prob in spec.get("problems", []):
        prob["commitments"] = [c for c in prob["commitments"] if c != code]
    spec["actions"] = [a for a in spec.get("actions", []) if a["commitment"] != code]
    return spec


def test_a_commitment_with_reports_cannot_be_left_out(store_url: str, tmp_path: Path) -> None:
    with db.read_session(store_url) as s:
        reports = s.execute(text(
            "SELECT count(*) FROM commitment_status JOIN commitment ON commitment.id = commitment_status.commitment_id"
            " WHERE commitment.code = 'M2'")).scalar()  # fmt: skip
    assert reports
    _refused(store_url, write(tmp_path, _without(sofielund_spec(), "M2")),
             f"commitment M2 of pledge sofielund-2022 has {reports} status reports; keep it in the file")  # fmt: skip


def test_a_commitment_without_reports_left_out_is_removed_with_its_links(store_url: str, tmp_path: Path) -> None:
    spec = sofielund_spec()
    spec["commitments"].append({"code": "M3", "actor": "MF", "kind": "specific", "text": "Ett nytt åtagande."})
    next(i for i in spec["indicators"] if i["code"] == "I15")["commitments"].append("M3")
    seed(store_url, write(tmp_path, spec))
    with db.read_session(store_url) as s:
        m3 = s.execute(text("SELECT id FROM commitment WHERE code = 'M3'")).scalar()
        assert s.execute(text(f"SELECT count(*) FROM indicator_commitment WHERE commitment_id = {m3}")).scalar() == 1
    seed(store_url, write(tmp_path, _without(spec, "M3")))
    with db.read_session(store_url) as s:
        assert s.execute(text(f"SELECT count(*) FROM commitment WHERE id = {m3}")).scalar() == 0
        assert s.execute(text(f"SELECT count(*) FROM indicator_commitment WHERE commitment_id = {m3}")).scalar() == 0
    (removed,) = _audit(store_url, "commitment.remove")
    assert removed.entity_key == "sofielund-2022/M3" and removed.after is None
    assert removed.before == {"pledge": "sofielund-2022", "actor_code": "MF", "kind": "specific",
                              "text": "Ett nytt åtagande.", "text_en": "", "indicators": ["I15"]}  # fmt: skip


# --- 6. Figures for areas the pledge does not use -------------------------------------------------------------------


def test_a_file_adds_figures_only_for_its_own_pledges_areas(store_url: str, tmp_path: Path) -> None:
    """Lindängen's file copies Sofielund's areas and adds a figure of its own L01 for 11319 and a new I20 figure for
    11319: refused, naming each (before: published straight away); its own 36213 and MALMO above it are fine."""
    spec = lindangen(reuse_codes=False)
    i20 = copy.deepcopy(next(i for i in sofielund_spec()["indicators"] if i["code"] == "I20"))
    spec["indicators"].append({**i20, "commitments": ["L1"]})  # I20 as Sofielund defines it, with its actor
    spec["actors"].append(copy.deepcopy(next(a for a in sofielund_spec()["actors"] if a["code"] == i20["actor"])))
    spec["figures"] = [
        {"indicator": "L01", "area": "11319", "period": "2024-01", "value": 3, "source": "x"},
        {"indicator": "I20", "area": "11319", "period": "2025-H2", "value": 4.9, "source": "Lindängen says"},
    ]
    shared = [copy.deepcopy(a) for a in _sofielund_areas() if a["code"] in ("SOFIELUND", "11319")]
    path = write(tmp_path, spec, extra_areas=shared)
    _refused(store_url, path,
             "figures[0] (L01 11319 2024-01): area 11319 is not one pledge lindangen-2024 uses (its area LINDANGEN",
             "figures[1] (I20 11319 2025-H2): area 11319 is not one pledge lindangen-2024 uses")  # fmt: skip
    spec["figures"] = [{"indicator": "L01", "area": area, "period": "2024-01", "value": 3, "source": "x"}
                       for area in ("36213", "MALMO")]  # fmt: skip
    assert seed(store_url, write(tmp_path, spec, extra_areas=shared))["figures"] == 2


def test_a_file_cannot_publish_figures_into_a_series_another_pledge_shares(store_url: str, tmp_path: Path) -> None:
    """Second attack: Lindängen copied K06 (shootings in Malmö) word for word and added a 2025 figure, published at
    once and then locking Sofielund's own file out; with a schedule naming 11319 it wrote into Sofielund's I20. A
    file's figures are published without review, so a shared indicator's figures come through the import only."""
    spec = lindangen(reuse_codes=False)
    sofielund = sofielund_spec()
    for code in ("K06", "I20"):
        shared = copy.deepcopy(next(i for i in sofielund["indicators"] if i["code"] == code))
        spec["indicators"].append({**shared, "commitments": ["L1"]})
        owner = next(a for a in sofielund["actors"] if a["code"] == shared["actor"])
        if owner["code"] not in {a["code"] for a in spec["actors"]}:
            spec["actors"].append(copy.deepcopy(owner))
    spec["indicators"][-1]["schedule"] = {"areas": ["11319"]}  # I20 "reported" by Lindängen for 11319
    spec["figures"] = [
        {"indicator": "K06", "area": "MALMO", "period": "2025", "value": 7, "source": "Lindängen says"},
        {"indicator": "I20", "area": "11319", "period": "2018", "value": 4.9, "source": "Lindängen says"},
    ]
    areas = [copy.deepcopy(a) for a in _sofielund_areas() if a["code"] in ("SOFIELUND", "11319")]
    _refused(store_url, write(tmp_path, spec, extra_areas=areas),
             "figures (K06 MALMO 2025): K06 is also pledge sofielund-2022's indicator; report its figures through "
             "the import", "figures (I20 11319 2018): I20 is also pledge sofielund-2022's indicator")  # fmt: skip


# --- 7. Renewals ------------------------------------------------------------------------------------------------------


def _renewal() -> dict[str, Any]:
    spec = sofielund_spec()
    spec["pledge"].update(code="sofielund-2023", name="Medborgarlöfte Sofielund 2023–2024", start="2023-05-01",
                          end="2024-12-31", renews="sofielund-2022")  # fmt: skip
    spec["figures"] = []
    return spec


def test_renewals_cannot_loop_nor_run_backwards(store_url: str, tmp_path: Path) -> None:
    """2023 renews 2022; 2022's file then says it renews 2023: refused as a loop (and 2023 starts after 2022). A
    renewal that starts before the pledge it renews is refused too."""
    seed(store_url, write(tmp_path, _renewal(), "renewal.yaml"))
    looped = sofielund_spec()
    looped["pledge"]["renews"] = "sofielund-2023"
    _refused(
        store_url,
        write(tmp_path, looped),
        "pledge.renews: a loop of renewals sofielund-2022 → sofielund-2023 → sofielund-2022",
        "pledge.renews: sofielund-2023 starts 2023-05-01, after pledge sofielund-2022 (start 2022-04-01)",
    )
    early = _renewal()
    early["pledge"].update(code="sofielund-2021", start="2021-01-01", end="2021-12-31")
    _refused(
        store_url,
        write(tmp_path, early, "early.yaml"),
        "pledge.renews: sofielund-2022 starts 2022-04-01, after pledge sofielund-2021 (start 2021-01-01)",
    )
    moved = sofielund_spec()
    moved["pledge"].update(start="2023-06-01", end="2024-06-01")
    _refused(store_url, write(tmp_path, moved, "moved.yaml"),
             "pledge.start: 2023-06-01 is after the start 2023-05-01 of pledge sofielund-2023, which renews "
             "sofielund-2022")  # fmt: skip


# --- 9. Codes, schedules, numbers, look-alike texts -------------------------------------------------------------------


@pytest.mark.parametrize(("where", "field"), [("actors", 0), ("indicators", 0), ("commitments", 1)])
def test_an_empty_code_is_refused(tmp_path: Path, where: str, field: int) -> None:
    spec = lindangen(reuse_codes=False)
    spec[where][field]["code"] = " \t"
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.load(write(tmp_path, spec))
    assert f"{where}[{field}]" in str(refused.value) and ".code: String should have at least 1 character" in str(
        refused.value
    )


def test_a_code_differing_only_in_case_from_a_stored_one_is_refused(store_url: str, tmp_path: Path) -> None:
    spec = lindangen()
    spec["actors"][0]["code"] = "pol"
    for c in spec["commitments"]:
        c["actor"] = "pol" if c["actor"] == "POL" else c["actor"]
    spec["indicators"][0].update(code="i01", actor="pol")
    spec["indicators"][1]["actor"] = "MKB"
    spec["pledge"]["code"] = "SOFIELUND-2022"
    _refused(store_url, write(tmp_path, spec),
             "actor pol: differs only in case from the stored actor POL",
             "indicator i01: differs only in case from the stored indicator I01",
             "pledge SOFIELUND-2022: differs only in case from the stored pledge sofielund-2022")  # fmt: skip


def test_codes_differing_only_in_case_within_a_file_are_refused(tmp_path: Path) -> None:
    spec = lindangen(reuse_codes=False)
    spec["indicators"].append(dict(spec["indicators"][0], code="l01"))
    with pytest.raises(catalogue.CatalogueError, match=r"indicators \(L01, l01\): codes that differ only in case"):
        catalogue.load(write(tmp_path, spec))


def test_a_schedules_first_period_must_be_of_the_indicators_kind(tmp_path: Path) -> None:
    spec = lindangen(reuse_codes=False)
    spec["indicators"][0]["schedule"] = {"first": "2024-W14"}
    spec["indicators"][1]["schedule"] = {"first": "2024"}
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.load(write(tmp_path, spec))
    assert "indicators[0] (L01).schedule.first: 2024-W14 is a week period; L01 is reported monthly" in str(
        refused.value
    )
    assert "indicators[1] (L02).schedule.first: 2024 is a year period; L02 is reported quarterly" in str(refused.value)


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize("field", ["target", "baseline", "maximum"])
def test_a_target_baseline_or_maximum_must_be_a_finite_number(tmp_path: Path, number: float, field: str) -> None:
    spec = lindangen(reuse_codes=False)
    spec["indicators"][0][field] = number if field == "maximum" else {"value": number, "period": "2025"}
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.load(write(tmp_path, spec))
    assert f"indicators[0] (L01).{field}" in str(refused.value)
    assert "Input should be a finite number" in str(refused.value)


def test_a_refusal_shows_how_two_texts_that_look_the_same_differ(store_url: str, tmp_path: Path) -> None:
    """Lindängen writes Malmö stad's name in NFD (o and a combining diaeresis): refused, and the message shows the
    difference the eye cannot see."""
    spec = lindangen(reuse_codes=False)
    spec["actors"][1]["name"] = unicodedata.normalize("NFD", "Malmö stad")
    _refused(store_url, write(tmp_path, spec),
             r"actor MS: name is 'Malm\xf6 stad' (NFC) as pledge sofielund-2022 defines it; this file says "
             r"'Malmo\u0308 stad' (NFD)")  # fmt: skip


@pytest.mark.parametrize(
    ("where", "code"),
    [("pledge", "../../utanfor"), ("pledge", "/tmp/absolut"), ("indicators", '=HYPERLINK("http://x";"klick")'),
     ("indicators", "-2+3"), ("actors", "@SUM"), ("pledge", "a/b"), ("indicators", "I 01")],
)  # fmt: skip
def test_a_code_that_could_leave_a_folder_or_run_in_a_spreadsheet_is_refused(
    store_url: str, tmp_path: Path, where: str, code: str
) -> None:
    """Codes name the open data's folders (/oppna-data/<pledge>/) and start its spreadsheets' rows (attack 22: a
    pledge code `../../x` wrote files outside the export's folder; an indicator code `=HYPERLINK(…)` was a formula)."""
    spec = lindangen(reuse_codes=False)
    if where == "pledge":
        spec["pledge"]["code"] = code
    else:
        spec[where][0]["code"] = code
    _refused(store_url, write(tmp_path, spec), "a code is a letter or digit", repr(code))
