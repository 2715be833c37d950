"""Reads of "Ni sa – vi gjorde": per pledge the topics residents raised, how often, where and when, and the answer.

:func:`topics` is the signed-in view (every topic, who answered, whether it is public); :func:`public_topics` and
:func:`newest_answers` are all the public may see: published topics only, the answer as the steering group let it
out, how often it was raised as a plain count (occasions a topic came up at the actors' dialogues, not people: see
the README's "Ni sa – vi gjorde"), where by area and when by month, never a day, a dialogue or who entered it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import text
from sqlmodel import Session
from sqlmodel.sql.sqltypes import UTCDateTime

from indicators.base.i18n import N_, t
from indicators.base.models import DEMO_SOURCE, AnswerState
from indicators.rules.periods import PeriodKind, period_containing

#: An answer's state as symbol and word (never colour alone), as a commitment's status is shown.
ANSWER_SYMBOLS = {AnswerState.PLANNED.value: "○", AnswerState.ONGOING.value: "◐", AnswerState.DONE.value: "✔"}
ANSWER_LABELS = {
    AnswerState.PLANNED.value: N_("answer_state.planned"),
    AnswerState.ONGOING.value: N_("answer_state.ongoing"),
    AnswerState.DONE.value: N_("answer_state.done"),
}


def answer_label(state: object, lang: str = "sv") -> str:
    """``✔ Klart``; a topic not yet answered is ``– Inget svar än``."""
    if isinstance(state, str) and state in ANSWER_LABELS:
        return f"{ANSWER_SYMBOLS[state]} {t(ANSWER_LABELS[state], lang)}"
    return f"– {t('answer_state.none', lang)}"


TOPIC_COLUMNS = [
    "id",
    "code",
    "text",
    "text_en",
    "commitment_code",
    "commitment_actor",
    "commitment_text",
    "commitment_text_en",
    "action_code",
    "answer",
    "answer_en",
    "answer_state",
    "answered_on",
    "answered_by",
    "published_at",
    "mentions",
    "first_date",
    "last_date",
    "areas",
    "area_names",
    "demo",
]


def topics(session: Session, pledge_code: str) -> pd.DataFrame:
    """Every topic of the pledge: its answer (commitment, planned action, text, state, date, who), whether the public
    sees it, and how often it was raised (``mentions``), first and last day, and in which areas (codes and names, in
    the order first raised); ``demo`` when it was raised at demo dialogues. Most raised first, then by code."""
    rows = session.execute(
        text(
            """
            SELECT t.id, t.code, t.text, t.text_en, c.code AS commitment_code, c.actor_code AS commitment_actor,
                   c.text AS commitment_text, c.text_en AS commitment_text_en, a.code AS action_code, t.answer,
                   t.answer_en, t.answer_state, t.answered_on, t.answered_by, t.published_at
            FROM topic t
            JOIN pledge p ON p.id = t.pledge_id
            LEFT JOIN commitment c ON c.id = t.commitment_id
            LEFT JOIN planned_action a ON a.id = t.action_id
            WHERE p.code = :pledge
            """
        ).columns(answered_on=sa.Date, published_at=UTCDateTime),
        {"pledge": pledge_code},
    ).mappings()
    frame = pd.DataFrame(list(rows), columns=TOPIC_COLUMNS[:15])
    mentions = session.execute(
        text(
            """
            SELECT m.topic_id, m.date, m.area_code, ar.name, CASE WHEN ac.source = :demo THEN 1 ELSE 0 END AS demo
            FROM topic_mention m
            JOIN topic t ON t.id = m.topic_id JOIN pledge p ON p.id = t.pledge_id
            JOIN area ar ON ar.code = m.area_code
            LEFT JOIN activity ac ON ac.id = m.activity_id
            WHERE p.code = :pledge
            ORDER BY m.date, m.id
            """
        ).columns(date=sa.Date),
        {"pledge": pledge_code, "demo": DEMO_SOURCE},
    ).all()
    seen: dict[int, dict[str, Any]] = {}
    for topic_id, day, area, name, demo in mentions:
        one = seen.setdefault(topic_id, {"mentions": 0, "first_date": day, "areas": {}, "demo": False})
        one["mentions"] += 1
        one["last_date"] = day
        one["areas"].setdefault(area, name)
        one["demo"] = one["demo"] or bool(demo)
    got = [seen.get(int(i), {}) for i in frame["id"]]
    frame["mentions"] = [g.get("mentions", 0) for g in got]
    frame["first_date"] = [g.get("first_date") for g in got]
    frame["last_date"] = [g.get("last_date") for g in got]
    frame["areas"] = [list(g.get("areas", {})) for g in got]
    frame["area_names"] = [list(g.get("areas", {}).values()) for g in got]
    frame["demo"] = [bool(g.get("demo")) for g in got]
    if not len(frame):
        return pd.DataFrame(columns=TOPIC_COLUMNS)
    frame["_number"] = [int(c[1:]) if c[1:].isdigit() else 0 for c in frame["code"]]
    frame = frame.sort_values(["mentions", "_number"], ascending=[False, True]).drop(columns="_number")
    return frame[TOPIC_COLUMNS].reset_index(drop=True)


#: What the public may see of a topic: no one's name (who answered stays internal), no day or dialogue.
PUBLIC_COLUMNS = [
    "code",
    "text",
    "text_en",
    "commitment_code",
    "commitment_text",
    "commitment_text_en",
    "answer",
    "answer_en",
    "answer_state",
    "answered_on",
    "mentions",
    "first_month",
    "last_month",
    "area_names",
    "demo",
]


def _month(day: Any) -> str | None:
    """The month a day falls in, as a period code (``2022-05``): when a topic was raised, to the month."""
    return period_containing(PeriodKind.MONTH, day).code if isinstance(day, dt.date) else None


def public_topics(session: Session, pledge_code: str) -> pd.DataFrame:
    """The topics the steering group has published, with their answer as published and how often, where (areas) and
    when (first and last month) they were raised: all the public may see. Most raised first."""
    every = topics(session, pledge_code)
    shown = every[every["published_at"].notna()].copy()
    shown["first_month"] = [_month(d) for d in shown["first_date"]]
    shown["last_month"] = [_month(d) for d in shown["last_date"]]
    answered = shown["answer"].fillna("").astype(str).str.len() > 0
    shown.loc[~answered, "answer_state"] = None  # a state without its answer says nothing
    return shown[PUBLIC_COLUMNS].reset_index(drop=True)


#: How many answers a newsletter carries.
NEWSLETTER_ANSWERS = 5


def newest_answers(
    session: Session, pledge_code: str, until: dt.date | None = None, limit: int = NEWSLETTER_ANSWERS
) -> pd.DataFrame:
    """The newest answers the public may see (published topics with an answer given by ``until``), newest first:
    what a newsletter tells residents was done about what they raised."""
    shown = public_topics(session, pledge_code)
    shown = shown[shown["answer"].fillna("").astype(str).str.len() > 0]
    if until is not None:
        shown = shown[[isinstance(d, dt.date) and d <= until for d in shown["answered_on"]]]
    shown = shown.assign(_number=[int(c[1:]) if c[1:].isdigit() else 0 for c in shown["code"]])
    shown = shown.sort_values(["answered_on", "_number"], ascending=[False, False]).drop(columns="_number")
    return shown.head(limit).reset_index(drop=True)


def actions(session: Session, pledge_code: str) -> pd.DataFrame:
    """The pledge's planned actions an answer may name: code, its commitment's code, actor and text."""
    rows = session.execute(
        text(
            """SELECT a.code, c.code AS commitment_code, a.actor_code, a.text, a.text_en
               FROM planned_action a JOIN pledge p ON p.id = a.pledge_id JOIN commitment c ON c.id = a.commitment_id
               WHERE p.code = :pledge ORDER BY a.position, a.code"""
        ),
        {"pledge": pledge_code},
    ).all()
    return pd.DataFrame(rows, columns=["code", "commitment_code", "actor_code", "text", "text_en"])
