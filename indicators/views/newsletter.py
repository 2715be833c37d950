"""Informationsbrev: for a chosen period, a printable summary for residents of what was promised, what was done, the
newest answers to what residents raised ("Ni sa – vi gjorde") and how the effect indicators moved. Built only from
:mod:`indicators.views.public` (published figures of public indicators, disclosure control applied) and
:mod:`indicators.read.feedback` (published topics only), as one self-contained HTML file (inline CSS, no scripts, no
network): the template ``indicators/render/templates/newsletter.html.j2``, which Jinja escapes.

For a PDF, print it from the browser ("Skriv ut" → "Spara som PDF"): no PDF library that installs from PyPI alone
lays out Swedish text and tables as well as the browser's print, and the print stylesheet sets A4 pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlmodel import Session

from indicators.base.formatting import figure, number
from indicators.base.i18n import localized, t
from indicators.read import feedback, published, queries
from indicators.render import tables
from indicators.render.html import render
from indicators.rules import status
from indicators.storage import db


@dataclass(frozen=True)
class Letter:
    pledge: dict[str, Any]
    area_name: str
    start: dt.date
    end: dt.date
    actors: pd.DataFrame
    commitments: pd.DataFrame
    activities: pd.DataFrame
    effects: pd.DataFrame  # assessed published.latest rows at the end, with the value at the start
    demo: bool
    answers: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)  # feedback.newest_answers by the end


def build(session: Session, pledge_code: str, area_code: str, start: dt.date, end: dt.date) -> Letter | None:
    """What the newsletter for ``start``–``end`` says, read as the public sees it."""
    pledge = queries.pledge(session, pledge_code)
    if pledge is None:
        return None
    inds = [i for i in published.indicators(session, pledge_code) if i["level"] == "effekt"]
    figs = published.figures(session, tuple(i["code"] for i in inds), (area_code,))
    after = status.assess_latest(published.latest(figs, inds, area_code, end))
    before = published.latest(figs, inds, area_code, start)
    after["start_period"] = before["period"].tolist()
    after["start_value"] = before["value"].tolist()
    after["start_status_code"] = before["status_code"].tolist()
    activities = published.activity_totals(session, pledge_code, start, end)
    areas = queries.areas(session)
    area_name = dict(zip(areas["code"], areas["name"], strict=True)).get(area_code, area_code)
    shown = figs[figs["indicator_code"].isin([i["code"] for i in inds]) & (figs["area_code"] == area_code)]
    answers = feedback.newest_answers(session, pledge_code, end)
    demo = bool((shown["source"] == "demo").any() or (after["source"] == "demo").any() or answers["demo"].any())
    return Letter(
        pledge=pledge,
        area_name=area_name,
        start=start,
        end=end,
        actors=queries.actors(session),
        commitments=published.commitments(session, pledge_code, end),
        activities=activities,
        effects=after,
        demo=demo,
        answers=answers,
    )


def effects_table(letter: Letter, lang: str) -> pd.DataFrame:
    """Each public effect indicator: its value at the start and at the end of the period, and its status."""
    name = "name_en" if lang == "en" else "name_sv"
    rows = []
    for r in letter.effects.itertuples(index=False):

        def shown(value: Any, code: Any, period: Any, unit: str = r.unit) -> str:
            if not isinstance(period, str):
                return "–"
            text = tables.value_with_unit(value, code, unit, lang)
            return f"{text} ({tables.period_label(period, lang)})"

        rows.append(
            {
                t("col.indicator", lang): f"{r.code} – {getattr(r, name)}",
                t("letter.before", lang): shown(r.start_value, r.start_status_code, r.start_period),
                t("letter.after", lang): shown(r.value, r.status_code, r.period),
                t("col.status", lang): tables.status_label(r.status, lang),
                t("col.source", lang): t("demo.label", lang) if r.source == "demo" else (r.source or ""),
            }
        )
    return pd.DataFrame(rows)


def activities_table(totals: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Activities per type (from :func:`indicators.read.published.activity_totals`): how many, hours, participants."""
    return pd.DataFrame(
        {
            t("map.type", lang): [t(f"activity.{x}", lang) for x in totals["type"]],
            t("public.activity_count", lang): [number(x, lang) for x in totals["activities"]],
            t("col.hours", lang): [number(None if pd.isna(x) else x, lang) or "–" for x in totals["hours"]],
            t("col.participants", lang): [
                figure(None if pd.isna(x) else x, s if isinstance(s, str) else None, "persons", lang)
                for x, s in zip(totals["participants"], totals["participants_status"], strict=True)
            ],
        }
    )


