"""Context figures from Kolada: a recorded response stored through the file import, every bad response refused with
the rule it breaks and nothing stored, and the live API's pages read from a local server."""

from __future__ import annotations

import copy
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import col, select

from indicators.base.models import AuditEntry, Figure
from indicators.io import kolada
from indicators.read import queries
from indicators.storage import db
from tests.support import ROOT, cli, examples

RECORDED = ROOT / "tests" / "data" / "kolada" / "N07403-1280.json"
SOURCE = "Kolada (RKA), nyckeltal N07403 – Anmälda våldsbrott, antal/100 000 inv"
#: What the generic handler of the command line prints for an exception nobody meant: a crash, not a refusal.
CRASH = re.compile(r"^error: [A-Z]\w*(Error|Exception)\b", re.MULTILINE)


def _recorded() -> dict[str, Any]:
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def _import(
    url: str,
    source: str | Path,
    *extra: str,
    user: str = "pol",
    indicator: str = "K08",
    kpi: str = "N07403",
    area: str = "MALMO",
) -> Any:
    return cli(
        "--db",
        url,
        "kolada",
        "import",
        str(source),
        "--indicator",
        indicator,
        "--kpi",
        kpi,
        "--area",
        area,
        "--as",
        user,
        *extra,
    )


def _figures(url: str) -> list[tuple[Any, ...]]:
    """Every stored figure version, as a snapshot to compare (plain rows: the demo store holds thousands)."""
    fields = [Figure.id, Figure.indicator_code, Figure.area_code, Figure.period, Figure.version, Figure.value,
              Figure.status_code, Figure.source, Figure.review_state]  # fmt: skip
    with db.read_session(url) as s:
        return [tuple(r) for r in s.execute(select(*(col(f) for f in fields)).order_by(col(Figure.id))).all()]


def _write(tmp_path: Path, document: Any, name: str = "kolada.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document, ensure_ascii=False), "utf-8")
    return path


# --- A good response --------------------------------------------------------------------------------------------


def test_a_recorded_response_stores_each_years_total_with_kolada_as_its_source(store_url: str) -> None:
    """The total of each year is stored (not the women's or men's value), a null as missing, sourced to Kolada."""
    done = _import(store_url, RECORDED)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "stored 5 figures for K08 MALMO 2013–2017 from Kolada N07403 as pol (submitted for review); 0 unchanged"
    )
    with db.read_session(store_url) as s:
        stored = {year: queries.current_figure(s, "K08", "MALMO", year) for year in ("2013", "2014", "2016", "2017")}
    assert stored["2014"] is not None and stored["2014"]["value"] == 11.0  # T, not K (5) nor M (6)
    assert stored["2016"] is not None and stored["2016"]["value"] == 13.0
    missing = stored["2013"]
    assert missing is not None and missing["value"] is None and missing["status_code"] == "missing"
    for figure in stored.values():
        assert figure is not None
        assert figure["source"] == SOURCE
        assert figure["review_state"] == "submitted" and figure["entered_by"] == "pol"


def test_importing_the_same_response_again_stores_nothing_and_says_so(store_url: str) -> None:
    assert _import(store_url, RECORDED).returncode == 0
    before = _figures(store_url)
    again = _import(store_url, RECORDED)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("nothing new stored") and "5 unchanged" in again.stdout
    assert _figures(store_url) == before


def test_a_response_for_several_municipalities_stores_the_one_chosen(store_url: str, tmp_path: Path) -> None:
    document = _recorded()
    other = copy.deepcopy(document["values"][1])
    other.update(municipality="0180", values=[{"gender": "T", "status": "", "count": 1, "value": 999}])
    document["values"].append(other)
    path = _write(tmp_path, document)
    refused = _import(store_url, path)
    assert refused.returncode == 1 and "2 municipalities (0180, 1280): choose one with --municipality" in refused.stderr
    done = _import(store_url, path, "--municipality", "1280")
    assert done.returncode == 0, done.stderr
    with db.read_session(store_url) as s:
        figure = queries.current_figure(s, "K08", "MALMO", "2014")
    assert figure is not None and figure["value"] == 11.0


# --- Refusals ---------------------------------------------------------------------------------------------------


