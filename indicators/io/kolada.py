"""Context figures from Kolada (RKA): read a data response of Kolada's API, check it, and make it import rows.

What Kolada's format is, as its documentation and clients say (read through the project's search tool):

- ``Hypergene/kolada`` ``README.rst``, the API's documentation that kolada.se/om-oss/api points to: every answer is
  ``{"values": [...], "count": N, "previous_page": URL, "next_page": URL}`` (both links optional), at most 5,000
  items a page, and the rest is read by following ``next_page``. A data item is ``{"kpi", "municipality", "period",
  "values": [{"count", "gender", "status", "value"}]}``: ``value`` a float or ``null``, at most three values (one per
  gender), ``count`` other than 1 only for a group of municipalities (an unweighted average of its members), one
  value a year ("Each KPI is currently measured once a year").
- kolada.se/om-oss/api: version 3 of the API came out 2025-04-04 (version 2 kept about six months); data used in a
  service is credited "Källa: Kolada", and data one has processed may not be credited to Kolada (so the figures are
  stored as Kolada gives them: the total, the year, the value). Version 3 names the links ``next_url`` and
  ``previous_url`` and gives ``period`` as a number (its clients' types: ``isakskogstad/Kolada-MCP``); both are read.
- Gender: ``T`` the total, ``K`` kvinnor, ``M`` män (the README writes ``T|K|F``; every client reads ``T``/``K``/``M``).
  Only the total is taken; an item without one is refused, naming the genders it has.
- ``status``: the README documents it only as a string and lists no codes; ``rKolada`` drops the column ("does it ever
  contain anything?"). So :data:`STATUS` maps only what is certain: the empty status (a value; ``null`` with it is a
  figure Kolada does not have: our ``missing``, "–") and ``Missing`` (by its name, with ``null``). Any other status
  is refused, naming it, until someone has learnt from RKA what it means and added it here. Our own statuses are
  ``missing`` "–", ``suppressed`` ".." and ``not_applicable`` "." (:data:`indicators.base.formatting.STATUS_SYMBOLS`).

The figures then go through the file import (:mod:`indicators.io.importer`): the form's validation, the acting user's
permission for the indicator's actor, the one writer, the audit; they are submitted for review like any import.
"""

from __future__ import annotations

import json
import math
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session, col

from indicators.base.models import Area, FigureStatus, Indicator, IndicatorSchedule
from indicators.rules.periods import Frequency

#: Every figure's source starts so (Kolada's terms: "Källa: Kolada"; RKA runs it); the KPI's id follows.
SOURCE = "Kolada (RKA), nyckeltal"
#: The most bytes read, over every page: one KPI for a few municipalities over every year is a few kilobytes, so a
#: larger answer is not the one asked for, and a hostile server cannot fill the memory.
MAX_BYTES = 8_000_000
#: The most pages followed (Kolada's pages hold 5,000 items: one page is the usual answer).
MAX_PAGES = 20
#: Seconds a page may take, from asking to its last byte (not per read: a server sending a byte now and then is cut
#: off), and all pages together.
TIMEOUT_S = 20.0
TOTAL_TIMEOUT_S = 60.0
#: Bytes asked of the connection at a time (a read returns what has come, so the deadline is checked between reads).
CHUNK = 65_536
#: Kolada's statuses and ours: the empty one is a value (or, with null, a figure Kolada does not have). Compared
#: without case. Nothing else is documented (see above): another status is refused, naming it.
STATUS: dict[str, str | None] = {"": None, "missing": FigureStatus.MISSING.value}
#: The total over genders, the one figure taken.
TOTAL = "T"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_YEAR = re.compile(r"^\d{4}$")
_NEXT = ("next_page", "next_url")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
#: The key figure an indicator's catalogue source names: "Kolada (RKA), nyckeltal N07403" (a title may follow).
_SOURCE_KPI = re.compile(r"^\s*" + re.escape(SOURCE) + r"\s+([A-Za-z0-9]+)(?![A-Za-z0-9])", re.IGNORECASE)
_REDIRECTS = (301, 302, 303, 307, 308)


