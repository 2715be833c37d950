"""The chart, map and report builders in indicators/: pure functions over data frames, tested without a page."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import math
import re
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.base.formatting import DECIMALS, interval, number
from indicators.base.i18n import t
from indicators.read import published
from indicators.read.overview import Overview
from indicators.render import charts, maps, tables
from indicators.rules import uncertainty
from indicators.rules.units import UNITS, unit
from indicators.views import report
from tests.support import examples


@pytest.mark.parametrize(
    ("share", "n", "low", "high"),
    [(50.0, 100, 40.38, 59.62), (10.0, 30, 3.46, 25.62), (0.0, 50, 0.0, 7.13), (100.0, 50, 92.87, 100.0)],
)
def test_wilson_interval_of_a_survey_share(share: float, n: int, low: float, high: float) -> None:
    """The 95 % Wilson interval, checked against published values; it never leaves 0–100 %."""
    assert uncertainty.wilson(share, n) == pytest.approx((low, high), abs=0.01)


@examples(500)
@given(share=st.floats(0, 100, allow_nan=False), n=st.integers(1, 100_000))
def test_a_survey_shares_margin_of_error_is_shown_as_its_values_are(share: float, n: int) -> None:
    """ "Felmarginal" said "8,09–24,0" beside "14,8–28,2", with no per cent sign: both ends now have the unit's one
    decimal and the sign, and hold the share as shown."""
    low, high = uncertainty.wilson(share, n)
    text = interval(low, high, "survey_percent")
    exact = [Decimal(x) for x in (low, high)]  # rounded once, from the interval itself (not 11,35 then 11,3)
    assert text.startswith(f"{exact[0].quantize(Decimal('0.1'))}–{exact[1].quantize(Decimal('0.1'))}".replace(".", ","))
    assert re.fullmatch(r"\d{1,3},\d–\d{1,3},\d\u00a0%", text), text
    ends = [Decimal(x.replace(",", ".")) for x in text.removesuffix("\u00a0%").split("–")]
    assert ends[0] <= Decimal(number(share, "sv", 1).replace(",", ".")) <= ends[1]
    assert interval(low, high, "survey_percent", "en").endswith("%")


IND = {"code": "X1", "name_sv": "Andel otrygga", "name_en": "Share unsafe", "unit": "survey_percent",
       "direction": "down", "baseline_value": 40.0, "baseline_period": "2021", "target_value": 30.0,
       "target_period": "2023"}  # fmt: skip
PLEDGE = {"start": dt.date(2022, 4, 1), "end": dt.date(2023, 4, 30)}


def _series() -> pd.DataFrame:
    rows = [
        ("X1", "A", "Område A", "2021", 41.0, None, 400, "SCB"),
        ("X1", "A", "Område A", "2022", 38.5, None, 380, "SCB"),
        ("X1", "A", "Område A", "2023", None, "suppressed", None, "SCB"),
        ("X1", "B", "Område B", "2022", 20.0, None, 120, "demo"),
        ("X2", "A", "Område A", "2022", 7.0, None, None, "SCB"),
    ]
    return pd.DataFrame(
        [{"indicator_code": c, "area_code": a, "area_name": an, "period": p, "period_start": dt.date(int(p), 1, 1),
          "value": v, "status_code": sc, "n": n, "source": src, "review_state": "published", "version": 1}
         for c, a, an, p, v, sc, n, src in rows]
    )  # fmt: skip


@examples(200)
@given(order=st.permutations(["A", "B", "C"]), shuffle=st.randoms(use_true_random=False))
def test_a_trends_lines_and_table_follow_the_areas_in_the_order_chosen(order: list[str], shuffle: Any) -> None:
    """The trend's legend and table followed the areas' codes: they follow the areas as the visitor chose them (the
    first, the pledge's own, first), each area's oldest period first, whatever order the figures come in."""
    rows = [
        {**r, "area_code": area, "area_name": f"Område {area}"}
        for area in "ABC"
        for r in _series().to_dict("records")
        if r["indicator_code"] == "X1" and r["value"]
    ]
    figs = pd.DataFrame(rows).sample(frac=1, random_state=shuffle.randint(0, 2**31))  # fmt: skip
    data = published.series(figs, ["X1"], order)
    points = charts.plotted(data, IND)
    assert list(dict.fromkeys(points["area"])) == order
    lines = [tr.name.split(" (")[0] for tr in charts.trend_figure(points, IND, PLEDGE).data if tr.name]
    assert [name for name in lines if name.startswith("Område")] == [f"Område {a}" for a in order]
    table = tables.public_series_table(data, IND, "sv")
    assert list(dict.fromkeys(table["Område"])) == [f"Område {a}" for a in order]
    for area in order:
        starts = list(points[points["area"] == area]["period_start"])
        assert starts == sorted(starts)


@pytest.mark.parametrize(("lang", "value", "n"), [("sv", "41,0\u00a0%", "(n = 400)"), ("en", "41.0%", "(n = 400)")])
def test_a_points_hover_says_its_value_as_tables_do(lang: str, value: str, n: str) -> None:
    """The hover said "41 % n = 400" (no decimal, n run on, a space before % in English): the value as the tables
    show it, n in brackets."""
    trace = next(tr for tr in charts.trend_figure(charts.plotted(_series(), IND), IND, PLEDGE, lang=lang).data
                 if tr.name == "Område A")  # fmt: skip
    assert list(trace.customdata[0][1:3]) == [value, n]


def test_plotted_points_are_the_numeric_figures_of_the_indicator() -> None:
    points = charts.plotted(_series(), IND)
    assert list(zip(points["area"], points["period"], points["value"], strict=True)) == [
        ("A", "2021", 41.0),
        ("A", "2022", 38.5),
        ("B", "2022", 20.0),
    ]  # the suppressed 2023 is a gap, the other indicator is not drawn
    assert points["x"].iloc[0] == dt.date(2021, 7, 2)  # the middle of the year
    assert points["ci_low"].iloc[0] < 41.0 < points["ci_high"].iloc[0]


def test_trend_figure_draws_lines_target_baseline_period_and_events() -> None:
    points = charts.plotted(_series(), IND)
    events = pd.DataFrame({"date": [dt.date(2022, 9, 1)], "type": ["camera_installed"], "actor_code": ["POL"]})
    fig = json.loads(charts.trend_figure(points, IND, PLEDGE, events).to_json())
    lines = [t for t in fig["data"] if "area" in (t.get("meta") or {})]
    assert [t["name"] for t in lines] == ["Område A", "Område B (exempeldata)"]  # demo figures say so
    assert {t["line"]["dash"] for t in lines} == {"solid", "dash"}  # not told by colour alone
    marks = [t for t in fig["data"] if (t.get("meta") or {}).get("event")]
    assert marks[0]["name"] == "Kamera installerad" and marks[0]["x"] == ["2022-09-01"]
    shapes = fig["layout"]["shapes"]
    assert any(s["type"] == "rect" and s["x0"] == "2022-04-01" and s["x1"] == "2023-04-30" for s in shapes)
    assert {s.get("y0") for s in shapes if s["type"] == "line" and s.get("yref") == "y"} >= {30.0, 40.0}
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    # target and baseline said as the indicator's values are (a walk read "Målvärde 90" on a share)
    assert "Målvärde 30,0\u00a0% (2023)" in texts and "Basvärde 40,0\u00a0% (2021)" in texts and "Löftesperiod" in texts
    # the event lines cross the pledge period's label: it is written on a background, not struck through; the
    # target's and baseline's are not (a background there would cover the trend's points)
    assert {a["text"]: a.get("bgcolor") for a in fig["layout"]["annotations"]} == {
        "Löftesperiod": charts.LABEL_BACKGROUND, "Målvärde 30,0\u00a0% (2023)": None,
        "Basvärde 40,0\u00a0% (2021)": None}  # fmt: skip
    assert all(tr["cliponaxis"] is False for tr in fig["data"])  # a share of 100 % drawn whole at the axis's end


@given(
    target=st.booleans(),
    baseline=st.booleans(),
    survey=st.booleans(),
    events=st.booleans(),
    public=st.booleans(),
    hidden=st.booleans(),
    lang=st.sampled_from(["sv", "en"]),
)
def test_a_charts_guide_names_what_it_draws_and_nothing_else(
    target: bool, baseline: bool, survey: bool, events: bool, public: bool, hidden: bool, lang: str
) -> None:
    """A walk read "the dashed green line is the target and the dotted one the baseline" under a chart of I19, which
    had neither: the guide under each chart names the lines, band, margins and events that chart draws."""
    ind = {**IND, "unit": "survey_percent" if survey else "persons", "target_value": 30.0 if target else None,
           "baseline_value": 40.0 if baseline else None}  # fmt: skip
    happened = pd.DataFrame({"date": [dt.date(2022, 9, 1)], "type": ["camera_installed"], "actor_code": ["POL"]})
    figure = charts.trend_figure(charts.plotted(_series(), ind, lang), ind, PLEDGE, happened if events else None, lang)
    guide = charts.guide(figure, ind, lang, public=public, hidden=hidden)
    drawn = json.loads(figure.to_json())
    lines = {s["line"].get("dash") for s in drawn["layout"]["shapes"] if s["type"] == "line" and s.get("yref") == "y"}
    says = {key: t(key, lang) in guide for key in ("trends.guide.target", "trends.guide.baseline",
                                                   "trends.guide.survey", "trends.guide.events",
                                                   "pub.trends.guide.hidden", "trends.guide.period",
                                                   "pub.trends.guide.areas")}  # fmt: skip
    assert says["trends.guide.target"] == ("dash" in lines) == target
    assert says["trends.guide.baseline"] == ("dot" in lines) == baseline
    assert says["trends.guide.survey"] == any("error_y" in tr and tr["error_y"].get("array") for tr in drawn["data"])
    assert says["trends.guide.events"] == any((tr.get("meta") or {}).get("event") for tr in drawn["data"]) == events
    assert says["pub.trends.guide.hidden"] == hidden and says["pub.trends.guide.areas"] == public
    assert says["trends.guide.period"]


def test_trenders_table_says_each_indicators_values_in_its_own_unit() -> None:
    """Trender's table of several indicators formatted every row in the first one's unit (a walk read a share as
    "20,7" beside hours); a category's baseline was its code and a month's period its code ("3 (2022-04)")."""
    hours = {**IND, "code": "X2", "unit": "hours", "target_value": 160.0}
    points = pd.concat([charts.plotted(_series(), hours), charts.plotted(_series(), IND)])
    shown = charts.table(points)
    assert list(shown["Värde"]) == ["7,0 timmar", "41,0\u00a0%", "38,5\u00a0%", "20,0\u00a0%"]
    margins = list(shown["Felmarginal (95 %)"])
    assert margins[0] == "" and all(m.endswith("\u00a0%") for m in margins[1:])
    category = {**IND, "unit": "category", "categories": {"3": "särskilt utsatt område"}, "baseline_value": 3.0,
                "baseline_period": "2022-04", "target_value": None}  # fmt: skip
    figure = charts.trend_figure(charts.plotted(_series(), category), category, PLEDGE)
    texts = [a.text for a in figure.layout.annotations]
    # in lines, so that on a phone it stays on the chart (a walk read "Basvärde särskilt utsatt område (a" cut)
    assert "Basvärde särskilt utsatt<br>område (apr\u00a02022)" in texts
    # A number with its unit and a period are never broken (K08 is per 100 000 invånare)
    rate = {**IND, "unit": "per_100000", "baseline_value": 1234.5, "baseline_period": "2022-Q2", "target_value": 160.0,
            "target_period": "2023"}  # fmt: skip
    for lang, baseline in [
        ("sv", "Basvärde<br>1\u00a0234,5\u00a0per\u00a0100\u00a0000\u00a0invånare<br>(2022\u00a0K2)"),
        ("en", "Baseline<br>1,234.5\u00a0per\u00a0100,000\u00a0residents<br>(2022\u00a0Q2)"),
    ]:
        drawn = charts.trend_figure(charts.plotted(_series(), rate, lang), rate, PLEDGE, lang=lang)
        assert baseline in [a.text for a in drawn.layout.annotations], [a.text for a in drawn.layout.annotations]


@given(name=st.text(min_size=1, max_size=80))
def test_a_reference_lines_label_keeps_every_word_and_no_line_is_long(name: str) -> None:
    """Whatever a category is called, its baseline's label says all of it, literally, in lines plotly draws."""
    import html as std_html

    category = {**IND, "unit": "category", "categories": {"3": name}, "baseline_value": 3.0,
                "baseline_period": "2022-04", "target_value": None}  # fmt: skip
    figure = charts.trend_figure(charts.plotted(_series(), category), category, PLEDGE)
    label = next(a.text for a in figure.layout.annotations if a.text.startswith("Basvärde"))
    lines = label.split("<br>")
    assert all("<" not in line for line in lines)
    said = " ".join(std_html.unescape(line) for line in lines)
    assert said.split() == charts.t("trends.baseline", "sv", value=name, period="apr 2022").split()
    # a line is long only where it is one word (never cut inside a word)
    assert all(len(std_html.unescape(line)) <= charts.LINE_LABEL_CHARS or " " not in line for line in lines)


def test_a_period_is_named_the_same_in_tables_and_chart_labels_and_a_code_it_cannot_read_is_shown_as_written() -> None:
    """One rule for a period's name (charts had their own copy): a month short, none as "–", and a code the store
    holds but the rules no longer read (an older store) shown as written, never a failed page."""
    assert tables.period_label("2022-04", "sv") == "apr 2022" and tables.period_label("2022-04", "en") == "Apr 2022"
    assert [tables.period_label(c, "sv") for c in (None, "", float("nan"))] == ["–", "–", "–"]
    assert tables.period_label("2022-X9", "sv") == "2022-X9"
    target = {**IND, "target_value": 30.0, "target_period": "2022-X9"}
    figure = charts.trend_figure(charts.plotted(_series(), target), target, PLEDGE)
    assert "Målvärde 30,0\u00a0% (2022-X9)" in [a.text for a in figure.layout.annotations]


def test_csv_escapes_text_a_spreadsheet_would_run() -> None:
    series = _series()
    series.loc[0, "source"] = '=HYPERLINK("http://x")'
    points = charts.plotted(series, IND)
    back = pd.read_csv(io.BytesIO(tables.csv_bytes(points)), encoding="utf-8-sig")
    assert back["source"].iloc[0].startswith("'=")
    assert list(back["value"]) == list(points["value"])


@pytest.mark.parametrize(
    ("values", "edges"),
    [([1.0, 6.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), ([3.0, 3.0], [3.0, 3.0]), ([], [])],
)
def test_equal_interval_classes(values: list[float], edges: list[float]) -> None:
    assert maps.classes(values) == pytest.approx(edges)


def test_class_of_puts_the_extremes_in_the_first_and_last_class() -> None:
    edges = maps.classes([0.0, 10.0])
    assert [maps.class_of(v, edges) for v in (0.0, 1.9, 2.0, 9.99, 10.0)] == [0, 0, 1, 4, 4]


@pytest.mark.parametrize("unit_code", sorted(UNITS))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_value_standing_alone_names_its_unit_where_the_number_does_not(unit_code: str, lang: str) -> None:
    """A walk read "8 antal" in a count's tooltip and "12,5" for hours in the public map's table: the tooltip, the
    hover, the map's tables and the public's latest figures say a value as one rule does: a count bare, a share with
    its sign, a category by its label, every other unit followed by its name; a symbol alone."""
    u = unit(unit_code)
    ind = {**IND, "unit": unit_code, "categories": {"3": "riskområde"}}
    expected = {"count": "3", "category": "riskområde"}.get(unit_code)
    if u.percent:
        expected = "3,0\u00a0%" if lang == "sv" else "3.0%"
    if expected is None:
        expected = f"{number(3, lang, DECIMALS[unit_code])} {u.label(lang)}"
    assert tables.value_with_unit(3.0, None, unit_code, lang, ind["categories"]) == expected
    assert tables.value_with_unit(None, "small", unit_code, lang) == "<5"  # a symbol needs no unit
    assert tables.value_with_unit(3.0, "small", unit_code, lang) == "<5"  # (a value handed in beside it, too)
    for nothing in (float("nan"), float("inf"), float("-inf"), None, pd.NA):
        assert tables.value_with_unit(nothing, None, unit_code, lang) == "–"  # no number: no unit after it
    one = tables.value_with_unit(1.0, None, unit_code, lang, ind["categories"])
    if u.one_key:  # "1 person", "1 dag", "1 krona", not "1 personer"
        assert one == f"1 {t(u.one_key, lang)}"
    elif unit_code not in ("count", "category") and not u.percent:
        assert one.endswith(f" {u.label(lang)}")
    hover = charts.trend_figure(charts.plotted(_series().assign(indicator_code="X1", value=3.0, n=400), ind, lang),
                                ind, PLEDGE, lang=lang).data[0].customdata[0][1]  # fmt: skip
    assert hover == expected
    frame = _area_values().assign(value=[3.0, None], n=[None, None], source=["SCB", "SCB"])
    rows = maps.area_rows(frame, ind, lang)
    layers = json.loads(maps.choropleth(rows, ind, lang=lang).to_json())["layers"]
    tooltip = next(layer for layer in layers if layer["id"] == "areas")["data"][0]["tooltip"]
    assert f": {expected}\n" in tooltip + "\n"
    table = tables.public_map_table(rows, ind, lang)
    latest = pd.DataFrame([{"code": "X1", "name_sv": "X", "name_en": "X", "unit": unit_code, "value": 3.0,
                            "previous_value": None, "status_code": None, "categories": ind["categories"],
                            "period": "2023", "source": "SCB", "status": "no_target", "level": "effekt"}])  # fmt: skip
    assert tables.public_items(latest, lang)[0]["value"].startswith(expected)
    # the change since the period before, in the same words: "+1 person", "+1,0 timmar", "+1,0 procentenheter"
    change = tables.public_items(latest.assign(previous_value=2.0, previous_period="2022"), lang)[0]["change"]
    if u.categorical:
        assert change == ""
    else:
        one = f"+{number(1, lang, DECIMALS[unit_code])} {t('public.points', lang)}" if u.percent else (
            "+" + tables.value_with_unit(1.0, None, unit_code, lang))  # fmt: skip
        assert change == t("public.change", lang, diff=one, period=tables.period_label("2022", lang))
    assert dict(zip(table[t("col.code", lang)], table[t("col.value", lang)], strict=True)) == {
        "A": expected, "B": ".."}  # fmt: skip


def _area_values() -> pd.DataFrame:
    square = {"type": "Polygon", "coordinates": [[[13.0, 55.58], [13.01, 55.58], [13.01, 55.59], [13.0, 55.58]]]}
    return pd.DataFrame(
        [
            {"code": "A", "name": "Område A", "geometry": square, "centroid_lon": 13.005, "centroid_lat": 55.585,
             "value": 12.0, "status_code": None, "n": 350, "source": "SCB", "review_state": "published"},
            {"code": "B", "name": "Område <b>B</b>", "geometry": square, "centroid_lon": 13.005,
             "centroid_lat": 55.585, "value": None, "status_code": "suppressed", "n": None, "source": "SCB",
             "review_state": "published"},
        ]
    )  # fmt: skip


def test_choropleth_without_basemap_has_every_area_and_plain_text_tooltips() -> None:
    ind = {**IND, "unit": "percent"}
    rows = maps.area_rows(_area_values(), ind)
    built = maps.choropleth(rows, ind)
    deck = json.loads(built.to_json())
    assert "mapProvider" not in deck or deck["mapProvider"] is None
    assert built._tooltip == {"text": "{tooltip}"}  # text, never HTML: names from the store cannot run
    areas = next(layer for layer in deck["layers"] if layer["id"] == "areas")["data"]
    assert [a["code"] for a in areas] == ["A", "B"]
    assert "12,0 %" in areas[0]["tooltip"].replace("\u00a0", " ") and "n = 350" in areas[0]["tooltip"]
    assert areas[1]["value"] is None and "Värde: .." in areas[1]["tooltip"]
    # why it is hidden, as the public table says, not "Uppgift saknas" (found in a walk)
    assert "Status: skyddad uppgift" in areas[1]["tooltip"] and "saknas" not in areas[1]["tooltip"]
    assert areas[1]["fill"][:3] == list(maps.NO_VALUE_COLOUR)
    labels = [e.label for e in maps.legend(rows, ind)]
    assert labels[-1].startswith("Inget värde")
    with_basemap = json.loads(maps.choropleth(rows, ind, basemap=True).to_json())
    assert with_basemap["mapProvider"] == "carto"
    # The names in the page's font, a long one in lines (on a phone one line ran past the map's edge: a walk)
    names = next(layer for layer in deck["layers"] if layer["id"] == "area-names")
    assert names["fontFamily"] == '"Source Sans", sans-serif' and names["wordBreak"] == "break-word"
    assert names["maxWidth"] == maps.NAME_MAX_EM


@examples(2_000)
@given(
    unit_code=st.sampled_from(["persons", "count", "percent", "survey_percent", "hours", "per_1000", "index"]),
    values=st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=40),
    scale=st.sampled_from([1, 1_000]),
)
def test_a_maps_legend_names_the_shown_values_each_colour_holds(
    unit_code: str, values: list[float], scale: int
) -> None:
    """A count's map said "3 – 6,4 personer" (the class breaks) and a survey's "13,9 – 19,1 %" beside "19,1 – 24,2 %"
    (which colour is 19,1?) and "21 – 23,7 %": each colour is named by the values it holds, as the tooltip shows
    them (the unit's decimals, both ends alike), in order, none shared; every area's shown value lies in the range
    its colour's entry names."""
    numbers = [round(v * scale) if UNITS[unit_code].integer else v * (1 if UNITS[unit_code].percent else scale)
               for v in values]  # fmt: skip
    ind = {**IND, "unit": unit_code}
    frame = pd.DataFrame({"code": [f"A{i}" for i in range(len(numbers))], "name": "x", "geometry": None,
                          "centroid_lon": 13.0, "centroid_lat": 55.6, "value": [float(v) for v in numbers],
                          "status_code": None, "n": 100, "source": "SCB", "review_state": "published"})  # fmt: skip
    rows = maps.area_rows(frame, ind)
    entries = maps.legend(rows, ind)
    decimals = DECIMALS[unit_code]
    suffix = "\u00a0%" if UNITS[unit_code].percent else ("" if unit_code == "count" else f" {unit(unit_code).label()}")
    ranges = {}
    for e in entries:
        assert e.label.endswith(suffix), e.label
        ends = [Decimal(x.replace("\u00a0", "").replace(",", ".")) for x in e.label.removesuffix(suffix).split(" – ")]
        assert all(-x.as_tuple().exponent == decimals for x in ends), e.label  # the unit's decimals, at both ends
        ranges[e.colour] = (ends[0], ends[-1])
    bounds = list(ranges.values())
    assert all(low <= high for low, high in bounds)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(bounds)), bounds  # in order, no edge shared
    for r in rows.itertuples():
        low, high = ranges[maps.CLASS_COLOURS[r.colour_class]]
        shown = Decimal(number(r.value, "sv", decimals).replace("\u00a0", "").replace(",", "."))
        assert low <= shown <= high, (r.value, shown, ranges)


