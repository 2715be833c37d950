"""Real parts for the tests: a throwaway PostgreSQL cluster and a `streamlit run` server on a free port."""

from __future__ import annotations

import contextlib
import glob
import html.parser
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import hypothesis
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators.base.config import settings
from indicators.io import catalogue, demo
from indicators.storage import auth, db
from indicators.storage.store import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
#: The longest a page run, a server start or a browser wait may take before a test fails. A ceiling for a loaded
#: machine, not a guess at how long things take: every wait ends as soon as the page or server reports it is done.
CEILING_S = float(os.environ.get("INDICATORS_TEST_CEILING_S", "300"))
#: Debian's Chromium, or a chromium on PATH (what `make test`'s tools/system-deps.sh looks for too).
CHROMIUM = (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: CI=true: a missing browser or PostgreSQL fails the test instead of skipping it.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip a test whose real part is missing, or fail it in CI, where a skip would hide a gap."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing browser or PostgreSQL is a failure, not a skip)")
    pytest.skip(reason)


#: The users every test store holds: name → (role, actor). Their password is PASSWORD.
USERS = {
    "admin": ("admin", None),
    "ordf": ("steering", None),
    "lasare": ("viewer", None),
    "pol": ("editor", "POL"),
    "fgk": ("editor", "FGK"),
    "bid": ("editor", "BID"),
}
PASSWORD = "rätt-hemligt-1"


def load_sofielund(url: str, with_demo: bool = True) -> None:
    db.migrate(url)
    cat = catalogue.load(settings().pledge_file)

    def work(session: db.Session) -> None:
        catalogue.seed(session, cat)
        if with_demo:
            demo.seed_demo(session, cat.spec.pledge.code)
        for name, (role, actor) in USERS.items():
            auth.add_user(session, SYSTEM, name, PASSWORD, role, actor)

    db.run_write(work, url)


def sign_in_as(at: AppTest, username: str) -> AppTest:
    """Put a signed-in user into an AppTest session (as the sign-in page does after a right password)."""
    role, actor = USERS[username]
    at.session_state["user"] = {"username": username, "role": role, "actor_code": actor}
    return at


def pg_store(pg_cluster: PgCluster | None, template: str | None) -> str:
    if pg_cluster is None:
        unavailable("PostgreSQL server binaries not found or the cluster did not start")
    assert pg_cluster is not None
    return pg_cluster.create_database(f"t_{uuid.uuid4().hex[:12]}", template)


#: Hypothesis profiles (HYPOTHESIS_PROFILE): "full" (the default, what `make test` runs), "dev" (a quick look
#: while working) and "soak" (ten times "full", for a night). Every property test states its budget as a number of
#: examples under "full" (:func:`examples`); the profile scales it. No deadline (a shared, busy machine) and no
#: example database (each run draws afresh).
FULL_EXAMPLES = 10_000
hypothesis.settings.register_profile(
    "full", max_examples=FULL_EXAMPLES, deadline=None, database=None, suppress_health_check=list(hypothesis.HealthCheck)
)
hypothesis.settings.register_profile("dev", hypothesis.settings.get_profile("full"), max_examples=FULL_EXAMPLES // 50)
hypothesis.settings.register_profile("soak", hypothesis.settings.get_profile("full"), max_examples=FULL_EXAMPLES * 10)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "full"))


