"""The message catalogues: every user-facing text, Swedish first, English available, in gettext `.po` files.

The texts live in ``locale/<lang>/LC_MESSAGES/messages.po`` (the template of ids in ``locale/messages.pot``), read
through Babel when first used; a message id is a key such as ``"app.title"``. ``t("key", lang, **values)`` looks a
text up and fills in its ``{placeholders}``; ``tn("key", n, lang, **values)`` picks the singular or plural form for
``n`` (and passes ``n=n`` to the text). A missing English text falls back to Swedish; a missing key raises KeyError.
A value that is itself a :class:`Message` or a :class:`DomainError` is rendered in the same language.

Domain errors carry a message id and parameters (:class:`DomainError`): ``str(error)`` is the Swedish sentence (the
command line and the logs read that), ``error.text(lang)`` the user's language. ``N_("key")`` marks a key that code
builds or looks up later, so the extraction test (tests/test_i18n.py) sees every key the code uses.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("sv", "en")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def po_path(lang: str) -> Path:
    """The catalogue file of one language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


@functools.cache
def catalogue(lang: str) -> Catalog:
    """One language's catalogue as Babel reads it from its `.po` file, once per process."""
    with po_path(lang).open("rb") as po:
        return read_po(po, locale=lang)


@functools.cache
def translations(lang: str) -> Translations:
    """One language's catalogue for lookups (compiled to a `.mo` in memory: no build step, no binary in git)."""
    mo = io.BytesIO()
    write_mo(mo, catalogue(lang))
    mo.seek(0)
    return Translations(mo, domain="messages")


@functools.cache
def plural_keys() -> frozenset[str]:
    """The message ids that have plural forms (used with :func:`tn`)."""
    return frozenset(m.id[0] for m in catalogue("sv") if m.id and m.pluralizable)


def has(key: str, lang: str = "sv") -> bool:
    """Whether ``lang``'s catalogue has a text for ``key`` (every plural form, for a message with plurals)."""
    message = catalogue(lang).get(key)
    if message is None:
        return False
    return all(message.string) if isinstance(message.string, tuple | list) else bool(message.string)


def N_(key: str) -> str:  # the gettext name for "mark, do not translate here"
    """Mark a message id that is looked up later (a dict of labels, a page title): returns it unchanged."""
    return key


def _lookup(key: str, lang: str, n: int | None) -> str:
    if n is None and key in plural_keys():
        n = 2  # a text with plural forms asked for without its count (a test keeps code from doing so)
    for language in (lang, "sv") if lang != "sv" else ("sv",):
        found = translations(language)
        text = found.gettext(key) if n is None else found.ngettext(key, key, n)
        if text != key:
            return text
    raise KeyError(key)


def _fill(text: str, lang: str, values: dict[str, object]) -> str:
    if not values:
        return text
    return text.format(**{k: _shown(v, lang) for k, v in values.items()})


def _shown(value: object, lang: str) -> object:
    """A value as the text shows it: a message in ``lang``, a list of them joined with semicolons."""
    if isinstance(value, Message | DomainError):
        return value.text(lang)
    if isinstance(value, list | tuple):
        return "; ".join(str(_shown(v, lang)) for v in value)
    return value


def render(msgid: str, lang: str, params: dict[str, object]) -> str:
    """A message id with its values in ``lang``: the plural form for ``params["n"]`` when the message has plurals."""
    if msgid in plural_keys():
        n = params["n"]
        assert isinstance(n, int), (msgid, n)
        return tn(msgid, n, lang, **params)
    return t(msgid, lang, **params)


def t(key: str, lang: str = "sv", /, **values: object) -> str:
    """The message for ``key`` in ``lang`` (Swedish if the English text is missing), with values filled in."""
    return _fill(_lookup(key, lang, None), lang, values)


def tn(key: str, n: int, lang: str = "sv", /, **values: object) -> str:
    """The singular or plural form of ``key`` for the count ``n`` in ``lang``, with ``n`` and the values filled in."""
    return _fill(_lookup(key, lang, int(n)), lang, {**values, "n": n})


#: The marker after a catalogue text shown in Swedish on an English page because the catalogue gives no English.
SWEDISH_ONLY = N_("catalogue.swedish_only")


def in_language(swedish: str, english: object, lang: str) -> str:
    """A catalogue text (a commitment, the problem picture, a definition) in ``lang``: the English text when the
    reader chose English and there is one, otherwise the Swedish text; on an English page followed by a marker that
    it is in Swedish only. Never empty where the Swedish text is not. (``english`` may be missing: None, or NaN
    from a frame.)"""
    if lang != "en":
        return swedish
    if isinstance(english, str) and english.strip():
        return english
    return f"{swedish} {t(SWEDISH_ONLY, lang)}" if swedish.strip() else swedish


def in_language_list(swedish: Sequence[str], english: object, lang: str) -> list[str]:
    """A list of catalogue texts (the problem picture, the follow-up channels) in ``lang``, item by item as
    :func:`in_language` picks them (the catalogue gives the English list item by item, or not at all)."""
    given = list(english) if isinstance(english, list | tuple) else []
    return [in_language(sv, given[i] if i < len(given) else None, lang) for i, sv in enumerate(swedish)]


def localized(row: Mapping[str, Any] | object, field: str, lang: str) -> str:
    """``row``'s ``field`` in ``lang`` (:func:`in_language` of ``field`` and ``field_en``): ``row`` is a dict (a
    query's row, a template's pledge) or has attributes (a frame's ``itertuples()`` row)."""
    if isinstance(row, Mapping):
        swedish, english = row.get(field), row.get(f"{field}_en")
    else:
        swedish, english = getattr(row, field, None), getattr(row, f"{field}_en", None)
    return in_language(swedish if isinstance(swedish, str) else "", english, lang)


class Message:
    """A text not yet rendered: a message id and its values, shown later in the reader's language."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, /, **params: object) -> None:
        self.msgid = msgid
        self.params = params

    def text(self, lang: str = "sv") -> str:
        return render(self.msgid, lang, self.params)

    def __str__(self) -> str:
        return self.text("sv")

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.msgid, self.params) == (other.msgid, other.params)

    def __hash__(self) -> int:
        return hash(self.msgid)


class DomainError(Exception):
    """A refusal a user reads: ``msgid`` and ``params`` name the text; ``str()`` is the Swedish sentence."""

    def __init__(self, msgid: str, /, **params: object) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    @property
    def message(self) -> Message:
        return Message(self.msgid, **self.params)

    def text(self, lang: str = "sv") -> str:
        """The sentence in ``lang``."""
        return render(self.msgid, lang, self.params)

    def __str__(self) -> str:
        return self.text("sv")
