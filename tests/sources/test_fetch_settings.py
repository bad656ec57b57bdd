"""The fetch settings: defaults, validation, and the allow list from a file or the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from cronica.config import Settings, load_settings
from cronica.errors import ConfigError
from cronica.model import Document
from cronica.sources import Failure, read_sources
from cronica.sources.fetch import FetchLimits


def test_defaults_are_safe() -> None:
    limits = FetchLimits.from_settings(Settings())
    assert (limits.timeout_s, limits.max_bytes, limits.allow_hosts) == (30.0, 50_000_000, frozenset())


def test_allow_list_from_a_toml_list_and_from_the_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('fetch_allow_hosts = ["127.0.0.1", "Intranet.Example"]\n', encoding="utf-8")
    from_file = FetchLimits.from_settings(load_settings(str(cfg), env={}))
    assert from_file.allow_hosts == {"127.0.0.1", "intranet.example"}
    env = {"CRONICA_FETCH_ALLOW_HOSTS": " [::1] ,, localhost", "CRONICA_FETCH_TIMEOUT_S": "2.5"}
    from_env = FetchLimits.from_settings(load_settings(str(cfg), env=env))
    assert from_env.allow_hosts == {"::1", "localhost"} and from_env.timeout_s == 2.5


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CRONICA_FETCH_TIMEOUT_S": "0"}, "fetch_timeout_s must be positive"),
        ({"CRONICA_FETCH_MAX_BYTES": "-1"}, "fetch_max_bytes must be at least 1"),
        ({"CRONICA_FETCH_MAX_BYTES": "lots"}, "must be a int"),
    ],
)
def test_bad_fetch_settings_are_errors(tmp_path: Path, env: dict[str, str], message: str) -> None:
    cfg = tmp_path / "empty.toml"
    cfg.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(str(cfg), env=env)


def test_a_bad_settings_file_is_a_failure_of_the_url_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cronica.toml").write_text("fetch_timeout_s = -3\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Dockworkers struck in Callao on Tuesday over unpaid wages.", encoding="utf-8")
    failed, kept = list(read_sources(["http://example.org/feed.xml", str(good)]))
    assert isinstance(failed, Failure) and "fetch_timeout_s must be positive" in failed.reason
    assert isinstance(kept, Document)