class KoladaError(ValueError):
    """A response that is not taken: ``str()`` says which rule it breaks (English: the command line prints it)."""


class Unreachable(KoladaError):
    """Kolada's server (or the URL given) could not be read."""


class TargetError(KoladaError):
    """The indicator or area asked for cannot take Kolada's figures."""


@dataclass(frozen=True)
class Figure:
    """One year's total as Kolada gives it: a value, or our status for a figure it does not have."""

    year: str
    value: float | None
    status: str | None


@dataclass(frozen=True)
class Response:
    """What a Kolada data response holds for one KPI and one municipality, checked."""

    kpi: str
    municipality: str
    figures: list[Figure]
    title: str = ""

    @property
    def source(self) -> str:
        """The source each figure is stored with: Kolada, the KPI's id, and its title when the file carries one."""
        return f"{SOURCE} {self.kpi}" + (f" – {self.title}" if self.title else "")

    @property
    def years(self) -> str:
        """The years held, as ``2019–2023`` (or one year)."""
        years = sorted(f.year for f in self.figures)
        return years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


# --- Reading ------------------------------------------------------------------------------------------------------


def is_url(source: str) -> bool:
    """Does ``source`` name a URL (any scheme) rather than a local file?"""
    return bool(_SCHEME.match(source))


def read(
    source: str,
    *,
    timeout: float | None = None,
    total_timeout: float | None = None,
    max_bytes: int | None = None,
    max_pages: int | None = None,
    opener: Callable[..., Any] | None = None,
) -> list[Any]:
    """The pages of a Kolada data response, parsed: from a local JSON file (one page: a file that links to a next
    page holds only part of the answer and is refused), or from an http(s) URL, following ``next_page`` /
    ``next_url`` on the same server, at most ``max_pages`` pages and ``max_bytes`` bytes in all, each page within
    ``timeout`` seconds and all within ``total_timeout``. A redirect is not followed (it could lead to another server
    or scheme): it is refused, naming where it points. A user name and password in a URL (``user:pass@``) are
    dropped: neither sent nor shown. :class:`KoladaError` for a file that is not a response,
    :class:`Unreachable` when the URL cannot be read. The limits default to :data:`TIMEOUT_S`,
    :data:`TOTAL_TIMEOUT_S`, :data:`MAX_BYTES` and :data:`MAX_PAGES`."""
    timeout = TIMEOUT_S if timeout is None else timeout
    total_timeout = TOTAL_TIMEOUT_S if total_timeout is None else total_timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    max_pages = MAX_PAGES if max_pages is None else max_pages
    if not is_url(source):
        return [_read_file(Path(source), max_bytes)]
    scheme = urllib.parse.urlsplit(source).scheme.lower()
    if scheme not in ("http", "https"):
        raise KoladaError(f"{_shown_url(source)}: only http and https URLs are read, not {scheme}:")
    # a user name and password in the URL are not sent (urllib would take them for part of the host name; Kolada's
    # API needs none), nor shown, nor stored
    source = without_userinfo(source)
    origin = _origin(source)
    end = time.monotonic() + total_timeout
    pages: list[Any] = []
    seen: set[str] = set()
    url: str | None = source
    left = max_bytes
    while url is not None:
        if url in seen:
            raise KoladaError(f"{_shown_url(url)}: the pages link back to one read before (a loop)")
        if len(pages) == max_pages:
            raise KoladaError(f"{_shown_url(source)}: more than {max_pages} pages; not the answer for one key figure")
        seen.add(url)
        now = time.monotonic()
        if now >= end:
            raise Unreachable(f"could not read {_shown_url(source)}: its pages took more than {total_timeout:g} s")
        if now + timeout <= end:
            within = (now + timeout, f"no complete answer within {timeout:g} s")
        else:
            within = (end, f"its pages took more than {total_timeout:g} s")
        data = _fetch(url, within, left, max_bytes, opener or _open)
        left -= len(data)
        page = parse(data, _shown_url(url))
        pages.append(page)
        following = next_link(page)
        if following is not None:
            following = without_userinfo(urllib.parse.urljoin(url, following))
            if _origin(following) != origin:
                raise KoladaError(f"{_shown_url(url)}: its next page {_shown_url(following)} is on another server")
        url = following
    return pages


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def without_userinfo(url: str) -> str:
    """``url`` without a user name and password (``user:pass@``), as it is stored and shown; the rest is kept."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:  # an invalid IPv6 address: show only what comes before the host
        return url.split("//", 1)[0] + "//…"
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _shown_url(url: str) -> str:
    return _shown(without_userinfo(url))


def _shown(text: str, limit: int = 120) -> str:
    """A file name or URL as a message shows it: no control characters, not endless."""
    text = _CONTROL.sub(" ", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_file(path: Path, max_bytes: int) -> Any:
    name = _shown(path.name or str(path))
    if not path.is_file():
        raise KoladaError(f"{_shown(str(path))}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise KoladaError(f"{name}: {size:,} bytes, more than the {max_bytes:,} a response may be")
    with path.open("rb") as f:
        data = f.read(max_bytes + 1)  # the file may have grown since
    if len(data) > max_bytes:
        raise KoladaError(f"{name}: more than the {max_bytes:,} bytes a response may be")
    page = parse(data, name)
    link = next_link(page)
    if link is not None:
        raise KoladaError(f"{name}: one page of several (next page {_shown(link)}): give the URL instead, "
                          "or a file of the whole answer")  # fmt: skip
    return page


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follows no redirect: urllib's own handler would follow one to another server or to ftp://, past the rules
    :func:`read` applies to next pages; the 3xx answer then comes back as an HTTPError, refused naming its target."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _open(request: urllib.request.Request, timeout: float) -> Any:
    return _OPENER.open(request, timeout=timeout)


def _fetch(url: str, within: tuple[float, str], left: int, max_bytes: int, opener: Callable[..., Any]) -> bytes:
    """The page at ``url``, read whole before ``within``'s deadline (a ``time.monotonic()`` time, with what to say
    when it passes): each socket read waits at most the time left, so a server that sends a byte now and then is cut
    off at the deadline, not after its last byte."""
    # the scheme is http or https, checked by read(), and so is every next page's (the same origin)
    deadline, too_late = within
    shown = _shown_url(url)
    late = Unreachable(f"could not read {shown}: {too_late}")
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "medborgarlofte"})  # noqa: S310
    chunks: list[bytes] = []
    size = 0
    try:
        with opener(request, timeout=max(deadline - time.monotonic(), 0.001)) as answer:
            read = getattr(answer, "read1", None) or answer.read
            while size <= left:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise late
                _limit(answer, remaining)
                chunk: bytes = read(min(CHUNK, left + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except Unreachable:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code in _REDIRECTS:
            target = exc.headers.get("Location", "") if exc.headers is not None else ""
            where = urllib.parse.urljoin(url, target) if target else "somewhere unnamed"
            raise Unreachable(f"could not read {shown}: it redirects (HTTP {exc.code}) to {_shown_url(where)}; "
                              "redirects are not followed: give the URL it names, if it is Kolada's"
                              ) from None  # fmt: skip
        raise Unreachable(f"could not read {shown}: HTTP {exc.code} {_shown(str(exc.reason), 60)}") from None
    except urllib.error.URLError as exc:
        raise Unreachable(f"could not reach {shown}: {_shown(str(exc.reason), 100)}") from None
    except TimeoutError:
        if time.monotonic() >= deadline:
            raise late from None
        raise Unreachable(f"could not reach {shown}: timed out") from None
    except (OSError, ValueError) as exc:  # a reset connection, a broken HTTP answer
        raise Unreachable(f"could not reach {shown}: {_shown(str(exc) or type(exc).__name__, 100)}") from None
    if size > left:
        raise KoladaError(f"{shown}: the answer is larger than the {max_bytes:,} bytes a response may be")
    return b"".join(chunks)


def _limit(answer: Any, seconds: float) -> None:
    """Let the answer's next socket read wait at most ``seconds`` (http.client keeps the socket under
    ``fp.raw._sock``; an answer that has none, e.g. a test's, keeps its own timeout and the deadline is checked
    between reads)."""
    sock = getattr(getattr(getattr(answer, "fp", None), "raw", None), "_sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(max(seconds, 0.001))


def parse(data: bytes, name: str) -> Any:
    """JSON text as Python values; :class:`KoladaError` naming ``name`` for anything else (JSON's NaN and Infinity
    are not JSON numbers and are refused, and so is an object giving a key twice: JSON would keep the last silently)."""

    def no_constant(word: str) -> Any:
        raise KoladaError(f"{name}: {word} is not a finite number")

    def no_duplicate(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise KoladaError(f"{name}: key {_shown(repr(key), 60)} is given twice in one object (which is meant?)")
            out[key] = value
        return out

    try:
        return json.loads(data, parse_constant=no_constant, object_pairs_hook=no_duplicate)
    except KoladaError:
        raise
    except RecursionError:
        raise KoladaError(f"{name}: not a Kolada response (nested too deep)") from None
    except ValueError as exc:  # JSONDecodeError, a UnicodeDecodeError, a number of thousands of digits
        raise KoladaError(f"{name}: not JSON ({_shown(str(exc), 100)})") from None


def next_link(page: Any) -> str | None:
    """The page's link to the next one (``next_page`` in version 2, ``next_url`` in 3), or None."""
    if not isinstance(page, dict):
        return None
    links = set()
    for key in _NEXT:
        link = page.get(key)
        if link is None or link == "":
            continue
        if not isinstance(link, str):
            raise KoladaError(f"{key} is not a URL: {_shown(repr(link), 60)}")
        links.add(link)
    if len(links) > 1:
        raise KoladaError("next_page and next_url name different pages")
    return links.pop() if links else None


