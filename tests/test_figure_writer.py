"""One writer of figure versions (``store.insert_figures_bulk``): the form, the reporting grid, a file import, a
catalogue, the demo and the scale generator all store through it, so the same input makes the same rows and the
same audit, and every store keeps the same invariants whichever path wrote it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from sqlalchemy import text

from indicators.base.config import settings
from indicators.base.models import DEMO_SOURCE, Role
from indicators.io import catalogue, importer, scale
from indicators.rules.periods import parse_period
from indicators.rules.validation import FigureChecker, ValidationError, validate_figure
from indicators.storage import db, store
from indicators.storage.store import SYSTEM, Principal

POL = Principal("pol", Role.EDITOR, "POL")
VIEWER = Principal("lasare", Role.VIEWER)
#: One figure and then a correction of it, as a police analyst reports them (value, n, note, source).
REPORTS = [("I02", "11319", "2026-01", "4", "", "första", "POL"), ("I02", "11319", "2026-01", "6", "", "rättad", "POL")]


def _form(url: str, row: tuple[str, ...]) -> None:
    code, area, period, value, n, note, source = row
    raw = {"indicator": code, "area": area, "period": period, "value": value, "status": "", "n": n, "note": note,
           "evidence_url": "", "source": source}  # fmt: skip
    with db.read_session(url) as s:
        seen = store.stored_versions(s, [(code, area, period)])[(code, area, period)]
    db.run_write(lambda s: store.submit_figure(s, by=POL, figure=validate_figure(raw, store.rules(s)),
                                               expected_version=seen), url)  # fmt: skip


def _grid(url: str, row: tuple[str, ...]) -> None:
    """As the Rapportera page's grid: the typed rows of one area, checked and committed against what was shown."""
    code, area, period, value, n, note, source = row
    typed = pd.DataFrame([{"indicator": code, "area": area, "period": period, "value": value, "status": "", "n": n,
                           "note": note, "source": source}])  # fmt: skip
    frame = importer.grid_frame(typed)
    checked = importer.check_in(url, frame, POL)
    assert not checked.errors
    with db.read_session(url) as s:
        based_on = store.stored_versions(s, [(code, area, period)])
    db.run_write(lambda s: importer.commit(s, POL, checked.figures, "rutnät", based_on=based_on), url)


def _file(url: str, row: tuple[str, ...]) -> None:
    code, area, period, value, n, note, source = row
    body = f"indicator;area;period;value;n;note;source\n{code};{area};{period};{value};{n};{note};{source}\n"
    frame = importer.read_table(body.encode("utf-8"), "rapport.csv", 1_000_000)
    with db.read_session(url) as s:
        checked = importer.check(frame, store.rules(s), POL)
    assert not checked.errors
    db.run_write(lambda s: importer.commit(s, POL, checked.figures, "rapport.csv"), url)


REPORT_PATHS: dict[str, Callable[[str, tuple[str, ...]], None]] = {"form": _form, "grid": _grid, "import": _file}


def _rows(url: str, code: str) -> list[dict[str, Any]]:
    """The stored versions of an indicator, without what differs by nature between two stores (ids, clocks)."""
    with db.read_session(url) as s:
        found = s.execute(
            text(
                "SELECT f.indicator_code, f.area_code, f.period, f.period_start, f.value, f.status_code, f.n, "
                "f.source, f.note, f.evidence_url, f.version, p.version AS supersedes_version, "
                "f.entered_by, f.review_state, "
                "f.review_comment, f.reviewed_by FROM figure f LEFT JOIN figure p ON p.id = f.supersedes_id "
                "WHERE f.indicator_code = :code ORDER BY f.area_code, f.period, f.version"
            ),
            {"code": code},
        ).mappings()
        return [{k: str(v) for k, v in r.items()} for r in found]  # fmt: skip


def _audit(url: str, key: str) -> list[tuple[str, str, str, str, str]]:
    with db.read_session(url) as s:
        found = s.execute(text("SELECT username, action, entity, before, after FROM audit_entry "
                               "WHERE entity_key = :key ORDER BY id"), {"key": key}).all()  # fmt: skip
    return [(u, a, e, json.dumps(_json(b), sort_keys=True), json.dumps(_json(af), sort_keys=True))
            for u, a, e, b, af in found]  # fmt: skip


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def test_the_form_the_grid_and_a_file_store_the_same_rows_and_the_same_audit(
    new_store: Callable[..., str],
) -> None:
    """A report and its correction, sent through each of the three ways an editor reports, leave identical figure
    rows (versions chained, current pointer on the newest) and identical audit entries per figure."""
    seen: dict[str, tuple[list[dict[str, Any]], list[tuple[str, ...]]]] = {}
    for name, path in REPORT_PATHS.items():
        url = new_store()
        for row in REPORTS:
            path(url, row)
        seen[name] = (_rows(url, "I02"), _audit(url, "I02/11319/2026-01"))
        rows, audit = seen[name]
        mine = [r for r in rows if r["area_code"] == "11319" and r["period"] == "2026-01"]
        assert [(r["version"], r["value"], r["supersedes_version"], r["note"]) for r in mine] == [
            ("1", "4.0", "None", "första"), ("2", "6.0", "1", "rättad")], name  # fmt: skip
        assert [(a[0], a[1], a[2]) for a in audit] == [("pol", "figure.submit", "figure"),
                                                       ("pol", "figure.correct", "figure")], name  # fmt: skip
        assert audit[0][3] == "null" and json.loads(audit[0][4])["value"] == 4.0, name
        assert json.loads(audit[1][3])["value"] == 4.0 and json.loads(audit[1][4])["value"] == 6.0, name
        _assert_invariants(url)
    assert seen["form"] == seen["grid"] == seen["import"]


