"""The open data in the ecosystem's formats, each checked by its own format's library: the Data Package by
frictionless (as `frictionless validate` does), SDMX-CSV 2.0 read back by pysdmx; the files served by the app at
/oppna-data/ (the same bytes as the export), and the feed and catalogue named in every page's <head>."""

from __future__ import annotations

import concurrent.futures
import io
import json
import math
import os
import re
import urllib.request
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from frictionless import Package, validate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pysdmx.io import read_sdmx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse
from starlette.routing import Route

from indicators.base.formatting import STATUS_SYMBOLS, symbol_meanings
from indicators.io import datapackage, export, sdmx
from indicators.storage import db, store
from indicators.storage.store import SYSTEM, BulkFigure
from tests.support import AppServer, cli
from ui import opendata, registry

if TYPE_CHECKING:
    from starlette.testclient import TestClient

PLEDGE = "sofielund-2022"
SENTINEL = 987654.0  # submitted, never published


def _read_sdmx(raw: bytes, tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "sdmx.csv"
    path.write_bytes(raw)
    message = read_sdmx(str(path))
    (dataset,) = message.data
    assert dataset.short_urn == f"Dataflow={sdmx.AGENCY}:{sdmx.FLOW}({sdmx.VERSION})"
    return dataset.data


def _few_figures(url: str) -> None:
    """A published count of 3 (shown <5), a real zero, a thin survey (..), a pending sentinel, a hostile source."""
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure("I11", "11319", "2026-01", SENTINEL, source="FGK", review_state="submitted"),
        BulkFigure("I11", "11320", "2026-01", 3.0, source="FGK"),
        BulkFigure("I11", "11321", "2026-01", 0.0, source='=HYPERLINK("http://x","klick")'),
        BulkFigure("I19", "11319", "2026", 40.0, n=12, source="Polisens trygghetsmätning"),
    ]), url)  # fmt: skip


def test_export_writes_a_valid_data_package_per_folder_and_sdmx_that_reads_back(store_url: str, tmp_path: Path) -> None:
    _few_figures(store_url)
    out = tmp_path / "oppna-data"
    done = cli("--db", store_url, "export", str(out), "--public")
    assert done.returncode == 0, done.stderr
    for name in [*export.FILES, export.CATALOGUE, export.FEED]:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    for name in export.FILES:
        assert (out / PLEDGE / name).is_file(), name
    # frictionless checks every resource against its Table Schema: types, the primary key, the enums, missing values
    for folder in (out, out / PLEDGE):
        report = validate(folder / "datapackage.json")
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = Package(out / PLEDGE / "datapackage.json")
    assert package.licenses[0]["name"] == "CC0-1.0"
    assert {r.name for r in package.resources} == {"figurer", "figurer-xlsx", "figurer-json", "figurer-sdmx"}
    described = json.loads((out / PLEDGE / "datapackage.json").read_text(encoding="utf-8"))
    (value,) = [f for f in described["resources"][0]["schema"]["fields"] if f["name"] == "value"]
    assert {m["value"]: m["label"] for m in value["missingValues"] if m["value"]} == symbol_meanings("sv")
    assert package.get_resource("figurer").schema.primary_key == ["indicator", "area", "period"]
    # the symbols read as missing values, the symbol column keeps them
    rows = {(r["indicator"], r["area"], r["period"]): r for r in package.get_resource("figurer").read_rows()}
    small, zero, thin = rows[("I11", "11320", "2026-01")], rows[("I11", "11321", "2026-01")], rows[("I19", "11319",
                                                                                                   "2026")]  # fmt: skip
    assert (small["value"], small["symbol"]) == (None, "<5")
    assert (zero["value"], zero["symbol"]) == (0, None) and zero["source"].startswith("'=")
    assert (thin["value"], thin["symbol"], thin["n"]) == (None, "..", None)
    # the three figure resources hold the same rows
    for other in ("figurer-xlsx", "figurer-json"):
        theirs = {(r["indicator"], r["area"], r["period"]): (r["value"], r["symbol"])
                  for r in package.get_resource(other).read_rows()}  # fmt: skip
        assert theirs == {k: (r["value"], r["symbol"]) for k, r in rows.items()}, other
    # SDMX-CSV 2.0 read back by pysdmx: the same figures, the symbols as observation status
    data = _read_sdmx((out / PLEDGE / "figurer-sdmx.csv").read_bytes(), tmp_path).set_index(sdmx.DIMENSIONS)
    assert len(data) == len(rows)
    assert data.loc[("I11", "11320", "2026-M01"), "OBS_STATUS"] == "Q"
    assert data.loc[("I11", "11320", "2026-M01"), "COMMENT"].startswith("<5: färre än fem")
    assert float(data.loc[("I11", "11321", "2026-M01"), "OBS_VALUE"]) == 0
    assert data.loc[("I19", "11319", "2026"), "OBS_STATUS"] == "Q"
    for path in out.rglob("*"):
        if path.is_file():
            assert b"987654" not in path.read_bytes(), path


