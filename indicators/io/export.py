"""Open data: the published figures of public indicators, with their metadata, as CSV, XLSX, JSON and SDMX-CSV 2.0,
described by a Data Package; the DCAT-AP-SE catalogue (:mod:`indicators.io.dcat`) and the Atom feed
(:mod:`indicators.io.feed`) beside them.

Only what the public may see: published versions of public indicators, disclosure control applied
(:mod:`indicators.rules.disclosure`), text that a spreadsheet would run as a formula escaped.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session, col

from indicators.base.config import settings
from indicators.base.formatting import STATUS_SYMBOLS, symbol_meanings
from indicators.base.models import Indicator, PublicFigure
from indicators.io import datapackage, sdmx
from indicators.read import published, queries
from indicators.render.tables import spreadsheet_safe
from indicators.rules import disclosure_audit

LICENCE, LICENCE_URL = datapackage.LICENCE, datapackage.LICENCE_URL
#: Where the app serves the open data (``ui.routes``), under the service's public address (``INDICATORS_PUBLIC_URL``):
#: the files of every pledge together at ``/oppna-data/<file>``, one pledge's at ``/oppna-data/<pledge code>/<file>``,
#: the catalogue and the feed at the top. ``export DIR --public`` writes the same tree into DIR.
PATH = "/oppna-data"
#: Each file of a folder and its media type.
FILES = {
    "figurer.csv": "text/csv; charset=utf-8",
    "figurer.xlsx": datapackage.XLSX_TYPE,
    "figurer.json": "application/json",
    "figurer-sdmx.csv": "text/csv; charset=utf-8",
    "datapackage.json": "application/json",
}
CATALOGUE, FEED = "katalog.rdf", "flode.atom"
CATALOGUE_TYPE, FEED_TYPE = "application/rdf+xml", "application/atom+xml"


def file_url(base: str, name: str, pledge: str | None = None) -> str:
    """The absolute address of an open-data file: ``base`` is the service's public address (no trailing slash)."""
    return f"{base}{PATH}/{pledge + '/' if pledge else ''}{name}"


#: The English name and definition beside the Swedish (an indicator the catalogue gives no English definition
#: has an empty ``definition_en``).
COLUMNS = ["indicator", "indicator_name", "indicator_name_en", "definition", "definition_en", "unit", "level", "area",
           "area_name", "period", "value", "value_label", "symbol", "reason", "n", "source", "licence"]  # fmt: skip
#: Why a value is not shown, in words (the ``reason`` column): by the symbol, never by the rule that hid it.
REASONS = {"small": "färre än fem (1–4)", "suppressed": "skyddad uppgift", "missing": "uppgift saknas",
           "not_applicable": "ej tillämpligt"}  # fmt: skip
_LINE_BREAK = re.compile(r"\r\n?")
#: Every text column: the codes too (the catalogue refuses a code a spreadsheet would run; this holds whatever
#: reached the store).
_TEXT = ("indicator", "indicator_name", "indicator_name_en", "definition", "definition_en", "unit", "level", "area",
         "area_name", "period", "value_label", "source", "reason")  # fmt: skip


def disclosure_text() -> str:
    """The disclosure method in words (the JSON file, the Data Package, the catalogue)."""
    band = f"{disclosure_audit.SHARE_BAND:.1f}".replace(".", ",")
    return ("Antal 1–4 om människor visas som <5; enkätandelar med färre än 30 svarande visas inte (..). Innan en "
            "publicering prövas med linjär optimering över allt som publicerats hur nära en dold uppgift går att "
            "räkna sig; fler uppgifter döljs (..) tills <5 kan vara vilket tal som helst från 1 till 4 och en dold "
            f"andel är osäker inom minst {band} procentenheter.")  # fmt: skip


def data_time(session: Session) -> dt.datetime:
    """When the public's figures last changed (the newest publication; 1970 before the first): the files' date, so the
    same data gives the same bytes on every server (one ETag for a harvester, whichever replica answers)."""
    newest = session.execute(select(func.max(col(PublicFigure.published_at)))).scalar_one_or_none()
    if newest is None:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    if isinstance(newest, str):  # SQLite hands the text back where the column is read without its type
        newest = dt.datetime.fromisoformat(newest)
    return newest.replace(tzinfo=dt.UTC) if newest.tzinfo is None else newest.astimezone(dt.UTC)


