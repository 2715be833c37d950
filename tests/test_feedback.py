"""Ni sa – vi gjorde: who may record, answer and publish what residents raised (through the domain, refused writes
change nothing), each rule by its field (no personal data), the public read and the newsletter show published
topics only, and the editor's page records a dialogue's topics and the steering group's publishes."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, func, select
from sqlmodel import Session, col
from streamlit.testing.v1 import AppTest

from indicators.base.models import Activity, AuditEntry, Role, Topic, TopicMention
from indicators.read import feedback as said
from indicators.rules.validation import ValidationError
from indicators.storage import db, feedback
from indicators.storage.store import PermissionDenied, Principal
from indicators.views import newsletter
from tests.support import app_test, examples, run_with_edits

PLEDGE = "sofielund-2022"
TODAY = dt.date(2023, 6, 1)
WHO: dict[str, Principal | None] = {
    "public": None,
    "viewer": Principal("lasare", Role.VIEWER),
    "editor_pol": Principal("pol", Role.EDITOR, "POL"),
    "editor_fgk": Principal("fgk", Role.EDITOR, "FGK"),
    "steering": Principal("ordf", Role.STEERING),
    "admin": Principal("admin", Role.ADMIN),
}
STEERING = WHO["steering"]
assert STEERING is not None


def _activity(session: Session, actor: str, type_: str) -> Activity:
    return (
        session.execute(
            select(Activity)
            .where(col(Activity.actor_code) == actor, col(Activity.type) == type_)
            .order_by(col(Activity.date))
        )
        .scalars()
        .first()
    )  # type: ignore[return-value]


def _topic(session: Session, code: str) -> Topic:
    return session.execute(select(Topic).where(col(Topic.code) == code)).scalar_one()


def _counts(url: str) -> tuple[int, int, int, list[Any]]:
    """Audit entries, topics, mentions, and every topic's answer and publication: what a refused write must leave."""
    with db.read_session(url) as s:
        topics = s.execute(select(Topic).order_by(col(Topic.id))).scalars().all()
        return (
            int(s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()),
            len(topics),
            int(s.execute(select(func.count()).select_from(TopicMention)).scalar_one()),
            [(t.code, t.commitment_id, t.answer, t.answer_state, t.published_at) for t in topics],
        )


def _mention_at_pol_dialogue(s: Session, by: Any) -> Any:
    dialogue = _activity(s, "POL", "citizen_dialogue")
    return feedback.record_mentions(s, by, PLEDGE, {"topics": [_topic(s, "T5").id], "activity": dialogue.id})


def _answer_with_p2(s: Session, by: Any) -> Any:
    return feedback.answer_topic(
        s,
        by,
        _topic(s, "T6").id,
        {"commitment": "P2", "answer": "Fler kvällspass", "state": "planned", "answered_on": "2023-05-01"},
    )


#: write → (function of (session, principal), who may)
WRITES: dict[str, tuple[Callable[[Session, Any], Any], set[str]]] = {
    "create": (
        lambda s, by: feedback.create_topic(s, by, PLEDGE, "Buskörning med moped"),
        {"editor_pol", "editor_fgk", "steering"},
    ),
    "mention_no_dialogue": (
        lambda s, by: feedback.record_mentions(
            s, by, PLEDGE, {"new_topics": ["Klotter på skolan"], "area": "11319", "date": "2023-03-02"}
        ),
        {"editor_pol", "editor_fgk", "steering"},
    ),
    "mention_pol_dialogue": (_mention_at_pol_dialogue, {"editor_pol", "steering"}),
    "answer_with_pol_commitment": (_answer_with_p2, {"editor_pol", "steering"}),
    "publish": (lambda s, by: feedback.publish_topic(s, by, _topic(s, "T5").id), {"steering"}),
    "unpublish": (lambda s, by: feedback.publish_topic(s, by, _topic(s, "T1").id, False), {"steering"}),
}


