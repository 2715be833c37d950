"""The message catalogues: every key the code uses is in both `.po` files and no key there is unused, plurals and
placeholders agree across languages, and every domain error reads in English without a Swedish sentence."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

import indicators
from indicators.base import i18n
from indicators.base.i18n import DomainError, t, tn

ROOT = Path(__file__).resolve().parent.parent

#: The calls that take a message id, and which positional argument it is (Babel's keyword specs).
KEYWORDS: dict[str, tuple[int, ...]] = {
    "t": (1,),
    "tn": (1,),
    "tr": (1,),
    "trn": (1,),
    "N_": (1,),
    "Message": (1,),
    "FieldError": (2,),
    "RowError": (3,),
}
PLURAL_CALLS = {"tn", "trn"}


def _domain_errors() -> list[type[DomainError]]:
    """Every DomainError subclass in the package (each module imported, so each class is defined)."""
    for module in pkgutil.walk_packages(indicators.__path__, "indicators."):
        if module.name != "indicators.__main__":
            importlib.import_module(module.name)
    found: list[type[DomainError]] = []
    todo = [DomainError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


ERRORS = _domain_errors()
KEYWORDS.update({cls.__name__: (1,) for cls in ERRORS})


def _literals(node: ast.expr) -> list[str | None]:
    """The strings an argument can be: a literal, either branch of ``"a" if x else "b"``; None when computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return [None]


