"""Ni sa – vi gjorde: what residents raised at the actors' dialogues (topics, where, when), the answer to each, and,
for the steering group, which topics the public sees. The writes are :mod:`indicators.storage.feedback`'s."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib

import pandas as pd
import streamlit as st

from indicators.base.formatting import date
from indicators.base.i18n import localized
from indicators.base.models import AnswerState, Role
from indicators.read import feedback as said
from indicators.read import queries
from indicators.storage import feedback
from ui.auth import guard
from ui.common import lang, query, require_pledge, show_flash, tr, trn, write
from ui.filters import current_area

who = guard(__file__)  # first thing: editors (their own actor's dialogues and commitments) and the steering group

pledge = require_pledge()
steering = who.role is Role.STEERING
st.title(tr("nav.feedback"), anchor=False)
st.caption(tr("feedback.help"))
topics = query(said.topics, pledge["code"])
areas = query(queries.areas)
area_names = dict(zip(areas["code"], areas["name"], strict=True))
options = [a for a in [*pledge["map_areas"], pledge["area_code"]] if a in area_names]
demo = f" ({tr('demo.label').lower()})"
topic_names = {
    int(r.id): f"{r.code} – {localized(r, 'text', lang())}{demo if r.demo else ''}"
    for r in topics.itertuples(index=False)
}
today = dt.date.today()
last_day = max(pledge["start"], min(today, pledge["end"]))
round_ = st.session_state.setdefault("fb_round", 0)  # new keys after a save: empty forms, defaults read anew

st.header(tr("feedback.raised"), anchor=False)
show_flash("raised")
dialogues = query(queries.activities, pledge["code"], pledge["start"], last_day, tuple(sorted(feedback.DIALOGUE_TYPES)))
if not steering:
    dialogues = dialogues[dialogues["actor_code"] == who.actor_code]
dialogue_names = {
    0: tr("feedback.no_dialogue"),
    **{
        int(r.id): f"{date(r.date)} · {tr(f'activity.{r.type}')} · {area_names.get(r.area_code, r.area_code)} · "
        f"{r.actor_code}"
        for r in dialogues.itertuples(index=False)
    },
}
dialogue = st.selectbox(
    tr("field.dialogue"),
    list(dialogue_names),
    key=f"fb_dialogue_{round_}",
    format_func=dialogue_names.__getitem__,
    help=tr("feedback.dialogue_help"),
)
held = dialogues[dialogues["id"] == dialogue].iloc[0] if dialogue else None  # its area and day are the mention's
area_now = held["area_code"] if held is not None else current_area(pledge)
with st.form(f"fb_raised_{round_}_{dialogue}"):
    picked = st.multiselect(
        tr("field.topics"),
        list(topic_names),
        key=f"fb_topics_{round_}",
        format_func=topic_names.__getitem__,
        placeholder=tr("feedback.pick"),
    )
    new = st.text_area(tr("field.new_topics"), key=f"fb_new_{round_}", help=tr("feedback.new_help"), height=90)
    left, right = st.columns(2)
    area = left.selectbox(
        tr("col.area"),
        options,
        key=f"fb_area_{round_}_{dialogue}",
        index=options.index(area_now) if area_now in options else 0,
        format_func=area_names.__getitem__,
        disabled=held is not None,
    )
    when = right.date_input(
        tr("map.date"),
        value=held["date"] if held is not None else last_day,
        min_value=pledge["start"],
        max_value=last_day,
        format="YYYY-MM-DD",
        key=f"fb_date_{round_}_{dialogue}",
        disabled=held is not None,
    )
    st.caption(tr("feedback.no_names"))
    send = st.form_submit_button(tr("feedback.save_raised"), type="primary")
if send:
    raw = {"topics": picked, "new_topics": new.splitlines(), "area": area, "date": when, "activity": dialogue or ""}
    write(
        lambda s: feedback.record_mentions(s, who, pledge["code"], raw),
        lambda made: trn("feedback.saved_raised", len(made), count=len(made)),
        where="raised",
        then=lambda _: st.session_state.update(fb_round=round_ + 1),
    )

st.header(tr("feedback.answer"), anchor=False)
show_flash("answer")
if not topic_names:
    st.info(tr("feedback.no_topics"))
else:
    topic_id = st.selectbox(
        tr("field.topic"), list(topic_names), key="fb_answer_topic", format_func=topic_names.__getitem__
    )
    row = topics[topics["id"] == topic_id].iloc[0]
    commitments = query(queries.commitment_statuses, pledge["code"], today)
    mine = commitments if steering else commitments[commitments["actor_code"] == who.actor_code]
    names = {r.code: f"{r.code} – {localized(r, 'text', lang())[:80]}" for r in mine.itertuples(index=False)}
    given = row["commitment_code"] if isinstance(row["commitment_code"], str) else None
    if given and given not in names:
        st.info(tr("feedback.answered_by_other", actor=row["commitment_actor"], commitment=given))
    elif not names:
        st.info(tr("feedback.no_commitments"))
    else:
        plan = query(said.actions, pledge["code"])
        plan = plan[plan["commitment_code"].isin(list(names))]
        plan_names = {
            "": tr("feedback.no_action"),
            **{
                r.code: f"{r.code} ({r.commitment_code}) – {localized(r, 'text', lang())[:70]}"
                for r in plan.itertuples(index=False)
            },
        }
        states = [s.value for s in AnswerState]
        # The form's widgets are keyed per topic and per stored answer: each topic opens with its own answer (empty
        # when unanswered), never what another topic's form held, and opens anew once its answer has changed.
        version = hashlib.sha256(
            repr(
                [row[c] for c in ("commitment_code", "action_code", "answer", "answer_en", "answer_state")]
                + [str(row["answered_on"])]
            ).encode()
        ).hexdigest()[:12]
        suffix = f"{topic_id}_{version}_{round_}"
        with st.form(f"fb_answer_{suffix}"):
            commitment = st.selectbox(
                tr("col.commitment"),
                list(names),
                format_func=names.__getitem__,
                index=list(names).index(given) if given else 0,
                key=f"fb_commitment_{suffix}",
            )
            action = st.selectbox(
                tr("field.planned_action"),
                list(plan_names),
                format_func=plan_names.__getitem__,
                key=f"fb_action_{suffix}",
                index=list(plan_names).index(row["action_code"]) if row["action_code"] in plan_names else 0,
            )
            answer = st.text_area(
                tr("field.answer"),
                value=row["answer"] or "",
                key=f"fb_answer_{suffix}",
                max_chars=2000,
                help=tr("feedback.answer_help"),
            )
            answer_en = st.text_area(
                tr("field.answer_en"), value=row["answer_en"] or "", key=f"fb_answer_en_{suffix}", max_chars=2000
            )
            left, right = st.columns(2)
            state = left.radio(
                tr("field.answer_state"),
                states,
                key=f"fb_state_{suffix}",
                format_func=functools.partial(said.answer_label, lang=lang()),
                index=states.index(row["answer_state"]) if row["answer_state"] in states else 0,
            )
            answered_on = right.date_input(
                tr("field.answered_on"),
                format="YYYY-MM-DD",
                key=f"fb_answered_on_{suffix}",
                value=row["answered_on"] if isinstance(row["answered_on"], dt.date) else today,
                min_value=pledge["start"],
                max_value=today,
            )
            if row["published_at"] is not None and not pd.isna(row["published_at"]):
                st.caption(tr("feedback.republish"))
            send_answer = st.form_submit_button(tr("feedback.save_answer"), type="primary")
        if send_answer:
            given_raw = {
                "commitment": commitment,
                "action": action,
                "answer": answer,
                "answer_en": answer_en,
                "state": state,
                "answered_on": answered_on,
            }
            write(
                lambda s: feedback.answer_topic(s, who, topic_id, given_raw),
                lambda t: tr("feedback.saved_answer", code=t.code),
                where="answer",
                then=lambda _: st.session_state.update(fb_round=round_ + 1),
            )

st.header(tr("feedback.topics"), anchor=False)
show_flash("publish")
if not len(topics):
    st.info(tr("feedback.no_topics"))
else:
    shown = pd.DataFrame(
        {
            tr("col.code"): topics["code"],
            tr("field.topic"): list(topic_names.values()),
            tr("feedback.times"): topics["mentions"],
            tr("feedback.first"): [date(d) if isinstance(d, dt.date) else "–" for d in topics["first_date"]],
            tr("feedback.last"): [date(d) if isinstance(d, dt.date) else "–" for d in topics["last_date"]],
            tr("col.area"): [", ".join(n) for n in topics["area_names"]],
            tr("col.commitment"): topics["commitment_code"].fillna("–"),
            tr("field.answer"): [a if isinstance(a, str) and a else "–" for a in topics["answer"]],
            tr("feedback.answer_en_col"): [a if isinstance(a, str) and a else "–" for a in topics["answer_en"]],
            tr("field.answer_state"): [said.answer_label(s, lang()) for s in topics["answer_state"]],
            tr("feedback.published"): topics["published_at"].notna(),
        }
    )
    if not steering:
        st.dataframe(shown, hide_index=True, width="stretch")
    else:
        st.caption(tr("feedback.publish_help"))
        edited = st.data_editor(
            shown,
            hide_index=True,
            width="stretch",
            key="fb_publish_table",
            disabled=[c for c in shown.columns if c != tr("feedback.published")],
        )
        wanted = {
            int(i): bool(now)
            for i, now, was in zip(
                topics["id"], edited[tr("feedback.published")], shown[tr("feedback.published")], strict=True
            )
            if bool(now) != bool(was)
        }
        if st.button(tr("feedback.save_publish"), key="fb_publish_save", type="primary", disabled=not wanted):
            write(
                lambda s: feedback.publish_topics(s, who, wanted),
                lambda codes: (
                    trn("feedback.saved_publish", len(codes), count=len(codes))
                    + " "
                    + tr("feedback.changed_topics", codes=", ".join(codes))
                ),
                where="publish",
            )
