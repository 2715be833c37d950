"""How long each dashboard page takes to run (server side, through Streamlit's AppTest) on a store.

    .venv/bin/python tools/page_timings.py [--db URL] [--runs 10] [--user demo-lasare] [--json]

`cold_ms` is a page's first run in this process (empty caches); `warm_ms` the median of the later runs with the
same filters (cached reads, as a user clicking around gets them). Browser drawing time is not included.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators.base.i18n import t  # noqa: E402  (after the path is set)
from ui import registry  # noqa: E402

#: Every page a signed-in reader opens (ui/registry.py), by its Swedish title.
PAGES = {t(p.title, "sv"): p.path for p in registry.PAGES if p.roles == registry.SIGNED_IN and p.guarded}


def time_pages(runs: int, username: str) -> dict[str, dict[str, float]]:
    from streamlit.testing.v1 import AppTest

    from indicators.base.config import settings
    from indicators.storage import auth, db

    with db.read_session(settings().db_url) as session:
        who = auth.principal(session, username)
    user = {"username": who.username, "role": who.role.value, "actor_code": who.actor_code}

    out: dict[str, dict[str, float]] = {}
    for name, page in PAGES.items():
        times = []
        for _ in range(runs + 1):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.session_state["user"] = user  # signed in, as the internal pages require
            start = time.perf_counter()
            at.switch_page(page).run()  # a session opening the page's URL: the router, its filters, the page
            times.append((time.perf_counter() - start) * 1000)
            if at.exception:
                raise RuntimeError(f"{name}: {at.exception[0].value}")
        out[name] = {"cold_ms": round(times[0], 1), "warm_ms": round(statistics.median(times[1:]), 1)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database URL (default: INDICATORS_DB_URL or the default store)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--user", default="demo-lasare", help="an existing user to run the pages as")
    args = parser.parse_args()
    if args.db:
        os.environ["INDICATORS_DB_URL"] = args.db
    result = time_pages(args.runs, args.user)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{'page':12} {'cold_ms':>8} {'warm_ms':>8}   (median of {args.runs} warm runs)")
        for name, t in result.items():
            print(f"{name:12} {t['cold_ms']:8.0f} {t['warm_ms']:8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
