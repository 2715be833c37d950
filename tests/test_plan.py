"""The åtgärdsplan: the planned-against-done rule (table-driven and as properties), the catalogue's actions and
problems, the editor's changes through the domain, the chain from problem to effect, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import col

from indicators.base.config import DATA_DIR
from indicators.base.i18n import t
from indicators.base.models import AuditEntry, Commitment, PlannedAction, Pledge, Problem, Role
from indicators.io import catalogue as cat
from indicators.read import plan
from indicators.rules import plan as rule
from indicators.rules.periods import PeriodKind
from indicators.rules.plan import PlanStatus
from indicators.rules.validation import ValidationError
from indicators.storage import db
from indicators.storage import plan as plan_store
from indicators.storage.store import PermissionDenied, Principal
from indicators.views import plan as plan_views
from tests.support import cli, examples

D = dt.date
POLICE = Principal("analytiker", Role.EDITOR, "POL")
CITY = Principal("handlaggare", Role.EDITOR, "FGK")
STEERING = Principal("ordforande", Role.STEERING)
VIEWER = Principal("lasare", Role.VIEWER)
PLEDGE = "sofielund-2022"


# --- The rule ------------------------------------------------------------------------------------------------------


def _row(code: str, status: PlanStatus) -> plan.ActionRow:
    """An action of the plan with only its code and status of interest."""
    return plan.ActionRow(
        code=code, commitment_code="C1", actor_code="POL", text=code, text_en=code, contact="", start=D(2022, 1, 1),
        end=D(2022, 12, 31), area_code="X", area_name="X", quantity=None, per="total", indicator_code=None, unit=None,
        activity_types=[], hours=None, kronor=None, demo=False, edited_by=None, through=D(2022, 6, 30), planned=None,
        done=None, activities=0, hours_used=None, periods_due=0, periods_reported=0, not_final=False, status=status,
        ratio=None,
    )  # fmt: skip


@given(st.lists(st.sampled_from(list(PlanStatus)), max_size=12))
def test_the_overviews_plan_lists_the_worst_status_first_and_keeps_the_plans_order_within_each(
    statuses: list[PlanStatus],
) -> None:
    actions = [_row(f"A{i}", s) for i, s in enumerate(statuses)]
    ranked = plan_views.ranked(actions)
    assert sorted(a.code for a in ranked) == sorted(a.code for a in actions)  # every action, once
    ranks = [rule.ORDER.index(a.status) for a in ranked]
    assert ranks == sorted(ranks)  # worst (first in the rule's order) first
    for s in set(statuses):
        assert [a.code for a in ranked if a.status == s] == [a.code for a in actions if a.status == s]


@pytest.mark.parametrize(
    ("quantity", "per", "start", "end", "through", "expected"),
    [
        (3, "quarter", D(2022, 4, 1), D(2023, 3, 31), D(2022, 6, 30), 3),  # one whole quarter
        (3, "quarter", D(2022, 4, 1), D(2023, 3, 31), D(2023, 3, 31), 12),  # four
        (3, "quarter", D(2022, 4, 1), D(2023, 3, 31), D(2024, 12, 31), 12),  # never past the action's end
        (160, "month", D(2022, 4, 1), D(2023, 4, 30), D(2022, 4, 30), 160),
        (160, "month", D(2022, 4, 16), D(2023, 4, 30), D(2022, 4, 30), 80),  # half of April
        (12, "year", D(2022, 1, 1), D(2023, 12, 31), D(2022, 12, 31), 12),
        (10, "total", D(2022, 1, 1), D(2022, 12, 31), D(2022, 12, 31), 10),
        (10, "total", D(2022, 1, 1), D(2022, 12, 31), D(2021, 12, 31), 0),  # not begun
    ],
)
def test_planned_so_far_counts_the_days_of_the_action_up_to_the_day_counted(
    quantity: float, per: str, start: dt.date, end: dt.date, through: dt.date, expected: float
) -> None:
    assert rule.planned_so_far(quantity, per, start, end, through) == pytest.approx(expected, rel=1e-3)


@pytest.mark.parametrize(
    ("done", "quantity", "measured", "through", "expected"),
    [
        (12, 3, True, D(2023, 3, 31), PlanStatus.ON_PLAN),  # 12 of 12
        (13, 3, True, D(2023, 3, 31), PlanStatus.ON_PLAN),
        (9, 3, True, D(2023, 3, 31), PlanStatus.NEARLY),  # 9 of 12 = 0.75
        (8.9, 3, True, D(2023, 3, 31), PlanStatus.BEHIND),
        (0, 3, True, D(2023, 3, 31), PlanStatus.BEHIND),
        (None, 3, True, D(2023, 3, 31), PlanStatus.NOT_REPORTED),  # due, nothing reported
        (None, 3, True, D(2022, 3, 31), PlanStatus.NOT_DUE),  # before the action began
        (5, None, True, D(2023, 3, 31), PlanStatus.NOT_MEASURED),  # no quantity
        (5, 3, False, D(2023, 3, 31), PlanStatus.NOT_MEASURED),  # nothing measures it
    ],
)
def test_the_status_of_an_action(
    done: float | None, quantity: float | None, measured: bool, through: dt.date, expected: PlanStatus
) -> None:
    got = rule.judge(quantity, "quarter", D(2022, 4, 1), D(2023, 3, 31), through, done, measured)
    assert got.status is expected


def test_half_way_after_one_quarter_is_on_plan_and_after_four_is_behind() -> None:
    """The clock counts: 6 of a plan of 3 a quarter is ahead after one quarter, behind after four."""
    early = rule.judge(3, "quarter", D(2022, 4, 1), D(2023, 3, 31), D(2022, 6, 30), 6)
    late = rule.judge(3, "quarter", D(2022, 4, 1), D(2023, 3, 31), D(2023, 3, 31), 6)
    assert (early.status, late.status) == (PlanStatus.ON_PLAN, PlanStatus.BEHIND)


@pytest.mark.parametrize(
    ("until", "kind", "expected"),
    [
        (D(2023, 5, 20), PeriodKind.QUARTER, D(2023, 3, 31)),
        (D(2023, 3, 31), PeriodKind.QUARTER, D(2023, 3, 31)),
        (D(2023, 5, 20), PeriodKind.MONTH, D(2023, 4, 30)),
        (D(2023, 5, 20), None, D(2023, 5, 20)),  # activities are dated
    ],
)
def test_only_whole_periods_of_the_measure_count(until: dt.date, kind: PeriodKind | None, expected: dt.date) -> None:
    assert rule.through_day(until, kind) == expected


def test_a_commitment_is_its_worst_action() -> None:
    assert rule.worst([PlanStatus.ON_PLAN, PlanStatus.BEHIND, PlanStatus.NOT_DUE]) is PlanStatus.BEHIND
    assert rule.worst([PlanStatus.ON_PLAN, PlanStatus.NOT_DUE]) is PlanStatus.ON_PLAN
    assert rule.worst([PlanStatus.NOT_DUE, PlanStatus.NOT_MEASURED]) is PlanStatus.NOT_DUE
    assert rule.worst([]) is PlanStatus.NOT_MEASURED


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2026, 12, 31))


@given(
    quantity=st.floats(min_value=0, max_value=1e6),
    per=st.sampled_from(["month", "quarter", "year", "total"]),
    a=days,
    b=days,
    t1=days,
    t2=days,
)
@examples(400)
def test_planned_so_far_grows_with_time_and_never_passes_the_whole_plan(
    quantity: float, per: str, a: dt.date, b: dt.date, t1: dt.date, t2: dt.date
) -> None:
    start, end = min(a, b), max(a, b)
    early, late = min(t1, t2), max(t1, t2)
    first = rule.planned_so_far(quantity, per, start, end, early)
    second = rule.planned_so_far(quantity, per, start, end, late)
    whole = rule.planned_so_far(quantity, per, start, end, end)
    assert 0 <= first <= second + 1e-6 * max(1, quantity)
    assert second <= whole + 1e-6 * max(1, whole)


@given(done=st.floats(min_value=0, max_value=1e6), more=st.floats(min_value=0, max_value=1e6), t=days)
@examples(300)
def test_more_done_never_gives_a_worse_status(done: float, more: float, t: dt.date) -> None:
    one = rule.judge(3, "month", D(2022, 4, 1), D(2023, 3, 31), t, done)
    two = rule.judge(3, "month", D(2022, 4, 1), D(2023, 3, 31), t, done + more)
    assert rule.ORDER.index(two.status) >= rule.ORDER.index(one.status)


# --- The catalogue -------------------------------------------------------------------------------------------------


def test_the_demo_catalogue_plans_every_commitment_and_holds_the_eight_problems(store_url: str) -> None:
    with db.read_session(store_url) as s:
        pledge = s.execute(select(Pledge).where(col(Pledge.code) == PLEDGE)).scalar_one()
        commitments = set(s.execute(select(col(Commitment.id)).where(col(Commitment.pledge_id) == pledge.id)).scalars())
        actions = s.execute(select(PlannedAction).where(col(PlannedAction.pledge_id) == pledge.id)).scalars().all()
        problems = s.execute(select(Problem).where(col(Problem.pledge_id) == pledge.id)).scalars().all()
        assert {a.commitment_id for a in actions} == commitments
        assert all(a.demo for a in actions)  # made-up quantities, labelled
        assert [p.code for p in problems] == [f"L{i}" for i in range(1, 9)]
        assert [p.text for p in problems] == pledge.problem_picture
        links = plan.chain(s, PLEDGE, D(2023, 4, 30))
    assert all(link.commitments and link.effects for link in links)
    assert all(e["level"] == "effekt" for link in links for e in link.effects)


def _file_with(tmp_path: Path, change: dict[str, object]) -> Path:
    source = DATA_DIR / "pledges" / "sofielund-2022-2023.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for key, value in change.items():
        section, index, field = key.split(".")
        data[section][int(index)][field] = value
    shutil.copytree(DATA_DIR / "areas", tmp_path / "areas")
    shutil.copytree(DATA_DIR / "geo", tmp_path / "geo")
    (tmp_path / "pledges").mkdir()
    path = tmp_path / "pledges" / "file.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"actions.0.commitment": "X9"}, "actions[0] (G1-1).commitment: unknown commitment 'X9'"),
        ({"actions.0.indicator": "I10"}, "I10 is in percent, which does not add up over time"),
        ({"actions.0.start": D(2021, 1, 1)}, "lies outside the pledge"),
        ({"actions.0.end": D(2022, 1, 1), "actions.0.start": D(2022, 5, 1)}, "ends before it starts"),
        ({"actions.13.quantity": 3}, "actions[13] (F5-1).quantity: say what measures it"),
        ({"problems.0.effects": ["I03"]}, "I03 is a prestation indicator"),
        ({"problems.0.commitments": ["G1", "ZZ"]}, "problems[0] (L1).commitments: unknown commitment 'ZZ'"),
        ({"actions.0.quantity": -1}, "actions[0] (G1-1).quantity: Input should be greater than or equal to 0"),
    ],
)
def test_a_bad_plan_in_a_file_is_refused_naming_the_entry(
    tmp_path: Path, change: dict[str, object], named: str
) -> None:
    with pytest.raises(cat.CatalogueError) as refused:
        cat.load(_file_with(tmp_path, change))
    assert named in str(refused.value)


# --- The editor's changes ------------------------------------------------------------------------------------------


def _edit(url: str, by: Principal, code: str = "P1-1", **change: object) -> bool:
    fields: dict[str, object] = {"text": "Medborgardialoger", "contact": "Kommunpolis", "start": D(2022, 4, 1),
                                 "end": D(2023, 4, 30), "quantity": 9.0, "per": "quarter", "hours": 100.0,
                                 "kronor": None}  # fmt: skip
    fields.update(change)
    return db.run_write(lambda s: plan_store.save_action(s, by, PLEDGE, code, **fields), url)  # type: ignore[arg-type]


def _action(url: str, code: str) -> PlannedAction:
    with db.read_session(url) as s:
        return s.execute(select(PlannedAction).where(col(PlannedAction.code) == code)).scalar_one()


def test_an_editor_changes_their_own_actors_action_as_a_version_in_the_audit_trail(store_url: str) -> None:
    assert _edit(store_url, POLICE)
    row = _action(store_url, "P1-1")
    assert (row.quantity, row.text, row.edited_by) == (9.0, "Medborgardialoger", "analytiker")
    with db.read_session(store_url) as s:
        entry = s.execute(select(AuditEntry).where(col(AuditEntry.action) == "action.change")).scalars().one()
    assert entry.before is not None and entry.after is not None
    assert (entry.before["quantity"], entry.after["quantity"]) == (8.0, 9.0)
    assert not _edit(store_url, POLICE)  # the same again changes nothing


@pytest.mark.parametrize("by", [CITY, STEERING, VIEWER, None])
def test_no_one_else_changes_an_actors_plan(store_url: str, by: Principal | None) -> None:
    before = _action(store_url, "P1-1")
    with pytest.raises(PermissionDenied):
        _edit(store_url, by)  # type: ignore[arg-type]
    assert _action(store_url, "P1-1") == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "a\u202eb"}, "text"),
        ({"end": D(2022, 3, 1)}, "end"),
        ({"start": D(2020, 1, 1)}, "start"),
        ({"quantity": float("nan")}, "quantity"),
        ({"quantity": -2.0}, "quantity"),
        ({"quantity": 1e12}, "quantity"),
        ({"kronor": -1.0}, "kronor"),
        ({"per": "week"}, "per"),
    ],
)
def test_a_bad_change_names_the_field_and_stores_nothing(store_url: str, change: dict[str, object], field: str) -> None:
    before = _action(store_url, "P1-1")
    with pytest.raises(ValidationError) as refused:
        _edit(store_url, POLICE, **change)
    assert field in [e.field for e in refused.value.errors]
    assert _action(store_url, "P1-1") == before


def test_a_file_loaded_again_keeps_an_action_changed_in_the_app(store_url: str) -> None:
    _edit(store_url, POLICE)
    catalogue = cat.load(DATA_DIR / "pledges" / "sofielund-2022-2023.yaml")
    db.run_write(lambda s: cat.seed(s, catalogue), store_url)
    assert _action(store_url, "P1-1").quantity == 9.0
    assert _action(store_url, "P2-1").quantity == 60.0  # the others as the file says


# --- Planned against done from the store ---------------------------------------------------------------------------


def test_done_is_the_sum_of_the_parts_where_the_area_has_no_figure_of_its_own(store_url: str) -> None:
    """P1-1 plans 8 dialogues a quarter in Sofielund; the figures are for its three sub-areas, summed per quarter."""
    with db.read_session(store_url) as s:
        rows = {r.code: r for r in plan.actions(s, PLEDGE, D(2022, 9, 30))}
        parts = s.execute(
            select(col(PlannedAction.area_code)).where(col(PlannedAction.code) == "P1-1")
        ).scalar_one()  # fmt: skip
        from indicators.read import queries

        series = queries.series(s, ["I03"], ["11319", "11320", "11322"])
    assert parts == "SOFIELUND"
    expected = series[series["period"].isin(["2022-Q2", "2022-Q3"])]["value"].sum()
    row = rows["P1-1"]
    assert row.done == pytest.approx(expected)
    assert row.planned == pytest.approx(16.0)  # 8 a quarter, two quarters
    assert (row.periods_due, row.periods_reported) == (2, 2)


def test_the_public_plan_shows_only_the_actors_own_work_from_published_figures(store_url: str) -> None:
    with db.read_session(store_url) as s:
        public = plan.actions(s, PLEDGE, D(2023, 4, 30), public=True)
        internal = {r.code: r for r in plan.actions(s, PLEDGE, D(2023, 4, 30))}
    codes = {r.code for r in public}
    assert "A1-1" not in codes and "A2-1" not in codes  # young people reached: protected counts
    assert {"P1-1", "G1-1"} <= codes
    # whole quarters, never the newest one's first month (yearly measures: the newest whole year)
    assert {r.through for r in public} == {D(2023, 3, 31), D(2022, 12, 31)}
    assert internal["P1-1"].through == D(2023, 3, 31)


# --- CLI -----------------------------------------------------------------------------------------------------------


def test_the_plan_and_the_chain_on_the_command_line(store_url: str) -> None:
    done = cli("--db", store_url, "plan", "--json", "--pledge", PLEDGE, "--until", "2023-04-30")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert len(data["actions"]) == 26
    first = data["actions"][0]
    assert {"code", "planned", "done", "status", "demo", "through"} <= set(first)
    assert first["status"] in {s.value for s in PlanStatus}
    chained = cli("--db", store_url, "chain", "--json", "--pledge", PLEDGE, "--until", "2023-04-30")
    assert chained.returncode == 0, chained.stderr
    problems = json.loads(chained.stdout)["problems"]
    assert [p["problem"] for p in problems] == [f"L{i}" for i in range(1, 9)]
    assert {"commitments", "actions", "outputs", "effects", "work", "effect", "verdict"} <= set(problems[0])
    refused = cli("--db", store_url, "plan", "--pledge", "nope")
    assert refused.returncode != 0 and "unknown pledge" in refused.stderr
    bad_day = cli("--db", store_url, "chain", "--until", "2023-13-01")
    assert bad_day.returncode != 0 and "--until" in bad_day.stderr


# --- The Åtaganden page ---------------------------------------------------------------------------------------------


@pytest.fixture
def url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    return store_url


def _commitments_page(user: str, until: str = "2023-04-30"):  # type: ignore[no-untyped-def]
    from tests.support import app_test

    at = app_test(user)
    at.query_params["until"] = until
    return at.switch_page("pages/commitments.py").run()


def test_the_commitments_page_shows_the_plan_planned_against_done(url: str) -> None:
    at = _commitments_page("ordf")
    assert not at.exception
    markdown = "\n".join(m.value for m in at.markdown)
    assert "I åtgärdsplanen" in markdown
    assert "Efter plan" in markdown and "Enligt plan" in markdown  # symbol and word, never colour alone
    assert "(exempeldata)" in markdown  # made-up quantities say so
    actors = list(at.dataframe[0].value.iloc[:, 0])
    assert "Polisen, lokalpolisområde Norr (POL)" in actors and "Malmö stad (MS)" in actors  # FGK's also under MS
    assert not [a for a in actors if "nan" in a]
    assert not [f for f in at.get("form")]  # the steering group reads the plan, changes none of it


def test_an_editor_changes_an_action_on_the_commitments_page(url: str) -> None:
    at = _commitments_page("pol")
    assert not at.exception
    at.selectbox(key="plan_action").set_value("P1-1").run()
    form_inputs = [n for n in at.number_input if n.label == "Planerad mängd"]
    form_inputs[0].set_value(10.0)
    at.button[-1].click().run()
    assert not at.exception
    assert any("P1-1 är sparad" in s.value for s in at.success)
    assert _action(url, "P1-1").quantity == 10.0
    assert _action(url, "P1-1").edited_by == "pol"


def test_an_editor_sees_no_form_for_another_actors_actions(url: str) -> None:
    at = _commitments_page("fgk")
    codes = at.selectbox(key="plan_action").options
    assert codes and all(c.startswith(("F", "G2")) for c in codes)


def test_the_chain_page_draws_every_problem_with_where_it_stands(url: str) -> None:
    from tests.support import app_test

    at = app_test("lasare")
    at.query_params["until"] = "2023-04-30"
    at = at.switch_page("pages/chain.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 8 and table.iloc[0, 0].startswith("L1 ")
    verdicts = set(table.iloc[:, 1])
    assert verdicts <= {t("chain.verdict." + v, "sv") for v in ("working", "no_effect_yet", "effect_without_work",
                                                                   "behind", "unknown")}  # fmt: skip
    text = "\n".join(m.value for m in at.markdown)
    assert "Det här lovade vi" in text and "Så här har det gått (effekter)" in text


def test_the_public_pledge_page_tells_the_chain_without_the_steering_groups_verdict(url: str) -> None:
    from tests.support import app_test

    at = app_test()
    at.query_params["until"] = "2023-04-30"
    at = at.switch_page("pages/public_pledge.py").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "Det här var problemen. Det här lovade vi. Det här har vi gjort. Så här har det gått." in text
    assert "Var kedjan står" not in text
    assert "A1-1" not in text and "Tidigt stöd till unga" not in text  # protected counts stay out of the public plan


def test_the_overview_and_the_meeting_report_hold_the_plan(url: str, tmp_path: Path) -> None:
    from tests.support import app_test

    at = app_test("ordf")
    at.query_params["until"] = "2023-Q1"
    at.session_state["present"] = True
    at.session_state["present_section"] = "plan"
    at = at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert any(h.value == "Åtgärdsplanen: planerat mot gjort" for h in at.header)
    actions = at.table[1].value  # presentation mode: every row at once
    assert actions.iloc[0][t("col.status", "sv")].startswith("⚠")  # behind first
    out = tmp_path / "report.html"
    done = cli("--db", url, "report", str(out), "--pledge", PLEDGE, "--until", "2023-03-31")
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "Åtgärdsplanen: planerat mot gjort" in page and "Medborgardialoger med boende" in page
    assert "Öppna uppdrag från tidigare möten" in page  # the meeting's items, as the page's download has them


def test_the_public_done_page_shows_planned_against_done_of_the_actors_own_work(url: str) -> None:
    from tests.support import app_test

    at = app_test()
    at.query_params["until"] = "2023-Q1"
    at = at.switch_page("pages/public_done.py").run()
    assert not at.exception
    assert any(h.value == "Planerat mot gjort" for h in at.header)
    shown = next(tb.value for tb in at.table if tb.value.index.name == "Åtgärd")
    assert any("Medborgardialoger med boende och näringsidkare" in str(i) for i in shown.index)
    assert not any("Tidigt stöd till unga" in str(i) for i in shown.index)  # protected counts stay out


# --- From the attack on the plan (each failed before its fix) ------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"actions.0.quantity": 1e308}, "actions[0] (G1-1).quantity"),
        ({"actions.0.contact": "Anna, 070-123 45 67"}, "actions[0] (G1-1).contact: looks like a phone number"),
        ({"actions.0.contact": "anna(at)polisen.se"}, "actions[0] (G1-1).contact: looks like an e-mail address"),
        ({"problems.0.text": "Dold\u202etext"}, "problems[0] (L1).text"),
        ({"actions.1.text": ""}, "actions[1] (G2-1).text"),
    ],
)
def test_a_file_with_an_absurd_quantity_personal_data_or_hidden_characters_is_refused(
    tmp_path: Path, change: dict[str, object], named: str
) -> None:
    with pytest.raises(cat.CatalogueError) as refused:
        cat.load(_file_with(tmp_path, change))
    assert named in str(refused.value)


@pytest.mark.parametrize("contact", ["Anna 070 - 123 45 67", "850101–1234", "anna.s＠polisen.se", "0701234567"])
def test_an_editor_cannot_write_personal_data_into_an_action(store_url: str, contact: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _edit(store_url, POLICE, contact=contact)
    assert [e.field for e in refused.value.errors] == ["contact"]


def test_the_catalogue_still_owns_what_measures_an_action_changed_in_the_app(store_url: str, tmp_path: Path) -> None:
    """The app's edit keeps its quantity; the file may still move the action to another commitment or measure (it
    raised a foreign-key error, or was silently ignored, before)."""
    _edit(store_url, POLICE)
    path = _file_with(tmp_path, {"actions.4.commitment": "P2", "actions.4.indicator": "I02"})
    db.run_write(lambda s: cat.seed(s, cat.load(path)), store_url)
    row = _action(store_url, "P1-1")
    assert (row.quantity, row.indicator_code) == (9.0, "I02")
    with db.read_session(store_url) as s:
        assert s.get(Commitment, row.commitment_id).code == "P2"  # type: ignore[union-attr]


def test_the_public_plan_never_names_who_changed_it(store_url: str) -> None:
    _edit(store_url, POLICE)
    public = json.loads(cli("--db", store_url, "plan", "--json", "--public", "--until", "2023-04-30").stdout)
    assert all("edited_by" not in a for a in public["actions"])
    chained = json.loads(cli("--db", store_url, "chain", "--json", "--public", "--until", "2023-04-30").stdout)
    assert all("edited_by" not in a for p in chained["problems"] for a in p["actions"])
    internal = json.loads(cli("--db", store_url, "plan", "--json", "--until", "2023-04-30").stdout)
    assert {a["code"]: a["edited_by"] for a in internal["actions"]}["P1-1"] == "analytiker"


def test_an_impossible_amount_is_shown_as_a_dash_never_a_crash() -> None:
    from indicators.views import plan as views

    assert views.amount(float("inf"), "hours", "sv") == "–"
    assert views.amount(1e300, "count", "sv") != ""


def test_a_survey_with_no_certain_change_is_no_effect_in_the_chain() -> None:
    rows = [{"status": "no_certain_change"}, {"status": "no_certain_change"}, {"status": "on_track"}]
    assert plan._effect(rows) == "behind"
    assert plan._verdict(PlanStatus.BEHIND, "behind") == plan.ChainVerdict.BEHIND


def test_a_count_is_shown_whole_and_other_quantities_with_a_decimal_where_they_have_one() -> None:
    """Planned so far is the plan pro rata: a count of walks planned by now reads "35", never "34,6" (a walk); the
    plan's own quantity and what was done keep their decimal (half a visit a month is not "0")."""
    from indicators.views import plan as views

    assert views.planned_amount(34.6, "count", "sv") == views.planned_amount(34.2, None, "sv") == "35"
    assert views.planned_amount(35.000000001, "count", "sv") == "35"  # the days' arithmetic, not a 36th walk
    assert views.planned_amount(34.6, "hours", "sv").startswith("34,6")
    assert views.amount(0.5, "count", "sv") == "0,5" and views.amount(12.0, "hours", "sv").startswith("12 ")


@given(planned=st.floats(0, 10_000, allow_nan=False), done=st.integers(0, 10_001))
def test_whole_done_is_on_plan_exactly_when_it_reaches_the_planned_count_shown(planned: float, done: int) -> None:
    """What the table shows never contradicts the status: a whole count done reaches the plan (ratio ≥ 1) exactly
    when it reaches the planned number shown beside it."""
    from indicators.views import plan as views

    shown = int(views.planned_amount(planned, "count", "sv").replace("\u00a0", "").replace(" ", ""))
    assert (done >= shown) == (done >= planned - 1e-9)
