"""Users, passwords and sign-in: argon2 hashes, a lock after repeated failures, every change audited.

A password or its hash never leaves this module: audit entries, errors and return values carry neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlmodel import Session

from indicators import db
from indicators.models import Actor, Role, SignInSession, User, utcnow
from indicators.store import Action, Principal, audit, require
from indicators.validation import FieldError, ValidationError

MAX_FAILURES = 5  # the fifth wrong password in a row locks the account ...
LOCK_MINUTES = 15  # ... for this long
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

_hasher = PasswordHasher()

#: The demo accounts' password, published in the README and on a loopback server's sign-in page. A server that
#: others can reach never accepts it (see :func:`sign_in`), whichever account it belongs to.
DEMO_PASSWORD = "exempel-losen"  # noqa: S105 - a published demo password, by design


class SignInError(PermissionError):
    """Sign-in refused, in plain Swedish. A wrong username and a wrong password get the same answer; a locked
    account says so (its owner must know why the right password fails), a disabled one only to the right password."""


WRONG = "fel användarnamn eller lösenord"


def _user_view(user: User) -> dict[str, object]:
    """What the audit trail keeps of a user: never the password hash."""
    return {"username": user.username, "role": user.role, "actor_code": user.actor_code, "disabled": user.disabled}


def validate_new_user(
    session: Session, username: str, password: str, role: str, actor_code: str | None
) -> list[FieldError]:
    errors = []
    if not USERNAME.match(username):
        errors.append(
            FieldError("Användarnamn", "2–64 tecken: små bokstäver a–z, siffror, punkt, bindestreck, understreck")
        )
    elif session.execute(select(User.id).where(User.username == username)).first() is not None:
        errors.append(FieldError("Användarnamn", f"{username} finns redan"))
    if len(password) < MIN_PASSWORD:
        errors.append(FieldError("Lösenord", f"minst {MIN_PASSWORD} tecken"))
    if role not in {r.value for r in Role}:
        errors.append(FieldError("Roll", f"okänd roll {role!r}: admin, steering, editor eller viewer"))
    if role == Role.EDITOR and not actor_code:
        errors.append(FieldError("Aktör", "en rapportör (editor) hör till en aktör"))
    if actor_code and session.get(Actor, actor_code) is None:
        errors.append(FieldError("Aktör", f"okänd aktör {actor_code!r}"))
    if actor_code and role != Role.EDITOR:
        errors.append(FieldError("Aktör", "anges bara för rollen editor"))
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
    user = session.execute(select(User).where(User.username == username.strip().lower())).scalar_one_or_none()
    if user is None:
        raise ValidationError([FieldError("Användarnamn", f"ingen användare {username!r}")])
    return user


def set_disabled(session: Session, by: Principal, username: str, disabled: bool = True) -> None:
    require(by, Action.MANAGE_USERS)
    user = _get(session, username)
    if disabled and user.role == Role.ADMIN and not user.disabled:
        others = session.execute(
            select(User.id).where(User.role == Role.ADMIN, ~User.disabled, User.id != user.id)  # type: ignore[attr-defined]
        ).first()
        if others is None:
            raise ValidationError([FieldError("Användarnamn", f"{user.username} är den sista aktiva administratören: "
                                              "lägg till en annan administratör först")])  # fmt: skip
    before = _user_view(user)
    user.disabled = disabled
    if disabled:
        _end_sessions_of(session, user.username)
    if not disabled:
        user.failed_attempts, user.locked_until = 0, None
    session.add(user)
    audit(session, by, "user.disable" if disabled else "user.enable", "user", user.username, before, _user_view(user))


def set_password(session: Session, by: Principal, username: str, password: str) -> None:
    """An admin sets a new password (and lifts a lock)."""
    require(by, Action.MANAGE_USERS)
    if len(password) < MIN_PASSWORD:
        raise ValidationError([FieldError("Lösenord", f"minst {MIN_PASSWORD} tecken")])
    user = _get(session, username)
    user.password_hash = _hasher.hash(password)
    user.failed_attempts, user.locked_until = 0, None
    session.add(user)
    _end_sessions_of(session, user.username)  # a stolen session does not outlive a new password
    audit(session, by, "user.password", "user", user.username, None, {"password": "ändrat"})


def check_password(
    session: Session, username: str, password: str, now: dt.datetime | None = None
) -> tuple[Principal | None, str | None]:
    """Check a password inside a unit of work: (the user, None) or (None, why not). Counts failures; the fifth in a
    row locks the account for 15 minutes, during which even the right password is refused. The caller commits
    either way, so failures and locks are stored (see :func:`sign_in`)."""
    now = now or utcnow()
    user = session.execute(select(User).where(User.username == username.strip().lower())).scalar_one_or_none()
    if user is None:
        _hasher.hash(password)  # the same work as for a real user: timing does not tell who exists
        return None, WRONG
    actor = Principal(user.username, Role(user.role), user.actor_code)
    locked_until = user.locked_until
    if locked_until is not None and locked_until.tzinfo is None:
        locked_until = locked_until.replace(tzinfo=dt.UTC)
    if locked_until is not None and locked_until > now:
        audit(session, actor, "user.sign_in_refused", "user", user.username, None, {"reason": "locked"})
        minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
        return None, f"kontot är låst efter för många felaktiga försök: försök igen om {minutes} minuter"
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_attempts = (user.failed_attempts or 0) + 1
        if user.failed_attempts >= MAX_FAILURES:
            user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            user.failed_attempts = 0
            audit(session, actor, "user.locked", "user", user.username, None,
                  {"until": user.locked_until.isoformat(), "after_failures": MAX_FAILURES})  # fmt: skip
        else:
            audit(session, actor, "user.sign_in_failed", "user", user.username, None,
                  {"failures": user.failed_attempts})  # fmt: skip
        session.add(user)
        return None, WRONG
    if user.disabled:  # said only to whoever knows the password
        return None, "kontot är avstängt: kontakta administratören"
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_attempts, user.locked_until = 0, None
    session.add(user)
    audit(session, actor, "user.sign_in", "user", user.username)
    return actor, None


EXPOSED = "det publicerade demolösenordet tas inte emot på en server som nås från nätverket: byt lösenord"


def sign_in(
    url: str, username: str, password: str, now: dt.datetime | None = None, *, exposed: bool = False
) -> Principal:
    """Sign in against the store at ``url``: the user, or :class:`SignInError` (after storing the failure).

    ``exposed``: the server listens beyond this machine, where the published demo password is refused outright."""
    if exposed and password == DEMO_PASSWORD:
        raise SignInError(EXPOSED)
    who, why = db.run_write(lambda s: check_password(s, username, password, now), url)
    if who is None:
        raise SignInError(why or WRONG)
    return who


def accounts_with_password(session: Session, usernames: list[str], password: str) -> list[str]:
    """The active accounts among ``usernames`` whose password is ``password`` (one hash check each)."""
    rows = session.execute(
        select(User).where(User.username.in_(usernames), ~User.disabled).order_by(User.username)  # type: ignore[attr-defined]
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
    user = session.execute(select(User).where(User.username == username.strip().lower())).scalar_one_or_none()
    if user is None or user.disabled:
        raise PermissionError(f"no active user {username!r}")
    return Principal(user.username, Role(user.role), user.actor_code)


def still_active(session: Session, who: Principal) -> bool:
    """Is a signed-in user still allowed in (not disabled, same role and actor since sign-in)?"""
    user = session.execute(select(User).where(User.username == who.username)).scalar_one_or_none()
    return bool(user and not user.disabled and user.role == who.role and user.actor_code == who.actor_code)


def users(session: Session) -> list[dict[str, object]]:
    """Every user without secrets."""
    rows = session.execute(select(User).order_by(User.username)).scalars().all()
    return [{**_user_view(u), "locked_until": u.locked_until, "created_at": u.created_at} for u in rows]


# --- Sessions that survive a reload -----------------------------------------------------------------------------------

TOUCH_SECONDS = 60  # last_seen is written at most once a minute per session


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, who: Principal) -> str:
    """A new random session token for a signed-in user; the store keeps only its hash."""
    token = secrets.token_urlsafe(32)
    session.add(SignInSession(token_hash=_digest(token), username=who.username))
    return token


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
    user = session.execute(select(User).where(User.username == row.username)).scalar_one_or_none()
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
    for row in session.execute(select(SignInSession).where(SignInSession.username == username)).scalars():
        if not row.ended:
            row.ended = True
            session.add(row)
