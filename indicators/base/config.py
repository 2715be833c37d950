"""Settings read from the environment (``INDICATORS_*``), with defaults that run out of the box.

One pydantic-settings model: each field is a setting, its environment variable is ``INDICATORS_`` and the field's
name in capitals, and its description is what the README's configuration table says of it (tests/test_settings.py
checks that the table lists exactly these settings with these defaults).
"""

from __future__ import annotations

import functools
import ipaddress
import os
import re
import urllib.parse
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
DEFAULT_DB_URL = f"sqlite:///{(DATA_DIR / 'indicators.db').as_posix()}"
ENV_PREFIX = "INDICATORS_"


#: What an IRI may not hold (RFC 3987): the open data's files name every address under INDICATORS_PUBLIC_URL.
_NOT_IN_IRI = re.compile(r'[\s"<>{}|\\^`]|%(?![0-9A-Fa-f]{2})')


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


class Settings(BaseSettings):
    """Every setting, its default and help text (the README documents each one)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True, frozen=True, extra="ignore")

    db_url: str = Field(DEFAULT_DB_URL, description="SQLAlchemy URL of the store (SQLite file or PostgreSQL).")
    pledge_file: str = Field(
        str(DATA_DIR / "pledges" / "sofielund-2022-2023.yaml"),
        description="Catalogue file that `make run` loads into an empty store.",
    )
    address: str = Field(
        "127.0.0.1",
        description="Address the server listens on: 127.0.0.1 (this machine only) by default; 0.0.0.0 for every "
        "interface, refused while demo accounts with the published password are active.",
    )
    language: Literal["sv", "en"] = Field("sv", description="Default interface language: sv or en.")
    basemap: bool = Field(
        False, description="1 draws a web basemap under the maps (needs internet); 0 draws district outlines only."
    )
    public_only: bool = Field(False, description="1 serves only the public pages, read-only.")
    contact: str = Field(
        "", description="Who runs the service and how to reach them (shown on Om tjänsten), e.g. an e-mail address."
    )
    public_url: str = Field(
        "http://127.0.0.1:8501",
        description="The address residents and harvesters reach the service at (https://… in production): the open "
        "data's catalogue, feed and Data Package name their files under it.",
    )
    publisher_name: str = Field("Malmö stad", description="Who publishes the open data (the catalogue's publisher).")
    publisher_iri: str = Field(
        "http://dataportal.se/organisation/SE2120001124",
        description="The publisher's IRI in the open-data catalogue: dataportal.se's organisation IRI, "
        "http://dataportal.se/organisation/SE + the organisation number (Malmö stad's by default).",
    )
    session_idle_minutes: int = Field(30, description="A signed-in user idle this long is signed out.")
    max_upload_mb: int = Field(20, description="Largest file the import accepts, in megabytes.")
    warm_up: bool = Field(
        True,
        description="1: a starting server runs the pages once before it says it is healthy, so its first visitor "
        "waits no longer than the next; 0 starts a few seconds sooner (the test suite's throwaway servers).",
    )

    @field_validator("basemap", "public_only", "warm_up", mode="before")
    @classmethod
    def _switch(cls, value: Any) -> Any:
        """A switch is on for 1, true, yes, ja or on (any case); any other text is off."""
        return _flag(value) if isinstance(value, str) else value

    @field_validator("public_url", "publisher_iri")
    @classmethod
    def _absolute(cls, value: str) -> str:
        """An absolute http(s) address with a host (a catalogue's IRIs must be absolute); no trailing slash."""
        parts = urllib.parse.urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ValueError("must be an absolute http:// or https:// address with a host and no ?query or #fragment")
        if parts.username is not None or parts.password is not None:
            raise ValueError("must not hold a user name or password (it is published in every open-data file)")
        if _NOT_IN_IRI.search(value.strip()):
            raise ValueError("must not hold spaces, quotes, <>, {}, |, \\, ^, ` or a % that is not %XX")
        return value.strip().rstrip("/")

    @classmethod
    def env_name(cls, field: str) -> str:
        """The environment variable of a setting."""
        return f"{ENV_PREFIX}{field.upper()}"


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
    """Current settings (read on each call, so tests and CLI flags can change the environment). A bad value is a
    ValueError naming its environment variable, what was wrong and the value given."""
    return _settings(tuple(sorted((k.upper(), v) for k, v in os.environ.items() if k.upper().startswith(ENV_PREFIX))))


@functools.lru_cache(maxsize=8)
def _settings(environ: tuple[tuple[str, str], ...]) -> Settings:
    """The settings for one set of ``INDICATORS_*`` variables: building the model reads every source (0.5 ms), and
    pages ask for a setting several times a rerun."""
    del environ  # the cache key: the model reads the environment itself
    try:
        return Settings()
    except ValidationError as exc:
        raise ValueError(
            "; ".join(f"{Settings.env_name(str(e['loc'][0]))}: {e['msg']} (not {e['input']!r})" for e in exc.errors())
        ) from None
