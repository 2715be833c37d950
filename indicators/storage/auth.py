"""Users, passwords and sign-in: argon2 hashes checked outside any transaction, failed attempts slowed per username
and per client, every change audited.

A password or its hash never leaves this module: audit entries, errors and return values carry neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TypedDict

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlmodel import Session, col

from indicators.base.i18n import N_, DomainError
from indicators.base.models import Actor, Role, SignInHandoff, SignInSession, SignInThrottle, User, utcnow
from indicators.rules.validation import FieldError, ValidationError
from indicators.storage import db
from indicators.storage.store import SYSTEM, Action, Principal, audit, require

MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

_hasher = PasswordHasher()

#: The demo accounts' password, published in the README and on a loopback server's sign-in page. A server that
#: others can reach never accepts it (see :func:`sign_in`), whichever account it belongs to.
DEMO_PASSWORD = "exempel-losen"  # noqa: S105 - a published demo password, by design


class SignInError(DomainError, PermissionError):
    """Sign-in refused (a message id and values; ``str()`` in Swedish). A wrong username and a wrong password get
    the same answer, and so does a wait after too many failures (whether the name exists or not); a disabled account
    is told only to the right password."""


WRONG = N_("error.sign_in.wrong")
PUBLISHED = N_("error.user.password_published")


def _user_view(user: User) -> dict[str, object]:
    """What the audit trail keeps of a user: never the password hash."""
    return {"username": user.username, "role": user.role, "actor_code": user.actor_code, "disabled": user.disabled}


def validate_new_user(
    session: Session, username: str, password: str, role: str, actor_code: str | None
) -> list[FieldError]:
    errors = []
    if username in RESERVED_USERNAMES:
        errors.append(FieldError("username", "error.user.reserved", username=username))
    elif not USERNAME.match(username):
        errors.append(FieldError("username", "error.user.username_rule"))
    elif session.execute(select(col(User.id)).where(col(User.username) == username)).first() is not None:
        errors.append(FieldError("username", "error.user.taken", username=username))
    if len(password) < MIN_PASSWORD:
        errors.append(FieldError("password", "error.user.password_short", min=MIN_PASSWORD))
    elif password == DEMO_PASSWORD and not username.startswith("demo-"):
        errors.append(FieldError("password", PUBLISHED))
    if role not in {r.value for r in Role}:
        errors.append(FieldError("role", "error.user.unknown_role", role=repr(role)))
    if role == Role.EDITOR and not actor_code:
        errors.append(FieldError("actor", "error.user.editor_actor"))
    if actor_code and session.get(Actor, actor_code) is None:
        errors.append(FieldError("actor", "error.user.unknown_actor", actor=repr(actor_code)))
    if actor_code and role != Role.EDITOR:
        errors.append(FieldError("actor", "error.user.actor_only_editor"))
    return errors


def add_user(
    session: Session, by: Principal, username: str, password: str, role: str, actor_code: str | None = None
) -> None:
    require(by, Action.MANAGE_USERS)
    username = username.strip().lower()
    errors = validate_new_user(session, username, password, role, actor_code or None)
    if errors:
        raise ValidationError(errors)
    user = User(username=username, role=role, actor_code=actor_code or None, password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    audit(session, by, "user.add", "user", username, None, _user_view(user))


def _get(session: Session, username: str) -> User:
    user = session.execute(select(User).where(col(User.username) == username.strip().lower())).scalar_one_or_none()
    if user is None:
        raise ValidationError([FieldError("username", "error.user.none", username=repr(username))])
    return user


def set_disabled(session: Session, by: Principal, username: str, disabled: bool = True) -> None:
    require(by, Action.MANAGE_USERS)
    user = _get(session, username)
    if disabled and user.role == Role.ADMIN and not user.disabled:
        others = session.execute(
            select(col(User.id)).where(col(User.role) == Role.ADMIN, ~col(User.disabled), col(User.id) != user.id)
        ).first()
        if others is None:
            raise ValidationError([FieldError("username", "error.user.last_admin", username=user.username)])
    before = _user_view(user)
    user.disabled = disabled
    if disabled:
        _end_sessions_of(session, user.username)
    if not disabled:
        _lift_wait(session, user.username)
    session.add(user)
    audit(session, by, "user.disable" if disabled else "user.enable", "user", user.username, before, _user_view(user))


def set_password(session: Session, by: Principal, username: str, password: str) -> None:
    """An admin sets a new password (and lifts a lock)."""
    require(by, Action.MANAGE_USERS)
    if len(password) < MIN_PASSWORD:
        raise ValidationError([FieldError("password", "error.user.password_short", min=MIN_PASSWORD)])
    if password == DEMO_PASSWORD:
        raise ValidationError([FieldError("password", PUBLISHED)])
    user = _get(session, username)
    user.password_hash = _hasher.hash(password)
    _lift_wait(session, user.username)
    session.add(user)
    _end_sessions_of(session, user.username)  # a stolen session does not outlive a new password
    audit(session, by, "user.password", "user", user.username, None, {"password": "ändrat"})


# --- Sign-in: the password checked outside any transaction, failures slowed per username and per client -------------

#: Failed sign-ins allowed before every further attempt waits: per username from one client address (one source
#: guessing one account), per client address (one source guessing many), and per username from anywhere (many
#: sources guessing one account: high, so that locking someone out takes many addresses). Each failure beyond them
#: doubles the wait, from 30 seconds up to 15 minutes.
PAIR_FREE_FAILURES = 5
CLIENT_FREE_FAILURES = 10
USER_FREE_FAILURES = 50
FIRST_WAIT_SECONDS = 30
LONGEST_WAIT_SECONDS = 15 * 60
#: A key's failures are forgotten an hour after the last one.
FORGET_AFTER = dt.timedelta(hours=1)
RESERVED_USERNAMES = frozenset({SYSTEM.username})

#: What an unknown username is checked against, so that it costs the same time as a real one.
_DUMMY_HASH = _hasher.hash("ingen-sådan-användare")


#: The checking thread's nice value (Linux, that thread only: raising it needs no privilege). At 10 it has a tenth of
#: the weight of normal work: a flood of checks cannot crowd out an editor's save, while a sign-in on a machine busy
#: with other work still gets its turn within a second or two (at 19 it starved there).
CHECK_NICE = 10


def _low_priority() -> None:
    """The checking thread yields the processor to everything else in the process and on the machine."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), CHECK_NICE)
    except (AttributeError, OSError):  # not Linux: checked at normal priority
        pass