def _mutate(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    document = _recorded()
    change(document)
    return document


def _set_total(year_index: int, **fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document["values"][year_index]["values"] = [{"gender": "T", "status": "", "count": 1, "value": 1, **fields}]

    return change


REFUSALS: dict[str, tuple[Any, str]] = {
    "other municipality": (_recorded(), "holds municipality 1280, not 0180 (--municipality)"),
    "only women and men": (
        _mutate(lambda d: d["values"][2].update(values=[{"gender": "K", "value": 5}, {"gender": "M", "value": 6}])),
        "year 2015: no total (gender T), only gender K, M",
    ),
    "unknown status": (_mutate(_set_total(1, status="X", value=None)), "year 2014: unknown Kolada status 'X'"),
    "value with a status": (_mutate(_set_total(1, status="Missing", value=3)), "a value (3) with status 'Missing'"),
    "month as period": (_mutate(lambda d: d["values"][1].update(period="2014-01")), "'2014-01' is not a year"),
    "fraction as period": (_mutate(lambda d: d["values"][1].update(period=2014.5)), "2014.5 is not a year"),
    "true as period": (_mutate(lambda d: d["values"][1].update(period=True)), "True is not a year"),
    "year twice": (_mutate(lambda d: d["values"].append(d["values"][1])), "year 2014 is in the response twice"),
    "text as value": (_mutate(_set_total(1, value="12")), "value '12' is not a number"),
    "true as value": (_mutate(_set_total(1, value=True)), "value True is not a number"),
    "NaN": (RECORDED.read_text("utf-8").replace('"value": 12}', '"value": NaN}'), "NaN is not a finite number"),
    "Infinity": (RECORDED.read_text("utf-8").replace('"value": 12}', '"value": -Infinity}'), "-Infinity is not a"),
    "1e999": (RECORDED.read_text("utf-8").replace('"value": 12}', '"value": 1e999}'), "inf is not a finite number"),
    "not JSON": ("indicator;area;period;value\nK08;MALMO;2014;1\n", "not JSON"),
    "a list": ([1, 2, 3], "not a Kolada data response"),
    "no values": ({"count": 0, "values": []}, "holds no figures"),
    "item without period": (_mutate(lambda d: d["values"][1].pop("period")), "item 2 has no period"),
    "one page of several": (
        _mutate(lambda d: d.update(next_page="https://api.kolada.se/v2/data/kpi/N07403?page=2")),
        "one page of several",
    ),
    "deeply nested": ("[" * 100_000 + "]" * 100_000, "not a Kolada response (nested too deep)"),
    "a key twice": (
        RECORDED.read_text("utf-8").replace('"value": 12}', '"value": 12, "value": 99}'),
        "key 'value' is given twice in one object",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_bad_response_is_refused_naming_the_rule_and_stores_nothing(
    store_url: str, tmp_path: Path, case: str
) -> None:
    document, message = REFUSALS[case]
    before = _figures(store_url)
    extra = ("--municipality", "0180") if case == "other municipality" else ()
    refused = _import(store_url, _write(tmp_path, document), *extra)
    assert refused.returncode == 1, refused.stdout
    assert message in refused.stderr and refused.stderr.rstrip().endswith("nothing stored")
    assert not CRASH.search(refused.stderr)
    assert _figures(store_url) == before


def test_another_key_figure_than_asked_for_is_refused() -> None:
    with pytest.raises(kolada.KoladaError, match=r"holds key figure N07403, not N00945 \(--kpi\)"):
        kolada.figures([_recorded()], "N00945")


def test_a_key_figure_is_stored_only_into_the_indicator_whose_source_names_it(store_url: str) -> None:
    """N07403 is a rate per 100 000: K07 (fatal shootings, a count, sourced to Malmö stad) must not take it, and K08
    (sourced to "Kolada (RKA), nyckeltal N07403") takes no other key figure, whatever the file holds."""
    before = _figures(store_url)
    refused = _import(store_url, RECORDED, indicator="K07")
    assert refused.returncode == 2, refused.stdout
    assert "--indicator: K07's source is 'Malmö stad, Fakta och statistik, Trygghet och säkerhet', not Kolada's key " \
        "figure N07403 (--kpi)" in refused.stderr  # fmt: skip
    other = _import(store_url, RECORDED, kpi="N00945")
    assert other.returncode == 2 and "K08's source is 'Kolada (RKA), nyckeltal N07403', not Kolada's key figure " \
        "N00945 (--kpi)" in other.stderr  # fmt: skip
    assert _figures(store_url) == before
    assert _import(store_url, RECORDED, kpi="n07403").returncode == 0  # Kolada's ids, without case


@pytest.mark.parametrize(
    ("source", "kpi"),
    [
        ("Kolada (RKA), nyckeltal N07403", "N07403"),
        ("Kolada (RKA), nyckeltal N07403 – Anmälda våldsbrott, antal/100 000 inv", "N07403"),
        ("kolada (rka), nyckeltal n07403", "N07403"),
        ("Kolada (RKA), nyckeltal N074031", "N074031"),
        ("Kolada (RKA), nyckeltal", None),
        ("Polisen, efter Kolada (RKA), nyckeltal N07403", None),
        ("Malmö stad, Fakta och statistik", None),
    ],
)
def test_the_key_figure_an_indicators_source_names(source: str, kpi: str | None) -> None:
    assert kolada.source_kpi(source) == kpi


def test_a_huge_file_is_refused_before_it_is_read(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _figures(store_url)
    monkeypatch.setattr(kolada, "MAX_BYTES", 2_000)
    document = _recorded()
    document["_note"] = "x" * 5_000
    refused = _import(store_url, _write(tmp_path, document))
    assert refused.returncode == 1 and "more than the 2,000 a response may be; nothing stored" in refused.stderr
    assert _figures(store_url) == before


def test_a_file_that_is_not_there_is_named(store_url: str, tmp_path: Path) -> None:
    refused = _import(store_url, tmp_path / "saknas.json")
    assert refused.returncode == 1 and "saknas.json: no such file; nothing stored" in refused.stderr


# --- Who and what -----------------------------------------------------------------------------------------------


def test_a_user_without_rights_for_the_indicators_actor_is_refused(store_url: str) -> None:
    """K08 is reported by POL: another actor's editor, a steering user and an unknown name store nothing."""
    before = _figures(store_url)
    other_actor = _import(store_url, RECORDED, user="fgk")
    assert other_actor.returncode == 1 and "K08 rapporteras av POL, inte av FGK" in other_actor.stderr
    steering = _import(store_url, RECORDED, user="ordf")
    assert steering.returncode == 3 and "not allowed" in steering.stderr
    nobody = _import(store_url, RECORDED, user="ingen")
    assert nobody.returncode == 2 and "--as" in nobody.stderr
    assert _figures(store_url) == before


@pytest.mark.parametrize(
    ("indicator", "area", "message"),
    [
        ("X99", "MALMO", "--indicator: unknown indicator 'X99'"),
        ("I01", "MALMO", "I01 is reported monthly; Kolada's key figures are yearly"),
        ("I19", "MALMO", "I19 is in unit survey_percent"),
        ("I16", "MALMO", "I16 is not a context indicator of MALMO: no pledge's reporting schedule asks for it there"),
        ("K08", "NOWHERE", "--area: unknown area 'NOWHERE'"),
        ("K08", "SOFIELUND", "SOFIELUND is a omrade; Kolada's municipal figures describe a municipality"),
        ("K01", "POLISREGION_SYD", "POLISREGION_SYD is a region"),
    ],
)
def test_only_a_context_indicator_of_a_city_takes_koladas_figures(
    store_url: str, indicator: str, area: str, message: str
) -> None:
    before = _figures(store_url)
    refused = _import(store_url, RECORDED, indicator=indicator, area=area)
    assert refused.returncode == 2 and message in refused.stderr
    assert _figures(store_url) == before


# --- The live API, from a local server --------------------------------------------------------------------------


class _Server:
    """A local HTTP server answering each path with the bytes (or status) set for it, counting requests."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes]] = {}
        self.redirects: dict[str, tuple[int, str]] = {}
        #: Paths answered slowly: the seconds between bytes of the first ``n`` bytes of the body.
        self.slow: dict[str, tuple[float, int]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                if self.path in server.redirects:
                    status, location = server.redirects[self.path]
                    self.send_response(status)
                    self.send_header("Location", location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                status, body = server.pages.get(self.path, (404, b"{}"))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                pause, n = server.slow.get(self.path, (0.0, 0))
                try:
                    for i in range(min(n, len(body))):  # a byte now and then, each well within a read's timeout
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(pause)
                    self.wfile.write(body[n:])
                except OSError:  # the client gave up
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def serve(self, path: str, document: Any, status: int = 200) -> str:
        body = document if isinstance(document, bytes) else json.dumps(document).encode()
        self.pages[path] = (status, body)
        return self.base + path

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.redirects[path] = (status, location)
        return self.base + path


def _running() -> Iterator[_Server]:
    running = _Server()
    running.thread.start()
    yield running
    running.http.shutdown()
    running.http.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    yield from _running()


@pytest.fixture
def other_server() -> Iterator[_Server]:
    yield from _running()


@pytest.mark.parametrize("version", ["v2", "v3"])
def test_the_api_is_read_page_by_page(store_url: str, server: _Server, version: str) -> None:
    """Version 2 links pages with next_page (and gives periods as text), version 3 with next_url (numbers)."""
    document = _recorded()
    items = document.pop("values")
    if version == "v2":
        for item in items:
            item["period"] = str(item["period"])
    link, back = ("next_page", "previous_page") if version == "v2" else ("next_url", "previous_url")
    first_path = f"/{version}/data/kpi/N07403/municipality/1280"
    second = server.base + first_path + "?page=2"
    server.serve(first_path + "?page=2", {"count": 2, "values": items[3:], back: server.base + first_path})
    first = server.serve(first_path, {**document, "count": 3, "values": items[:3], link: second})
    done = _import(store_url, first)
    assert done.returncode == 0, done.stderr
    assert "stored 5 figures for K08 MALMO 2013–2017" in done.stdout
    assert server.requests == [first_path, first_path + "?page=2"]
    with db.read_session(store_url) as s:
        figure = queries.current_figure(s, "K08", "MALMO", "2017")
    assert figure is not None and figure["value"] == 14.0 and figure["source"] == SOURCE


def test_an_unreachable_url_says_so_in_one_line_and_stores_nothing(store_url: str) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = _figures(store_url)
    url = f"http://127.0.0.1:{port}/v3/data/kpi/N07403/municipality/1280"
    refused = _import(store_url, url)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"error: could not reach {url}: ")
    assert refused.stderr.rstrip().endswith("; nothing stored") and len(refused.stderr.strip().splitlines()) == 1
    assert _figures(store_url) == before


@pytest.mark.parametrize("source", ["file:///etc/passwd", "ftp://api.kolada.se/v2/data", "gopher://x/"])
def test_only_http_and_https_urls_are_read(store_url: str, source: str) -> None:
    refused = _import(store_url, source)
    assert refused.returncode == 1 and "only http and https URLs are read" in refused.stderr


def test_a_hostile_server_cannot_make_it_read_without_end(
    store_url: str, server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages without end, a loop, a page too large, a next page elsewhere and a server error: each refused."""
    before = _figures(store_url)
    monkeypatch.setattr(kolada, "MAX_PAGES", 4)
    for i in range(10):
        server.serve(f"/endless/{i}", {"count": 1, "values": [], "next_url": f"{server.base}/endless/{i + 1}"})
    endless = _import(store_url, server.base + "/endless/0")
    assert endless.returncode == 1 and "more than 4 pages" in endless.stderr and len(server.requests) == 4
    loop = server.serve("/loop", {"values": [], "next_page": server.base + "/loop"})
    assert "link back to one read before" in _import(store_url, loop).stderr
    monkeypatch.setattr(kolada, "MAX_BYTES", 5_000)
    large = server.serve("/large", b'{"values": [], "_note": "' + b"x" * 50_000 + b'"}')
    assert "the answer is larger than" in _import(store_url, large).stderr
    elsewhere = server.serve("/elsewhere", {"values": [], "next_page": "http://169.254.169.254/latest"})
    assert "is on another server" in _import(store_url, elsewhere).stderr
    broken = server.serve("/broken", {"error": "x"}, status=500)
    failed = _import(store_url, broken)
    assert failed.returncode == 1 and f"could not read {broken}: HTTP 500" in failed.stderr
    assert _figures(store_url) == before


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_not_followed_to_another_server_or_scheme(
    store_url: str, server: _Server, other_server: _Server, status: int
) -> None:
    """A redirect would bypass the rules for next pages (the same server, http or https): it is refused, naming
    where it points, and the other server is never asked."""
    before = _figures(store_url)
    elsewhere = other_server.serve("/v3/data/kpi/N07403/municipality/1280", _recorded())
    moved = server.redirect("/moved", elsewhere, status)
    refused = _import(store_url, moved)
    assert refused.returncode == 1, refused.stdout
    assert refused.stderr.strip() == (f"error: could not read {moved}: it redirects (HTTP {status}) to {elsewhere}; "
                                      "redirects are not followed: give the URL it names, if it is Kolada's; "
                                      "nothing stored")  # fmt: skip
    assert other_server.requests == []
    ftp = server.redirect("/ftp", "ftp://127.0.0.1:1/kolada.json", status)
    refused = _import(store_url, ftp)
    assert refused.returncode == 1 and "redirects (HTTP" in refused.stderr and "ftp://127.0.0.1:1/" in refused.stderr
    assert not CRASH.search(refused.stderr)
    # a next page that redirects is refused too, and on the same server as well (relative Location)
    server.serve("/first", {"values": [], "next_url": server.base + "/second"})
    server.redirect("/second", "/first-again")
    refused = _import(store_url, server.base + "/first")
    assert "it redirects (HTTP 302) to " + server.base + "/first-again" in refused.stderr
    assert "/first-again" not in server.requests
    assert _figures(store_url) == before


def test_a_server_sending_a_byte_now_and_then_is_cut_off_at_the_pages_deadline(
    store_url: str, server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timeout is for the whole page, not for each read: a byte every 0.05 s never trips a read's timeout."""
    before = _figures(store_url)
    monkeypatch.setattr(kolada, "TIMEOUT_S", 0.5)
    url = server.serve("/slow", b" " * 100 + json.dumps(_recorded()).encode())
    server.slow["/slow"] = (0.05, 100)  # 5 s of spaces, then the response
    started = time.monotonic()
    refused = _import(store_url, url)
    took = time.monotonic() - started
    assert refused.returncode == 1, refused.stdout
    assert refused.stderr.strip() == f"error: could not read {url}: no complete answer within 0.5 s; nothing stored"
    assert took < 2.5
    assert _figures(store_url) == before


def test_all_pages_together_have_a_deadline(store_url: str, server: _Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page in time, but pages without end (up to MAX_PAGES) would add up: the whole answer has its deadline."""
    before = _figures(store_url)
    monkeypatch.setattr(kolada, "TIMEOUT_S", 1.0)
    monkeypatch.setattr(kolada, "TOTAL_TIMEOUT_S", 0.6)
    for i in range(10):
        server.serve(f"/p/{i}", {"values": [], "next_url": f"{server.base}/p/{i + 1}"})
        server.slow[f"/p/{i}"] = (0.05, 5)  # 0.25 s a page
    refused = _import(store_url, server.base + "/p/0")
    assert refused.returncode == 1
    assert refused.stderr.strip().endswith(": its pages took more than 0.6 s; nothing stored"), refused.stderr
    assert len(server.requests) <= 4
    assert _figures(store_url) == before


def test_credentials_in_the_url_are_neither_stored_nor_shown(store_url: str, server: _Server) -> None:
    """A URL's user:password@ is dropped (not sent: Kolada's API needs none), from the import's name and from every
    message; the query is kept."""
    path = "/v3/data/kpi/N07403/municipality/1280"
    server.serve(path + "?year=2013,2014,2015,2016,2017", _recorded())
    secret = server.base.replace("http://", "http://anna:hemligt@") + path + "?year=2013,2014,2015,2016,2017"
    done = _import(store_url, secret)
    assert done.returncode == 0, done.stderr
    assert "hemligt" not in done.stdout + done.stderr
    with db.read_session(store_url) as s:
        query = select(col(AuditEntry.entity_key)).where(col(AuditEntry.action) == "figure.import")
        names = s.execute(query).scalars().all()
    assert not [n for n in names if "hemligt" in n or "anna" in n]
    assert server.base + path + "?year=2013,2014,2015,2016,2017" in names
    broken = server.serve("/broken", {"error": "x"}, status=500)
    refused = _import(store_url, broken.replace("http://", "http://anna:hemligt@"))
    assert refused.returncode == 1 and f"could not read {broken}: HTTP 500" in refused.stderr
    assert "hemligt" not in refused.stderr and "anna" not in refused.stderr
    assert (
        kolada.without_userinfo("https://u:p@api.kolada.se:443/v3/data?k=1#x")
        == "https://api.kolada.se:443/v3/data?k=1#x"
    )
    assert kolada.without_userinfo("https://api.kolada.se/v3") == "https://api.kolada.se/v3"


# --- Properties -------------------------------------------------------------------------------------------------

_GENDER_VALUES = st.integers(0, 500) | st.none()


@st.composite
def responses(draw: st.DrawFn) -> dict[str, Any]:
    """A valid Kolada response for K08 (whole numbers) in version 2 or 3, with extra genders and unknown keys."""
    years = draw(st.lists(st.integers(1995, 2017), min_size=1, max_size=8, unique=True))
    v2 = draw(st.booleans())
    items = []
    for year in years:
        total = draw(_GENDER_VALUES)
        status = "" if total is not None else draw(st.sampled_from(["", "Missing", "missing", None]))
        values = [{"gender": "T", "status": status, "count": 1, "value": total}]
        for gender in draw(st.lists(st.sampled_from(["K", "M"]), unique=True)):
            values.append({"gender": gender, "status": "", "count": 1, "value": draw(_GENDER_VALUES)})
        draw(st.randoms()).shuffle(values)
        items.append(
            {
                "kpi": "N07403",
                "municipality": "1280",
                "period": str(year) if v2 else year,
                "values": values,
                **draw(st.dictionaries(st.sampled_from(["extra", "_x"]), st.integers(), max_size=1)),
            }
        )
    out: dict[str, Any] = {"count": len(items), "values": items}
    if draw(st.booleans()):
        out["kpi"] = {"id": "N07403", "title": "Anmälda våldsbrott, antal/100 000 inv"}
    return out


@examples(50)
@given(document=responses())
def test_importing_a_valid_kolada_response_twice_changes_nothing_the_second_time(
    store_url: str, tmp_path: Path, document: dict[str, Any]
) -> None:
    path = _write(tmp_path, document)
    first = _import(store_url, path)
    assert first.returncode == 0, first.stderr
    after = _figures(store_url)
    again = _import(store_url, path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("nothing new stored")
    assert _figures(store_url) == after


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document, the document itself first."""
    out = [at]
    if isinstance(node, dict):
        for key, child in node.items():
            out += _paths(child, (*at, key))
        if at == () or len(at) == 2 or len(at) == 4:  # a new key beside Kolada's: at the top, in items and values
            out.append((*at, "period" if len(at) == 2 else "status"))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            out += _paths(child, (*at, i))
    return out


_PLACES = _paths(_recorded())


@st.composite
def any_json(draw: st.DrawFn) -> Any:
    """Any JSON value, or the recorded response with one of its places (a key, an item, a value) replaced by one."""
    if draw(st.booleans()):
        return draw(_JSON)
    document = _recorded()
    place = draw(st.sampled_from(_PLACES))
    new = draw(_JSON | st.sampled_from([None, "", "T", "K", 2016, "2016", 1e308, -1, 12.5, "Missing"]))
    if not place:
        return new
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) or (isinstance(place[-1], int) and place[-1] < len(parent)):
        parent[place[-1]] = new
    return document


@examples(2_000)
@given(document=any_json(), municipality=st.sampled_from([None, "1280", "0180"]))
def test_any_json_value_is_read_as_a_response_or_refused_with_a_reason(document: Any, municipality: str | None) -> None:
    """The reading and checking never fail otherwise than with a KoladaError (whose text the command prints)."""
    try:
        pages = [kolada.parse(json.dumps(document).encode(), "f.json")]
        kolada.next_link(pages[0])
        response = kolada.figures(pages, "N07403", municipality)
    except kolada.KoladaError as exc:
        assert str(exc)
        return
    assert response.figures and response.kpi == "N07403"
    for f in response.figures:
        assert (f.value is None) != (f.status is None)


@examples(60)
@given(document=any_json())
def test_any_json_file_is_stored_or_refused_with_a_message_and_a_refusal_stores_nothing(
    store_url: str, tmp_path: Path, document: Any
) -> None:
    before = _figures(store_url)
    done = _import(store_url, _write(tmp_path, json.dumps(document)))
    assert not CRASH.search(done.stderr), done.stderr
    if done.returncode == 0:
        assert done.stdout.startswith(("stored ", "nothing new stored"))
    else:
        assert done.returncode == 1 and done.stderr.rstrip().endswith("nothing stored"), done.stderr
        assert _figures(store_url) == before
