"""File import: the formats Swedish offices produce, every bad row named, and all rows stored or none."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlmodel import col, func, select

from indicators.base.config import settings
from indicators.base.models import AuditEntry, Figure, Role
from indicators.io import catalogue, importer
from indicators.read import queries
from indicators.rules.validation import Rules, validate_figure
from indicators.storage import db, store
from indicators.storage.store import Principal
from tests.support import ROOT, cli, examples

POL = Principal("pol", Role.EDITOR, "POL")
MB = 1_000_000


def _count(url: str) -> int:
    with db.read_session(url) as s:
        return int(s.exec(select(func.count()).select_from(Figure)).one())


@pytest.mark.parametrize(
    "data",
    [
        b"indicator,area,period,value,n\nI01,11319,2026-01,150.5,\nI19,11319,2025,21.5,400\n",
        "\ufeffindicator;area;period;value;n\nI01;11319;2026-01;150,5;\nI19;11319;2025;21,5;400\n".encode(),
        b"Indicator\tArea\tPeriod\tValue\tN\nI01\t11319\t2026-01\t150,5\t\nI19\t11319\t2025\t21,5\t400\n",
        b'"indicator";"area";"period";"value";"n";"note"\n"I01";"11319";"2026-01";"150,5";"";"a; b"\n'
        b'"I19";"11319";"2025";"21,5";"400";""\n',
    ],
    ids=["comma-point", "bom-semicolon-comma", "tab-capitalised", "quoted"],
)
def test_csv_dialects_read_the_same(store_url: str, data: bytes) -> None:
    frame = importer.read_table(data, "siffror.csv", MB)
    with db.read_session(store_url) as s:
        checked = importer.check(frame, store.rules(s), POL)
    assert checked.ok, checked.errors
    assert [(f.indicator_code, f.value, f.n) for f in checked.figures] == [("I01", 150.5, None), ("I19", 21.5, 400)]


def test_xlsx_reads_like_csv(store_url: str) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "area", "period", "value", "n"])
    sheet.append(["I01", 11319, "2026-01", 150.5, None])
    sheet.append(["I19", "11319", 2025, "21,5", 400])
    out = io.BytesIO()
    book.save(out)
    frame = importer.read_table(out.getvalue(), "siffror.xlsx", MB)
    with db.read_session(store_url) as s:
        checked = importer.check(frame, store.rules(s), POL)
    assert checked.ok, checked.errors
    assert [(f.area_code, f.period, f.value) for f in checked.figures] == [("11319", "2026-01", 150.5),
                                                                          ("11319", "2025", 21.5)]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "tom.csv", "tom"),
        (b"indicator;area;period;value\n", "rubrik.csv", "inga rader"),
        (b"indicator;area;period;value\nI01;S\xf6dra;2026-01;1\x81\n", "latin.csv", "inte UTF-8"),  # 0x81: no cp1252
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "bild.csv", "inte en textfil"),
        (b"indicator;area;value\nI01;11319;1\n", "kolumn.csv", "kolumn saknas: period"),
        (b"indicator;area;period;value;colour\nI01;11319;2026-01;1;red\n", "extra.csv", "okänd kolumn: colour"),
        (
            ("indicator;area;period;value;" + ";".join(f"c{i}" for i in range(10_000)) + "\n").encode(),
            "bred.csv",
            "kolumner",
        ),
        (b"PK\x03\x04 not really a zip", "trasig.xlsx", "Excel"),
    ],
    ids=[
        "empty",
        "header-only",
        "neither-utf8-nor-cp1252",
        "binary",
        "missing-column",
        "unknown-column",
        "10000-columns",
        "bad-xlsx",
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data: bytes, name: str, message: str) -> None:
    with pytest.raises(importer.FileProblem, match=message):
        importer.read_table(data, name, MB)


def test_a_file_over_the_limit_is_refused() -> None:
    with pytest.raises(importer.FileProblem, match="högst 20 MB"):
        importer.read_table(b"x" * (20 * MB + 1), "stor.csv", 20 * MB)


def test_formulas_in_cells_are_refused() -> None:
    book = Workbook()
    book.active.append(["indicator", "area", "period", "value"])
    book.active.append(["I01", "11319", "2026-01", "=SUM(A1:A2)"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(importer.FileProblem, match="formler"):
        importer.read_table(out.getvalue(), "formel.xlsx", MB)


def test_every_bad_row_is_named_and_nothing_is_stored(store_url: str) -> None:
    data = (
        b"indicator;area;period;value;n\n"
        b"I01;11319;2026-01;150,5;\n"  # fine
        b"I01;11319;2026-01;151;\n"  # the same figure twice
        b"I19;11319;2025;21,5;\n"  # a survey share without n
        b"I01;11399;2026-02;12;\n"  # unknown area
        b"I01;11319;2026-Q1;12;\n"  # wrong frequency
        b"I01;11319;2099-01;12;\n"  # the future
        b"I02;11319;2026-02;tolv;\n"  # not a number
        b"I02;11319;2026-03;-3;\n"  # a negative count
    )
    frame = importer.read_table(data, "fel.csv", MB)
    with db.read_session(store_url) as s:
        checked = importer.check(frame, store.rules(s), POL)
    lines = {e.line: (e.field, e.message) for e in checked.errors}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9]
    assert "samma indikator, område och period som rad 2" in lines[3][1]
    assert lines[4][0] == "n" and lines[5][0] == "area" and lines[6][0] == "period" and lines[7][0] == "period"
    assert lines[8][0] == "value" and lines[9][0] == "value"
    assert str(checked.errors[0]).startswith("rad 3: period:")
    assert not checked.ok
    preview = checked.preview()
    assert preview[preview["Rad"] == 2]["Fel"].iloc[0] == "" and preview[preview["Rad"] == 5]["Fel"].iloc[0]


def test_cli_import_stores_all_rows_or_none(store_url: str, tmp_path: Path) -> None:
    good = tmp_path / "bra.csv"
    good.write_text("indicator;area;period;value;n\nI01;11319;2026-01;150,5;\nI19;11319;2025;21,5;400\n",
                    encoding="utf-8-sig")  # fmt: skip
    bad = tmp_path / "dålig.csv"
    bad.write_text("indicator;area;period;value\nI01;11319;2026-02;10\nI11;11319;2026-02;3\nI01;11319;2026-03;x\n",
                   encoding="utf-8")  # fmt: skip
    before = _count(store_url)
    failed = cli("--db", store_url, "import", str(bad), "--as", "pol")
    assert failed.returncode == 1
    assert "rad 3: indikator: I11 rapporteras av FGK" in failed.stderr and "rad 4: värde" in failed.stderr
    assert "nothing stored" in failed.stderr and _count(store_url) == before
    done = cli("--db", store_url, "import", str(good), "--as", "pol")
    assert done.returncode == 0, done.stderr
    assert "stored 2 figures" in done.stdout and _count(store_url) == before + 2
    with db.read_session(store_url) as s:
        stored = queries.current_figure(s, "I19", "11319", "2025")
    assert stored["value"] == 21.5 and stored["n"] == 400 and stored["review_state"] == "submitted"
    assert stored["entered_by"] == "pol" and stored["version"] >= 2  # a correction of the demo figure
    nobody = cli("--db", store_url, "import", str(good), "--as", "ingen")
    assert nobody.returncode == 2 and "--as" in nobody.stderr


def test_templates_hold_the_due_rows_and_import_back(store_url: str) -> None:
    """The CSV and XLSX templates list the due, unreported rows; filled in, they import as they are."""
    import datetime as dt

    with db.read_session(store_url) as s:
        due = queries.due_figures(s, "sofielund-2022", "POL", "11319", dt.date(2026, 11, 22))
    rows = importer.template_rows(due[due["figure_id"].isna()])
    assert len(rows) > 0 and set(rows["indicator"]) <= set(due["indicator_code"])
    filled = rows.assign(value="1", n=["400" if c in ("I19", "I21", "I21B", "I21C") else "" for c in rows["indicator"]])
    for data, name in [(importer.template_csv(filled), "mall.csv"), (importer.template_xlsx(filled, {}), "mall.xlsx")]:
        frame = importer.read_table(data, name, MB)
        with db.read_session(store_url) as s:
            checked = importer.check(frame, store.rules(s), POL)
        assert checked.ok, checked.errors[:3]
        assert len(checked.figures) == len(rows)


def test_line_numbers_survive_empty_rows_and_percent_cells_mean_what_they_show(store_url: str) -> None:
    """An empty row does not shift the line numbers in messages; an Excel cell shown as 42,5 % means 42,5."""
    frame = importer.read_table(b"indicator;area;period;value\n\nI01;11319;2026-01;1\n;;;\nI01;11319;2099-01;2\n",
                                "tomrad.csv", MB)  # fmt: skip
    with db.read_session(store_url) as s:
        checked = importer.check(frame, store.rules(s), POL)
    assert [e.line for e in checked.errors] == [5]  # the line in the file, counting the empty ones
    book = Workbook()
    book.active.append(["indicator", "area", "period", "value", "n"])
    book.active.append(["I19", "11319", "2025", 0.425, 400])
    book.active["D2"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    with db.read_session(store_url) as s:
        checked = importer.check(importer.read_table(out.getvalue(), "andel.xlsx", MB), store.rules(s), POL)
    assert checked.ok and checked.figures[0].value == 42.5


def test_a_ragged_csv_gets_a_swedish_reason() -> None:
    with pytest.raises(importer.FileProblem, match="rad 3 har fler kolumner än rubrikraden"):
        importer.read_table(b"indicator,area,period,value\nI01,11319,2026-01,1\nI01,11319,2026-02,1,5\n", "x.csv", MB)


def test_imports_and_publishing_are_audited_per_figure(store_url: str) -> None:
    """Historik by indicator finds each imported and each published figure under its own key."""
    from indicators.base.models import Role as R

    frame = importer.read_table(b"indicator;area;period;value\nI02;11319;2026-01;4\nI02;11320;2026-01;5\n", "a.csv",
                                MB)  # fmt: skip
    with db.read_session(store_url) as s:
        checked = importer.check(frame, store.rules(s), POL)
    db.run_write(lambda s: importer.commit(s, POL, checked.figures, "a.csv"), store_url)
    chair = Principal("ordf", R.STEERING)
    with db.read_session(store_url) as s:
        ids = [int(i) for i in queries.figures_in_review(s, ("submitted",), "POL", "2026-01")["figure_id"]]
    db.run_write(lambda s: store.approve_figures(s, chair, ids), store_url)
    db.run_write(lambda s: store.publish_figures(s, chair, "2026-01"), store_url)
    with db.read_session(store_url) as s:
        trail = queries.audit_trail(s, None, "I02/11320/2026-01")
    # an imported figure is audited as the form audits one (the file itself has its own "figure.import" entry)
    assert list(trail["action"]) == ["figure.publish", "figure.approve", "figure.submit"]
    assert list(trail["username"]) == ["ordf", "ordf", "pol"] and trail["after"].iloc[-1]["value"] == 5


def test_template_rows_left_empty_are_skipped(store_url: str) -> None:
    frame = importer.read_table(b"indicator;area;period;value;n;status;note;source\n"
                                b"I01;11319;2026-01;150;;;;\nI01;11319;2026-02;;;;;\nI02;11319;2026-02;;;missing;;\n",
                                "mall.csv", MB)  # fmt: skip
    with db.read_session(store_url) as s:
        checked = importer.check(frame, store.rules(s), POL)
    assert checked.ok and checked.skipped == 1
    got = [(f.indicator_code, f.value, f.status_code) for f in checked.figures]
    assert got == [("I01", 150.0, None), ("I02", None, "missing")]


def _submit_one(url: str, who: Principal, value: str) -> int:
    with db.read_session(url) as s:
        figure = validate_figure({"indicator": "I01", "area": "11319", "period": "2026-01", "value": value,
                                        "source": "POL"}, store.rules(s))  # fmt: skip
    return db.run_write(lambda s: store.submit_figure(s, by=who, figure=figure).version, url)


def test_a_file_checked_before_someone_else_saved_a_row_is_refused_whole(store_url: str) -> None:
    """Two editors of the police: one checks a file (the preview), the other saves one of its figures through the
    form meanwhile. Committing the file now would overwrite that figure unseen: the whole file is refused, naming
    the row, who saved it and its version, and nothing is stored; checked again, it goes in on top of it."""
    data = b"indicator;area;period;value\nI01;11319;2026-01;150\nI02;11319;2026-01;12\n"
    checked = importer.check_in(store_url, importer.read_table(data, "f.csv", MB), POL)
    assert checked.ok
    colleague = Principal("pol2", Role.EDITOR, "POL")
    saved = _submit_one(store_url, colleague, "90")
    before = _count(store_url)
    with pytest.raises(store.StaleRowsError) as refused:
        db.run_write(lambda s: importer.commit(s, POL, checked.figures, "f.csv", based_on=checked.based_on), store_url)
    assert [(r["indicator_code"], r["version"], r["entered_by"]) for r in refused.value.stale] == [
        ("I01", saved, "pol2")
    ]
    assert "I01 11319 2026-01" in str(refused.value) and "pol2" in str(refused.value)
    assert _count(store_url) == before
    again = importer.check_in(store_url, importer.read_table(data, "f.csv", MB), POL)
    assert again.based_on[("I01", "11319", "2026-01")] == saved
    assert db.run_write(lambda s: importer.commit(s, POL, again.figures, "f.csv", based_on=again.based_on),
                        store_url) == 2  # fmt: skip


def test_the_cli_import_refuses_rows_saved_meanwhile(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI checks and commits at once; a figure saved between the two is still not overwritten unseen."""
    from indicators import cli

    path = tmp_path / "f.csv"
    path.write_bytes(b"indicator;area;period;value\nI01;11319;2026-01;150\n")
    real = importer.check_in

    def check_then_colleague_saves(url: str, frame: object, by: Principal) -> importer.Checked:
        checked = real(url, frame, by)  # type: ignore[arg-type]
        _submit_one(url, Principal("pol2", Role.EDITOR, "POL"), "90")
        before.append(_count(url))
        return checked

    before: list[int] = []
    monkeypatch.setattr(importer, "check_in", check_then_colleague_saves)
    assert cli.main(["--db", store_url, "import", str(path), "--as", "pol"]) == 1
    assert "sparats av någon annan" in capsys.readouterr().err
    assert [_count(store_url)] == before


