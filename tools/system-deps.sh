#!/usr/bin/env bash
# What `make test` needs from the system, installed only where it is missing, one package at a time:
#   chromium    Debian's Chromium, which the browser tests drive (looked for at /usr/bin/chromium or on PATH)
#   postgresql  PostgreSQL's server binaries, for the suite's PostgreSQL pass (initdb under /usr/lib/postgresql or on PATH)
# Nothing else is asked of apt: axe-core comes from the npm registry through tools/fetch_axe.py (no npm needed), and
# Debian's npm conflicts with a Node.js that brings its own.
#
# For the tests of this script: SYSROOT prefixes the looked-for files, APT_GET names the installer, and
# SYSTEM_DEPS_ROOT=yes|no stands in for "running as root".
set -u -o pipefail

SYSROOT=${SYSROOT:-}
APT_GET=${APT_GET:-apt-get}
if [ -n "${SYSTEM_DEPS_ROOT:-}" ]; then is_root=$SYSTEM_DEPS_ROOT
elif [ "$(id -u)" = 0 ]; then is_root=yes
else is_root=no; fi

have_chromium() { [ -x "$SYSROOT/usr/bin/chromium" ] || command -v chromium >/dev/null 2>&1; }
have_postgresql() {
  compgen -G "$SYSROOT/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1
}

missing=()
have_chromium || missing+=(chromium)
have_postgresql || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$is_root" != yes ]; then
  echo "note: missing ${missing[*]}; not root, so not installed. As root: apt-get install ${missing[*]}." \
       "Until then the tests that need them skip (with CI=true they fail)."
  exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "system-deps: installing what is missing: ${missing[*]}"
if ! "$APT_GET" update -qq >"$log" 2>&1; then
  tail -n 20 "$log"
  echo "error: 'apt-get update' failed, so ${missing[*]} could not be installed." \
       "Check the machine's Debian package sources, or install ${missing[*]} by hand, then run make test again."
  exit 1
fi
failed=()
for pkg in "${missing[@]}"; do
  echo "system-deps: apt-get install -y $pkg"
  if ! DEBIAN_FRONTEND=noninteractive "$APT_GET" install -y -qq "$pkg" >"$log" 2>&1; then
    tail -n 20 "$log"
    failed+=("$pkg")
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  for pkg in "${failed[@]}"; do
    case $pkg in
      chromium) why="the browser tests need it at /usr/bin/chromium (or on PATH)";;
      postgresql) why="the PostgreSQL pass needs initdb and pg_ctl (under /usr/lib/postgresql or on PATH)";;
    esac
    echo "error: could not install $pkg: $why. Install it by hand (apt-get install $pkg), then run make test again."
  done
  exit 1
fi
