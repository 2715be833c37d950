"""Open data: the published figures of public indicators, with their metadata, as CSV, XLSX and JSON.

Only what the public may see: published versions of public indicators, disclosure control applied
(:mod:`indicators.rules.disclosure`), text that a spreadsheet would run as a formula escaped.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session, col

from indicators.base.formatting import STATUS_SYMBOLS
from indicators.base.models import Indicator
from indicators.read import published
from indicators.render.tables import spreadsheet_safe
from indicators.rules import disclosure_audit
from indicators.storage import db

LICENCE = "CC0-1.0"
#: The English name and definition beside the Swedish (an indicator the catalogue gives no English definition
#: has an empty ``definition_en``).
COLUMNS = ["indicator", "indicator_name", "indicator_name_en", "definition", "definition_en", "unit", "level", "area",
           "area_name", "period", "value", "symbol", "reason", "n", "source", "licence"]  # fmt: skip
#: Why a value is not shown, in words (the ``reason`` column): by the symbol, never by the rule that hid it.
REASONS = {"small": "färre än fem (1–4)", "suppressed": "skyddad uppgift"}


def public_figures(session: Session) -> pd.DataFrame:
    """Every published figure of a public indicator, newest published version only, disclosure control applied
    (the same frame the public pages draw from, with the indicators' metadata)."""
    figs = published.figures(session)
    if not len(figs):
        return pd.DataFrame(columns=COLUMNS)
    meta = pd.DataFrame(
        session.execute(select(col(Indicator.code), col(Indicator.name_sv), col(Indicator.name_en),
                               col(Indicator.definition), col(Indicator.definition_en), col(Indicator.level),
                               col(Indicator.position))).all(),
        columns=["indicator", "indicator_name", "indicator_name_en", "definition", "definition_en", "level",
                 "position"],
    )  # fmt: skip
    frame = figs.rename(columns={"indicator_code": "indicator", "area_code": "area"}).merge(meta, on="indicator")
    frame = frame.sort_values(["position", "indicator", "area", "period_start", "period"], kind="stable")
    frame["symbol"] = [STATUS_SYMBOLS.get(s, "") if isinstance(s, str) else "" for s in frame["status_code"]]
    frame["reason"] = [REASONS.get(s, "") if isinstance(s, str) else "" for s in frame["status_code"]]
    frame["licence"] = LICENCE
    frame["value"] = [None if pd.isna(v) else float(v) for v in frame["value"]]
    return frame[COLUMNS].reset_index(drop=True)


def files(session: Session) -> dict[str, bytes]:
    """The open-data files of :func:`public_figures` as bytes, by extension."""
    with tempfile.TemporaryDirectory() as tmp:
        return {p.suffix[1:]: p.read_bytes() for p in write(public_figures(session), Path(tmp))}


def file_bytes(url: str, ext: str) -> bytes:
    """One open-data file, made when asked for (the public page's download buttons: nothing is built until a
    visitor clicks)."""
    with db.read_session(url) as session:
        return files(session)[ext]


def write(frame: pd.DataFrame, directory: Path, generated: dt.datetime | None = None) -> list[Path]:
    """Write figurer.csv, figurer.xlsx and figurer.json into ``directory``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    safe = frame.copy()
    for column in ("indicator_name", "indicator_name_en", "definition", "definition_en", "area_name", "source",
                   "reason"):  # fmt: skip
        safe[column] = [spreadsheet_safe(v) for v in safe[column]]
    csv_path, xlsx_path, json_path = (directory / f"figurer.{ext}" for ext in ("csv", "xlsx", "json"))
    safe.to_csv(csv_path, index=False, encoding="utf-8-sig")
    from openpyxl import Workbook  # 0.2 s to load: only when files are made, not when a public page imports this

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
        "disclosure": "Antal 1–4 om människor visas som <5; enkätandelar med färre än 30 svarande visas inte (..). "
        "Innan en publicering prövas med linjär optimering över allt som publicerats hur nära en dold uppgift går "
        "att räkna sig; fler uppgifter döljs (..) tills <5 kan vara vilket tal som helst från 1 till 4 och en dold "
        "andel är osäker inom minst " + f"{disclosure_audit.SHARE_BAND:.1f}".replace(".", ",") + " procentenheter.",
        "demo_figures": int((frame["source"] == "demo").sum()) if len(frame) else 0,
        "demo_note": "Rader med källan demo är påhittade exempeldata, inte verkliga uppgifter.",
        "symbols": {"..": "skyddad uppgift", "–": "uppgift saknas", ".": "ej tillämpligt", "<5": "färre än fem"},
        "figures": json.loads(frame.to_json(orient="records", force_ascii=False)),
    }
    json_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return [csv_path, xlsx_path, json_path]
