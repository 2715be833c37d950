"""Open data: the published figures of public indicators, with their metadata, as CSV, XLSX and JSON.

Only what the public may see: published versions of public indicators, disclosure control applied
(:mod:`indicators.disclosure`), text that a spreadsheet would run as a formula escaped.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from sqlalchemy import text
from sqlmodel import Session

from indicators import disclosure
from indicators.charts import spreadsheet_safe
from indicators.formatting import STATUS_SYMBOLS

LICENCE = "CC0-1.0"
COLUMNS = ["indicator", "indicator_name", "definition", "unit", "level", "area", "area_name", "period", "value",
           "symbol", "n", "source", "licence"]  # fmt: skip


def public_figures(session: Session) -> pd.DataFrame:
    """Every published figure of a public indicator, newest published version only, disclosure control applied."""
    rows = session.execute(
        text(
            """SELECT i.code AS indicator, i.name_sv AS indicator_name, i.definition, i.unit, i.level,
                      a.code AS area, a.name AS area_name, cf.period, cf.period_start, f.value, f.status_code, f.n,
                      f.source
               FROM current_figure cf
               JOIN figure f ON f.id = cf.published_figure_id
               JOIN indicator i ON i.code = cf.indicator_code
               JOIN area a ON a.code = cf.area_code
               WHERE cf.published_figure_id IS NOT NULL AND i.public
               ORDER BY i.position, i.code, a.code, cf.period_start, cf.period"""
        )
    ).mappings()
    frame = pd.DataFrame(list(rows))
    if not len(frame):
        return pd.DataFrame(columns=COLUMNS)
    frame = disclosure.protect(frame)
    frame["symbol"] = [STATUS_SYMBOLS.get(s, "") if isinstance(s, str) else "" for s in frame["status_code"]]
    frame["licence"] = LICENCE
    frame["n"] = [None if pd.isna(n) or s else int(n) for n, s in zip(frame["n"], frame["symbol"], strict=True)]
    return frame[COLUMNS]


def write(frame: pd.DataFrame, directory: Path, generated: dt.datetime | None = None) -> list[Path]:
    """Write figurer.csv, figurer.xlsx and figurer.json into ``directory``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    safe = frame.copy()
    for column in ("indicator_name", "definition", "area_name", "source"):
        safe[column] = [spreadsheet_safe(v) for v in safe[column]]
    csv_path, xlsx_path, json_path = (directory / f"figurer.{ext}" for ext in ("csv", "xlsx", "json"))
    safe.to_csv(csv_path, index=False, encoding="utf-8-sig")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Siffror"
    sheet.append(COLUMNS)
    for row in safe.itertuples(index=False):
        sheet.append([None if v is None or (isinstance(v, float) and v != v) else v for v in row])
    book.save(xlsx_path)
    meta: dict[str, Any] = {
        "title": "Medborgarlöfte – publicerade siffror",
        "licence": LICENCE,
        "generated": (generated or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "disclosure": "Antal 1–4 visas som <5; enkätandelar med färre än 30 svarande visas inte (..).",
        "symbols": {"..": "skyddad uppgift", "–": "uppgift saknas", ".": "ej tillämpligt", "<5": "färre än fem"},
        "figures": json.loads(frame.to_json(orient="records", force_ascii=False)),
    }
    json_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return [csv_path, xlsx_path, json_path]