def extract_ast(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[Any, ...]]:
    """A Babel extraction method that reads the syntax tree, so it also finds calls inside f-strings (Babel's own
    Python extractor sees an f-string as one token on Python 3.11) and both keys of a conditional."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in keywords or not node.args:
            continue
        choices: list[list[str | None]] = [[]]
        for arg in node.args:
            choices = [[*c, v] for c in choices for v in _literals(arg)]
        for messages in choices:
            yield node.lineno, name, tuple(messages) if len(messages) > 1 else messages[0], []


def used_keys(keywords: dict[str, tuple[int, ...]] = KEYWORDS) -> set[str]:
    """Each message id the code (indicators/, ui/, pages/, app.py, and the HTML templates) uses, found by Babel's
    extraction."""
    used: set[str] = set()
    for folder in ("indicators", "ui", "pages"):
        for _file, _line, msgid, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", extract_ast), ("**.j2", "jinja2.ext:babel_extract")],
            keywords=keywords,
            comment_tags=(),
        ):
            used.add(msgid if isinstance(msgid, str) else msgid[0])
    for _line, msgid, _comments, _context in extract_from_file(extract_ast, ROOT / "app.py", keywords=keywords):
        used.add(msgid if isinstance(msgid, str) else msgid[0])
    return used


def catalogue(lang: str) -> Any:
    with i18n.po_path(lang).open("rb") as po:
        return read_po(po, locale=lang)


def _ids(cat: Any) -> dict[str, Any]:
    return {(m.id if isinstance(m.id, str) else m.id[0]): m for m in cat if m.id}


def test_every_key_the_code_uses_is_in_both_catalogues_and_every_key_there_is_used() -> None:
    """Missing keys fail here, not on a page; a key no code uses (dead text) fails too: delete it from the .po."""
    used = used_keys()
    assert len(used) > 300, "too few keys found: did a helper's name change?"
    for lang in i18n.LANGUAGES:
        ids = _ids(catalogue(lang))
        assert sorted(set(used) - set(ids)) == [], f"keys used in code but missing from {lang}/messages.po"
        assert sorted(set(ids) - set(used)) == [], f"keys in {lang}/messages.po that no code uses"


def _forms(message: Any) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_catalogues_parse_agree_on_ids_and_placeholders_and_declare_their_plural_forms() -> None:
    """Both .po files and the template parse with Babel and hold the same ids; each English text has exactly the
    placeholders of its Swedish one (form by form for plurals); no text is empty; Plural-Forms are right."""
    sv, en = catalogue("sv"), catalogue("en")
    with (i18n.LOCALE_DIR / "messages.pot").open("rb") as pot:
        template = read_po(pot)
    assert set(_ids(sv)) == set(_ids(en)) == set(_ids(template))
    for cat in (sv, en):
        assert cat.plural_forms == "nplurals=2; plural=(n != 1);"
        assert cat.num_plurals == 2
    english = _ids(en)
    for key, message in _ids(sv).items():
        assert message.pluralizable == english[key].pluralizable, key
        for sv_form, en_form in zip(_forms(message), _forms(english[key]), strict=True):
            assert sv_form and en_form, f"{key}: an empty text"
            assert _placeholders(sv_form) == _placeholders(en_form), key


def test_plural_texts_are_right_for_one_and_for_many_in_both_languages() -> None:
    """``tn`` picks the singular for 1 and the plural for 5, in Swedish and English."""
    assert tn("review.done_approve", 1, "sv", count=1) == "1 siffra godkänd."
    assert tn("review.done_approve", 5, "sv", count=5) == "5 siffror godkända."
    assert tn("review.done_approve", 1, "en", count=1) == "1 figure approved."
    assert tn("review.done_approve", 5, "en", count=5) == "5 figures approved."
    assert tn("report.commit", 1, "en", count=1) == "Save 1 figure"
    assert tn("report.commit", 5, "en", count=5) == "Save 5 figures"
    assert str(DomainError("error.sign_in.wait_minutes", n=1)) == "för många försök: vänta 1 minut och försök igen"
    assert (
        DomainError("error.sign_in.wait_minutes", n=3).text("en") == "too many attempts: wait 3 minutes and try again"
    )
    for key in i18n.plural_keys():
        for lang in i18n.LANGUAGES:
            one, many = (tn(key, n, lang, **_sample(key, n)) for n in (1, 5))
            assert one != many, (key, lang, one)


def test_keys_with_plural_forms_are_looked_up_with_tn_and_others_with_t() -> None:
    """A text with plural forms needs its count: it is only used through ``tn``/``trn`` (or an error's ``n``)."""
    plural = used_keys({"tn": (1,), "trn": (1,)})
    assert sorted(plural - i18n.plural_keys()) == []
    assert sorted(used_keys({"t": (1,), "tr": (1,)}) & i18n.plural_keys()) == []
    with pytest.raises(KeyError):
        t("no.such.key", "en")


def test_each_family_of_built_keys_covers_its_values() -> None:
    """The keys built from a value (f"status.{value}") are listed for the extraction, one for each value."""
    from indicators.base import labels, models
    from indicators.rules import periods, status

    enums = {
        "level": models.Level, "level_short": models.Level, "level_question": models.Level,
        "pub.method": models.Level, "direction": models.Direction, "commitment_kind": models.CommitmentKind,
        "review": models.ReviewState, "activity": models.ActivityType, "commitment_state": models.CommitmentState,
        "role": models.Role, "status": status.IndicatorStatus, "frequency": periods.Frequency,
    }  # fmt: skip
    for family, enum in enums.items():
        assert sorted(labels.FAMILIES[family]) == sorted(f"{family}.{v.value}" for v in enum), family
    assert len(periods.MONTHS) == 12


def _sample(key: str, n: int = 5) -> dict[str, object]:
    """Values for each placeholder of a text (digits, so no Swedish word comes in through them)."""
    message = _ids(catalogue("sv"))[key]
    names = set().union(*(_placeholders(f) for f in _forms(message)))
    return {name: n if name in ("n", "count") else f"{i}{i}" for i, name in enumerate(sorted(names), start=1)}


_SWEDISH = re.compile(r"\w*[åäöÅÄÖ]\w*")


def _error_keys() -> set[str]:
    errors = {name: spec for name, spec in KEYWORDS.items() if name not in ("t", "tn", "tr", "trn", "N_")}
    keys = used_keys(errors)
    keys |= {k for k in _ids(catalogue("sv")) if k.split(".")[0] in ("error", "validation", "period", "number", "text")}
    return keys


@pytest.mark.parametrize("key", sorted(_error_keys()))
def test_every_domain_error_text_reads_in_english_without_swedish(key: str) -> None:
    """A refusal the domain raises, shown to an English reader, is an English sentence."""
    values = _sample(key)
    message = i18n.Message(key, **values)
    sv, en = message.text("sv"), message.text("en")
    assert not set(_SWEDISH.findall(en)), (key, en)
    assert en != sv or not _SWEDISH.findall(sv), (key, en)


def test_each_domain_error_type_renders_in_the_users_language() -> None:
    """Each error type, made with sample values, says its rule in English through ``text("en")`` and in Swedish
    through ``str()`` (what the command line and the logs show)."""
    from indicators.io.importer import FileProblem, RowError
    from indicators.read.published import SpanError
    from indicators.rules.periods import PeriodError, parse_period
    from indicators.rules.validation import FieldError, NumberError, ValidationError, parse_number
    from indicators.storage.auth import SignInError
    from indicators.storage.store import ConflictError, PermissionDenied, StaleRowsError, UnknownIndicator

    stale = {"indicator_code": "K01", "area_code": "A", "period": "2023-Q1", "version": 2, "entered_by": "pol"}
    made: list[DomainError] = [
        FileProblem("error.import.empty"),
        SpanError("error.span", start="2023-01-01", end="2023-02-14"),
        SignInError("error.sign_in.wrong"),
        PermissionDenied("error.store.other_actor", mine="POL", other="KOM"),
        StaleRowsError([{**stale, "based_on": 1}, *({**stale, "based_on": 0} for _ in range(6))]),
        UnknownIndicator(["X99"]),
    ]
    with pytest.raises(PeriodError) as period:
        parse_period("2023-Q7")
    with pytest.raises(NumberError) as number:
        parse_number("12,5.3")
    made += [period.value, number.value]
    # every error type the package defines is made here (a conflict needs a stored figure: test_store makes one)
    assert {type(e) for e in made} >= {cls for cls in ERRORS if cls not in (DomainError, ConflictError)}
    for error in made:
        assert str(error) == error.text("sv") != error.text("en"), error
        assert not _SWEDISH.findall(error.text("en")), error.text("en")
    refused = ValidationError(
        [FieldError("value", "validation.value_or_status"), RowError(3, "period", "error.import.duplicate", line=2)]
    )
    assert str(refused) == (
        "värde: ange ett värde, eller en status (missing, suppressed, not_applicable); "
        "rad 3: period: samma indikator, område och period som rad 2"
    )
    assert refused.text("en") == (
        "value: give a value, or a status (missing, suppressed, not_applicable); "
        "row 3: period: the same indicator, area and period as row 2"
    )
