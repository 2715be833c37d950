"""What every page needs: the store URL, cached reads keyed by URL and data version, the language, demo labels."""

from __future__ import annotations

import inspect
import re
import threading
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

import streamlit as st
from sqlmodel import Session

from indicators.base.config import settings
from indicators.base.formatting import number
from indicators.base.i18n import t, tn
from indicators.io import export
from indicators.read import queries
from indicators.rules.validation import ValidationError
from indicators.storage import db
from indicators.storage.store import PermissionDenied, StaleRowsError

P = ParamSpec("P")
R = TypeVar("R")


def db_url() -> str:
    """The store's URL; a public-only server opens a SQLite store read-only, so no write can happen at all."""
    s = settings()
    return db.readonly_url(s.db_url) if s.public_only else s.db_url


#: Every read a page has asked for, by its name (module and function): the caches are keyed by the name.
_READS: dict[str, Callable[..., Any]] = {}


def _name(read: Callable[..., Any]) -> str:
    name = f"{read.__module__}.{read.__qualname__}"
    _READS.setdefault(name, read)
    return name


def _read(name: str, url: str, args: tuple[Any, ...]) -> Any:
    with db.read_session(url) as session:
        return _READS[name](session, *args)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(name: str, url: str, version: int, args: tuple[Any, ...]) -> Any:
    return _read(name, url, args)


_run = threading.local()


def start_run() -> None:
    """Called by the router first thing on every rerun: the run reads the store's data version once, not once per
    cached read (and again after a write of its own)."""
    _run.versions = {}


def _version(url: str) -> int:
    versions = getattr(_run, "versions", None)
    if versions is None:
        return db.data_version(url)
    key = (url, db.thread_writes())
    if key not in versions:
        versions[key] = db.data_version(url)
    return int(versions[key])


