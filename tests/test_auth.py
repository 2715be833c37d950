"""Users and sign-in: argon2 hashes, the lock after five failures, disabled accounts, and no secret anywhere."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from indicators.base.i18n import t
from indicators.base.models import AuditEntry, Role, User
from indicators.io import export
from indicators.read import queries
from indicators.rules.accounts import AccountState, account_state
from indicators.rules.validation import FigureInput, ValidationError
from indicators.storage import auth, db, store
from indicators.storage.store import SYSTEM, PermissionDenied, Principal
from tests.support import PASSWORD, app_test, cli

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def test_the_right_password_signs_in_and_is_stored_only_as_an_argon2_hash(store_url: str) -> None:
    who = auth.sign_in(store_url, "pol", PASSWORD, NOW)
    assert (who.username, who.role, who.actor_code) == ("pol", "editor", "POL")
    assert auth.sign_in(store_url, "  POL ", PASSWORD, NOW).username == "pol"  # case and spaces do not matter
    with db.read_session(store_url) as s:
        user = s.exec(select(User).where(User.username == "pol")).one()
        trail = s.exec(select(AuditEntry).where(AuditEntry.entity == "user")).all()
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    dumped = json.dumps([[a.before, a.after] for a in trail], ensure_ascii=False)
    assert PASSWORD not in dumped and "$argon2" not in dumped


def test_repeated_failures_make_every_attempt_wait_whether_the_name_exists_or_not(store_url: str) -> None:
    """After five wrong passwords for a username from one client, that client's attempts at it wait 30 s (doubling
    with each further failure), the right password included; an unknown name gets the very same answers, so the wait
    tells no one which accounts exist. Attempts during a wait are not checked and write nothing (a flood costs the
    flooder, not the store)."""
    answers: dict[str, list[str]] = {}
    for name, client in (("ordf", "10.0.0.1"), ("ingen-sadan", "10.0.0.2")):
        seen = []
        for attempt in range(5):
            with pytest.raises(auth.SignInError) as wrong:
                auth.sign_in(store_url, name, f"fel-{attempt}", NOW, client=client)
            seen.append(str(wrong.value))
        with pytest.raises(auth.SignInError) as waiting:
            auth.sign_in(store_url, name, PASSWORD, NOW + dt.timedelta(seconds=10), client=client)
        seen.append(str(waiting.value))
        answers[name] = seen
    assert answers["ordf"] == answers["ingen-sadan"]
    assert answers["ordf"][0] == "fel användarnamn eller lösenord" and "vänta 20 sekunder" in answers["ordf"][-1]
    with db.read_session(store_url) as s:
        trail = [a.action for a in s.exec(select(AuditEntry).where(AuditEntry.entity_key == "ordf"))]
        assert auth.locked_until(s, "ordf", NOW) == NOW + dt.timedelta(seconds=30)
        assert auth.waiting(s, auth.throttle_keys("ordf", "10.0.0.9"), NOW) == 0  # from another address: no wait
    assert trail.count("user.sign_in_failed") == 5 and trail.count("user.throttled") == 1  # the refusal: nothing
    assert (
        auth.sign_in(store_url, "ordf", PASSWORD, NOW + dt.timedelta(seconds=31), client="10.0.0.1").username == "ordf"
    )
    with db.read_session(store_url) as s:
        assert auth.locked_until(s, "ordf", NOW) is None  # a right password clears the count


def test_each_further_failure_doubles_the_wait_up_to_a_quarter_of_an_hour(store_url: str) -> None:
    at = NOW
    waits = []
    for _ in range(12):
        with pytest.raises(auth.SignInError):
            auth.sign_in(store_url, "bid", "fel", at, client="10.0.0.3")
        with db.read_session(store_url) as s:
            until = auth.locked_until(s, "bid", at)
        waits.append(int((until - at).total_seconds()) if until else 0)
        at = until or at
    assert waits == [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]


def test_an_attacker_cannot_lock_the_owner_out_from_a_few_addresses(store_url: str) -> None:
    """Wrong passwords for `pol` from an attacker's address make that address wait, not the owner's: the owner signs
    in from their own. Only many addresses together (50 failures for one name from anywhere) make the name itself
    wait, which stops a botnet guessing one account."""
    for i in range(5):
        with pytest.raises(auth.SignInError, match="fel användarnamn"):
            auth.sign_in(store_url, "pol", f"fel-{i}", NOW, client="203.0.113.66")
    with pytest.raises(auth.SignInError, match="för många försök"):
        auth.sign_in(store_url, "pol", PASSWORD, NOW, client="203.0.113.66")
    assert auth.sign_in(store_url, "pol", PASSWORD, NOW, client="198.51.100.20").username == "pol"
    at = NOW + dt.timedelta(seconds=1)
    for i in range(auth.USER_FREE_FAILURES):
        with pytest.raises(auth.SignInError):
            auth.sign_in(store_url, "fgk", "fel", at, client=f"198.18.{i // 4}.{i % 4}")  # 4 tries per address
    with pytest.raises(auth.SignInError, match="för många försök"):
        auth.sign_in(store_url, "fgk", PASSWORD, at, client="198.51.100.21")


def test_simultaneous_attempts_get_no_more_guesses_than_one_after_another(store_url: str) -> None:
    """Fifty wrong passwords at once (one per browser tab) all read "no wait" before any wrote its failure; each got
    a guess. One attempt at a time per process: the sixth already waits."""
    from concurrent.futures import ThreadPoolExecutor

    def attempt(i: int) -> str:
        try:
            auth.sign_in(store_url, "pol", f"fel-{i}", NOW, client="203.0.113.77")
        except auth.SignInError as exc:
            return str(exc)
        return "in"

    with ThreadPoolExecutor(max_workers=25) as pool:
        answers = list(pool.map(attempt, range(50)))
    assert answers.count("fel användarnamn eller lösenord") == 5
    with db.read_session(store_url) as s:
        failed = s.exec(select(AuditEntry).where(AuditEntry.action == "user.sign_in_failed")).all()
    assert len(failed) == 5


def test_one_client_failing_on_many_names_waits_too(store_url: str) -> None:
    """A client trying ten names has to wait before the eleventh, whichever name it tries next."""
    for i in range(10):
        with pytest.raises(auth.SignInError, match="fel användarnamn"):
            auth.sign_in(store_url, f"gissning{i}", "fel", NOW, client="203.0.113.9")
    with pytest.raises(auth.SignInError, match="för många försök"):
        auth.sign_in(store_url, "pol", PASSWORD, NOW, client="203.0.113.9")
    assert auth.sign_in(store_url, "pol", PASSWORD, NOW, client="198.51.100.1").username == "pol"  # another client


def test_the_password_is_checked_while_no_transaction_holds_the_store(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argon2 is slow by design: while it runs, another writer must be able to take the write lock at once."""
    import sqlalchemy as sa

    taken: list[bool] = []
    engine = sa.create_engine(store_url, connect_args={"timeout": 0} if store_url.startswith("sqlite") else {})
    real = auth._hasher

    class Watching:
        """The hasher, taking the write lock from another connection while it verifies."""

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def verify(self, hash_: str, password: str) -> bool:
            return verify(hash_, password)

    def verify(hash_: str, password: str) -> bool:
        with engine.connect() as conn:
            if store_url.startswith("sqlite"):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("SET lock_timeout = '1ms'")
                conn.exec_driver_sql("LOCK TABLE sign_in_throttle IN EXCLUSIVE MODE")
            taken.append(True)
            conn.rollback()
        return real.verify(hash_, password)

    monkeypatch.setattr(auth, "_hasher", Watching())
    with pytest.raises(auth.SignInError):
        auth.sign_in(store_url, "ingen", "fel-lösenord", NOW)
    assert auth.sign_in(store_url, "pol", PASSWORD, NOW).username == "pol"
    assert taken == [True, True]
    engine.dispose()


