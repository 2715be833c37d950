"""The steering pages through AppTest: what the map, the trend charts, the commitments page and the meeting tools
show must be the store's figures, and a hand-worked store must give hand-worked status counts."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import text
from sqlmodel import SQLModel
from streamlit.testing.v1 import AppTest

from indicators.base.formatting import DECIMALS, number
from indicators.base.models import CommitmentState, Role
from indicators.read import queries
from indicators.storage import db, store
from indicators.storage.store import SYSTEM, BulkFigure, Principal
from tests.support import app_test, load_sofielund, sign_in_as

STEERING = Principal("ordf", Role.STEERING)


@pytest.fixture
def app(store_url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    return app_test("lasare")


def _array(value: Any) -> list[float]:
    """A plotly JSON array: a plain list, or plotly 7's packed ``{"dtype", "bdata"}``."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return list(value)


def _figures(url: str, code: str, area: str) -> pd.DataFrame:
    """The store's current numeric figures of one indicator and area, read straight from the tables."""
    with db.read_session(url) as s:
        rows = s.execute(
            text(
                """SELECT cf.period, f.value, f.n FROM current_figure cf JOIN figure f ON f.id = cf.figure_id
                   WHERE cf.indicator_code = :c AND cf.area_code = :a AND f.value IS NOT NULL
                   ORDER BY cf.period_start, cf.period"""
            ),
            {"c": code, "a": area},
        ).all()
    return pd.DataFrame(rows, columns=["period", "value", "n"])


# --- Karta --------------------------------------------------------------------------------------------------------


def test_map_holds_every_area_with_the_stores_value(app: AppTest, store_url: str) -> None:
    """The choropleth has one polygon set per map area, its tooltip and the table under it carry the store's value."""
    app.query_params["map_indicator"] = "I22"
    app.query_params["map_period"] = "2023-Q1"
    app.run()
    app.switch_page("pages/map.py").run()
    assert not app.exception
    raw = app.get("deck_gl_json_chart")[0].proto.json
    assert "NaN" not in raw  # the browser's JSON parser refuses NaN: a missing value must be null
    spec = json.loads(raw)
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert "mapProvider" not in spec or spec["mapProvider"] in (None, "")  # no basemap by default: works offline
    drawn = {p["code"] for p in layers["areas"]["data"]}
    assert len(layers["malmo-outlines"]["data"]) + len(drawn) >= 136  # every other Malmö district as context
    with db.read_session(store_url) as s:
        pledge = queries.pledge(s, "sofielund-2022")
    assert pledge is not None
    drawn = {p["code"] for p in layers["areas"]["data"]}
    assert drawn == set(pledge["map_areas"])
    table = app.dataframe[0].value
    assert list(table["Kod"]) == list(pledge["map_areas"])
    for area in pledge["map_areas"]:
        stored = _figures(store_url, "I22", area)
        value = stored[stored["period"] == "2023-Q1"]["value"]
        polygon = next(p for p in layers["areas"]["data"] if p["code"] == area)
        if len(value):
            assert polygon["value"] == pytest.approx(float(value.iloc[0]))
            shown = number(float(value.iloc[0]), decimals=DECIMALS["per_1000"])  # Swedish, the unit's decimals: 13,4
            assert table[table["Kod"] == area]["Värde"].iloc[0].startswith(shown)
            assert shown in polygon["tooltip"]
        else:
            assert polygon["value"] is None


def test_map_activity_points_follow_the_type_filter(app: AppTest) -> None:
    """Only the chosen activity types are drawn, each with a plain-text tooltip naming its type."""
    app.query_params["map_types"] = "camera_installed"
    app.run()
    app.switch_page("pages/map.py").run()
    app.date_input(key="map_span").set_value((dt.date(2022, 4, 1), dt.date(2023, 6, 30))).run()
    spec = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    points = next(layer for layer in spec["layers"] if layer["id"] == "activities")["data"]
    assert points and all(p["type"] == "camera_installed" for p in points)
    assert all(p["tooltip"].startswith("Kamera installerad") for p in points)
    assert len(points) == 6  # the demo plan's six cameras, all within the pledge period


# --- Trender ------------------------------------------------------------------------------------------------------