def _catalogue_with_figure(tmp_path: Path, value: float, note: str) -> Path:
    """The Sofielund catalogue file with one more figure for I02, written in the test's own folder."""
    source = Path(settings().pledge_file)
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    spec["pledge"]["areas_file"] = str((source.parent / spec["pledge"]["areas_file"]).resolve())
    spec.setdefault("figures", []).append({"indicator": "I02", "area": "11319", "period": "2026-01", "value": value,
                                           "source": "POL", "note": note})  # fmt: skip
    target = tmp_path / f"sofielund-{value}.yaml"
    target.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _without(audit: list[tuple[str, ...]], *fields: str) -> list[tuple[str, ...]]:
    """Audit entries with the user and some snapshot fields left out (what differs by who reports, not by path)."""

    def strip(snapshot: str) -> str:
        value = json.loads(snapshot)
        return json.dumps(value if value is None else {k: v for k, v in value.items() if k not in fields},
                          sort_keys=True)  # fmt: skip

    return [(a, e, strip(b), strip(af)) for _, a, e, b, af in audit]


def test_a_catalogue_stores_a_figure_and_its_correction_as_the_form_does(
    new_store: Callable[..., str], tmp_path: Path
) -> None:
    """A catalogue file giving I02 4 and then 6 makes the rows and the per-figure audit entries (before and after)
    the form makes for the same report; only the reporter and the review state differ (a catalogue's figures are
    published)."""
    form = new_store()
    for row in REPORTS:
        _form(form, row)
    url = new_store()
    for value, note in ((4.0, "första"), (6.0, "rättad")):
        path = _catalogue_with_figure(tmp_path, value, note)
        db.run_write(lambda s, p=path: catalogue.seed(s, catalogue.load(p), by=SYSTEM), url)
    same = ["indicator_code", "area_code", "period", "period_start", "value", "status_code", "n", "source", "note",
            "evidence_url", "version", "supersedes_version"]  # fmt: skip
    assert [{k: r[k] for k in same} for r in _rows(url, "I02")] == [{k: r[k] for k in same} for r in _rows(form, "I02")]
    key = "I02/11319/2026-01"
    assert _without(_audit(url, key), "review_state") == _without(_audit(form, key), "review_state")
    assert [a[0] for a in _audit(url, key)] == [SYSTEM.username] * 2
    _assert_invariants(url)


