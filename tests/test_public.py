"""The public view: only published figures of public indicators, disclosure control the same way everywhere
(page text, chart specs, map specs and tooltips, downloads, the newsletter), and complementary suppression that
never leaves a hidden cell computable from a total and its shown parts."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from indicators import db, disclosure, export, newsletter, public, store
from indicators.store import SYSTEM, BulkFigure
from tests.support import app_test

SENTINEL = 987654.0  # a correction submitted but not yet published
SECRET = 876543.0  # a published figure of an indicator that is not public
#: How the sentinels could be written anywhere: raw, Swedish and English number formats.
NEVER = ["987654", "987 654", "987\u00a0654", "987,654", "876543", "876 543", "876\u00a0543", "876,543"]
PUBLIC_PAGES = ["pages/public_pledge.py", "pages/public_done.py", "pages/public_trends.py", "pages/public_method.py",
                "pages/public_about.py"]  # fmt: skip


def add_sentinels(url: str) -> None:
    """A pending correction (the sentinel), a published count of 3, a thin survey share, and a published figure of
    an indicator taken out of the public view."""
    db.run_write(lambda s: s.execute(text("UPDATE indicator SET public = false WHERE code = 'I06'")), url)
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure("I02", "11319", "2023-06", SENTINEL, source="POL", review_state="submitted"),
        BulkFigure("I02", "11320", "2023-06", 3.0, source="POL"),
        BulkFigure("I19", "11320", "2022", 55.5, n=12, source="Polisens trygghetsmätning"),
        BulkFigure("I06", "11319", "2023-Q2", SECRET, source="ASF"),
    ]), url)  # fmt: skip


@pytest.fixture
def public_store(store_url: str) -> str:
    add_sentinels(store_url)
    return store_url


def _blob(at: AppTest) -> str:
    """Everything a public page shows or sends: text, tables, chart and map specs (tooltips included)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [e.value.to_csv() for e in at.table] + [e.value.to_csv() for e in at.dataframe]
    parts += [e.proto.spec for e in at.get("plotly_chart")] + [e.proto.json for e in at.get("deck_gl_json_chart")]
    parts += [e.proto.body for e in at.get("html")]
    return "\n".join(parts)