def public_figures(session: Session, pledge: str | None = None) -> pd.DataFrame:
    """Every published figure of a public indicator (of one pledge's indicators, or of all), newest published version
    only, disclosure control applied (the same frame the public pages draw from, with the indicators' metadata)."""
    codes = tuple(sorted(queries.pledge_indicator_codes(session, pledge))) if pledge is not None else None
    figs = published.figures(session, codes)
    if not len(figs):
        return pd.DataFrame(columns=COLUMNS)
    meta = pd.DataFrame(
        session.execute(select(col(Indicator.code), col(Indicator.name_sv), col(Indicator.name_en),
                               col(Indicator.definition), col(Indicator.definition_en), col(Indicator.level),
                               col(Indicator.position), col(Indicator.categories))).all(),
        columns=["indicator", "indicator_name", "indicator_name_en", "definition", "definition_en", "level",
                 "position", "categories"],
    )  # fmt: skip
    frame = figs.rename(columns={"indicator_code": "indicator", "area_code": "area"}).merge(meta, on="indicator")
    frame = frame.sort_values(["position", "indicator", "area", "period_start", "period"], kind="stable")
    frame["symbol"] = [STATUS_SYMBOLS.get(s, "") if isinstance(s, str) else "" for s in frame["status_code"]]
    frame["reason"] = [REASONS.get(s, "") if isinstance(s, str) else "" for s in frame["status_code"]]
    frame["licence"] = LICENCE
    frame["value"] = [None if pd.isna(v) else float(v) for v in frame["value"]]
    # a category's name beside its code (the police's classification: 2 is "riskområde"), as the pages show it
    frame["value_label"] = [str((c or {}).get(f"{v:g}", "")) if c and v is not None else ""
                            for v, c in zip(frame["value"], frame["categories"], strict=True)]  # fmt: skip
    frame["n"] = [None if pd.isna(v) else int(v) for v in frame["n"]]
    return frame[COLUMNS].reset_index(drop=True)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as JSON objects with every number as stored (pandas' JSON writer rounds to 10 decimals, and writes
    1,8e308 as Infinity, which is not JSON); a number that is not finite (an absurd figure stored before the bounds
    held) is null, as the pages show it "–"."""
    return [{k: (None if v is None or v is pd.NA or (isinstance(v, float) and not math.isfinite(v)) else v)
             for k, v in row.items()} for row in frame.to_dict(orient="records")]  # fmt: skip


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The CSV's and the workbook's cells: text a spreadsheet would run escaped, and in the value's place the
    symbol where no value is shown (``..``, ``<5``, ``–``, ``.``: what the Table Schema reads as missing)."""
    safe = frame.copy()
    for column in _TEXT:  # line breaks as "\n" only: a CSV reader with universal newlines splits a quoted lone "\r"
        safe[column] = [spreadsheet_safe(_LINE_BREAK.sub("\n", v) if isinstance(v, str) else v) for v in safe[column]]
    safe["value"] = pd.Series([s if s else v for v, s in zip(safe["value"], safe["symbol"], strict=True)],
                              index=safe.index, dtype=object)  # fmt: skip
    safe["n"] = pd.Series(safe["n"], dtype="Int64")
    return safe


def _xlsx(cells: pd.DataFrame, about: list[tuple[str, str]], when: dt.datetime) -> bytes:
    """The figures on the sheet "Siffror" (the first: what Excel opens on), and what the file is on "Om filen"."""
    from openpyxl import Workbook  # 0.2 s to load: only when files are made, not when a public page imports this

    book = Workbook(write_only=True)
    sheets = 0
    for first in range(0, max(len(cells), 1), EXCEL_ROWS - 1):  # a city's every figure is more than one sheet holds
        sheets += 1
        sheet = book.create_sheet("Siffror" if sheets == 1 else f"Siffror {sheets}")
        sheet.freeze_panes = "A2"
        sheet.append(COLUMNS)
        for row in cells.iloc[first : first + EXCEL_ROWS - 1].itertuples(index=False):
            sheet.append([None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in row])
    notes = book.create_sheet("Om filen")
    if sheets > 1:
        about = [*about, ("Flikarna", f"Raderna fortsätter på flikarna Siffror 2–{sheets}: en flik rymmer "
                                      f"{EXCEL_ROWS - 1:,} rader.".replace(",", " "))]  # fmt: skip
    for key, text in about:
        notes.append([key, spreadsheet_safe(text)])
    out = io.BytesIO()
    book.save(out)
    return _dated(out.getvalue(), when)


#: The most rows a worksheet holds (Excel's limit, the header's row included).
EXCEL_ROWS = 1_048_576
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _dated(workbook: bytes, when: dt.datetime) -> bytes:
    """The workbook dated ``when`` (its properties and its parts), not the moment openpyxl saved it: the same data
    gives the same bytes on every server and the file's ETag says only what the public can see changed."""
    stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return zipped({name: _STAMP.sub(rb"\g<1>" + stamp + rb"\g<2>", raw) if name == "docProps/core.xml" else raw
                   for name, raw in _members(workbook)}, when, mode=None)  # fmt: skip


def _members(archive: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(archive)) as found:
        return [(info.filename, found.read(info)) for info in found.infolist()]