def test_a_category_indicators_tooltip_names_its_category() -> None:
    """I23's tooltip said "2 kategori": a category is named by its label, as on every page."""
    ind = {**IND, "unit": "category", "categories": {"2": "riskområde", "3": "särskilt utsatt område"}}
    rows = maps.area_rows(_area_values().assign(value=[2.0, None], n=[None, None]), ind)
    assert list(rows["value_text"]) == ["riskområde", ".."]
    # and its legend names the colours by the same labels ("1 kategori", "2 kategori" told nothing)
    ind = {**ind, "categories": {"1": "ej klassat", **ind["categories"]}}
    four = pd.concat([_area_values()] * 2).assign(value=[2.0, 3.0, 1.0, 3.0], n=None, status_code=None)
    three = maps.area_rows(four, ind)
    entries = maps.legend(three, ind)
    assert [e.label for e in entries] == ["ej klassat", "riskområde", "särskilt utsatt område"]
    colours = {r.value_text: maps.CLASS_COLOURS[r.colour_class] for r in three.itertuples()}
    assert {e.label: e.colour for e in entries if e.label in colours} == colours


def test_the_time_axis_names_years_or_months_in_numbers_never_plotlys_english_month_names() -> None:
    """A walk read "Apr 2022, Jul 2022, Oct 2022" under a Swedish chart, and a yearly figure's point (drawn
    mid-year) sat between two year labels: a long series is labelled by year in the middle of each year, a short one
    by quarter as the period codes write months."""
    long = charts.trend_figure(charts.plotted(_series(), IND), IND, PLEDGE).layout.xaxis
    assert (long.tickformat, long.dtick, long.ticklabelmode) == ("%Y", "M12", "period")
    months = _series().assign(period=["2022-01", "2022-04", "2022-07", "2022-04", "2022-04"],
                              period_start=[dt.date(2022, m, 1) for m in (1, 4, 7, 4, 4)])  # fmt: skip
    short = charts.trend_figure(charts.plotted(months, IND), IND, PLEDGE).layout.xaxis
    assert (short.tickformat, short.dtick) == ("%Y-%m", "M3")
    assert "%b" not in str(short.tickformat) + str(long.tickformat)  # no month name in any language


