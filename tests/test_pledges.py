"""Many pledges in one store: a second pledge's file never rewrites what the first defined; a renewal (`renews:`)
continues the same series and changes what it shares as audited versions; a change that would orphan stored figures
is refused. The Lindängen case: another district, police area Söder, a housing company, its own `I01`."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from indicators.io import catalogue
from indicators.read import queries
from indicators.rules.periods import PeriodKind, parse_period, period_containing
from indicators.storage import db
from indicators.storage.store import SYSTEM
from tests.pledges import AREAS, SOFIELUND, lindangen, seed, write
from tests.pledges import sofielund_spec as _sofielund
from tests.support import app_test, cli, examples

TABLES = ["pledge", "actor", "area", "indicator", "commitment", "indicator_commitment", "figure", "current_figure",
          "public_figure", "audit_entry"]  # fmt: skip


def snapshot(url: str) -> dict[str, list[str]]:
    """Every row of the catalogue and figure tables, as text (what "the store is unchanged" compares)."""
    with db.read_session(url) as s:
        return {t: sorted(json.dumps(dict(r), default=str, sort_keys=True)
                          for r in s.execute(text(f"SELECT * FROM {t}")).mappings()) for t in TABLES}  # fmt: skip


def test_a_second_pledge_that_redefines_the_firsts_codes_is_refused_whole(store_url: str, tmp_path: Path) -> None:
    """Lindängen's file reuses I01 and POL with other meanings: nothing is stored, and the refusal names the code,
    the field, the stored and the new value, and the pledge that defines it."""
    before = snapshot(store_url)
    with pytest.raises(catalogue.CatalogueError) as refused:
        seed(store_url, write(tmp_path, lindangen()))
    message = str(refused.value)
    assert "indicator I01: name_sv is 'Polisens närvarotimmar i Södra Sofielund' as pledge sofielund-2022" in message
    assert "this file says 'Fotpatrulleringar kring centrum'" in message
    assert "actor POL: name is 'Polisen, lokalpolisområde Norr' as pledge sofielund-2022 defines it" in message
    assert "renews:" in message
    assert snapshot(store_url) == before


def test_a_second_pledge_with_its_own_codes_loads_beside_the_first(store_url: str, tmp_path: Path) -> None:
    """With codes of its own (shared Malmö stad defined the same way), Lindängen loads; Sofielund's rows are as
    they were, and each pledge lists its own indicators."""
    before = snapshot(store_url)
    seed(store_url, write(tmp_path, lindangen(reuse_codes=False)))
    after = snapshot(store_url)
    for table in ("indicator", "actor", "commitment", "figure"):
        assert set(before[table]) <= set(after[table]), table  # nothing of Sofielund's changed or went
    with db.read_session(store_url) as s:
        assert queries.pledge_indicator_codes(s, "lindangen-2024") == ["L01", "L02"]
        assert "L01" not in queries.pledge_indicator_codes(s, "sofielund-2022")
        assert "I01" in queries.pledge_indicator_codes(s, "sofielund-2022")
        # Each pledge's actors: its own, and the organisations above them; never the other district's.
        assert list(queries.actor_summary(s, "sofielund-2022")["code"]) == ["POL", "MS", "FGK", "ASF", "MF", "BID"]
        assert list(queries.actor_summary(s, "lindangen-2024")["code"]) == ["POLS", "MKB"]
    info = json.loads(cli("--db", store_url, "info", "--json").stdout)
    assert info["by_pledge"]["lindangen-2024"]["indicators"] == 2
    assert info["by_pledge"]["lindangen-2024"]["indicators_by_level"] == {"resurs_aktivitet": 1, "prestation": 1,
                                                                          "effekt": 0}  # fmt: skip
    assert info["by_pledge"]["sofielund-2022"]["indicators"] == info["indicators"] - 2
    listed = json.loads(cli("--db", store_url, "catalogue", "--json", "--pledge", "lindangen-2024").stdout)
    assert [(r["code"], r["commitments"]) for r in listed] == [("L01", ["L1"]), ("L02", ["L2"])]
    unknown = cli("--db", store_url, "catalogue", "--pledge", "ingen")
    assert unknown.returncode == 2 and "unknown pledge" in unknown.stderr


def _renewal(name_change: str | None = None) -> dict[str, Any]:
    """Sofielund 2023–2024: the same file as a new pledge that renews 2022–2023 (and may reword what it shares)."""
    spec = _sofielund()
    spec["pledge"].update(code="sofielund-2023", name="Medborgarlöfte Sofielund 2023–2024", start="2023-05-01",
                          end="2024-12-31", renews="sofielund-2022")  # fmt: skip
    spec["figures"] = []
    if name_change:
        for ind in spec["indicators"]:
            if ind["code"] == "I23":
                ind["name_sv"] = name_change
    return spec


def test_a_renewal_continues_the_series_and_versions_what_it_rewords(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renewal shares I01 (its figures run on under both pledges) and rewords I23: the change is an audited
    version (who, before, after) that the Indikator page shows, the figures stay, and the first pledge still lists
    I01."""
    with db.read_session(store_url) as s:
        series_before = queries.series(s, ["I01"], ["11319"])
    seed(store_url, write(tmp_path, _renewal("Polisens bedömning av Södra Sofielund (riskområde)")))
    with db.read_session(store_url) as s:
        assert len(queries.series(s, ["I01"], ["11319"])) == len(series_before) > 0
        assert "I01" in queries.pledge_indicator_codes(s, "sofielund-2023")
        assert "I01" in queries.pledge_indicator_codes(s, "sofielund-2022")
        trail = queries.audit_trail(s, None, "I23")
    changes = trail[trail["action"] == "indicator.change"]
    assert len(changes) == 1 and changes["username"].iloc[0] == SYSTEM.username
    assert changes["after"].iloc[0]["name_sv"] == "Polisens bedömning av Södra Sofielund (riskområde)"
    assert changes["before"].iloc[0]["name_sv"] != changes["after"].iloc[0]["name_sv"]
    assert changes["after"].iloc[0]["pledge"] == "sofielund-2023"
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test("lasare")
    at.query_params["code"] = "I23"
    at.run()
    at.switch_page("pages/indicator.py").run()
    assert not at.exception and _param(at, "pledge") == "sofielund-2023"  # the newest, as no pledge runs today
    assert "Så har definitionen ändrats" in [h.value for h in at.subheader]
    shown = at.dataframe[0].value
    assert list(shown["Uppgift"]) == ["Namn"] and list(shown["Medborgarlöfte"]) == ["sofielund-2023"]
    assert list(shown["Efter"]) == ["Polisens bedömning av Södra Sofielund (riskområde)"]
    followed = [m.value for m in at.markdown if m.value.startswith("**Följer upp åtagandena**")]
    assert followed == ["**Följer upp åtagandena** (Medborgarlöfte Sofielund 2023–2024):",
                        "**Följer upp åtagandena** (Medborgarlöfte Sofielund 2022–2023):"]  # fmt: skip
    # Trender under the renewal: I01's line runs from the first pledge's figures on.
    at = app_test("lasare")
    at.query_params.update(pledge="sofielund-2023", trend_indicators="I01", trend_areas="11319")
    at.run()
    at.switch_page("pages/trends.py").run()
    assert not at.exception and _param(at, "pledge") == "sofielund-2023"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    line = next(tr for tr in spec["data"] if (tr.get("meta") or {}).get("area") == "11319")
    assert len(line["x"]) == series_before["value"].notna().sum()  # every number (a symbol is not a point)
    assert min(line["x"]) < "2023-05-01" < max(line["x"])  # before and after the renewal began


