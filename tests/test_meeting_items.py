"""Issue 21: a meeting's action items (what, who, by when), followed up at every later meeting until done, on SQLite
and PostgreSQL, through the domain package; the chair's form through AppTest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import select

from indicators.base.models import AuditEntry, MeetingItem, Role
from indicators.read import meetings as minutes
from indicators.read import overview
from indicators.read.meetings import ItemStatus
from indicators.rules.validation import ValidationError
from indicators.storage import db, store
from indicators.storage.store import ItemMark, NewItem, PermissionDenied, Principal
from tests.support import app_test, examples, run_with_edits

PLEDGE = "sofielund-2022"
CHAIR = Principal("ordf", Role.STEERING)
UNTIL = dt.date(2023, 6, 30)
MAY, JUNE, AUGUST = dt.date(2023, 5, 2), dt.date(2023, 6, 5), dt.date(2023, 8, 21)
OTHERS = [None, Principal("pol", Role.EDITOR, "POL"), Principal("läs", Role.VIEWER), Principal("adm", Role.ADMIN)]
OTHER_IDS = ["public", "editor", "viewer", "admin"]


def _meeting(url: str, held_on: dt.date, *items: NewItem, by: Principal | None = CHAIR, title: str = "") -> int:
    return db.run_write(lambda s: store.save_meeting(s, by, PLEDGE, title or f"Styrgrupp {held_on}", held_on,  # type: ignore[arg-type]
                                                     "11319", UNTIL, "", items), url)  # fmt: skip


def _items(url: str) -> list[MeetingItem]:
    with db.read_session(url) as s:
        return list(s.exec(select(MeetingItem).order_by(MeetingItem.id)).all())  # type: ignore[arg-type]


def _agenda(url: str, meeting_id: int | None, today: dt.date = AUGUST) -> minutes.Agenda:
    with db.read_session(url) as s:
        return minutes.agenda(s, PLEDGE, meeting_id, today)


def _listed(agenda: minutes.Agenda) -> list[tuple[str, ItemStatus]]:
    return [(i.text, i.status) for i in agenda.open]


def _done(url: str, item_id: int, meeting_id: int, on: dt.date, note: str = "", by: Any = CHAIR) -> None:
    db.run_write(lambda s: store.mark_item_done(s, by, item_id, meeting_id, on, note), url)


def test_a_meeting_saves_its_action_items_with_it_and_audits_them(store_url: str) -> None:
    """What, who and by when are stored with the meeting, in one write, trimmed; the meeting's audit entry lists
    them; the meeting's own view lists them as its new items."""
    may = _meeting(store_url, MAY, NewItem(" Bemanna P1 igen ", "POL", dt.date(2023, 6, 1)),
                   NewItem("Kalla till trygghetsvandring", "FGK"))  # fmt: skip
    stored = _items(store_url)
    assert [(i.meeting_id, i.text, i.owner, i.due, i.created_by) for i in stored] == [
        (may, "Bemanna P1 igen", "POL", dt.date(2023, 6, 1), "ordf"),
        (may, "Kalla till trygghetsvandring", "FGK", None, "ordf"),
    ]
    with db.read_session(store_url) as s:
        trail = s.exec(select(AuditEntry).where(AuditEntry.action == "meeting.save")).one()
    assert trail.after is not None
    assert [(i["text"], i["owner"], i["due"]) for i in trail.after["items"]] == [
        ("Bemanna P1 igen", "POL", "2023-06-01"), ("Kalla till trygghetsvandring", "FGK", None)]  # fmt: skip
    agenda = _agenda(store_url, may)
    assert [i.text for i in agenda.new] == ["Bemanna P1 igen", "Kalla till trygghetsvandring"]
    assert agenda.open == [] and agenda.can_close