def test_trend_chart_plots_exactly_the_stores_figures(app: AppTest, store_url: str) -> None:
    """Each area's line holds the store's current figures in period order; the CSV holds the same points."""
    app.query_params["trend_indicators"] = "I11"
    app.query_params["trend_areas"] = "11319,11320"
    app.run()
    app.switch_page("pages/trends.py").run()
    assert not app.exception
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    lines = {tr["meta"]["area"]: tr for tr in spec["data"] if "area" in (tr.get("meta") or {})}
    assert set(lines) == {"11319", "11320"}
    for area, trace in lines.items():
        stored = _figures(store_url, "I11", area)
        assert _array(trace["y"]) == pytest.approx(list(stored["value"]))
        assert len(trace["x"]) == len(stored)
    shapes = spec["layout"]["shapes"]
    assert any(s.get("x0", "").startswith("2022-04-01") for s in shapes)  # the pledge period is shaded
    assert json.loads(app.get("plotly_chart")[0].proto.config)["displayModeBar"] is False  # over the title on a phone
    csv = app.get("download_button")[0]
    assert csv.proto.label == "Ladda ner data (CSV)"


def test_survey_shares_are_drawn_with_their_interval_and_n(app: AppTest, store_url: str) -> None:
    """A survey share (I19) carries a 95 % interval from its n; the hover names n."""
    app.query_params["trend_indicators"] = "I19"
    app.query_params["trend_areas"] = "11319"
    app.run()
    app.switch_page("pages/trends.py").run()
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    line = next(tr for tr in spec["data"] if (tr.get("meta") or {}).get("area") == "11319")
    stored = _figures(store_url, "I19", "11319")
    assert stored["n"].notna().all()
    plus, minus = _array(line["error_y"]["array"]), _array(line["error_y"]["arrayminus"])
    assert len(plus) == len(stored) and all(p > 0 for p in plus) and all(m > 0 for m in minus)
    assert any("n = " in str(c[2]) for c in line["customdata"])


def test_trend_csv_is_what_is_plotted(store_url: str) -> None:
    """The CSV download, read back as a user's spreadsheet would, holds the plotted points and nothing else."""
    from indicators.render import charts, tables

    with db.read_session(store_url) as s:
        data = queries.series(s, ["I19"], ["11319", "11320"])
        ind = queries.indicator(s, "I19")
    points = charts.plotted(data, ind)
    back = pd.read_csv(io.BytesIO(tables.csv_bytes(points)), encoding="utf-8-sig")
    assert list(back["value"]) == pytest.approx(list(points["value"]))
    assert list(back["period"].astype(str)) == list(points["period"])
    assert set(back["area"].astype(str)) == {"11319", "11320"}


# --- Åtaganden ----------------------------------------------------------------------------------------------------


def test_commitments_page_lists_every_commitment_with_its_own_status(app: AppTest, store_url: str) -> None:
    """Every commitment of the chosen actor is shown with its text and the actor's newest own status."""
    app.query_params["actor"] = "BID"
    app.run()
    app.switch_page("pages/commitments.py").run()
    assert not app.exception
    with db.read_session(store_url) as s:
        statuses = queries.commitment_statuses(s, "sofielund-2022", dt.date(2023, 6, 30))
    bid = statuses[statuses["actor_code"] == "BID"]
    text = "\n".join(m.value for m in app.markdown)
    assert [h.value for h in app.header] == ["Fastighetsägare BID Sofielund (BID)"]
    for row in bid.itertuples():
        assert f"**{row.code}**" in text
        words = {"done": "Klar", "ongoing": "Pågår", "not_started": "Ej påbörjad", "at_risk": "Risk för försening"}
        assert words[row.status] in text
    assert "Senast uppdaterad" in app.caption[0].value or any("Senast uppdaterad" in c.value for c in app.caption)


def test_a_report_for_a_later_period_never_hides_the_one_before_the_cut_off(store_url: str) -> None:
    """Issue 20: after the police report P1 "at risk" for 2026 Q4, a view up to 2026 Q3 still shows the newest report
    before it (not "not reported"); the view up to 2026 Q4 shows the new one; a saved meeting's moment still counts."""
    pol = Principal("pol", Role.EDITOR, "POL")
    today = dt.date(2026, 11, 25)

    def p1(until: dt.date) -> tuple[Any, Any]:
        with db.read_session(store_url) as s:
            rows = queries.commitment_statuses(s, "sofielund-2022", until)
        row = rows[rows["code"] == "P1"].iloc[0]
        return row["period"], row["status"]

    moments = []
    for period, status in (("2026-Q2", "ongoing"), ("2026-Q4", "at_risk")):
        report = {"commitment": "P1", "period": period, "status": status, "comment": "Bemanningen räcker inte."}
        db.run_write(lambda s, r=report: store.report_status(s, pol, r, today=today), store_url)
        moments.append(dt.datetime.now(dt.UTC))
    with db.read_session(store_url) as s:  # a meeting saved between the two reports saw the first
        then = queries.commitment_statuses(s, "sofielund-2022", dt.date(2026, 12, 31), moments[0])
    assert tuple(then[then["code"] == "P1"].iloc[0][["period", "status"]]) == ("2026-Q2", "ongoing")
    with db.read_session(store_url) as s:
        everything = queries.commitment_statuses(s, "sofielund-2022", dt.date(2100, 1, 1))
    assert len(everything) == len(everything["code"].unique())  # one row per commitment
    assert p1(dt.date(2026, 9, 30)) == ("2026-Q2", "ongoing")
    assert p1(dt.date(2026, 12, 31)) == ("2026-Q4", "at_risk")
    assert p1(dt.date(2026, 3, 31))[0] not in ("2026-Q2", "2026-Q4")  # the demo's own earlier report, or none


