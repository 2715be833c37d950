"""File import of figures (CSV and XLSX): read, check every row with the form's rules, store all or nothing.

Format: columns ``indicator``, ``area``, ``period``, ``value`` and optionally ``n``, ``status``, ``note``,
``source`` (any order, any case); UTF-8 with or without BOM, else Windows-1252 (what Excel's "CSV
(semikolonavgränsad)" is); comma, semicolon or tab separated (Swedish Excel writes semicolons); decimal point or
comma. The same code serves the Importera page and ``python -m indicators import``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from sqlmodel import Session

from indicators.base import formatting
from indicators.base.config import settings
from indicators.base.i18n import N_, DomainError, Message, t
from indicators.base.models import ReviewState, Role
from indicators.read import queries
from indicators.rules.validation import (
    FIELD_LABELS,
    STATUS_LABELS,
    FieldError,
    FigureChecker,
    FigureInput,
    Rules,
    ValidationError,
)
from indicators.storage import db, store
from indicators.storage.store import BulkFigure, Key, Principal, StoredFigure
from indicators.views import review

COLUMNS = ["indicator", "area", "period", "value", "n", "status", "note", "source"]
REQUIRED = ["indicator", "area", "period", "value"]
MAX_COLUMNS = 50
#: The most rows one file may have (a whole city's quarter is far fewer): past it the file is refused while it is read,
#: so a small workbook that unpacks to millions of rows costs seconds, not minutes.
MAX_ROWS = 100_000
#: The most an Excel file may unpack to (its members' sizes as the zip declares them, checked before reading): a
#: workbook of MAX_ROWS rows of the template's columns, as Excel writes it, is about 30 MB.
MAX_UNPACKED = 64_000_000
#: The most cells, shared strings, text runs and sheets a workbook may hold, counted in its unpacked parts before
#: openpyxl reads them (openpyxl parses a whole row, and every shared string, before a limit of ours can stop it):
#: what a file of MAX_ROWS rows of the template's columns has, with room to spare. So no workbook costs more to
#: refuse than the largest one that is taken.
MAX_ELEMENTS = 1_200_000
MAX_SHEETS = 255
_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?(c|si|r|sheet)[\s/>]")
#: Control characters no text file holds (tab, CR and LF aside): what a binary file read as Windows-1252 gives.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class FileProblem(DomainError, ValueError):
    """The file as a whole cannot be read (encoding, format, columns, size); ``str()`` says why in Swedish."""


class RowError(FieldError):
    """A broken rule of one row's field; ``line`` is the line (CSV) or row (XLSX) number a user sees in their
    spreadsheet (the header is line 1)."""

    __slots__ = ("line",)

    def __init__(self, line: int, field: str, msgid: str | Message, /, **params: object) -> None:
        super().__init__(field, msgid, **params)
        self.line = line

    def text(self, lang: str = "sv") -> str:
        return t("error.import.row", lang, line=self.line, problem=super().text(lang))


#: What storing a checked row would do (:meth:`Checked.kind`): a first version, nothing (the newest stored version
#: says the same: the writer skips it), or a correction of the stored value.
NEW, UNCHANGED, CORRECTION = "new", "unchanged", "correction"
#: The most figures whose history :func:`check_in` looks up for the plausibility rule: a file a person reads row by
#: row. A larger (machine-made) file is stored without that lookup; the review queue still judges each figure.
PLAUSIBLE_ROWS = 5_000
KINDS = (NEW, UNCHANGED, CORRECTION)
_KIND_TEXT = {NEW: N_("report.kind_new"), UNCHANGED: N_("report.kind_unchanged")}


@dataclass
class Checked:
    """A checked file: the rows as read, the clean figures, and every problem by line."""

    rows: pd.DataFrame
    figures: list[FigureInput]
    errors: list[RowError]
    skipped: int = 0  # rows with neither value nor status (a template's rows not filled in)
    #: The version stored of each figure's key when the file was checked (0: none): what the rows were based on,
    #: so a commit after someone else saved one of them is refused, as the one-figure form refuses it.
    based_on: dict[tuple[str, str, str], int] = field(default_factory=dict)
    #: The line of each of ``figures`` in the file (or grid).
    lines: list[int] = field(default_factory=list)
    #: The newest stored version of each figure's key when the file was checked (:func:`check_in`; none stored: not
    #: here): what tells a new row, an unchanged one and a correction apart (:meth:`kind`).
    stored: dict[Key, StoredFigure] = field(default_factory=dict)
    #: Each indicator's unit and category labels, to show a correction's values as the pages show them.
    shown_as: dict[str, tuple[str, dict[str, str] | None]] = field(default_factory=dict)
    #: The earlier values of each numeric figure's indicator in its area, by line (:func:`check_in`): what the
    #: plausibility rule judges the new value against. Not looked up for more than :data:`PLAUSIBLE_ROWS` figures.
    earlier: dict[int, list[float]] = field(default_factory=dict)
    #: The areas' names (:func:`check_in`), for the preview's area column.
    area_names: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.figures)

    def kind(self, figure: FigureInput) -> str:
        """:data:`NEW` (nothing stored), :data:`UNCHANGED` (the stored version says the same, by the writer's own
        rule: :meth:`~indicators.storage.store.StoredFigure.repeated_by`) or :data:`CORRECTION`."""
        before = self.stored.get((figure.indicator_code, figure.area_code, figure.period))
        if before is None:
            return NEW
        return UNCHANGED if before.repeated_by(BulkFigure.of(figure)) else CORRECTION

    def counts(self) -> dict[str, int]:
        """How many rows are new, unchanged and corrections."""
        kinds = [self.kind(f) for f in self.figures]
        return {k: kinds.count(k) for k in KINDS}

    def warnings(self, lang: str = "sv") -> dict[int, str]:
        """The plausibility rule's warning for each line whose value lies far outside its history, in ``lang``:
        the form's, the grid's and the review queue's warning; confirmed, the value is stored as it is. A row that
        repeats the stored figure is stored by nobody, so it is not judged."""
        out = {}
        for line, f in zip(self.lines, self.figures, strict=True):
            if line in self.earlier and self.kind(f) != UNCHANGED:
                text = review.warning(f.value, self.earlier[line], self.shown_as[f.indicator_code][0], lang)
                if text:
                    out[line] = text
        return out

    def preview(self, lang: str = "sv") -> pd.DataFrame:
        """The rows, numbered as the file or grid shows them, with a column naming each row's problems in ``lang``
        (empty when fine) and, once checked against the store, a column saying what storing the row does: new,
        unchanged (not stored), or a correction from the stored value to the new one; the columns are named in
        ``lang`` too (:meth:`problem_column`)."""
        problems: dict[int, list[str]] = {}
        for e in self.errors:
            problems.setdefault(e.line, []).append(FieldError.text(e, lang))
        out = self.rows.copy()
        # Cells shown as the pages show them: an area by its name, a status in words (as the form offers it).
        if "area" in out.columns:
            out["area"] = [self.area_names.get(str(a), a) for a in out["area"]]
        if "status" in out.columns:
            out["status"] = [t(STATUS_LABELS[str(v).strip().lower()], lang)
                             if str(v).strip().lower() in STATUS_LABELS else v for v in out["status"]]  # fmt: skip
        # The format's columns named in ``lang`` ("Indikator", "Värde"), as the pages name fields; others as they are.
        out.columns = [_header(FIELD_LABELS[c], lang) if c in COLUMNS else c for c in out.columns]
        lines = [int(i) for i in out.index] if out.index.name == "line" else list(range(2, len(out) + 2))
        out.insert(0, t("report.col_row", lang), lines)
        changes = {line: self._change(f, lang) for line, f in zip(self.lines, self.figures, strict=True)}
        out[t("report.col_change", lang)] = [changes.get(line, "") for line in lines]
        unusual = self.warnings(lang)
        out[t("review.plausibility", lang)] = [unusual.get(line, "") for line in lines]
        out[self.problem_column(lang)] = ["; ".join(problems.get(line, [])) for line in lines]
        return out

    def _change(self, figure: FigureInput, lang: str) -> str:
        kind = self.kind(figure)
        if kind != CORRECTION:
            return t(_KIND_TEXT[kind], lang)
        before = self.stored[(figure.indicator_code, figure.area_code, figure.period)]
        unit, categories = self.shown_as.get(figure.indicator_code, ("", None))
        old = formatting.figure(before.value, before.status_code, unit, lang, categories)
        new = formatting.figure(figure.value, figure.status_code, unit, lang, categories)
        if old != new:
            return t("report.kind_correction", lang, old=old, new=new)
        changed = before.changed(BulkFigure.of(figure))
        if changed:  # the same value, another n, comment, source or link
            fields = ", ".join(t(FIELD_LABELS[name], lang) for name in changed)
            return t("report.kind_correction_of", lang, fields=fields, value=new)
        return t("report.kind_resent", lang)  # a returned figure sent again as it was

    @staticmethod
    def problem_column(lang: str) -> str:
        """The name of :meth:`preview`'s column of problems in ``lang``."""
        return t("report.col_problems", lang)


