"""English everywhere it is chosen (issue 20): the catalogue's commitments, problem picture and indicator definitions
come in English too, a missing English text is shown in Swedish with a marker, and a changed English text is an
audited change of the definition like any other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text
from streamlit.testing.v1 import AppTest

from indicators.base.i18n import in_language, in_language_list, localized, t
from indicators.base.models import AuditEntry
from indicators.io import catalogue, export
from indicators.read import queries
from indicators.storage import db
from indicators.views import newsletter
from tests.pledges import SOFIELUND, lindangen, seed, sofielund_spec, write
from tests.support import app_test, examples
from tests.test_catalogue_refusals import snapshot

MARKER = "(in Swedish only – endast på svenska)"


def _audit(url: str, action: str) -> list[AuditEntry]:
    with db.read_session(url) as s:
        return list(s.execute(select(AuditEntry).where(AuditEntry.action == action)).scalars())  # type: ignore[arg-type]


def _commitment(spec: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in spec["commitments"] if c["code"] == code)
    return found


def _indicator(spec: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in spec["indicators"] if i["code"] == code)
    return found


# --- The catalogue -----------------------------------------------------------------------------------------------


def test_the_sofielund_file_gives_every_text_in_english_too() -> None:
    """Every commitment, the summary, the problem picture item by item, the follow-up channels and each indicator's
    definition and explanation (and target note, where it has one) have an English text."""
    spec = catalogue.load(SOFIELUND).spec
    p = spec.pledge
    assert p.name_en and p.summary_en
    assert len(p.problem_picture_en) == len(p.problem_picture) > 0 and all(p.problem_picture_en)
    assert len(p.follow_up_channels_en) == len(p.follow_up_channels) > 0
    assert all(c.text_en for c in spec.commitments)
    assert all(i.definition_en and i.explanation_en for i in spec.indicators)
    assert all(i.target_note_en for i in spec.indicators if i.target_note)


def test_the_store_keeps_the_english_texts(store_url: str) -> None:
    """The seeded store holds the English texts, and the reads the pages use return them."""
    with db.read_session(store_url) as s:
        pledge = queries.pledge(s, "sofielund-2022")
        statuses = queries.commitment_statuses(s, "sofielund-2022", dt.date(2023, 6, 30))
        i01 = queries.indicator(s, "I01")
    assert pledge is not None and pledge["name_en"] == "Citizen pledge Sofielund 2022–2023"
    assert pledge["problem_picture_en"][0].startswith("Södra Sofielund is on the police's list")
    assert statuses.set_index("code").loc["P2", "text_en"] == "Regular presence in the area."
    assert i01 is not None and i01["definition_en"].startswith("Hours per month") and i01["target_note_en"]
    assert {c["code"]: c["text_en"] for c in i01["commitments"]}["P2"] == "Regular presence in the area."


@pytest.mark.parametrize("field", ["problem_picture_en", "follow_up_channels_en"])
def test_an_english_list_of_another_length_is_refused_whole(store_url: str, tmp_path: Path, field: str) -> None:
    """An English problem picture (or list of channels) with an item too few is refused, naming the field and both
    lengths, and nothing of the file is stored."""
    spec = sofielund_spec()
    spec["pledge"][field] = spec["pledge"][field][:-1]
    spec["pledge"]["summary_en"] = "A new summary that must not be stored."
    swedish = len(spec["pledge"][field.removesuffix("_en")])
    before = snapshot(store_url)
    with pytest.raises(catalogue.CatalogueError) as refused:
        seed(store_url, write(tmp_path, spec))
    assert f"pledge.{field}: {swedish - 1} items, pledge.{field.removesuffix('_en')} has {swedish}" in str(
        refused.value
    )
    assert snapshot(store_url) == before


def test_a_changed_english_text_is_an_audited_version(store_url: str, tmp_path: Path) -> None:
    """A new English summary, commitment text and indicator definition are each a change in the audit trail with
    before and after, as a changed Swedish text is; the same file again makes no new version."""
    spec = sofielund_spec()
    spec["pledge"]["summary_en"] = "A shorter summary."
    _commitment(spec, "P2")["text_en"] = "Police in the area every week."
    _indicator(spec, "I01")["definition_en"] = "Police hours in the area."
    path = write(tmp_path, spec)
    seed(store_url, path)
    (pledge,) = _audit(store_url, "pledge.change")
    assert pledge.after == {"pledge": "sofielund-2022", "summary_en": "A shorter summary."}
    assert pledge.before is not None and pledge.before["summary_en"].startswith("The citizen pledge is a joint")
    (commitment,) = _audit(store_url, "commitment.change")
    assert commitment.entity_key == "sofielund-2022/P2"
    assert commitment.before == {"pledge": "sofielund-2022", "text_en": "Regular presence in the area."}
    assert commitment.after == {"pledge": "sofielund-2022", "text_en": "Police in the area every week."}
    (indicator,) = _audit(store_url, "indicator.change")
    assert indicator.entity_key == "I01"
    assert indicator.after == {"pledge": "sofielund-2022", "definition_en": "Police hours in the area."}
    with db.read_session(store_url) as s:
        changes = queries.definition_changes(s, "I01")
    assert "definition_en" in set(changes["field"])
    seed(store_url, path)
    assert [len(_audit(store_url, a)) for a in ("pledge.change", "commitment.change", "indicator.change")] == [1, 1, 1]


def test_another_pledge_cannot_change_the_english_definition_it_shares(store_url: str, tmp_path: Path) -> None:
    """Lindängen's file reusing I01 with only a Swedish definition would blank Sofielund's English one: refused
    with the rest, naming the field."""
    before = snapshot(store_url)
    with pytest.raises(catalogue.CatalogueError) as refused:
        seed(store_url, write(tmp_path, lindangen(reuse_codes=True)))
    assert 'indicator I01: definition_en is "Hours per month that the police' in str(refused.value)
    assert (
        "indicator I01: explanation_en is 'Visible police in the area can prevent crime and make people feel "
        "safer.' as pledge sofielund-2022 defines it; this file says ''" in str(refused.value)
    )
    assert snapshot(store_url) == before


# --- The choice of text ---------------------------------------------------------------------------------------------


def test_a_missing_english_text_is_the_swedish_one_marked() -> None:
    assert in_language("Regelbunden närvaro.", "Regular presence.", "en") == "Regular presence."
    assert in_language("Regelbunden närvaro.", "Regular presence.", "sv") == "Regelbunden närvaro."
    assert in_language("Regelbunden närvaro.", "", "en") == f"Regelbunden närvaro. {MARKER}"
    assert in_language("Regelbunden närvaro.", float("nan"), "en") == f"Regelbunden närvaro. {MARKER}"
    assert in_language("", "", "en") == ""
    assert t("catalogue.swedish_only", "en") == MARKER
    assert in_language_list(["a", "b"], ["A"], "en") == ["A", f"b {MARKER}"]
    assert localized({"text": "Svensk.", "text_en": ""}, "text", "en") == f"Svensk. {MARKER}"


@examples(100)
@given(
    swedish=st.text(min_size=1).filter(str.strip),
    english=st.one_of(st.none(), st.text(), st.just(float("nan"))),
    lang=st.sampled_from(["sv", "en", "de", ""]),
)
def test_a_text_with_swedish_is_never_shown_empty(swedish: str, english: object, lang: str) -> None:
    """Whatever English a row holds (none, empty, blank, NaN from a frame), a text with Swedish is never shown empty,
    and Swedish pages always show the Swedish text, unmarked."""
    shown = in_language(swedish, english, lang)
    assert shown.strip()
    if lang != "en":
        assert shown == swedish
    elif not (isinstance(english, str) and english.strip()):
        assert shown.startswith(swedish) and shown.endswith(MARKER)
    (item,) = in_language_list([swedish], [english] if isinstance(english, str) else english, lang)
    assert item.strip()


# --- The pages and the files ----------------------------------------------------------------------------------------


@pytest.fixture
def partly_english(store_url: str, tmp_path: Path) -> str:
    """The store with Sofielund's file as given, except that P2 and I01's definition have no English text."""
    spec = sofielund_spec()
    _commitment(spec, "P2")["text_en"] = ""
    _indicator(spec, "I01")["definition_en"] = ""
    seed(store_url, write(tmp_path, spec))
    return store_url


def _open(url: str, page: str, monkeypatch: pytest.MonkeyPatch, lang: str, user: str | None = None,
          **params: str) -> AppTest:  # fmt: skip
    monkeypatch.setenv("INDICATORS_DB_URL", url)
    at = app_test(user)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _markdown(at: AppTest) -> str:
    """The page's text as a reader sees it (store texts are markdown-escaped: ``\\.`` reads ``.``)."""
    return "\n".join(str(e.value) for kind in ("title", "markdown", "caption") for e in getattr(at, kind)).replace(
        "\\", ""
    )