def test_the_grid_reports_only_rows_with_a_value_or_a_status() -> None:
    """The grid's blank test is the file's: a row with only spaces, or a note without value or status, is not
    reported; the rows kept keep the line numbers the grid shows."""
    typed = pd.DataFrame({"indicator": ["I01", "I02", "I03", "I04"], "area": ["11319"] * 4, "period": ["2026-01"] * 4,
                          "value": ["12", "  ", "", None], "status": [None, None, "missing", None],
                          "n": ["", "", "", ""], "note": ["", "bara en kommentar", "", ""]})  # fmt: skip
    frame = importer.grid_frame(typed)
    assert list(frame.index) == [1, 3] and list(frame["indicator"]) == ["I01", "I03"]
    assert set(frame["area"]) == {"11319"}
    assert importer.grid_frame(typed.iloc[[1, 3]]).empty


# --- Rows already reported (issue 20) ------------------------------------------------------------------------------

_CAT = catalogue.load(settings().pledge_file)
#: The police's indicators a generated file reports, with the periods their frequency allows (all over by now).
_POL = {code: ind for code, ind in catalogue._indicator_rows(_CAT.spec).items() if ind.actor_code == "POL"}
_PERIODS = {"monthly": [f"2024-{m:02d}" for m in range(1, 13)], "quarterly": [f"2024-Q{q}" for q in range(1, 5)],
            "half_yearly": ["2024-H1", "2024-H2"], "yearly": ["2023", "2024"],
            "irregular": ["2024-03", "2024"]}  # fmt: skip