def _header(msgid: str, lang: str) -> str:
    """A field's name as a table's column header: "värde" → "Värde"."""
    name = t(msgid, lang)
    return name[:1].upper() + name[1:]


def read_table(data: bytes, filename: str, max_bytes: int | None = None, max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """The file's rows as text columns named by the header (lower case), or :class:`FileProblem`. Files larger
    than ``max_bytes`` (default: the configured upload limit, ``INDICATORS_MAX_UPLOAD_MB``) or with more than
    ``max_rows`` rows below the header are refused. Of a workbook, the first sheet Excel shows is read (a hidden
    sheet never is)."""
    if max_bytes is None:
        max_bytes = settings().max_upload_mb * 1_000_000
    if len(data) > max_bytes:
        size = f"{len(data) / 1e6:.1f}".replace(".", ",")
        raise FileProblem("error.import.too_large", size=size, max=f"{max_bytes / 1e6:.0f}")
    if not data.strip():
        raise FileProblem("error.import.empty")
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        frame = _read_xlsx(data, max_rows)
    else:
        frame = _read_csv(data, max_rows)
    if frame.shape[1] > MAX_COLUMNS:
        raise FileProblem("error.import.columns", count=frame.shape[1], template=len(COLUMNS))
    given = [str(c) for c in frame.columns]
    frame.columns = [c.lstrip("\ufeff").strip().lower() for c in given]
    named: dict[str, str] = {}
    for raw, column in zip(given, frame.columns, strict=True):
        if column and not column.startswith("unnamed") and column in named:
            raise FileProblem("error.import.twice", column=column, first=repr(_shown(named[column])),
                              second=repr(_shown(raw)))  # fmt: skip
        named[column] = raw
    unknown = [c for c in frame.columns if c not in COLUMNS and c and not c.startswith("unnamed")]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise FileProblem("error.import.missing_column", missing=", ".join(missing), required=", ".join(COLUMNS[:4]),
                          optional=", ".join(COLUMNS[4:]))  # fmt: skip
    if unknown:
        raise FileProblem("error.import.unknown_column", unknown=", ".join(unknown[:5]), allowed=", ".join(COLUMNS))
    frame = frame[[c for c in COLUMNS if c in frame.columns]]
    # The line a user sees in their spreadsheet (the header is line 1), kept through dropping empty rows.
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
    frame = frame[~_blank(frame, list(frame.columns))]
    if not len(frame):
        raise FileProblem("error.import.no_rows")
    return frame


def _blank(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Per row: every one of ``columns`` is empty or spaces (None and NaN count as empty); column by column, quick
    for a file of 100,000 rows."""
    blank = np.ones(len(frame), dtype=bool)
    for column in columns:
        blank &= frame[column].fillna("").astype(str).str.strip().eq("").to_numpy()
    return blank


def _shown(header: str) -> str:
    return header.lstrip("\ufeff").strip()


def _too_many_rows(limit: int) -> FileProblem:
    return FileProblem("error.import.too_many_rows", limit=f"{limit:,}".replace(",", "\u00a0"))


def _read_csv(data: bytes, max_rows: int) -> pd.DataFrame:
    if b"\x00" in data[:4096]:
        raise FileProblem("error.import.not_text")
    text = _decode(data)
    first = _LINE_BREAK.split(text, maxsplit=1)[0]  # the header line, as the CSV reader splits lines
    delimiter = max([";", ",", "\t"], key=first.count)
    if first.count(delimiter) >= MAX_COLUMNS:  # before pandas parses a header of a million columns
        raise FileProblem("error.import.columns", count=first.count(delimiter) + 1, template=len(COLUMNS))
    try:
        # header=None: the header is read as a row, so a column named twice stays named twice (pandas would
        # rename the second "value.1")
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, skip_blank_lines=False,
                            header=None, nrows=max_rows + 2)  # fmt: skip
    except pd.errors.EmptyDataError:
        raise FileProblem("error.import.empty") from None
    except (pd.errors.ParserError, csv.Error) as exc:
        match = re.search(r"line (\d+)", str(exc))
        if match:
            raise FileProblem("error.import.row_too_wide", line=match.group(1)) from None
        raise FileProblem("error.import.a_row_too_wide") from None
    if len(frame) > max_rows + 1:
        raise _too_many_rows(max_rows)
    header = [c if c.strip() else f"unnamed{i}" for i, c in enumerate(frame.iloc[0].tolist())] if len(frame) else []
    rows = frame.iloc[1:].reset_index(drop=True)  # the cells as read (text): not through numpy and back
    rows.columns = header
    return rows


def _decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM) if it is that, else Windows-1252, the encoding of Excel's
    "CSV (semikolonavgränsad)", checked: a byte it leaves undefined, a BOM that promised UTF-8, or a control
    character (what a binary file decodes to) refuses the file. Bytes of Windows-1252 that happen to form UTF-8
    ("Ã¶") are read as UTF-8: only mojibake has them."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if data.startswith(codecs.BOM_UTF8):
            raise FileProblem("error.import.not_utf8") from None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem("error.import.not_utf8") from None
    control = _CONTROL.search(text)
    if control:
        line = len(_LINE_BREAK.findall(text, 0, control.start())) + 1
        raise FileProblem("error.import.control_character", line=line, code=f"U+{ord(control.group()):04X}")
    return text


def _read_xlsx(data: bytes, max_rows: int) -> pd.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > MAX_UNPACKED:
                raise FileProblem("error.import.unpacked", size=f"{unpacked / 1e6:,.0f}".replace(",", "\u00a0"),
                                  max=f"{MAX_UNPACKED / 1e6:,.0f}".replace(",", "\u00a0"))  # fmt: skip
            _count_elements(archive)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise FileProblem("error.import.not_xlsx", error=type(exc).__name__) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except FileProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged workbook fails inside openpyxl in many ways
        raise FileProblem("error.import.not_xlsx", error=type(exc).__name__) from None
    try:
        return _sheet_rows(book, max_rows)
    except FileProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed cell (a 5,000-digit number, a bad string index)
        raise FileProblem("error.import.broken_cell", error=type(exc).__name__) from None
    finally:
        book.close()


def _count_elements(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts hold more cells, strings, text runs or sheets than any file the importer
    takes, counted by a quick scan of the unpacked XML (a bounded read, whatever the zip claims)."""
    counts = {b"c": 0, b"si": 0, b"r": 0, b"sheet": 0}
    budget = MAX_UNPACKED
    for member in archive.infolist():
        if not member.filename.endswith(".xml") or not member.filename.startswith("xl/"):
            continue
        with archive.open(member) as part:
            tail = b""
            while chunk := part.read(1 << 20):
                budget -= len(chunk)
                if budget < 0:  # the zip understated a size
                    raise FileProblem(
                        "error.import.unpacked_more", max=f"{MAX_UNPACKED / 1e6:,.0f}".replace(",", "\u00a0")
                    )
                window = tail + chunk
                # an element split between two chunks is counted once: only matches that end in this chunk count
                for match in _ELEMENT.finditer(window):
                    if match.end() > len(tail):
                        counts[match.group(1)] += 1
                tail = window[-32:]
        if max(counts[b"c"], counts[b"si"], counts[b"r"]) > MAX_ELEMENTS or counts[b"sheet"] > MAX_SHEETS:
            rows = f"{MAX_ROWS:,}".replace(",", "\u00a0")
            raise FileProblem("error.import.too_many_cells", rows=rows)


def _sheet_rows(book: Workbook, max_rows: int) -> pd.DataFrame:
    """The first sheet Excel shows, streamed: refused as soon as it has too many rows or columns."""
    shown = [s for s in book.worksheets if getattr(s, "sheet_state", "visible") == "visible"]
    if not shown:
        raise FileProblem("error.import.no_sheet")
    rows: list[list[str]] = []
    width = MAX_COLUMNS
    sheet = shown[0]
    sheet.reset_dimensions()  # the size the file declares may be short of its rows: read every row there is
    # max_col: cells to the right are never made; each row comes padded to that width
    for i, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), start=1):
        if i == 1:
            filled = [j for j, c in enumerate(row) if getattr(c, "value", None) not in (None, "")]
            if filled and filled[-1] >= MAX_COLUMNS:
                raise FileProblem("error.import.too_many_columns", max=MAX_COLUMNS, template=len(COLUMNS))
            width = filled[-1] + 1 if filled else 1
        elif i > max_rows + 1:
            raise _too_many_rows(max_rows)
        cells = []
        for cell in row[:width]:
            value = getattr(cell, "value", None)
            if (isinstance(value, str) and value.startswith("=")) or not isinstance(
                value, str | int | float | bool | dt.date | dt.time | dt.timedelta | None
            ):  # a formula, or an array or table formula (an object of openpyxl's)
                raise FileProblem("error.import.formula", line=i, formula=str(value)[:30])
            if isinstance(value, int | float) and not isinstance(value, bool) and _percent(cell):
                # a cell shown as 42,5 % holds 0.425: the file means 42,5 %, a share the validation reads for an
                # indicator in percent and refuses for any other
                cells.append(f"{_cell(round(value * 100, 10))}%")
                continue
            cells.append(_cell(value))
        rows.append(cells + [""] * (width - len(cells)))
    if not rows:
        raise FileProblem("error.import.empty")
    header = [str(c) if c else f"unnamed{i}" for i, c in enumerate(rows[0])]
    return pd.DataFrame(rows[1:], columns=header, dtype=str)