# --- Checking -----------------------------------------------------------------------------------------------------


def figures(pages: Sequence[Any], kpi: str, municipality: str | None = None) -> Response:
    """The yearly totals of key figure ``kpi`` for one municipality (``municipality``, or the only one there is),
    checked; :class:`KoladaError` naming the broken rule. Keys Kolada's format does not have are ignored (a recorded
    file may say where it comes from); a recorded file may carry the KPI's metadata as Kolada's ``kpi`` endpoint
    gives it (``{"id", "title"}``) under ``"kpi"``, for the title in the source."""
    kpi = kpi.strip().upper()
    title = ""
    items: list[dict[str, Any]] = []
    for number, page in enumerate(pages, start=1):
        where = f"page {number}" if len(pages) > 1 else "the response"
        if not isinstance(page, dict) or not isinstance(page.get("values"), list):
            raise KoladaError(f'{where} is not a Kolada data response: an object with a list "values" is expected')
        title = title or _title(page.get("kpi"), kpi)
        for i, item in enumerate(page["values"]):
            items.append(_item(item, f"{where}, item {i + 1}"))
    if not items:
        raise KoladaError("the response holds no figures")
    other = sorted({i["kpi"] for i in items} - {kpi})
    if other:
        raise KoladaError(f"the response holds key figure {', '.join(other)}, not {kpi} (--kpi)")
    held = sorted({i["municipality"] for i in items})
    if municipality is not None:
        if municipality not in held:
            raise KoladaError(f"the response holds municipality {', '.join(held)}, not {municipality} (--municipality)")
        items = [i for i in items if i["municipality"] == municipality]
    elif len(held) > 1:
        raise KoladaError(f"the response holds {len(held)} municipalities ({', '.join(held[:20])}"
                          f"{', …' if len(held) > 20 else ''}): choose one with --municipality")  # fmt: skip
    chosen = municipality or held[0]
    out: dict[str, Figure] = {}
    for item in items:
        year = item["year"]
        if year in out:
            raise KoladaError(f"year {year} is in the response twice (municipality {chosen})")
        out[year] = _total(item["values"], year)
    return Response(kpi, chosen, [out[y] for y in sorted(out)], title)