@st.composite
def _report_row(draw: st.DrawFn) -> dict[str, str]:
    """A valid row of a police file: a value the indicator's unit allows (or a status instead), n for a survey share,
    sometimes a comment; numbers with a decimal comma or point."""
    code = draw(st.sampled_from(sorted(_POL)))
    ind = _POL[code]
    row = {"indicator": code, "area": draw(st.sampled_from(["11319", "11320", "11321"])),
           "period": draw(st.sampled_from(_PERIODS[str(ind.frequency)])), "value": "", "n": "", "status": "",
           "note": draw(st.sampled_from(["", "", "rättad efter kontroll", "Enligt RAR; åäö"]))}  # fmt: skip
    if draw(st.integers(0, 9)) == 0:
        row["status"] = draw(st.sampled_from(["missing", "suppressed", "not_applicable"]))
        return row
    if ind.unit == "category":
        value = draw(st.sampled_from(sorted(ind.categories or {"0": ""})))
    elif ind.unit == "index":
        value = f"{draw(st.integers(int(ind.scale_min or 0) * 100, int(ind.scale_max or 5) * 100)) / 100:.2f}"
    elif ind.unit in ("count", "persons"):
        value = str(draw(st.integers(0, 2_000)))
    else:  # shares, hours and rates: one decimal
        value = f"{draw(st.integers(0, 1_000)) / 10:.1f}"
    row["value"] = value.replace(".", ",") if draw(st.booleans()) else value
    if ind.unit == "survey_percent":
        row["n"] = str(draw(st.integers(30, 3_000)))
    return row