# --- Hand-worked status counts --------------------------------------------------------------------------------------


@pytest.fixture
def hand_worked(new_store: Callable[..., str], monkeypatch: pytest.MonkeyPatch) -> str:
    """The catalogue without demo data, plus five resource figures worked out by hand for Södra Sofielund."""
    url = new_store(empty=True)
    load_sofielund(url, with_demo=False)
    figures = [
        BulkFigure("I01", "11319", "2023-05", 150.0, source="test"),  # target 160 ...
        BulkFigure("I01", "11319", "2023-06", 170.0, source="test"),  # ... reached: good
        BulkFigure("I07", "11319", "2023-Q1", 100.0, source="test"),  # target 400 from 100: 1/6 of the way ...
        BulkFigure("I07", "11319", "2023-Q2", 150.0, source="test"),  # ... slow: behind
        BulkFigure("I12", "11319", "2023-06", None, status_code="missing", source="test"),  # no data
        BulkFigure("I26", "11319", "2023-Q1", 5.0, source="test"),  # up, no target, better than before ...
        BulkFigure("I26", "11319", "2023-Q2", 8.0, source="test"),  # ... good
    ]  # I08 has no figure at all: no data
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, figures=figures, as_catalogue=True), url)
    monkeypatch.setenv("INDICATORS_DB_URL", url)
    return url


def test_overview_counts_equal_a_hand_worked_store(hand_worked: str) -> None:
    """Resources and activities: I01 reached and I26 improving (2 on track), I07 slow (1 behind), I08 and I12 no
    data (2)."""
    at = app_test("lasare")
    at.query_params["area"] = "11319"
    at.query_params["until"] = "2023-Q2"
    at.run()
    assert not at.exception
    first = at.metric[:3]  # Resources and activities: on track or reached, behind, without a figure
    assert [(m.label, int(m.value)) for m in first] == [("↗ I rätt riktning eller nått", 2), ("↘ Efter", 1),
                                                        ("– Saknar uppgift", 2)]  # fmt: skip


# --- Meetings, presentation mode, the printable report ---------------------------------------------------------------


def test_steering_saves_a_meeting_and_reopens_it_as_it_was(app: AppTest, store_url: str) -> None:
    """ "Spara som möte" freezes the overview; a correction after the meeting leaves the reopened view unchanged and
    is listed among the differences to today."""
    sign_in_as(app, "ordf")
    app.query_params["area"] = "11319"
    app.query_params["until"] = "2023-Q2"
    app.run()
    app.text_input(key="meeting_title").input("Styrgrupp juni")
    app.get("form")[0]  # the form is there for the steering role
    next(b for b in app.button if b.label == "Spara som möte").click().run()
    assert not app.exception and not app.error
    with db.read_session(store_url) as s:
        saved = queries.meetings(s, "sofielund-2022")
    assert list(saved["title"]) == ["Styrgrupp juni"]
    meeting_id = int(saved["id"].iloc[0])
    before = app.dataframe[0].value
    i01_then = before[before["Kod"] == "I01"]["Värde"].iloc[0]

    # A correction arrives after the meeting.
    db.run_write(
        lambda s: store.insert_figures_bulk(
            s, by=SYSTEM, figures=[BulkFigure("I01", "11319", "2023-06", 999.0, source="test")], as_catalogue=True
        ),
        store_url,
    )
    reopened = app_test("lasare")
    reopened.query_params["meeting"] = str(meeting_id)
    reopened.run()
    assert not reopened.exception
    assert any("Styrgrupp juni" in i.value for i in reopened.info)
    latest = reopened.dataframe[0].value
    assert latest[latest["Kod"] == "I01"]["Värde"].iloc[0] == i01_then  # frozen as it was
    changes = next(d.value for d in reopened.dataframe if "Ändring" in d.value.columns)
    row = changes[(changes["Kod"] == "I01") & (changes["Område"] == "Södra Sofielund")].iloc[0]
    assert row["I dag"] == "999,0" and row["Ändring"] == "Rättad"  # hours: one decimal, as every value of I01
    assert row["Indikator"].startswith("Polisens närvarotimmar")  # names, not codes