@pytest.mark.parametrize(
    ("item", "field", "rule"),
    [
        (NewItem("  ", "POL"), "item_text", "Uppdrag 2, Vad: måste fyllas i"),
        (NewItem("x" * 1001, "POL"), "item_text", "Uppdrag 2, Vad: högst 1000 tecken"),
        (NewItem("Ring", ""), "item_owner", "Uppdrag 2, Vem: måste fyllas i"),
        (NewItem("Ring", "P" * 201), "item_owner", "Uppdrag 2, Vem: högst 200 tecken"),
        (NewItem("Ring \u202epolisen", "POL"), "item_text", "osynligt styrtecken (U+202E)"),
        (NewItem("Ring", "POL\u200b"), "item_owner", "osynligt styrtecken (U+200B)"),
        (NewItem("Ring", "POL", dt.date(1999, 12, 31)), "item_due", "Senast: ska vara ett datum från 2000-01-01"),
        (NewItem("Ring", "POL", dt.date(2028, 5, 3)), "item_due", "till 2028-05-02 (högst fem år efter mötet)"),
    ],
    ids=["no-what", "long-what", "no-who", "long-who", "hidden-what", "hidden-who", "due-1999", "due-6-years"],
)
def test_a_broken_item_refuses_the_whole_meeting(store_url: str, item: NewItem, field: str, rule: str) -> None:
    """One broken rule in one item: nothing is stored, neither the meeting nor any item, and the rule is named by
    the item's row and field in plain Swedish (and in English for an English reader)."""
    good = NewItem("Bemanna P1 igen", "POL", dt.date(2028, 5, 2))  # five years after the meeting: the last day
    with pytest.raises(ValidationError) as refused:
        _meeting(store_url, MAY, good, item)
    assert [e.field for e in refused.value.errors] == [field]
    assert rule in str(refused.value)
    assert "Item 2" in refused.value.text("en")
    assert _items(store_url) == []
    with db.read_session(store_url) as s:
        assert s.execute(text("SELECT COUNT(*) FROM meeting")).scalar() == 0


@pytest.mark.parametrize("by", OTHERS, ids=OTHER_IDS)
def test_only_the_steering_group_gives_and_closes_items(store_url: str, by: Principal | None) -> None:
    """Editors, viewers, admins and the signed-out may neither save a meeting with items, nor mark one done, nor
    reopen one: refused by the domain, whatever a page shows, and nothing changes."""
    may = _meeting(store_url, MAY, NewItem("Bemanna P1 igen", "POL"))
    june = _meeting(store_url, JUNE, NewItem("Kalla till vandring", "FGK"))
    item = _items(store_url)[0]
    assert item.id is not None
    _done(store_url, item.id, june, JUNE)
    before = [i.model_dump() for i in _items(store_url)]
    with pytest.raises(PermissionDenied):
        _meeting(store_url, AUGUST, NewItem("Ny", "POL"), by=by)
    with pytest.raises(PermissionDenied):
        db.run_write(lambda s: store.reopen_item(s, by, item.id, june), store_url)  # type: ignore[arg-type]
    second = _items(store_url)[1]
    assert second.id is not None and may
    with pytest.raises(PermissionDenied):
        db.run_write(lambda s: store.mark_items(s, by, june, [ItemMark(item.id, False)]), store_url)  # type: ignore[arg-type]
    assert [i.model_dump() for i in _items(store_url)] == before
    with db.read_session(store_url) as s:
        assert s.execute(text("SELECT COUNT(*) FROM meeting")).scalar() == 2
        actions = [a.action for a in s.exec(select(AuditEntry).where(AuditEntry.entity == "meeting_item")).all()]
    assert actions == ["meeting_item.done"]