def test_the_frictionless_command_line_validates_the_exported_package(store_url: str, tmp_path: Path) -> None:
    """What the README tells a data person to run."""
    import subprocess
    import sys

    out = tmp_path / "ut"
    assert cli("--db", store_url, "export", str(out), "--public").returncode == 0
    exe = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([str(exe), "validate", str(out / PLEDGE / "datapackage.json")], capture_output=True,
                          text=True, timeout=600, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]
    assert "VALID" in done.stdout and "INVALID" not in done.stdout


# --- Properties of the files' makers, on frames a store could hold ---------------------------------------------------

_periods = st.one_of(
    st.integers(2019, 2030).map(str),
    st.tuples(st.integers(2019, 2030), st.integers(1, 2)).map(lambda p: f"{p[0]}-H{p[1]}"),
    st.tuples(st.integers(2019, 2030), st.integers(1, 4)).map(lambda p: f"{p[0]}-Q{p[1]}"),
    st.tuples(st.integers(2019, 2030), st.integers(1, 12)).map(lambda p: f"{p[0]}-{p[1]:02d}"),
    st.tuples(st.integers(2019, 2030), st.integers(1, 52)).map(lambda p: f"{p[0]}-W{p[1]:02d}"),
)
_text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30)


@st.composite
def public_frames(draw: st.DrawFn) -> pd.DataFrame:
    """A frame as :func:`export.public_figures` makes it: unique keys, a value or a symbol, any text."""
    keys = draw(st.lists(st.tuples(st.sampled_from(["I01", "I11", "I19", "K03"]), st.sampled_from(["11319", "MALMO"]),
                                   _periods), min_size=1, max_size=12, unique=True))  # fmt: skip
    rows = []
    for indicator, area, period in keys:
        symbol = draw(st.sampled_from(["", "", *STATUS_SYMBOLS.values()]))
        value = None if symbol else draw(st.floats(-1e12, 1e12, allow_nan=False).map(lambda v: round(v, 3)))
        rows.append({"indicator": indicator, "indicator_name": draw(_text), "indicator_name_en": "", "definition":
                     draw(_text), "definition_en": "", "unit": draw(st.sampled_from(list(datapackage.UNITS))),
                     "level": "effekt", "area": area, "area_name": draw(_text), "period": period, "value": value,
                     "symbol": symbol, "reason": "", "n": draw(st.one_of(st.none(), st.integers(0, 10_000))),
                     "source": draw(st.one_of(st.just("demo"), _text)), "licence": "CC0-1.0"})  # fmt: skip
    return pd.DataFrame(rows, columns=export.COLUMNS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=public_frames())
def test_sdmx_says_what_the_frame_says_whatever_it_holds(frame: pd.DataFrame, tmp_path: Path) -> None:
    """Read back by pysdmx: every figure once, its value or its symbol's status, and a comment no spreadsheet runs."""
    data = _read_sdmx(sdmx.csv_bytes(frame), tmp_path)
    assert len(data) == len(frame)
    back = data.set_index(sdmx.DIMENSIONS)
    for row in frame.itertuples():
        got = back.loc[(row.indicator, row.area, sdmx.time_period(row.period))]
        assert got["OBS_STATUS"] == sdmx.OBS_STATUS[row.symbol]
        if row.symbol:
            assert got["OBS_VALUE"] in ("", None) or pd.isna(got["OBS_VALUE"])
        else:
            assert math.isclose(float(got["OBS_VALUE"]), row.value, rel_tol=1e-12, abs_tol=1e-9)
        assert str(got["COMMENT"])[:1] not in ("=", "+", "-", "@")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=public_frames())
