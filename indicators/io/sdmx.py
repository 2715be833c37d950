"""SDMX-CSV 2.0 of the published figures: one dataflow, written by ``pysdmx`` (the BIS/SDMX community's library).

The dataflow ``SE_MEDBORGARLOFTE:FIGURER(1.0)`` has three dimensions, an observation value and three attributes:

============== ========= =====================================================================================
Column         Role      Content
============== ========= =====================================================================================
INDICATOR      dimension the indicator's code (``I11``; the Data Package's ``figurer.csv`` names and defines it)
AREA           dimension the area's code (``11320``, ``MALMO``)
TIME_PERIOD    dimension SDMX reporting periods: ``2023``, ``2023-S1``, ``2023-Q2``, ``2023-M06``, ``2023-W23``
OBS_VALUE      measure   the figure; empty where a symbol stands instead
UNIT_MEASURE   attribute the unit's code (``count``, ``percent``, ``per_1000`` …; as in ``figurer.csv``)
OBS_STATUS     attribute SDMX's CL_OBS_STATUS: ``A`` a value; ``Q`` suppressed (``..`` and ``<5``); ``O`` missing
                         (``–``); ``M`` cannot exist (``.``, not applicable)
COMMENT        attribute the symbol and its meaning where there is no value (``<5: färre än fem (1–4)``), and the
                         source (``källa: demo (exempeldata)`` for invented example data)
============== ========= =====================================================================================

The frame is :func:`indicators.io.export.public_figures`: the same published, disclosure-controlled figures as the
public pages, so nothing here can be worked out that the pages do not show.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from indicators.base.formatting import STATUS_SYMBOLS, symbol_meanings
from indicators.rules.periods import PeriodKind, parse_period

_LINE_BREAK = re.compile(r"\r\n?")
AGENCY, FLOW, VERSION = "SE_MEDBORGARLOFTE", "FIGURER", "1.0"
DIMENSIONS = ["INDICATOR", "AREA", "TIME_PERIOD"]
ATTRIBUTES = ["UNIT_MEASURE", "OBS_STATUS", "COMMENT"]
#: Our symbols as SDMX observation status codes (CL_OBS_STATUS 2.2).
OBS_STATUS = {
    "": "A",  # normal value
    STATUS_SYMBOLS["suppressed"]: "Q",  # missing value; suppressed
    STATUS_SYMBOLS["small"]: "Q",
    STATUS_SYMBOLS["missing"]: "O",  # missing value
    STATUS_SYMBOLS["not_applicable"]: "M",  # missing value; data cannot exist
}


def time_period(code: str) -> str:
    """Our period code as an SDMX reporting period (``2023-H1`` → ``2023-S1``, ``2023-06`` → ``2023-M06``)."""
    period = parse_period(code)
    match period.kind:
        case PeriodKind.HALF:
            return f"{period.year}-S{period.index}"
        case PeriodKind.MONTH:
            return f"{period.year}-M{period.index:02d}"
        case _:
            return period.code


def _comment(symbol: str, source: str, meanings: dict[str, str]) -> str:
    """The symbol's meaning and the source; line breaks as "\n" only (CSV readers with universal newlines split a
    quoted lone "\r"), and never a spreadsheet formula (it starts with the symbol or "källa:")."""
    said = f"{symbol}: {meanings[symbol]}" if symbol else ""
    where = (
        f"källa: {_LINE_BREAK.sub(chr(10), source)}" + (" (exempeldata)" if source == "demo" else "") if source else ""
    )
    return "; ".join(s for s in (said, where) if s)


def frame(figures: pd.DataFrame) -> pd.DataFrame:
    """The SDMX columns of :func:`indicators.io.export.public_figures`' frame."""
    meanings = symbol_meanings("sv")
    return pd.DataFrame({
        "INDICATOR": figures["indicator"].astype(str),
        "AREA": figures["area"].astype(str),
        "TIME_PERIOD": [time_period(p) for p in figures["period"]],
        "OBS_VALUE": [None if v is None or pd.isna(v) else float(v) for v in figures["value"]],
        "UNIT_MEASURE": figures["unit"].astype(str),
        "OBS_STATUS": [OBS_STATUS[s] for s in figures["symbol"]],
        "COMMENT": [_comment(s, src, meanings) for s, src in zip(figures["symbol"], figures["source"], strict=True)],
    })  # fmt: skip


def _schema() -> Any:  # pysdmx's Schema, imported when a file is made
    from pysdmx.model import Concept, DataType
    from pysdmx.model.dataflow import Component, Components, Role, Schema

    def component(name: str, role: Role, required: bool, dtype: DataType, attached: str | None = None) -> Component:
        return Component(name, required, role, Concept(name, dtype=dtype), local_dtype=dtype,
                         attachment_level=attached)  # fmt: skip

    return Schema("dataflow", AGENCY, FLOW, Components([
        component("INDICATOR", Role.DIMENSION, True, DataType.STRING),
        component("AREA", Role.DIMENSION, True, DataType.STRING),
        component("TIME_PERIOD", Role.DIMENSION, True, DataType.PERIOD),
        component("OBS_VALUE", Role.MEASURE, False, DataType.DOUBLE),
        *(component(name, Role.ATTRIBUTE, name == "OBS_STATUS", DataType.STRING, "O") for name in ATTRIBUTES),
    ]), VERSION)  # fmt: skip


def csv_bytes(figures: pd.DataFrame) -> bytes:
    """SDMX-CSV 2.0 (UTF-8) of the published figures; a header line only when there are none."""
    from pysdmx.io import write_sdmx  # 0.3 s to load: only when a file is made
    from pysdmx.io.format import Format
    from pysdmx.io.pd import PandasDataset
    from pysdmx.model.dataset import ActionType

    data = frame(figures)
    if not len(data):
        header = ["STRUCTURE", "STRUCTURE_ID", "ACTION", *DIMENSIONS, "OBS_VALUE", *ATTRIBUTES]
        return (",".join(header) + "\n").encode()
    dataset = PandasDataset(structure=_schema(), data=data, action=ActionType.Information)
    text = write_sdmx([dataset], Format.DATA_SDMX_CSV_2_0_0)
    assert text is not None
    return text.encode()
