"""The real catalogue file: what it holds, and how the CLI treats it, a broken copy of it and a second pledge."""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from sqlalchemy import func, select

from indicators import cli
from indicators.base.config import ROOT, settings
from indicators.base.models import Commitment, IndicatorCommitment, Level, Pledge
from indicators.io import catalogue
from indicators.rules import disclosure
from indicators.rules.units import UNITS
from indicators.storage import db
from tests.support import cli as run_in_process

PLEDGE_FILE = Path(settings().pledge_file)
AREAS_FILE = ROOT / "data" / "areas" / "sofielund.yaml"
COMMITMENT_CODES = {
    *(f"G{i}" for i in range(1, 5)),
    *(f"P{i}" for i in range(1, 6)),
    *(f"F{i}" for i in range(1, 7)),
    *(f"A{i}" for i in range(1, 5)),
    *(f"B{i}" for i in range(1, 6)),
    *(f"M{i}" for i in range(1, 3)),
}


@pytest.fixture(scope="module")
def cat() -> catalogue.Catalogue:
    return catalogue.load(PLEDGE_FILE)


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    """The catalogue file as plain data, with its areas file made absolute so copies can live anywhere."""
    data = yaml.safe_load(PLEDGE_FILE.read_text(encoding="utf-8"))
    data["pledge"]["areas_file"] = str(AREAS_FILE)
    return data  # type: ignore[no-any-return]


