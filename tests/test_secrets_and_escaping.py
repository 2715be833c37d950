"""User text is shown as text everywhere, and no password, hash or session token ever leaves the store: not in the
server's log, a page, an export, a CLI answer, an error message or the audit trail."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page
from sqlalchemy import text

from indicators.base.models import Role
from indicators.rules.validation import FigureInput
from indicators.storage import auth, db, store
from indicators.storage.store import Principal
from tests.browser import sign_in, wait_for_app
from tests.support import PASSWORD, AppServer
from tests.support import cli as run_cli

pytestmark = pytest.mark.browser

#: Markup a user might type, on purpose or by pasting: it must show as these characters, never run or render.
PAYLOAD = '<img id="xss" src="x" onerror="window.__xss=1"><b id="xssb">fet</b>[länk](javascript:window.__xss=2)'
WRONG_PASSWORD = "fel-men-hemligt-77"

POL = Principal("pol", Role.EDITOR, "POL")
CHAIR = Principal("ordf", Role.STEERING)


def _plant_user_text(url: str) -> None:
    """The payload in every kind of free text a user writes: a figure's note and source, an activity's
    description, a commitment status comment, a review comment and a meeting's title."""

    def work(s: db.Session) -> None:
        store.submit_figure(s, by=POL, figure=FigureInput("I01", "11319", "2026-09", 42.0, None, None, PAYLOAD[:120],
                                                           note=PAYLOAD))  # fmt: skip
        store.submit_figure(s, by=POL, figure=FigureInput("I02", "11319", "2026-09", 4.0, None, None, "POL",
                                                           note=PAYLOAD))  # fmt: skip
        store.record_activity(s, POL, {"type": "patrol", "date": "2026-09-10", "area": "11319", "commitment": "P2",
                                       "description": PAYLOAD, "hours": "2"})  # fmt: skip
        store.report_status(s, POL, {"commitment": "P2", "period": "2026-Q3", "status": "at_risk", "comment": PAYLOAD})
        returned = s.execute(text("SELECT id FROM figure WHERE indicator_code = 'I02' AND period = '2026-09' "
                                  "AND entered_by = 'pol'")).scalar()  # fmt: skip
        store.return_figures(s, CHAIR, [int(returned)], PAYLOAD)
        store.save_meeting(s, CHAIR, "sofielund-2022", PAYLOAD[:150], dt.date(2026, 11, 1), "11319",
                           dt.date(2026, 10, 31))  # fmt: skip

    db.run_write(work, url)


def _assert_shown_as_text(page: Page, where: str) -> None:
    assert page.locator("#xss, #xssb").count() == 0, f"{where}: user text was rendered as HTML"
    assert page.locator('a[href^="javascript:"]').count() == 0, f"{where}: user text made a javascript: link"
    assert page.evaluate("window.__xss") is None, f"{where}: user text ran as script"


def test_user_text_renders_as_text_and_no_secret_leaks(
    page: Page, need_chromium: None, store_url: str, tmp_path: Path, artifacts: Path
) -> None:
    _plant_user_text(store_url)
    server = AppServer(store_url).start()
    seen: list[str] = []  # everything a person or a log could read
    try:
        page.set_viewport_size({"width": 1280, "height": 1000})
        # a wrong password first: it must not be echoed or logged either
        page.goto(f"{server.url}/logga-in")
        wait_for_app(page)
        page.get_by_label("Användarnamn").fill("pol")
        page.get_by_label("Lösenord").fill(WRONG_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        wait_for_app(page)
        seen.append(page.content())
        shown_as_text = False
        for user, paths in {
            "pol": ["oversikt", "rapportera", "aktiviteter", "atagandestatus", "ataganden", "indikator?code=I01"],
            "ordf": ["oversikt", "granska", "historik", "ataganden"],
            "admin": ["anvandare", "historik", "logga-in"],
        }.items():
            page.context.clear_cookies()
            sign_in(page, server, user)
            for path in paths:
                page.goto(f"{server.url}/{path}")
                wait_for_app(page)
                _assert_shown_as_text(page, f"{user} {path}")
                seen.append(page.content())
                shown_as_text = shown_as_text or "onerror=" in page.inner_text("body")
            page.screenshot(path=artifacts / f"escaping-{user}.png", full_page=True)
        assert shown_as_text, "the payload should be visible as text on some page"
        cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "medborgarlofte_session")
        page.context.clear_cookies()
        for path in ["", "vad-har-gjorts", "utveckling", "om-tjansten"]:
            page.goto(f"{server.url}/{path}")
            wait_for_app(page)
            _assert_shown_as_text(page, f"public {path}")
            seen.append(page.content())
    finally:
        server.stop()
    seen.append(server.log.read_text(encoding="utf-8", errors="replace"))

    def cli(*args: str, stdin: str = "") -> str:
        done = run_cli("--db", store_url, *args, stdin=stdin)
        return done.stdout + done.stderr

    seen.append(cli("users", "list", "--json"))
    seen.append(cli("users", "list"))
    seen.append(cli("info", "--json"))
    seen.append(cli("users", "add", "kort", "--role", "viewer", stdin="kort\n"))  # a refused password: not echoed
    seen.append(cli("users", "add", "ny.person", "--role", "viewer", stdin=f"{WRONG_PASSWORD}-x\n"))
    seen.append(cli("export", str(tmp_path / "ut"), "--public"))
    seen.append(cli("report", str(tmp_path / "rapport.html")))
    seen += [
        p.read_text(encoding="utf-8", errors="replace")
        for p in (tmp_path / "ut").rglob("*")
        if p.is_file() and p.suffix != ".xlsx"
    ]
    seen.append((tmp_path / "rapport.html").read_text(encoding="utf-8"))
    try:  # a wrong password through the domain: its error message
        auth.sign_in(store_url, "pol", WRONG_PASSWORD)
    except Exception as exc:  # noqa: BLE001
        seen.append(str(exc))

    with db.read_session(store_url) as s:
        hashes = [h for h in s.execute(text("SELECT password_hash FROM app_user")).scalars() if h]
        token_hashes = list(s.execute(text("SELECT token_hash FROM sign_in_session")).scalars())
        audit = [json.dumps([r.before, r.after, r.entity_key], default=str)
                 for r in s.execute(text("SELECT before, after, entity_key FROM audit_entry"))]  # fmt: skip
    seen += audit
    secrets = {"password": PASSWORD, "wrong password": WRONG_PASSWORD, "session cookie": cookie,
               "new user's password": f"{WRONG_PASSWORD}-x", **{f"hash {i}": h for i, h in enumerate(hashes)},
               **{f"token hash {i}": h for i, h in enumerate(token_hashes)}}  # fmt: skip
    assert hashes and token_hashes and cookie
    everything = "\n".join(seen)
    leaks = [name for name, secret in secrets.items() if secret and secret in everything]
    assert leaks == [], f"secrets found in logs, pages, exports or messages: {leaks}"