def examples(under_full: int) -> hypothesis.settings:
    """A property test's budget: ``under_full`` examples under the "full" profile, scaled by the one loaded."""
    scaled = under_full * hypothesis.settings.default.max_examples // FULL_EXAMPLES
    return hypothesis.settings(max_examples=max(5, scaled))


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m indicators ARGS` run in this process, as a user's shell would run it (exit code, what it prints,
    ``stdin`` as typed), without starting an interpreter each time. ``test_cli.py`` keeps one real subprocess run."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from indicators import cli as command

    out, err = io.StringIO(), io.StringIO()
    real_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = command.main(list(args))
            except SystemExit as exit_:  # argparse's usage errors, --help
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.stdin = real_stdin
    return subprocess.CompletedProcess(["python", "-m", "indicators", *args], code, out.getvalue(), err.getvalue())


def figure_history(session: Any, code: str, area: str, period: str) -> Any:
    """Every version of one figure, oldest first, as the Indikator page reads them (``queries.indicator_history``)."""
    from indicators.read import queries

    history = queries.indicator_history(session, code)
    return history[(history["area_code"] == area) & (history["period"] == period)].reset_index(drop=True)


def app_test(user: str | None = None) -> AppTest:
    """The app as AppTest runs it, from the router, with the suite's ceiling on each run; signed in as ``user`` (one
    of :data:`USERS`) when given, as the sign-in page leaves a session after a right password."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=CEILING_S)
    return sign_in_as(at, user) if user else at


class _Tables(html.parser.HTMLParser):
    """The tables in HTML as a browser reads them: caption, header row and cells as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td", "caption"):
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._text is not None and self.tables:
            self.tables[-1]["rows"][-1].append("".join(self._text))
            self._text = None
        elif tag == "caption" and self._text is not None and self.tables:
            self.tables[-1]["caption"] = "".join(self._text)
            self._text = None


def tables_in(page: str) -> list[tuple[str, list[list[str]]]]:
    """The tables in a piece of HTML as a browser reads them: each one's caption and rows of cell texts."""
    reader = _Tables()
    reader.feed(page)
    reader.close()
    return [(found["caption"], found["rows"]) for found in reader.tables]


def html_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table a page shows as HTML (``st.html``), as a frame of its texts with its caption in ``attrs``: the
    header row names the columns."""
    out = []
    for element in at.get("html"):
        for caption, (head, *rows) in tables_in(element.proto.body):
            frame = pd.DataFrame(rows, columns=head)
            frame.attrs["caption"] = caption
            out.append(frame)
    return out


def run_with_edits(at: AppTest, table: Any, edited_rows: dict[int, dict[str, Any]]) -> AppTest:
    """Run the app as the browser does after cells of an ``st.data_editor`` (``table``, an element of ``at``) were
    changed (``{row: {column: value}}``): with those edits next to the other widgets' values (a typed text, a clicked
    button). AppTest has no API for the editor, so its state is added by hand; like the browser, send it every run."""
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = table.proto.id
    state.string_value = json.dumps({"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []})
    return at._run(states)


def shown_in_browser(field: Any, typed: str) -> str:
    """What a browser shows in a text field after a run in which the user had ``typed`` into it: the server's value
    only when the run told the browser to take it (``set_value``); otherwise the browser keeps what was typed and
    sends it back on the next run. AppTest itself always reads the server's value."""
    return str(field.proto.value) if field.proto.set_value else typed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_bin() -> Path | None:
    """PostgreSQL's server binaries: Debian's newest under /usr/lib/postgresql, else initdb on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    on_path = shutil.which("initdb")
    return Path(found[-1]).parent if found else Path(on_path).parent if on_path else None


class PgCluster:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only, trusting local connections."""

    def __init__(self) -> None:
        bindir = pg_bin()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bindir = bindir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="pgtest-"))
        self.data = self.dir / "data"
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    def start(self) -> PgCluster:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.dir / "log"), "-w", "start")
        return self

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)


class AppServer:
    """The dashboard as `make run` starts it (`python -m ui.serve`, i.e. `streamlit run app.py`), on a free port
    of 127.0.0.1."""

    def __init__(self, db_url: str, env: dict[str, str] | None = None, address: str | None = "127.0.0.1"):
        """``address=None`` leaves the listening address to ui.serve (INDICATORS_ADDRESS, else 127.0.0.1)."""
        self.address = address
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # A test server starts without running its pages first (INDICATORS_WARM_UP=0: a few seconds for each of
        # the suite's servers); tests/test_warmup.py starts them as everywhere else.
        self.env = {**os.environ, "INDICATORS_DB_URL": db_url, "INDICATORS_WARM_UP": "0", **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])

    def start(self, timeout: float = CEILING_S) -> AppServer:
        cmd = [
            sys.executable, "-m", "ui.serve",
            "--server.headless", "true", "--server.port", str(self.port),
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            # On a machine loaded far past its cores (the suite is run so), the default 30 s websocket ping can
            # time out while the server waits for a core, and the browser shows "Connection error" and loses an
            # upload in flight. Test servers allow 120 s; deploy/ keeps Streamlit's default behind nginx.
            "--server.websocketPingInterval", "120",
            *(["--server.address", self.address] if self.address else []),
        ]  # fmt: skip
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not start:\n{self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