def folder(
    session: Session,
    pledge: str | None = None,
    base: str | None = None,
    generated: dt.datetime | None = None,
    names: Collection[str] = tuple(FILES),
) -> dict[str, bytes]:
    """The files of one open-data folder (:data:`FILES`, or those of them in ``names``), by name: the figures of one
    pledge's indicators, or of all pledges' (``pledge`` None), as CSV, XLSX, JSON, SDMX-CSV 2.0 and the Data Package
    describing them. ``base`` is the service's public address (the package's homepage)."""
    base = base if base is not None else settings().public_url
    generated = generated or data_time(session)
    frame = public_figures(session, pledge)
    found = queries.pledge(session, pledge) if pledge is not None else None
    title = (str(found["name"]) if found else "Medborgarlöften") + " – publicerade siffror"
    demo = int((frame["source"] == "demo").sum()) if len(frame) else 0
    about = [
        ("Titel", title),
        ("Uppgifterna från", generated.isoformat(timespec="seconds")),
        ("Licens", f"{LICENCE}: fri att använda ({LICENCE_URL})"),
        ("Skydd för enskilda", disclosure_text()),
        ("Exempeldata", f"{demo} rader har källan demo: påhittade exempeldata, inte verkliga uppgifter." if demo
         else "Inga exempeldata: alla rader är verkliga uppgifter med sin källa."),
        *((f"Tecknet {symbol}", meaning) for symbol, meaning in symbol_meanings("sv").items()),
        ("Kolumnerna", "Beskrivs i datapackage.json (samma mapp på webbplatsen: /oppna-data/)."),
    ]  # fmt: skip
    made: dict[str, Callable[[], bytes]] = {
        "figurer.csv": lambda: _cells(frame).to_csv(index=False).encode("utf-8-sig"),
        "figurer.xlsx": lambda: _xlsx(_cells(frame), about, generated),
        "figurer.json": lambda: json.dumps(
            {
                "title": title,
                "licence": LICENCE,
                "generated": generated.isoformat(timespec="seconds"),
                "disclosure": disclosure_text(),
                "demo_figures": demo,
                "demo_note": "Rader med källan demo är påhittade exempeldata, inte verkliga uppgifter.",
                "symbols": symbol_meanings("sv"),
                "figures": _records(frame),
            },
            ensure_ascii=False,
            indent=1,
            allow_nan=False,  # a value is finite (validation): never write what is not JSON
        ).encode(),
        "figurer-sdmx.csv": lambda: sdmx.csv_bytes(frame),
        "datapackage.json": lambda: json.dumps(
            datapackage.descriptor(
                frame, "medborgarlofte-" + (pledge or "alla"), title, base + "/", disclosure_text(), generated
            ),
            ensure_ascii=False,
            indent=1,
        ).encode(),
    }
    return {name: made[name]() for name in FILES if name in names}


def files(session: Session, pledge: str | None = None) -> dict[str, bytes]:
    """The figures' files of :func:`folder` by extension (``csv``, ``xlsx``, ``json``)."""
    names = ("figurer.csv", "figurer.xlsx", "figurer.json")
    return {name.split(".")[1]: raw for name, raw in folder(session, pledge, names=names).items()}


def zipped(files: Mapping[str, bytes], when: dt.datetime, mode: int | None = 0o644) -> bytes:
    """Files as one ZIP (a folder: the Data Package with its files, what a visitor downloads to validate or load),
    each dated ``when`` (the same files give the same bytes) and, unpacked, readable by everyone (``mode``)."""
    out = io.BytesIO()
    day = max(when.astimezone(dt.UTC), dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in files.items():
            member = zipfile.ZipInfo(name, date_time=day)
            if mode is not None:
                member.external_attr = mode << 16
            archive.writestr(member, raw, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write(
    session: Session, directory: Path, base: str | None = None, generated: dt.datetime | None = None
) -> list[Path]:
    """Write the whole open-data tree into ``directory``: every pledge's figures together at the top, one folder per
    pledge, the DCAT-AP-SE catalogue and the Atom feed; returns the paths written."""
    from indicators.io import dcat, feed

    config = settings()
    base = base if base is not None else config.public_url
    generated = generated or data_time(session)
    made: dict[Path, bytes] = {directory / n: raw for n, raw in folder(session, None, base, generated).items()}
    for pledge in queries.pledges_in_order(session):
        for n, raw in folder(session, pledge["code"], base, generated).items():
            made[directory / pledge["code"] / n] = raw
    config = config.model_copy(update={"public_url": base})
    made[directory / CATALOGUE] = dcat.catalogue(session, config)
    made[directory / FEED] = feed.atom(session, config)
    inside = directory.resolve()
    for path in made:
        if not path.resolve().is_relative_to(inside):  # a pledge code is one folder's name, never a way out
            raise ValueError(f"{path}: outside {directory}")
    for path, raw in made.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
    return list(made)
