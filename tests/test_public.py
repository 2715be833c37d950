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
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from indicators.base.formatting import FIGURE_SYMBOLS, STATUS_SYMBOLS
from indicators.base.i18n import t
from indicators.io import export
from indicators.read import published, queries
from indicators.render.html import figures_table
from indicators.render.tables import public_map_table, swedish_order
from indicators.rules.units import UNITS
from indicators.storage import db, store
from indicators.storage.store import SYSTEM, BulkFigure
from indicators.views import newsletter
from indicators.views import public as public_views
from tests.support import app_test, examples, html_tables, tables_in
from ui import registry

SENTINEL = 987654.0  # a correction submitted but not yet published
SECRET = 876543.0  # a published figure of an indicator that is not public
#: How the sentinels could be written anywhere: raw, Swedish and English number formats.
NEVER = ["987654", "987 654", "987\u00a0654", "987,654", "876543", "876 543", "876\u00a0543", "876,543"]
PUBLIC_PAGES = [p.path for p in registry.PAGES if p.public]


def add_sentinels(url: str) -> None:
    """A pending correction (the sentinel), a published count of 3, a thin survey share, and a published figure of
    an indicator taken out of the public view."""
    db.run_write(lambda s: s.execute(text("UPDATE indicator SET public = false WHERE code = 'I06'")), url)
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure("I11", "11319", "2023-06", SENTINEL, source="FGK", review_state="submitted"),
        BulkFigure("I11", "11320", "2023-06", 3.0, source="FGK"),
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
    at = _open(public_store, page, monkeypatch, area=area, pub_indicator="I11", pub_areas="11319,11320",
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
    at = _open(public_store, "pages/public_trends.py", monkeypatch, area="11320", pub_indicator="I11",
               pub_areas="11320", pub_period="2023-06", until="2023-Q2")  # fmt: skip
    item = next(m.value for m in at.markdown if "I11 – " in m.value)
    line = next(x for x in item.splitlines() if "I11 – " in x)
    assert "<5" in line and "jun 2023" in line and ": 3 " not in line
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    # no toolbar over the chart's title on a phone (a walk in Chromium at 390 px found it covering half)
    assert json.loads(at.get("plotly_chart")[0].proto.config)["displayModeBar"] is False
    trace = next(t for t in spec["data"] if (t.get("meta") or {}).get("area") == "11320")
    assert not any(x.startswith("2023-06") for x in trace["x"])  # the hidden month is a gap, not a point
    assert 3.0 not in _array(trace["y"])[-12:]
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    polygons = next(layer for layer in deck["layers"] if layer["id"] == "areas")["data"]
    hidden = [p for p in polygons if p["code"] == "11320"]
    assert hidden and all(p["value"] is None and "<5" in p["tooltip"] for p in hidden)
    table = next(t for t in html_tables(at) if "Varför dold" in t.columns)
    assert table.attrs["caption"].startswith("I11 – ")
    row = table[(table["Område"] == "Norra Sofielund") & (table["Period"] == "jun 2023")].iloc[0]
    assert row["Värde"] == "<5" and row["Varför dold"] == "färre än fem (1–4)"
    (areas,) = [t for t in html_tables(at) if t.attrs["caption"].endswith("värdet i varje område på kartan")]
    assert areas.attrs["caption"].startswith("I11 – ") and "juni 2023" in areas.attrs["caption"]
    hidden = areas.set_index("Område").loc["Norra Sofielund"]
    assert (hidden["Värde"], hidden["Varför dold"], hidden["Status"]) == ("<5", "färre än fem (1–4)", "")
    assert list(areas["Område"]) == sorted(areas["Område"], key=swedish_order)  # a resident finds an area by name
    assert "demo" not in set(areas["Källa"])  # named as the trend's table names it


@given(
    st.lists(st.sampled_from(["A", "B", "C", "D", "E", "F"]), max_size=8),
    st.sets(st.sampled_from(["A", "B", "C", "D", "E", "F", "G"])),
    st.permutations(["Östra Sorgenfri", "Ängslätt", "Åby", "Åby", "Ébo", "Norra Sofielund", "Yngsjö"]),
)
def test_utvecklings_area_choices_are_the_pledges_own_then_the_rest_by_swedish_name(
    first: list[str], with_figures: set[str], shuffled: list[str]
) -> None:
    names = dict(zip("ABCDEFG", shuffled, strict=True))
    choices = public_views.area_choices(first, with_figures, names)
    assert sorted(choices) == sorted(with_figures)  # every area with figures, once, and no other
    own = list(dict.fromkeys(a for a in first if a in with_figures))
    assert choices[: len(own)] == own  # the area shown and the pledge's own first, in the order given
    rest = choices[len(own) :]
    assert rest == sorted(rest, key=lambda a: (swedish_order(names[a]), a))  # by name; equal names by code


def test_areas_are_listed_in_swedish_alphabetical_order() -> None:
    names = [
        "Östra Sorgenfri",
        "Ängslätt",
        "Åby",
        "västra Innerstaden",
        "Norra Sofielund",
        "Västra Skrävlinge",
        "Ébo",
        "Übersee",
        "Yngsjö",
        "Ærø",
        "A\u030aker",
    ]  # (the last a decomposed Å, as some files write it)
    assert sorted(names, key=swedish_order) == ["Ébo", "Norra Sofielund", "västra Innerstaden", "Västra Skrävlinge",
                                                "Übersee", "Yngsjö", "Åby", "A\u030aker", "Ängslätt", "Ærø",
                                                "Östra Sorgenfri"]  # fmt: skip


def test_a_thin_survey_share_is_hidden_with_its_reason(public_store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(public_store, "pages/public_trends.py", monkeypatch, area="11320", pub_indicator="I19",
               pub_areas="11320")  # fmt: skip
    table = next(t for t in html_tables(at) if "Varför dold" in t.columns)
    row = table[table["Period"] == "2022"].iloc[0]
    assert row["Värde"] == ".." and row["Antal svarande (n)"] == ""
    assert row["Varför dold"] == "skyddad uppgift – visas inte för att skydda enskilda"  # never which rule
    texts = [str(e.value) for e in [*at.markdown, *at.caption]] + [t.to_csv() for t in html_tables(at)]
    assert not any("55,5" in x for x in texts)  # (the map's coordinates contain such digits: checked by value below)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec) if at.get("plotly_chart") else {"data": []}
    assert all(55.5 not in _array(t["y"]) for t in spec["data"] if "y" in t)


def test_downloads_and_the_newsletter_hold_only_what_the_pages_show(public_store: str) -> None:
    from indicators.base.config import settings
    from indicators.io import dcat, feed

    with db.read_session(public_store) as s:
        files = export.files(s)
        every = {**export.folder(s), **{f"sofielund/{n}": raw for n, raw in export.folder(s, "sofielund-2022").items()},
                 export.CATALOGUE: dcat.catalogue(s, settings()), export.FEED: feed.atom(s, settings())}  # fmt: skip
        letter = newsletter.build(s, "sofielund-2022", "11320", dt.date(2022, 4, 1), dt.date(2023, 6, 30))
    assert letter is not None
    html = newsletter.html(letter)
    for name, raw in [*every.items(), ("newsletter", html.encode())]:
        for shown in NEVER:
            assert shown.encode() not in raw, (name, shown)
    assert b",I06," not in every["figurer-sdmx.csv"] and b",I06," not in every["sofielund/figurer-sdmx.csv"]
    csv = pd.read_csv(io.BytesIO(files["csv"]), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    row = csv[(csv["indicator"] == "I11") & (csv["area"] == "11320") & (csv["period"] == "2023-06")].iloc[0]
    assert (row["value"], row["symbol"], row["reason"]) == ("<5", "<5", "färre än fem (1–4)")
    pending = csv[(csv["indicator"] == "I11") & (csv["area"] == "11319") & (csv["period"] == "2023-06")].iloc[0]
    assert pending["source"] == "demo"  # the published version stays until the correction is published
    assert "I06" not in set(csv["indicator"])
    doc = json.loads(files["json"])
    assert doc["licence"] == "CC0-1.0" and {"indicator", "definition", "unit", "area_name", "n", "source"} <= set(
        doc["figures"][0]
    )


def test_the_newsletter_says_what_was_promised_done_and_how_effects_moved(store_url: str) -> None:
    with db.read_session(store_url) as s:
        letter = newsletter.build(s, "sofielund-2022", "11319", dt.date(2022, 4, 1), dt.date(2023, 6, 30))
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


def test_public_figures_protect_a_small_part_of_sofielund_in_the_store(store_url: str) -> None:
    """Sofielund's total and its three sub-districts (a count of people): a small part hides at least one more
    cell, in the store's public view (the attacks themselves are in tests/test_disclosure.py)."""
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure("I06", "SOFIELUND", "2026-Q1", 19.0, source="ASF"),
        BulkFigure("I06", "11319", "2026-Q1", 2.0, source="ASF"),
        BulkFigure("I06", "11320", "2026-Q1", 7.0, source="ASF"),
        BulkFigure("I06", "11322", "2026-Q1", 10.0, source="ASF"),
    ]), store_url)  # fmt: skip
    with db.read_session(store_url) as s:
        figs = published.figures(s)
    rows = figs[(figs["indicator_code"] == "I06") & (figs["period"] == "2026-Q1")].set_index("area_code")
    assert rows.loc["11319", "status_code"] == "small"
    assert (rows["status_code"] == "suppressed").sum() >= 1


