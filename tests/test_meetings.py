"""Saved meetings in the domain package, on SQLite and PostgreSQL: who may save, what is frozen, what changed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlmodel import select

from indicators.base.models import AuditEntry, Meeting, Role
from indicators.read import overview, queries
from indicators.rules.validation import FigureInput, ValidationError
from indicators.storage import db, store
from indicators.storage.store import SYSTEM, BulkFigure, PermissionDenied, Principal

STEERING = Principal("ordf", Role.STEERING)
UNTIL = dt.date(2023, 6, 30)


def _save(url: str, by: Principal | None, title: str = "Styrgrupp") -> int:
    return db.run_write(
        lambda s: store.save_meeting(s, by, "sofielund-2022", title, dt.date(2023, 7, 3), "11319", UNTIL),  # type: ignore[arg-type]
        url,
    )


@pytest.mark.parametrize(
    "by",
    [None, Principal("pol", Role.EDITOR, "POL"), Principal("läs", Role.VIEWER), Principal("adm", Role.ADMIN)],
    ids=["public", "editor", "viewer", "admin"],
)
def test_only_the_steering_group_saves_meetings(store_url: str, by: Principal | None) -> None:
    with pytest.raises(PermissionDenied):
        _save(store_url, by)
    with db.read_session(store_url) as s:
        assert queries.meetings(s, "sofielund-2022").empty


@pytest.mark.parametrize(("title", "rule"), [("  ", "måste fyllas i"), ("x" * 201, "högst 200 tecken")])
def test_a_meeting_needs_a_title(store_url: str, title: str, rule: str) -> None:
    with pytest.raises(ValidationError) as err:
        _save(store_url, STEERING, title)
    assert "Titel" in str(err.value) and rule in str(err.value)
    with db.read_session(store_url) as s:
        assert queries.meetings(s, "sofielund-2022").empty


def _seen(url: str, meeting_id: int | None) -> set[tuple[str, str, str, int]]:
    """Every (indicator, area, period, figure version id) a view reads: today's, or what a saved meeting saw."""
    with db.read_session(url) as s:
        cf = queries._figure_source(meeting_id).c
        return {tuple(r) for r in s.execute(select(cf.indicator_code, cf.area_code, cf.period, cf.figure_id)).all()}


def test_a_saved_meeting_keeps_its_figures_and_lists_what_changed(store_url: str) -> None:
    current = _seen(store_url, None)
    meeting_id = _save(store_url, STEERING)
    with db.read_session(store_url) as s:
        then = queries.latest_values(s, "sofielund-2022", "11319", UNTIL, meeting_id).set_index("code")
        saved = queries.meetings(s, "sofielund-2022").iloc[0]
        audited = s.exec(select(AuditEntry).where(AuditEntry.action == "meeting.save")).all()
    assert saved["title"] == "Styrgrupp" and saved["saved_by"] == "ordf"
    assert [a.username for a in audited] == ["ordf"]
    assert _seen(store_url, meeting_id) == current  # exactly the versions current when it was saved

    # After the meeting: a correction of one figure and a brand-new figure for a later period.
    fresh = [
        BulkFigure("I01", "11319", "2023-06", 999.0, source="test"),
        BulkFigure("I01", "11319", "2026-01", 5.0, source="test"),
    ]
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, figures=fresh, as_catalogue=True), store_url)
    with db.read_session(store_url) as s:
        again = queries.latest_values(s, "sofielund-2022", "11319", UNTIL, meeting_id).set_index("code")
        today = queries.latest_values(s, "sofielund-2022", "11319", UNTIL).set_index("code")
        changes = queries.meeting_changes(s, meeting_id)
        view = overview.build(s, "sofielund-2022", "MALMO", dt.date(2025, 1, 1), dt.date(2026, 1, 1), None, meeting_id)
    assert again.loc["I01", "value"] == then.loc["I01", "value"] != 999.0
    assert today.loc["I01", "value"] == 999.0
    assert len(changes) == 2
    corrected = changes[changes["period"] == "2023-06"].iloc[0]
    assert corrected["value_then"] == then.loc["I01", "value"] and corrected["value_now"] == 999.0
    new = changes[changes["period"] == "2026-01"].iloc[0]
    assert new["value_then"] is None or new["value_then"] != new["value_then"]  # None or NaN: nothing then
    # Reopened, the meeting's own area and period replace the filters given.
    assert view is not None and view.area_code == "11319" and view.until == UNTIL and len(view.meeting_changes) == 2
    # Whatever is stored after it, the meeting still sees exactly what it saw.
    assert _seen(store_url, meeting_id) == current != _seen(store_url, None)


