"""A pledge's action items as a meeting saw them: what earlier meetings gave out and was still open (with its status
on the meeting's day), and what the meeting itself gave out; for today's overview, everything still open today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from indicators.base.models import Meeting, MeetingItem


class ItemStatus(StrEnum):
    """An item's status on a meeting's day, in the order the chair reads them."""

    OVERDUE = "overdue"  # open, and its day has passed
    OPEN = "open"
    DONE = "done"  # marked done at this very meeting


ORDER = {ItemStatus.OVERDUE: 0, ItemStatus.OPEN: 1, ItemStatus.DONE: 2}


@dataclass(frozen=True)
class Item:
    """One action item as a list shows it: what, who, by when, the meeting that gave it, its status then."""

    id: int
    text: str
    owner: str
    due: dt.date | None
    meeting_id: int
    meeting_title: str
    meeting_held_on: dt.date
    status: ItemStatus
    done_on: dt.date | None = None  # only when done at the meeting the list is for
    done_note: str = ""


@dataclass(frozen=True)
class Agenda:
    """What a meeting's view shows of action items: the open ones from earlier meetings (overdue first), the
    meeting's own new ones, the day their statuses are for, and whether items may be marked done here (only at the
    pledge's newest meeting: later meetings must go on seeing what they saw)."""

    open: list[Item]
    new: list[Item]
    on: dt.date
    meeting_id: int | None = None
    can_close: bool = False


def _status(due: dt.date | None, done_here: bool, on: dt.date) -> ItemStatus:
    if done_here:
        return ItemStatus.DONE
    return ItemStatus.OVERDUE if due is not None and due < on else ItemStatus.OPEN


def _before(m: Any, held_on: dt.date, meeting_id: int) -> Any:
    """SQL: meeting ``m`` comes before the one held on ``held_on`` with id ``meeting_id`` (by day, then saving)."""
    return or_(col(m.held_on) < held_on, and_(col(m.held_on) == held_on, col(m.id) < meeting_id))


def _sorted(items: list[Item]) -> list[Item]:
    """Overdue first, then open, then done; within each the earliest due first (none last), then oldest meeting."""
    return sorted(items, key=lambda i: (ORDER[i.status], i.due is None, i.due or dt.date.min,
                                        i.meeting_held_on, i.meeting_id, i.id))  # fmt: skip


def open_items(session: Session, pledge_code: str, meeting_id: int | None, today: dt.date) -> list[Item]:
    """The items earlier meetings gave and the meeting ``meeting_id`` still found open: not marked done at a meeting
    before it (done at it: status done, with its day). Items done at a later meeting are open here, as they were.
    Without a meeting: every item not done, with its status on ``today``.

    What a saved meeting lists changes only when items are marked done or reopened at that meeting itself: items
    come from meetings saved before it, and are marked done only at the newest meeting (:func:`store.mark_item_done`).
    """
    origin = aliased(Meeting)
    done_at = aliased(Meeting)
    stmt = (
        select(MeetingItem, col(origin.title), col(origin.held_on))
        .join(origin, col(origin.id) == col(MeetingItem.meeting_id))
        .outerjoin(done_at, col(done_at.id) == col(MeetingItem.done_meeting_id))
        .where(col(origin.pledge_code) == pledge_code)
    )
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting_id is not None and meeting is None:
        return []
    if meeting is not None:
        assert meeting.id is not None
        on = meeting.held_on
        stmt = stmt.where(
            # given at a meeting held before this one and saved before it (a meeting saved later with an earlier
            # day gives its items to the meetings saved after it, never to one that is already saved)
            _before(origin, meeting.held_on, meeting.id),
            col(origin.id) < meeting.id,
            or_(col(done_at.id).is_(None), ~_before(done_at, meeting.held_on, meeting.id)),
        )
    else:
        on = today
        stmt = stmt.where(col(MeetingItem.done_meeting_id).is_(None))
    found = []
    for item, title, held_on in session.execute(stmt).all():
        here = meeting is not None and item.done_meeting_id == meeting.id
        found.append(Item(item.id, item.text, item.owner, item.due, item.meeting_id, title, held_on,
                          _status(item.due, here, on), item.done_on if here else None,
                          item.done_note if here else ""))  # fmt: skip
    return _sorted(found)


def new_items(session: Session, meeting_id: int) -> list[Item]:
    """The items a meeting gave, in the order it wrote them, as open (what the meeting saw)."""
    rows = session.execute(
        select(MeetingItem, col(Meeting.title), col(Meeting.held_on))
        .join(Meeting, col(Meeting.id) == col(MeetingItem.meeting_id))
        .where(col(MeetingItem.meeting_id) == meeting_id)
        .order_by(col(MeetingItem.id))
    ).all()
    return [Item(i.id, i.text, i.owner, i.due, i.meeting_id, title, held_on, _status(i.due, False, held_on))
            for i, title, held_on in rows]  # fmt: skip


def newest_meeting(session: Session, pledge_code: str) -> int | None:
    """The pledge's newest meeting (by the day it was held, then saved): the one items are marked done at."""
    return session.execute(
        select(col(Meeting.id)).where(col(Meeting.pledge_code) == pledge_code)
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc()).limit(1)
    ).scalar_one_or_none()  # fmt: skip


def agenda(session: Session, pledge_code: str, meeting_id: int | None, today: dt.date) -> Agenda:
    """The items a view of the overview shows: a saved meeting's (as it saw them) or today's."""
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting is None:
        return Agenda(open_items(session, pledge_code, None, today), [], today)
    assert meeting.id is not None
    return Agenda(
        open_items(session, pledge_code, meeting.id, today),
        new_items(session, meeting.id),
        meeting.held_on,
        meeting.id,
        newest_meeting(session, pledge_code) == meeting.id,
    )