_FILES = st.lists(_report_row(), min_size=1, max_size=8, unique_by=lambda r: (r["indicator"], r["area"], r["period"]))


def _file(rows: list[dict[str, str]]) -> bytes:
    """The rows as Swedish Excel saves them: semicolons, quoted where a cell holds one."""
    out = io.StringIO()
    writer = csv.DictWriter(out, ["indicator", "area", "period", "value", "n", "status", "note"], delimiter=";",
                            lineterminator="\n")  # fmt: skip
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _written(url: str) -> tuple[int, int]:
    """Figure versions stored, and audit entries of figure versions written (the file's own entry aside)."""
    with db.read_session(url) as s:
        figures = int(s.exec(select(func.count()).select_from(Figure)).one())
        audited = int(s.exec(select(func.count()).select_from(AuditEntry).where(
            col(AuditEntry.action).in_(["figure.submit", "figure.correct"]))).one())  # fmt: skip
    return figures, audited


def test_reimporting_a_file_changes_nothing(new_store: Callable[..., str]) -> None:
    """Issue 20: a file imported again made a new version of every row (I03 2026-Q3 had versions 1, 2 and 3, all
    3). Any valid file, imported twice: the second time its preview calls every row unchanged, nothing is stored, and
    the audit trail gets no figure.submit or figure.correct."""
    url = new_store()

    @examples(200)
    @given(rows=_FILES)
    def one(rows: list[dict[str, str]]) -> None:
        data = _file(rows)
        first = importer.check_in(url, importer.read_table(data, "f.csv", MB), POL)
        assert first.ok, first.errors
        db.run_write(lambda s: importer.commit(s, POL, first.figures, "f.csv", based_on=first.based_on), url)
        before = _written(url)
        again = importer.check_in(url, importer.read_table(data, "f.csv", MB), POL)
        assert again.counts() == {importer.NEW: 0, importer.UNCHANGED: len(rows), importer.CORRECTION: 0}
        stored = db.run_write(lambda s: importer.commit(s, POL, again.figures, "f.csv", based_on=again.based_on), url)
        assert stored == 0 and _written(url) == before

    one()