@pytest.mark.parametrize("who", list(WHO))
@pytest.mark.parametrize("write", list(WRITES))
def test_each_topic_write_allows_only_its_roles_and_actor(store_url: str, write: str, who: str) -> None:
    """Every role and actor against every write of topics: allowed ones are audited; refused ones change nothing."""
    work, allowed = WRITES[write]
    principal = WHO[who]
    before = _counts(store_url)
    if who in allowed:
        db.run_write(lambda s: work(s, principal), store_url)
        with db.read_session(store_url) as s:
            entries = s.execute(select(AuditEntry).where(col(AuditEntry.id) > before[0])).scalars().all()
        assert principal is not None and entries and {e.username for e in entries} == {principal.username}
        assert {e.action for e in entries} <= {
            "topic.create",
            "topic.mention",
            "topic.answer",
            "topic.publish",
            "topic.unpublish",
        }
    else:
        with pytest.raises(PermissionDenied):
            db.run_write(lambda s: work(s, principal), store_url)
        assert _counts(store_url) == before


def test_an_editor_cannot_change_another_actors_answer(store_url: str) -> None:
    """T1 is answered with the police's P2: FGK's editor cannot answer it with F1; the steering group can."""
    before = _counts(store_url)
    raw = {"commitment": "F1", "answer": "Städning", "state": "done", "answered_on": "2023-04-01"}
    with pytest.raises(PermissionDenied):
        db.run_write(lambda s: feedback.answer_topic(s, WHO["editor_fgk"], _topic(s, "T1").id, raw), store_url)  # type: ignore[arg-type]
    assert _counts(store_url) == before
    db.run_write(lambda s: feedback.answer_topic(s, STEERING, _topic(s, "T1").id, raw, today=TODAY), store_url)
    with db.read_session(store_url) as s:
        assert _topic(s, "T1").answer == "Städning"


def _refused(url: str, work: Callable[[Session], Any]) -> list[tuple[str, str]]:
    """The fields and message ids a refused write names; and that it stored nothing."""
    before = _counts(url)
    with pytest.raises(ValidationError) as refused:
        db.run_write(work, url)
    assert _counts(url) == before
    return [(e.field, e.msgid) for e in refused.value.errors]


@pytest.mark.parametrize(
    ("text", "msgid"),
    [
        ("", "validation.required_fill"),
        ("x" * 201, "text.too_long"),
        ("Mörka\u202e gångvägar", "text.hidden"),
        ("Anna 19850312-1234 klagade", "error.feedback.personal_number"),
        ("ring 070-123 45 67", "error.feedback.phone"),
        ("mejla anna.svensson@example.se", "error.feedback.email"),
        ("narkotikahandel NÄRA skolan", "error.feedback.topic_exists"),
    ],
)
def test_a_topic_text_is_refused_by_its_rule(store_url: str, text: str, msgid: str) -> None:
    """A topic is what was raised, short and plain: never a name's identifiers, hidden characters, or a repeat."""
    assert _refused(store_url, lambda s: feedback.create_topic(s, STEERING, PLEDGE, text)) == [("text", msgid)]


def test_a_new_topic_that_is_an_existing_one_but_for_case_and_spacing_is_refused_naming_it(store_url: str) -> None:
    """ "mörka gångvägar genom parken" (and with no-break spaces, decomposed "ö", a trailing soft hyphen) is the
    existing topic: refused, its code named, no new topic made, from a dialogue record as from the topic form."""
    with db.read_session(store_url) as s:
        code = s.execute(select(col(Topic.code)).where(col(Topic.text) == "Mörka gångvägar genom parken")).scalar_one()
    raw = {"new_topics": ["mörka  gångvägar\u00a0genom PARKEN "], "area": "11319", "date": "2023-03-01"}
    with pytest.raises(ValidationError) as error:
        db.run_write(lambda s: feedback.record_mentions(s, STEERING, PLEDGE, raw, today=TODAY), store_url)
    assert [(e.field, e.msgid, e.params["code"]) for e in error.value.errors] == [
        ("new_topics", "error.feedback.topic_exists", code)
    ]
    assert f"finns redan som ämne {code}" in str(error.value)
    decomposed = unicodedata.normalize("NFD", "MÖRKA GÅNGVÄGAR GENOM PARKEN")
    assert _refused(store_url, lambda s: feedback.create_topic(s, STEERING, PLEDGE, decomposed)) == [
        ("text", "error.feedback.topic_exists")
    ]
    assert feedback.topic_key("Mörka gångvägar genom parken\u00ad") == feedback.topic_key(decomposed)