def test_the_next_meeting_opens_with_the_open_items_overdue_first_until_done(store_url: str) -> None:
    """May gives three items. June opens with them: the one due before June overdue first, then the open ones; one
    is marked done at June (shown done there, with its day) and leaves the list from August on; August still lists
    the other two, the one whose day has since passed now overdue."""
    may = _meeting(store_url, MAY, NewItem("Rapportera P1", "POL", dt.date(2023, 6, 30)),
                   NewItem("Tömma korgarna", "FGK", dt.date(2023, 5, 31)),
                   NewItem("Bjuda in BID", "Ordföranden"))  # fmt: skip
    june = _meeting(store_url, JUNE, NewItem("Nytt i juni", "MS", dt.date(2023, 9, 1)))
    assert _listed(_agenda(store_url, june)) == [("Tömma korgarna", ItemStatus.OVERDUE),
                                                 ("Rapportera P1", ItemStatus.OPEN),
                                                 ("Bjuda in BID", ItemStatus.OPEN)]  # fmt: skip
    carried = {i.text: i for i in _agenda(store_url, june).open}
    assert carried["Rapportera P1"].meeting_id == may and carried["Rapportera P1"].owner == "POL"
    done = db.run_write(lambda s: store.mark_items(s, CHAIR, june, [
        ItemMark(carried["Tömma korgarna"].id, True, dt.date(2023, 6, 2), "Tömda varje vecka"),
        ItemMark(carried["Rapportera P1"].id, False, None), ItemMark(carried["Bjuda in BID"].id, False, None)]),
        store_url)  # fmt: skip
    assert done == (1, 0)
    at_june = _agenda(store_url, june)
    assert _listed(at_june) == [("Rapportera P1", ItemStatus.OPEN), ("Bjuda in BID", ItemStatus.OPEN),
                                ("Tömma korgarna", ItemStatus.DONE)]  # fmt: skip
    assert at_june.open[-1].done_on == dt.date(2023, 6, 2) and at_june.open[-1].done_note == "Tömda varje vecka"
    august = _meeting(store_url, AUGUST)
    assert _listed(_agenda(store_url, august)) == [("Rapportera P1", ItemStatus.OVERDUE),
                                                   ("Nytt i juni", ItemStatus.OPEN),  # by its day; none last
                                                   ("Bjuda in BID", ItemStatus.OPEN)]  # fmt: skip
    # Today's overview (no meeting): everything not done, with its status today.
    assert {i.text for i in _agenda(store_url, None, dt.date(2023, 9, 2)).open} == {
        "Rapportera P1", "Bjuda in BID", "Nytt i juni"}  # fmt: skip
    with db.read_session(store_url) as s:
        trail = s.exec(select(AuditEntry).where(AuditEntry.action == "meeting_item.done")).one()
    assert trail.before == {"done_on": None, "done_note": "", "done_meeting_id": None}
    assert trail.after == {"done_on": "2023-06-02", "done_note": "Tömda varje vecka", "done_meeting_id": june}


def test_an_old_meeting_reopened_shows_what_it_saw(store_url: str) -> None:
    """June is reopened after August marked its item done: June still lists it open, as it was; a meeting saved
    later with an earlier day gives its items to the meetings saved after it, never to June."""
    _meeting(store_url, MAY, NewItem("Rapportera P1", "POL"))
    june = _meeting(store_url, JUNE)
    seen = _agenda(store_url, june)
    august = _meeting(store_url, AUGUST)
    item = _items(store_url)[0]
    assert item.id is not None
    _done(store_url, item.id, august, dt.date(2023, 8, 1))
    _meeting(store_url, dt.date(2023, 5, 20), NewItem("Glömt i maj", "MS"), title="Extramöte")  # saved afterwards
    again = _agenda(store_url, june)
    assert (again.open, again.new) == (seen.open, seen.new) and _listed(seen) == [("Rapportera P1", ItemStatus.OPEN)]
    assert seen.can_close and not again.can_close  # June is no longer the newest meeting
    assert _listed(_agenda(store_url, august)) == [("Rapportera P1", ItemStatus.DONE)]
    assert _listed(_agenda(store_url, _meeting(store_url, dt.date(2023, 9, 4)))) == [("Glömt i maj", ItemStatus.OPEN)]