def test_a_meeting_saved_before_the_point_in_time_upgrade_sees_the_same_figures(store_url: str) -> None:
    """Migration 0013: a meeting stored as one pointer per figure (downgraded to 0012 to make one) is, after the
    upgrade, the point in time of its newest pointer, and sees exactly the versions it pointed at, however many
    corrections and new figures came after it."""
    from alembic import command
    from alembic.config import Config

    from indicators.base.config import ROOT

    meeting_id = _save(store_url, STEERING)
    seen = _seen(store_url, meeting_id)
    later = [BulkFigure("I01", "11319", "2023-06", 999.0, source="test"),
             BulkFigure("K06", "MALMO", "2026", 3.0, source="test")]  # fmt: skip
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, figures=later, as_catalogue=True), store_url)
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["url"] = store_url
    command.downgrade(cfg, "0012")  # the pointers, one per figure the meeting saw
    db.dispose_all()
    with db.read_session(store_url) as s:
        pointers = {r[0] for r in s.execute(text("SELECT figure_id FROM meeting_figure WHERE meeting_id = :m"),
                                            {"m": meeting_id})}  # fmt: skip
    assert pointers == {r[3] for r in seen}
    db.migrate(store_url)
    assert _seen(store_url, meeting_id) == seen


def test_the_overview_says_what_moved_since_the_last_meeting(store_url: str) -> None:
    """Issue 20: after a meeting, the police report P1 at risk and a new figure moves an indicator's status; today's
    overview compares with that meeting: P1's status then and now, every indicator whose status differs between the
    meeting's figures and today's, and the new figure with its indicator's and area's names."""
    from indicators.rules import status

    today = dt.date(2026, 11, 25)
    meeting_id = _save(store_url, STEERING)
    pol = Principal("pol", Role.EDITOR, "POL")
    report = {"commitment": "P1", "period": "2026-Q3", "status": "at_risk", "comment": "Vakanser i gruppen."}
    db.run_write(lambda s: store.report_status(s, pol, report, today=today), store_url)
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure("I01", "11319", "2026-09", 1.0, source="test")]), store_url)  # fmt: skip
    until = dt.date(2026, 9, 30)
    with db.read_session(store_url) as s:
        view = overview.build(s, "sofielund-2022", "11319", until, today)
        then = status.assess_latest(queries.latest_values(s, "sofielund-2022", "11319", until, meeting_id))
        now = status.assess_latest(queries.latest_values(s, "sofielund-2022", "11319", until))
    assert view is not None and view.compared_to is not None and view.compared_to["id"] == meeting_id
    moved = dict(zip(then["code"], then["status"], strict=True))
    expected = {c for c, st_ in zip(now["code"], now["status"], strict=True) if moved[c] != st_}
    assert set(view.status_moves["code"]) == expected and "I01" in expected
    p1 = view.commitment_moves[view.commitment_moves["code"] == "P1"].iloc[0]
    assert p1["now"] == "at_risk" and p1["then"] != "at_risk"
    new = view.meeting_changes[view.meeting_changes["period"] == "2026-09"].iloc[0]
    assert new["area_name"] == "Södra Sofielund" and new["name_sv"].startswith("Polisens närvarotimmar")


def test_a_reopened_meeting_counts_its_reporting_rate_as_it_was(store_url: str) -> None:
    """Attack: the reopened meeting's "Rapporteringsgrad" counted a figure reported after it. With the meeting, the
    rate is what it saw; today's counts the new figure."""
    today = dt.date.today()
    meeting_id = _save(store_url, STEERING)
    with db.read_session(store_url) as s:
        state = queries.reporting_state(s, "sofielund-2022", today)
        then = queries.completeness(s, "sofielund-2022", today, meeting_id)
    late = state[state["state"] == "overdue"].iloc[0]
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure(late["code"], late["area_code"], late["period"], 1.0, source="test")]), store_url)  # fmt: skip
    with db.read_session(store_url) as s:
        again = queries.completeness(s, "sofielund-2022", today, meeting_id)
        now = queries.completeness(s, "sofielund-2022", today)
    assert again["reported"].sum() == then["reported"].sum()
    assert now["reported"].sum() == then["reported"].sum() + 1