def test_passwords_are_checked_one_at_a_time_at_low_priority(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A flood of attempts must cost the flooder, not the editors: each process checks one password at a time, in
    a thread of a tenth of normal work's weight (nice 10). Measured with 4 flooding processes in
    `python -m indicators bench --sign-in-flood` (README)."""
    import os
    import threading

    real = auth._hasher
    seen: list[tuple[int, int]] = []

    class Watching:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def verify(self, hash_: str, password: str) -> bool:
            tid = threading.get_native_id()
            seen.append((tid, os.getpriority(os.PRIO_PROCESS, tid)))
            return bool(real.verify(hash_, password))

    monkeypatch.setattr(auth, "_hasher", Watching())
    with pytest.raises(auth.SignInError):
        auth.sign_in(store_url, "ingen", "fel-lösenord", NOW)
    assert auth.sign_in(store_url, "pol", PASSWORD, NOW).username == "pol"
    assert len(seen) == 2 and all(tid != threading.get_native_id() for tid, _ in seen)
    assert {nice for _, nice in seen} == {auth.CHECK_NICE} and auth.CHECK_NICE >= 10
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < auth.CHECK_NICE  # the caller untouched


def test_unknown_and_disabled_users_are_refused(store_url: str) -> None:
    with pytest.raises(auth.SignInError, match="fel användarnamn eller lösenord"):
        auth.sign_in(store_url, "ingen", PASSWORD, NOW)  # the same words as a wrong password
    db.run_write(lambda s: auth.set_disabled(s, SYSTEM, "fgk"), store_url)
    with pytest.raises(auth.SignInError, match="avstängt"):
        auth.sign_in(store_url, "fgk", PASSWORD, NOW)


@pytest.mark.parametrize(
    ("name", "password", "role", "actor", "field"),
    [
        ("Ny Person", PASSWORD, "viewer", None, "Användarnamn"),
        ("ny", "kort", "viewer", None, "Lösenord"),
        ("ny", PASSWORD, "boss", None, "Roll"),
        ("ny", PASSWORD, "editor", None, "Aktör"),
        ("ny", PASSWORD, "editor", "XYZ", "Aktör"),
        ("pol", PASSWORD, "viewer", None, "Användarnamn"),
    ],
)
def test_bad_new_users_are_refused_by_field(
    store_url: str, name: str, password: str, role: str, actor: str | None, field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        db.run_write(lambda s: auth.add_user(s, SYSTEM, name, password, role, actor), store_url)
    assert field in str(err.value)
    with db.read_session(store_url) as s:
        assert "ny" not in {u["username"] for u in auth.users(s)}


def test_only_the_admin_manages_users(store_url: str) -> None:
    for who in (Principal("ordf", "steering"), Principal("pol", "editor", "POL"), Principal("lasare", "viewer")):  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied):
            db.run_write(lambda s, w=who: auth.add_user(s, w, "ny.person", PASSWORD, "viewer"), store_url)
        with pytest.raises(PermissionDenied):
            db.run_write(lambda s, w=who: auth.set_disabled(s, w, "pol"), store_url)


def test_users_cli_adds_lists_and_disables_reading_the_password_from_stdin(store_url: str) -> None:
    added = cli("--db", store_url, "users", "add", "Analytiker.Norr", "--role", "editor", "--actor", "POL",
                stdin="ett-långt-lösen\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "ett-långt-lösen" not in added.stdout + added.stderr
    assert auth.sign_in(store_url, "analytiker.norr", "ett-långt-lösen", NOW).actor_code == "POL"
    listed = cli("--db", store_url, "users", "list", "--json")
    rows = {r["username"]: r for r in json.loads(listed.stdout)}
    assert rows["analytiker.norr"]["role"] == "editor" and "password_hash" not in listed.stdout
    assert "$argon2" not in listed.stdout
    assert cli("--db", store_url, "users", "disable", "analytiker.norr").returncode == 0
    with pytest.raises(auth.SignInError):
        auth.sign_in(store_url, "analytiker.norr", "ett-långt-lösen", NOW)
    short = cli("--db", store_url, "users", "add", "kortis", "--role", "viewer", stdin="kort\n")
    assert short.returncode == 2 and "Lösenord" in short.stderr and "kort" not in short.stdout


def test_an_account_waits_only_until_its_wait_runs_out() -> None:
    """One rule for the users page and `users list`: disabled wins, a wait counts only while it lasts."""
    later, earlier = NOW + dt.timedelta(seconds=30), NOW - dt.timedelta(seconds=1)
    assert account_state(True, later, NOW) == AccountState.DISABLED
    assert account_state(True, None, NOW) == AccountState.DISABLED
    assert account_state(False, later, NOW) == AccountState.WAITING
    assert account_state(False, later.replace(tzinfo=None), NOW) == AccountState.WAITING  # a naive UTC time
    assert account_state(False, earlier, NOW) == AccountState.ACTIVE
    assert account_state(False, NOW, NOW) == AccountState.ACTIVE
    assert account_state(False, None, NOW) == AccountState.ACTIVE


def test_the_users_page_and_the_cli_agree_on_each_accounts_state(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wait that has run out is no state (the CLI said "waiting" for ever while the page said active); a wait
    that lasts is "waiting" in both, a disabled account "disabled"."""
    for attempt in range(5):  # a wait that ran out long ago (NOW is in the past)
        with pytest.raises(auth.SignInError):
            auth.sign_in(store_url, "ordf", f"fel-{attempt}", NOW, client="10.0.0.1")
    for attempt in range(5):  # a wait that lasts: failures right now
        with pytest.raises(auth.SignInError):
            auth.sign_in(store_url, "bid", f"fel-{attempt}", client="10.0.0.1")
    assert cli("--db", store_url, "users", "disable", "lasare").returncode == 0
    out = cli("--db", store_url, "users", "list")
    assert out.returncode == 0, out.stderr
    listed = {line.split()[0]: line for line in out.stdout.splitlines()}
    assert listed["ordf"].endswith(" active") and " waiting until " in listed["bid"]
    assert listed["lasare"].endswith(" disabled")
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test("admin")
    at.switch_page("pages/users.py").run()
    assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value.set_index("Användarnamn")
    assert [table.loc[name, "Status"] for name in ("ordf", "bid", "lasare")] == [
        t("users.active", "sv"),
        t("users.locked", "sv"),
        t("users.disabled", "sv"),
    ]


def test_the_sign_in_page_signs_in_and_out(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The public sees the public overview and the sign-in page; a right password opens the internal pages."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test().run()
    assert not at.exception and at.title[0].value == "Medborgarlöfte Sofielund 2022–2023"
    assert at.header[0].value == "Vilka lovar?"  # Löftet, the first public page
    at.switch_page("pages/signin.py").run()
    at.text_input(key="signin_username").input("ordf")
    at.text_input(key="signin_password").input("fel-lösenord")
    at.button[0].click().run()
    assert "Inloggningen misslyckades" in at.error[0].value and "user" not in at.session_state
    at.text_input(key="signin_username").input("ordf")
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["user"]["username"] == "ordf"
    assert next(h.value for h in at.header) == "Uppföljning på tre nivåer"  # the overview opened


def test_sign_out_returns_to_the_public_pages(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test("ordf").run()
    assert at.header[0].value == "Uppföljning på tre nivåer"
    at.sidebar.button(key="sign_out").click().run()
    assert "user" not in at.session_state
    assert at.header[0].value == "Vilka lovar?"  # Löftet, the first public page


def test_an_idle_session_is_signed_out(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test("lasare")
    at.session_state["last_seen"] = 0.0  # last seen in 1970
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert any("Den här sidan är bara för inloggade" in w.value for w in at.warning)
    assert "user" not in at.session_state
    with db.read_session(store_url) as s:
        assert queries.store_info(s, store_url)["pledges"] == 1


def test_a_session_token_resumes_until_idle_or_ended(store_url: str) -> None:
    """A reload or a pasted link resumes the sign-in from the cookie's token; the store keeps only its hash."""
    who = auth.sign_in(store_url, "pol", PASSWORD, NOW)
    token = db.run_write(lambda s: auth.start_session(s, who), store_url)
    with db.read_session(store_url) as s:
        stored = [r.token_hash for r in s.exec(select(auth.SignInSession))]
    assert token not in stored and len(stored) == 1 and len(stored[0]) == 64
    resume = lambda at: db.run_write(lambda s: auth.resume_session(s, token, 30, at), store_url)  # noqa: E731
    assert resume(dt.datetime.now(dt.UTC)) == who
    assert resume(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=31)) is None  # idle too long: ended for good
    assert resume(dt.datetime.now(dt.UTC)) is None
    second = db.run_write(lambda s: auth.start_session(s, who), store_url)
    db.run_write(lambda s: auth.end_session(s, second), store_url)  # signed out
    assert db.run_write(lambda s: auth.resume_session(s, second, 30), store_url) is None
    third = db.run_write(lambda s: auth.start_session(s, who), store_url)
    db.run_write(lambda s: auth.set_disabled(s, SYSTEM, "pol"), store_url)
    assert db.run_write(lambda s: auth.resume_session(s, third, 30), store_url) is None
    assert db.run_write(lambda s: auth.resume_session(s, "made-up-token", 30), store_url) is None


def test_a_new_password_or_a_disabled_account_ends_open_sessions(store_url: str) -> None:
    who = auth.sign_in(store_url, "bid", PASSWORD, NOW)
    token = db.run_write(lambda s: auth.start_session(s, who), store_url)
    db.run_write(lambda s: auth.set_password(s, SYSTEM, "bid", "ett-nytt-lösenord"), store_url)
    assert db.run_write(lambda s: auth.resume_session(s, token, 30), store_url) is None
    with pytest.raises(auth.SignInError, match="fel användarnamn"):
        auth.sign_in(store_url, "bid", PASSWORD, NOW)  # the old password no longer works
    db.run_write(lambda s: auth.set_disabled(s, SYSTEM, "bid"), store_url)
    with pytest.raises(auth.SignInError, match="fel användarnamn"):
        auth.sign_in(store_url, "bid", "fel-lösenord", NOW)  # a disabled account says nothing to a guess
    with pytest.raises(auth.SignInError, match="avstängt"):
        auth.sign_in(store_url, "bid", "ett-nytt-lösenord", NOW)


def test_a_public_only_server_has_no_sign_in_and_a_read_only_store(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    monkeypatch.setenv("INDICATORS_PUBLIC_ONLY", "1")
    at = app_test("ordf").run()
    assert not at.exception and at.header[0].value == "Vilka lovar?"  # a session user is ignored
    assert not at.get("page_link") or all("Logga in" not in p.proto.label for p in at.get("page_link"))
    signin = app_test().switch_page("pages/signin.py").run()
    assert "Ingen kan logga in här" in signin.info[0].value and not signin.text_input
    for page in ("pages/overview.py", "pages/report.py", "pages/review.py"):
        opened = app_test().switch_page(page).run()
        assert not opened.get("form") and not opened.text_input


def test_the_last_active_admin_can_not_be_disabled(store_url: str) -> None:
    """Otherwise nobody could manage users any more (only the command line could undo it)."""
    admin = Principal("admin", "admin")  # type: ignore[arg-type]
    db.run_write(lambda s: auth.set_disabled(s, SYSTEM, "demo-admin"), store_url)
    with pytest.raises(ValidationError, match="sista aktiva administratören"):
        db.run_write(lambda s: auth.set_disabled(s, admin, "admin"), store_url)
    db.run_write(lambda s: auth.add_user(s, admin, "admin2", PASSWORD, "admin"), store_url)
    db.run_write(lambda s: auth.set_disabled(s, admin, "admin"), store_url)  # allowed: admin2 remains
    with pytest.raises(auth.SignInError, match="avstängt"):
        auth.sign_in(store_url, "admin", PASSWORD, NOW)


def test_the_public_only_store_connection_refuses_writes(store_url: str) -> None:
    """What a public-only server connects with can not write, on SQLite and PostgreSQL alike, even as the system."""
    readonly = db.readonly_url(store_url)
    with db.read_session(readonly) as s:
        assert len(export.public_figures(s))  # reading works
    with pytest.raises(DBAPIError, match=r"(?i)read.?only"):
        db.run_write(lambda s: auth.add_user(s, SYSTEM, "intruder", PASSWORD, "admin"), readonly)
    with db.read_session(store_url) as s:
        assert "intruder" not in queries.usernames(s)


def test_keeping_a_sign_in_alive_keeps_every_cache(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A signed-in page run that resumes its sign-in session (once a minute) writes only sign-in bookkeeping: the
    data version stays, so no user's cached pages are thrown away. A figure saved does move it."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    who = auth.sign_in(store_url, "lasare", PASSWORD, NOW)
    token = db.run_write(lambda s: auth.start_session(s, who), store_url, data=False)
    before = db.data_version(store_url)
    at = app_test("lasare")
    at.session_state["session_token"] = token
    at.session_state["touched"] = 0.0  # last kept alive in 1970: this run keeps it alive in the store
    at.switch_page("pages/overview.py").run()
    assert not at.exception and at.session_state["touched"] > 0
    with db.read_session(store_url) as s:
        kept = s.get(auth.SignInSession, hashlib.sha256(token.encode()).hexdigest())
    assert kept is not None and not kept.ended
    assert db.data_version(store_url) == before
    db.run_write(lambda s: auth.end_session(s, token), store_url, data=False)
    assert db.data_version(store_url) == before
    figure = FigureInput("I01", "11319", "2025-01", 5.0, None, None, "x")
    db.run_write(lambda s: store.submit_figure(s, by=Principal("pol", Role.EDITOR, "POL"), figure=figure), store_url)
    assert db.data_version(store_url) == before + 1


@pytest.mark.parametrize(
    ("peer", "header", "expected"),
    [
        (None, "", ""),  # this machine, no proxy
        (None, "203.0.113.7", "203.0.113.7"),  # the proxy on this machine (deploy/) names the browser
        ("127.0.0.1", "198.51.100.9, 203.0.113.7", "203.0.113.7"),  # what the browser sent itself comes first
        ("10.0.0.5", "203.0.113.7", "10.0.0.5"),  # anyone else's header is ignored, on a private network too
        ("203.0.113.99", "127.0.0.1", "203.0.113.99"),
    ],
)
def test_the_client_address_cannot_be_chosen_by_the_client(
    monkeypatch: pytest.MonkeyPatch, peer: str | None, header: str, expected: str
) -> None:
    """Attempts are slowed per client address: a browser that could name its own address would dodge its waits, or
    make someone else's address wait (and so lock them out)."""
    from types import SimpleNamespace

    from ui import auth as ui_auth

    context = SimpleNamespace(ip_address=peer, headers={"X-Forwarded-For": header} if header else {})
    monkeypatch.setattr(ui_auth.st, "context", context)
    assert ui_auth.client_address() == expected