def test_the_preview_says_per_row_new_unchanged_or_correction_with_the_old_and_new_value(store_url: str) -> None:
    """A row with nothing stored is new; a row as stored is unchanged and not stored; a correction shows the stored
    value and the new one, as the pages show them (a category's label, not its code); a correction of only the
    comment says so. Only the new rows and the corrections are stored."""
    data = "indicator;area;period;value;note\nI02;11319;2024-01;9;\nI02;11319;2024-02;5;\nI02;11319;2024-03;6;\n"
    earlier = importer.check_in(store_url, importer.read_table(data.encode(), "förra.csv", MB), POL)
    db.run_write(lambda s: importer.commit(s, POL, earlier.figures, "förra.csv"), store_url)
    again = ("indicator;area;period;value;note\n"
             "I02;11319;2024-01;9;\n"  # as stored
             "I02;11319;2024-02;7;\n"  # 5 → 7
             "I02;11319;2024-03;6;räknat igen\n"  # the same value, a comment added
             "I23;11319;2022-04;2;\n"  # the signed pledge's 3 (särskilt utsatt område) → 2
             "I02;11399;2024-01;4;\n")  # fmt: skip  # no such area: an error, not a kind
    checked = importer.check_in(store_url, importer.read_table(again.encode(), "f.csv", MB), POL)
    preview = checked.preview()
    assert list(preview["Ändring"]) == ["oförändrad, sparas inte", "rättelse: 5 → 7",
                                        "rättelse av kommentar, samma värde (6)",
                                        "rättelse: särskilt utsatt område → riskområde", ""]  # fmt: skip
    assert preview["Fel"].iloc[-1] and checked.errors
    fine = importer.check_in(store_url, importer.read_table("\n".join(again.splitlines()[:-1]).encode(), "f.csv", MB),
                             POL)  # fmt: skip
    assert fine.counts() == {importer.NEW: 0, importer.UNCHANGED: 1, importer.CORRECTION: 3}
    assert list(fine.preview("en")["Change"])[:2] == ["unchanged, not stored", "correction: 5 → 7"]
    before = _count(store_url)
    stored = db.run_write(lambda s: importer.commit(s, POL, fine.figures, "f.csv", based_on=fine.based_on), store_url)
    assert stored == 3 and _count(store_url) == before + 3
    new = importer.check_in(store_url, importer.read_table(b"indicator;area;period;value\nI02;SOFIELUND;2026-01;1\n",
                                                           "ny.csv", MB), POL)  # fmt: skip
    assert list(new.preview()["Ändring"]) == ["ny"]