_SPACES = st.sampled_from([" ", "  ", "\u00a0", "\t", " \u00a0 ", "\u2003"])


@given(data=st.data())
@examples(200)
def test_no_case_space_or_unicode_form_variant_of_a_topic_makes_a_new_topic(
    store_url: str, data: st.DataObject
) -> None:
    """Any variant of an existing topic's text in case, white space (no-break spaces too), NFC or NFD, with or
    without a trailing soft hyphen: refused (as that topic, naming its code, or for the soft hyphen), never stored as
    a new topic, whether written in the topic form or in a dialogue record."""
    with db.read_session(store_url) as s:
        existing = {t.text: t.code for t in s.execute(select(Topic)).scalars()}
    text = data.draw(st.sampled_from(sorted(existing)))
    flips = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    cased = "".join(c.swapcase() if flip else c for c, flip in zip(text, flips, strict=True))
    words = cased.split()
    spaced = data.draw(_SPACES.filter(lambda x: x.strip() == "") | st.just(""))
    for word in words:
        spaced += word + data.draw(_SPACES)
    variant = unicodedata.normalize(data.draw(st.sampled_from(["NFC", "NFD"])), spaced)
    shy = data.draw(st.booleans())
    variant += "\u00ad" if shy else ""
    use_form = data.draw(st.booleans())
    with Session(db.get_engine(store_url)) as s:
        try:
            before = int(s.execute(select(func.count()).select_from(Topic)).scalar_one())
            with pytest.raises(ValidationError) as error:
                if use_form:
                    feedback.create_topic(s, STEERING, PLEDGE, variant)
                else:
                    raw = {"new_topics": [variant], "area": "11319", "date": "2023-03-01"}
                    feedback.record_mentions(s, STEERING, PLEDGE, raw, today=TODAY)
            assert int(s.execute(select(func.count()).select_from(Topic)).scalar_one()) == before
            (refusal,) = error.value.errors
            if shy:
                assert refusal.msgid in {"text.hidden", "error.feedback.topic_exists"}
            else:
                assert (refusal.msgid, refusal.params["code"]) == ("error.feedback.topic_exists", existing[text])
        finally:
            s.rollback()


def test_dates_areas_numbers_and_phrases_that_are_not_personal_data_pass() -> None:
    """What residents say has dates, times and counts in it: none of it is mistaken for personal data."""
    for fine in ("Möte 2022-04-01 kl. 18–20", "3 av 10 lampor trasiga", "Buss 5 kommer sällan", "år 2023"):
        assert feedback.personal_data(fine) is None, fine


