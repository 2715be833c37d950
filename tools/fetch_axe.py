"""Fetch axe-core's `axe.min.js` from the npm registry, checked against its pinned integrity hash (no npm needed).

    python tools/fetch_axe.py VERSION INTEGRITY DEST

INTEGRITY is the registry's `dist.integrity` of that version (``sha512-<base64>``). The file is written only when
the tarball matches it; a download that fails or differs leaves DEST absent and exits 1 with the reason.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"


def fetch(version: str, integrity: str, dest: Path) -> None:
    url = f"{REGISTRY}/axe-core/-/axe-core-{version}.tgz"
    algorithm, _, expected = integrity.partition("-")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - a fixed https URL
        tarball = response.read()
    digest = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if digest != expected:
        raise ValueError(f"{url}: {algorithm} is {digest}, the pinned integrity says {expected}")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile("package/axe.min.js")
        if member is None:
            raise ValueError(f"{url}: no package/axe.min.js in the tarball")
        data = member.read()
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(dest)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    version, integrity, dest = argv
    try:
        fetch(version, integrity, Path(dest))
    except OSError as exc:
        print(f"error: could not fetch axe-core {version} from the npm registry: {exc}", file=sys.stderr)
        print("The accessibility tests need it; check that registry.npmjs.org is reachable.", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: axe-core {version} from the npm registry is not the pinned file: {exc}", file=sys.stderr)
        print("Nothing was written. If the pin in the Makefile is right, the download was altered.", file=sys.stderr)
        return 1
    print(f"axe-core {version} -> {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