def _title(meta: Any, kpi: str) -> str:
    if not isinstance(meta, dict) or str(meta.get("id", "")).strip().upper() != kpi:
        return ""
    title = meta.get("title")
    return " ".join(_CONTROL.sub(" ", title).split())[:200] if isinstance(title, str) else ""


def _item(item: Any, where: str) -> dict[str, Any]:
    """One data item's fields, checked for shape: the KPI and municipality as text, the period a year."""
    if not isinstance(item, dict):
        raise KoladaError(f"{where} is not an object with kpi, municipality, period and values")
    missing = [k for k in ("kpi", "municipality", "period", "values") if k not in item]
    if missing:
        raise KoladaError(f"{where} has no {', '.join(missing)}")
    kpi, municipality, period, values = item["kpi"], item["municipality"], item["period"], item["values"]
    if not isinstance(kpi, str) or not kpi.strip():
        raise KoladaError(f"{where}: kpi is not a key figure's id: {_shown(repr(kpi), 60)}")
    if not isinstance(municipality, str) or not municipality.strip():
        raise KoladaError(f"{where}: municipality is not a municipality's id: {_shown(repr(municipality), 60)}")
    year = _year(period)
    if year is None:
        raise KoladaError(f"{where}: period {_shown(repr(period), 60)} is not a year (Kolada's key figures are yearly)")
    if not isinstance(values, list):
        raise KoladaError(f"{where}: values is not a list")
    return {"kpi": kpi.strip().upper(), "municipality": municipality.strip(), "year": year, "values": values}


