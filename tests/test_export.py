"""Open data export: only published figures of public indicators, disclosure control applied, formula-safe."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from indicators.io import export
from indicators.storage import db, store
from indicators.storage.store import SYSTEM, BulkFigure
from tests.support import cli

SENTINEL = 987654.0  # submitted, never published: must not appear anywhere


def test_public_export_holds_only_what_the_public_may_see(store_url: str, tmp_path: Path) -> None:
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure("I11", "11319", "2026-01", SENTINEL, source="FGK", review_state="submitted"),
        BulkFigure("I11", "11320", "2026-01", 3.0, source="FGK"),  # published, but a count of 3 (people)
        BulkFigure("I11", "11321", "2026-01", 0.0, source="FGK"),  # a real zero is shown
        BulkFigure("I19", "11319", "2026", 40.0, n=12, source="=HYPERLINK(\"x\")"),  # too few respondents
    ]), store_url)  # fmt: skip
    with db.read_session(store_url) as s:
        paths = export.write(s, tmp_path)
    for path in paths:
        raw = path.read_bytes()
        assert str(SENTINEL).encode() not in raw and b"987654" not in raw, path.name
    csv = pd.read_csv(tmp_path / "figurer.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    row = csv[(csv["indicator"] == "I11") & (csv["area"] == "11320") & (csv["period"] == "2026-01")].iloc[0]
    assert row["value"] == "<5" and row["symbol"] == "<5"  # the symbol stands in the value's place
    zero = csv[(csv["indicator"] == "I11") & (csv["area"] == "11321") & (csv["period"] == "2026-01")].iloc[0]
    assert float(zero["value"]) == 0 and zero["symbol"] == ""
    thin = csv[(csv["indicator"] == "I19") & (csv["area"] == "11319") & (csv["period"] == "2026")].iloc[0]
    assert thin["value"] == ".." and thin["symbol"] == ".." and thin["n"] == ""
    assert thin["source"].startswith("'=")  # a spreadsheet shows it as text
    assert set(csv["licence"]) == {"CC0-1.0"}
    doc = json.loads((tmp_path / "figurer.json").read_text(encoding="utf-8"))
    assert doc["licence"] == "CC0-1.0" and len(doc["figures"]) == len(csv)
    sheet = load_workbook(tmp_path / "figurer.xlsx").active
    assert sheet.max_row == len(csv) + 1


def test_export_cli(store_url: str, tmp_path: Path) -> None:
    done = cli("--db", store_url, "export", str(tmp_path / "ut"), "--public")
    assert done.returncode == 0, done.stderr
    assert "published figures" in done.stdout and (tmp_path / "ut" / "figurer.xlsx").exists()
    refused = cli("--db", store_url, "export", str(tmp_path / "x"))
    assert refused.returncode == 2 and "--public" in refused.stderr


def test_every_formula_prefix_is_escaped_in_csv_and_xlsx(store_url: str, tmp_path: Path) -> None:
    """Cells starting with =, +, - or @ are shown as text by a spreadsheet, never run (CSV and XLSX alike)."""
    hostile = ['=HYPERLINK("http://x","klick")', "+46 40 123", "-1+1", "@SUM(A1:A9)"]
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure("I02", area, "2025-12", 40.0, source=source)
        for area, source in zip(["11319", "11320", "11321", "11322"], hostile, strict=True)
    ]), store_url)  # fmt: skip
    with db.read_session(store_url) as s:
        export.write(s, tmp_path)
    csv = pd.read_csv(tmp_path / "figurer.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    sources = set(csv[(csv["indicator"] == "I02") & (csv["period"] == "2025-12")]["source"])
    assert sources == {"'" + h for h in hostile}
    sheet = load_workbook(tmp_path / "figurer.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.lstrip("'") in hostile]
    assert len(cells) == 4 and all(c.data_type == "s" and c.value.startswith("'") for c in cells)