def test_the_public_pledge_page_speaks_english_and_marks_what_is_swedish_only(
    partly_english: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In English the pledge page shows the English name, summary, problem picture, commitments and channels; P2,
    which has no English text, in Swedish with the marker. In Swedish nothing is marked."""
    at = _open(partly_english, "pages/public_pledge.py", monkeypatch, "en")
    shown = _markdown(at)
    assert at.title[0].value == "Citizen pledge Sofielund 2022–2023"
    assert "The citizen pledge is a joint promise" in shown
    assert "Södra Sofielund is on the police's list of particularly vulnerable areas" in shown
    assert "Citizen dialogue with residents and businesses in the area" in shown  # P1
    assert f"Regelbunden närvaro i området. {MARKER}" in shown  # P2
    assert "Digital channels and social media" in shown
    swedish = _markdown(_open(partly_english, "pages/public_pledge.py", monkeypatch, "sv"))
    assert "Regelbunden närvaro i området." in swedish and "endast på svenska" not in swedish
    assert "Medborgardialog med boende" in swedish and "Citizen dialogue with" not in swedish


def test_the_commitments_and_indicator_pages_speak_english(
    partly_english: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Åtaganden and Indikator in English: commitments in English (P2 in Swedish, marked), the definition in
    Swedish with the marker where it has no English, the target note in English."""
    at = _open(partly_english, "pages/commitments.py", monkeypatch, "en", "lasare")
    shown = _markdown(at)
    assert "Regular presence" not in shown and f"Regelbunden närvaro i området. {MARKER}" in shown
    assert "Improve camera surveillance in the area." in shown  # P3
    at = _open(partly_english, "pages/indicator.py", monkeypatch, "en", "lasare", code="I01")
    shown = _markdown(at)
    assert "Antal timmar per månad som polisen har varit på plats i Södra Sofielund" in shown and MARKER in shown
    assert "Example target (demo)" in shown
    assert "Visible police in the area can prevent crime" in shown


def test_the_public_trends_page_gives_the_definition_in_english(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(store_url, "pages/public_trends.py", monkeypatch, "en", pub_indicator="I19")
    shown = _markdown(at)
    assert "Share of the respondents to the police's safety survey for the area who feel fairly" in shown
    assert "This is the pledge's main goal" in shown


def test_the_newsletter_and_open_data_carry_the_english_texts(partly_english: str) -> None:
    """The English newsletter has the English summary and commitments (P2 marked); the open data keeps the Swedish
    name and definition and adds the English ones beside them."""
    with db.read_session(partly_english) as s:
        letter = newsletter.build(s, "sofielund-2022", "11319", dt.date(2022, 4, 1), dt.date(2023, 6, 30))
        figures = export.public_figures(s)
    assert letter is not None
    english = newsletter.html(letter, "en")
    assert "Citizen pledge Sofielund 2022–2023" in english and "The citizen pledge is a joint promise" in english
    assert "P1: Citizen dialogue with residents" in english
    assert f"P2: Regelbunden närvaro i området. {MARKER}" in english
    swedish = newsletter.html(letter, "sv")
    assert "P1: Medborgardialog" in swedish and "endast på svenska" not in swedish
    i19 = figures[figures["indicator"] == "I19"].iloc[0]
    assert i19["indicator_name"] == "Otrygga ute sent på kvällen"
    assert i19["indicator_name_en"] == "Unsafe outdoors late in the evening"
    assert i19["definition"].startswith("Andel av de svarande") and i19["definition_en"].startswith("Share of the")


# --- The migration --------------------------------------------------------------------------------------------------


def test_a_store_from_before_the_english_texts_upgrades_and_shows_swedish_marked(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migration 0014 on a store of 0013 (down and up again): the English columns come back empty on every old row,
    the pages work and show the Swedish texts with the marker; the file loaded again fills them in."""
    from alembic import command
    from alembic.config import Config

    from indicators.base.config import ROOT

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["url"] = store_url
    command.downgrade(cfg, "0013")
    db.dispose_all()
    with db.read_session(store_url) as s:
        columns = s.execute(text("SELECT * FROM commitment")).keys()
    assert "text_en" not in columns
    db.migrate(store_url)
    with db.read_session(store_url) as s:
        pledge = queries.pledge(s, "sofielund-2022")
        texts = s.execute(text("SELECT DISTINCT text_en FROM commitment")).scalars().all()
        definitions = s.execute(text("SELECT DISTINCT definition_en FROM indicator")).scalars().all()
    assert pledge is not None and pledge["name_en"] == "" and pledge["problem_picture_en"] == []
    assert texts == [""] and definitions == [""]
    shown = _markdown(_open(store_url, "pages/public_pledge.py", monkeypatch, "en"))
    assert f"Regelbunden närvaro i området. {MARKER}" in shown
    assert f"Södra Sofielund finns med på polisens lista över särskilt utsatta områden. {MARKER}" in shown
    seed(store_url, SOFIELUND)
    with db.read_session(store_url) as s:
        pledge = queries.pledge(s, "sofielund-2022")
    assert pledge is not None and pledge["name_en"] == "Citizen pledge Sofielund 2022–2023"
