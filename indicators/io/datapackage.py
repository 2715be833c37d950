"""The Data Package (Frictionless Data Package v2) that describes an open-data folder: ``datapackage.json``.

Every data file of the folder is a resource with a Table Schema: the figures as CSV, XLSX and JSON (one schema: the
types, the units, the primary key indicator + area + period, and the symbols that stand where a value is not shown as
the value column's ``missingValues``, each with its meaning), and the same figures as SDMX-CSV 2.0 (its own schema).
The licence (CC0-1.0), the sources of the figures and the disclosure method are in the package. ``frictionless
validate datapackage.json`` checks the files against it (the tests run it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from indicators.base.formatting import symbol_meanings
from indicators.io import sdmx

PROFILE = "https://datapackage.org/profiles/2.0/"
LICENCE = "CC0-1.0"
LICENCE_URL = "http://creativecommons.org/publicdomain/zero/1.0/"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The units' codes (``unit``) in words.
UNITS = {
    "count": "antal",
    "persons": "antal personer",
    "hours": "timmar",
    "days": "dagar",
    "sek": "kronor",
    "tonnes": "ton",
    "percent": "procent",
    "survey_percent": "procent av de svarande (enkät; n = antal svarande)",
    "per_1000": "per 1 000 invånare",
    "per_100000": "per 100 000 invånare",
    "index": "index (skalan står i definitionen)",
    "category": "kategori (en kod; kategorins namn står i value_label)",
}
PERIOD_PATTERN = r"[0-9]{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2])|-W[0-5][0-9])?"


def _field(name: str, kind: str, title: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "title": title, **more}


def _missing() -> list[dict[str, str]]:
    return [{"value": "", "label": "tom"}, *({"value": k, "label": v} for k, v in symbol_meanings("sv").items())]


def figures_schema() -> dict[str, Any]:
    """The Table Schema of figurer.csv, figurer.xlsx and figurer.json (``export.COLUMNS``)."""
    text = "string"
    return {
        "$schema": PROFILE + "tableschema.json",
        "fields": [
            _field("indicator", text, "Indikator (kod)", constraints={"required": True}),
            _field("indicator_name", text, "Indikatorns namn"),
            _field("indicator_name_en", text, "Indicator name (English)"),
            _field("definition", text, "Definition"),
            _field("definition_en", text, "Definition (English)"),
            _field(
                "unit",
                text,
                "Enhet",
                description="; ".join(f"{k}: {v}" for k, v in UNITS.items()),
                constraints={"enum": list(UNITS)},
            ),
            _field(
                "level",
                text,
                "Nivå i uppföljningen",
                description="resurs_aktivitet: resurser och aktiviteter; prestation: prestationer; effekt: effekter",
                constraints={"enum": ["resurs_aktivitet", "prestation", "effekt"]},
            ),
            _field("area", text, "Område (kod)", constraints={"required": True}),
            _field("area_name", text, "Områdets namn"),
            _field(
                "period",
                text,
                "Period",
                description="år (2023), halvår (2023-H1), kvartal (2023-Q2), månad (2023-06) eller vecka (2023-W23)",
                constraints={"required": True, "pattern": PERIOD_PATTERN},
            ),
            _field(
                "value",
                "number",
                "Värde",
                description="Siffran i enheten `unit`. Där ingen siffra visas står ett tecken: "
                + "; ".join(f"{k} {v}" for k, v in symbol_meanings("sv").items())
                + ".",
                missingValues=_missing(),
            ),
            _field("value_label", text, "Värdets namn", description="för enheten category: kategorins namn"),
            _field("symbol", text, "Tecken i värdets ställe", constraints={"enum": list(symbol_meanings("sv"))}),
            _field("reason", text, "Varför värdet inte visas"),
            _field("n", "integer", "Antal svarande (enkäter)", constraints={"minimum": 0}),
            _field("source", text, "Källa", description="demo: påhittade exempeldata, inte verkliga uppgifter"),
            _field("licence", text, "Licens"),
        ],
        "missingValues": [""],
        "primaryKey": ["indicator", "area", "period"],
    }


def sdmx_schema() -> dict[str, Any]:
    """The Table Schema of figurer-sdmx.csv (SDMX-CSV 2.0, :mod:`indicators.io.sdmx`)."""
    text = "string"
    return {
        "$schema": PROFILE + "tableschema.json",
        "fields": [
            _field("STRUCTURE", text, "SDMX structure type", constraints={"enum": ["dataflow"]}),
            _field(
                "STRUCTURE_ID",
                text,
                "SDMX dataflow",
                constraints={"enum": [f"{sdmx.AGENCY}:{sdmx.FLOW}({sdmx.VERSION})"]},
            ),
            _field("ACTION", text, "SDMX action", constraints={"enum": ["I"]}),
            _field("INDICATOR", text, "Indikator (kod)", constraints={"required": True}),
            _field("AREA", text, "Område (kod)", constraints={"required": True}),
            _field("TIME_PERIOD", text, "Period (SDMX)", constraints={"required": True}),
            _field("OBS_VALUE", "number", "Värde"),
            _field("UNIT_MEASURE", text, "Enhet", constraints={"enum": list(UNITS)}),
            _field(
                "OBS_STATUS",
                text,
                "Observationsstatus (SDMX CL_OBS_STATUS)",
                description="A värde; Q skyddad (.. och <5); O saknas (–); M ej tillämpligt (.)",
                constraints={"enum": sorted(set(sdmx.OBS_STATUS.values()))},
            ),
            _field("COMMENT", text, "Kommentar"),
        ],
        "missingValues": [""],
        "primaryKey": ["INDICATOR", "AREA", "TIME_PERIOD"],
    }


def descriptor(
    figures: pd.DataFrame, name: str, title: str, homepage: str, disclosure: str, generated: dt.datetime
) -> dict[str, Any]:
    """``datapackage.json`` of a folder holding the data files of ``figures`` (:data:`indicators.io.export.FILES`)."""
    schema = figures_schema()
    sources = sorted({str(s) for s in figures["source"] if s}) if len(figures) else []
    resource = {"$schema": PROFILE + "dataresource.json", "type": "table", "schema": schema}
    return {
        "$schema": PROFILE + "datapackage.json",
        "name": name,
        "title": title,
        "description": "Publicerade siffror i uppföljningen av medborgarlöftet: resurser och aktiviteter, "
        "prestationer och effekter, per område och period. " + disclosure,
        "homepage": homepage,
        "version": generated.strftime("%Y.%m.%d.%H%M%S"),
        "created": generated.isoformat(timespec="seconds"),
        "keywords": ["medborgarlöfte", "trygghet", "brottsförebyggande arbete", "polisen", "kommun"],
        "licenses": [{"name": LICENCE, "path": LICENCE_URL, "title": "Creative Commons Zero v1.0 Universal"}],
        "sources": [
            {"title": s + (" (påhittade exempeldata, inte verkliga uppgifter)" if s == "demo" else "")} for s in sources
        ],
        "resources": [
            resource
            | {
                "name": "figurer",
                "path": "figurer.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "title": "Siffror (CSV)",
            },
            resource
            | {
                "name": "figurer-xlsx",
                "path": "figurer.xlsx",
                "format": "xlsx",
                "mediatype": XLSX_TYPE,
                "title": "Siffror (Excel)",
                "dialect": {"$schema": PROFILE + "tabledialect.json", "sheetName": "Siffror"},
            },
            # a JSON list with no rows names no columns: frictionless cannot read it as a table, so while there are
            # no figures it is described as a plain file
            (resource if len(figures) else {"$schema": PROFILE + "dataresource.json"})
            | {
                "name": "figurer-json",
                "path": "figurer.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "title": "Siffror (JSON)",
            }
            # the spec's words, and the same in frictionless-py 5's own (which reads only those)
            | (
                {
                    "dialect": {
                        "$schema": PROFILE + "tabledialect.json",
                        "property": "figures",
                        "itemType": "object",
                        "json": {"property": "figures", "keyed": True},
                    }
                }
                if len(figures)
                else {}
            ),
            {
                "$schema": PROFILE + "dataresource.json",
                "type": "table",
                "name": "figurer-sdmx",
                "path": "figurer-sdmx.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": "Siffror (SDMX-CSV 2.0)",
                "schema": sdmx_schema(),
            },
        ],
    }