def test_a_dialogue_record_names_each_broken_rule_by_field_and_stores_nothing(store_url: str) -> None:
    with db.read_session(store_url) as s:
        patrol = _activity(s, "POL", "patrol").id
        dialogue = _activity(s, "POL", "citizen_dialogue")
        t1 = _topic(s, "T1").id
    record = feedback.record_mentions

    def refused(raw: dict[str, Any]) -> list[tuple[str, str]]:
        return _refused(store_url, lambda s: record(s, STEERING, PLEDGE, raw, today=TODAY))

    assert refused({"new_topics": ["Ny fråga"], "area": "99999", "date": "2023-03-01"}) == [
        ("area", "error.feedback.area_outside")
    ]
    assert refused({"topics": [t1], "area": "11319", "date": "2023-06-02"}) == [("date", "validation.in_future")]
    assert refused({"topics": [t1], "area": "11319", "date": "2021-12-31"}) == [("date", "error.feedback.date_outside")]
    assert refused({"topics": [t1], "area": "11319", "date": "1 maj"}) == [("date", "validation.date_format")]
    assert refused({"area": "11319", "date": "2023-03-01"}) == [("topics", "error.feedback.no_topics")]
    assert refused({"topics": [999999], "area": "11319", "date": "2023-03-01"}) == [
        ("topics", "error.feedback.unknown_topic")
    ]
    assert refused({"topics": [t1], "activity": patrol}) == [("activity", "error.feedback.not_dialogue")]
    assert refused(
        {"topics": [t1], "activity": dialogue.id, "area": "11316" if dialogue.area_code != "11316" else "11317"}
    ) == [("activity", "error.feedback.activity_differs")]
    assert refused({"new_topics": ["Ok", "ring 0701234567"], "area": "11319", "date": "2023-03-01"}) == [
        ("new_topics", "error.feedback.phone")
    ]  # the good new topic is not stored either
    db.run_write(lambda s: record(s, STEERING, PLEDGE, {"topics": [t1], "activity": dialogue.id}), store_url)
    assert refused({"topics": [t1], "activity": dialogue.id}) == [("topics", "error.feedback.already_mentioned")]


def test_an_answer_names_each_broken_rule_by_field_in_both_languages(store_url: str) -> None:
    with db.read_session(store_url) as s:
        t6 = _topic(s, "T6").id

    def refused(raw: dict[str, Any]) -> list[tuple[str, str]]:
        return _refused(store_url, lambda s: feedback.answer_topic(s, STEERING, t6, raw, today=TODAY))

    good = {
        "commitment": "A2",
        "answer": "Fältgruppen möter unga på kvällar",
        "state": "ongoing",
        "answered_on": "2023-05-01",
    }
    assert refused({**good, "commitment": ""}) == [("commitment", "error.feedback.no_commitment")]
    assert refused({**good, "commitment": "X9"}) == [("commitment", "error.feedback.unknown_commitment")]
    assert refused({**good, "action": "Z9"}) == [("action", "error.feedback.unknown_action")]
    assert refused({**good, "answer": "  "}) == [("answer", "validation.required_fill")]
    assert refused({**good, "answer_en": "call 070 123 45 67"}) == [("answer_en", "error.feedback.phone")]
    assert refused({**good, "state": "klar"}) == [("state", "error.feedback.unknown_state")]
    assert refused({**good, "answered_on": "2023-06-30"}) == [("answered_on", "validation.in_future")]
    assert refused({**good, "answered_on": "2022-01-01"}) == [("answered_on", "error.feedback.before_pledge")]
    with pytest.raises(ValidationError) as error:
        db.run_write(lambda s: feedback.answer_topic(s, STEERING, t6, {**good, "state": ""}, today=TODAY), store_url)
    assert str(error.value) == "Läge: okänt läge –: planerat, pågår eller klart"
    assert error.value.text("en") == "State: unknown state –: planned, ongoing or done"