def _open(url: str, page: str, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("INDICATORS_DB_URL", url)
    at = app_test()
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("page", PUBLIC_PAGES)
@pytest.mark.parametrize("area", ["11319", "11320"])
def test_no_public_page_shows_an_unpublished_or_non_public_figure(
    public_store: str, monkeypatch: pytest.MonkeyPatch, page: str, area: str
) -> None:
    at = _open(public_store, page, monkeypatch, area=area, pub_indicator="I02", pub_areas="11319,11320",
               pub_period="2023-06")  # fmt: skip
    blob = _blob(at)
    assert blob.strip()
    for shown in NEVER:
        assert shown not in blob, (page, shown)
    assert "I06 – " not in blob and "I06 " not in blob  # the withdrawn indicator is not even named (I06B is)


def _array(value: Any) -> list[float]:
    import base64

    import numpy as np

    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return list(value)


def test_a_count_of_three_is_shown_as_fewer_than_five_in_text_chart_map_and_tooltip(
    public_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(public_store, "pages/public_trends.py", monkeypatch, area="11320", pub_indicator="I02",
               pub_areas="11320", pub_period="2023-06")  # fmt: skip
    item = next(m.value for m in at.markdown if "I02 – " in m.value)
    line = next(x for x in item.splitlines() if "I02 – " in x)
    assert "<5" in line and "jun 2023" in line and ": 3 " not in line
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    trace = next(t for t in spec["data"] if (t.get("meta") or {}).get("area") == "11320")
    assert not any(x.startswith("2023-06") for x in trace["x"])  # the hidden month is a gap, not a point
    assert 3.0 not in _array(trace["y"])[-12:]
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    polygons = next(layer for layer in deck["layers"] if layer["id"] == "areas")["data"]
    hidden = [p for p in polygons if p["code"] == "11320"]
    assert hidden and all(p["value"] is None and "<5" in p["tooltip"] for p in hidden)
    table = next(t.value for t in at.table if "Varför dold" in t.value.columns)
    row = table[(table["Område"] == "Norra Sofielund") & (table["Period"] == "jun 2023")].iloc[0]
    assert row["Värde"] == "<5" and row["Varför dold"] == "färre än fem"


def test_a_thin_survey_share_is_hidden_with_its_reason(public_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(public_store, "pages/public_trends.py", monkeypatch, area="11320", pub_indicator="I19",
               pub_areas="11320")  # fmt: skip
    table = next(t.value for t in at.table if "Varför dold" in t.value.columns)
    row = table[table["Period"] == "2022"].iloc[0]
    assert row["Värde"] == ".." and row["Varför dold"] == "färre än 30 svarande" and row["Antal svarande (n)"] == ""
    texts = [str(e.value) for e in [*at.markdown, *at.caption]] + [t.value.to_csv() for t in at.table]
    assert not any("55,5" in x for x in texts)  # (the map's coordinates contain such digits: checked by value below)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec) if at.get("plotly_chart") else {"data": []}
    assert all(55.5 not in _array(t["y"]) for t in spec["data"] if "y" in t)


def test_downloads_and_the_newsletter_hold_only_what_the_pages_show(public_store: str) -> None:
    with db.read_session(public_store) as s:
        files = export.files(s)
        letter = newsletter.build(s, "sofielund-2022", "11320", dt.date(2022, 4, 1), dt.date(2023, 6, 30))
    assert letter is not None
    html = newsletter.html(letter)
    for name, raw in [*files.items(), ("newsletter", html.encode())]:
        for shown in NEVER:
            assert shown.encode() not in raw, (name, shown)
    csv = pd.read_csv(io.BytesIO(files["csv"]), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    row = csv[(csv["indicator"] == "I02") & (csv["area"] == "11320") & (csv["period"] == "2023-06")].iloc[0]
    assert (row["value"], row["symbol"], row["reason"]) == ("", "<5", "färre än fem")
    pending = csv[(csv["indicator"] == "I02") & (csv["area"] == "11319") & (csv["period"] == "2023-06")].iloc[0]
    assert pending["source"] == "demo"  # the published version stays until the correction is published
    assert "I06" not in set(csv["indicator"])
    doc = json.loads(files["json"])
    assert doc["licence"] == "CC0-1.0" and {"indicator", "definition", "unit", "area_name", "n", "source"} <= set(
        doc["figures"][0]
    )


def test_the_newsletter_says_what_was_promised_done_and_how_effects_moved(store_url: str) -> None:
    with db.read_session(store_url) as s:
        letter = newsletter.build(s, "sofielund-2022", "11319", dt.date(2022, 4, 1), dt.date(2023, 4, 30))
    assert letter is not None
    html = newsletter.html(letter)
    assert html.startswith("<!DOCTYPE html>") and "<html lang='sv'>" in html and "<script" not in html
    for heading in ("Det här lovade vi", "Det här har gjorts", "Så har det gått", "Exempeldata"):
        assert heading in html
    effects = newsletter.effects_table(letter, "sv")
    assert len(effects) == len([i for i in letter.effects["level"] if i == "effekt"]) > 0
    i19 = effects[effects["Indikator"].str.startswith("I19 ")].iloc[0]
    assert "(2021)" in i19["Vid början"] and "(2022)" in i19["Vid slutet"]  # the survey years around the period
    assert "Polisen, lokalpolisområde Norr" in html and "P1: Medborgardialog" in html


# --- Complementary suppression ------------------------------------------------------------------------------------

PARENTS = {"T": None, "A": "T", "B": "T", "C": "T"}


def _cells(values: dict[tuple[str, str], float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator_code": "X",
                "area_code": a,
                "period": p,
                "unit": "count",
                "value": v,
                "n": None,
                "status_code": None,
            }
            for (a, p), v in values.items()
        ]
    )


def test_a_total_minus_its_shown_parts_does_not_reveal_a_small_count() -> None:
    out = disclosure.protect(_cells({("T", "2023"): 20, ("A", "2023"): 3, ("B", "2023"): 8, ("C", "2023"): 9}), PARENTS)
    shown = dict(zip(out["area_code"], out["value"], strict=True))
    why = dict(zip(out["area_code"], out["protection"].fillna(""), strict=True))
    assert why == {"T": "", "A": "small_count", "B": "complementary", "C": ""}  # the smallest other part
    assert shown["T"] == 20 and shown["C"] == 9 and pd.isna(shown["A"]) and pd.isna(shown["B"])
    assert list(out["status_code"].fillna("")) == ["", "small", "suppressed", ""]


def test_a_year_minus_its_shown_quarters_does_not_reveal_a_small_quarter() -> None:
    cells = {("A", "2023"): 30, ("A", "2023-Q1"): 2, ("A", "2023-Q2"): 10, ("A", "2023-Q3"): 0, ("A", "2023-Q4"): 18}
    out = disclosure.protect(_cells(cells), PARENTS).set_index("period")
    assert out.loc["2023-Q1", "protection"] == "small_count"
    assert out.loc["2023-Q2", "protection"] == "complementary"  # non-zero first: a hidden 0 would hide nothing
    assert out.loc["2023-Q3", "value"] == 0 and out.loc["2023", "value"] == 30


def test_without_the_area_tree_only_primary_rules_apply() -> None:
    out = disclosure.protect(_cells({("T", "2023"): 20, ("A", "2023"): 3, ("B", "2023"): 17}))
    assert list(out["protection"].fillna("")) == ["", "small_count", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=4, max_size=4), min_size=3, max_size=3))
def test_no_group_ever_has_exactly_one_hidden_cell(quarters: list[list[int]]) -> None:
    """Random areas × quarters under a total area and a year: after protection, in every total-and-parts group
    either nothing or at least two cells are hidden, and no count from 1 to 4 is shown."""
    cells: dict[tuple[str, str], float] = {}
    for area, values in zip("ABC", quarters, strict=True):
        for q, v in enumerate(values, start=1):
            cells[(area, f"2023-Q{q}")] = v
        cells[(area, "2023")] = sum(values)
    for q in range(1, 5):
        cells[("T", f"2023-Q{q}")] = sum(quarters[i][q - 1] for i in range(3))
    cells[("T", "2023")] = sum(sum(v) for v in quarters)
    out = disclosure.protect(_cells(cells), PARENTS)
    hidden = {(a, p): pd.isna(v) for a, p, v in zip(out["area_code"], out["period"], out["value"], strict=True)}
    assert all(pd.isna(v) or not 0 < v < 5 for v in out["value"])
    groups = [[("T", p), *[(a, p) for a in "ABC"]] for p in ["2023", *[f"2023-Q{q}" for q in range(1, 5)]]]
    groups += [[(a, "2023"), *[(a, f"2023-Q{q}") for q in range(1, 5)]] for a in "TABC"]
    for group in groups:
        assert sum(hidden[c] for c in group) != 1, group


def test_public_figures_apply_complementary_suppression_over_the_area_tree(store_url: str) -> None:
    """Sofielund's total and its three sub-districts: one small part hides one more, in the store's public view."""
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure("I17", "SOFIELUND", "2026-Q1", 19.0, source="BID"),
        BulkFigure("I17", "11319", "2026-Q1", 2.0, source="BID"),
        BulkFigure("I17", "11320", "2026-Q1", 7.0, source="BID"),
        BulkFigure("I17", "11322", "2026-Q1", 10.0, source="BID"),
    ]), store_url)  # fmt: skip
    with db.read_session(store_url) as s:
        figs = public.figures(s)
    rows = figs[(figs["indicator_code"] == "I17") & (figs["period"] == "2026-Q1")].set_index("area_code")
    assert rows.loc["11319", "status_code"] == "small" and rows.loc["11320", "status_code"] == "suppressed"
    assert rows.loc["SOFIELUND", "value"] == 19 and rows.loc["11322", "value"] == 10


@pytest.mark.parametrize("area", ["SOFIELUND", "11316", "11322"])
def test_every_public_page_opens_for_every_area_on_offer(
    store_url: str, monkeypatch: pytest.MonkeyPatch, area: str
) -> None:
    """The sidebar offers the pledge's area (Sofielund) and its sub-districts; some have no published figures."""
    for page in PUBLIC_PAGES:
        at = _open(store_url, page, monkeypatch, area=area)
        assert at.title, page


def test_context_indicators_measured_elsewhere_get_no_invented_local_values(store_url: str) -> None:
    """Shootings in Malmö (K06) and the police's classification (I23) keep only their real figures."""
    with db.read_session(store_url) as s:
        figs = public.figures(s)
    k06 = figs[figs["indicator_code"] == "K06"]
    assert set(k06["area_code"]) == {"MALMO"} and not (k06["source"] == "demo").any()
    assert not (figs[figs["indicator_code"] == "I23"]["source"] == "demo").any()
    i19 = figs[(figs["indicator_code"] == "I19") & figs["n"].notna()]
    assert len(i19)  # survey shares keep their n for the interval