def test_the_csv_reads_back_through_its_table_schema(frame: pd.DataFrame, tmp_path: Path) -> None:
    """frictionless reads figurer.csv by its schema: a number where there is one, None where a symbol stands."""
    import datetime as dt

    folder = tmp_path / "dp"
    folder.mkdir(exist_ok=True)
    cells = export._cells(frame)
    (folder / "figurer.csv").write_bytes(cells.to_csv(index=False).encode("utf-8-sig"))
    descriptor = datapackage.descriptor(frame, "t", "t", "https://example.org/", "x", dt.datetime.now(dt.UTC))
    descriptor["resources"] = descriptor["resources"][:1]
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    rows = Package(folder / "datapackage.json").get_resource("figurer").read_rows()
    assert len(rows) == len(frame)
    for row, want in zip(rows, frame.itertuples(), strict=True):
        if want.symbol:
            assert row["value"] is None and row["symbol"] == want.symbol
        else:
            assert math.isclose(float(row["value"]), want.value, rel_tol=1e-12, abs_tol=1e-9)


# --- Served by the app ------------------------------------------------------------------------------------------------


@pytest.fixture
def served(store_url: str, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    """The open-data routes and the <head> middleware as the app mounts them, over a real store."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    monkeypatch.setenv("INDICATORS_PUBLIC_URL", "https://trygg.example.se")

    def page(request: object) -> HTMLResponse:
        return HTMLResponse("<!doctype html><html><head><title>x</title></head><body></body></html>")

    # as in the app: Streamlit compresses inside the middleware that adds the links
    middleware = [Middleware(opendata.FeedLinks), Middleware(GZipMiddleware, minimum_size=10)]
    app = Starlette(routes=[*opendata.ROUTES, Route("/", page)], middleware=middleware)
    with warnings.catch_warnings():  # starlette asks for httpx2 in a warning; httpx (pysdmx's) serves as well
        warnings.simplefilter("ignore", DeprecationWarning)
        from starlette.testclient import TestClient as Client
    return Client(app)


def test_the_app_serves_the_same_files_as_the_export_and_follows_publications(
    served: TestClient, store_url: str
) -> None:
    with db.read_session(store_url) as s:
        made = export.folder(s, PLEDGE, "https://trygg.example.se", names=("figurer.csv", "figurer-sdmx.csv"))
    for name in ("figurer.csv", "figurer-sdmx.csv"):
        got = served.get(f"/oppna-data/{PLEDGE}/{name}")
        assert got.status_code == 200 and got.content == made[name], name
        assert got.headers["content-type"].startswith("text/csv")
    package = served.get(f"/oppna-data/{PLEDGE}/datapackage.json").json()
    assert package["homepage"] == "https://trygg.example.se/"
    catalogue = served.get("/oppna-data/katalog.rdf")
    assert catalogue.status_code == 200 and catalogue.headers["content-type"].startswith("application/rdf+xml")
    assert b"https://trygg.example.se/oppna-data/sofielund-2022/figurer-sdmx.csv" in catalogue.content
    feed = served.get("/oppna-data/flode.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    # unknown names and pledges, and a catalogue inside a pledge's folder, are not there
    for path in ("/oppna-data/x.csv", "/oppna-data/nope/figurer.csv", f"/oppna-data/{PLEDGE}/katalog.rdf",
                 "/oppna-data/../app.py", f"/oppna-data/{PLEDGE}/..%2F..%2Fapp.py"):  # fmt: skip
        assert served.get(path).status_code == 404, path
    # a harvester's second visit costs nothing when nothing changed, however it names the tag it has
    tag = served.get(f"/oppna-data/{PLEDGE}/figurer.csv").headers["etag"]
    for asked in (tag, f"W/{tag}", f'"x", {tag}', "*"):
        again = served.get(f"/oppna-data/{PLEDGE}/figurer.csv", headers={"If-None-Match": asked})
        assert again.status_code == 304 and not again.content, asked
    listing = served.get("/oppna-data/")
    assert listing.status_code == 200 and "https://trygg.example.se/oppna-data/katalog.rdf" in listing.text
    assert f"https://trygg.example.se/oppna-data/{PLEDGE}/figurer-sdmx.csv" in listing.text
    # a publication is in the next request's file (kept per data version)
    db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, as_catalogue=True, figures=[
        BulkFigure("I11", "11321", "2030-01", 4321.0, source="FGK")]), store_url)  # fmt: skip
    assert b"4321" in served.get(f"/oppna-data/{PLEDGE}/figurer.csv").content
    assert b"I11,11321,2030-M01,4321" in served.get("/oppna-data/figurer-sdmx.csv").content


def test_every_page_names_the_feed_and_the_catalogue_in_its_head(served: TestClient) -> None:
    """As a browser asks for a page (HTML, compressed if it may be): the links are in the head it gets."""
    html = served.get("/", headers={"Accept": "text/html,*/*", "Accept-Encoding": "gzip, br"}).text
    head = html[: html.index("</head>")]
    assert '<link rel="alternate" type="application/atom+xml"' in head and 'href="oppna-data/flode.atom"' in head
    assert 'type="application/rdf+xml"' in head and 'href="oppna-data/katalog.rdf"' in head
    page = served.get("/", headers={"Accept": "text/html"})
    assert page.headers["content-length"] == str(len(page.content)) and "content-encoding" not in page.headers
    assert served.head("/", headers={"Accept": "text/html"}).headers["content-length"] == str(len(page.content))


def test_a_page_with_a_chart_or_a_map_has_the_browser_fetch_their_code_at_once(store_url: str) -> None:
    """Utveckling draws a plotly chart and a pydeck map: the app's HTML at its address preloads both libraries'
    modules (and what they import), each of them served; a page that draws neither preloads nothing more than
    Streamlit does."""
    app = AppServer(store_url).start()

    def get(path: str, method: str = "GET") -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(app.url + path, method=method, headers={"Accept": "text/html"})
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read(), dict(r.headers)

    def preloaded(path: str) -> list[str]:
        html = get(path)[1].decode()
        head = html[: html.index("</head>")]
        return re.findall(r'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">', head)

    try:
        plain = set(preloaded("/"))
        trends = [m for m in preloaded("/utveckling") if m not in plain]
        assert any(m.startswith("PlotlyChart.") for m in trends)
        assert any(m.startswith("DeckGlJsonChart.") for m in trends)
        assert len(trends) == len(set(trends))
        for module in trends:
            assert get(f"/static/js/{module}")[0] == 200, module
        assert set(preloaded("/om-tjansten")) == plain
        karta = set(preloaded("/karta")) - plain
        assert any(m.startswith("DeckGlJsonChart.") for m in karta)
        assert not any(m.startswith("PlotlyChart.") for m in karta)
        assert get("/utveckling", "HEAD")[2]["content-length"] == str(len(get("/utveckling")[1]))
    finally:
        app.stop()


def test_an_address_nobody_registered_preloads_nothing_and_is_not_kept() -> None:
    """Anyone may ask for any address (the app answers each with its page): only the registry's pages are known."""
    from ui import preload

    before = preload._drawn()
    for path in ("/" + "x" * 5000, "/utveckling/../karta", "/<script>", "/UTVECKLING"):
        assert preload.links(path) == b""
    assert preload._drawn() is before and len(before) == len({p.url for p in registry.PAGES})


def test_the_zip_download_is_the_folder(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    raw = opendata.folder_zip(PLEDGE)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert sorted(archive.namelist()) == sorted(export.FILES)
        package = json.loads(archive.read("datapackage.json"))
    assert [r["path"] for r in package["resources"]] == [n for n in export.FILES if n != "datapackage.json"]


def test_an_empty_store_exports_valid_files(empty_url: str, tmp_path: Path) -> None:
    """Before anything is published: a valid package (no rows), a header-only SDMX file, a catalogue, a feed."""
    done = cli("--db", empty_url, "export", str(tmp_path), "--public")
    assert done.returncode == 0, done.stderr
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert (tmp_path / "figurer-sdmx.csv").read_text().startswith("STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR")
    assert "INDICATORS_CONTACT is not an e-mail address" in done.stderr  # DCAT-AP-SE's contact point needs one


def test_the_same_data_gives_the_same_files_on_every_server(store_url: str) -> None:
    """Replicas behind one address give a harvester the same bytes (one ETag); the files carry the data's date, the
    newest publication, not the moment they were made (attack 22: the workbook's properties and parts were dated
    when openpyxl saved it, so its ETag changed at every internal write)."""
    import time

    with db.read_session(store_url) as s:
        first = export.folder(s, PLEDGE, "https://a.example")
        time.sleep(2.1)  # ZIP dates have two-second steps
        again = export.folder(s, PLEDGE, "https://a.example")
        newest = export.data_time(s)
    assert first == again
    assert json.loads(first["figurer.json"])["generated"] == newest.isoformat(timespec="seconds")


def test_a_workbook_longer_than_a_sheet_goes_on_over_further_sheets(monkeypatch: pytest.MonkeyPatch) -> None:
    """A city's every figure is more rows than Excel's sheet holds (1 048 576; attack 22: 1,4 million rows in one
    sheet): the rows go on over "Siffror 2" … and "Om filen" says so; none is lost."""
    import datetime as dt

    from openpyxl import load_workbook

    monkeypatch.setattr(export, "EXCEL_ROWS", 4)  # three rows and the header a sheet
    cells = pd.DataFrame([{c: f"{c}{i}" for c in export.COLUMNS} for i in range(7)])
    book = load_workbook(io.BytesIO(export._xlsx(cells, [("Titel", "x")], dt.datetime(2026, 1, 1, tzinfo=dt.UTC))))
    assert book.sheetnames == ["Siffror", "Siffror 2", "Siffror 3", "Om filen"]
    rows = [r for sheet in book.worksheets[:3] for r in list(sheet.values)[1:]]
    assert [r[0] for r in rows] == [f"indicator{i}" for i in range(7)]
    assert all(next(sheet.values)[0] == "indicator" for sheet in book.worksheets[:3])
    assert "Siffror 2–3" in dict(book["Om filen"].values)["Flikarna"]


def test_the_servers_file_folder_is_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The made files wait in the shared temporary folder: a folder of that name someone else put there first (here a
    link to theirs) is not used, so nobody can plant a file for the server to hand out; its own is made private."""
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    planted = tmp_path / "cache"
    planted.symlink_to(theirs)
    monkeypatch.setattr(opendata, "CACHE", planted)
    opendata._cache_root.cache_clear()
    try:
        chosen = opendata._cache_root()
        assert chosen != planted and theirs not in chosen.parents and (chosen.stat().st_mode & 0o077) == 0
        mine = tmp_path / "mine"
        mine.mkdir(mode=0o755)
        monkeypatch.setattr(opendata, "CACHE", mine)
        opendata._cache_root.cache_clear()
        assert opendata._cache_root() == mine and (mine.stat().st_mode & 0o077) == 0
    finally:
        opendata._cache_root.cache_clear()


def test_the_file_maker_ends_with_a_killed_server() -> None:
    """The child process that makes the files goes when the server goes, also when the server is killed (and runs no
    exit handler): a killed server left its child waiting for work for ever."""
    import signal
    import subprocess
    import sys
    import time

    script = ("import os, time\nfrom ui import opendata\npool = opendata._pool()\npool.submit(os.getpid).result()\n"
              "print('ready', flush=True)\ntime.sleep(600)\n")  # fmt: skip
    server = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).parent.parent, stdout=subprocess.PIPE,
                              text=True)  # fmt: skip
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        children = [int(p) for p in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
        assert children  # the pool's worker (and the resource tracker)
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert not left, f"still running after the server was killed: {left}"


def test_a_file_maker_whose_child_died_is_replaced(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The child that makes the files ended abruptly (killed; or the executor's own race when a child ends after
    its task on a busy machine, which once broke this file's zip test): the pool is broken for good, and the next
    download gets its files from a fresh one instead of an error until the server restarts."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    broken = opendata._pool()
    with pytest.raises(concurrent.futures.BrokenExecutor):
        broken.submit(os._exit, 1).result()
    raw = opendata.folder_zip(PLEDGE)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert sorted(archive.namelist()) == sorted(export.FILES)
    assert opendata._pool() is not broken
