"""Settings: defaults < cronica.toml < CRONICA_* environment variables < command-line flags.

An unknown key, in the file or the environment, is an error: a typo must not be
silently ignored. Every ``CRONICA_<NAME>`` variable is the setting ``<name>``,
except the few in :data:`NOT_SETTINGS`, which the benchmark scripts read.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from cronica.errors import ConfigError

ENGINES = ("serial", "pool", "ray")
LANGS = ("auto", "en", "es")
ENV_PREFIX = "CRONICA_"
CACHE_ENV = "CRONICA_CACHE_DIR"
# CRONICA_* variables that are not settings: the benchmarks under bench/ read them, and a shell
# that exports them for a benchmark must still be able to run every cronica command.
NOT_SETTINGS: frozenset[str] = frozenset({"CRONICA_DATA", "CRONICA_SHARED_DATA"})


@dataclass(frozen=True)
class Settings:
    """Every setting and its default; ``load_settings`` builds one from the file, env and flags.

    ``db``: the database URL (SQLite file or ``postgresql://``). ``lang``: the
    language of reports that do not say (``auto`` detects it). ``engine`` and
    ``workers``: where ``cronica process`` runs and how many processes it uses.
    ``batch_size``: documents per shard. ``host``/``port``: where ``cronica
    serve`` listens. ``tile_url``: an online XYZ basemap for the dashboard.
    ``max_document_mb``: larger documents are refused. ``max_decompressed_mb``:
    a gzip input that decompresses to more is refused, read no further (a gzip
    bomb). ``max_feed_mb``: larger RSS/Atom feeds are refused. ``cache_dir``: where
    the gazetteer index is built once and kept (empty: see :func:`cache_dir`).
    ``fetch_timeout_s``, ``fetch_max_bytes``, ``fetch_allow_hosts``: a URL input is
    fetched within this total time and size, and only from public addresses unless
    its host (a name or an address, comma-separated) is in the allow list.
    ``serve_workers``: the processes ``cronica serve`` answers requests with (each opens
    the database; more than one uses more cores for the API's queries and JSON).
    ``api_cache_s``: how long ``cronica serve`` keeps the answer of an aggregate, a map grid
    or a count, so a dashboard watched by many computes each once (0: never kept).
    ``max_document_chars``, ``max_sentence_chars`` and ``extract_timeout_s`` bound the work of
    one report's extraction (:mod:`cronica.extract.limits`): a longer report fails with its
    reason, a longer sentence is cut for the regex stages, and a report still being read after
    that many seconds fails with "extraction timed out after N s" (0: no time limit).
    ``watch_every``: how often ``cronica watch`` polls its sources (a duration: ``30s``, ``15m``,
    ``1h``); ``watch_max_backoff``: the longest it leaves a failing source alone.
    """

    db: str = "sqlite:///cronica.db"
    lang: str = "auto"
    engine: str = "serial"
    workers: int = 2
    batch_size: int = 64
    host: str = "127.0.0.1"
    port: int = 8000
    serve_workers: int = 1
    # seconds the API keeps an aggregate, map grid or count (cronica/api/cache.py); 0: not kept
    api_cache_s: float = 10.0
    tile_url: str = ""  # an online basemap (XYZ template); the offline basemap is used when empty
    max_document_mb: float = 5.0
    max_decompressed_mb: float = 50.0
    max_feed_mb: float = 5.0
    cache_dir: str = ""  # empty: $XDG_CACHE_HOME/cronica, else ~/.cache/cronica
    # events below this calibrated confidence are left out of listings, exports and the API unless
    # asked for (chosen on the development split: README, "Precision has a knob")
    min_confidence: float = 0.3
    # the trained sentence model beside the rules (stage ``classification``): off by default, as it
    # has not beaten the rules on held-out data and halves the speed on long reports (README, results)
    sentence_model: bool = False
    # the learned place ranker (cronica/geo/ranker.py) instead of the rule resolver, in ``geoparse``,
    # ``extract``, ``process`` and ``run``; off by default: with its threshold it has not beaten the
    # rules' acc@161 on LGL's held-out half (bench/bench_geo.py prints both)
    geo_ranker: bool = False
    # URL inputs (cronica.sources.fetch): the whole fetch, redirects included, must finish within
    # this many seconds and bytes, so a slow-drip or endless server cannot hold or fill a run
    fetch_timeout_s: float = 30.0
    fetch_max_bytes: int = 50_000_000
    # hosts that may be fetched although they resolve to private, loopback or link-local
    # addresses (comma-separated names or IP addresses, e.g. "127.0.0.1,intranet.example")
    fetch_allow_hosts: str = ""
    # bounds on one report's extraction (cronica/extract/limits.py): characters once normalised,
    # characters of a sentence the regex stages read, seconds (0: no limit)
    max_document_chars: int = 500_000
    max_sentence_chars: int = 1000
    extract_timeout_s: float = 20.0
    # cronica watch (cronica/watch): the interval between cycles, and the cap of the exponential
    # back-off of a source that keeps failing (durations such as "30s", "15m", "1h")
    watch_every: str = "15m"
    watch_max_backoff: str = "6h"

    def validate(self) -> Settings:
        """These settings, or ConfigError naming the first value out of range."""
        if self.lang not in LANGS:
            raise ConfigError(f"lang must be one of {', '.join(LANGS)}, not {self.lang!r}")
        if self.engine not in ENGINES:
            raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError(f"min_confidence must be between 0 and 1, not {self.min_confidence!r}")
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, not {self.workers}")
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, not {self.batch_size}")
        if not 1 <= self.serve_workers <= 64:
            raise ConfigError(f"serve_workers must be between 1 and 64, not {self.serve_workers}")
        if not (math.isfinite(self.api_cache_s) and 0 <= self.api_cache_s <= 86400):
            raise ConfigError(f"api_cache_s must be between 0 and 86400 seconds, not {self.api_cache_s}")
        if not 0 < self.port < 65536:
            raise ConfigError(f"port must be between 1 and 65535, not {self.port}")
        for name in ("max_document_mb", "max_decompressed_mb", "max_feed_mb"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise ConfigError(f"{name} must be a positive number of MB, not {value!r}")
        if not (math.isfinite(self.fetch_timeout_s) and self.fetch_timeout_s > 0):
            raise ConfigError(f"fetch_timeout_s must be positive, not {self.fetch_timeout_s}")
        if self.fetch_max_bytes < 1:
            raise ConfigError(f"fetch_max_bytes must be at least 1, not {self.fetch_max_bytes}")
        if self.max_document_chars < 1:
            raise ConfigError(f"max_document_chars must be at least 1, not {self.max_document_chars}")
        if self.max_sentence_chars < 100:
            raise ConfigError(f"max_sentence_chars must be at least 100, not {self.max_sentence_chars}")
        if self.extract_timeout_s < 0:
            raise ConfigError(f"extract_timeout_s must be 0 (no limit) or more, not {self.extract_timeout_s}")
        self._validate_watch()
        if self.cache_dir and Path(self.cache_dir).expanduser().is_file():
            raise ConfigError(f"cache_dir must be a folder, but {self.cache_dir!r} is a file")
        return self

    def _validate_watch(self) -> None:
        from cronica.watch.duration import parse_duration

        for name in ("watch_every", "watch_max_backoff"):
            try:
                parse_duration(getattr(self, name))
            except ConfigError as exc:
                raise ConfigError(f"{name}: {exc}") from None

    def hash(self) -> str:
        """Identity of the settings that change results (not where they are stored or served)."""
        relevant = {k: v for k, v in asdict(self).items() if k in _RESULT_SETTINGS}
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]


# The settings that change what a run produces (the others say where results go or how fast).
_RESULT_SETTINGS = (
    "lang",
    "max_document_mb",
    "max_document_chars",
    "max_sentence_chars",
    "extract_timeout_s",
    "geo_ranker",
    "sentence_model",
)
_FIELDS = {f.name: f for f in fields(Settings)}


def _coerce(key: str, value: Any, where: str) -> Any:
    if key not in _FIELDS:
        known = ", ".join(sorted(_FIELDS))
        raise ConfigError(f"unknown setting {key!r} in {where} (known: {known})")
    default = getattr(Settings(), key)
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                return value.lower() in ("1", "true", "yes", "on")
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(value, list):  # a TOML list for a comma-separated setting
            return ",".join(str(v) for v in value)
        return str(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting {key!r} in {where} must be a {type(default).__name__}, not {value!r}"
        ) from None


def load_settings(
    config_path: str | None = None,
    env: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Build the settings in order of precedence.

    ``config_path`` None means ``./cronica.toml`` when it exists. CLI flags that
    were not given should be left out of ``overrides`` (or be None).
    """
    settings = Settings()
    path = Path(config_path) if config_path else Path("cronica.toml")
    if config_path or path.exists():
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {path} not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
        data = data.get("cronica", data)
        settings = replace(settings, **{k: _coerce(k, v, str(path)) for k, v in data.items()})
    environ = os.environ if env is None else env
    from_env = {}
    for name, value in environ.items():
        if name.startswith(ENV_PREFIX) and name not in NOT_SETTINGS:
            key = name[len(ENV_PREFIX) :].lower()
            from_env[key] = _coerce(key, value, f"environment variable {name}")
    settings = replace(settings, **from_env)
    given = {k: _coerce(k, v, "command line") for k, v in (overrides or {}).items() if v is not None}
    settings = replace(settings, **given).validate()
    if env is None and settings.cache_dir:
        # The gazetteer, and the pool and Ray workers this process starts, find the folder here.
        os.environ[CACHE_ENV] = str(Path(settings.cache_dir).expanduser())
    return settings


def cache_dir(settings: Settings | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The folder that holds cronica's caches (the gazetteer index).

    The first of: ``settings.cache_dir``; ``$CRONICA_CACHE_DIR``;
    ``$XDG_CACHE_HOME/cronica``; ``~/.cache/cronica``. ``env`` defaults to the
    process environment, where :func:`load_settings` puts a ``cache_dir`` read
    from ``cronica.toml``, so code without the settings at hand finds it too.
    """
    environ = os.environ if env is None else env
    chosen = (settings.cache_dir if settings else "") or environ.get(CACHE_ENV, "")
    if chosen:
        return Path(chosen).expanduser()
    xdg = environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "cronica"