def test_the_demo_and_the_scale_generator_are_one_audited_load_each(
    new_store: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generated loads store through the same writer: the same invariants hold, and each is one ``figure.load``
    entry with the rows it wrote (not a million entries of made-up figures)."""
    url = new_store()  # the suite's store: the catalogue and the demo loaded through the writer
    demo_loads = [(name, rows) for name, rows in _loads(url) if name.startswith("demo")]
    with db.read_session(url) as s:
        demo_rows = s.execute(text("SELECT COUNT(*) FROM figure WHERE source = :d"), {"d": DEMO_SOURCE}).scalar()
    assert demo_loads == [("demo sofielund-2022", demo_rows)]
    _assert_invariants(url)
    _assert_enterable(url)

    url = new_store(empty=True)
    monkeypatch.setitem(scale.SCALES, "malmo", scale.Scale("malmo", 3, 0, 2020, 1, 0.10))
    result = db.run_write(lambda s: scale.generate(s, "malmo"), url)
    assert [(name, rows) for name, rows in _loads(url) if name.startswith("scale")] == [("scale malmo", result["rows"])]
    _assert_invariants(url)
    _assert_enterable(url)


def _assert_enterable(url: str) -> None:
    """Every generated figure version is one a reporter could have entered: the form's rules accept it (the demo
    had 374 summer-square days in a year, and corrections of counts with decimals)."""
    with db.read_session(url) as s:
        rules = store.rules(s)
        rows = s.execute(text("SELECT indicator_code, area_code, period, value, n, status_code FROM figure")).all()
    check = FigureChecker(rules)
    refused = {}
    for code, area, period, value, n, status in rows:
        try:
            check.check(code, area, period, value, n, status, "demo", None, None)
        except ValidationError as exc:
            refused[f"{code} {area} {period} {value}"] = str(exc)
    assert not refused, list(refused.items())[:5]


def _loads(url: str) -> list[tuple[str, int]]:
    with db.read_session(url) as s:
        found = s.execute(text("SELECT entity_key, after FROM audit_entry WHERE action = 'figure.load' ORDER BY id"))
        return [(key, int(_json(after)["rows"])) for key, after in found]


def _assert_invariants(url: str) -> None:
    """What every path must leave: versions numbered 1, 2, … per key; each later version superseding the one before;
    the current pointer on the newest version and the published pointer on the newest published one; the demo flag
    true exactly when the current version is demo data; each period's first day stored with it."""
    with db.read_session(url) as s:
        figures = pd.DataFrame(s.execute(text(
            "SELECT id, indicator_code, area_code, period, period_start, version, supersedes_id, source, review_state "
            "FROM figure")).mappings().all())  # fmt: skip
        current = pd.DataFrame(s.execute(text(
            "SELECT indicator_code, area_code, period, figure_id, published_figure_id, demo FROM current_figure"
        )).mappings().all())  # fmt: skip
    assert len(figures), "no figures stored"
    key = ["indicator_code", "area_code", "period"]
    figures = figures.sort_values([*key, "version"])
    by_id = figures.set_index("id")
    for _, group in figures.groupby(key):
        assert list(group["version"]) == list(range(1, len(group) + 1))
        ids = list(group["id"])
        assert pd.isna(group["supersedes_id"].iloc[0])
        assert [int(x) for x in group["supersedes_id"].iloc[1:]] == ids[:-1]
        assert ids == sorted(ids)  # a later version has a higher id
    newest = figures.groupby(key).tail(1).set_index(key)
    published = figures[figures["review_state"] == "published"].groupby(key).tail(1).set_index(key)
    pointers = current.set_index(key)
    assert sorted(pointers.index) == sorted(newest.index)
    for k, p in pointers.iterrows():
        assert p["figure_id"] == newest.loc[k, "id"]
        expected_published = published.loc[k, "id"] if k in published.index else None
        assert (None if pd.isna(p["published_figure_id"]) else int(p["published_figure_id"])) == expected_published
        assert bool(p["demo"]) == (by_id.loc[p["figure_id"], "source"] == DEMO_SOURCE)
    starts = {str(p): parse_period(p).start for p in figures["period"].unique()}
    assert all(str(d)[:10] == starts[p].isoformat() for p, d in zip(figures["period"], figures["period_start"],
                                                                     strict=True))  # fmt: skip


@pytest.mark.parametrize("path", ["form", "grid"])
def test_a_stale_report_is_refused_whole_by_the_form_and_the_grid(new_store: Callable[..., str], path: str) -> None:
    """A colleague saved the figure since the editor's page was drawn: the form and the grid (the two that know what
    the editor saw; a file corrects what is there) refuse, and nothing is stored."""
    url = new_store()
    _form(url, REPORTS[0])
    before = _rows(url, "I02")
    colleague = Principal("pol-kollega", Role.EDITOR, "POL")
    with db.read_session(url) as s:
        seen = store.stored_versions(s, [("I02", "11319", "2026-01")])
    db.run_write(lambda s: store.insert_figures_bulk(s, by=colleague, figures=[store.BulkFigure(
        "I02", "11319", "2026-01", 9.0, source="POL", review_state="submitted", expected_version=1)]), url)  # fmt: skip
    after_colleague = _rows(url, "I02")
    with pytest.raises((store.ConflictError, store.StaleRowsError)):
        if path == "form":
            raw = {"indicator": "I02", "area": "11319", "period": "2026-01", "value": "5", "source": "POL"}
            based = seen[("I02", "11319", "2026-01")]
            db.run_write(lambda s: store.submit_figure(s, by=POL, figure=validate_figure(raw, store.rules(s)),
                                                       expected_version=based), url)  # fmt: skip
        else:
            typed = {"indicator": "I02", "area": "11319", "period": "2026-01", "value": "5", "status": "", "n": "",
                     "note": "", "source": "POL"}  # fmt: skip
            frame = importer.grid_frame(pd.DataFrame([typed]))
            checked = importer.check_in(url, frame, POL)
            db.run_write(lambda s: importer.commit(s, POL, checked.figures, "rutnät", based_on=seen), url)
    assert _rows(url, "I02") == after_colleague != before


@pytest.mark.parametrize("who", [VIEWER, None], ids=["viewer", "signed-out"])
def test_even_an_empty_write_is_refused_to_whom_may_not_write(store_url: str, who: Principal | None) -> None:
    """The writer checks who acts before anything: an empty file from a viewer or from nobody stores nothing and
    leaves no trace in the audit trail."""
    with db.read_session(store_url) as s:
        before = s.execute(text("SELECT COUNT(*) FROM audit_entry")).scalar()
    with pytest.raises(store.PermissionDenied):
        db.run_write(lambda s: importer.commit(s, who, [], "tom.csv"), store_url)  # type: ignore[arg-type]
    with db.read_session(store_url) as s:
        assert s.execute(text("SELECT COUNT(*) FROM audit_entry")).scalar() == before