def test_a_change_that_would_orphan_stored_figures_is_refused_with_them(store_url: str, tmp_path: Path) -> None:
    """Even its own pledge's file may not change I01's unit while I01 has figures: refused with how many and which."""
    spec = _sofielund()
    spec["pledge"]["areas_file"] = str(AREAS)
    for ind in spec["indicators"]:
        if ind["code"] == "I01":
            ind["unit"] = "count"
    before = snapshot(store_url)
    with pytest.raises(catalogue.CatalogueError) as refused:
        seed(store_url, write(tmp_path, spec, "sofielund-edited.yaml"))
    assert "indicator I01: changing unit from 'hours' to 'count' would make its" in str(refused.value)
    assert "stored figures invalid (11316/2019-01, " in str(refused.value)
    assert snapshot(store_url) == before


def test_reloading_the_same_file_changes_nothing(store_url: str) -> None:
    before = snapshot(store_url)
    seed(store_url, SOFIELUND)
    after = snapshot(store_url)
    assert {t: v for t, v in after.items() if t != "audit_entry"} == {t: v for t, v in before.items()
                                                                      if t != "audit_entry"}  # fmt: skip


#: The shared things a second file can touch, and what it may write in them.
EDITS = st.sampled_from([("actors", "POL", "name"), ("actors", "MS", "name"), ("actors", "MS", "short_name"),
                         ("indicators", "I01", "name_sv"), ("indicators", "I01", "definition")])  # fmt: skip


