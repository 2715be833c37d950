"""The settings model (indicators/base/config.py) and the README's configuration table agree, as datasette checks
its documented settings: every setting the model defines is in the table with its default, and the table lists no
other. And the model reads the environment as the README says."""

from __future__ import annotations

import re

import pytest

from indicators.base.config import ROOT, Settings, settings

ROW = re.compile(r"^\| `(INDICATORS_[A-Z_]+)` \| (.+?) \| .+ \|$")


def readme_table() -> dict[str, str]:
    """Each variable of the README's configuration table and its default as written there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return {m[1]: m[2] for line in section.splitlines() if (m := ROW.match(line))}


def documented(default: object) -> str:
    """A default as the README writes it: switches as 0/1, paths relative to the repository, nothing as (empty)."""
    if isinstance(default, bool):
        return f"`{int(default)}`"
    text = str(default).replace(f"{ROOT.as_posix()}/", "")
    return f"`{text}`" if text else "(empty)"


def test_the_readme_lists_exactly_the_settings_with_their_defaults() -> None:
    table = readme_table()
    model = {Settings.env_name(name): documented(f.default) for name, f in Settings.model_fields.items()}
    assert set(table) == set(model), "README table and settings model differ"
    assert table == model


def test_defaults_run_out_of_the_box(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(Settings.env_name(name), raising=False)
    s = settings()
    assert s.db_url.startswith("sqlite:///") and s.db_url.endswith("/data/indicators.db")
    assert (s.address, s.language, s.basemap, s.public_only, s.contact) == ("127.0.0.1", "sv", False, False, "")
    assert (s.session_idle_minutes, s.max_upload_mb) == (30, 20)


def test_the_environment_sets_each_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDICATORS_LANGUAGE", "en")
    monkeypatch.setenv("INDICATORS_BASEMAP", "ja")
    monkeypatch.setenv("INDICATORS_PUBLIC_ONLY", "0")
    monkeypatch.setenv("INDICATORS_MAX_UPLOAD_MB", "5")
    monkeypatch.setenv("INDICATORS_CONTACT", "")  # empty is unset: the default
    s = settings()
    assert (s.language, s.basemap, s.public_only, s.max_upload_mb, s.contact) == ("en", True, False, 5, "")
    monkeypatch.setenv("INDICATORS_BASEMAP", "nej")
    assert settings().basemap is False  # read again on each call


@pytest.mark.parametrize(("variable", "value"), [
    ("INDICATORS_LANGUAGE", "de"), ("INDICATORS_MAX_UPLOAD_MB", "tjugo"),
    # every open-data file names its addresses under these: absolute http(s), a valid IRI, no password in it
    ("INDICATORS_PUBLIC_URL", "trygg.malmo.se"), ("INDICATORS_PUBLIC_URL", "ftp://trygg.malmo.se"),
    ("INDICATORS_PUBLIC_URL", "https://trygg malmo.se"), ("INDICATORS_PUBLIC_URL", 'https://x.se/"<a>'),
    ("INDICATORS_PUBLIC_URL", "https://x.se/%zz"), ("INDICATORS_PUBLIC_URL", "https://x.se/?a=1"),
    ("INDICATORS_PUBLIC_URL", "https://anna:hemligt@x.se"), ("INDICATORS_PUBLISHER_IRI", "SE2120001124"),
])  # fmt: skip
def test_a_bad_value_names_its_variable(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=variable) as caught:
        settings()
    assert repr(value) in str(caught.value)