# --- Swedish Excel as it is (issue 20) -----------------------------------------------------------------------------

_TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def rules() -> Rules:
    """The catalogue's rules with a fixed today (2026-11-22), so 2026-10 has ended whatever the date."""
    return Rules(indicators=catalogue._indicator_rows(_CAT.spec), areas={a.code for a in _CAT.areas}, today=_TODAY)


def _excel_csv(lines: list[str]) -> bytes:
    """A file as Excel's "CSV (semikolonavgränsad)" writes it: Windows-1252, semicolons, CRLF."""
    return "".join(line + "\r\n" for line in lines).encode("cp1252")


def _book(rows: list[list[object]], formats: dict[str, str] | None = None) -> bytes:
    """A workbook written by openpyxl (dates as Excel's date serials), with Excel's number formats per cell."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _checked(data: bytes, name: str, rules: Rules) -> importer.Checked:
    return importer.check(importer.read_table(data, name, MB), rules, POL)


def _problems(checked: importer.Checked) -> dict[int, str]:
    return {e.line: str(e) for e in checked.errors}


def test_excels_semicolon_csv_in_windows_1252_is_read(rules: Rules) -> None:
    """Issue 20: Excel's "CSV (semikolonavgränsad)" is Windows-1252; a comment with "ö" refused the whole file as
    "inte UTF-8". Read as Windows-1252, it gives the same rows and comments as typed (the en dash is one of the
    bytes 0x80–0x9F where Windows-1252 and Latin-1 differ)."""
    note = "Rättad efter kontroll – 12 € per timme, öppet"
    data = _excel_csv(["indicator;area;period;value;note", f"I01;11319;2026-01;150,5;{note}",
                       "I19;11319;2025;21,5;Enkät, sköts av Malmö stad"])  # fmt: skip
    assert b"\xf6" in data and b"\x96" in data  # ö and – as Excel writes them
    frame = importer.read_table(data, "excel.csv", MB)
    assert list(frame["note"]) == [note, "Enkät, sköts av Malmö stad"]
    checked = importer.check(frame, rules, POL)
    assert [(e.line, e.field) for e in checked.errors] == [(3, "n")]
    assert [(f.indicator_code, f.value, f.note) for f in checked.figures] == [("I01", 150.5, note)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"indicator;area;period;value;note\r\nI01;11319;2026-01;1;\x81\r\n", "inte UTF-8", id="undefined"),
        pytest.param(
            b"\xef\xbb\xbfindicator;area;period;value;note\r\nI01;11319;2026-01;1;\xf6\r\n",
            "inte UTF-8",
            id="bom-then-windows-1252",
        ),
        pytest.param(
            _excel_csv(["indicator;area;period;value;note", "I01;11319;2026-01;1;ö\x01"]),
            r"rad 2 .*styrtecken \(U\+0001\)",
            id="control-character",
        ),
        pytest.param(
            _excel_csv(["indicator;area;period;value;note", "I01;11319;2026-01;1;ö", "I01;11319;2026-02;1;\x1b"]),
            r"rad 3 .*styrtecken \(U\+001B\)",
            id="escape-on-line-3",
        ),
    ],
)
def test_a_file_neither_utf8_nor_windows_1252_text_is_refused_with_the_reason(data: bytes, message: str) -> None:
    """A byte Windows-1252 leaves undefined, a BOM that promises UTF-8 the rest breaks, or a control character
    (what a binary file decodes to) refuses the file, naming the line."""
    with pytest.raises(importer.FileProblem, match=message):
        importer.read_table(data, "fil.csv", MB)


#: Every character Windows-1252 can write, control characters aside (a file with one of those is refused).
_CP1252 = "".join(ch for ch in map(chr, range(0x20, 0x2200)) if ch != "\x7f" and ch.encode("cp1252", "ignore"))
_CELL = st.text(st.sampled_from(_CP1252 + "\t\n"), max_size=12)


@examples(500)
@given(rows=st.lists(st.tuples(_CELL, _CELL, _CELL), min_size=1, max_size=6), bom=st.booleans())
def test_any_windows_1252_text_reads_as_the_same_cells_as_its_utf8_file(
    rows: list[tuple[str, str, str]], bom: bool
) -> None:
    """Any text Windows-1252 can write, saved by Excel as "CSV (semikolonavgränsad)" (cp1252, ;, CRLF), reads back
    as the same cells (or the same refusal) as the same sheet saved as "CSV UTF-8". The one text that cannot: bytes
    of Windows-1252 that also form UTF-8 ("Ã¶" is C3 B6, UTF-8's "ö"), which are read as UTF-8; only mojibake
    writes that."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["indicator", "area", "period", "value", "note"])
    writer.writerows([("I01", "11319", period, value, note) for period, value, note in rows])
    text = out.getvalue()
    windows = text.encode("cp1252")
    try:
        windows.decode("utf-8")
        assume(text.isascii())
    except UnicodeDecodeError:
        pass

    def read(data: bytes) -> object:
        try:
            frame = importer.read_table(data, "f.csv", MB)
        except importer.FileProblem as exc:
            return str(exc)
        return (list(frame.index), frame.to_numpy().tolist())

    assert read(windows) == read(text.encode("utf-8-sig" if bom else "utf-8"))


def test_excel_month_cells_read_as_their_month(rules: Rules) -> None:
    """Issue 20: Excel turns 2026-10 into okt-26 (Oct-26 in English Excel). As text in a CSV, and as a date cell in
    a workbook (openpyxl gives a datetime; Excel's formats mmm-yy or yyyy-mm-dd), it is that month for a monthly
    indicator."""
    csv_data = _excel_csv(["indicator;area;period;value", "I02;11319;okt-26;3", "I02;11320;Oct-26;3",
                           "I02;11319;Maj 2026;4", "I02;11319;sep.26;5"])  # fmt: skip
    checked = _checked(csv_data, "excel.csv", rules)
    assert not checked.errors
    assert [(f.area_code, f.period) for f in checked.figures] == [
        ("11319", "2026-10"), ("11320", "2026-10"), ("11319", "2026-05"), ("11319", "2026-09")]  # fmt: skip
    workbook = _book([["indicator", "area", "period", "value"], ["I02", "11319", dt.datetime(2026, 10, 1), 3],
                      ["I01", "11319", dt.datetime(2026, 9, 15), 7.5]],
                     {"C2": "mmm-yy", "C3": "yyyy-mm-dd"})  # fmt: skip
    checked = _checked(workbook, "excel.xlsx", rules)
    assert not checked.errors
    assert [(f.indicator_code, f.period) for f in checked.figures] == [("I02", "2026-10"), ("I01", "2026-09")]


def test_a_date_cell_for_a_quarterly_or_yearly_indicator_is_refused_naming_the_cell(rules: Rules) -> None:
    """A date is a day, and a day is a month only to a monthly indicator: for a quarter or a year (even on its
    first day: 2026-07-01 may be a typed July as well as the third quarter) the row is refused, naming the row,
    the field and the date, and saying how to write the period."""
    workbook = _book([["indicator", "area", "period", "value"], ["I03", "11319", dt.datetime(2026, 7, 1), 3],
                      ["I14", "11319", dt.datetime(2025, 1, 1), 3], ["I03", "11319", "2026-Q3", 3]],
                     {"C2": "mmm-yy", "C3": "yyyy-mm-dd"})  # fmt: skip
    checked = _checked(workbook, "excel.xlsx", rules)
    assert _problems(checked) == {
        2: "rad 2: period: 2026-07-01 är ett datum (en datumcell i Excel?) och indikatorn rapporteras per kvartal: "
        "skriv perioden som text, t.ex. 2022-Q2",
        3: "rad 3: period: 2025-01-01 är ett datum (en datumcell i Excel?) och indikatorn rapporteras per år: "
        "skriv perioden som text, t.ex. 2022",
    }
    assert [f.period for f in checked.figures] == ["2026-Q3"]


def test_a_percent_sign_is_read_in_a_percent_field_and_refused_elsewhere(rules: Rules) -> None:
    """Issue 20: "44,1 %" in a percent field was refused. A trailing % (with a space, a no-break space or none) is
    read for a share in percent; for any other unit the row is refused, saying the sign fits only percent."""
    data = _excel_csv(["indicator;area;period;value;n", "I19;11319;2025;44,1 %;400", "K01;11319;2025;44,1%;",
                       "I21;11319;2025;12\xa0%;300", "I02;11319;2026-01;12 %;"])  # fmt: skip
    checked = _checked(data, "andelar.csv", rules)
    assert [(f.indicator_code, f.value) for f in checked.figures] == [("I19", 44.1), ("K01", 44.1), ("I21", 12.0)]
    assert _problems(checked) == {
        5: "rad 5: värde: procenttecknet (%) passar bara indikatorer i procent, och den här anges i antal: skriv "
        "talet utan %"
    }


def test_excel_percent_cells_read_as_the_percent_they_show_for_percent_indicators_only(rules: Rules) -> None:
    """Excel keeps a cell shown as 44,1 % as 0.441 with the number format 0.0%: that is 44,1 for a share in
    percent, and refused for a count (read as 50 before, a hundred times the 0.5 in the cell)."""
    workbook = _book([["indicator", "area", "period", "value", "n"], ["K01", "11319", "2025", 0.441, None],
                      ["I19", "11319", "2025", 0.425, 400], ["I02", "11319", "2026-01", 0.5, None]],
                     {"D2": "0.0%", "D3": "0%", "D4": "0%"})  # fmt: skip
    checked = _checked(workbook, "andelar.xlsx", rules)
    assert [(f.indicator_code, f.value) for f in checked.figures] == [("K01", 44.1), ("I19", 42.5)]
    assert list(_problems(checked)) == [4] and "procenttecknet (%) passar bara" in _problems(checked)[4]


def test_the_servers_upload_limit_is_the_imports(tmp_path: Path) -> None:
    """Issue 20: the uploader said "200MB per file" while the import refuses over 20 MB. Started as `make run`
    starts it (ui.serve), the server's maxUploadSize is INDICATORS_MAX_UPLOAD_MB, whatever Streamlit's own
    environment variable says; a --server.maxUploadSize that differs is refused."""
    probe = (
        "import sys\n"
        "from streamlit import config\n"
        "from streamlit.web.server.starlette import starlette_server\n"
        "def started(self):\n"
        "    print('maxUploadSize', config.get_option('server.maxUploadSize'))\n"
        "starlette_server.UvicornRunner.run = started\n"
        "from ui import serve\n"
        "sys.exit(serve.main(sys.argv[1:]))\n"
    )
    env = {**os.environ, "INDICATORS_MAX_UPLOAD_MB": "7", "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "500",
           "INDICATORS_DB_URL": f"sqlite:///{tmp_path / 'none.db'}"}  # fmt: skip

    def serve(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", probe, "--server.port", "0", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip

    started = serve()
    assert started.returncode == 0, started.stderr
    assert "maxUploadSize 7\n" in started.stdout
    assert settings().max_upload_mb == 20 and "maxUploadSize 7\n" in serve("--server.maxUploadSize", "7").stdout
    refused = serve("--server.maxUploadSize", "200")
    assert refused.returncode == 2 and "maxUploadSize" not in refused.stdout
    assert "INDICATORS_MAX_UPLOAD_MB" in refused.stderr
