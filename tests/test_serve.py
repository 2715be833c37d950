"""Where the server listens: this machine only by default; beyond it only without the published demo password."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit import config as st_config

from indicators import auth, db, demo
from indicators.config import is_loopback
from indicators.store import SYSTEM
from tests.conftest import sign_in_as
from tests.support import ROOT, AppServer, app_test, free_port


@pytest.mark.parametrize(
    ("address", "loopback"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("0.0.0.0", False), ("::", False), ("", False), (None, False), ("10.1.2.3", False), ("example.se", False)],
)  # fmt: skip
def test_only_loopback_addresses_count_as_this_machine(address: str | None, loopback: bool) -> None:
    assert is_loopback(address) is loopback


def listening(port: int) -> set[str]:
    """The local addresses with a listening TCP socket on ``port`` (from /proc/net/tcp and tcp6, as `ss -ltn`)."""
    found = set()
    for table, width in (("tcp", 8), ("tcp6", 32)):
        path = Path(f"/proc/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.add(address if len(address) != width or table == "tcp6" else _ipv4(address))
    return found


def _ipv4(hex_le: str) -> str:
    return ".".join(str(b) for b in reversed(bytes.fromhex(hex_le)))


def test_the_server_listens_on_this_machine_only_by_default(store_url: str) -> None:
    """Started as `make run` starts it, with no address given, the server listens on 127.0.0.1 alone and says so."""
    app = AppServer(store_url, address=None, env={"INDICATORS_ADDRESS": ""}).start()
    try:
        assert listening(app.port) == {"127.0.0.1"}
        log = app.log.read_text()
        assert f"Dashboard: http://127.0.0.1:{app.port}" in log and "this machine only" in log
        assert "Demo accounts (password exempel-losen)" in log  # named on a loopback server, as on its sign-in page
    finally:
        app.stop()


def serve(store_url: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "ui.serve", "--server.port", str(free_port()), *args], cwd=ROOT, timeout=120,
        env={**os.environ, "INDICATORS_DB_URL": store_url, **(env or {})}, capture_output=True, text=True,
    )  # fmt: skip


@pytest.mark.parametrize("how", ["flag", "setting"])
def test_a_server_beyond_this_machine_refuses_to_start_with_the_demo_password_active(store_url: str, how: str) -> None:
    """On every interface, with demo accounts that still have the published password, the server does not start,
    and says which accounts and what to do."""
    done = serve(store_url, "--server.address", "0.0.0.0") if how == "flag" else serve(
        store_url, env={"INDICATORS_ADDRESS": "0.0.0.0"})  # fmt: skip
    assert done.returncode == 2
    assert "refusing to listen on 0.0.0.0" in done.stderr
    assert "demo-admin" in done.stderr and "users disable" in done.stderr
    assert "Dashboard:" not in done.stdout


def test_a_server_beyond_this_machine_starts_once_the_demo_accounts_are_disabled(store_url: str) -> None:
    """With every demo account disabled (or given a new password) the same server starts, reachable by address."""

    def work(session: db.Session) -> None:
        for name in demo.exposed_demo_accounts(session):
            if name == "demo-admin":
                auth.set_password(session, SYSTEM, name, "ett-nytt-eget-losen")
            else:
                auth.set_disabled(session, SYSTEM, name)

    db.run_write(work, store_url)
    with db.read_session(store_url) as session:
        assert demo.exposed_demo_accounts(session) == []
    app = AppServer(store_url, address="0.0.0.0").start()
    try:
        assert listening(app.port) == {"0.0.0.0"}
        assert "reachable from the network" in app.log.read_text()
        assert "exempel-losen" not in app.log.read_text()
    finally:
        app.stop()


def test_an_exposed_server_refuses_the_published_password_and_never_names_the_demo_accounts(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even started around ui.serve (`streamlit run app.py --server.address 0.0.0.0`), the sign-in page names no demo
    account and the published password signs nobody in; on 127.0.0.1 the page names them."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = app_test().switch_page("pages/signin.py").run()
    assert any("demo-admin" in i.value and "exempel-losen" in i.value for i in at.info)

    previous = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    try:
        at = app_test().switch_page("pages/signin.py").run()
        assert not any("demo-admin" in i.value or "exempel-losen" in i.value for i in at.info)
        at.text_input(key="signin_username").input("demo-admin")
        at.text_input(key="signin_password").input("exempel-losen")
        at.button[0].click().run()
        assert "user" not in at.session_state
        assert "demolösenordet tas inte emot" in at.error[0].value
    finally:
        st_config.set_option("server.address", previous)


def test_the_domain_refuses_the_demo_password_on_an_exposed_server(store_url: str) -> None:
    with pytest.raises(auth.SignInError, match="demolösenordet"):
        auth.sign_in(store_url, "demo-admin", demo.DEMO_PASSWORD, exposed=True)
    assert auth.sign_in(store_url, "demo-admin", demo.DEMO_PASSWORD).username == "demo-admin"  # loopback: allowed


def test_a_signed_in_user_is_unaffected_by_the_address(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the sign-in is guarded: a session signed in with a real password works as before on any address."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    previous = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    try:
        at = sign_in_as(app_test(), "lasare").run()
        assert not at.exception and at.header[0].value == "Uppföljning på tre nivåer"
    finally:
        st_config.set_option("server.address", previous)


def test_a_public_only_server_may_listen_beyond_this_machine_on_a_demo_store(store_url: str) -> None:
    """Nobody signs in to a public-only server, so the demo accounts are no reason to refuse it."""
    app = AppServer(store_url, address="0.0.0.0", env={"INDICATORS_PUBLIC_ONLY": "1"}).start()
    try:
        assert listening(app.port) == {"0.0.0.0"}
        assert "exempel-losen" not in app.log.read_text()
    finally:
        app.stop()