def test_items_are_marked_done_at_the_newest_meeting_and_reopened_there(store_url: str) -> None:
    """Marking done needs the newest meeting (later ones have seen the item open), a meeting after the one that gave
    it, a day between the two, and an item not already done; reopening takes back a done marked at that meeting.
    Each refusal names the item and changes nothing."""
    may = _meeting(store_url, MAY, NewItem("Rapportera P1", "POL"))
    june = _meeting(store_url, JUNE)
    item_id = _items(store_url)[0].id
    assert item_id is not None
    refusals = [
        (lambda: _done(store_url, item_id, may, MAY), "vid ett senare möte än det som gav uppdraget"),
        (lambda: _done(store_url, item_id, june, dt.date(2023, 6, 6)), "från 2023-05-02 (mötet som gav uppdraget)"),
        (lambda: _done(store_url, item_id, june, dt.date(2023, 5, 1)), "till 2023-06-05 (det här mötet)"),
        (lambda: _done(store_url, item_id, june, JUNE, "ok\u202e"), "osynligt styrtecken"),
        (lambda: _done(store_url, 9999, june, JUNE), "Uppdrag 9999: finns inte"),
    ]
    for refused, rule in refusals:
        with pytest.raises(ValidationError) as err:
            refused()
        assert rule in str(err.value), (rule, str(err.value))
    _done(store_url, item_id, june, JUNE, "Klart")
    with pytest.raises(ValidationError) as again:
        _done(store_url, item_id, june, JUNE)
    assert "Uppdrag ”Rapportera P1”: är redan klart (2023-06-05, vid mötet Styrgrupp 2023-06-05)" in str(again.value)
    august = _meeting(store_url, AUGUST)
    with pytest.raises(ValidationError) as late:
        db.run_write(lambda s: store.reopen_item(s, CHAIR, item_id, june), store_url)
    assert "bara vid det senaste mötet (Styrgrupp 2023-08-21, 2023-08-21)" in str(late.value)
    with pytest.raises(ValidationError):
        db.run_write(lambda s: store.reopen_item(s, CHAIR, item_id, august), store_url)  # not done at August
    assert _listed(_agenda(store_url, august)) == []
    assert _items(store_url)[0].done_meeting_id == june


def test_a_done_taken_back_at_its_meeting_is_open_again(store_url: str) -> None:
    """The chair unticks an item marked done by mistake at the same meeting: open again, audited before and after."""
    _meeting(store_url, MAY, NewItem("Rapportera P1", "POL"))
    june = _meeting(store_url, JUNE)
    item_id = _items(store_url)[0].id
    assert item_id is not None
    _done(store_url, item_id, june, JUNE, "Av misstag")
    assert db.run_write(lambda s: store.mark_items(s, CHAIR, june, [ItemMark(item_id, False)]), store_url) == (0, 1)
    assert _listed(_agenda(store_url, june)) == [("Rapportera P1", ItemStatus.OPEN)]
    with db.read_session(store_url) as s:
        trail = s.exec(select(AuditEntry).where(AuditEntry.action == "meeting_item.reopen")).one()
    assert trail.before == {"done_on": "2023-06-05", "done_note": "Av misstag", "done_meeting_id": june}
    assert trail.after == {"done_on": None, "done_note": "", "done_meeting_id": None}


