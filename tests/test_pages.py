"""Pages run through AppTest against a real store: no exceptions, and the content users must see."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from indicators import db, queries
from tests.support import ROOT


@pytest.fixture
def app(sqlite_store: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("INDICATORS_DB_URL", sqlite_store)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


def test_overview_shows_the_pledge_and_its_three_levels(app: AppTest, sqlite_store: str) -> None:
    """The overview names the pledge, its period and signatories, and counts indicators per level from the store."""
    app.run()
    assert not app.exception
    assert app.title[0].value == "Medborgarlöfte Sofielund 2022–2023"
    assert "2022-04-01" in app.caption[0].value
    assert [s.value for s in app.subheader] == ["Resurser och aktiviteter", "Prestationer", "Effekter"]
    with db.read_session(sqlite_store) as s:
        levels = queries.level_summary(s, "sofielund-2022")
    assert [int(m.value) for m in app.metric] == list(levels["indicators"])
    assert sum(int(m.value) for m in app.metric) >= 24


def test_overview_lists_every_actor_with_its_commitments(app: AppTest) -> None:
    """The actor table has the six actors; Malmö stad's departments show their parent."""
    app.run()
    table = app.dataframe[0].value
    assert len(table) == 6
    assert table["Åtaganden"].sum() == 26
    fgk = table[table[""] == "FGK"].iloc[0]
    assert fgk["Del av"] == "Malmö stad"


def test_demo_figures_are_labelled_on_the_page(app: AppTest) -> None:
    """A store with demo figures says so visibly."""
    app.run()
    assert any("Exempeldata" in w.value for w in app.warning)


def test_the_page_speaks_english_on_request(app: AppTest) -> None:
    """The language switch changes the page's text and is kept in the URL."""
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    assert [s.value for s in app.subheader] == ["Resources and activities", "Outputs", "Effects"]
    assert app.query_params["lang"] == ["en"] or app.query_params["lang"] == "en"


def test_an_empty_store_explains_how_to_load_the_pledge(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store with no pledge shows how to load one instead of an error."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    db.migrate(url)
    monkeypatch.setenv("INDICATORS_DB_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert "make run" in at.info[0].value