def test_a_changed_answer_leaves_the_public_until_the_steering_group_publishes_it_again(store_url: str) -> None:
    """An editor's new answer to a published topic is not public before the steering group has seen it."""
    raw = {
        "commitment": "P2",
        "answer": "Polisen finns vid skolan varje dag",
        "state": "done",
        "answered_on": "2023-05-20",
    }
    db.run_write(
        lambda s: feedback.answer_topic(s, WHO["editor_pol"], _topic(s, "T1").id, raw, today=TODAY),  # type: ignore[arg-type]
        store_url,
    )
    with db.read_session(store_url) as s:
        assert "T1" not in set(said.public_topics(s, PLEDGE)["code"])
        entry = (
            s.execute(
                select(AuditEntry).where(col(AuditEntry.action) == "topic.answer").order_by(col(AuditEntry.id).desc())
            )
            .scalars()
            .first()
        )
    assert entry is not None and entry.before and entry.after
    assert (entry.before["published"], entry.after["published"]) == (True, False)
    assert entry.after["answer"] == raw["answer"] and entry.after["commitment"] == "P2"
    db.run_write(lambda s: feedback.publish_topic(s, STEERING, _topic(s, "T1").id), store_url)
    with db.read_session(store_url) as s:
        shown = said.public_topics(s, PLEDGE).set_index("code")
    assert shown.loc["T1", "answer"] == raw["answer"] and shown.loc["T1", "answer_state"] == "done"


# --- The public read, as a property ---------------------------------------------------------------------------------

AREAS = ["11316", "11319", "11320", "11322"]
_topic_plan = st.fixed_dictionaries(
    {
        "mentions": st.lists(st.tuples(st.sampled_from(AREAS), st.integers(0, 390)), max_size=4),
        "answered": st.booleans(),
        "published": st.booleans(),
    }
)


@given(plans=st.lists(_topic_plan, max_size=6))
@examples(100)
def test_the_public_list_is_exactly_the_published_topics_with_their_mentions_counted(
    store_url: str, plans: list[dict[str, Any]]
) -> None:
    """Random topics, mentions and publication: the public list holds exactly the published topics, each with as
    many mentions as were recorded, and no unpublished topic's text or answer; the newsletter's answers are published
    ones, newest first."""
    with Session(db.get_engine(store_url)) as s:
        try:
            s.execute(delete(TopicMention))
            s.execute(delete(Topic))
            expected: dict[str, int] = {}
            hidden: list[str] = []
            for i, plan in enumerate(plans):
                topic = feedback.create_topic(s, STEERING, PLEDGE, f"Ämne nummer {i}")
                assert topic.id is not None
                for area, day in plan["mentions"]:
                    when = dt.date(2022, 4, 1) + dt.timedelta(days=day)
                    feedback.record_mentions(
                        s, STEERING, PLEDGE, {"topics": [topic.id], "area": area, "date": when}, today=TODAY
                    )
                if plan["answered"]:
                    feedback.answer_topic(
                        s,
                        STEERING,
                        topic.id,
                        {
                            "commitment": "P2",
                            "answer": f"Svar nummer {i}",
                            "state": "done",
                            "answered_on": dt.date(2022, 5, 1 + i),
                        },
                        today=TODAY,
                    )
                if plan["published"]:
                    feedback.publish_topic(s, STEERING, topic.id)
                    expected[topic.code] = len(plan["mentions"])
                else:
                    hidden += [f"Ämne nummer {i}", f"Svar nummer {i}"]
            shown = said.public_topics(s, PLEDGE)
            assert dict(zip(shown["code"], shown["mentions"], strict=True)) == expected
            assert not set(shown["text"]) & set(hidden) and not set(shown["answer"].dropna()) & set(hidden)
            answers = said.newest_answers(s, PLEDGE)
            assert set(answers["code"]) <= set(expected) and all(answers["answer"].str.len() > 0)
            assert list(answers["answered_on"]) == sorted(answers["answered_on"], reverse=True)
            published_answers = sum(1 for p in plans if p["published"] and p["answered"])
            assert len(answers) == min(published_answers, said.NEWSLETTER_ANSWERS)
        finally:
            s.rollback()


