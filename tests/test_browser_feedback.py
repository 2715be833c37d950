"""Ni sa – vi gjorde in Chromium: the public section on a phone passes axe-core and fits the screen, and an editor
records what was raised at a dialogue through the form."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlmodel import col

from indicators.base.models import Topic, TopicMention
from indicators.storage import db
from tests.browser import assert_no_error_box, sign_in, wait_for_app
from tests.support import CHROMIUM, AppServer
from tests.test_browser_public import axe_js, serious_violations

pytestmark = [pytest.mark.browser]
__all__ = ["axe_js"]  # the fixture, shared with the public pages' walk


@pytest.fixture(scope="module")
def server(new_store: Callable[..., str]) -> Iterator[AppServer]:
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium")
    app = AppServer(new_store()).start()
    yield app
    app.stop()


def test_the_public_section_is_accessible_on_a_phone(
    page: Page, need_chromium: None, server: AppServer, axe_js: str, artifacts: Path
) -> None:
    """At 390 px: the section's heading, its captioned table and each published topic with its answer's state in
    symbol and word; no serious axe violation, no sideways scrolling; the unpublished topic is not there."""
    page.set_viewport_size({"width": 390, "height": 1400})
    page.goto(f"{server.url}/vad-har-gjorts")
    wait_for_app(page)
    heading = page.get_by_role("heading", name="Ni sa – vi gjorde", exact=True)
    expect(heading).to_be_visible()
    table = page.get_by_role("table", name="Det boende tog upp, hur många gånger, och läget för svaret")
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader", name="Narkotikahandel nära skolan (exempeldata)")).to_be_visible()
    expect(page.get_by_role("heading", name="Mörka gångvägar genom parken (exempeldata)")).to_be_visible()
    expect(page.get_by_text("✔ Klart").first).to_be_visible()
    assert page.get_by_text("Höga hastigheter på gatorna").count() == 0
    assert_no_error_box(page)
    assert serious_violations(page, axe_js) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=artifacts / "public-ni-sa-vi-gjorde-390.png")
    page.get_by_role("heading", name="Mörka gångvägar genom parken (exempeldata)").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=artifacts / "public-ni-sa-vi-gjorde-topics-390.png")


def test_an_editor_records_a_topic_raised_at_a_dialogue(
    page: Page, need_chromium: None, server: AppServer, artifacts: Path
) -> None:
    """The police's editor picks one of their dialogues, writes a new topic and saves: the topic is stored with one
    mention at that dialogue, and the page says so."""
    page.set_viewport_size({"width": 1280, "height": 1400})
    sign_in(page, server, "pol")
    page.goto(f"{server.url}/ni-sa-vi-gjorde")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Vad togs upp?")).to_be_visible()
    page.locator(".st-key-fb_dialogue_0").click()
    page.get_by_role("option").nth(1).click()  # the first dialogue of the police's own
    wait_for_app(page)
    page.locator(".st-key-fb_new_0 textarea").fill("Trasiga gatlampor vid Seveds plan")
    page.screenshot(path=artifacts / "feedback-editor-filled-1280.png")
    page.get_by_role("button", name="Spara", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("1 ämne sparades från dialogen.")).to_be_visible()
    assert_no_error_box(page)
    page.screenshot(path=artifacts / "feedback-editor-1280.png")
    with db.read_session(server.env["INDICATORS_DB_URL"]) as s:
        topic = s.execute(select(Topic).where(col(Topic.text) == "Trasiga gatlampor vid Seveds plan")).scalar_one()
        mentions = s.execute(select(TopicMention).where(col(TopicMention.topic_id) == topic.id)).scalars().all()
    assert [(m.entered_by, m.activity_id is not None) for m in mentions] == [("pol", True)]
