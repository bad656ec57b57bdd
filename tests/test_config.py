"""Settings precedence (defaults < cronica.toml < CRONICA_* < flags) and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from cronica.config import Settings, load_settings
from cronica.errors import ConfigError


def test_precedence(tmp_path: Path) -> None:
    cfg = tmp_path / "cronica.toml"
    cfg.write_text('db = "sqlite:///from-file.db"\nworkers = 3\nlang = "es"\n', encoding="utf-8")
    s = load_settings(str(cfg), env={"CRONICA_WORKERS": "5"}, overrides={"lang": "en", "engine": None})
    assert (s.db, s.workers, s.lang, s.engine) == ("sqlite:///from-file.db", 5, "en", "serial")


def test_defaults_without_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={}) == Settings()


def test_cronica_table_is_accepted(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[cronica]\nport = 9000\n", encoding="utf-8")
    assert load_settings(str(cfg), env={}).port == 9000


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("wokers = 3\n", {}, "unknown setting 'wokers'"),
        ("", {"CRONICA_COLOUR": "red"}, "unknown setting 'colour' in environment variable CRONICA_COLOUR"),
        ("workers = 'many'\n", {}, "must be a int"),
        ("engine = 'spark'\n", {}, "engine must be one of serial, pool, ray"),
        ("port = 70000\n", {}, "port must be between"),
        ("this is not toml", {}, "is not valid TOML"),
    ],
)
def test_bad_settings_are_errors(tmp_path: Path, text: str, env: dict[str, str], message: str) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(str(cfg), env=env)


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(str(tmp_path / "nope.toml"), env={})


def test_hash_ignores_where_results_go() -> None:
    assert Settings(db="sqlite:///a.db", port=1).hash() == Settings(db="postgresql://x/y").hash()
    assert Settings(lang="es").hash() != Settings().hash()
