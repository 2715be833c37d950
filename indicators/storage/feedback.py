"""The one writer of "Ni sa – vi gjorde": topics residents raised in citizen dialogues, each time one was raised, the
answer, and whether the public may see it.

Every function takes the acting user and checks role and actor before anything else (``store.ALLOWED``): an
editor records what was raised at their own actor's dialogues and answers with their own actor's commitments; the
steering group may do all of it and alone publishes. Input is validated field by field (nothing partial is stored:
every rule is checked before the first row is added, and the caller's unit of work commits all or nothing), texts
that look like personal data are refused (a topic is *what* was raised, never *who* raised it), and every write is
audited with the state before and after.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from indicators.base.i18n import N_, Message, t
from indicators.base.models import (
    Activity,
    ActivityType,
    AnswerState,
    Area,
    Commitment,
    PlannedAction,
    Pledge,
    Topic,
    TopicMention,
    utcnow,
)
from indicators.rules.validation import (
    FIELD_LABELS,
    MAX_TEXT,
    FieldError,
    ValidationError,
    personal_data,
    text_problem,
)
from indicators.storage.store import Action, Principal, audit, require

#: The longest topic: a short line ("Narkotikahandel nära skolan"), not an account of a meeting.
TOPIC_MAX = 200
#: The occasions residents raise things at: citizen dialogues, and the school visits and safety walks where the
#: actors listen too (ASF's A3 hears young people at school).
DIALOGUE_TYPES = frozenset({ActivityType.CITIZEN_DIALOGUE, ActivityType.SCHOOL_VISIT, ActivityType.SAFETY_WALK})

#: The names of the fields these forms have beyond the figures' and activities' (:data:`FIELD_LABELS`).
TOPIC_FIELDS = {
    "topic": N_("field.topic"),
    "topics": N_("field.topics"),
    "text": N_("field.topic_text"),
    "text_en": N_("field.topic_text_en"),
    "new_topics": N_("field.new_topics"),
    "activity": N_("field.dialogue"),
    "action": N_("field.planned_action"),
    "answer": N_("field.answer"),
    "answer_en": N_("field.answer_en"),
    "state": N_("field.answer_state"),
    "answered_on": N_("field.answered_on"),
}


class _FieldError(FieldError):
    """A field error of these forms: named with :data:`TOPIC_FIELDS` (the shared names otherwise)."""

    __slots__ = ()

    def label(self, lang: str = "sv") -> str:
        key = TOPIC_FIELDS.get(self.field) or FIELD_LABELS.get(self.field)
        return t(key, lang) if key else self.field


def _error(field: str, msgid: str | Message, /, **params: object) -> _FieldError:
    return _FieldError(field, msgid, **params)


def _text_errors(field: str, text: str, limit: int, required: bool) -> list[FieldError]:
    if required and not text:
        return [_error(field, "validation.required_fill")]
    problem = text_problem(text, limit) or personal_data(text)
    return [_error(field, problem)] if problem else []


def _clean(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def _date(field: str, raw: object, errors: list[FieldError]) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _clean(raw)
    if not text:
        errors.append(_error(field, "validation.required"))
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.append(_error(field, "validation.date_format"))
        return None


def _pledge(session: Session, pledge_code: str) -> Pledge:
    found = session.execute(select(Pledge).where(col(Pledge.code) == pledge_code)).scalar_one_or_none()
    if found is None:
        raise ValidationError([_error("pledge", "error.store.unknown_pledge", pledge=pledge_code)])
    return found


def _pledge_areas(session: Session, pledge: Pledge) -> list[str]:
    wanted = [*pledge.map_areas, pledge.area_code]
    known = set(session.execute(select(col(Area.code)).where(col(Area.code).in_(wanted))).scalars())
    return [a for a in wanted if a in known]


def topic_snapshot(topic: Topic, commitment: str | None = None, action: str | None = None) -> dict[str, Any]:
    """The audited view of a topic (JSON-safe)."""
    return {
        "code": topic.code,
        "text": topic.text,
        "text_en": topic.text_en,
        "commitment": commitment,
        "action": action,
        "answer": topic.answer,
        "answer_en": topic.answer_en,
        "state": topic.answer_state,
        "answered_on": str(topic.answered_on) if topic.answered_on else None,
        "published": topic.published_at is not None,
    }


def topic_key(text: str) -> str:
    """What makes two topic texts the same topic: compared NFC-normalised, casefolded, with soft hyphens dropped and
    every run of white space (no-break spaces too) as one space, none at either end: "mörka  gångvägar", with its "ö"
    decomposed or not, is "Mörka gångvägar"."""
    plain = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return " ".join(unicodedata.normalize("NFC", plain.casefold()).split())


def _topic_text_errors(session: Session, pledge: Pledge, texts: Iterable[tuple[str, str]]) -> list[FieldError]:
    """The rules of new topics' texts (field, text): filled in, short, no hidden characters or personal data, and
    not a topic the pledge already has (compared by :func:`topic_key`: in any case, spacing or Unicode form; the
    refusal names the existing topic's code, to be picked instead), nor the same twice."""
    assert pledge.id is not None
    existing: dict[str, str] = {}
    for code, text in session.execute(
        select(col(Topic.code), col(Topic.text)).where(col(Topic.pledge_id) == pledge.id).order_by(col(Topic.id))
    ):
        existing.setdefault(topic_key(text), code)
    errors: list[FieldError] = []
    seen: set[str] = set()
    for field, text in texts:
        found = _text_errors(field, text, TOPIC_MAX, required=True)
        key = topic_key(text)
        if not found and key in existing:
            found = [_error(field, N_("error.feedback.topic_exists"), code=existing[key], text=text)]
        elif not found and key in seen:
            found = [_error(field, N_("error.feedback.topic_twice"), text=text)]
        seen.add(key)
        errors += found
    return errors


def _add_topic(session: Session, by: Principal, pledge: Pledge, text: str, text_en: str = "") -> Topic:
    """A new topic, numbered T1, T2 … within its pledge (the texts already checked)."""
    assert pledge.id is not None
    codes = session.execute(select(col(Topic.code)).where(col(Topic.pledge_id) == pledge.id)).scalars()
    number = max((int(c[1:]) for c in codes if c[:1] == "T" and c[1:].isdigit()), default=0) + 1
    topic = Topic(pledge_id=pledge.id, code=f"T{number}", text=text, text_en=text_en)
    session.add(topic)
    session.flush()
    audit(session, by, "topic.create", "topic", f"{pledge.code}/{topic.code}", None, topic_snapshot(topic))
    return topic


def create_topic(session: Session, by: Principal, pledge_code: str, text: str, text_en: str = "") -> Topic:
    """A topic residents raised, in a few words (and in English, optionally): never a name."""
    require(by, Action.TOPIC_CREATE)
    pledge = _pledge(session, pledge_code)
    text, text_en = _clean(text), _clean(text_en)
    errors = _topic_text_errors(session, pledge, [("text", text)])
    errors += _text_errors("text_en", text_en, TOPIC_MAX, required=False)
    if errors:
        raise ValidationError(errors)
    return _add_topic(session, by, pledge, text, text_en)


def record_mentions(
    session: Session, by: Principal, pledge_code: str, raw: Mapping[str, Any], today: dt.date | None = None
) -> list[TopicMention]:
    """What was raised at one dialogue: the topics picked (``topics``: ids) and new ones written (``new_topics``:
    texts, made as topics here), where (``area``) and when (``date``), and at which dialogue (``activity``: an id,
    optional). With a dialogue, its area and day are the mention's (given ones must agree). An editor names only their
    own actor's dialogues; the same topic is counted once per dialogue."""
    require(by, Action.TOPIC_MENTION)
    new_texts = [_clean(x) for x in raw.get("new_topics") or [] if _clean(x)]
    if new_texts:
        require(by, Action.TOPIC_CREATE)
    pledge = _pledge(session, pledge_code)
    assert pledge.id is not None
    today = today or dt.date.today()
    errors: list[FieldError] = []

    activity: Activity | None = None
    activity_raw = raw.get("activity")
    if activity_raw not in (None, ""):
        try:
            activity = session.get(Activity, int(activity_raw))
        except (TypeError, ValueError):
            activity = None
        if activity is None:
            raise ValidationError([_error("activity", N_("error.feedback.unknown_activity"), activity=activity_raw)])
        require(by, Action.TOPIC_MENTION, activity.actor_code)  # an editor: their own actor's dialogues only
        if activity.type not in DIALOGUE_TYPES:
            errors.append(_error("activity", N_("error.feedback.not_dialogue"), activity=activity.id))

    areas = _pledge_areas(session, pledge)
    area = _clean(raw.get("area")) or (activity.area_code if activity else "")
    if not area:
        errors.append(_error("area", "validation.required"))
    elif area not in areas:
        errors.append(_error("area", N_("error.feedback.area_outside"), area=area))
    day = _date("date", raw.get("date") or (activity.date if activity else None), errors)
    if day is not None:
        if day > today:
            errors.append(_error("date", "validation.in_future", what=str(day)))
        elif not pledge.start <= day <= pledge.end:
            errors.append(
                _error("date", N_("error.feedback.date_outside"), start=str(pledge.start), end=str(pledge.end))
            )
    if activity is not None and (area, day) != (activity.area_code, activity.date):
        errors.append(
            _error("activity", N_("error.feedback.activity_differs"), date=str(activity.date), area=activity.area_code)
        )

    wanted: list[int] = []
    for value in raw.get("topics") or []:
        try:
            wanted.append(int(value))
        except (TypeError, ValueError):
            errors.append(_error("topics", N_("error.feedback.unknown_topic"), topic=value))
    wanted = list(dict.fromkeys(wanted))
    topics = {
        row.id: row
        for row in session.execute(
            select(Topic).where(col(Topic.id).in_(wanted), col(Topic.pledge_id) == pledge.id)
        ).scalars()
    }
    errors += [_error("topics", N_("error.feedback.unknown_topic"), topic=i) for i in wanted if i not in topics]
    if not wanted and not new_texts:
        errors.append(_error("topics", N_("error.feedback.no_topics")))
    if activity is not None and topics:
        again = session.execute(
            select(col(TopicMention.topic_id)).where(
                col(TopicMention.activity_id) == activity.id, col(TopicMention.topic_id).in_(list(topics))
            )
        ).scalars()
        errors += [_error("topics", N_("error.feedback.already_mentioned"), code=topics[i].code) for i in set(again)]
    errors += _topic_text_errors(session, pledge, [("new_topics", text) for text in new_texts])
    if errors:
        raise ValidationError(errors)
    assert day is not None

    chosen = [topics[i] for i in wanted] + [_add_topic(session, by, pledge, text) for text in new_texts]
    made = []
    for topic in chosen:
        mention = TopicMention(
            topic_id=topic.id,
            activity_id=activity.id if activity else None,
            area_code=area,
            date=day,
            entered_by=by.username,
        )
        session.add(mention)
        made.append(mention)
    session.flush()
    for topic, mention in zip(chosen, made, strict=True):
        audit(
            session,
            by,
            "topic.mention",
            "topic",
            f"{pledge.code}/{topic.code}",
            None,
            {"mention": mention.id, "area": area, "date": str(day), "activity": mention.activity_id},
        )
    return made


def _answered_with(session: Session, topic: Topic) -> tuple[str | None, str | None]:
    """The codes of the commitment and planned action a topic is answered with (None for none)."""
    commitment = session.get(Commitment, topic.commitment_id) if topic.commitment_id is not None else None
    action = session.get(PlannedAction, topic.action_id) if topic.action_id is not None else None
    return (commitment.code if commitment else None, action.code if action else None)


def answer_topic(
    session: Session, by: Principal, topic_id: int, raw: Mapping[str, Any], today: dt.date | None = None
) -> Topic:
    """What was done about a topic: the commitment (``commitment``: its code) or planned action (``action``: its
    code; its commitment then answers) behind it, what was done (``answer``, ``answer_en`` optionally), how far it
    has come (``state``: planned, ongoing, done) and when (``answered_on``). An editor answers with their own actor's
    commitments, and only a topic no other actor has answered; the steering group may change any answer. A changed
    answer of a published topic is taken from the public until the steering group publishes it again: the public
    only ever sees an answer the steering group has let out."""
    require(by, Action.TOPIC_ANSWER)
    topic = session.get(Topic, topic_id)
    if topic is None:
        raise ValidationError([_error("topic", N_("error.feedback.unknown_topic"), topic=topic_id)])
    pledge = session.get(Pledge, topic.pledge_id)
    assert pledge is not None
    if topic.commitment_id is not None:  # answered before: by whom
        before_actor = session.get(Commitment, topic.commitment_id)
        require(by, Action.TOPIC_ANSWER, before_actor.actor_code if before_actor else None)
    today = today or dt.date.today()
    errors: list[FieldError] = []

    action: PlannedAction | None = None
    action_code = _clean(raw.get("action"))
    if action_code:
        action = session.execute(
            select(PlannedAction).where(
                col(PlannedAction.pledge_id) == pledge.id, col(PlannedAction.code) == action_code
            )
        ).scalar_one_or_none()
        if action is None:
            raise ValidationError([_error("action", N_("error.feedback.unknown_action"), action=action_code)])
    commitment: Commitment | None = None
    commitment_code = _clean(raw.get("commitment"))
    if commitment_code:
        commitment = session.execute(
            select(Commitment).where(col(Commitment.pledge_id) == pledge.id, col(Commitment.code) == commitment_code)
        ).scalar_one_or_none()
        if commitment is None:
            raise ValidationError(
                [_error("commitment", N_("error.feedback.unknown_commitment"), commitment=commitment_code)]
            )
    if action is not None:
        of_action = session.get(Commitment, action.commitment_id)
        if commitment is not None and of_action is not None and commitment.id != of_action.id:
            errors.append(
                _error("action", N_("error.feedback.action_commitment"), action=action.code, commitment=of_action.code)
            )
        commitment = commitment or of_action
        require(by, Action.TOPIC_ANSWER, action.actor_code)
    if commitment is None:
        raise ValidationError([_error("commitment", N_("error.feedback.no_commitment"))])
    require(by, Action.TOPIC_ANSWER, commitment.actor_code)  # an editor: their own actor's commitments only

    answer, answer_en = _clean(raw.get("answer")), _clean(raw.get("answer_en"))
    errors += _text_errors("answer", answer, MAX_TEXT, required=True)
    errors += _text_errors("answer_en", answer_en, MAX_TEXT, required=False)
    state = _clean(raw.get("state"))
    if state not in {s.value for s in AnswerState}:
        errors.append(_error("state", N_("error.feedback.unknown_state"), state=state or "–"))
    day = _date("answered_on", raw.get("answered_on"), errors)
    if day is not None:
        if day > today:
            errors.append(_error("answered_on", "validation.in_future", what=str(day)))
        elif day < pledge.start:
            errors.append(_error("answered_on", N_("error.feedback.before_pledge"), start=str(pledge.start)))
    if errors:
        raise ValidationError(errors)

    before = topic_snapshot(topic, *_answered_with(session, topic))
    topic.commitment_id, topic.action_id = commitment.id, action.id if action else None
    topic.answer, topic.answer_en, topic.answer_state, topic.answered_on = answer, answer_en, state, day
    topic.answered_by = by.username
    after = topic_snapshot(topic, commitment.code, action.code if action else None)
    if before == after:
        return topic  # nothing new said: no write, no audit, the public keeps it
    if topic.published_at is not None:
        topic.published_at = None  # the steering group sees the new answer before the public does
        after["published"] = False
    session.add(topic)
    session.flush()
    audit(session, by, "topic.answer", "topic", f"{pledge.code}/{topic.code}", before, after)
    return topic


def publish_topic(session: Session, by: Principal, topic_id: int, published: bool = True) -> bool:
    """Let the public see a topic, how often it was raised and its answer (or take it back): the steering group's
    decision. Returns whether anything changed (publishing a published topic changes nothing and is not audited)."""
    require(by, Action.TOPIC_PUBLISH)
    topic = session.get(Topic, topic_id)
    if topic is None:
        raise ValidationError([_error("topic", N_("error.feedback.unknown_topic"), topic=topic_id)])
    if (topic.published_at is not None) == published:
        return False
    pledge_code = session.execute(select(col(Pledge.code)).where(col(Pledge.id) == topic.pledge_id)).scalar_one()
    before = {"published_at": str(topic.published_at) if topic.published_at else None}
    topic.published_at = utcnow() if published else None
    session.add(topic)
    session.flush()
    audit(
        session,
        by,
        "topic.publish" if published else "topic.unpublish",
        "topic",
        f"{pledge_code}/{topic.code}",
        before,
        {"published_at": str(topic.published_at) if topic.published_at else None},
    )
    return True


def publish_topics(session: Session, by: Principal, wanted: Mapping[int, bool]) -> list[str]:
    """Publish or take back several topics in one unit of work (the steering group's table): the codes of those that
    changed (for the confirmation to name them)."""
    require(by, Action.TOPIC_PUBLISH)
    changed = [topic_id for topic_id, published in wanted.items() if publish_topic(session, by, topic_id, published)]
    if not changed:
        return []
    codes = dict(session.execute(select(col(Topic.id), col(Topic.code)).where(col(Topic.id).in_(changed))).all())
    return [codes[i] for i in changed]


def count_topics(session: Session, pledge_code: str) -> int:
    """How many topics a pledge has (the demo adds its own only to a pledge without any)."""
    return int(
        session.execute(
            select(func.count())
            .select_from(Topic)
            .join(Pledge, col(Pledge.id) == Topic.pledge_id)
            .where(col(Pledge.code) == pledge_code)
        ).scalar()
        or 0
    )
