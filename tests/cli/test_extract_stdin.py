"""`cronica extract` on standard input: read line by line, each line decoded and judged on its own."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from cronica.cli import cli
from cronica.model import Document
from cronica.sources import Failure, read_stdin

REPORTS = [
    "La policía detuvo a catorce comuneros que bloqueaban la vía a Juliaca el martes 7 de marzo de 2023.",
    "Riot police fired tear gas at students marching in Cusco on Wednesday, March 8, 2023.",
    "Unos doscientos mineros marcharon en Nazca el jueves 9 de marzo de 2023 contra la nueva ley.",
]


def _line(i: int, text: str, **extra: object) -> bytes:
    row = {"id": f"r{i}", "text": text, "published": "2023-03-10", **extra}
    return json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n"


def _extract(stdin: bytes) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(cli, ["extract"], input=stdin, catch_exceptions=False)
    records = [json.loads(x) for x in result.stdout.splitlines()]
    return result.exit_code, records, result.stderr


def _doc_ids(records: list[dict[str, object]]) -> set[str]:
    return {ev["doc_id"] for r in records for ev in r["evidence"]}  # type: ignore[attr-defined]


def test_a_nul_byte_fails_only_its_line() -> None:
    poisoned = _line(0, "Marcha\x00 en Lima").replace(b"\\u0000", b"\x00")
    code, records, err = _extract(poisoned + _line(1, REPORTS[1]) + _line(2, REPORTS[2]))
    assert code == 1
    assert err.strip() == "<stdin>:1: binary data, not text"
    assert _doc_ids(records) == {"r1", "r2"}


def test_one_cp1252_line_does_not_turn_the_others_into_mojibake() -> None:
    row = {"id": "r1", "text": REPORTS[1] + " Según la prensa.", "published": "2023-03-10"}
    latin = json.dumps(row, ensure_ascii=False).encode("cp1252") + b"\n"
    stdin = _line(0, REPORTS[0]) + latin + _line(2, REPORTS[2])
    docs = list(read_stdin(stream=io.BytesIO(stdin)))
    assert [d.text for d in docs if isinstance(d, Document)] == [REPORTS[0], row["text"], REPORTS[2]]
    code, records, err = _extract(stdin)
    assert code == 0, err
    texts = {ev["doc_id"]: ev["text"] for r in records for ev in r["evidence"]}  # type: ignore[attr-defined]
    assert set(texts) == {"r0", "r1", "r2"}
    assert "policía" in texts["r0"] and "Ã" not in "".join(texts.values())


def test_a_line_that_breaks_the_reader_does_not_drop_the_lines_after_it() -> None:
    stdin = (
        _line(0, REPORTS[0])
        + _line(1, REPORTS[1], title=["not", "a", "string"])
        + b"[" * 30_000 + b"\n"
        + _line(3, REPORTS[2])
    )
    code, records, err = _extract(stdin)
    assert code == 1
    assert err.splitlines() == [
        '<stdin>:2: "title" must be a string, not list',
        "<stdin>:3: invalid JSON: nested too deeply",
    ]
    assert _doc_ids(records) == {"r0", "r3"}


class _NoSlurp(io.BytesIO):
    """A stream that refuses to be read whole: only line by line."""

    def read(self, size: int | None = -1) -> bytes:
        raise AssertionError("standard input was read whole")

    def readlines(self, hint: int | None = -1) -> list[bytes]:
        raise AssertionError("standard input was read whole")


def test_standard_input_is_read_one_line_at_a_time() -> None:
    stream = _NoSlurp(_line(0, REPORTS[0]) + _line(1, REPORTS[1]))
    items = read_stdin(stream=stream)
    first = next(items)
    assert isinstance(first, Document) and first.doc_id == "r0"
    assert stream.tell() == len(_line(0, REPORTS[0]))  # the second line is not read yet
    assert [d.doc_id for d in items if isinstance(d, Document)] == ["r1"]


def test_an_over_long_line_is_one_failure_and_the_next_line_is_read() -> None:
    from cronica.sources.jsonl import read_jsonl_stream

    stream = io.BytesIO(_line(0, REPORTS[0] * 50) + _line(1, REPORTS[1]))
    items = list(read_jsonl_stream(stream, "<stdin>", max_line_bytes=1000))
    assert isinstance(items[0], Failure) and items[0].origin == "<stdin>:1"
    assert items[0].reason == "line too long (more than 1,000 bytes)"
    assert isinstance(items[1], Document) and items[1].doc_id == "r1"


def test_an_extraction_failure_is_one_line_and_the_next_line_is_extracted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import cronica.extract.document as document

    real = document.extract_document

    def fragile(doc: Document, **kw: object) -> object:
        if doc.doc_id == "r0":
            raise ValueError("first line of the trouble\nsecond line\nthird line")
        return real(doc, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(document, "extract_document", fragile)
    code, records, err = _extract(_line(0, REPORTS[0]) + _line(1, REPORTS[1]))
    assert code == 1
    assert err.splitlines() == ["<stdin>:1: extraction failed: ValueError: first line of the trouble"]
    assert _doc_ids(records) == {"r1"}