#: Passwords are checked one at a time per process, in a thread of low priority: a flood of sign-in attempts
#: takes at most one core per server, and whatever else the machine does (an editor's save) goes first.
_checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="password-check", initializer=_low_priority)


def _password_matches(password_hash: str, password: str) -> bool:
    def check() -> bool:
        try:
            return bool(_hasher.verify(password_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    return _checker.submit(check).result()


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def throttle_keys(username: str, client: str) -> list[str]:
    """The keys an attempt counts against: the username from anywhere, the username from this client, the client."""
    name, address = username.strip().lower()[:120], (client or "?")[:100]
    return [f"user:{name}", f"pair:{name}@{address}", f"client:{address}"]


def waiting(session: Session, keys: list[str], now: dt.datetime) -> int:
    """How many seconds any of ``keys`` must still wait before an attempt is even checked (0: none)."""
    rows = session.execute(select(col(SignInThrottle.blocked_until)).where(col(SignInThrottle.key).in_(keys))).scalars()
    until = max((u.replace(tzinfo=dt.UTC) if u.tzinfo is None else u for u in rows if u is not None), default=None)
    return max(0, math.ceil((until - now).total_seconds())) if until is not None and until > now else 0


def _fail(session: Session, key: str, free: int, now: dt.datetime) -> dt.datetime | None:
    """Count one failure for a key; the time it is blocked until when the failure earns a wait."""
    row = session.get(SignInThrottle, key)
    if row is None:
        row = SignInThrottle(key=key, failures=0, last_failure_at=now)
    elif now - (_aware(row.last_failure_at) or now) > FORGET_AFTER:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    if row.failures >= free:
        wait = min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (row.failures - free))
        row.blocked_until = now + dt.timedelta(seconds=wait)
    session.add(row)
    return row.blocked_until if row.failures >= free else None


def _record_failure(session: Session, user: User | None, keys: list[str], now: dt.datetime) -> None:
    """A wrong password (or an unknown name): both keys count it; an existing account's trail says so, and when
    its username starts to wait. Old keys are forgotten here too."""
    session.execute(delete(SignInThrottle).where(col(SignInThrottle.last_failure_at) < now - FORGET_AFTER))
    blocks = [_fail(session, keys[0], USER_FREE_FAILURES, now), _fail(session, keys[1], PAIR_FREE_FAILURES, now)]
    _fail(session, keys[2], CLIENT_FREE_FAILURES, now)
    user_block = max((b for b in blocks if b is not None), default=None)
    if user is not None:
        actor = Principal(user.username, Role(user.role), user.actor_code)
        failures = session.get(SignInThrottle, keys[1])
        audit(session, actor, "user.sign_in_failed", "user", user.username, None,
              {"failures": failures.failures if failures else 1})  # fmt: skip
        if user_block is not None:
            audit(session, actor, "user.throttled", "user", user.username, None, {"until": user_block.isoformat()})


def _record_success(session: Session, who: Principal, keys: list[str], new_hash: str | None) -> None:
    session.execute(delete(SignInThrottle).where(col(SignInThrottle.key).in_(keys)))
    if new_hash is not None:
        user = session.execute(select(User).where(col(User.username) == who.username)).scalar_one()
        user.password_hash = new_hash
        session.add(user)
    audit(session, who, "user.sign_in", "user", who.username)


def _wait_error(seconds: int) -> SignInError:
    if seconds < 120:
        return SignInError("error.sign_in.wait_seconds", n=seconds)
    return SignInError("error.sign_in.wait_minutes", n=math.ceil(seconds / 60))


EXPOSED = N_("error.sign_in.exposed")


def sign_in(
    url: str,
    username: str,
    password: str,
    now: dt.datetime | None = None,
    *,
    exposed: bool = False,
    client: str = "",
) -> Principal:
    """Sign in against the store at ``url``: the user, or :class:`SignInError` (after storing the failure).

    The password is checked outside any transaction (argon2 is slow by design; a flood of attempts must not hold
    the store's write lock), and the failure or success written after it in a short one. A username or client that
    failed too often waits before any attempt is checked, with the same answer whether the account exists or not.
    ``exposed``: the server listens beyond this machine, where the published demo password is refused outright."""
    now = now or utcnow()
    if exposed and password == DEMO_PASSWORD:
        raise SignInError(EXPOSED)
    name = username.strip().lower()
    keys = throttle_keys(name, client)
    with _one_attempt_at_a_time:  # the wait read, the check and the bookkeeping: no attempt slips between them
        return _attempt(url, name, password, keys, now)


#: One sign-in attempt at a time per process: many at once (one per browser tab) would all read "no wait" before
#: any of them wrote its failure, and so each get a guess.
_one_attempt_at_a_time = threading.Lock()


def _attempt(url: str, name: str, password: str, keys: list[str], now: dt.datetime) -> Principal:
    with db.read_session(url) as session:
        wait = waiting(session, keys, now)
        user = session.execute(select(User).where(col(User.username) == name)).scalar_one_or_none()
        if user is not None:
            session.expunge(user)
    if wait:
        raise _wait_error(wait)  # nothing checked, nothing written: a flood costs the flooder
    right = _password_matches(user.password_hash if user is not None else _DUMMY_HASH, password) and user is not None
    if not right:
        db.run_write(lambda s: _record_failure(s, user, keys, now), url, data=False)
        raise SignInError(WRONG)
    assert user is not None
    if user.disabled:  # said only to whoever knows the password
        raise SignInError("error.sign_in.disabled")
    who = Principal(user.username, Role(user.role), user.actor_code)
    new_hash = _hasher.hash(password) if _hasher.check_needs_rehash(user.password_hash) else None
    db.run_write(lambda s: _record_success(s, who, keys, new_hash), url, data=False)
    return who


def _lift_wait(session: Session, username: str) -> None:
    """An admin enabling an account or setting its password lifts the waits on its username, from every client."""
    user_key, pair_key, _ = throttle_keys(username, "")
    session.execute(delete(SignInThrottle).where(
        (col(SignInThrottle.key) == user_key) | col(SignInThrottle.key).startswith(pair_key[: -1])))  # fmt: skip


def locked_until(session: Session, username: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """Until when sign-ins as this username wait from some client (None: from none), for the users page and the
    CLI."""
    now = now or utcnow()
    user_key, pair_key, _ = throttle_keys(username, "")
    key = col(SignInThrottle.key)
    rows = session.execute(select(col(SignInThrottle.blocked_until)).where(
        (key == user_key) | key.startswith(pair_key[: -1]))).scalars()  # fmt: skip
    until = max((u.replace(tzinfo=dt.UTC) if u.tzinfo is None else u for u in rows if u is not None), default=None)
    return until if until is not None and until > now else None


def accounts_with_password(session: Session, usernames: list[str], password: str) -> list[str]:
    """The active accounts among ``usernames`` whose password is ``password`` (one hash check each)."""
    rows = session.execute(
        select(User).where(col(User.username).in_(usernames), ~col(User.disabled)).order_by(col(User.username))
    ).scalars()
    found = []
    for user in rows:
        try:
            _hasher.verify(user.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            continue
        found.append(user.username)
    return found


def principal(session: Session, username: str) -> Principal:
    """The acting user for the CLI's ``--as USERNAME`` (refused for unknown or disabled users)."""
    user = session.execute(select(User).where(col(User.username) == username.strip().lower())).scalar_one_or_none()
    if user is None or user.disabled:
        raise PermissionError(f"no active user {username!r}")
    return Principal(user.username, Role(user.role), user.actor_code)


def still_active(session: Session, who: Principal) -> bool:
    """Is a signed-in user still allowed in (not disabled, same role and actor since sign-in)?"""
    user = session.execute(select(User).where(col(User.username) == who.username)).scalar_one_or_none()
    return bool(user and not user.disabled and user.role == who.role and user.actor_code == who.actor_code)


class UserRow(TypedDict):
    """A user as the users page and the CLI list them: never the password hash."""

    username: str
    role: str
    actor_code: str | None
    disabled: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime


def users(session: Session) -> list[UserRow]:
    """Every user without secrets."""
    rows = session.execute(select(User).order_by(col(User.username))).scalars().all()
    now = utcnow()
    return [UserRow(username=u.username, role=u.role, actor_code=u.actor_code, disabled=u.disabled,
                    locked_until=locked_until(session, u.username, now), created_at=u.created_at)
            for u in rows]  # fmt: skip


# --- Sessions that survive a reload -----------------------------------------------------------------------------------

TOUCH_SECONDS = 60  # last_seen is written at most once a minute per session


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, who: Principal) -> str:
    """A new random session token for a signed-in user; the store keeps only its hash."""
    token = secrets.token_urlsafe(32)
    session.add(SignInSession(token_hash=_digest(token), username=who.username))
    return token


HANDOFF_SECONDS = 60


def start_handoff(session: Session, who: Principal, now: dt.datetime | None = None) -> str:
    """A one-time code for the route that sets the session cookie (``ui.routes``): random, kept only as its hash,
    valid for a minute."""
    now = now or utcnow()
    session.execute(delete(SignInHandoff).where(col(SignInHandoff.expires_at) < now))  # expired ones are dropped
    code = secrets.token_urlsafe(32)
    session.add(SignInHandoff(code_hash=_digest(code), username=who.username,
                              expires_at=now + dt.timedelta(seconds=HANDOFF_SECONDS)))  # fmt: skip
    return code


def complete_handoff(session: Session, code: str, now: dt.datetime | None = None) -> str | None:
    """Trade a one-time code for a new session token (None: unknown, used, expired, or the account disabled)."""
    now = now or utcnow()
    row = session.get(SignInHandoff, _digest(code)) if code else None
    if row is None:
        return None
    session.delete(row)  # works once
    if (_aware(row.expires_at) or now) < now:
        return None
    user = session.execute(select(User).where(col(User.username) == row.username)).scalar_one_or_none()
    if user is None or user.disabled:
        return None
    return start_session(session, Principal(user.username, Role(user.role), user.actor_code))


def session_alive(session: Session, token: str, idle_minutes: int, now: dt.datetime | None = None) -> bool:
    """Is a session token still signed in (read only: checked on every page run, so a sign-out in one tab ends
    every tab using the token at its next run)?"""
    now = now or utcnow()
    row = session.get(SignInSession, _digest(token)) if token else None
    if row is None or row.ended:
        return False
    last = _aware(row.last_seen) or now
    return now - last <= dt.timedelta(minutes=idle_minutes)


def resume_session(session: Session, token: str, idle_minutes: int, now: dt.datetime | None = None) -> Principal | None:
    """The user of a live session token, or None (unknown, ended, idle too long, or the user disabled)."""
    now = now or utcnow()
    row = session.get(SignInSession, _digest(token)) if token else None
    if row is None or row.ended:
        return None
    last = row.last_seen if row.last_seen.tzinfo else row.last_seen.replace(tzinfo=dt.UTC)
    if now - last > dt.timedelta(minutes=idle_minutes):
        row.ended = True
        session.add(row)
        return None
    user = session.execute(select(User).where(col(User.username) == row.username)).scalar_one_or_none()
    if user is None or user.disabled:
        return None
    if (now - last).total_seconds() > TOUCH_SECONDS:
        row.last_seen = now
        session.add(row)
    return Principal(user.username, Role(user.role), user.actor_code)


def end_session(session: Session, token: str) -> None:
    row = session.get(SignInSession, _digest(token)) if token else None
    if row is not None and not row.ended:
        row.ended = True
        session.add(row)


def _end_sessions_of(session: Session, username: str) -> None:
    for row in session.execute(select(SignInSession).where(col(SignInSession.username) == username)).scalars():
        if not row.ended:
            row.ended = True
            session.add(row)


#: The demo accounts (one per role, an editor per actor; made by `demo`, :mod:`indicators.io.demo`).
DEMO_USERS = {
    "demo-admin": ("admin", None),
    "demo-styrgrupp": ("steering", None),
    "demo-lasare": ("viewer", None),
    **{f"demo-{code.lower()}": ("editor", code) for code in ("POL", "MS", "FGK", "ASF", "MF", "BID")},
}


def exposed_demo_accounts(session: Session) -> list[str]:
    """The demo accounts that are active and still have the published password (anyone could sign in as them)."""
    return accounts_with_password(session, list(DEMO_USERS), DEMO_PASSWORD)
