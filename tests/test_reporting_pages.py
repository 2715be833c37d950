"""The reporting, review and admin pages through AppTest: the guard on every page, and each form end to end."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from indicators.base.models import Activity, CommitmentStatus, Figure, Role
from indicators.read import queries
from indicators.render.tables import period_label
from indicators.rules.periods import sort_key
from indicators.rules.validation import FigureInput
from indicators.storage import db, store
from indicators.storage.store import SYSTEM, BulkFigure
from tests.support import app_test, run_with_edits, shown_in_browser, sign_in_as
from ui import registry

GUARDED = [p for p in registry.PAGES if p.guarded]
USERS = {"lasare": Role.VIEWER, "pol": Role.EDITOR, "ordf": Role.STEERING, "admin": Role.ADMIN}


@pytest.fixture
def url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    return store_url


def _page(page: str, user: str | None) -> AppTest:
    at = app_test()
    if user:
        sign_in_as(at, user)
    return at.switch_page(page).run()


def _one_figure_form(url: str, code: str) -> tuple[AppTest, str, str, dict[str, Any] | None]:
    """The police editor's one-figure form opened on indicator ``code``: the page, the period and area it opened on,
    and the figure stored there before anything is sent."""
    at = _page("pages/report.py", "pol")
    at.selectbox(key="rep_indicator").set_value(code).run()
    period, area = at.selectbox(key="rep_period_0").value, at.selectbox(key=f"rep_area_{code}").value
    with db.read_session(url) as s:
        return at, period, area, queries.current_figure(s, code, area, period)


def _approve_all(at: AppTest) -> AppTest:
    """ "Godkänn alla N som visas", the unusual values among them confirmed seen (when there are any)."""
    for box in at.checkbox:
        if box.key.startswith("rv_unusual_seen_"):
            box.check()
    return next(b for b in at.button if b.key == "rv_approve_all").click().run()


def _text(element: object) -> str:
    """An element's text as a user reads it (markdown escapes removed)."""
    return str(element.value).replace("\\", "")  # type: ignore[attr-defined]


def _no_form(at: AppTest) -> bool:
    return not at.get("form") and not at.text_input and not at.get("file_uploader") and not at.get("data_editor")


@pytest.mark.parametrize("role", [None, *Role])
@pytest.mark.parametrize("asked", ["", "logga-in", "no-such-page", *(p.url for p in registry.PAGES)])
def test_an_address_opened_directly_lists_only_the_roles_pages_and_that_one_guarded_page(
    role: Role | None, asked: str
) -> None:
    """The menu holds the pages a role may use; a guarded page opened by its address is listed too (its guard then
    answers in Swedish instead of Streamlit's English "Page not found"), and nothing else; a public-only server
    lists the public pages whatever is asked."""
    plain = registry.sections(role, False)
    shown = registry.sections(role, False, asked)
    urls = [p.url for pages in shown.values() for p in pages]
    usable = [p.url for pages in plain.values() for p in pages]
    extra = [u for u in urls if u not in usable]
    for page in registry.PAGES:
        if page.public or (page.roles is not None and role in page.roles) or (role is None and page.roles == set()):
            assert page.url in usable, page.url
    asked_page = next((p for p in registry.PAGES if p.url == asked and p.guarded), None)
    assert extra == ([asked] if asked_page is not None and asked not in usable else [])
    assert [u for u in urls if u in usable] == usable  # the role's own menu unchanged, in its order
    assert {p.url for pages in registry.sections(role, True, asked).values() for p in pages} == {
        p.url for p in registry.PAGES if p.public
    }


@pytest.mark.parametrize("page", [p.path for p in GUARDED])
def test_every_non_public_page_refuses_the_public(url: str, page: str) -> None:
    """Opened by its file around the router, a page still stops before drawing anything for the public."""
    at = _page(page, None)
    assert not at.exception
    assert any("bara för inloggade" in w.value for w in at.warning)
    assert _no_form(at) and not at.dataframe


@pytest.mark.parametrize(("page", "user"), [(p.path, user) for p in GUARDED for user, role in USERS.items()
                                           if p.roles and role not in p.roles])  # fmt: skip