@examples(15)
@given(edit=EDITS, value=st.text(alphabet="abcåäöÅÄÖ-", min_size=1, max_size=20), renews=st.booleans())
def test_loading_a_file_never_changes_another_pledge(
    new_store: Callable[..., str], tmp_path_factory: pytest.TempPathFactory, edit: tuple[str, str, str], value: str,
    renews: bool,
) -> None:  # fmt: skip
    """Property: a second pledge's file that shares codes with Sofielund and writes anything in one of them either
    loads without changing a row Sofielund defined, or (when it is a renewal) versions the change, or is refused
    with the store unchanged."""
    url = new_store()
    tmp = tmp_path_factory.mktemp("second")
    spec = lindangen()
    spec["indicators"][0].update({k: v for k, v in _sofielund_indicator("I01").items() if k != "commitments"})
    spec["indicators"][0]["commitments"] = ["L1"]
    spec["actors"][0] = copy.deepcopy(next(a for a in _sofielund()["actors"] if a["code"] == "POL"))
    kind, code, field = edit
    row = next(r for r in spec[kind] if r["code"] == code)
    if row.get(field) == value:
        return
    row[field] = value
    if renews:  # a renewal is the same district's next pledge
        spec["pledge"].update(renews="sofielund-2022", area="SOFIELUND", areas_file="sofielund", map_areas=[])
    before = snapshot(url)
    try:
        seed(url, write(tmp, spec))
    except catalogue.CatalogueError:
        assert not renews
        assert snapshot(url) == before
        return
    assert renews, "a file outside Sofielund's family changed what Sofielund defined"
    with db.read_session(url) as s:
        trail = queries.audit_trail(s, None, code)
    assert (trail["action"] == f"{kind[:-1]}.change").sum() == 1


def _sofielund_indicator(code: str) -> dict[str, Any]:
    return copy.deepcopy(next(i for i in _sofielund()["indicators"] if i["code"] == code))


def _defaults(url: str, monkeypatch: pytest.MonkeyPatch, user: str | None, page: str) -> tuple[str, str]:
    """The pledge and "Siffror till och med" a page opens with, when the URL names neither."""
    monkeypatch.setenv("INDICATORS_DB_URL", url)
    at = app_test(user)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return _param(at, "pledge"), _param(at, "until")


def _param(at: Any, key: str) -> str:
    """What the shared filters put in the page's URL (a pasted link reproduces the view)."""
    value = at.query_params[key]
    return str(value[0] if isinstance(value, list) else value)