def write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m indicators ARGS` as a user runs it (in this process: :func:`tests.support.cli`)."""
    return run_in_process(*args)


def seed(url: str, *files: Path) -> dict[str, int]:
    """Seed with the real CLI and return the counts of what it changed."""
    done = run_cli("--db", url, "seed", *map(str, files))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.split(": ", 1)[1])["catalogue"]  # type: ignore[no-any-return]


def snapshot(url: str, capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What `info --json` and `catalogue --json` print for the store (the CLI's code, run in this process)."""
    capsys.readouterr()
    assert cli.main(["--db", url, "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert cli.main(["--db", url, "catalogue", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    return info, rows


# --- what the real file holds ------------------------------------------------------------------------------------


def test_the_real_catalogue_loads(cat: catalogue.Catalogue) -> None:
    """The shipped file passes every check and names its pledge and period."""
    assert cat.spec.pledge.code == "sofielund-2022"
    assert (cat.spec.pledge.start.isoformat(), cat.spec.pledge.end.isoformat()) == ("2022-04-01", "2023-04-30")


def test_the_catalogue_has_six_actors_with_the_city_over_its_offices(cat: catalogue.Catalogue) -> None:
    """POL, MS, BID sign; FGK, ASF and MF are Malmö stad's offices."""
    parents = {a.code: a.parent for a in cat.spec.actors}
    assert parents == {"POL": None, "MS": None, "BID": None, "FGK": "MS", "ASF": "MS", "MF": "MS"}


def test_the_catalogue_has_the_pledges_26_commitments(cat: catalogue.Catalogue) -> None:
    """Exactly G1–G4, P1–P5, F1–F6, A1–A4, B1–B5 and M1–M2, each once."""
    codes = [c.code for c in cat.spec.commitments]
    assert len(codes) == 26
    assert set(codes) == COMMITMENT_CODES


def test_every_commitment_is_followed_and_every_indicator_follows_one(cat: catalogue.Catalogue) -> None:
    """Links go both ways: no commitment without an indicator, no indicator without a known commitment."""
    indicators = cat.spec.indicators
    assert len(indicators) >= 24
    assert len({i.code for i in indicators}) == len(indicators)
    followed_by = {c: [i.code for i in indicators if c in i.commitments] for c in COMMITMENT_CODES}
    assert [c for c, inds in followed_by.items() if not inds] == []
    assert [i.code for i in indicators if not i.commitments or not set(i.commitments) <= COMMITMENT_CODES] == []


def test_each_level_has_indicators(cat: catalogue.Catalogue) -> None:
    """Resources and activities, outputs and effects are all followed up."""
    levels = {i.level for i in cat.spec.indicators}
    assert levels == set(Level)


def test_the_store_links_each_indicator_to_the_files_commitments(
    store_url: str, cat: catalogue.Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    """After seeding, `catalogue --json` shows every indicator with exactly the commitments the file gives it."""
    _, rows = snapshot(store_url, capsys)
    assert {r["code"]: set(r["commitments"]) for r in rows} == {i.code: set(i.commitments) for i in cat.spec.indicators}


# --- the CLI with the real file, a second pledge, and broken copies ----------------------------------------------


def test_seeding_the_same_file_twice_changes_nothing_the_second_time(
    empty_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first seed loads the catalogue; the second reports no change and leaves the store as it was."""
    first = seed(empty_url)
    assert first["actors"] == 6 and first["commitments"] == 26 and first["indicators"] >= 24
    before = snapshot(empty_url, capsys)
    assert before[0]["pledges"] == 1
    assert all(n > 0 for n in before[0]["indicators_by_level"].values())
    assert seed(empty_url, PLEDGE_FILE) == dict.fromkeys(first, 0)
    assert snapshot(empty_url, capsys) == before


def test_a_second_pledge_file_loads_beside_the_first(
    empty_url: str, tmp_path: Path, raw: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """Next year's renewal is another file: two pledges, twice the commitments, the same indicators, no code change."""
    seed(empty_url)
    info_1, rows_1 = snapshot(empty_url, capsys)
    data = copy.deepcopy(raw)
    data["pledge"].update(
        {
            "code": "sofielund-2023",
            "name": "Medborgarlöfte Sofielund 2023–2024",
            "start": "2023-05-01",
            "end": "2024-04-30",
        }
    )
    seed(empty_url, write(tmp_path, "sofielund-2023-2024.yaml", data))
    info_2, rows_2 = snapshot(empty_url, capsys)
    assert info_2["pledges"] == 2
    assert info_2["commitments"] == 2 * info_1["commitments"] == 52
    assert info_2["indicators"] == info_1["indicators"]
    assert rows_2 == rows_1
    links_per_pledge = sum(len(i["commitments"]) for i in raw["indicators"])
    with db.read_session(empty_url) as session:
        links = dict(
            session.execute(
                select(Pledge.code, func.count())
                .join(Commitment, Commitment.pledge_id == Pledge.id)
                .join(IndicatorCommitment, IndicatorCommitment.commitment_id == Commitment.id)
                .group_by(Pledge.code)
            ).all()
        )
        names = dict(session.execute(select(Pledge.code, Pledge.name)).all())
    assert links == {"sofielund-2022": links_per_pledge, "sofielund-2023": links_per_pledge}
    assert names == {"sofielund-2022": raw["pledge"]["name"], "sofielund-2023": "Medborgarlöfte Sofielund 2023–2024"}


def _index(data: dict[str, Any], section: str, code: str) -> int:
    return next(i for i, entry in enumerate(data[section]) if entry.get("code") == code)


def _unknown_actor(d: dict[str, Any]) -> None:
    d["commitments"][_index(d, "commitments", "P2")]["actor"] = "POLIS"


def _unknown_commitment(d: dict[str, Any]) -> None:
    d["indicators"][_index(d, "indicators", "I04")]["commitments"].append("X9")


def _duplicate_indicator(d: dict[str, Any]) -> None:
    d["indicators"][_index(d, "indicators", "I04")]["code"] = "I03"


def _unknown_level(d: dict[str, Any]) -> None:
    d["indicators"][_index(d, "indicators", "I04")]["level"] = "effekter"


def _unknown_unit(d: dict[str, Any]) -> None:
    d["indicators"][_index(d, "indicators", "I04")]["unit"] = "furlongs"


def _unprotectable_people(d: dict[str, Any]) -> None:
    d["indicators"][_index(d, "indicators", "I10")]["disclosure"] = "people"  # a percent without n: nothing to check


def _malformed_figure_period(d: dict[str, Any]) -> None:
    d["figures"][0]["period"] = "2016-13"


def _unfollowed_commitment(d: dict[str, Any]) -> None:
    d["commitments"].append({"code": "P6", "actor": "POL", "kind": "specific", "text": "Ett åtagande utan indikator."})


# (what breaks the copy, the entry the message must name, the rule it must state)
BAD_FILES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("unknown-actor", _unknown_actor, "commitments[5] (P2).actor", "unknown actor 'POLIS'"),
    ("unknown-commitment", _unknown_commitment, "indicators[4] (I04).commitments", "unknown commitment 'X9'"),
    ("duplicate-indicator", _duplicate_indicator, "indicators (I03)", "duplicate indicator code"),
    ("unknown-level", _unknown_level, "indicators[4] (I04).level", "Input should be 'resurs_aktivitet'"),
    ("unknown-unit", _unknown_unit, "indicators[4] (I04).unit", "unknown unit 'furlongs'"),
    (
        "unprotectable-people",
        _unprotectable_people,
        "indicators[12] (I10).disclosure",
        "disclosure: people cannot protect a value in 'percent'",
    ),
    ("bad-figure-period", _malformed_figure_period, "figures[0] (I20 11319 2016-13)", "månad måste vara 01–12"),
    ("unfollowed-commitment", _unfollowed_commitment, "commitments (P6)", "no indicator follows up this commitment"),
]


def test_a_broken_catalogue_file_is_refused_and_leaves_the_store_unchanged(
    empty_url: str, tmp_path: Path, raw: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each broken copy makes `seed` fail, naming the file, the entry and the rule, and nothing is stored."""
    # One seeded store for all eight files: a seed per file would double the cost of the slowest test here.
    seed(empty_url)
    before = snapshot(empty_url, capsys)
    problems: list[str] = []
    for name, breaks, entry, rule in BAD_FILES:
        data = copy.deepcopy(raw)
        breaks(data)
        path = write(tmp_path, f"{name}.yaml", data)
        done = run_cli("--db", empty_url, "seed", str(path))
        stated = [f"{path}: {entry}", rule, "store unchanged"]
        if done.returncode == 0 or not all(s in done.stderr for s in stated):
            problems.append(f"{name}: exit {done.returncode}, expected {stated} in stderr:\n{done.stderr}")
        if snapshot(empty_url, capsys) != before:
            problems.append(f"{name}: the store changed")
    assert problems == []


def test_an_indicator_may_set_a_lower_bound_than_its_unit(raw: dict[str, Any], tmp_path: Path) -> None:
    """`maximum:` per indicator (e.g. cameras in one district: at most 200) lowers the unit's bound for that
    indicator's form and file checks; one above the unit's own bound, or at or below zero, is refused on load."""
    from indicators.rules.validation import Rules, ValidationError, validate_figure

    data = copy.deepcopy(raw)
    cameras = next(i for i in data["indicators"] if i["code"] == "I04")
    cameras["maximum"] = 200
    loaded = catalogue.load(write(tmp_path, "ok.yaml", data))
    rules = Rules(indicators=catalogue._indicator_rows(loaded.spec), areas={a.code for a in loaded.areas})
    figure = {"indicator": "I04", "area": "SOFIELUND", "period": "2024-Q1", "source": "POL"}
    assert validate_figure({**figure, "value": "200"}, rules).value == 200
    with pytest.raises(ValidationError) as refused:
        validate_figure({**figure, "value": "201"}, rules)
    assert "högst 200" in refused.value.errors[0].message
    for wrong in (0, 10**12):
        cameras["maximum"] = wrong
        with pytest.raises(catalogue.CatalogueError, match=r"I04.*maximum|maximum.*I04"):
            catalogue.load(write(tmp_path, f"bad{wrong}.yaml", data))


@pytest.mark.parametrize("unit_code", sorted(UNITS))
def test_people_is_accepted_only_where_disclosure_control_protects_the_unit(
    raw: dict[str, Any], unit_code: str
) -> None:
    """A percent, hours or an index declared `people` was loaded and shown as reported: the catalogue promised a
    protection the public view did not give. Each unit is now either protected when declared `people`, or refused
    with the rule named."""
    spec = {**raw["indicators"][_index(raw, "indicators", "I10")], "unit": unit_code, "disclosure": "people"}
    for key in ("scale", "categories", "maximum"):
        spec.pop(key, None)
    if disclosure.protects(unit_code, "people"):
        assert catalogue.IndicatorSpec.model_validate(spec).disclosure == "people"
    else:
        with pytest.raises(ValidationError, match=f"disclosure: people cannot protect a value in '{unit_code}'"):
            catalogue.IndicatorSpec.model_validate(spec)
    assert disclosure.protects(unit_code, "people") == (
        unit_code not in {"percent", "hours", "index", "tonnes", "sek", "category"}
    )


def test_migration_0020_sets_none_where_a_store_declared_people_on_a_unit_nothing_protects(store_url: str) -> None:
    """A store loaded before the catalogue refused it keeps `people` on a share (I10): the store said protected, the
    public saw the figure as reported. Upgrading sets it to `none`, leaves every other indicator's declaration and
    every published row as it was, and names the same units the rule does."""
    import importlib.util

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    path = ROOT / "migrations" / "versions" / "0020_people_only_where_it_protects.py"
    module_spec = importlib.util.spec_from_file_location("migration_0020", path)
    assert module_spec is not None and module_spec.loader is not None
    migration = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(migration)
    assert set(migration.UNPROTECTABLE) == {u for u in UNITS if not disclosure.protects(u, "people")}

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["url"] = store_url
    command.downgrade(cfg, "0019")
    db.run_write(lambda s: s.execute(text("UPDATE indicator SET disclosure = 'people' WHERE code = 'I10'")), store_url)

    def state() -> tuple[dict[str, str], list[tuple[Any, ...]]]:
        with db.read_session(store_url) as s:
            declared = dict(s.execute(text("SELECT code, disclosure FROM indicator")).all())  # type: ignore[arg-type]
            public = [tuple(r) for r in s.execute(text("SELECT * FROM public_figure ORDER BY 1, 2, 3, 4")).all()]
        return declared, public

    before, public_before = state()
    assert before["I10"] == "people"
    db.migrate(store_url)
    after, public_after = state()
    assert after == {**before, "I10": "none"}
    assert public_after == public_before
