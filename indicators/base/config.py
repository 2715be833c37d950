"""Settings read from the environment, with defaults that run out of the box."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
DEFAULT_DB_URL = f"sqlite:///{(DATA_DIR / 'indicators.storage.db').as_posix()}"


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


@dataclass(frozen=True)
class Settings:
    """Every setting, its environment variable, default and help text (the README documents each one)."""

    db_url: str = field(
        default=DEFAULT_DB_URL,
        metadata={"env": "INDICATORS_DB_URL", "help": "SQLAlchemy URL of the store (SQLite file or PostgreSQL)."},
    )
    pledge_file: str = field(
        default=str(DATA_DIR / "pledges" / "sofielund-2022-2023.yaml"),
        metadata={"env": "INDICATORS_PLEDGE_FILE", "help": "Catalogue file that `make run` loads into an empty store."},
    )
    address: str = field(
        default="127.0.0.1",
        metadata={
            "env": "INDICATORS_ADDRESS",
            "help": "Address the server listens on: 127.0.0.1 (this machine only) by default; 0.0.0.0 for every "
            "interface, refused while demo accounts with the published password are active.",
        },
    )
    language: str = field(
        default="sv",
        metadata={"env": "INDICATORS_LANGUAGE", "help": "Default interface language: sv or en."},
    )
    basemap: bool = field(
        default=False,
        metadata={
            "env": "INDICATORS_BASEMAP",
            "help": "1 draws a web basemap under the maps (needs internet); 0 draws district outlines only.",
        },
    )
    public_only: bool = field(
        default=False,
        metadata={"env": "INDICATORS_PUBLIC_ONLY", "help": "1 serves only the public pages, read-only."},
    )
    contact: str = field(
        default="",
        metadata={
            "env": "INDICATORS_CONTACT",
            "help": "Who runs the service and how to reach them (shown on Om tjänsten), e.g. an e-mail address.",
        },
    )
    session_idle_minutes: int = field(
        default=30,
        metadata={"env": "INDICATORS_SESSION_IDLE_MINUTES", "help": "A signed-in user idle this long is signed out."},
    )
    max_upload_mb: int = field(
        default=20,
        metadata={"env": "INDICATORS_MAX_UPLOAD_MB", "help": "Largest file the import accepts, in megabytes."},
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            if isinstance(f.default, bool):
                values[f.name] = _flag(raw)
            elif isinstance(f.default, int):
                try:
                    values[f.name] = int(raw)
                except ValueError:
                    raise ValueError(f"{f.metadata['env']} must be a whole number, not {raw!r}") from None
            else:
                values[f.name] = raw
        return cls(**values)  # type: ignore[arg-type]


def is_loopback(address: str | None) -> bool:
    """Does a server listening on ``address`` serve this machine only? An unset address means every interface."""
    if not address:
        return False
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:  # a host name other than localhost: it may resolve to any interface
        return False


def settings() -> Settings:
    """Current settings (read on each call, so tests and CLI flags can change the environment)."""
    return Settings.from_env()
