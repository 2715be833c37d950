"""Pages run through AppTest against a real store: no exceptions, and the content users must see."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from indicators.read import overview, queries
from indicators.rules.periods import parse_period
from indicators.storage import db
from tests.support import app_test


@pytest.fixture
def app(store_url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    return app_test("lasare")


def _until(app: AppTest) -> str:
    """The last day the overview counts figures to, as its filter in the URL says (end of the quarter)."""
    value = app.query_params["until"]
    code = str(value[0] if isinstance(value, list) else value)
    return min(parse_period(code).end, dt.date.today()).isoformat()


def test_overview_shows_the_pledge_and_its_three_levels(app: AppTest, store_url: str) -> None:
    """The overview names the pledge, its period and signatories, and counts indicators per level from the store."""
    app.run()
    assert not app.exception
    assert app.title[0].value == "Medborgarlöfte Sofielund 2022–2023"
    assert "2022-04-01" in app.caption[0].value
    assert [s.value for s in app.subheader][:3] == ["Resurser och aktiviteter", "Prestationer", "Effekter"]
    with db.read_session(store_url) as s:
        levels = queries.level_summary(s, "sofielund-2022")
        shown = overview.build(s, "sofielund-2022", "11319", dt.date.fromisoformat(_until(app)), dt.date.today())
    assert shown is not None
    # The big numbers are the answers per level: on track or reached, behind, without a figure (issue 20).
    labels = ["↗ I rätt riktning eller nått", "↘ Efter", "– Saknar uppgift"]
    assert [m.label for m in app.metric] == labels * 3
    expected = [shown.counts[lv][k] for lv in levels["level"] for k in ("good", "behind", "no_data")]
    assert [int(m.value) for m in app.metric] == expected
    written = " ".join(m.value for m in app.markdown)
    assert all(f"Indikatorer: {int(n)} ·" in written for n in levels["indicators"])


def test_overview_lists_every_actor_with_its_commitments(app: AppTest) -> None:
    """The actor table has the six actors, each commitment counted once under the actor who gave it (the column adds
    up to the pledge's 26), and each row's status counts add up to its commitments; Malmö stad's departments show
    their parent, and Malmö stad's own and its departments' commitments are in a column of their own."""
    app.run()
    table = app.dataframe[1].value
    assert len(table) == 6
    assert table["Åtaganden"].sum() == 26
    fgk = table[table[""] == "FGK"].iloc[0]
    assert fgk["Del av"] == "Malmö stad"
    ms = table[table[""] == "MS"].iloc[0]
    assert ms["Åtaganden"] == 2 and ms["Inklusive förvaltningarnas"] == str(2 + 6 + 4 + 2)
    counted = table["Enligt plan"] + table["Efter"] + table["Inte rapporterad"]
    assert list(counted) == list(table["Åtaganden"])


def test_demo_figures_are_labelled_on_the_page(app: AppTest) -> None:
    """A store with demo figures says so visibly."""
    app.run()
    assert any("Exempeldata" in w.value for w in app.warning)


def test_the_page_speaks_english_on_request(app: AppTest) -> None:
    """The language switch changes the page's text and is kept in the URL."""
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    assert [s.value for s in app.subheader][:3] == ["Resources and activities", "Outputs", "Effects"]
    assert app.query_params["lang"] == ["en"] or app.query_params["lang"] == "en"


def test_an_empty_store_explains_how_to_load_the_pledge(empty_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store with no pledge shows how to load one instead of an error."""
    monkeypatch.setenv("INDICATORS_DB_URL", empty_url)
    at = app_test().run()
    assert not at.exception
    assert "make run" in at.info[0].value


def test_overview_status_counts_equal_the_rule_applied_to_the_store(app: AppTest, store_url: str) -> None:
    """Each level block states the counts the status rule gives for the store's latest figures."""
    import datetime as dt

    from indicators.rules import status

    app.query_params["until"] = "2023-Q2"
    app.run()
    until = min(dt.date(2023, 6, 30), dt.date.today())
    with db.read_session(store_url) as s:
        counts = status.level_counts(status.assess_latest(queries.latest_values(s, "sofielund-2022", "11319", until)))
    texts = " ".join(m.value for m in app.markdown)
    shown = [int(m.value) for m in app.metric]  # per level: on track or reached, behind, without a figure
    for i, level in enumerate(("resurs_aktivitet", "prestation", "effekt")):
        c = counts[level]
        assert shown[3 * i : 3 * i + 3] == [c["good"], c["behind"], c["no_data"]]
        assert f"{c['no_target']} utan mål" in texts
    latest = app.dataframe[0].value
    with db.read_session(store_url) as s:
        levels = queries.level_summary(s, "sofielund-2022")
    assert len(latest) == levels["indicators"].sum() and "I01" in set(latest["Kod"])
    assert any("exempeldata" in v for v in latest["Värde"])


def test_filters_are_kept_in_the_url(app: AppTest) -> None:
    """Pledge, area and period are in the query string, so a pasted link reproduces the view."""
    app.query_params["area"] = "11320"
    app.query_params["until"] = "2022-Q4"
    app.run()
    assert not app.exception
    assert app.sidebar.selectbox(key="area").value == "11320"
    assert app.sidebar.selectbox(key="until").value == "2022-Q4"
    assert app.query_params["pledge"] in ("sofielund-2022", ["sofielund-2022"])


def test_indicator_page_shows_metadata_and_every_version(app: AppTest, store_url: str) -> None:
    """The indicator page shows the definition and a row for every stored version, corrections included."""
    app.query_params["code"] = "I20"
    app.run()
    app.switch_page("pages/indicator.py").run()
    assert not app.exception
    assert app.title[0].value.startswith("I20")
    with db.read_session(store_url) as s:
        history = queries.indicator_history(s, "I20")
    shown = app.dataframe[0].value
    assert len(shown) == len(history)
    assert "3,28" in set(shown["Värde"])  # the real 2016 figure for Södra Sofielund, in Swedish format


def test_changes_use_the_units_decimals_and_categories_their_labels(app: AppTest) -> None:
    """Issue 20: the overview's change column showed two decimals beside one-decimal values (+0,30 beside 7,9), and
    I23's history its codes. A change has its unit's decimals and a real minus sign; I23 shows words."""
    import re

    app.run()
    latest = app.dataframe[0].value.set_index("Kod")
    hours = latest.loc["I01", "Förändring"]  # presence hours: one decimal
    assert re.fullmatch(r"[+−]?\d[\d\u00a0]*,\d", hours), hours
    counts = latest.loc["I02", "Förändring"]  # a count: no decimals
    assert re.fullmatch(r"[+−]?\d[\d\u00a0]*", counts), counts
    app.query_params["code"] = "I23"
    app.switch_page("pages/indicator.py").run()
    history = next(d.value for d in app.dataframe if "Version" in d.value.columns)
    assert set(history["Värde"]) >= {"särskilt utsatt område", "riskområde"}