def test_the_newsletter_carries_the_newest_published_answers_only(store_url: str) -> None:
    """The demo's published answers are in the letter, newest first; T5's unpublished one is not until published."""
    with db.read_session(store_url) as s:
        letter = newsletter.build(s, PLEDGE, "11319", dt.date(2022, 4, 1), dt.date(2023, 4, 30))
    assert letter is not None
    page = newsletter.html(letter)
    assert "Ni sa – vi gjorde" in page and "<caption>De senaste svaren</caption>" in page
    assert "Ny belysning längs gångvägarna i parken (exempel)." in page and "✔ Klart" in page
    assert "Blomlådor" not in page  # T5: answered, not published
    assert list(letter.answers["answered_on"]) == sorted(letter.answers["answered_on"], reverse=True)
    db.run_write(lambda s: feedback.publish_topic(s, STEERING, _topic(s, "T5").id), store_url)
    with db.read_session(store_url) as s:
        letter = newsletter.build(s, PLEDGE, "11319", dt.date(2022, 4, 1), dt.date(2023, 4, 30))
    assert letter is not None and "Blomlådor" in newsletter.html(letter)
    with db.read_session(store_url) as s:  # a letter for the first quarter: no answer was given by its end yet
        early = newsletter.build(s, PLEDGE, "11319", dt.date(2022, 4, 1), dt.date(2022, 6, 30))
    assert early is not None and not len(early.answers)
    assert "Inget ämne är publicerat ännu." in newsletter.html(early)


# --- Pages ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def url(store_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    return store_url


def _page(user: str, page: str = "pages/feedback.py") -> AppTest:
    at = app_test(user)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_an_editor_records_what_was_raised_at_a_dialogue(url: str) -> None:
    """The police's editor picks one of their dialogues, an existing topic and a new one: two mentions with the
    dialogue's area and day, and the new topic made; the dialogue list holds only the police's own."""
    at = _page("pol")
    with db.read_session(url) as s:
        own = {a.id for a in s.execute(select(Activity).where(col(Activity.actor_code) == "POL")).scalars()}
    assert len(at.selectbox(key="fb_dialogue_0").options) > 1
    at.selectbox(key="fb_dialogue_0").select_index(1).run()  # the first dialogue after "no recorded dialogue"
    dialogue = at.selectbox(key="fb_dialogue_0").value
    assert dialogue in own
    with db.read_session(url) as s:  # a topic not yet recorded from that dialogue
        taken = set(
            s.execute(select(col(TopicMention.topic_id)).where(col(TopicMention.activity_id) == dialogue)).scalars()
        )
        t3 = next(t.id for t in s.execute(select(Topic).order_by(col(Topic.id))).scalars() if t.id not in taken)
    at.multiselect(key="fb_topics_0").select(t3)
    at.text_area(key="fb_new_0").input("Trasig belysning vid busshållplatsen")
    next(b for b in at.button if "fb_raised" in b.id).click().run()
    assert not at.exception
    assert any("2 ämnen sparades" in s.value for s in at.success), [e.value for e in at.error]
    with db.read_session(url) as s:
        held = s.get(Activity, dialogue)
        made = s.execute(select(TopicMention).where(col(TopicMention.activity_id) == dialogue)).scalars().all()
        new = s.execute(select(Topic).where(col(Topic.text) == "Trasig belysning vid busshållplatsen")).scalar_one()
    assert held is not None and {m.topic_id for m in made} >= {t3, new.id}
    assert {(m.area_code, m.date, m.entered_by) for m in made if m.topic_id in (t3, new.id)} == {
        (held.area_code, held.date, "pol")
    }


def test_the_steering_group_publishes_a_topic_from_the_table(url: str) -> None:
    """The table shows what is published, the answer (and its English) too; the confirmation names the topic."""
    at = _page("ordf")
    table = at.dataframe[0]
    with db.read_session(url) as s:
        rows = said.topics(s, PLEDGE)
    row = int(rows.index[rows["code"] == "T5"][0])
    shown = table.value
    assert list(shown["Vi gjorde"]) == [a or "–" for a in rows["answer"]]
    assert list(shown["Vi gjorde, på engelska"]) == [a or "–" for a in rows["answer_en"]]
    assert "Blomlådor" in shown["Vi gjorde"].iloc[row]
    at = run_with_edits(at, table, {row: {"Publicerad": True}})
    next(b for b in at.button if b.key == "fb_publish_save").click()
    at = run_with_edits(at, table, {row: {"Publicerad": True}})
    assert not at.exception
    assert any("1 ämne ändrades" in s.value and "Ändrade ämnen: T5." in s.value for s in at.success)
    with db.read_session(url) as s:
        assert _topic(s, "T5").published_at is not None