@pytest.mark.parametrize("keys", [str, int])  # as the store gives them (JSON) and as the catalogue's YAML does
def test_a_category_indicators_chart_names_its_categories_on_the_axis(keys: type) -> None:
    """I23's chart had ticks at 1, 1,5, 2, 2,5: its axis shows each category by its label, at its code, and no
    step between."""
    named = {"3": "särskilt utsatt område", "1": "utsatt område", "2": "riskområde"}
    categories = {keys(k): v for k, v in named.items()}
    ind = {**IND, "unit": "category", "categories": categories, "baseline_value": None, "target_value": None}
    fig = charts.trend_figure(charts.plotted(_series().assign(value=2.0, n=None, status_code=None), ind), ind, PLEDGE)
    assert list(fig.layout.yaxis.tickvals) == [1, 2, 3]
    assert list(fig.layout.yaxis.ticktext) == ["utsatt område", "riskområde", "särskilt utsatt område"]
    assert list(fig.layout.yaxis.range) == [0.5, 3.5]
    assert fig.to_json()  # plotly takes it
    # and the tables beside it say the same (a walk read "3" and "2" under the chart): Trender's and the public's
    series = _series().assign(value=[2.0, 3.0, 1.0, 2.0, 7.0], status_code=None, n=None)
    count = {**IND, "code": "X2", "unit": "count", "baseline_value": None, "target_value": None}
    points = pd.concat([charts.plotted(series, ind), charts.plotted(series, count)])
    inner = charts.table(points, "sv", {"X1": categories, "X2": None})
    assert set(inner[inner["Indikator"] == "X1"]["Värde"]) == {"riskområde", "särskilt utsatt område", "utsatt område"}
    assert list(inner[inner["Indikator"] == "X2"]["Värde"]) == ["7"]  # another indicator's count stays a number
    public = tables.public_series_table(_series().assign(value=2.0, status_code=None, n=None), ind, "sv")
    assert set(public["Värde"]) == {"riskområde"}


