"""The reading limits are settings (max_decompressed_mb, max_feed_mb): validated, and they reach readers."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from cronica.config import Settings, load_settings
from cronica.errors import ConfigError
from cronica.model import Document
from cronica.sources import Failure, InputLimits, read_sources
from cronica.sources.fetch import FetchLimits


def test_the_default_settings_give_the_default_limits() -> None:
    of_settings = InputLimits.of(Settings())
    assert (of_settings.decompressed_bytes, of_settings.feed_bytes) == (50_000_000, 5_000_000)
    assert (InputLimits().decompressed_bytes, InputLimits().feed_bytes) == (50_000_000, 5_000_000)
    assert of_settings.fetch == FetchLimits.from_settings(Settings())


def test_the_limits_come_from_the_settings_file(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("max_decompressed_mb = 0.5\nmax_feed_mb = 0.25\nfetch_max_bytes = 7\n", encoding="utf-8")
    got = InputLimits.of(load_settings(str(cfg), env={}))
    assert (got.decompressed_bytes, got.feed_bytes) == (500_000, 250_000)
    assert got.fetch is not None and got.fetch.max_bytes == 7


@pytest.mark.parametrize("value", ["0", "-3", "nan", "inf"])
@pytest.mark.parametrize("name", ["max_decompressed_mb", "max_feed_mb"])
def test_a_limit_must_be_a_positive_number(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"{name} must be a positive number of MB"):
        load_settings(env={f"CRONICA_{name.upper()}": value})


def _warc_of_zeros(size: int) -> bytes:
    """One gzip member holding a WARC response record of ``size`` zero bytes."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/z\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(http) + size).encode() + b"\r\n\r\n"
    )
    return gzip.compress(head + http + bytes(size) + b"\r\n\r\n", compresslevel=1)


def test_a_gzip_warc_not_named_gz_is_decompressed_under_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc_of_zeros(3_000_000))
    [f] = list(read_sources([str(path)], limits=InputLimits(decompressed_bytes=1_000_000)))
    assert isinstance(f, Failure)
    assert f.reason == "decompresses to more than 1.0 MB (the max_decompressed_mb limit)"


def test_a_gzip_text_within_the_limit_is_read(tmp_path: Path) -> None:
    text = "Vecinos de Sicuani marcharon hasta la plaza de armas el domingo para exigir agua potable. " * 100
    path = tmp_path / "note.txt.gz"
    path.write_bytes(gzip.compress(text.encode()))
    [doc] = list(read_sources([str(path)], limits=InputLimits(decompressed_bytes=len(text))))
    assert isinstance(doc, Document) and doc.text == text.strip()
    [f] = list(read_sources([str(path)], limits=InputLimits(decompressed_bytes=len(text) - 1)))
    assert isinstance(f, Failure) and f.reason.startswith("decompresses to more than")


def test_a_jsonl_file_is_read_from_disk_a_line_at_a_time(tmp_path: Path) -> None:
    import json
    import tracemalloc

    line = json.dumps({"text": "Comuneros de Espinar marcharon a la mina el viernes. " + "Ruido. " * 14_000})
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(300):  # about 30 MB
            fh.write(line.replace("viernes", f"viernes {i}") + "\n")
    items = read_sources([str(path)])
    tracemalloc.start()
    try:
        count = sum(isinstance(d, Document) for d in items)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 300
    assert peak < 5_000_000  # a few lines, never the 30 MB file