def test_only_the_steering_group_sees_the_save_form(app: AppTest) -> None:
    """Viewers and editors get no save form (and the domain refuses them anyway, see test_meetings)."""
    app.run()
    assert not [b for b in app.button if b.label == "Spara som möte"]
    sign_in_as(app, "pol")
    app.run()
    assert not [b for b in app.button if b.label == "Spara som möte"]


def test_presentation_mode_shows_one_section_at_a_time(app: AppTest) -> None:
    """In presentation mode the overview shows one section per screen, chosen by the section buttons."""
    app.query_params["present"] = "1"
    app.run()
    assert not app.exception
    headers = [h.value for h in app.header]
    assert headers[0] == "Uppföljning på tre nivåer" and "Aktörer och åtaganden" not in headers
    app.get("button_group")[0].set_value("actors").run()
    headers = [h.value for h in app.header]
    assert "Aktörer och åtaganden" in headers and "Uppföljning på tre nivåer" not in headers


def test_the_printable_report_is_the_overview(app: AppTest, store_url: str) -> None:
    """The meeting report download is a complete HTML page with the three levels and the demo notice."""
    from indicators.read import overview
    from indicators.views import report

    with db.read_session(store_url) as s:
        data = overview.build(s, "sofielund-2022", "11319", dt.date(2023, 6, 30), dt.date(2023, 7, 1))
    assert data is not None
    html = report.overview_html(data, "Södra Sofielund")
    assert html.startswith("<!DOCTYPE html>") and "<html lang='sv'>" in html
    for shown in ("Resurser och aktiviteter", "Prestationer", "Effekter", "Exempeldata", "Senaste värden", "I01"):
        assert shown in html
    assert "<script" not in html
    app.run()
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Skriv ut: mötesrapport (HTML)" in labels


def test_pages_only_read(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Running every page changes nothing in the store: on SQLite the file stays byte for byte the same; on
    PostgreSQL every table's rows and the data version stay the same."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)

    def snapshot() -> object:
        db.dispose_all()
        if db.is_sqlite(store_url):
            return Path(store_url.removeprefix("sqlite:///")).read_bytes()
        with db.read_session(store_url) as s:
            return {t: s.execute(text(f"SELECT md5(string_agg(x::text, '' ORDER BY x::text)) FROM {t} x")).scalar()
                    for t in SQLModel.metadata.tables}  # fmt: skip

    before = snapshot()
    at = app_test("lasare")
    at.run()
    for page in ("pages/map.py", "pages/trends.py", "pages/commitments.py", "pages/indicator.py"):
        at.switch_page(page).run()
        assert not at.exception, page
    assert snapshot() == before


_STATES = [None, float("nan"), *(s.value for s in CommitmentState)]


def test_the_commitments_are_read_behind_first_whatever_their_states(store_url: str) -> None:
    """The overview's commitment table (``report.commitment_table``), for any states the actors last reported: every
    commitment once; behind (at risk, not started) first, then not reported, then on track; the catalogue's order
    kept within each; each state's label in the status column."""
    import dataclasses

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from indicators.read import overview
    from indicators.render import tables
    from indicators.views import report

    with db.read_session(store_url) as s:
        data = overview.build(s, "sofielund-2022", "11319", dt.date(2023, 6, 30), dt.date(2023, 7, 1))
    assert data is not None and len(data.commitments) > 5
    size = len(data.commitments)

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.sampled_from(_STATES), min_size=size, max_size=size))
    def check(states: list[Any]) -> None:
        given_data = dataclasses.replace(data, commitments=data.commitments.assign(status=states))
        shown = report.commitment_table(given_data, "sv")
        codes = list(data.commitments["code"])
        assert sorted(shown["Kod"]) == sorted(codes)
        state = dict(zip(codes, [x if isinstance(x, str) else None for x in states], strict=True))
        rank = {"at_risk": 0, "not_started": 0, None: 1}
        ranks = [rank.get(state[c], 2) for c in shown["Kod"]]
        assert ranks == sorted(ranks)
        for r in (0, 1, 2):
            assert [c for c, k in zip(shown["Kod"], ranks, strict=True) if k == r] == [
                c for c in codes if rank.get(state[c], 2) == r]  # fmt: skip
        assert list(shown["Status"]) == [tables.commitment_label(state[c], "sv") for c in shown["Kod"]]

    check()