def _map_frame(values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame({"code": [f"A{i}" for i in range(len(values))], "name": "x", "geometry": None,
                         "centroid_lon": 13.0, "centroid_lat": 55.6, "value": values, "status_code": None, "n": 100,
                         "source": "SCB", "review_state": "published"})  # fmt: skip


@examples(1_000)
@given(
    unit_code=st.sampled_from(sorted(UNITS)),
    values=st.lists(st.one_of(st.none(), st.floats(), st.floats(-1e6, 1e6)), min_size=1, max_size=30),
    lang=st.sampled_from(["sv", "en"]),
)
def test_no_value_stored_crashes_a_map_or_its_legend(unit_code: str, values: list[float | None], lang: str) -> None:
    """One absurd figure stored before its bound (1e308, an infinity) took the map down with the grid of shown
    values: a map draws whatever the store holds, each colour it uses is in its legend, and a value that is no finite
    number has the no-value colour."""
    ind = {**IND, "unit": unit_code, "categories": {"1": "ett", "2": "två"}}
    rows = maps.area_rows(_map_frame(values), ind, lang)
    entries = maps.legend(rows, ind, lang)
    json.loads(maps.choropleth(rows, ind).to_json())  # the deck as the page sends it
    named = {e.colour for e in entries}
    for r, v in zip(rows.itertuples(), values, strict=True):
        finite = v is not None and math.isfinite(v)
        assert (r.colour_class is not None and r.colour_class == r.colour_class) == finite
        assert (maps.CLASS_COLOURS[int(r.colour_class)] if finite else maps.NO_VALUE_COLOUR) in named


def test_the_report_escapes_text_from_the_store() -> None:
    """A meeting title with markup is printed as text."""
    assessed = pd.DataFrame(columns=["code", "name_sv", "name_en", "level", "unit", "period", "value", "status_code",
                                     "previous_value", "target_value", "status", "source", "review_state"])  # fmt: skip
    data = Overview(
        pledge={"name": "Löfte", "start": dt.date(2022, 4, 1), "end": dt.date(2023, 4, 30), "source_document": "x"},
        area_code="A",
        until=dt.date(2023, 6, 30),
        levels=pd.DataFrame(
            {"level": ["resurs_aktivitet", "prestation", "effekt"], "indicators": [0, 0, 0], "commitments": [0, 0, 0]}
        ),
        assessed=assessed,
        counts={
            lv: {"good": 0, "behind": 0, "no_certain_change": 0, "no_data": 0, "no_target": 0}
            for lv in ("resurs_aktivitet", "prestation", "effekt")
        },
        actors=pd.DataFrame(
            columns=[
                "code",
                "name",
                "parent_name",
                "commitments",
                "with_departments",
                "indicators",
                "on_track",
                "behind",
                "not_reported",
            ]
        ),
        commitments=pd.DataFrame(),
        overdue=pd.DataFrame(columns=["actor_code", "code", "name_sv", "name_en", "period", "due"]),
        changed=pd.DataFrame(),
        meeting={
            "title": "<script>alert(1)</script>",
            "held_on": dt.date(2023, 7, 3),
            "saved_by": "ordf",
            "saved_at": dt.datetime(2023, 7, 3, 10, 0, tzinfo=dt.UTC),
        },
    )
    html = report.overview_html(data, "Område A")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Inga siffror har ändrats sedan mötet." in html


def test_text_from_the_store_reaches_the_chart_as_text_not_markup() -> None:
    """plotly reads tags in every text it draws, hover labels included: a source of
    `<b>x</b><br><a href=...>` showed bold, broke lines and linked away. Every store text is escaped, and plotly
    turns the entities back into the characters, so the visitor reads exactly what was typed."""
    series = _series()
    series["source"] = '<b style="font-size:40px">SCB</b><br><a href="https://evil.example">klicka</a>'
    series["area_name"] = "Område <i>A</i> & co"
    ind = {**IND, "name_sv": "Andel <script>x</script>"}
    fig = json.loads(charts.trend_figure(charts.plotted(series, ind), ind, PLEDGE).to_json())
    lines = [t for t in fig["data"] if "area" in (t.get("meta") or {})]
    for trace in lines:
        assert "<" not in trace["name"] and "&lt;i&gt;" in trace["name"] and "&amp; co" in trace["name"]
        for custom in trace["customdata"]:
            assert all("<" not in str(part) for part in custom), custom
        assert "&lt;b style=" in trace["customdata"][0][3]
    assert "<script>" not in fig["layout"]["title"]["text"]


def test_map_legends_are_escaped_html_from_a_template() -> None:
    """The colour classes and the activity points as swatches (the Karta page's legends, made in
    indicators/render/maps.py): each label is text, whatever it holds, and each swatch has its colour."""
    hostile = "<img src=x onerror=alert(1)> & co"
    legend = maps.legend_html([maps.LegendEntry((1, 2, 3), hostile), maps.LegendEntry((4, 5, 6), "1 – 2 %")], hostile)
    assert "<img" not in legend and "&lt;img src=x onerror=alert(1)&gt; &amp; co" in legend
    assert legend.startswith("<div role='note' aria-label='&lt;img") and legend.endswith("&emsp;</div>")
    assert "background:rgb(1, 2, 3)'></span>&nbsp;" in legend and "&nbsp;1 – 2 %</span>&emsp;" in legend
    acts = pd.DataFrame({"type": ["patrol", "patrol", "cleaning", "meeting"], "lon": [13.0, 13.1, None, 13.2]})
    entries = maps.activity_legend(acts, ["cleaning", "patrol", "meeting", "school_visit"], "sv")
    assert [(e.colour, e.label) for e in entries] == [
        (maps.ACTIVITY_COLOURS["patrol"], "Patrullering (2)"),
        (maps.ACTIVITY_COLOURS["meeting"], "Möte (1)"),
    ]  # only placed points count, in the order chosen; a type with none is left out
    points = maps.activity_legend_html(entries, "Aktiviteter")
    assert points.startswith("<div><strong>Aktiviteter:</strong> <span style=") and "border-radius:50%" in points
    assert points.count("white-space:nowrap") == 2
    assert maps.activity_legend_html([], "A") == "<div><strong>A:</strong> </div>"
