"""Where the server listens: this machine only by default; beyond it only without the published demo password."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from streamlit import config as st_config

from indicators.base.config import is_loopback, settings
from indicators.io import demo, export
from indicators.storage import auth, db
from indicators.storage.store import SYSTEM
from tests.browser import sign_in, use_ceiling, wait_for_app
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
        # Its public address not set, its open data names its own address, not the default's port 8501 (a walk:
        # Om tjänsten and the catalogue named 8501 on a server at another port)
        feed_url = f"http://127.0.0.1:{app.port}{export.file_url('', export.FEED)}"
        with urllib.request.urlopen(feed_url, timeout=120) as answer:
            feed = answer.read().decode()
        assert f'href="http://127.0.0.1:{app.port}/"' in feed and ":8501" not in feed
    finally:
        app.stop()


@pytest.mark.parametrize(
    ("environ", "address", "expected"),
    [({}, "127.0.0.1", "http://127.0.0.1:8611"), ({}, "::1", "http://[::1]:8611"), ({}, "[::1]", "http://[::1]:8611"),
     ({}, " localhost", "http://localhost:8611"), ({}, "0.0.0.0", None), ({}, "10.1.2.3", None),
     ({"INDICATORS_PUBLIC_URL": "https://trygghet.malmo.se"}, "127.0.0.1", None)],
)  # fmt: skip
def test_a_server_on_this_machine_names_its_own_address_unless_one_is_set(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], address: str, expected: str | None
) -> None:
    from ui.serve import own_public_url

    monkeypatch.delenv("INDICATORS_PUBLIC_URL", raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    assert own_public_url(address, "8611") == expected
    if expected:  # a setting the server can run with: every page reads it
        monkeypatch.setenv("INDICATORS_PUBLIC_URL", expected)
        assert settings().public_url == expected


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
        for name in auth.exposed_demo_accounts(session):
            if name == "demo-admin":
                auth.set_password(session, SYSTEM, name, "ett-nytt-eget-losen")
            else:
                auth.set_disabled(session, SYSTEM, name)

    db.run_write(work, store_url)
    with db.read_session(store_url) as session:
        assert auth.exposed_demo_accounts(session) == []
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
        at = app_test("lasare").run()
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


def _get_once(url: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    """One GET, its redirect not followed (the cookie is set on the redirect itself)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=60)
    connection.request("GET", f"{parts.path}?{parts.query}", headers=headers)
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer


@pytest.mark.browser
def test_the_session_cookie_is_set_by_the_server_and_unreadable_by_page_script(
    page: Page, need_chromium: None, store_url: str
) -> None:
    """Signing in sends the browser through the server's route, which sets an HttpOnly, SameSite=Strict cookie;
    a reload stays signed in; signing out in one tab ends the session for every tab holding the cookie at once."""
    app = AppServer(store_url).start()
    try:
        sign_in(page, app, "lasare")
        cookie = next(c for c in page.context.cookies() if c["name"] == "medborgarlofte_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert "medborgarlofte_session" not in page.evaluate("document.cookie")
        other = page.context.new_page()  # a second tab with the same cookie
        use_ceiling(other)
        other.goto(app.url)
        wait_for_app(other)
        expect(other.get_by_text("Inloggad som lasare")).to_be_visible()
        # The sign-out goes through the route: wait for its answer (the page's own URL has no "_session" before the
        # click either, so waiting for one without it returned at once on a loaded machine)
        with page.expect_response(lambda r: "/_session/end" in r.url):
            page.get_by_role("button", name="Logga ut").first.click()
        page.wait_for_url(re.compile(r"^(?!.*_session).*$"))  # back from the route
        wait_for_app(page)
        assert not any(c["name"] == "medborgarlofte_session" for c in page.context.cookies())
        other.get_by_role("link", name="Karta").click()  # the other tab's next run
        wait_for_app(other)
        expect(other.get_by_text("Inloggad som lasare")).to_have_count(0)
        with urllib.request.urlopen(f"{app.url}/_session/begin?code=gissad&next=//evil.example") as r:
            assert r.url == f"{app.url}/" and "set-cookie" not in {k.lower() for k in r.headers}  # nothing given
        # Login CSRF: an attacker's own valid code, opened by a page on another site, signs the visitor in as no one.
        from indicators.base.models import Role
        from indicators.storage import auth, db
        from indicators.storage.store import Principal

        attacker = Principal("pol", Role.EDITOR, "POL")
        for site, given in (("cross-site", False), ("same-site", False), ("same-origin", True)):
            code = db.run_write(lambda s: auth.start_handoff(s, attacker), store_url, data=False)
            answer = _get_once(f"{app.url}/_session/begin?code={code}", {"Sec-Fetch-Site": site})
            assert answer.status == 303 and (answer.getheader("set-cookie") is not None) is given, site
    finally:
        app.stop()


@pytest.mark.browser
def test_a_visitor_through_a_proxy_never_gets_the_demo_accounts(
    page: Page, need_chromium: None, store_url: str
) -> None:
    """nginx on the same host makes every visitor look local to a 127.0.0.1 server; its X-Forwarded-For header
    says otherwise: no demo account is named and the published password signs no one in."""
    app = AppServer(store_url).start()
    try:
        page.set_extra_http_headers({"X-Forwarded-For": "203.0.113.7"})
        page.goto(f"{app.url}/logga-in")
        wait_for_app(page)
        expect(page.get_by_label("Användarnamn")).to_be_visible()
        assert page.get_by_text("exempel-losen").count() == 0 and page.get_by_text("demo-admin").count() == 0
        page.get_by_label("Användarnamn").fill("demo-admin")
        page.get_by_label("Lösenord").fill("exempel-losen")
        page.get_by_role("button", name="Logga in").click()
        wait_for_app(page)
        expect(page.get_by_text("demolösenordet tas inte emot", exact=False)).to_be_visible()
    finally:
        app.stop()
