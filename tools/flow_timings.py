"""How long the chair's meeting, the reviewer's queue and the editor's reporting take in Chromium: each user action
from its click to the settled page, median of several runs of the browser tests that do them
(tests/test_browser_meeting.py).

    .venv/bin/python tools/flow_timings.py [--runs 3] [--json]

Each run is one pytest run of those tests (a fresh demo store and server per test); every timed step writes its
seconds to a file (INDICATORS_FLOW_TIMINGS). Printed per step: the median and each run's time; per flow, the median
of its task's total (the meeting: saving it; the review: filtering to one actor and period, returning one figure,
approving the rest shown: what issue 20 timed at 12 s and 86 s; the editor: sending one figure, 3,3 s in issue 23).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TESTS = "tests/test_browser_meeting.py"
#: The steps of each flow that make up the task issue 20 timed (the others are printed, not summed).
TASKS = {
    "meeting": ("save",),
    "review": ("filter_actor", "filter_period", "return", "approve_all"),
    "entry": ("submit_one",),
}
#: What issue 20 measured before, in seconds.
BEFORE = {"meeting": 12.0, "review": 86.0, "entry": 3.3}  # entry: one figure's submit (issue 23)


def run_once(out: Path) -> list[dict[str, Any]]:
    env = {**os.environ, "INDICATORS_FLOW_TIMINGS": str(out)}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", TESTS]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603  (a fixed command)
    if done.returncode != 0:
        raise SystemExit(f"the browser tests failed, no timings:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]


def summarise(runs: list[list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for flow, task in TASKS.items():
        steps: dict[str, list[float]] = defaultdict(list)
        totals = []
        for rows in runs:
            mine = [r for r in rows if r["flow"] == flow]
            for r in mine:
                steps[str(r["step"])].append(float(r["seconds"]))
            totals.append(sum(float(r["seconds"]) for r in mine if r["step"] in task))
        out[flow] = {
            "task": list(task),
            "task_median_s": round(statistics.median(totals), 2),
            "task_runs_s": [round(t, 2) for t in totals],
            "before_s": BEFORE[flow],
            "steps": {s: {"median_s": round(statistics.median(v), 2), "runs_s": v} for s, v in steps.items()},
        }
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = [run_once(Path(tmp) / f"run-{i}.jsonl") for i in range(args.runs)]
    result = summarise(runs)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    for flow, r in result.items():
        print(f"{flow}: {' + '.join(r['task'])} = {r['task_median_s']} s, median of {r['task_runs_s']}"
              f" (before: {r['before_s']} s)")  # fmt: skip
        for step, s in r["steps"].items():
            print(f"  {step:<14} {s['median_s']:>6} s  runs {s['runs_s']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