def _topic(row: Any, lang: str) -> str:
    """A topic as residents read it, marked when it is demo data."""
    return localized(row, "text", lang) + (f" ({t('demo.label', lang).lower()})" if row.demo else "")


def answers_table(answers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The newest answers (:func:`indicators.read.feedback.newest_answers`): what residents raised, how often, what
    was done, and its state (symbol and word) with the day of the answer."""
    return pd.DataFrame(
        {
            t("pub.feedback.topic", lang): [_topic(r, lang) for r in answers.itertuples(index=False)],
            t("pub.feedback.times", lang): [number(int(n), lang) for n in answers["mentions"]],
            t("pub.feedback.answer", lang): [localized(r, "answer", lang) for r in answers.itertuples(index=False)],
            t("col.status", lang): [
                f"{feedback.answer_label(s, lang)} ({d})"
                for s, d in zip(answers["answer_state"], answers["answered_on"], strict=True)
            ],
        }
    )


def topics_table(topics: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every published topic (:func:`indicators.read.feedback.public_topics`) in short: the topic, how often it was
    raised, and its answer's state in symbol and word."""
    return pd.DataFrame(
        {
            t("pub.feedback.topic", lang): [_topic(r, lang) for r in topics.itertuples(index=False)],
            t("pub.feedback.times", lang): [number(int(n), lang) for n in topics["mentions"]],
            t("col.status", lang): [feedback.answer_label(s, lang) for s in topics["answer_state"]],
        }
    )


def topics_html(topics: pd.DataFrame, lang: str) -> str:
    """:func:`topics_table` as a table with its caption (for the public page: a screen reader names the table)."""
    frame = topics_table(topics, lang)
    return render("topics_table.html.j2", lang, frame=frame, caption=t("pub.feedback.caption", lang),
                  numeric=(t("pub.feedback.times", lang),))  # fmt: skip


def html(letter: Letter, lang: str = "sv", generated: dt.datetime | None = None) -> str:
    names = dict(zip(letter.actors["code"], letter.actors["name"], strict=True))
    c = letter.commitments
    states = c["status"].fillna("none")
    actors = [
        (
            names.get(str(actor), str(actor)),
            [
                (
                    tables.commitment_label(r.status if isinstance(r.status, str) else None, lang),
                    r.code,
                    localized(r, "text", lang),
                )
                for r in own.itertuples(index=False)
            ],
        )
        for actor, own in c.groupby("actor_code", sort=False)
    ]
    return render(
        "newsletter.html.j2",
        lang,
        p=letter.pledge,
        start=letter.start,
        end=letter.end,
        area_name=letter.area_name,
        generated=generated or dt.datetime.now(dt.UTC),
        demo=letter.demo,
        total=len(c),
        counts={s: int((states == s).sum()) for s in ("done", "ongoing", "not_started", "at_risk", "none")},
        actors=actors,
        activities=activities_table(letter.activities, lang),
        effects=effects_table(letter, lang),
        answers=answers_table(letter.answers, lang) if len(letter.answers) else pd.DataFrame(),
    )


def html_bytes(letter: Letter, lang: str = "sv") -> bytes:
    return html(letter, lang).encode("utf-8")


def file_bytes(url: str, pledge_code: str, area_code: str, start: dt.date, end: dt.date, lang: str = "sv") -> bytes:
    """The newsletter as an HTML file, made when asked for (the public page's download button: nothing is read or
    built until a visitor clicks)."""
    with db.read_session(url) as session:
        letter = build(session, pledge_code, area_code, start, end)
    if letter is None:
        raise ValueError(f"no pledge {pledge_code!r}")
    return html_bytes(letter, lang)