@pytest.mark.parametrize("area", ["SOFIELUND", "11316", "11322"])
def test_every_public_page_opens_for_every_area_on_offer(
    store_url: str, monkeypatch: pytest.MonkeyPatch, area: str
) -> None:
    """The sidebar offers the pledge's area (Sofielund) and its sub-districts; some have no published figures."""
    for page in PUBLIC_PAGES:
        at = _open(store_url, page, monkeypatch, area=area)
        assert at.title, page


def test_utveckling_says_when_the_chosen_area_has_no_figures_for_the_indicator(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shootings (K06) are counted for Malmö only: with Södra Sofielund chosen, the chart shows Malmö and says
    why, rather than silently another area; an indicator with figures there gets no such line."""
    at = _open(store_url, "pages/public_trends.py", monkeypatch, area="11319", pub_indicator="K06")
    assert at.multiselect(key="pub_areas").value == ["MALMO"]
    said = "Södra Sofielund har inga publicerade siffror för K06: diagrammet visar områden som har."
    assert said in [c.value for c in at.caption]
    at = _open(store_url, "pages/public_trends.py", monkeypatch, area="11319", pub_indicator="I02")
    assert at.multiselect(key="pub_areas").value == ["11319"]
    assert not [c.value for c in at.caption if "inga publicerade siffror" in c.value]
    # Chosen on the page, after one measured there (a walk: the areas box went empty and no chart was drawn)
    at.selectbox(key="pub_indicator").set_value("K06").run()
    assert at.multiselect(key="pub_areas").value == ["MALMO"] and at.get("plotly_chart")
    assert said in [c.value for c in at.caption]
    # ... and back: Malmö has no I02 figures, so the chart is Södra Sofielund's again
    at.selectbox(key="pub_indicator").set_value("I02").run()
    assert at.multiselect(key="pub_areas").value == ["11319"] and at.get("plotly_chart")
    # A choice the visitor emptied stays empty: the page asks for an area, it does not choose one behind their back
    at.multiselect(key="pub_areas").set_value([]).run()
    at.selectbox(key="pub_indicator").set_value("K06").run()
    assert at.multiselect(key="pub_areas").value == [] and not at.get("plotly_chart")


def test_context_indicators_measured_elsewhere_get_no_invented_local_values(store_url: str) -> None:
    """Shootings in Malmö (K06) and the police's classification (I23) keep only their real figures."""
    with db.read_session(store_url) as s:
        figs = published.figures(s)
    k06 = figs[figs["indicator_code"] == "K06"]
    assert set(k06["area_code"]) == {"MALMO"} and not (k06["source"] == "demo").any()
    assert not (figs[figs["indicator_code"] == "I23"]["source"] == "demo").any()
    i19 = figs[(figs["indicator_code"] == "I19") & figs["n"].notna()]
    assert len(i19)  # survey shares keep their n for the interval


def test_a_baseline_the_rules_would_hide_is_not_public(store_url: str) -> None:
    """Found walking Utveckling: K07 (fatal shootings in Malmö) shows 2020 and 2021 as <5, but its chart drew the
    catalogue's baseline, 3 (2021), as a labelled line. The public indicator carries no such baseline; the internal
    pages keep it."""
    with db.read_session(store_url) as s:
        internal = queries.indicator(s, "K07")
        shown = next(i for i in published.indicators(s, "sofielund-2022") if i["code"] == "K07")
    assert internal is not None and internal["baseline_value"] == 3
    assert shown["baseline_value"] is None and shown["baseline_period"] is None


def test_the_method_page_explains_every_symbol_a_figure_can_be_shown_as(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Så följer vi upp lists the symbols from the domain's definitions (indicators/base/formatting.py), each with its
    meaning: every status code's symbol is there, and a symbol added there appears on the page."""
    assert set(STATUS_SYMBOLS.values()) | {"0"} == set(FIGURE_SYMBOLS)
    monkeypatch.setitem(FIGURE_SYMBOLS, "§", "pub.symbol.na")
    at = _open(store_url, "pages/public_method.py", monkeypatch)
    (symbols,) = [e.value for e in at.table if "<5" in e.value.index]
    assert list(symbols.index) == list(FIGURE_SYMBOLS) and symbols.iloc[-1, 0] == t("pub.symbol.na", "sv")


def test_the_public_maps_status_tells_nothing_of_a_hidden_baseline(store_url: str) -> None:
    """Found by an attack: the map's table on Utveckling measured each area's status against the catalogue's
    baseline, which the public is not given where it could be a hidden figure (a total hidden to protect a part):
    "Går långsamt" beside 21 told the baseline was 21. Whatever that baseline is, every public map table of a
    protected indicator is now the same."""
    from indicators.rules import disclosure
    from indicators.views import public

    def maps_with(baseline: float) -> dict[str, pd.DataFrame]:
        def work(session: db.Session) -> None:
            session.execute(text("UPDATE indicator SET baseline_value = :v, baseline_period = '2021'"
                                 " WHERE disclosure = 'people'"), {"v": baseline})  # fmt: skip

        db.run_write(work, store_url)
        out = {}
        with db.read_session(store_url) as s:
            pledge = queries.pledge(s, "sofielund-2022")
            assert pledge is not None
            for ind in published.indicators(s, "sofielund-2022"):
                geo = tuple(a for a in pledge["map_areas"] if a in set(published.areas_with_figures(s, ind["code"])))
                if not geo or not disclosure.protects(ind["unit"], ind["disclosure"]):
                    continue
                for period in published.periods_with_figures(s, ind["code"], geo, None)[:2]:
                    rows, _ = public.indicator_map(s, "sofielund-2022", ind["code"], period, "sv", False)
                    out[f"{ind['code']} {period}"] = public_map_table(rows, ind, "sv")
        return out

    low, high = maps_with(0.0), maps_with(1e6)
    assert len(low) >= 4 and low.keys() == high.keys()
    for key, table in low.items():
        pd.testing.assert_frame_equal(table, high[key], obj=key)


_CELL = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12)


@examples(2_000)
@given(caption=_CELL, head=st.lists(_CELL, min_size=1, max_size=4), data=st.data())
def test_a_public_table_shows_every_text_as_written_and_runs_nothing(caption: str, head: list[str], data: Any) -> None:
    """Utveckling's tables are HTML (``figures_table``): whatever an area's or a catalogue's text holds (markup,
    quotes, ampersands), a reader gets back exactly the caption, header and cells given (but a column empty in every
    row; a missing value is an empty cell), and no tag but the table's. Two columns may have one name (two texts of
    the catalogue translated alike)."""
    rows = data.draw(st.lists(st.lists(st.one_of(_CELL, st.none()), min_size=len(head), max_size=len(head)),
                              max_size=5))  # fmt: skip
    frame = pd.DataFrame(rows, columns=head)
    page = figures_table(frame, caption, numeric=(head[-1],))
    assert "<script" not in page.lower() and "<img" not in page.lower()
    kept = [i for i in range(len(head)) if i == 0 or any(row[i] for row in rows)]  # an empty column is left out
    written = [[row[i] or "" for i in kept] for row in [head, *rows]]
    assert tables_in(page) == [(caption, written)]


_HIDDEN = {"small": "<5", "suppressed": ".."}


@examples(2_000)
@given(
    unit_code=st.sampled_from(sorted(UNITS)),
    rows=st.lists(
        st.tuples(st.sampled_from([None, "small", "suppressed"]),
                  st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e9)),
                  _CELL),
        max_size=8,
    ),
)  # fmt: skip
def test_the_map_table_never_shows_a_hidden_figures_number(
    unit_code: str, rows: list[tuple[str | None, float | None, str]]
) -> None:
    """Whatever value a row carries, a figure hidden by disclosure control is shown only as its symbol, with its
    reason, and no status or n worked out from it (found by an attack: both were shown when a row came with its
    value); a shown figure has no reason."""
    frame = pd.DataFrame(
        [{"code": f"A{i}", "name": name, "value": value, "status_code": code, "n_text": "12", "status_text": "○ x",
          "source": "demo"} for i, (code, value, name) in enumerate(rows)],
        columns=["code", "name", "value", "status_code", "n_text", "status_text", "source"],
    )  # fmt: skip
    shown = public_map_table(frame, {"unit": unit_code, "categories": None}, "sv")
    assert len(shown) == len(rows)
    assert not rows or list(shown.columns)[:2] == ["Område", "Värde"]  # on a phone the value beside the name
    status_of = dict(zip(frame["code"], frame["status_code"], strict=True))
    for line in shown.to_dict("records"):
        code = status_of[line["Kod"]]
        if code in _HIDDEN:  # nothing worked out from the value either: no status, no n
            assert line["Värde"] == _HIDDEN[code] and line["Varför dold"]
            assert line["Status"] == line["Antal svarande (n)"] == ""
        else:
            assert line["Varför dold"] == ""
