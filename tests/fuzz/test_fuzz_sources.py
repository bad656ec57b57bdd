"""Every source parser, fed hostile bytes: ``read_bytes`` never raises.

It yields Documents (whose text the store can write: valid UTF-8, not empty) or Failures
with a one-line reason, for every format and for each format gzipped.
"""

from __future__ import annotations

import gzip
import json
import zlib

import pytest
from fuzz_strategies import (
    FUZZ,
    corrupt_gzip,
    feeds,
    hostile_text,
    html_pages,
    json_documents,
    jsonl_files,
    nested_json,
    time_budget,
    utf8,
    warc_files,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from cronica.model import Document
from cronica.sources import Failure, read_bytes

BUDGET_S = 30.0  # the hang threshold

FORMATS = {
    "input.txt": st.one_of(hostile_text().map(utf8), st.binary(max_size=300)),
    "input.html": html_pages(),
    "input.xml": feeds(),
    "input.rss": feeds(),
    "input.atom": feeds(),
    "input.json": st.one_of(
        json_documents().map(lambda d: utf8(json.dumps(d))),
        st.lists(json_documents(), max_size=3).map(lambda ds: utf8(json.dumps(ds))),
    ),
    "input.jsonl": jsonl_files(),
    "input.warc": warc_files(),
    "input": st.binary(max_size=400),  # no suffix: the kind is guessed from the bytes
}


def check_outputs(data: bytes, name: str) -> list[Document | Failure]:
    """``read_bytes`` of ``data`` within the time budget; asserts the property of every output."""
    with time_budget(BUDGET_S):
        out = list(read_bytes(data, name, name))
    assert out or holds_no_record(data, name), "read_bytes yielded nothing for an input that holds text"
    for item in out:
        if isinstance(item, Failure):
            assert isinstance(item.reason, str) and item.reason.strip(), item
            assert "\n" not in item.reason and "\r" not in item.reason, (
                f"reason is not one line: {item.reason!r}"
            )
        else:
            assert isinstance(item, Document), item
            assert isinstance(item.text, str) and item.text.strip()
            item.text.encode("utf-8")  # the store writes UTF-8: a lone surrogate here fails later
            assert item.title is None or isinstance(item.title, str), item.title
            assert item.doc_id and isinstance(item.doc_id, str)
    return out


def holds_no_record(data: bytes, name: str) -> bool:
    """True for an empty file, or an empty JSON list (see test_an_empty_container_is_reported)."""
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return False
    return data.strip() in (b"", b"[]")


@pytest.mark.parametrize("name", sorted(FORMATS))
@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_read_bytes_never_raises(name: str, data: st.DataObject) -> None:
    check_outputs(data.draw(FORMATS[name]), name)


@pytest.mark.parametrize(
    "name", ["input.txt", "input.html", "input.xml", "input.json", "input.jsonl", "input.warc"]
)
@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_gzipped_inputs_never_raise(name: str, data: st.DataObject) -> None:
    check_outputs(gzip.compress(data.draw(FORMATS[name])), name + ".gz")


@pytest.mark.parametrize("name", ["input.txt.gz", "input.jsonl.gz", "input.xml.gz", "input.warc.gz"])
@settings(FUZZ, max_examples=40)
@given(data=corrupt_gzip())
def test_corrupt_gzip_is_a_failure(name: str, data: bytes) -> None:
    check_outputs(data, name)


@pytest.mark.parametrize("name", ["input.json", "input.jsonl", "input"])
@settings(FUZZ, max_examples=10)
@given(data=nested_json())
def test_deeply_nested_json_is_a_failure_or_a_document(name: str, data: str) -> None:
    check_outputs(data.encode(), name)


def test_a_bad_line_costs_only_itself() -> None:
    """A JSON-lines file: the good line after a broken, nested or odd line is still read."""
    good = b'{"id": "good", "text": "Police detained 12 protesters in Cusco on Monday."}'
    for bad in (b'{"text": "x", "title": 5}', b'{"text": "\\ud800"}', b"[" * 50_000, b'{"text": "cut'):
        out = check_outputs(bad + b"\n" + good, "input.jsonl")
        assert [o.doc_id for o in out if isinstance(o, Document)][-1:] == ["good"], (bad[:40], out)


@pytest.mark.parametrize(
    ("data", "name"), [(b"", "input.jsonl"), (b"[]", "input.json"), (b"\n\n", "input.jsonl")]
)
def test_an_empty_container_is_reported(data: bytes, name: str) -> None:
    """A file with no record in it is not skipped in silence: it is a failure with its reason."""
    out = check_outputs(data, name)
    assert [type(o) for o in out] == [Failure], out