def test_pages_refuse_the_wrong_role(url: str, page: str, user: str) -> None:
    at = _page(page, user)
    assert not at.exception
    assert any("får inte använda den här sidan" in e.value for e in at.error)
    assert _no_form(at)


def test_an_editor_reports_a_figure_through_the_form(url: str) -> None:
    at = _page("pages/report.py", "pol")
    assert not at.exception and at.title[0].value.startswith("Rapportera siffror: Polisen")
    at.selectbox(key="rep_indicator").set_value("I02").run()
    period = at.selectbox(key="rep_period_0").value
    area = at.selectbox(key="rep_area_I02").value
    with db.read_session(url) as s:  # the form opens on the oldest period still to do, not on a reported one
        due = queries.due_figures(s, "sofielund-2022", "POL", area, dt.date.today())
    todo = due[(due["indicator_code"] == "I02") & due["figure_id"].isna()].sort_values("due")
    assert period == todo["period"].iloc[0]
    at.text_input(key="rep_value_0").input("22")
    at.text_area(key="rep_note_0").input("Från RAR")
    next(b for b in at.button if b.label == "Skicka in").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Sparat: I02" in s.value for s in at.success)
    with db.read_session(url) as s:
        stored = queries.current_figure(s, "I02", area, period)
    assert stored["value"] == 22 and stored["entered_by"] == "pol" and stored["review_state"] == "submitted"
    assert stored["note"] == "Från RAR"
    # Saved, the form moves on to the next period still to do (the oldest first).
    moved = at.selectbox(key="rep_period_1").value
    assert moved != period and "Inskickad" not in at.selectbox(key="rep_period_1").format_func(moved)
    # The same figure sent again, as it is (its period typed): no new version, and the page says so.
    at.text_input(key="rep_other_period").input(period).run()
    at.text_input(key="rep_value_1").input("22")
    at.text_area(key="rep_note_1").input("Från RAR")
    next(b for b in at.button if b.label == "Skicka in").click().run()
    assert any("Oförändrat: I02" in s.value and f"version {stored['version']}" in s.value for s in at.success)
    with db.read_session(url) as s:
        assert queries.current_figure(s, "I02", area, period)["version"] == stored["version"]
    # Opened on that figure again, the form says what is reported there now, in words
    said = f"Rapporterat nu: 22 i version {stored['version']}, inlagt av pol, inskickad (preliminär)."
    assert said in _form_says(_page("pages/report.py", "pol"), "I02", area, period)
    # ... and a figure without a value by its status's name, not by its symbol in the sentence (".. (Publicerad)")
    withdrawn = db.run_write(lambda s: store.withdraw_figure(
        s, store.Principal("pol", Role.EDITOR, "POL"), "I02", area, period, "Fel"), url)  # fmt: skip
    said = f"Rapporterat nu: uppgift saknas (–) i version {withdrawn.version}, inlagt av pol, inskickad (preliminär)."
    assert said in _form_says(_page("pages/report.py", "pol"), "I02", area, period)


def test_a_figure_sent_through_the_form_leaves_an_untouched_grid_quiet(url: str) -> None:
    """The grid warns that its list changed only where something was typed in it: after one figure sent through the
    form, the untouched grid's tab said "Inget sparades; fyll i raderna igen" (a walk), though nothing was typed."""
    at = _page("pages/report.py", "pol")
    period = at.selectbox(key="rep_grid_period").value
    code, area = next((c, a) for c, a, p in [str(k).split("|") for k in _grid_rows(at)] if p == period)
    at.selectbox(key="rep_indicator").set_value(code).run()
    at.selectbox(key=f"rep_area_{code}").set_value(area).run()
    at.text_input(key="rep_other_period").input(period).run()
    at.text_input(key="rep_value_0").input("1")
    next(b for b in at.button if b.label == "Skicka in").click().run()
    for box in at.checkbox:  # "1" may be unusual there: confirmed, as the editor would
        if box.key.startswith("rep_confirm_"):
            box.check()
            next(b for b in at.button if b.label == "Skicka in").click().run()
    assert any("Sparat:" in x.value for x in at.success), [e.value for e in [*at.error, *at.warning]]
    assert f"{code}|{area}|{period}" not in _grid_rows(at)  # the grid's list did change: that row is done
    assert not any("Listan har ändrats" in w.value for w in at.warning), [w.value for w in at.warning]


