"""The reporting schedule: each indicator of a pledge is expected where and as often as its catalogue says, from its
first period, and is overdue only after its grace days; the overdue lists, the editors' "to report" lists, the
reporting rate and the reminders all follow it."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from indicators.base.config import settings
from indicators.io import catalogue
from indicators.read import queries
from indicators.rules.periods import PeriodKind, parse_period, period_containing
from indicators.rules.schedule import Due, Schedule
from indicators.storage import db
from tests.support import app_test, cli, examples

PLEDGE = "sofielund-2022"
START, END = dt.date(2022, 4, 1), dt.date(2023, 4, 30)
CITY_WIDE = {"K01", "K02", "K03", "K04", "K05", "K06", "K07", "K08"}


@examples(2_000)
@given(
    kind=st.sampled_from([("monthly", PeriodKind.MONTH), ("quarterly", PeriodKind.QUARTER),
                          ("yearly", PeriodKind.YEAR)]),
    first=st.dates(dt.date(2021, 1, 1), dt.date(2024, 1, 1)) | st.none(),
    today=st.dates(dt.date(2021, 1, 1), dt.date(2026, 12, 31)),
    grace=st.integers(0, 120),
)  # fmt: skip
def test_the_schedule_expects_exactly_the_ended_periods_from_its_first_and_counts_grace(
    kind: tuple[str, PeriodKind], first: dt.date | None, today: dt.date, grace: int
) -> None:
    """Property: the periods expected are those of the frequency's kind that overlap [first or start, end] and have
    ended by today; a missing one is overdue exactly when today is past its end plus the grace days."""
    frequency, period_kind = kind
    first_code = period_containing(period_kind, first).code if first else None
    plan = Schedule("X", frequency, ("A",), first_code, grace)
    got = plan.periods(START, END, today)
    begin = max(START, parse_period(first_code).start) if first_code else START
    assert all(p.kind is period_kind and p.end < today and p.end >= begin and p.start <= END for p in got)
    assert [p.code for p in got] == sorted({p.code for p in got}, key=lambda c: parse_period(c).start)
    if got:  # none left out between the first and the last
        assert all(a.next().code == b.code for a, b in itertools.pairwise(got))
    for p in got:
        state = plan.state(p, False, today)
        assert state == (Due.OVERDUE if today > p.end + dt.timedelta(days=grace) else Due.DUE)
        assert plan.state(p, True, today) == Due.REPORTED


def test_city_wide_statistics_are_never_overdue_for_a_delomrade(store_url: str) -> None:
    """The demo store's overdue list for Södra Sofielund names only indicators whose schedule asks for it there: no
    K01–K07 (region and city statistics); those are expected for Malmö or the police region alone."""
    today = dt.date(2026, 11, 26)
    with db.read_session(store_url) as s:
        plans = queries.schedules(s, PLEDGE)
        overdue = queries.overdue_figures(s, PLEDGE, "11319", today)
        malmo = queries.overdue_figures(s, PLEDGE, "MALMO", today)
        state = queries.reporting_state(s, PLEDGE, today)
        due = queries.due_figures(s, PLEDGE, "POL", "11319", today)
    assert not CITY_WIDE & set(overdue["code"])
    assert all("11319" in plans[c].areas for c in overdue["code"])
    assert set(malmo["code"]) <= {c for c, p in plans.items() if "MALMO" in p.areas}
    assert {a for c in CITY_WIDE for a in plans[c].areas} == {"MALMO", "POLISREGION_SYD"}
    assert not CITY_WIDE & set(due["indicator_code"])  # the police's "to report" list for the delområde
    assert set(state["area_code"]) <= {a for p in plans.values() for a in p.areas}
    assert len(overdue) == ((state["state"] == "overdue") & (state["area_code"] == "11319")).sum()


def test_the_reporting_rate_adds_up_to_the_schedules_expectations(store_url: str) -> None:
    today = dt.date(2026, 11, 26)
    with db.read_session(store_url) as s:
        rates = queries.completeness(s, PLEDGE, today)
        state = queries.reporting_state(s, PLEDGE, today)
    assert rates["expected"].sum() == len(state)
    assert (rates["reported"] + rates["due"] + rates["overdue"] == rates["expected"]).all()
    assert rates["reported"].sum() == (state["state"] == "reported").sum()


def _rate_from_every_figure(state: pd.DataFrame) -> pd.DataFrame:
    """The reporting rate the long way: every expected figure listed with its state (reporting_state), then
    counted per actor, area and period, as the overview counted it before issue 23."""
    counts = (state.assign(one=1).pivot_table(index=["actor_code", "area_code", "period"], columns="state",
                                               values="one", aggfunc="sum", fill_value=0)
              .reindex(columns=[d.value for d in Due], fill_value=0).reset_index())  # fmt: skip
    counts.columns.name = None
    counts["expected"] = counts[[d.value for d in Due]].sum(axis=1)
    counts["rate"] = (100 * counts["reported"] / counts["expected"]).round(1)
    return counts[queries.COMPLETENESS_COLUMNS]


@pytest.mark.parametrize("today", ["2022-03-01", "2022-05-20", "2022-11-02", "2023-02-28", "2023-05-15", "2023-06-10",
                                   "2026-11-26"])  # fmt: skip
def test_the_reporting_rate_counted_in_the_database_is_the_one_counted_figure_by_figure(
    store_url: str, today: str
) -> None:
    """Issue 23: the overview's reporting rate is counted per group of indicators with the same schedule, by the
    database (listing every expected figure took 11 s and most of a gigabyte at the malmo scale). On every day,
    before the pledge, during it with figures due and overdue, and after, and as a saved meeting saw it, the
    counts are exactly those of listing every expected figure with its state."""
    from indicators.base.models import Role
    from indicators.rules.validation import FigureInput
    from indicators.storage import store
    from indicators.storage.store import Principal

    day = dt.date.fromisoformat(today)
    steering = Principal("ordf", Role.STEERING)
    meeting = db.run_write(lambda s: store.save_meeting(s, steering, PLEDGE, "Styrgrupp", dt.date(2023, 7, 3), "11319",
                                                       END), store_url)  # fmt: skip
    pol = Principal("pol", Role.EDITOR, "POL")
    with db.read_session(store_url) as s:  # a figure the meeting did not see: one that was missing then
        missing = queries.reporting_state(s, PLEDGE, dt.date(2026, 11, 26), actor_code="POL")
    late = missing[missing["state"] != "reported"].iloc[0]
    figure = FigureInput(late["code"], late["area_code"], late["period"], 3.0, None, None, "POL")
    db.run_write(lambda s: store.submit_figure(s, by=pol, figure=figure), store_url)
    with db.read_session(store_url) as s:
        for meeting_id in (None, meeting):
            counted = queries.completeness(s, PLEDGE, day, meeting_id)
            listed = _rate_from_every_figure(queries.reporting_state(s, PLEDGE, day, meeting_id=meeting_id))
            assert len(listed) == len(counted)
            if len(listed):
                pd.testing.assert_frame_equal(counted, listed.reset_index(drop=True), check_dtype=False)
            else:
                assert list(counted.columns) == queries.COMPLETENESS_COLUMNS


def test_the_reminder_lists_what_an_actor_has_left_and_names_the_rule(store_url: str) -> None:
    """`due --actor POL` prints a letter with the overdue figures first; `--json` gives the items; an unknown actor
    is refused with the reason."""
    letter = cli("--db", store_url, "due", "--actor", "POL", "--today", "2026-11-26")
    assert letter.returncode == 0, letter.stderr
    assert letter.stdout.startswith("Subject: Medborgarlöfte Sofielund 2022–2023: ")
    assert "Hej Polisen, lokalpolisområde Norr!" in letter.stdout
    items = json.loads(cli("--db", store_url, "due", "--actor", "POL", "--today", "2026-11-26", "--json").stdout)
    with db.read_session(store_url) as s:
        state = queries.reporting_state(s, PLEDGE, dt.date(2026, 11, 26), actor_code="POL")
    waiting = state[state["state"] != "reported"]
    assert len(items["items"]) == len(waiting) > 0
    assert {(i["indicator"], i["area"], i["period"]) for i in items["items"]} == set(
        zip(waiting["code"], waiting["area_code"], waiting["period"], strict=True))  # fmt: skip
    for item in items["items"]:
        line = f"- {item['indicator']} {item['name']} – {item['area_name']} ({item['area']}), {item['period_label']}"
        assert line in letter.stdout
    english = cli("--db", store_url, "due", "--actor", "POL", "--today", "2026-11-26", "--lang", "en")
    assert "Hello Polisen" in english.stdout and "figures to report" in english.stdout
    unknown = cli("--db", store_url, "due", "--actor", "XYZ")
    assert unknown.returncode == 2 and "unknown pledge or actor: 'XYZ'" in unknown.stderr


def _with_schedule(tmp_path: Path, schedule: dict[str, object]) -> Path:
    source = Path(settings().pledge_file)
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    spec["pledge"]["areas_file"] = str((source.parent / spec["pledge"]["areas_file"]).resolve())
    next(i for i in spec["indicators"] if i["code"] == "I01")["schedule"] = schedule
    path = tmp_path / "schedule.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("schedule", "message"),
    [({"areas": ["NOWHERE"]}, "schedule.areas: unknown area 'NOWHERE'"),
     ({"areas": ["11319"], "area_kinds": ["stad"]}, "schedule: give areas or area_kinds, not both"),
     ({"first": "2022-Q7"}, "schedule.first:"),
     ({"grace_days": -1}, "grace_days")],
)  # fmt: skip
def test_a_schedule_that_cannot_hold_is_refused_with_its_rule(tmp_path: Path, schedule: dict, message: str) -> None:
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.load(_with_schedule(tmp_path, schedule))
    assert message in str(refused.value) and "I01" in str(refused.value)


def test_a_schedule_from_the_file_drives_the_lists(empty_url: str, tmp_path: Path) -> None:
    """I01 asked for Norra Sofielund only, from 2023-01, with 10 days' grace: the state lists exactly those."""
    from indicators.storage.store import SYSTEM

    path = _with_schedule(tmp_path, {"areas": ["11320"], "first": "2023-01", "grace_days": 10})
    db.run_write(lambda s: catalogue.seed(s, catalogue.load(path), by=SYSTEM), empty_url)
    with db.read_session(empty_url) as s:
        state = queries.reporting_state(s, PLEDGE, dt.date(2023, 5, 5))
    mine = state[state["code"] == "I01"]
    assert list(mine["period"]) == ["2023-01", "2023-02", "2023-03", "2023-04"]
    assert set(mine["area_code"]) == {"11320"}
    assert list(mine["state"]) == ["overdue", "overdue", "overdue", "due"]  # April ended 04-30: due until 05-10


