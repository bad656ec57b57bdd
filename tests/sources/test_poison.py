"""Poison inputs: each is one failure with a one-line reason, never an exception, and the rest is read."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cronica.errors import SourceError
from cronica.model import Document
from cronica.sources import Failure, read_bytes, read_sources
from cronica.sources.jsonl import document_from_json

REPORT = (
    "Hundreds of farmers blocked the bridge over the Ramis river near Taraco on Tuesday, "
    "protesting the price of fertiliser; the regional police chief said the road reopened at dusk."
)


def _corrupt_gzip() -> bytes:
    packed = bytearray(gzip.compress((REPORT * 20).encode()))
    packed[14:40] = b"\xff" * 26  # the deflate stream, past the header
    return bytes(packed)


def _bad_header_warc() -> bytes:
    """A response record whose HTTP head is cut inside a header line (warcio raises AttributeError)."""
    http = b"HTTP/1.1 200 OK\r\nCo\r\n\r\n"
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http
    )


POISON: dict[str, bytes] = {
    "corrupt.txt.gz": _corrupt_gzip(),
    "nested.json": b"[" * 50_000 + b"]" * 50_000,
    "nested.jsonl": b'{"text": ' * 50_000 + b"1" + b"}" * 50_000,
    "long-int.json": json.dumps({"text": REPORT}).encode()[:-1] + b', "n": ' + b"7" * 5000 + b"}",
    "number-title.json": json.dumps({"text": REPORT, "title": 1789}).encode(),
    "list-title.json": json.dumps({"text": REPORT, "title": ["a", "b"]}).encode(),
    "object-source.json": json.dumps({"text": REPORT, "source": {"name": "x"}}).encode(),
    "long-id.json": json.dumps({"text": REPORT, "id": "k" * 500}).encode(),
    "surrogate-text.json": b'{"text": "' + REPORT.encode() + b' \\udc80"}',
    "surrogate-title.json": b'{"text": "' + REPORT.encode() + b'", "title": "\\ud800 headline"}',
    "bad-header.warc": _bad_header_warc(),
}


@pytest.mark.parametrize("name", sorted(POISON))
def test_poison_input_is_one_failure_with_one_line(name: str) -> None:
    items = list(read_bytes(POISON[name], name, name))
    assert len(items) == 1 and isinstance(items[0], Failure), items
    reason = items[0].reason
    assert reason and "\n" not in reason and len(reason) < 300


def test_the_reasons_say_what_is_wrong() -> None:
    def reason(name: str) -> str:
        [f] = list(read_bytes(POISON[name], name, name))
        assert isinstance(f, Failure)
        return f.reason

    assert reason("corrupt.txt.gz").startswith("corrupt gzip data")
    assert reason("nested.json") == "invalid JSON: nested too deeply"
    assert reason("number-title.json") == '"title" must be a string, not int'
    assert reason("surrogate-text.json").startswith('"text" is not valid Unicode')
    assert reason("surrogate-title.json").startswith('"title" is not valid Unicode')
    assert reason("long-id.json") == '"id" is longer than 200 characters'
    assert reason("bad-header.warc").startswith("truncated or corrupt WARC after 0 records")


@pytest.mark.parametrize(
    "stamp", ["<pubDate>0000-00-00</pubDate>", "<updated>0000-00-00T00:00:00Z</updated>"]
)
def test_feed_entry_with_no_real_date_keeps_its_text(stamp: str) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Altiplano Hoy</title>'
        f"<item><title>Bridge blocked</title><description>{REPORT}</description>{stamp}</item>"
        "</channel></rss>"
    ).encode()
    [doc] = list(read_bytes(feed, "hoy.xml", "hoy.xml"))
    assert isinstance(doc, Document) and doc.published is None and doc.title == "Bridge blocked"


def test_numeric_id_is_still_an_id_and_nul_is_dropped_from_metadata() -> None:
    data = json.dumps({"id": 4021, "text": REPORT, "title": "Taraco\u0000 bridge"}).encode()
    [doc] = list(read_bytes(data, "one.json", "one.json"))
    assert isinstance(doc, Document) and doc.doc_id == "4021" and doc.title == "Taraco bridge"


def test_a_folder_with_poison_files_yields_every_good_document(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"good-{i:02d}.txt").write_text(f"{REPORT} Report number {i}.", encoding="utf-8")
    for name, data in POISON.items():
        (tmp_path / name).write_bytes(data)
    items = list(read_sources([str(tmp_path)]))
    assert len([i for i in items if isinstance(i, Document)]) == 40
    failed = {Path(f.origin.split(":")[0]).name for f in items if isinstance(f, Failure)}
    assert failed == set(POISON)  # each poison file once (nested.jsonl as its line 1)


def test_a_file_name_that_is_not_utf8_gives_an_origin_any_database_stores(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"informe-\xff.txt")).write_text(REPORT, encoding="utf-8")
    [doc] = list(read_sources([str(tmp_path)]))
    assert isinstance(doc, Document) and doc.origin is not None
    doc.origin.encode("utf-8")  # no lone surrogate left
    assert doc.origin.endswith("informe-\\xff.txt")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)
FIELD_VALUES = st.fixed_dictionaries(
    {"text": st.just(REPORT)},
    optional={k: JSON_VALUES for k in ("id", "title", "url", "source", "published", "lang")},
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FIELD_VALUES)
def test_any_json_metadata_gives_a_document_or_a_source_error(obj: dict[str, object]) -> None:
    try:
        doc = document_from_json(obj, "fuzz.json")
    except SourceError as exc:
        assert "\n" not in str(exc)
        return
    for value in (doc.doc_id, doc.title, doc.url, doc.source, doc.lang, doc.text):
        assert value is None or (isinstance(value, str) and "\x00" not in value)
        if value is not None:
            value.encode("utf-8")
    assert doc.published is None or isinstance(doc.published, dt.date)


def test_gzip_bomb_stops_at_the_limit_without_growing() -> None:
    import tracemalloc

    packer = gzip.GzipFile(fileobj=(buf := io.BytesIO()), mode="wb", compresslevel=1)
    zeros = bytes(1 << 20)
    for _ in range(200):  # 200 MB of zeros, about 200 kB packed
        packer.write(zeros)
    packer.close()
    tracemalloc.start()
    try:
        [f] = list(read_bytes(buf.getvalue(), "bomb.txt.gz", "bomb.txt.gz"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(f, Failure)
    assert f.reason == "decompresses to more than 50.0 MB (the max_decompressed_mb limit)"
    assert peak < 120_000_000  # the limit and one copy of it, never the 200 MB


def test_gzipped_feed_over_the_feed_limit_is_refused(tmp_path: Path) -> None:
    from cronica.sources import InputLimits

    item = f"<item><title>Bridge</title><description>{REPORT}</description></item>"
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
    feed = head + item * 3000 + "</channel></rss>"
    path = tmp_path / "big.xml.gz"
    path.write_bytes(gzip.compress(feed.encode()))
    [f] = list(read_sources([str(path)], limits=InputLimits(feed_bytes=100_000)))
    assert isinstance(f, Failure) and f.reason.startswith("feed too large (0.7 MB; the limit is 0.1 MB)")
    [f] = list(read_sources([str(path)], limits=InputLimits(decompressed_bytes=200_000)))
    assert isinstance(f, Failure) and f.reason.startswith("decompresses to more than 0.2 MB")
    assert len(list(read_sources([str(path)]))) == 3000  # within the default limits, every entry


def test_feed_entry_whose_summary_is_no_text_is_a_failure_of_its_own() -> None:
    # feedparser's loose parser, after a NUL byte and a cut tag, leaves the entry a summary of None
    feed = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">\x00<title>t</title>'
        b'<entry><id>1</id><title>x</t <content type="html">&lt;p&gt;' + REPORT.encode() + b"&lt;/p&gt;"
        b"</content></entry></feed>"
    )
    [f] = list(read_bytes(feed, "cut.atom", "cut.atom"))
    assert f == Failure("cut.atom#1", "empty document (no text)")


def test_warcio_warnings_stay_off_standard_error(capsys: pytest.CaptureFixture[str]) -> None:
    from test_sources import _warc

    data = _warc([("https://example.org/1", REPORT)])
    head, _, rest = data.partition(b"Content-Length: ")
    length, _, rest = rest.partition(b"\r\n")
    short = head + b"Content-Length: " + str(int(length) - 20).encode() + b"\r\n" + rest  # 20 bytes left over
    items = list(read_bytes(short, "short.warc", "short.warc"))
    assert any(isinstance(i, Failure) and i.reason.startswith("truncated or corrupt WARC") for i in items)
    assert capsys.readouterr().err == ""


def _seeds() -> dict[str, bytes]:
    from test_sources import FEED, _warc

    seeds = {
        "feed.xml": FEED.encode(),
        "crawl.warc": _warc([("https://example.org/1", REPORT), ("https://example.org/2", REPORT)]),
        "batch.jsonl": (json.dumps({"id": "a", "text": REPORT}) + "\n").encode() * 2,
        "list.json": json.dumps([{"text": REPORT, "published": "Mon, 09 Jan 2023 10:00:00 GMT"}]).encode(),
        "page.html": f"<html><body><article><p>{REPORT}</p><p>{REPORT}</p></article></body></html>".encode(),
        **POISON,
    }
    return {**seeds, **{f"{k}.gz": gzip.compress(v) for k, v in seeds.items()}}


SEEDS = _seeds()
SPLICES = [b"\x00", b"\xff", b"<", b"]]>", b"\\ud800", b"\r\n\r\n", b"{", b'"', b"0000-00-00", b"\x1f\x8b"]
EDIT = st.tuples(st.floats(0, 1), st.sampled_from(["cut", "splice", "drop", "byte"]), st.integers(0, 255))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SEEDS)), st.lists(EDIT, max_size=8))
def test_mutated_inputs_of_every_kind_give_documents_or_one_line_failures(
    name: str, edits: list[tuple[float, str, int]]
) -> None:
    data = bytearray(SEEDS[name])
    for where, op, value in edits:
        i = int(where * len(data))
        if op == "cut":
            del data[i:]
        elif op == "splice":
            data[i:i] = SPLICES[value % len(SPLICES)]
        elif op == "drop":
            del data[i : i + value]
        elif i < len(data):
            data[i] = value
    for item in read_bytes(bytes(data), name, name):
        assert isinstance(item, Document) or (item.reason and "\n" not in item.reason)


def test_an_origin_with_a_lone_surrogate_or_nul_is_made_storable() -> None:
    [doc] = list(read_bytes(REPORT.encode(), "inbox/nota-\udc81\x00.txt", "nota.txt"))
    assert isinstance(doc, Document) and doc.origin == "inbox/nota-\\udc81.txt"