@pytest.mark.parametrize(
    ("state", "typed"),
    [(None, False), ({}, False), ({"edited_rows": {}, "added_rows": [], "deleted_rows": []}, False),
     ({"edited_rows": {"1": {"value": "5"}}, "added_rows": [], "deleted_rows": []}, True),
     ({"edited_rows": {}, "added_rows": [{"value": "5"}], "deleted_rows": []}, True),
     ({"edited_rows": {}, "added_rows": [], "deleted_rows": [0]}, True), ("text", False)],
)  # fmt: skip
def test_only_a_data_editor_with_something_typed_counts_as_typed_in(state: object, typed: bool) -> None:
    from ui.common import typed_in

    assert typed_in(state) is typed


def _grid_rows(at: AppTest) -> list[str]:
    """The grid's rows as "indicator|area|period"."""
    grid = next(d for d in at.dataframe if "status" in d.value.columns)
    return [f"{i}|{a}|{p}" for i, a, p in zip(grid.value["indicator"], grid.value["area"], grid.value["period"],
                                              strict=True)]  # fmt: skip


def _form_says(at: AppTest, code: str, area: str, period: str) -> str:
    """What the one-figure form says is reported for ``code`` in ``area`` and ``period`` (typed)."""
    at.selectbox(key="rep_indicator").set_value(code).run()
    at.selectbox(key=f"rep_area_{code}").set_value(area).run()
    at.text_input(key="rep_other_period").input(period).run()
    return " ".join(i.value for i in at.info)


def test_a_bad_value_names_the_field_and_stores_nothing(url: str) -> None:
    at, period, area, before = _one_figure_form(url, "I02")
    at.text_input(key="rep_value_0").input("-3")
    next(b for b in at.button if b.label == "Skicka in").click().run()
    assert "värde: får inte vara mindre än 0" in _text(at.error[0])
    with db.read_session(url) as s:
        assert queries.current_figure(s, "I02", area, period) == before


def test_a_concurrent_correction_is_shown_and_the_typed_value_kept(url: str) -> None:
    at, period, area, _ = _one_figure_form(url, "I02")
    # Someone else saves the same figure after this form was opened.
    db.run_write(
        lambda s: store.insert_figures_bulk(
            s, by=SYSTEM, figures=[BulkFigure("I02", area, period, 30.0, source="POL")], as_catalogue=True
        ),
        url,
    )
    at.text_input(key="rep_value_0").input("31")
    next(b for b in at.button if b.label == "Skicka in").click().run()
    assert any("medan du skrev" in w.value for w in at.warning)
    assert at.text_input(key="rep_value_0").value == "31"  # nothing the user typed is lost
    with db.read_session(url) as s:
        assert queries.current_figure(s, "I02", area, period)["value"] == 30
    next(b for b in at.button if b.label == "Skicka in").click().run()  # having seen it, save on purpose
    with db.read_session(url) as s:
        assert queries.current_figure(s, "I02", area, period)["value"] == 31


def test_an_editor_records_an_activity(url: str) -> None:
    at = _page("pages/activities.py", "fgk")
    at.selectbox(key="act_type_0").set_value("cleaning")
    at.selectbox(key="act_area_0").set_value("11319")
    at.selectbox(key="act_commitment_0").set_value("F1")
    at.text_input(key="act_hours_0").input("2,5")
    at.text_input(key="act_participants_0").input("6")
    at.text_input(key="act_lon_0").input("13,0148")
    at.text_input(key="act_lat_0").input("55,5827")
    at.text_area(key="act_description_0").input("Städning <b>Sevedsplan</b>")
    next(b for b in at.button if b.label == "Spara aktivitet").click().run()
    assert not at.error, [e.value for e in at.error]
    with db.read_session(url) as s:
        row = s.exec(select(Activity).where(Activity.entered_by == "fgk")).one()
    assert (row.type, row.area_code, row.hours, row.participants) == ("cleaning", "11319", 2.5, 6)
    assert row.actor_code == "FGK" and row.description == "Städning <b>Sevedsplan</b>"  # stored as typed
    # A point outside the chosen area is refused by name.
    at.selectbox(key="act_area_1").set_value("11319")
    at.text_input(key="act_lon_1").input("13,1")
    at.text_input(key="act_lat_1").input("55,5827")
    next(b for b in at.button if b.label == "Spara aktivitet").click().run()
    assert "punkt: punkten ligger inte i området 11319" in _text(at.error[0])


