"""Start the dashboard: ``app.py`` as a Streamlit app (``st.App``) with the session-cookie routes of ``ui.routes``
beside it, on the configured address, with two checks first.

    python -m ui.serve --server.port 8501   # any of `streamlit run`'s --section.name options

- **Where it listens.** ``INDICATORS_ADDRESS`` (default ``127.0.0.1``: this machine only) unless
  ``--server.address`` is given. On any other address the server refuses to start while a demo account still has the
  published demo password, since anyone on the network could then sign in as ``demo-admin``; the sign-in page names
  the demo accounts only on a loopback server, and an exposed server refuses that password whatever the account.
- **The upload limit.** Streamlit's uploader takes files up to ``server.maxUploadSize`` (200 MB unless set) and says
  so under the button; the import refuses files over ``INDICATORS_MAX_UPLOAD_MB``. The server is given the import's
  limit, over any config file or ``STREAMLIT_SERVER_MAX_UPLOAD_SIZE``, and a ``--server.maxUploadSize`` that differs
  is refused, so the two always say the same.
- **The pages folder.** ``app.py`` routes with ``st.navigation``, but Streamlit decides on a fresh server, before any
  script has run, that a folder called ``pages/`` beside it is an old-style page folder. The first visitor of a fresh
  server who opens a page by its address (``/utveckling``) then gets a "Page not found" box on top of the right page.
  Saying up front that there is no such folder (what ``st.navigation`` itself says on its first call) avoids that.
- **The first visitor.** Before it serves any request, the server loads what the pages use and runs its pages once
  (``ui.warmup``), so the first visitor after a restart waits no longer than the next one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager

APP = Path(__file__).resolve().parent.parent / "app.py"


def option(argv: list[str], name: str) -> str | None:
    """The value of ``--name VALUE`` or ``--name=VALUE`` in a command line (the last one wins, as in click)."""
    found = None
    for i, arg in enumerate(argv):
        if arg == f"--{name}" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith(f"--{name}="):
            found = arg.split("=", 1)[1]
    return found


def demo_account_names(url: str) -> list[str]:
    """The demo accounts that still have the published password (none where the store is not set up yet)."""
    from sqlalchemy.exc import SQLAlchemyError

    from indicators.read import queries
    from indicators.storage import db

    try:
        with db.read_session(url) as session:
            return queries.demo_accounts(session)
    except SQLAlchemyError:
        return []


def own_public_url(address: str, port: str) -> str | None:
    """The address the open data names its files under, for a server on this machine only whose public address
    is not set: its own (``http://127.0.0.1:8611`` on another port), not the default's 8501, which Om tjänsten and
    the catalogue then named though nothing answered there. A server reachable from the network has its public
    address set by whoever runs it (behind a proxy, its own would be wrong); None when nothing is to be set."""
    from indicators.base.config import Settings, is_loopback

    if os.environ.get(Settings.env_name("public_url")) or not is_loopback(address):
        return None
    host = address.strip().strip("[]")  # as is_loopback reads it: " localhost", "[::1]"
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def flags(argv: list[str]) -> dict[str, object]:
    """Streamlit's command-line options (``--server.port 8501``, ``--server.headless=true``) as config values."""
    out: dict[str, object] = {}
    items = list(argv)
    while items:
        arg = items.pop(0)
        if not arg.startswith("--"):
            raise SystemExit(f"error: unexpected argument {arg!r} (options are --section.name VALUE)")
        name, _, value = arg[2:].partition("=")
        if not _ and items:
            value = items.pop(0)
        out[name] = True if value.lower() == "true" else False if value.lower() == "false" else (
            int(value) if value.isdigit() else value)  # fmt: skip
    return out


def main(argv: list[str]) -> int:
    from indicators.base.config import Settings, is_loopback, settings

    config = settings()
    address = option(argv, "server.address")
    if address is None:
        address = config.address
        argv = [*argv, "--server.address", address]
    limit = str(config.max_upload_mb)
    given = option(argv, "server.maxUploadSize")
    if given is None:
        argv = [*argv, "--server.maxUploadSize", limit]
    elif given != limit:
        print(f"error: --server.maxUploadSize {given} differs from the import's limit, {limit} MB "
              f"({Settings.env_name('max_upload_mb')}): set that instead, so that the uploader and the import "
              "refuse the same files.", file=sys.stderr)  # fmt: skip
        return 2
    port = option(argv, "server.port") or "8501"
    if not is_loopback(address) and not config.public_only:  # a public-only server has no sign-in at all
        exposed = demo_account_names(config.db_url)
        if exposed:
            which = f"the demo account {exposed[0]} still has" if len(exposed) == 1 else (
                f"the demo accounts {', '.join(exposed)} still have")  # fmt: skip
            cli = f"{Path(sys.executable).as_posix()} -m indicators"
            print(
                f"error: refusing to listen on {address or 'every interface'}: {which} the published password, so "
                "anyone on the network could sign in as them. Either:\n"
                f"  give each a password of its own:  {cli} users password NAME   (asks for it)\n"
                f"  or disable each:                  {cli} users disable NAME\n"
                f"    (the last active admin cannot be disabled: add your own first with\n"
                f"     {cli} users add YOURNAME --role admin)\n"
                "or listen on 127.0.0.1 only (unset INDICATORS_ADDRESS).",
                file=sys.stderr,
            )
            return 2
    host = f"[{address}]" if ":" in address else address or "0.0.0.0"  # noqa: S104 - only printed
    own = own_public_url(address, port)
    if own:
        os.environ[Settings.env_name("public_url")] = own
    reach = "this machine only" if is_loopback(address) else "reachable from the network"
    print(f"Dashboard: http://{host}:{port}  (listening on {address or 'every interface'}: {reach})", flush=True)
    if is_loopback(address) and not config.public_only:
        names = demo_account_names(config.db_url)
        if names:
            from indicators.storage.auth import DEMO_PASSWORD

            print(f"Demo accounts (password {DEMO_PASSWORD}): {', '.join(names)}. Disable them on a store with "
                  "real reports (README: Users, sign-in and reporting).", flush=True)  # fmt: skip
    PagesManager.uses_pages_directory = False
    import streamlit as st

    from ui.routes import MIDDLEWARE, ROUTES
    from ui.warmup import lifespan

    st.App(str(APP), routes=ROUTES, middleware=MIDDLEWARE, lifespan=lifespan).run(config=flags(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