def test_the_overview_shows_the_reporting_rate_per_actor(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test("ordf")
    at.run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert "Rapporteringsgrad enligt rapporteringsplanen" in [h.value for h in at.header]
    table = next(d.value for d in at.dataframe if "Rapporteringsgrad" in d.value.columns)
    assert "Polisen, lokalpolisområde Norr" in set(table["Aktör"])
    assert all(v.endswith(" %") for v in table["Rapporteringsgrad"])
    with db.read_session(store_url) as s:
        rates = queries.completeness(s, PLEDGE, dt.date.today())
    for by, column, expected in (
        ("area", "Område", {"Södra Sofielund", "Norra Sofielund", "Sofielunds industriområde", "Malmö",
                            "Polisregion Syd"}),
        ("period", "Period", {"2022"}),
    ):  # fmt: skip
        at.segmented_control(key="completeness_by").set_value(by).run()
        assert not at.exception
        table = next(d.value for d in at.dataframe if "Rapporteringsgrad" in d.value.columns)
        assert next(iter(table.columns)) == column
        assert expected <= set(table[column])
        assert table["Väntade"].sum() == rates["expected"].sum()  # every expected figure counted once
        assert table["Rapporterade"].sum() == rates["reported"].sum()


def test_an_indicator_not_reported_for_the_area_is_read_where_it_is(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview of Södra Sofielund shows the police region's survey (K01) and Malmö's shootings (K06) from
    where they are reported, named in "Gäller", instead of "saknar uppgift"; the delområde's own figures stay its
    own, with "Gäller" empty."""
    with db.read_session(store_url) as s:
        latest = queries.latest_values(s, PLEDGE, "11319", dt.date(2025, 12, 31)).set_index("code")
    assert latest.loc["K01", "area_code"] == "POLISREGION_SYD" and latest.loc["K01", "period"] == "2022"
    assert latest.loc["K06", "area_code"] == "MALMO" and latest.loc["K06", "value"] == 29
    assert latest.loc["I01", "area_code"] == "11319"
    assert set(latest.loc[latest["area_code"] != "11319"].index) == CITY_WIDE
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test("ordf")
    at.run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Gäller" in d.value.columns).set_index("Kod")
    assert table.loc["K01", "Gäller"] == "Polisregion Syd" and table.loc["K03", "Gäller"] == "Malmö"
    assert table.loc["I01", "Gäller"] == "" and "saknar uppgift" not in table.loc["K01", "Status"].lower()


def test_the_reminder_finds_the_pledge_that_asks_the_actor_and_refuses_a_bad_day(
    store_url: str, tmp_path: Path
) -> None:
    """With Lindängen running (2024) and asking the police nothing (its police is POLS), `due --actor POL` without
    --pledge writes about Sofielund, not an empty letter; a day that is not a date is refused naming the option."""
    from tests.pledges import lindangen, seed, write

    seed(store_url, write(tmp_path, lindangen(reuse_codes=False)))
    letter = json.loads(cli("--db", store_url, "due", "--actor", "POL", "--today", "2024-06-01", "--json").stdout)
    assert letter["pledge"] == PLEDGE and letter["items"]
    own = json.loads(cli("--db", store_url, "due", "--actor", "POLS", "--today", "2024-06-01", "--json").stdout)
    assert own["pledge"] == "lindangen-2024"
    for bad in ("2023-13-01", "yesterday"):
        refused = cli("--db", store_url, "due", "--actor", "POL", "--today", bad)
        assert refused.returncode == 2 and f"--today: '{bad}' is not a date (YYYY-MM-DD)" in refused.stderr


@pytest.mark.parametrize("actor", ["POL", "FGK", "BID"])
def test_the_editors_list_holds_every_overdue_figure_the_overview_counts(store_url: str, actor: str) -> None:
    """Rapportera's "Perioder att rapportera" lists the newest periods and every older one still missing after its
    deadline, marked overdue: nothing the overview or the reminder calls overdue is missing from it."""
    today = dt.date(2026, 11, 26)
    with db.read_session(store_url) as s:
        areas = queries.scheduled_areas(s, PLEDGE, actor)
        for area in areas:
            state = queries.reporting_state(s, PLEDGE, today, actor_code=actor, area_code=area)
            due = queries.due_figures(s, PLEDGE, actor, area, today)
            late = {(r.code, r.period) for r in state.itertuples() if r.state == "overdue"}
            listed = {(r.indicator_code, r.period): r.state for r in due.itertuples()}
            assert late <= {k for k, v in listed.items() if v == "overdue"}, (area, late - set(listed))
            assert all(
                v == "reported"
                for k, v in listed.items()
                if k in {(r.code, r.period) for r in state.itertuples() if r.state == "reported"}
            )
    assert areas


def test_the_reminder_never_leaves_out_a_running_pledge_that_asks_the_actor(store_url: str, tmp_path: Path) -> None:
    """Attack: with two running pledges asking Malmö stad for figures, `due --actor MS` without --pledge wrote about
    one and silently left the other out. It is refused naming both; each letter comes with its --pledge."""
    from tests.pledges import lindangen, seed, write

    spec = lindangen(reuse_codes=False)
    spec["pledge"].update(start="2022-01-01", end="2023-12-31")
    spec["indicators"][1]["actor"] = "MS"  # Malmö stad reports L02 in Lindängen too
    seed(store_url, write(tmp_path, spec))
    refused = cli("--db", store_url, "due", "--actor", "MS", "--today", "2022-09-01")
    assert refused.returncode == 2
    assert "MS is asked for figures by" in refused.stderr and "sofielund-2022" in refused.stderr
    assert "lindangen-2024" in refused.stderr and "--pledge" in refused.stderr
    for pledge in ("sofielund-2022", "lindangen-2024"):
        letter = json.loads(cli("--db", store_url, "due", "--actor", "MS", "--today", "2022-09-01", "--pledge", pledge,
                                "--json").stdout)  # fmt: skip
        assert letter["pledge"] == pledge


def test_the_report_opens_the_pledge_a_page_would(store_url: str, tmp_path: Path) -> None:
    """Attack: `report` without --pledge took the pledge stored last (Lindängen) for Södra Sofielund. It takes the
    pledge whose map holds --area, else the running one, else the newest."""
    from tests.pledges import lindangen, seed, write

    seed(store_url, write(tmp_path, lindangen(reuse_codes=False)))
    out = tmp_path / "rapport.html"
    done = cli("--db", store_url, "report", str(out), "--area", "11319", "--until", "2023-06-30")
    assert done.returncode == 0, done.stderr
    assert "Medborgarlöfte Sofielund 2022–2023" in out.read_text(encoding="utf-8")
    assert "Lindängen" not in out.read_text(encoding="utf-8")