def test_an_editor_reports_a_commitment_status(url: str) -> None:
    at = _page("pages/status.py", "bid")
    at.selectbox(key="st_commitment").set_value("B1")
    at.radio(key="st_state").set_value("at_risk")
    next(b for b in at.button if b.label == "Spara status").click().run()
    assert "kommentar: skriv vad som hotar" in _text(at.error[0])  # at risk needs a comment
    at.text_area(key="st_comment").input("Färre vandringar i höst")
    next(b for b in at.button if b.label == "Spara status").click().run()
    assert not at.error
    with db.read_session(url) as s:
        row = s.exec(select(CommitmentStatus).where(CommitmentStatus.reported_by == "bid")).one()
    assert row.status == "at_risk" and row.comment == "Färre vandringar i höst"


def test_the_steering_group_approves_and_publishes_on_the_review_page(url: str) -> None:
    at = _page("pages/review.py", "ordf")
    assert not at.exception
    with db.read_session(url) as s:
        waiting = len(queries.figures_in_review(s, ("submitted",)))
    assert waiting > 0 and at.subheader[0].value == f"Att granska ({waiting})"
    # The whole set shown, after seeing it: values far outside their history among them are confirmed seen first.
    next(b for b in at.button if b.key == "rv_approve_all").click().run()
    assert any("Inget godkändes" in w.value and "utanför sin historik" in w.value for w in at.warning)
    with db.read_session(url) as s:
        assert len(queries.figures_in_review(s, ("submitted",))) == waiting
    _approve_all(at)
    assert not at.error
    with db.read_session(url) as s:
        assert queries.figures_in_review(s, ("submitted",)).empty
        approved = len(queries.figures_in_review(s, ("approved",)))
    at.checkbox(key="rv_publish_sure").check().run()
    next(b for b in at.button if b.label.startswith("Publicera")).click().run()
    assert any(f"{approved} siffror publicerade" in x.value for x in at.success)


def test_a_period_published_by_another_member_meanwhile_never_turns_a_click_into_every_period(url: str) -> None:
    """A browser walk: two members on one period, ticked; the first publishes it; the second, whose screen still
    said "Publicera 56 godkända siffror", clicked and published 368: the period had left the list, the choice fell back
    to "Alla perioder" and the ticked box still held. The confirmation holds for what it was given for: nothing is
    published, and the page says why."""
    at = _page("pages/review.py", "ordf")
    _approve_all(at)
    with db.read_session(url) as s:
        approved = queries.figures_in_review(s, ("approved",))
    period = sorted(set(approved["period"]), key=sort_key)[-1]
    at.selectbox(key="rv_period").set_value(period).run()
    at.checkbox(key="rv_publish_sure").check().run()
    mine = next(b for b in at.button if b.key == "rv_publish")
    assert not mine.disabled and mine.label == f"Publicera {int((approved['period'] == period).sum())} godkända siffror"
    other = store.Principal("ordf2", Role.STEERING)
    assert db.run_write(lambda s: store.publish_figures(s, other, period), url) > 0  # the first member
    mine.click().run()
    assert not at.exception and not at.error
    assert any("urvalet ändrades innan du klickade" in w.value for w in at.warning)
    assert not any("publicerade" in x.value for x in at.success)
    with db.read_session(url) as s:
        left = queries.figures_in_review(s, ("approved",))
    assert len(left) == int((approved["period"] != period).sum()) > 0  # every other period still waits
    publish = next(b for b in at.button if b.key == "rv_publish")
    assert publish.disabled and not at.checkbox(key="rv_publish_sure").value  # confirmed anew before anything goes