def _percent(cell: object) -> bool:
    """Is a cell's number shown as a percentage (its number format has a % outside quotes and brackets)?"""
    shown = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", str(getattr(cell, "number_format", "") or ""))
    return "%" in shown


def _cell(value: object) -> str:
    """A cell as text: a whole float without ".0", a date cell as the day it holds (``2026-10-01``; the validation
    makes it a month for a monthly indicator), with its time when it has one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def grid_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows typed into the reporting grid (each with its area) as an import table, numbered as the grid shows them;
    a row with neither a value nor a status is not reported (the same blank test as a file's rows). Empty: nothing
    typed."""
    frame = rows.fillna("")
    frame.index = pd.Index([int(i) + 1 for i in frame.index], name="line")
    return frame[~_blank(frame, ["value", "status"])]


@db.pause_gc()
def check(frame: pd.DataFrame, rules: Rules, by: Principal) -> Checked:
    """Every row through the form's validation, plus the importer's rules: only the user's own actor's indicators,
    and each indicator, area and period at most once in a file."""
    figures: list[FigureInput] = []
    lines: list[int] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str, str], int] = {}
    default_source = by.actor_code or by.username
    skipped = 0
    columns = list(frame.columns)
    # The fields validation reads, column by column (a field the file has no column for: None, as a form leaves it).
    cells = [_cells(frame, c) if c in columns else [None] * len(frame) for c in _FIELDS]
    source_at = _FIELDS.index("source")
    cells[source_at] = [v if str(v or "").strip() else default_source for v in cells[source_at]]
    # A template row left empty: not reported this time.
    unreported = _blank(frame, [c for c in ("value", "status", "n", "note") if c in columns])
    validate = FigureChecker(rules).check  # the form's rules, each worked out once per distinct input
    editor = by.role is Role.EDITOR
    actors: dict[str, str] = {}
    for line, empty, row in zip(frame.index.tolist(), unreported.tolist(), zip(*cells, strict=True), strict=True):
        if empty:
            skipped += 1
            continue
        try:
            figure = validate(*row)
        except ValidationError as exc:
            errors.extend(RowError(line, e.field, e.msgid, **e.params) for e in exc.errors)
            continue
        code = figure.indicator_code
        if editor:
            actor = actors.get(code)
            if actor is None:
                actor = actors[code] = rules.indicators[code].actor_code
            if actor != by.actor_code:
                errors.append(RowError(line, "indicator", "error.import.other_actor", indicator=code, actor=actor,
                                       mine=by.actor_code))  # fmt: skip
                continue
        key = figure[:3]  # indicator, area, period
        if key in seen:
            errors.append(RowError(line, "period", "error.import.duplicate", line=seen[key]))
            continue
        seen[key] = line
        figures.append(figure)
        lines.append(int(line))
    used = {code: rules.indicators[code] for code in {f.indicator_code for f in figures}}
    shown_as = {code: (ind.unit, ind.categories) for code, ind in used.items()}
    return Checked(frame, figures, errors, skipped, lines=lines, shown_as=shown_as)