def _answer_field(at: AppTest, name: str) -> Any:
    """The answer form's widget ``name`` (its key is the name, then the topic's id and answer version)."""
    return next(
        w
        for kind in ("text_area", "date_input", "selectbox", "radio")
        for w in at.get(kind)
        if w.key and re.fullmatch(rf"{name}_\d+_[0-9a-f]+_\d+", w.key)
    )


def test_switching_the_topic_to_answer_opens_that_topics_own_answer_and_saves_only_what_was_typed(url: str) -> None:
    """Regression: picking T1 (answered), then an unanswered topic, left T1's answer, English answer, date and
    commitment in the form, and saving stored T1's English answer and date on the other topic. Each topic's form
    now holds its own stored answer (empty when unanswered), and saving stores what was typed there."""
    made = db.run_write(lambda s: feedback.create_topic(s, STEERING, PLEDGE, "Nedskräpning vid torget"), url)
    with db.read_session(url) as s:
        rows = said.topics(s, PLEDGE).set_index("code")
    t1 = rows.loc["T1"]
    assert t1["answer"] and t1["answer_en"] and t1["answered_on"] != dt.date.today()
    other_code = made.code
    assert not isinstance(rows.loc[other_code, "answer"], str) or not rows.loc[other_code, "answer"]
    other = int(rows.loc[other_code, "id"])
    at = _page("ordf")
    at.selectbox(key="fb_answer_topic").set_value(int(t1["id"])).run()
    assert _answer_field(at, "fb_answer").value == t1["answer"]
    assert _answer_field(at, "fb_answer_en").value == t1["answer_en"]
    at.selectbox(key="fb_answer_topic").set_value(other).run()
    assert not at.exception
    assert _answer_field(at, "fb_answer").value == ""
    assert _answer_field(at, "fb_answer_en").value == ""
    assert _answer_field(at, "fb_answered_on").value == dt.date.today()
    assert _answer_field(at, "fb_action").value == ""
    _answer_field(at, "fb_answer").input("Vi har pratat med fastighetsägaren")
    next(b for b in at.button if b.id and "fb_answer_" in b.id).click().run()
    assert not at.exception
    assert any(other_code in m.value for m in at.success), [e.value for e in at.error]
    with db.read_session(url) as s:
        saved = s.get(Topic, other)
        first = _topic(s, "T1")
    assert saved is not None
    assert (saved.answer, saved.answer_en, saved.answered_on, saved.published_at) == (
        "Vi har pratat med fastighetsägaren",
        "",
        dt.date.today(),
        None,
    )
    assert (first.answer, first.answer_en, first.answered_on) == (t1["answer"], t1["answer_en"], t1["answered_on"])


def test_the_public_page_shows_published_topics_with_their_answer_and_state(url: str) -> None:
    at = app_test()
    at.run()
    at.switch_page("pages/public_done.py").run()
    assert not at.exception
    assert "Ni sa – vi gjorde" in [h.value for h in at.header]
    titles = [h.value for h in at.subheader]
    assert "Narkotikahandel nära skolan (exempeldata)" in titles
    assert not any("Höga hastigheter" in t for t in titles)  # answered, not published
    text = "\n".join(m.value for m in at.markdown) + "\n".join(h.proto.body for h in at.get("html"))
    assert "Togs upp **6 gånger**" in text and "◐ Pågår" in text and "Blomlådor" not in text
    assert "<caption>Det boende tog upp, hur många gånger, och läget för svaret</caption>" in text