def test_the_second_of_two_members_publishing_at_once_is_told_nothing_was_published(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two members press Publicera for the same approved figures at once: both pages read the same count, and the
    one whose write comes second was told "0 siffror publicerade." in green. It is told, as information, that
    someone else had just published them."""
    at = _page("pages/review.py", "ordf")
    _approve_all(at)
    at.checkbox(key="rv_publish_sure").check().run()
    other = store.Principal("ordf2", Role.STEERING)
    first: list[int] = []
    real = store.publish_figures

    def after_the_other(session: Any, by: Any, *args: Any, **kwargs: Any) -> int:
        first.append(db.run_write(lambda s: real(s, other, None), url))  # committed while this click was on its way
        return real(session, by, *args, **kwargs)

    monkeypatch.setattr(store, "publish_figures", after_the_other)
    next(b for b in at.button if b.label.startswith("Publicera")).click().run()
    assert first and first[0] > 0
    assert not at.exception and not at.error
    assert not any("publicerade" in x.value for x in at.success)
    assert any("någon annan hade just publicerat (eller rättat)" in x.value for x in at.info)


def test_a_return_comment_is_cleared_and_never_stored_on_the_next_approval(url: str) -> None:
    """Issue 20: after returning one figure with a comment the field kept it, and approving nine others next stored it
    on all nine. The browser is modelled: it keeps a typed text unless the run tells it to take the server's value."""
    at = _page("pages/review.py", "ordf")
    at.selectbox(key="rv_actor").set_value("POL").run()
    returned = int(at.dataframe[0].value["figure_id"][0])
    first = {0: {"choose": True}}
    run_with_edits(at, at.dataframe[0], first)
    why = "Stämmer inte med polisens egen statistik"
    at.text_input(key="rv_comment").input(why)
    next(b for b in at.button if b.key == "rv_return").click()
    run_with_edits(at, at.dataframe[0], first)
    assert not at.error, [e.value for e in at.error]
    shown = shown_in_browser(at.text_input(key="rv_comment"), why)
    at.text_input(key="rv_comment").input(shown)  # what the browser sends back with the next run
    nine = [int(i) for i in at.dataframe[0].value["figure_id"][:9]]
    ticked = {row: {"choose": True} for row in range(9)}
    run_with_edits(at, at.dataframe[0], ticked)
    approve = next(b for b in at.button if b.key == "rv_approve")
    assert approve.label == "Godkänn valda"
    approve.click()
    run_with_edits(at, at.dataframe[0], ticked)
    assert not at.error, [e.value for e in at.error]
    with db.read_session(url) as s:
        approved = queries.figures_in_review(s, ("approved",), "POL").set_index("figure_id")
        sent_back = queries.figures_in_review(s, ("returned",), "POL").set_index("figure_id")
    assert sorted(approved.index) == sorted(nine)
    assert list(approved["review_comment"]) == [""] * 9
    assert list(sent_back.index) == [returned] and sent_back.loc[returned, "review_comment"] == why
    assert shown == ""  # the field was emptied in the browser too


def test_the_import_preview_counts_rows_already_reported_and_stores_only_the_rest(url: str) -> None:
    """Issue 20: a file with rows already reported said "Alla 32 rader är i ordning" and stored them all again. The
    summary counts new, corrected and unchanged rows, and the button stores only the new and corrected ones."""
    from indicators.io import importer

    def versions() -> dict[str, int]:
        with db.read_session(url) as s:
            return dict(s.execute(text("SELECT period, MAX(version) FROM figure WHERE indicator_code = 'I02' "
                                       "AND area_code = '11319' GROUP BY period")).all())  # fmt: skip

    pol = store.Principal("pol", Role.EDITOR, "POL")
    reported = b"indicator;area;period;value\nI02;11319;2024-01;9\nI02;11319;2024-02;5\n"
    earlier = importer.check_in(url, importer.read_table(reported, "förra.csv"), pol)
    db.run_write(lambda s: importer.commit(s, pol, earlier.figures, "förra.csv"), url)
    before = versions()
    at = _page("pages/report.py", "pol")
    data = reported + b"I02;11319;2024-03;1\nI02;11319;2026-03;6\n"  # 2024-03 corrects a demo figure
    at.get("file_uploader")[0].upload("juni.csv", data, "text/csv").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    summary = next(x.value for x in at.success if "i ordning" in x.value)
    assert summary == "Alla 4 rader är i ordning. Nya: 1 · rättelser: 1 · oförändrade (sparas inte): 2."
    commit = at.button(key="rep_commit")
    assert commit.label == "Spara 2 siffror"
    # Issue 20: 1 hot-spot patrol where the series runs far higher is flagged in the preview, as in the form; the
    # button saves once the editor has confirmed the values.
    preview = next(d.value for d in at.dataframe if "Rimlighet" in d.value.columns).set_index("Rad")
    assert preview.loc[4, "Rimlighet"].startswith("⚠ Ovanligt") and preview.loc[2, "Rimlighet"] == ""
    assert any("långt utanför sin egen historik" in w.value for w in at.warning) and commit.disabled
    next(c for c in at.checkbox if c.key.startswith("rep_file_ok_")).check().run()
    commit = at.button(key="rep_commit")
    assert not commit.disabled
    commit.click().run()
    assert any("2 siffror sparade" in x.value for x in at.success)
    after = versions()
    assert {p: after[p] for p in before} == {**before, "2024-03": before["2024-03"] + 1}
    assert after["2026-03"] == 1
    again = _page("pages/report.py", "pol")
    again.get("file_uploader")[0].upload("juni.csv", data, "text/csv").run()
    assert any("Nya: 0 · rättelser: 0 · oförändrade (sparas inte): 4." in x.value for x in again.success)
    assert not [b for b in again.button if b.key == "rep_commit"]
    assert any("Inget att spara" in x.value for x in again.info)


def test_the_review_queue_names_a_category_by_its_label(url: str) -> None:
    """A submitted I23 figure (police classification, a category) is listed as "riskområde", not as its code 2."""
    figure = FigureInput("I23", "11319", "2024-03", 2.0, None, None, "POL")
    db.run_write(lambda s: store.submit_figure(s, by=store.Principal("pol", Role.EDITOR, "POL"), figure=figure), url)
    at = _page("pages/review.py", "ordf")
    at.selectbox(key="rv_actor").set_value("POL").run()
    queue = at.dataframe[0].value
    assert list(queue[queue["Kod"] == "I23"]["Värde"]) == ["riskområde"]


def test_the_admin_adds_a_user_on_the_users_page(url: str) -> None:
    at = _page("pages/users.py", "admin")
    at.text_input(key="us_name_0").input("ny.rapportor")
    at.selectbox(key="us_role_0").set_value("editor")
    at.selectbox(key="us_actor_0").set_value("MF")
    at.text_input(key="us_pw1_0").input("ett-långt-lösen")
    at.text_input(key="us_pw2_0").input("ett-långt-lösen")
    next(b for b in at.button if b.label == "Lägg till användare").click().run()
    assert not at.error, [e.value for e in at.error]
    from indicators.storage import auth

    assert auth.sign_in(url, "ny.rapportor", "ett-långt-lösen").actor_code == "MF"
    assert "ett-långt-lösen" not in str(at.get("dataframe")[0].value.to_dict())


def test_the_audit_trail_shows_who_changed_an_indicator(url: str) -> None:
    at = _page("pages/report.py", "pol")
    at.selectbox(key="rep_indicator").set_value("I02").run()
    at.text_input(key="rep_value_0").input("21")
    next(b for b in at.button if b.label == "Skicka in").click().run()
    trail = _page("pages/audit.py", "ordf")
    trail.selectbox(key="au_indicator").set_value("I02").run()
    table = trail.dataframe[0].value
    assert "pol" in set(table["Användare"]) and set(table["Händelse"]) & {"figure.submit", "figure.correct"}
    assert any(k.startswith("I02/") for k in table["Vad"])


def test_the_review_page_speaks_the_readers_language_and_lists_periods_newest_first(url: str) -> None:
    """In English the queue names indicators in English; the periods to publish come newest first, a year before its
    months (not in the order of their codes as text)."""
    at = app_test()
    at.query_params["lang"] = "en"
    sign_in_as(at, "ordf")
    at.switch_page("pages/review.py").run()
    assert not at.exception
    with db.read_session(url) as s:
        names = dict(s.execute(text("SELECT name_sv, name_en FROM indicator")).all())
    shown = set(at.dataframe[0].value["Indicator"])
    assert shown and shown <= set(names.values()) and not shown & (set(names) - set(names.values()))
    _approve_all(at)
    choices = [o for o in at.selectbox(key="rv_period").options if o != "All periods"]
    with db.read_session(url) as s:
        approved = {p for (p,) in s.execute(text("SELECT DISTINCT period FROM figure WHERE review_state = 'approved'"))}
    expected = sorted(approved, key=sort_key, reverse=True)
    assert len(expected) > 1 and choices == [period_label(p, "en") for p in expected]


def test_the_review_queue_is_worked_through_newest_first_with_history_and_a_set_approved_at_once(url: str) -> None:
    """Issue 20's reviewer: the queue is newest first; an absurd value (1,4 presence hours where the series runs
    about 170) carries the plausibility warning beside its previous period and the same period last year; narrowed
    to one actor and one period, "Godkänn alla som visas" approves exactly that set and nothing else."""
    pol = store.Principal("pol", Role.EDITOR, "POL")
    db.run_write(lambda s: store.submit_figure(s, by=pol, figure=FigureInput("I01", "11319", "2026-09", 1.4, None,
                                                                             None, "POL")), url)  # fmt: skip
    at = _page("pages/review.py", "ordf")
    assert not at.exception
    queue = at.dataframe[0].value
    entered = list(queue["figure_id"])
    with db.read_session(url) as s:
        waiting = queries.figures_in_review(s, ("submitted",))
    newest = waiting.sort_values(["entered_at", "figure_id"], ascending=False)
    assert entered[0] == int(newest["figure_id"].iloc[0])  # the figure just sent comes first
    first = queue.iloc[0]
    assert (first["Kod"], first["Område"], first["Värde"]) == ("I01", "Södra Sofielund", "1,4")
    assert first["Rimlighet"].startswith("⚠ Ovanligt") and first["Förra perioden"] != "–"
    with db.read_session(url) as s:
        before = queries.histories(s, [("I01", "11319")])[("I01", "11319")]
    last_year = dict(before).get("2025-09")
    assert first["Samma period i fjol"] == ("–" if last_year is None else f"{last_year:.1f}".replace(".", ","))
    assert any("långt utanför sin egen historik" in w.value for w in at.warning)

    period = str(waiting[waiting["actor_code"] == "BID"]["period"].iloc[0])
    at.selectbox(key="rv_actor").set_value("BID").run()
    at.selectbox(key="rv_by_period").set_value(period).run()
    shown = at.dataframe[0].value
    with db.read_session(url) as s:
        expected = queries.figures_in_review(s, ("submitted",), "BID", period)
    assert sorted(shown["figure_id"]) == sorted(expected["figure_id"]) and len(shown) > 0
    _approve_all(at)
    assert not at.error and not at.exception
    with db.read_session(url) as s:
        approved = set(queries.figures_in_review(s, ("approved",))["figure_id"])
        still = set(queries.figures_in_review(s, ("submitted",))["figure_id"])
    assert approved == set(expected["figure_id"])  # exactly the set on screen
    assert still == set(waiting["figure_id"]) - approved


def test_an_unusual_value_is_saved_only_once_the_editor_confirms_it(url: str) -> None:
    """Issue 20: 1,4 presence hours where the series runs about 170 is not refused but must be confirmed: the first
    send stores nothing and shows the usual range with a box to tick; ticked, the same value is saved."""
    at, period, area, before = _one_figure_form(url, "I01")
    at.text_input(key="rep_value_0").input("1,4")
    next(b for b in at.button if b.label == "Skicka in").click().run()
    assert not at.exception
    assert any("Ovanligt" in w.value and "brukar ligga mellan" in w.value for w in at.warning)
    with db.read_session(url) as s:
        assert queries.current_figure(s, "I01", area, period) == before  # nothing stored yet
    next(c for c in at.checkbox if c.key.startswith("rep_confirm_0_")).check()
    next(b for b in at.button if b.label == "Skicka in").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with db.read_session(url) as s:
        assert queries.current_figure(s, "I01", area, period)["value"] == 1.4


def test_a_confirmation_holds_for_the_value_confirmed_only(url: str) -> None:
    """Attack on issue 20: ticking "Värdet stämmer" for 1,4 and then typing 250000 stored 250000 unconfirmed. The
    warning names the value typed, and a changed value is asked about afresh (the box is empty again)."""
    at, period, area, before = _one_figure_form(url, "I01")
    at.text_input(key="rep_value_0").input("1,4")
    next(b for b in at.button if b.label == "Skicka in").click().run()
    assert any("Du skrev 1,4." in w.value for w in at.warning)
    next(c for c in at.checkbox if c.key.startswith("rep_confirm_0_")).check()
    at.text_input(key="rep_value_0").input("250000")
    next(b for b in at.button if b.label == "Skicka in").click().run()
    assert not at.exception
    assert any("Du skrev 250000." in w.value for w in at.warning)
    assert [c.value for c in at.checkbox if c.key.startswith("rep_confirm_0_")] == [False]
    with db.read_session(url) as s:
        assert queries.current_figure(s, "I01", area, period) == before  # nothing stored unconfirmed


def test_a_files_confirmation_does_not_carry_over_to_another_file(url: str) -> None:
    """Attack on issue 20: with the box ticked for one file's unusual value, a second file (the same name, another
    unusual value) could be saved with one click. Each file's warnings are confirmed on their own."""
    at = _page("pages/report.py", "pol")
    at.get("file_uploader")[0].upload("jan.csv", b"indicator;area;period;value\nI02;11319;2026-01;1000\n", "text/csv")
    at.run()
    assert at.button(key="rep_commit").disabled
    next(c for c in at.checkbox if c.key.startswith("rep_file_ok_")).check().run()
    assert not at.button(key="rep_commit").disabled
    at.get("file_uploader")[0].upload("jan.csv", b"indicator;area;period;value\nI02;11319;2026-01;99999\n", "text/csv")
    at.run()
    assert not at.exception and at.button(key="rep_commit").disabled
    assert [c.value for c in at.checkbox if c.key.startswith("rep_file_ok_")] == [False]


def test_approve_all_shown_approves_the_versions_seen_and_nothing_sent_since(url: str) -> None:
    """Attack on issue 20: with the police's figures of a period on screen, a correction sent meanwhile (a new version
    never seen) was approved by "Godkänn alla N som visas" under an unchanged count. Now nothing is approved and the
    list is shown anew; approved again, it is the set now seen."""
    at = _page("pages/review.py", "ordf")
    at.selectbox(key="rv_actor").set_value("POL").run()
    period = str(at.selectbox(key="rv_by_period").options[1])
    at.selectbox(key="rv_by_period").set_value(period).run()
    seen = [int(i) for i in at.dataframe[0].value["figure_id"]]
    with db.read_session(url) as s:
        first = s.get(Figure, seen[0])
        assert first is not None
        key = (first.indicator_code, first.area_code, first.period)
    pol = store.Principal("pol", Role.EDITOR, "POL")
    newer = FigureInput(*key, (first.value or 0) + 1, None, None, "POL")
    db.run_write(lambda s: store.submit_figure(s, by=pol, figure=newer), url)
    next(b for b in at.button if b.key == "rv_approve_all").click().run()
    assert not at.exception and any("Listan har ändrats sedan du såg den" in w.value for w in at.warning)
    with db.read_session(url) as s:
        assert not set(queries.figures_in_review(s, ("approved",), "POL")["figure_id"]) & set(seen)
    now = [int(i) for i in at.dataframe[0].value["figure_id"]]
    assert seen[0] not in now and len(now) == len(seen)  # the correction in place of the version it replaced
    _approve_all(at)
    assert not at.exception and not at.error, [e.value for e in at.error]
    with db.read_session(url) as s:
        assert set(queries.figures_in_review(s, ("approved",), "POL")["figure_id"]) == set(now)