def test_a_returned_figure_sent_again_unchanged_has_not_moved_since_the_meeting(store_url: str) -> None:
    """Attack on issue 20: a figure returned after the meeting and sent again as it was (a new version, the same
    value) was listed as "Rättad 23 → 23" and counted as a correction. It has not moved; a real correction has."""
    pol = Principal("pol", Role.EDITOR, "POL")
    sent = {p: FigureInput("I02", "11319", p, 20.0, None, None, "POL") for p in ("2026-01", "2026-02")}
    ids = {p: db.run_write(lambda s, f=f: store.submit_figure(s, by=pol, figure=f).id, store_url)
           for p, f in sent.items()}  # fmt: skip
    meeting_id = _save(store_url, STEERING)
    db.run_write(lambda s: store.return_figures(s, STEERING, [ids["2026-01"]], "Stämmer det?"), store_url)
    db.run_write(lambda s: store.submit_figure(s, by=pol, figure=sent["2026-01"]), store_url)  # the same again
    corrected = FigureInput("I02", "11319", "2026-02", 21.0, None, None, "POL")
    db.run_write(lambda s: store.submit_figure(s, by=pol, figure=corrected), store_url)
    with db.read_session(store_url) as s:
        versions = dict(s.execute(text("SELECT period, MAX(version) FROM figure WHERE indicator_code = 'I02' AND "
                                       "area_code = '11319' AND period IN ('2026-01', '2026-02') "
                                       "GROUP BY period")).all())  # fmt: skip
        moved = queries.meeting_changes(s, meeting_id)
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        since = queries.changed_since(s, "sofielund-2022", meeting.saved_at)
    assert versions["2026-01"] >= 2  # sent again: a new version, with the value it had
    mine = moved[(moved["indicator_code"] == "I02") & (moved["area_code"] == "11319")]
    assert list(mine["period"]) == ["2026-02"] and list(mine["value_then"]) == [20.0]
    listed = since[(since["indicator_code"] == "I02") & (since["area_code"] == "11319")] if len(since) else since
    assert list(listed["period"]) == ["2026-02"]


def test_a_meeting_keeps_what_it_decided_and_the_next_one_follows_it_up(store_url: str) -> None:
    """Issue 20's fourth question, what the meeting decided: saved with the meeting (audited), shown when it is
    reopened, under "Sedan förra mötet" at the next one, and in the printed report; too long a text is refused."""
    from indicators.views import report

    decided = "Polisen bemannar P1 igen till 2026-01-31\nFGK kallar till trygghetsvandring i mars"
    held = dt.date(2023, 7, 3)
    meeting_id = db.run_write(lambda s: store.save_meeting(s, STEERING, "sofielund-2022", "Styrgrupp", held, "11319",
                                                           UNTIL, decided + "\n"), store_url)  # fmt: skip
    with db.read_session(store_url) as s:
        saved = queries.meeting(s, meeting_id)
        trail = s.execute(select(AuditEntry).where(AuditEntry.action == "meeting.save")).scalars().all()
        today = overview.build(s, "sofielund-2022", "11319", UNTIL, dt.date(2023, 7, 10))
        reopened = overview.build(s, "sofielund-2022", "11319", UNTIL, dt.date(2023, 7, 10), meeting_id=meeting_id)
    assert saved is not None and saved["decisions"] == decided
    assert [e.after["decisions"] for e in trail] == [decided]  # type: ignore[index]
    assert today is not None and today.compared_to is not None and today.compared_to["decisions"] == decided
    assert reopened is not None
    printed = report.overview_html(reopened, "Södra Sofielund")
    assert "Beslutat vid mötet Styrgrupp" in printed and "<li>FGK kallar till trygghetsvandring i mars</li>" in printed
    with pytest.raises(ValidationError) as refused:
        db.run_write(lambda s: store.save_meeting(s, STEERING, "sofielund-2022", "Styrgrupp", dt.date(2023, 7, 3),
                                                  "11319", UNTIL, "x" * 4001), store_url)  # fmt: skip
    assert refused.value.errors[0].field == "decisions"


def test_a_returned_figure_is_marked_not_final_on_the_overview(store_url: str) -> None:
    """Attack on issue 20: a figure the steering group returned showed on the overview as if final (no `*`), with
    a status computed from it. Returned, it is marked preliminary as a submitted one is."""
    from indicators.render import tables

    pol = Principal("pol", Role.EDITOR, "POL")
    sent = FigureInput("I02", "11319", "2023-06", 30.0, None, None, "POL")
    figure_id = db.run_write(lambda s: store.submit_figure(s, by=pol, figure=sent).id, store_url)
    db.run_write(lambda s: store.return_figures(s, STEERING, [figure_id], "Stämmer det?"), store_url)
    with db.read_session(store_url) as s:
        view = overview.build(s, "sofielund-2022", "11319", UNTIL, dt.date(2023, 7, 10))
    assert view is not None
    shown = tables.latest_table(view.assessed, "sv").set_index("Kod")
    assert shown.loc["I02", "Värde"].endswith(" *")