def test_the_meeting_report_lists_the_new_items_and_the_open_ones_carried_forward(store_url: str) -> None:
    """The printed report of a meeting: its own new items, and the items carried forward with their status in
    symbol and word (overdue first, done with its day)."""
    from indicators.views import report
    from tests.test_report import Page

    _meeting(store_url, MAY, NewItem("Tömma korgarna", "FGK", dt.date(2023, 5, 31)),
             NewItem("Rapportera P1", "POL", dt.date(2023, 7, 31)), NewItem("Bjuda in BID", "MS"))  # fmt: skip
    june = _meeting(store_url, JUNE, NewItem("Nytt i juni", "MS", dt.date(2023, 9, 1)), title="Styrgruppen i juni")
    bid = next(i for i in _agenda(store_url, june).open if i.text == "Bjuda in BID")
    _done(store_url, bid.id, june, dt.date(2023, 6, 1), "Inbjudan skickad")
    with db.read_session(store_url) as s:
        data = overview.build(s, PLEDGE, "11319", UNTIL, AUGUST, meeting_id=june)
        agenda = minutes.agenda(s, PLEDGE, june, AUGUST)
    assert data is not None
    page = Page(report.overview_html(data, "Södra Sofielund", agenda=agenda))
    new = page.table("Uppdrag från mötet Styrgruppen i juni (2023-06-05)")
    assert new == [{"Vad": "Nytt i juni", "Vem": "MS", "Senast": "2023-09-01"}]
    carried = page.table("Öppna uppdrag från tidigare möten")
    assert [(r["Status"], r["Vad"], r["Vem"], r["Senast"]) for r in carried] == [
        ("⚠ Försenad", "Tömma korgarna", "FGK", "2023-05-31"),
        ("○ Öppen", "Rapportera P1", "POL", "2023-07-31"),
        ("✔ Klar 2023-06-01", "Bjuda in BID", "MS", "–"),
    ]
    assert carried[0]["Från mötet"] == "2023-05-02 Styrgrupp 2023-05-02"
    assert carried[2]["Kommentar"] == "Inbjudan skickad"
    english = Page(report.overview_html(data, "Södra Sofielund", "en", agenda=agenda))
    assert english.table("Open action items from earlier meetings")[0]["Status"] == "⚠ Overdue"
    # Without the items (an older caller), the report is as before.
    assert "Öppna uppdrag" not in report.overview_html(data, "Södra Sofielund")


@st.composite
def _histories(draw: st.DrawFn) -> list[tuple[int, int, list[bool]]]:
    """Meetings in the order they are saved: each its day (days after the first, later saves mostly later, some
    on the same day or earlier), how many items it gives, and for the items open before it which it marks done."""
    steps = []
    for _ in range(draw(st.integers(2, 6))):
        steps.append((draw(st.integers(0, 40)), draw(st.integers(0, 2)), draw(st.lists(st.booleans(), max_size=8))))
    return steps


@given(history=_histories())
@examples(250)
def test_an_item_stays_on_every_later_meetings_list_until_the_meeting_that_marks_it_done(
    store_url: str, history: list[tuple[int, int, list[bool]]]
) -> None:
    """Property: whatever meetings are saved (in any order of days) and whichever items each marks done when it is
    the newest, an item is on the list of every meeting after its own until the meeting that marks it done (there:
    done), and on none after; and what each meeting lists never changes after the meeting last acted."""
    db.run_write(lambda s: (s.execute(text("DELETE FROM meeting_item")), s.execute(text("DELETE FROM meeting"))),
                 store_url)  # fmt: skip
    first = dt.date(2023, 1, 2)
    order: dict[int, tuple[dt.date, int]] = {}  # meeting → its place in time (day, then saving)
    given_at: dict[int, int] = {}  # item → the meeting that gave it
    done_at: dict[int, int] = {}  # item → the meeting that marked it done
    seen: dict[int, list[minutes.Item]] = {}  # meeting → its list when it last acted
    for days, count, ticks in history:
        held = first + dt.timedelta(days=days)
        items = [NewItem(f"Uppdrag {len(given_at) + n}", "POL") for n in range(count)]
        meeting = _meeting(store_url, held, *items)
        order[meeting] = (held, meeting)
        for item in _items(store_url):
            assert item.id is not None
            given_at.setdefault(item.id, item.meeting_id)
        agenda = _agenda(store_url, meeting)
        if agenda.can_close:
            marks = [ItemMark(i.id, True, held) for i, tick in zip(agenda.open, ticks, strict=False) if tick]
            db.run_write(lambda s, m=meeting, k=marks: store.mark_items(s, CHAIR, m, k), store_url)  # type: ignore[misc]
            done_at.update({m.item_id: meeting for m in marks})
        seen[meeting] = _agenda(store_url, meeting).open
    for meeting, place in order.items():
        listed = {i.id: i.status for i in _agenda(store_url, meeting).open}
        expected = {
            item: ItemStatus.DONE if done_at.get(item) == meeting else None
            for item, origin in given_at.items()
            if order[origin] < place and origin < meeting and (item not in done_at or not order[done_at[item]] < place)
        }
        assert set(listed) == set(expected), (meeting, listed, expected)
        assert all(listed[i] is ItemStatus.DONE for i, status in expected.items() if status is ItemStatus.DONE)
        assert all(listed[i] is not ItemStatus.DONE for i, status in expected.items() if status is None)
        assert _agenda(store_url, meeting).open == seen[meeting]


