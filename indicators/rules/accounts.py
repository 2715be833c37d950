"""What state an account is in, as the users page and `users list` on the command line both say it; and which roles
may do what with the topics residents raise in citizen dialogues ("Ni sa – vi gjorde")."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from indicators.base.models import Role


class AccountState(StrEnum):
    ACTIVE = "active"  # signs in
    WAITING = "waiting"  # sign-ins as it wait after too many failures, from some client (until ``locked_until``)
    DISABLED = "disabled"  # an admin disabled it: no sign-in at all


def account_state(disabled: bool, locked_until: dt.datetime | None, now: dt.datetime) -> AccountState:
    """A disabled account is disabled whatever else holds; an account whose wait has not yet run out at ``now``
    waits; any other is active (a wait that has run out, or a lock from before, is no longer a state)."""
    if disabled:
        return AccountState.DISABLED
    if locked_until is not None:
        until = locked_until if locked_until.tzinfo else locked_until.replace(tzinfo=dt.UTC)  # the store keeps UTC
        if until > now:
            return AccountState.WAITING
    return AccountState.ACTIVE


class TopicAction(StrEnum):
    """The writes of "Ni sa – vi gjorde" (:mod:`indicators.storage.feedback`). They sit beside the store's own
    actions (``indicators.storage.store.Action``) rather than among them: the steering group, which may not report
    an actor's figures, may record and answer what residents raised."""

    CREATE = "topic_create"  # a new topic residents raised
    MENTION = "topic_mention"  # a topic raised (again) at a dialogue: where and when
    ANSWER = "topic_answer"  # what was done, with which commitment, and how far it has come
    PUBLISH = "topic_publish"  # let the public see a topic and its answer, or take it back


#: Which roles may do what with topics. Editors are further bound to their own actor: a dialogue of their actor, a
#: commitment of their actor (:func:`indicators.storage.feedback.require_topic`).
TOPIC_ALLOWED: dict[TopicAction, frozenset[Role]] = {
    TopicAction.CREATE: frozenset({Role.EDITOR, Role.STEERING}),
    TopicAction.MENTION: frozenset({Role.EDITOR, Role.STEERING}),
    TopicAction.ANSWER: frozenset({Role.EDITOR, Role.STEERING}),
    TopicAction.PUBLISH: frozenset({Role.STEERING}),
}