def _year(period: Any) -> str | None:
    """A Kolada period as our period code: 2022 or "2022" is "2022"; anything else is not a year."""
    if isinstance(period, int) and not isinstance(period, bool) and 1000 <= period <= 9999:
        return str(period)
    if isinstance(period, str) and _YEAR.match(period.strip()):
        return period.strip()
    return None


def _total(values: list[Any], year: str) -> Figure:
    """The year's total (gender T): a finite value, or a status for a figure Kolada does not have."""
    genders: list[str] = []
    totals = []
    for v in values:
        if not isinstance(v, dict) or not isinstance(v.get("gender"), str):
            raise KoladaError(f"year {year}: a value without a gender: {_shown(repr(v), 80)}")
        genders.append(v["gender"])
        if v["gender"].strip().upper() == TOTAL:
            totals.append(v)
    if not totals:
        shown = ", ".join(sorted({_shown(g, 10) for g in genders})) or "none"
        raise KoladaError(f"year {year}: no total (gender {TOTAL}), only gender {shown}; the total is what is stored")
    if len(totals) > 1:
        raise KoladaError(f"year {year}: the total (gender {TOTAL}) is given {len(totals)} times")
    total = totals[0]
    value, status = total.get("value"), total.get("status")
    if status is None:
        status = ""
    if not isinstance(status, str):
        raise KoladaError(f"year {year}: status {_shown(repr(status), 40)} is not a Kolada status")
    code = status.strip()
    if code.lower() not in STATUS:
        known = ", ".join(repr(k) for k in STATUS)
        raise KoladaError(f"year {year}: unknown Kolada status {_shown(repr(code), 40)} (known: {known}); "
                          "find out from RKA what it means before importing")  # fmt: skip
    ours = STATUS[code.lower()]
    if value is None:
        return Figure(year, None, ours or FigureStatus.MISSING.value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise KoladaError(f"year {year}: value {_shown(repr(value), 40)} is not a number")
    try:
        number = float(value)
    except OverflowError:
        raise KoladaError(f"year {year}: value {_shown(repr(value), 40)} is not a finite number") from None
    if not math.isfinite(number):
        raise KoladaError(f"year {year}: value {value!r} is not a finite number")
    if ours is not None:
        raise KoladaError(f"year {year}: a value ({value!r}) with status {code!r}: Kolada's status says there is none")
    return Figure(year, number + 0.0, None)


def source_kpi(source: str) -> str | None:
    """The Kolada key figure an indicator's catalogue source names (``Kolada (RKA), nyckeltal N07403``, a title may
    follow), upper case; None when the source is not Kolada's key figure."""
    found = _SOURCE_KPI.match(source)
    return found.group(1).upper() if found else None


def check_target(session: Session, indicator_code: str, area_code: str, kpi: str) -> None:
    """Can ``indicator_code`` take Kolada's key figure ``kpi`` for ``area_code``? :class:`TargetError` unless it is a
    context indicator of that area: yearly (as Kolada's key figures are), numeric without respondents, and scheduled
    for the area, a city (``stad``: Kolada's municipal figures describe a municipality), by a pledge's reporting
    schedule, as K01–K08 are for Malmö or the police region and never for a sub-area; and the indicator's catalogue
    source names that key figure (``Kolada (RKA), nyckeltal N07403`` for K08), so that a key figure is stored only
    into the indicator defined as it (not a rate into a count)."""
    indicator = session.get(Indicator, indicator_code)
    if indicator is None:
        raise TargetError(f"--indicator: unknown indicator {indicator_code!r}")
    if indicator.frequency != Frequency.YEARLY.value:
        raise TargetError(f"--indicator: {indicator_code} is reported {indicator.frequency}; Kolada's key figures "
                          "are yearly")  # fmt: skip
    if indicator.unit in ("category", "survey_percent"):
        raise TargetError(f"--indicator: {indicator_code} is in unit {indicator.unit}, which Kolada's figures "
                          "cannot fill (a category code, or a survey share with its respondents)")  # fmt: skip
    area = session.get(Area, area_code)
    if area is None:
        raise TargetError(f"--area: unknown area {area_code!r}")
    if area.kind != "stad":
        raise TargetError(f"--area: {area_code} is a {area.kind}; Kolada's municipal figures describe a "
                          "municipality (an area of kind stad)")  # fmt: skip
    plans = session.execute(
        select(col(IndicatorSchedule.areas)).where(col(IndicatorSchedule.indicator_code) == indicator_code)
    ).scalars()
    scheduled = sorted({a for areas in plans for a in areas})
    if area_code not in scheduled:
        where = f" (it is scheduled for {', '.join(scheduled)})" if scheduled else ""
        raise TargetError(f"--indicator: {indicator_code} is not a context indicator of {area_code}: no pledge's "
                          f"reporting schedule asks for it there{where}")  # fmt: skip
    asked = kpi.strip().upper()
    if source_kpi(indicator.source) != asked:
        raise TargetError(f"--indicator: {indicator_code}'s source is {_shown(repr(indicator.source), 100)}, not "
                          f"Kolada's key figure {_shown(asked, 40)} (--kpi): an indicator takes only the key figure "
                          f"its catalogue source names, as '{SOURCE} {_shown(asked, 40)}'")  # fmt: skip


def import_frame(response: Response, indicator_code: str, area_code: str) -> pd.DataFrame:
    """The figures as rows of the file import's columns (:mod:`indicators.io.importer`), numbered from 1 in year
    order: what :func:`~indicators.io.importer.check_in` takes."""
    columns = ["indicator", "area", "period", "value", "status", "note", "source"]
    rows = [[indicator_code, area_code, f.year, f.value, f.status or "", "", response.source] for f in response.figures]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="line")
    return frame
