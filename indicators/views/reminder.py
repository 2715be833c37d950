"""An actor's reminder: what the reporting schedule expects of it that is due or overdue, as a ready-to-send e-mail
text (no mail server is reachable from here: `python -m indicators due --actor CODE` prints it for a scheduled job
to mail, and `--json` gives the items)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from indicators.base.i18n import N_, localized, t, tn
from indicators.read import queries
from indicators.rules.periods import parse_period
from indicators.rules.schedule import Due


@dataclass(frozen=True)
class Reminder:
    actor_code: str
    actor_name: str
    pledge_code: str
    subject: str
    body: str
    items: list[dict[str, Any]] = field(default_factory=list)


def build(session: Session, pledge_code: str, actor_code: str, today: dt.date, lang: str = "sv") -> Reminder:
    """The reminder for one actor in one pledge on ``today``: overdue figures first, then those due, oldest first."""
    pledge = queries.pledge(session, pledge_code)
    if pledge is None:
        raise KeyError(pledge_code)
    actors = queries.actors(session)
    names = dict(zip(actors["code"], actors["name"], strict=True))
    if actor_code not in names:
        raise KeyError(actor_code)
    areas = queries.areas(session)
    area_names = dict(zip(areas["code"], areas["name"], strict=True))
    state = queries.reporting_state(session, pledge_code, today, actor_code=actor_code)
    waiting = state[state["state"] != Due.REPORTED.value].sort_values(["deadline", "code", "area_code"])
    items = [
        {"indicator": r.code, "name": r.name_en if lang == "en" else r.name_sv, "area": r.area_code,
         "area_name": area_names.get(r.area_code, r.area_code), "period": r.period,
         "period_label": parse_period(r.period).label(lang), "deadline": r.deadline.isoformat(), "state": r.state}
        for r in waiting.itertuples(index=False)
    ]  # fmt: skip
    overdue = [i for i in items if i["state"] == Due.OVERDUE.value]
    due = [i for i in items if i["state"] == Due.DUE.value]
    name = localized(pledge, "name", lang)
    subject = tn("due.subject", len(items), lang, pledge=name, count=len(items), overdue=len(overdue))
    lines = [t("due.greeting", lang, actor=names[actor_code], pledge=name, day=today.isoformat()), ""]
    for heading, part in ((N_("due.overdue"), overdue), (N_("due.due"), due)):
        if part:
            lines += [t(heading, lang), *(t("due.line", lang, **i) for i in part), ""]
    if not items:
        lines += [t("due.nothing", lang), ""]
    lines.append(t("due.footer", lang))
    return Reminder(actor_code, names[actor_code], pledge_code, subject, "\n".join(lines), items)