def test_the_period_shown_follows_the_data_not_the_pledges_end(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo store's pledge ended in 2023; its figures run to December 2025. A figure published for July 2026 and
    one submitted for October 2026: signed in, the pages open at 2026 Q4; the public's at 2026 Q3 (the newest
    published), never at the pledge's end (2023 Q2)."""
    from indicators.base.models import Role
    from indicators.storage import store
    from indicators.storage.store import BulkFigure, Principal

    assert _defaults(store_url, monkeypatch, "lasare", "pages/overview.py") == ("sofielund-2022", "2025-Q4")
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure("I02", "11319", "2026-07", 30.0, source="POL")]), store_url)  # fmt: skip
    db.run_write(lambda s: store.insert_figures_bulk(s, by=Principal("pol", Role.EDITOR, "POL"), figures=[
        BulkFigure("I02", "11319", "2026-10", 31.0, source="POL", review_state="submitted")]), store_url)  # fmt: skip
    assert _defaults(store_url, monkeypatch, "lasare", "pages/overview.py") == ("sofielund-2022", "2026-Q4")
    assert _defaults(store_url, monkeypatch, None, "pages/public_trends.py") == ("sofielund-2022", "2026-Q3")


def test_the_public_sees_the_newest_classification_by_default(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19: I23 said "särskilt utsatt område" (April 2022) on the public pages because they opened at the
    pledge's end; opened without a period they show December 2023's "riskområde"."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test()
    at.run()
    at.switch_page("pages/public_trends.py").run()
    assert not at.exception
    line = next(x for m in at.markdown for x in m.value.splitlines() if "**I23" in x)
    assert "riskområde" in line and "särskilt utsatt" not in line, line
    # The city's and the police region's statistics are shown from where they are reported, and say so.
    lines = [x for m in at.markdown for x in m.value.splitlines()]
    assert any(x.startswith("- **K06") and "2022, Malmö" in x for x in lines), lines
    assert any(x.startswith("- **K01") and "2022, Polisregion Syd" in x for x in lines)


def test_the_pledge_shown_is_the_running_one_else_the_newest(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With Sofielund 2022–2023 and Lindängen 2024–2025 (both over by 2026-11), pages open at the newest;
    once a renewal running through today is loaded, at that one; a pledge named in the URL wins."""
    seed(store_url, write(tmp_path, lindangen(reuse_codes=False)))
    assert _defaults(store_url, monkeypatch, None, "pages/public_pledge.py")[0] == "lindangen-2024"
    renewal = _renewal()
    renewal["pledge"].update(code="sofielund-2026", start="2026-01-01", end="2027-12-31")
    seed(store_url, write(tmp_path, renewal, "renewal.yaml"))
    now = period_containing(PeriodKind.QUARTER, dt.date.today()).code
    # Running since January 2026 with no figures of its own (the demo's end in December 2025): it opens now, not at
    # a quarter before it began; the older figures still show (the newest up to the quarter count).
    assert _defaults(store_url, monkeypatch, "lasare", "pages/overview.py") == ("sofielund-2026", now)
    assert _defaults(store_url, monkeypatch, None, "pages/public_trends.py") == ("sofielund-2026", now)
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test()
    at.query_params["pledge"] = "lindangen-2024"
    at.run()
    at.switch_page("pages/public_pledge.py").run()
    assert not at.exception and _param(at, "pledge") == "lindangen-2024"
    assert at.selectbox(key="until").options[0] == parse_period(now).label("sv")  # nothing after today's quarter
    assert any("Lindängen" in str(t.value) for t in [*at.title, *at.header, *at.markdown])
    # Its file names no channels to follow it by: the page says this service is the way, never "... genom:" and nothing
    assert any("Det gör du här" in m.value for m in at.markdown)
    assert not any(m.value.endswith("genom:") for m in at.markdown)
    listing = [b for b in at.button if b.key and b.key.startswith("show_pledge_")]
    assert [b.key.removeprefix("show_pledge_") for b in listing] == [
        "sofielund-2026",
        "lindangen-2024",
        "sofielund-2022",
    ]  # running first, then newest first
    assert "pågår nu" in listing[0].label and "visas" in listing[1].label and listing[1].disabled
    listing[2].click().run()  # in the same tab: the page now shows that pledge, at its own area
    assert not at.exception and _param(at, "pledge") == "sofielund-2022" and _param(at, "area") == "11319"
    assert at.title[0].value == "Medborgarlöfte Sofielund 2022–2023"


def _refused(url: str, path: Path, *expected: str) -> None:
    """Loading ``path`` is refused with every ``expected`` text in the message, and the store is unchanged."""
    before = snapshot(url)
    with pytest.raises(catalogue.CatalogueError) as refused:
        seed(url, path)
    for text_ in expected:
        assert text_ in str(refused.value), str(refused.value)
    assert snapshot(url) == before


def test_another_pledges_file_cannot_correct_sofielunds_figures(store_url: str, tmp_path: Path) -> None:
    """Lindängen's file copies I20 unchanged and lists a figure Sofielund's file published: refused, nothing stored
    (before, 4.99 replaced 3.28 as a published correction, straight to the public)."""
    spec = lindangen(reuse_codes=False)
    i20 = copy.deepcopy(next(i for i in _sofielund()["indicators"] if i["code"] == "I20"))
    spec["indicators"].append({**i20, "commitments": ["L1"]})
    spec["actors"].append(copy.deepcopy(next(a for a in _sofielund()["actors"] if a["code"] == i20["actor"])))
    spec["figures"] = [{"indicator": "I20", "area": "11319", "period": "2016", "value": 4.99, "source": "fake"}]
    shared = [copy.deepcopy(a) for a in _areas() if a["code"] in ("SOFIELUND", "11319")]
    path = write(tmp_path, spec, extra_areas=shared)
    _refused(store_url, path, "figures (I20 11319 2016): 3.28 as pledge sofielund-2022 reported it")


def _areas() -> list[dict[str, Any]]:
    return yaml.safe_load(AREAS.read_text(encoding="utf-8"))["areas"]


@pytest.mark.parametrize(
    ("renews", "message"),
    [("sofielund-2022", "pledge.renews: sofielund-2022 is a pledge for SOFIELUND, this one for LINDANGEN"),
     ("no-such-pledge", "pledge.renews: no pledge 'no-such-pledge' in the store"),
     ("lindangen-2024", "pledge.renews: a pledge cannot renew itself")],
)  # fmt: skip
def test_a_file_cannot_make_itself_another_districts_renewal(
    store_url: str, tmp_path: Path, renews: str, message: str
) -> None:
    spec = lindangen()  # reuses I01 and POL, with other meanings
    spec["pledge"]["renews"] = renews
    before = snapshot(store_url)
    with pytest.raises(catalogue.CatalogueError) as refused:
        seed(store_url, write(tmp_path, spec))
    assert message in str(refused.value)
    assert snapshot(store_url) == before


def test_areas_another_pledge_uses_for_its_figures_and_schedule_are_its_own(store_url: str, tmp_path: Path) -> None:
    """The police region holds only K01/K02 figures and schedules of Sofielund's: renaming it from Lindängen's file
    is refused; so is a new part of Sofielund, which Sofielund counts as made up exactly of its three parts."""
    spec = lindangen(reuse_codes=False)
    renamed = write(tmp_path, spec, extra_areas=[{"code": "POLISREGION_SYD", "name": "Hacked region",
                                                  "kind": "region"}])  # fmt: skip
    _refused(store_url, renamed, "area POLISREGION_SYD: name is 'Polisregion Syd' as pledge sofielund-2022")
    part = write(tmp_path, spec, extra_areas=[copy.deepcopy(a) for a in _areas() if a["code"] == "SOFIELUND"]
                 + [{"code": "X9", "name": "Ny del", "kind": "delomrade", "parent": "SOFIELUND"}])  # fmt: skip
    _refused(store_url, part, "area X9: a new part of SOFIELUND, which pledge sofielund-2022 counts as made up")


def test_a_renewal_cannot_orphan_figures_through_frequency_or_maximum(store_url: str, tmp_path: Path) -> None:
    spec = _renewal()
    for ind in spec["indicators"]:
        if ind["code"] == "K01":
            ind["maximum"] = 10  # stored 25.5-28.2
        if ind["code"] == "K03":
            ind["frequency"] = "monthly"  # stored yearly figures
    _refused(store_url, write(tmp_path, spec), "indicator K01: maximum 10.0 lies below 3 stored figures",
             "indicator K03: changing frequency from 'yearly' to 'monthly' would make its")  # fmt: skip


def test_the_same_figure_twice_is_refused_however_its_period_is_written(store_url: str, tmp_path: Path) -> None:
    spec = _sofielund()
    spec["figures"].append({"indicator": "I20", "area": "11319", "period": "2020-h2", "value": 4.0, "source": "dup"})
    spec["figures"].append({"indicator": "I20", "area": "11319", "period": "2020-H2", "value": 4.5, "source": "dup"})
    _refused(store_url, write(tmp_path, spec), "figures (I20/11319/2020-H2): the same figure twice")


@pytest.fixture(scope="module")
def two_pledges_url(new_store: Callable[..., str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo store with Lindängen (codes of its own) beside Sofielund, made once for the property below."""
    url = new_store()
    seed(url, write(tmp_path_factory.mktemp("lindangen"), lindangen(reuse_codes=False)))
    return url


_PAGES = {None: ["pages/public_pledge.py", "pages/public_done.py", "pages/public_trends.py", "pages/public_method.py"],
          "lasare": ["pages/overview.py", "pages/map.py", "pages/trends.py", "pages/commitments.py",
                     "pages/indicator.py"],
          "pol": ["pages/report.py", "pages/activities.py", "pages/status.py"],
          "ordf": ["pages/review.py", "pages/audit.py"]}  # fmt: skip
_JUNK = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@examples(60)
@given(
    where=st.sampled_from([(user, page) for user, pages in _PAGES.items() for page in pages]),
    pledge=st.sampled_from(["sofielund-2022", "lindangen-2024", ""]) | _JUNK,
    until=st.sampled_from(["2023-Q2", "2025-Q4", "2030-Q1", "1999-Q1", ""]) | _JUNK,
    area=st.sampled_from(["11319", "36213", "MALMO", "POLISREGION_SYD", ""]) | _JUNK,
    lang=st.sampled_from(["sv", "en", "xx"]),
)
def test_no_address_crashes_a_page_with_two_pledges(
    two_pledges_url: str, where: tuple[str | None, str], pledge: str, until: str, area: str, lang: str
) -> None:
    """Whatever pledge, period, area and language a link names (the other pledge's area, a period before or after
    either pledge, junk), every page a user may open runs without an error and shows a pledge that exists."""
    user, page = where
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INDICATORS_DB_URL", two_pledges_url)
        at = app_test(user)
        for key, value in (("pledge", pledge), ("until", until), ("area", area), ("lang", lang)):
            if value:
                at.query_params[key] = value
        at.run()
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert _param(at, "pledge") in {"sofielund-2022", "lindangen-2024"}


@pytest.mark.parametrize("pledge", ["sofielund-2022", "lindangen-2024"])
def test_every_page_opens_for_each_pledge_with_its_defaults(two_pledges_url: str, pledge: str) -> None:
    """Each page a user may open, for each pledge as its link opens it (Lindängen has no published figure at all:
    the public's Utveckling crashed on that, found by an attack)."""
    for user, pages in _PAGES.items():
        for page in pages:
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("INDICATORS_DB_URL", two_pledges_url)
                at = app_test(user)
                at.query_params["pledge"] = pledge
                at.run()
                at.switch_page(page).run()
            assert not at.exception, (page, [e.message for e in at.exception])
            assert _param(at, "pledge") == pledge, page
