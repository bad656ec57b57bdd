"""``cronica extract`` with JSON lines on standard input: one bad line costs only itself.

Each line is decoded on its own, so a NUL byte, a 0xff byte, a lone surrogate or a line that
breaks extraction is a failure naming that line, and every good line is still read, with its
accents intact.
"""

from __future__ import annotations

import json

from click.testing import CliRunner, Result
from fuzz_strategies import FUZZ, hostile_text, json_documents, nested_json, utf8
from hypothesis import given, settings
from hypothesis import strategies as st

from cronica.cli import cli
from cronica.errors import CronicaError

GOOD = (
    "La policía detuvo a {n} manifestantes en Cusco el lunes.",
    "Police detained {n} protesters in Juliaca on Monday.",
)
BAD_LINES = st.one_of(
    st.sampled_from(
        [b"\x00\x00\x00", b"\xff\xfe\xff", b'{"text": "cut', b'{"text": "\\ud800 police"}', b'{"title": 5}']
    ),
    json_documents().map(lambda d: utf8(json.dumps(d))),
    nested_json().map(str.encode),
    hostile_text().map(lambda t: utf8(json.dumps({"text": t}))),
    st.binary(max_size=30),
)


def good_line(i: int) -> bytes:
    return json.dumps({"id": f"good-{i}", "text": GOOD[i % 2].format(n=10 + i)}, ensure_ascii=False).encode()


def run_extract(lines: list[bytes]) -> Result:
    return CliRunner().invoke(cli, ["extract"], input=b"\n".join(lines) + b"\n", catch_exceptions=True)


def check_run(result: Result, lines: list[bytes], good: set[int]) -> None:
    """No traceback; failures only for bad lines, each one line; every good line's events printed."""
    exc = result.exception
    assert not isinstance(exc, CronicaError), f"the whole stream was refused: {exc}"
    assert exc is None or isinstance(exc, SystemExit), f"traceback: {exc!r}"
    for line in result.stderr.splitlines():
        assert line.startswith("<stdin>:"), f"a failure that names no line: {line!r}"
        number = line[len("<stdin>:") :].split(":", 1)[0]
        assert number.isdigit(), f"the whole stream was refused: {line!r}"
        assert int(number) not in good, f"a good line failed: {line!r}"
    printed = [json.loads(r) for r in result.stdout.splitlines() if r.strip()]
    seen = {ev["doc_id"] for rec in printed for ev in rec.get("evidence", [])}
    for n in good:
        assert f"good-{n}" in seen, f"no event printed for good line {n}"


@settings(FUZZ, max_examples=60)
@given(pattern=st.lists(st.one_of(st.none(), BAD_LINES), min_size=1, max_size=6))
def test_stdin_lines_are_isolated(pattern: list[bytes | None]) -> None:
    lines = [good_line(i) if p is None else p.replace(b"\n", b" ") for i, p in enumerate(pattern, 1)]
    good = {i for i, p in enumerate(pattern, 1) if p is None}
    check_run(run_extract(lines), lines, good)


def test_a_nul_byte_on_the_first_line_does_not_refuse_the_stream() -> None:
    lines = [b'{"text": "\x00"}', good_line(2), good_line(3)]
    check_run(run_extract(lines), lines, {2, 3})


def test_a_latin1_line_does_not_turn_the_others_into_mojibake() -> None:
    latin = b'{"id": "latin", "text": "La polic\xeda detuvo a 5 personas en Lima."}'
    lines = [good_line(2), latin, good_line(4)]
    result = run_extract(lines)
    check_run(result, lines, {2, 4})
    assert "La policía detuvo a 12" in result.stdout, "the UTF-8 lines were decoded as Windows-1252"
