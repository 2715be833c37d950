"""The set-up that `make test` does on a fresh machine: exactly what is missing is asked of apt, one package at a time.

`make system-deps` runs against a fake root and a PATH holding only the basic tools and whichever of chromium,
initdb and npm the case has; `apt-get` is a fake that records what it was asked and succeeds or fails on demand.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT

#: What the script itself uses from the system; everything else is left off the PATH.
BASIC_TOOLS = ["bash", "id", "mktemp", "tail", "rm", "cat", "dirname", "sh", "env"]

FAKE_APT = """#!/bin/bash
echo "$*" >> "$APT_LOG"
if [[ " $* " == *" install "* ]]; then
  for pkg in $APT_FAILS; do
    [[ " $* " == *" $pkg"* ]] && { echo "E: Unable to locate package $pkg" >&2; exit 100; }
  done
fi
exit 0
"""


def run_system_deps(
    tmp_path: Path, *, chromium: bool, postgresql: bool, npm: bool, root: str = "yes", apt_fails: str = ""
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    sysroot, bindir = tmp_path / "root", tmp_path / "bin"
    bindir.mkdir()
    for tool in BASIC_TOOLS:
        found = shutil.which(tool)
        assert found, tool
        (bindir / tool).symlink_to(found)
    if chromium:
        (sysroot / "usr/bin").mkdir(parents=True)
        (sysroot / "usr/bin/chromium").write_text("#!/bin/sh\n")
        (sysroot / "usr/bin/chromium").chmod(0o755)
    if postgresql:
        (sysroot / "usr/lib/postgresql/15/bin").mkdir(parents=True)
        (sysroot / "usr/lib/postgresql/15/bin/initdb").write_text("")
    if npm:  # Node.js with its own npm, as on this kind of machine
        for tool in ("node", "npm"):
            (bindir / tool).write_text("#!/bin/sh\n")
            (bindir / tool).chmod(0o755)
    apt = tmp_path / "apt-get"
    apt.write_text(FAKE_APT)
    apt.chmod(0o755)
    log = tmp_path / "apt.log"
    env = {
        "PATH": str(bindir), "HOME": str(tmp_path), "SYSROOT": str(sysroot), "APT_GET": str(apt),
        "APT_LOG": str(log), "APT_FAILS": apt_fails, "SYSTEM_DEPS_ROOT": root,
    }  # fmt: skip
    make = shutil.which("make")
    assert make
    done = subprocess.run(
        [make, "-s", "--no-print-directory", "system-deps"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    calls = log.read_text().splitlines() if log.exists() else []
    return done, calls


CASES = list(itertools.product([True, False], repeat=3))


@pytest.mark.parametrize(("chromium", "postgresql", "npm"), CASES,
                         ids=[f"chromium={c}-postgresql={p}-npm={n}" for c, p, n in CASES])  # fmt: skip
def test_system_deps_asks_apt_for_exactly_what_is_missing_one_at_a_time(
    tmp_path: Path, chromium: bool, postgresql: bool, npm: bool
) -> None:
    """Each missing package gets its own `apt-get install`; present ones and npm (whatever Node.js has) never do."""
    done, calls = run_system_deps(tmp_path, chromium=chromium, postgresql=postgresql, npm=npm)
    assert done.returncode == 0, done.stdout + done.stderr
    missing = [pkg for pkg, have in (("chromium", chromium), ("postgresql", postgresql)) if not have]
    installs = [c for c in calls if " install " in f" {c} "]
    assert [c.split()[-1] for c in installs] == missing
    assert all(len([w for w in c.split() if not w.startswith("-")]) == 2 for c in installs), installs  # one package
    assert not any("npm" in c or "nodejs" in c for c in calls)
    assert (calls[:1] == ["update -qq"]) == bool(missing)
    assert len(calls) == len(missing) + (1 if missing else 0)


def test_system_deps_names_the_package_it_could_not_install_and_what_to_do(tmp_path: Path) -> None:
    """When apt fails for one package, the others are still installed and the message names the one and the fix."""
    done, calls = run_system_deps(tmp_path, chromium=False, postgresql=False, npm=True, apt_fails="chromium")
    assert done.returncode != 0
    assert [c.split()[-1] for c in calls if " install " in f" {c} "] == ["chromium", "postgresql"]
    out = done.stdout + done.stderr
    assert "could not install chromium" in out
    assert "apt-get install chromium" in out
    assert "could not install postgresql" not in out


def test_system_deps_as_a_normal_user_installs_nothing_and_says_what_is_missing(tmp_path: Path) -> None:
    """Not root: nothing is asked of apt, and the note names what is missing and the command that would add it."""
    done, calls = run_system_deps(tmp_path, chromium=False, postgresql=True, npm=False, root="no")
    assert done.returncode == 0
    assert calls == []
    assert "missing chromium" in done.stdout
    assert "apt-get install chromium" in done.stdout


def test_make_test_never_needs_npm() -> None:
    """axe-core comes from the npm registry by a checked download, so the Makefile never runs npm or asks apt for it."""
    makefile = (ROOT / "Makefile").read_text()
    recipes = [line for line in makefile.splitlines() if line.startswith("\t")]
    assert not any("npm " in line or "npm pack" in line for line in recipes)
    dry = subprocess.run(["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PATH": os.environ["PATH"]})  # fmt: skip
    assert "tools/fetch_axe.py" in dry.stdout
    assert "npm" not in dry.stdout.replace("registry.npmjs.org", "")


def test_fetch_axe_writes_the_file_only_when_the_tarball_matches_its_pinned_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tarball that differs from the pinned integrity hash leaves no file behind and says why."""
    import base64
    import hashlib
    import io
    import tarfile

    from tools import fetch_axe

    payload = b"window.axe = {};"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("package/axe.min.js")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
    tarball = buffer.getvalue()
    monkeypatch.setattr(fetch_axe.urllib.request, "urlopen", lambda url, timeout: io.BytesIO(tarball))
    right = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    wrong = "sha512-" + base64.b64encode(hashlib.sha512(b"other").digest()).decode()

    dest = tmp_path / "axe" / "axe.min.js"
    assert fetch_axe.main(["4.14.1", wrong, str(dest)]) == 1
    assert not dest.exists()
    assert fetch_axe.main(["4.14.1", right, str(dest)]) == 0
    assert dest.read_bytes() == payload
