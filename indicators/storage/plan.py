"""The one writer of the åtgärdsplan in the app: an actor's editor changes their own actor's actions.

Each change is a version in the audit trail (``action.change``: who, when, before and after), as a catalogue
file's changes are; an action changed here keeps that change when the file is loaded again
(:attr:`indicators.base.models.PlannedAction.edited_by`). What measures an action (its indicator, its activity
types) is the catalogue's, so planned against done stays comparable between actors.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from indicators.base.i18n import N_
from indicators.base.models import ActionPer, PlannedAction, Pledge
from indicators.rules.validation import FieldError, ValidationError, personal_data, text_problem
from indicators.storage.store import Action, Principal, audit, require

MAX_QUANTITY = 10_000_000
MAX_KRONOR = 1_000_000_000_000


def _number(name: str, value: float | None, limit: float, errors: list[FieldError]) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        errors.append(FieldError(name, N_("plan.error.number")))
        return None
    if value < 0 or value > limit:
        errors.append(FieldError(name, N_("plan.error.range"), limit=f"{limit:,.0f}".replace(",", " ")))
        return None
    return float(value)


def _day(value: object) -> bool:
    """A calendar day (a datetime is a moment, not a day)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def save_action(
    session: Session,
    by: Principal,
    pledge_code: str,
    code: str,
    *,
    text: str,
    contact: str,
    start: dt.date,
    end: dt.date,
    quantity: float | None,
    per: str,
    hours: float | None = None,
    kronor: float | None = None,
) -> bool:
    """Change one action of the plan (only the acting editor's own actor's). Validated whole: nothing is stored
    unless every field holds. Returns whether anything changed (the same values again store nothing)."""
    require(by, Action.EDIT_PLAN)
    row = session.execute(
        select(PlannedAction, Pledge)
        .join(Pledge, col(Pledge.id) == PlannedAction.pledge_id)
        .where(col(Pledge.code) == pledge_code, col(PlannedAction.code) == code)
    ).first()
    if row is None:
        raise ValidationError([FieldError("action", N_("plan.error.unknown"), code=code, pledge=pledge_code)])
    action, pledge = row
    require(by, Action.EDIT_PLAN, action.actor_code)
    errors: list[FieldError] = []
    text, contact = text.strip(), contact.strip()
    if not text:
        errors.append(FieldError("text", N_("validation.required_fill")))
    for name, value, limit in (("text", text, 1000), ("contact", contact, 200)):
        if problem := text_problem(value, limit) or personal_data(value):
            errors.append(FieldError(name, problem))
    if not _day(start) or not _day(end):
        errors.append(FieldError("start", N_("plan.error.dates")))
    elif end < start:
        errors.append(FieldError("end", N_("plan.error.end_before_start"), start=start.isoformat()))
    elif start < pledge.start or end > pledge.end:
        errors.append(FieldError("start", N_("plan.error.outside_pledge"), first=pledge.start.isoformat(),
                                 last=pledge.end.isoformat()))  # fmt: skip
    if per not in {p.value for p in ActionPer}:
        errors.append(FieldError("per", N_("plan.error.per")))
    quantity = _number("quantity", quantity, MAX_QUANTITY, errors)
    hours = _number("hours", hours, 1_000_000, errors)
    kronor = _number("kronor", kronor, MAX_KRONOR, errors)
    if quantity is not None and action.indicator_code is None and not action.activity_types:
        errors.append(FieldError("quantity", N_("plan.error.unmeasured")))
    if errors:
        raise ValidationError(errors)
    wants: dict[str, Any] = {"text": text, "contact": contact, "start": start, "end": end, "quantity": quantity,
                             "per": per, "hours": hours, "kronor": kronor}  # fmt: skip
    edited = [k for k, v in wants.items() if getattr(action, k) != v]
    if not edited:
        return False

    def shown(v: Any) -> Any:
        return v.isoformat() if isinstance(v, dt.date) else v

    audit(session, by, "action.change", "planned_action", f"{pledge_code}/{code}",
          {"pledge": pledge_code, **{k: shown(getattr(action, k)) for k in edited}},
          {"pledge": pledge_code, **{k: shown(wants[k]) for k in edited}})  # fmt: skip
    for k in edited:
        setattr(action, k, wants[k])
    action.edited_by = by.username
    session.add(action)
    session.flush()
    return True