def _cells(frame: pd.DataFrame, column: str) -> list[Any]:
    """A column's cells as a list, an empty cell (None) as empty text."""
    cells = frame[column].tolist()
    return ["" if v is None else v for v in cells] if None in cells else cells


#: The fields of a row as :meth:`~indicators.rules.validation.FigureChecker.check` takes them, in its order.
_FIELDS = ("indicator", "area", "period", "value", "n", "status", "source", "note", "evidence_url")


def check_in(url: str, frame: pd.DataFrame, by: Principal) -> Checked:
    """:func:`check` against the catalogue of the store at ``url`` (what the pages and the CLI do before a commit)."""
    with db.read_session(url) as session:
        checked = check(frame, store.rules(session), by)
        keys = [(f.indicator_code, f.area_code, f.period) for f in checked.figures]
        checked.stored = store.stored_figures(session, keys)
        checked.based_on = {key: checked.stored[key].version if key in checked.stored else 0 for key in keys}
        areas = queries.areas(session)
        checked.area_names = dict(zip(areas["code"], areas["name"], strict=True))
        if len(checked.figures) <= PLAUSIBLE_ROWS:
            numbers = [(line, f) for line, f in zip(checked.lines, checked.figures, strict=True)
                       if f.value is not None and checked.shown_as[f.indicator_code][0] != "category"]  # fmt: skip
            history = review.earlier_values(session, [(f.indicator_code, f.area_code, f.period) for _, f in numbers])
            checked.earlier = {line: values for (line, _), values in zip(numbers, history, strict=True)}
        return checked


