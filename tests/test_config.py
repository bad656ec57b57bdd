"""Settings precedence (defaults < cronica.toml < CRONICA_* < flags) and validation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cronica.config import NOT_SETTINGS, Settings, cache_dir, load_settings
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
    assert Settings(sentence_model=True).hash() != Settings().hash()  # the model changes what is coded


def test_cache_dir_is_a_setting(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'cache_dir = "{tmp_path / "from-file"}"\n', encoding="utf-8")
    assert load_settings(env={"CRONICA_CACHE_DIR": "/tmp/x"}).cache_dir == "/tmp/x"
    assert load_settings(str(cfg), env={}).cache_dir == str(tmp_path / "from-file")
    assert load_settings(str(cfg), env={"CRONICA_CACHE_DIR": "/tmp/x"}).cache_dir == "/tmp/x"
    assert Settings(cache_dir="/tmp/x").hash() == Settings().hash()  # where caches go changes no result


def test_cache_dir_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="cache_dir must be a folder"):
        load_settings(env={"CRONICA_CACHE_DIR": str(tmp_path / "f")})


def test_variables_of_the_benchmarks_are_not_settings() -> None:
    assert sorted(NOT_SETTINGS) == ["CRONICA_DATA", "CRONICA_SHARED_DATA"]
    env = {"CRONICA_DATA": "../shared/data", "CRONICA_SHARED_DATA": "../shared/data", "CRONICA_PORT": "9001"}
    assert load_settings(env=env) == Settings(port=9001)


def test_cache_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    assert cache_dir(env={}) == home / ".cache" / "cronica"
    assert cache_dir(env={"XDG_CACHE_HOME": "/xdg"}) == Path("/xdg/cronica")
    assert cache_dir(env={"XDG_CACHE_HOME": "/xdg", "CRONICA_CACHE_DIR": "/c"}) == Path("/c")
    assert cache_dir(Settings(cache_dir="~/c"), env={"CRONICA_CACHE_DIR": "/c"}) == home / "c"


def test_cache_dir_from_the_file_reaches_the_gazetteer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cronica.geo.gazetteer import cache_path

    monkeypatch.setenv("CRONICA_CACHE_DIR", "unset by this test")  # restored afterwards
    monkeypatch.delenv("CRONICA_CACHE_DIR")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cronica.toml").write_text(f'cache_dir = "{tmp_path / "cache"}"\n', encoding="utf-8")
    load_settings(env={})  # an explicit environment is only read, never written
    assert "CRONICA_CACHE_DIR" not in os.environ
    load_settings()  # the process's own settings: child processes and the gazetteer see the folder
    assert os.environ["CRONICA_CACHE_DIR"] == str(tmp_path / "cache")
    assert cache_path().parent == tmp_path / "cache"
    assert cache_path().name.startswith("gazetteer-")
    monkeypatch.setenv("CRONICA_CACHE_DIR", str(tmp_path / "env"))
    assert cache_path().parent == tmp_path / "env"


def test_limits_on_extraction_are_settings(tmp_path: Path) -> None:
    from cronica.extract.limits import Limits

    cfg = tmp_path / "c.toml"
    cfg.write_text("max_document_chars = 90000\nmax_sentence_chars = 400\n", encoding="utf-8")
    s = load_settings(str(cfg), env={"CRONICA_EXTRACT_TIMEOUT_S": "7.5"})
    assert Limits.from_settings(s) == Limits(max_document_chars=90_000, max_sentence_chars=400, timeout_s=7.5)
    assert Limits() == Limits.from_settings(Settings())  # the defaults are the settings' defaults
    assert (Settings().max_document_chars, Settings().max_sentence_chars, Settings().extract_timeout_s) == (
        500_000,
        1000,
        20.0,
    )
    assert Settings(extract_timeout_s=5).hash() != Settings().hash()  # they change what a run produces


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("max_document_chars", "0", "max_document_chars must be at least 1"),
        ("max_sentence_chars", "20", "max_sentence_chars must be at least 100"),
        ("extract_timeout_s", "-1", "extract_timeout_s must be 0"),
    ],
)
def test_limits_out_of_range_are_errors(setting: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env={f"CRONICA_{setting.upper()}": value})


def test_serving_settings(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("serve_workers = 3\napi_cache_s = 2.5\n", encoding="utf-8")
    s = load_settings(str(cfg), env={})
    assert (s.serve_workers, s.api_cache_s) == (3, 2.5)
    assert (Settings().serve_workers, Settings().api_cache_s) == (1, 10.0)
    assert Settings(serve_workers=4).hash() == Settings().hash()  # how results are served, not what they are


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("serve_workers", "0", "serve_workers must be between 1 and 64"),
        ("serve_workers", "65", "serve_workers must be between 1 and 64"),
        ("api_cache_s", "-1", "api_cache_s must be between 0 and 86400"),
        ("api_cache_s", "nan", "api_cache_s must be between 0 and 86400"),
    ],
)
def test_serving_settings_out_of_range_are_errors(setting: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env={f"CRONICA_{setting.upper()}": value})


def test_geo_ranker_is_a_setting(tmp_path: Path) -> None:
    assert Settings().geo_ranker is False  # the rules resolve places unless asked
    cfg = tmp_path / "c.toml"
    cfg.write_text("geo_ranker = true\n", encoding="utf-8")
    assert load_settings(str(cfg), env={}).geo_ranker is True
    assert load_settings(env={"CRONICA_GEO_RANKER": "1"}).geo_ranker is True
    assert Settings(geo_ranker=True).hash() != Settings().hash()  # it changes where events are placed