def test_the_chair_adds_an_item_at_a_meeting_and_the_next_one_shows_it(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AppTest: the chair writes a meeting with one item in the form's item editor (what, who, by when) and saves;
    the meeting reopens with it as its new item; at the next meeting it is listed open, is ticked done with a note
    and saved, and it is done in the store."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test("ordf")
    at.run()
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    at.text_input(key="meeting_title").input("Styrgruppen i maj")
    editor = next(d for d in at.dataframe if d.proto.form_id == "save_meeting")
    next(b for b in at.button if b.label == "Spara som möte").click()
    run_with_edits(at, editor, {0: {"text": "Bemanna P1 igen", "owner": "POL", "due": "2023-06-01"}})
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Mötet ”Styrgruppen i maj” är sparat." in x.value for x in at.success)
    stored = _items(store_url)
    assert [(i.text, i.owner, i.due) for i in stored] == [("Bemanna P1 igen", "POL", dt.date(2023, 6, 1))]
    assert any(h.value.startswith("Uppdrag från mötet Styrgruppen i maj") for h in at.subheader)

    at.session_state["meeting"] = ""  # back to today, as "Visa översikten som den var vid ett möte" does
    at.run()
    at.text_input(key="meeting_title").input("Styrgruppen i juni")
    next(b for b in at.button if b.label == "Spara som möte").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any(h.value == "Öppna uppdrag från tidigare möten" for h in at.subheader)
    ticks = next(d for d in at.dataframe if "done" in d.value.columns)
    shown = ticks.value
    assert list(shown["Vad"]) == ["Bemanna P1 igen"] and list(shown["Status"]) == ["⚠ Försenad"]
    at.button(key="items_save").click()
    run_with_edits(at, ticks, {0: {"done": True, "note": "Bemannad sedan maj"}})
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("1 klara, 0 öppnade igen" in x.value for x in at.success)
    done = _items(store_url)[0]
    assert done.done_meeting_id is not None and done.done_on == dt.date.today()
    assert done.done_note == "Bemannad sedan maj"


@pytest.mark.parametrize("held_on", [dt.date(2090, 1, 1), dt.date(1999, 12, 31)])
def test_a_meeting_dated_years_off_is_refused_and_names_the_day(store_url: str, held_on: dt.date) -> None:
    """A mistyped year would stay the newest meeting for ever (the only one whose items may be ticked done)."""
    from indicators.base.models import Role
    from indicators.rules.validation import ValidationError as Invalid
    from indicators.storage import db, store

    chair = store.Principal("ordf", Role.STEERING)
    with pytest.raises(Invalid) as refused:
        db.run_write(lambda s: store.save_meeting(s, chair, "sofielund-2022", "Möte", held_on, "11319",
                                                  dt.date(2023, 3, 31)), store_url)  # fmt: skip
    assert [e.field for e in refused.value.errors] == ["held_on"]
    with pytest.raises(Invalid) as unknown:
        db.run_write(lambda s: store.save_meeting(s, chair, "sofielund-2022", "Möte", dt.date(2023, 4, 2), "NOPE",
                                                  dt.date(2023, 3, 31)), store_url)  # fmt: skip
    assert [e.field for e in unknown.value.errors] == ["area"]