@db.pause_gc()
def commit(
    session: Session,
    by: Principal,
    figures: Sequence[FigureInput],
    filename: str,
    progress: Callable[[float], None] | None = None,
    based_on: Mapping[tuple[str, str, str], int] | None = None,
) -> int:
    """Store the checked figures as submitted versions in the caller's transaction: all or nothing; a row that
    repeats the stored figure is not stored (the writer's rule), and the count returned is of the rows stored. With
    ``based_on`` (the version each key had when the user saw it, 0 for none), a key saved by someone else since
    refuses the whole commit with :class:`~indicators.storage.store.StaleRowsError`."""
    submitted = ReviewState.SUBMITTED
    if based_on is None:
        rows = [BulkFigure.of(f, submitted) for f in figures]
    else:
        rows = [BulkFigure.of(f, submitted, based_on.get((f.indicator_code, f.area_code, f.period), 0))
                for f in figures]  # fmt: skip
    stored = store.insert_figures_bulk(session, by=by, figures=rows, progress=progress)
    store.audit(session, by, "figure.import", "import", filename[:200], None, {"rows": stored})
    return stored


# --- Templates ----------------------------------------------------------------------------------------------------


def template_rows(due: pd.DataFrame) -> pd.DataFrame:
    """The template's rows: one per due figure, with the columns of the format and the value left empty."""
    return pd.DataFrame(
        {
            "indicator": due["indicator_code"],
            "area": due["area_code"],
            "period": due["period"],
            "value": "",
            "n": "",
            "status": "",
            "note": "",
            "source": "",
        },
        columns=COLUMNS,
    )


def template_csv(rows: pd.DataFrame) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what Swedish Excel opens and saves without asking."""
    return rows.to_csv(sep=";", index=False).encode("utf-8-sig")


def template_xlsx(rows: pd.DataFrame, names: dict[str, str]) -> bytes:
    """An Excel template: the rows to fill in, and a second sheet naming each indicator."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Siffror"
    sheet.append(COLUMNS)
    for row in rows.itertuples(index=False):
        sheet.append(["" if v is None else str(v) for v in row])
    for column, width in zip("ABCDEFGH", [10, 10, 10, 12, 8, 14, 40, 30], strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("Indikatorer")
    guide.append(["indicator", "namn"])
    for code, name in names.items():
        guide.append([code, name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