def query(read: Callable[Concatenate[Session, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a read of the domain package (a function taking a session first) through a cache keyed by the function,
    the database URL and its data version.

    Every write bumps the version in the database, so a write through any app server is seen on the next rerun.
    """
    url = db_url()
    return cast(R, _cached(_name(read), url, _version(url), _arguments(read, args, kwargs)))


def _arguments(read: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """The arguments as positions (so a read called either way is cached once)."""
    if not kwargs:
        return tuple(args)
    bound = inspect.signature(read).bind(None, *args, **kwargs)
    bound.apply_defaults()
    if bound.kwargs:  # keyword-only parameters would be lost on the way to the cached read: refuse them
        raise TypeError(f"{_name(read)}: query() passes arguments by position; {', '.join(bound.kwargs)} is "
                        "keyword-only")  # fmt: skip
    return tuple(bound.args[1:])


@st.cache_resource(show_spinner=False, max_entries=256)
def _built(name: str, url: str, version: int, args: tuple[Any, ...]) -> Any:
    return _read(name, url, args)


def built(read: Callable[Concatenate[Session, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Like :func:`query`, for what is built from the data and only read afterwards (a chart's figure): kept as one
    shared object per data version, not copied for each rerun (a plotly figure is slow to rebuild or unpickle).
    Callers must not change what it returns."""
    url = db_url()
    return cast(R, _built(_name(read), url, _version(url), _arguments(read, args, kwargs)))


def lang() -> str:
    """The interface language (kept in the URL as ?lang=en, Swedish by default)."""
    value = st.session_state.get("lang") or st.query_params.get("lang") or settings().language
    return value if value in ("sv", "en") else "sv"


def tr(key: str, **values: object) -> str:
    """A message in the interface language."""
    return t(key, lang(), **values)


def trn(key: str, n: int, **values: object) -> str:
    """A message with plural forms, in the interface language: the form for the count ``n``."""
    return tn(key, n, lang(), **values)


def demo_banner() -> None:
    """A visible label wherever demo figures may show."""
    demo, total = query(queries.demo_share)
    if demo:
        st.warning(
            trn("demo.banner", total, demo=number(demo, lang()), total=number(total, lang())), icon=":material/science:"
        )


def current_pledge() -> dict[str, Any] | None:
    """The chosen pledge; the one the filters open at (running today, else the newest) when the router has not run
    (a page opened by its file's URL)."""
    code = st.session_state.get("pledge")
    if not code:
        pledges = query(queries.pledges_in_order)
        code = pledges[0]["code"] if pledges else None
    return query(queries.pledge, code) if code else None


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Text from the store shown as text: markdown and HTML characters escaped (st.markdown never runs it)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def open_data_addresses(pledge_code: str) -> dict[str, str]:
    """The open data's addresses for a page's text: each as the public address a program uses (``*_text``, escaped
    for markdown) and as the path the link goes to (so the link works whatever ``INDICATORS_PUBLIC_URL`` says)."""
    base = settings().public_url
    out: dict[str, str] = {}
    for key, name, pledge in (("feed", export.FEED, None), ("catalogue", export.CATALOGUE, None),
                              ("package", "datapackage.json", pledge_code)):  # fmt: skip
        out[key] = export.file_url("", name, pledge).lstrip("/")  # relative: right behind a proxy's path prefix too
        out[key + "_text"] = plain(export.file_url(base, name, pledge))
    return out


def require_pledge() -> dict[str, Any]:
    """The chosen pledge; on an empty store, how to load one, and the page stops there."""
    pledge = current_pledge()
    if pledge is None:
        st.info(tr("app.no_pledge"))
        st.stop()
    return pledge


def show_invalid(exc: ValidationError) -> None:
    """A refused form: that nothing was saved, and each broken rule by field, as text in the user's language."""
    st.error(tr("report.invalid") + "\n\n" + "\n".join(f"- {plain(e.text(lang()))}" for e in exc.errors))


class Unchanged(str):
    """The message after a write that changed nothing (someone else did it a moment before): information, not a
    success to celebrate."""


def write(
    work: Callable[[Session], R],
    saved: Callable[[R], str],
    where: str = "",
    then: Callable[[R], None] | None = None,
    refused: Callable[[], None] | None = None,
) -> None:
    """Do one write (a unit of work on the store) and report its outcome where the user acted. Input the domain
    refused (each broken rule by field), an action the user may not take, or rows changed by someone else since
    they were read: shown, nothing saved, then ``refused`` runs. Success: ``then`` runs, the message ``saved``
    makes from the result is kept for the rerun that shows the saved data (:func:`flash`; an :class:`Unchanged`
    one is shown as information), and the page reruns.
    Any other error (a conflict a page handles itself) goes to the caller."""
    try:
        result = db.run_write(work, db_url())
    except (ValidationError, PermissionDenied, StaleRowsError) as exc:
        if isinstance(exc, ValidationError):
            show_invalid(exc)
        elif isinstance(exc, PermissionDenied):
            st.error(tr("app.denied", reason=exc.text(lang())))
        else:
            st.warning(tr("report.stale", problem=plain(exc.text(lang()))), icon=":material/sync_problem:")
        if refused is not None:
            refused()
    else:
        if then is not None:
            then(result)
        flash(saved(result), where)
        st.rerun()


def typed_in(editor_state: object) -> bool:
    """Was anything typed in a data editor, by its widget state? An untouched one keeps
    ``{"edited_rows": {}, "added_rows": [], "deleted_rows": []}``, which is no edit (the report grid took it for
    one and told an editor who had typed nothing that nothing was saved)."""
    if not isinstance(editor_state, dict):
        return False
    return any(editor_state.get(k) for k in ("edited_rows", "added_rows", "deleted_rows"))


def flash(message: str, where: str = "") -> None:
    """A success message that survives the rerun which shows the saved data, shown by :func:`show_flash` at the
    place ``where`` (e.g. next to the form that saved)."""
    st.session_state[f"flash_{where}"] = message


def show_flash(where: str = "") -> None:
    message = st.session_state.pop(f"flash_{where}", None)
    if isinstance(message, Unchanged):
        st.info(message, icon=":material/info:")
    elif message:
        st.success(message)
