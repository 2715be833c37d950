"""A second pledge for the tests: Lindängen, another district of Malmö (police area Söder, a housing company), as a
new user writes its catalogue file, and the helpers to write and load such files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from indicators.base.config import settings
from indicators.io import catalogue
from indicators.storage import db
from indicators.storage.store import SYSTEM

SOFIELUND = Path(settings().pledge_file)
AREAS = (SOFIELUND.parent / "../areas/sofielund.yaml").resolve()


def sofielund_spec() -> dict[str, Any]:
    return yaml.safe_load(SOFIELUND.read_text(encoding="utf-8"))


def lindangen(reuse_codes: bool = True) -> dict[str, Any]:
    """Lindängen's pledge as a new user writes it: police area Söder, Malmö stad, a housing company; with
    ``reuse_codes`` its police actor is `POL` and its first indicator `I01` (the clash), else codes of its own."""
    pol, ind = ("POL", "I01") if reuse_codes else ("POLS", "L01")
    return {
        "pledge": {"code": "lindangen-2024", "name": "Medborgarlöfte Lindängen 2024–2025", "area": "LINDANGEN",
                   "areas_file": "areas.yaml", "map_areas": ["36213"], "start": "2024-01-01", "end": "2025-12-31",
                   "signatories": ["Polisen, lokalpolisområde Söder", "Malmö stad", "MKB Fastighets AB"],
                   "source_document": "Medborgarlöfte Lindängen 2024–2025 (testfil)"},
        "actors": [{"code": pol, "name": "Polisen, lokalpolisområde Söder", "short_name": "Polisen"},
                   {"code": "MS", "name": "Malmö stad", "short_name": "Malmö stad"},
                   {"code": "MKB", "name": "MKB Fastighets AB", "short_name": "MKB"}],
        "commitments": [{"code": "L1", "actor": pol, "kind": "specific", "text": "Fotpatrullering kring centrum."},
                        {"code": "L2", "actor": "MKB", "kind": "specific", "text": "Belysning i entréer."}],
        "indicators": [{"code": ind, "name_sv": "Fotpatrulleringar kring centrum",
                        "name_en": "Foot patrols around the centre", "definition": "Antal fotpatruller per månad.",
                        "unit": "count", "level": "resurs_aktivitet", "frequency": "monthly",
                        "direction": "up", "source": "Polisen", "actor": pol, "commitments": ["L1"],
                        "disclosure": "none"},
                       {"code": "L02", "name_sv": "Trappuppgångar med ny belysning",
                        "name_en": "Stairwells with new lighting", "definition": "Antal trappuppgångar per kvartal.",
                        "unit": "count", "level": "prestation", "frequency": "quarterly", "direction": "up",
                        "source": "MKB", "actor": "MKB", "commitments": ["L2"], "disclosure": "none"}],
    }  # fmt: skip


def write(
    tmp_path: Path, spec: dict[str, Any], name: str = "pledge.yaml", extra_areas: list[dict[str, Any]] | None = None
) -> Path:
    """A catalogue file and, for Lindängen, its areas file (Lindängen inside Malmö, as in the Sofielund areas, and
    ``extra_areas``)."""
    if spec["pledge"]["areas_file"] == "areas.yaml":
        (tmp_path / "areas.yaml").write_text(yaml.safe_dump({"areas": [
            {"code": "MALMO", "name": "Malmö", "kind": "stad"},
            {"code": "LINDANGEN", "name": "Lindängen", "kind": "omrade", "parent": "MALMO"},
            {"code": "36213", "name": "Lindängen (delområde)", "kind": "delomrade", "parent": "LINDANGEN",
             "geometry": {"file": "geo/malmo_delomraden_wgs84.geojson", "code_property": "do_kod"}},
            *(extra_areas or [])]}, allow_unicode=True), encoding="utf-8")  # fmt: skip
    else:
        spec["pledge"]["areas_file"] = str(AREAS)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def seed(url: str, path: Path) -> dict[str, int]:
    return db.run_write(lambda s: catalogue.seed(s, catalogue.load(path), by=SYSTEM), url)
