"""Hostile-input benchmark: N generated inputs through cronica's real entry points, in worker processes.

Every input is rebuilt from ``(seed, index)`` alone, so any one of them can be replayed:

    .venv/bin/python bench/bench_fuzz.py                    # 100,000 inputs, 2 workers (about 20 min)
    .venv/bin/python bench/bench_fuzz.py --n 2000           # a smoke run
    .venv/bin/python bench/bench_fuzz.py --replay 1234      # input 1234 again, with its traceback

Kinds of input (the weights are in ``KINDS``): source-level bytes of every format (text, HTML,
RSS, Atom, JSON, JSON lines, WARC; each sometimes gzipped), corrupt gzip, gzip bombs (small, and
large ones that expand to gigabytes), nested JSON, non-string fields, lone surrogates, dates such
as 0000-00-00, NUL bytes, huge numbers, long runs of spaces, digits or zero-width characters, a
4.9 MB single sentence, JSON lines on standard input to ``cronica extract``, and mixed batches of
good and bad files through ``ingest`` + ``process`` in a temporary SQLite database.

What is measured, per kind and in total: inputs, tracebacks (an exception that escaped the entry
point; 0 is the target), hangs (an input still running after ``--timeout`` seconds, 30 by
default: the worker is killed and replaced, the input counted), memory blow-ups (a worker past
``--memory-mb``, killed), peak resident memory of the workers, failures whose reason is not one
line, and the mixed batches whose good documents were not all stored and processed. Prints a table
and writes bench/results/fuzz.json (``--out``), with one reproducer per crash class.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import signal
import struct
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results" / "fuzz.json"
sys.path.insert(0, str(HERE))

# -- building blocks of hostile text -------------------------------------------------------------
EVENT_SENTENCES = (
    "Police fired tear gas at protesters in Juliaca on Monday, killing {n} people.",
    "La policía detuvo a {n} manifestantes en Cusco el 9 de enero.",
    "At least {n} demonstrators were injured when riot police charged a march in Lima.",
    "Unos {n} campesinos bloquearon la carretera cerca de Puno y quemaron llantas.",
    "Soldiers shot dead {n} villagers near Kisumu, the ombudsman said on Tuesday.",
    "More than {n} people marched through Quito demanding the minister resign.",
)
RUN_CHARS = (" ", "\t", "0", "9", "1,", "\u200b", "\u200d", "\ufeff", "\u00a0", "-", ".", "\n", "a ", "x")
NUMBERS = (
    "99999999999999999999999999",
    "1e308",
    "-5",
    "0",
    "9" * 400,
    "1,000,000,000,000",
    "3.14159",
    "NaN",
    "١٢٣",
    "五十",
    "diez mil millones",
    "two hundred thousand million",
)
# In an HTML page's <meta name="date">, this date alone costs trafilatura about 6 s (dateparser tries
# every locale): it has a kind of its own, rare, so that it is counted without dominating the run.
SLOW_META_DATE = "Mon, 32 Foo 2023 25:61:61 +9999"
BAD_DATES = (
    "0000-00-00",
    "9999-99-99",
    "2023-02-30",
    "-0001-01-01",
    "10000-01-01",
    SLOW_META_DATE,
    "00/00/0000",
    "",
    "yesterday",
    "2023-13-01T00:00:00Z",
    "0001-01-01T00:00:00-23:59",
)
ODD_CHARS = (
    "\x00",
    "\x01",
    "\x1b[31m",
    "\x7f",
    "\u202e",
    "\ud800",
    "\udfff",
    "\U0001f525",
    "\u0301" * 30,
    "مظاهرة",
    "抗议",
    "протест",
    "\uffff",
    "\r",
    "\x0c",
)


def _run(rng: random.Random) -> str:
    """A long run of one character class: mostly short, now and then thousands long."""
    length = int(2 ** rng.uniform(0, 11)) if rng.random() < 0.995 else rng.randint(20_000, 60_000)
    return rng.choice(RUN_CHARS) * length


def hostile_text(rng: random.Random, surrogates: bool = True) -> str:
    """A report-like text with hostile pieces mixed into real event sentences."""
    parts: list[str] = []
    for _ in range(rng.randint(1, 6)):
        roll = rng.random()
        if roll < 0.35:
            parts.append(rng.choice(EVENT_SENTENCES).format(n=rng.choice(NUMBERS)))
        elif roll < 0.55:
            sentence = rng.choice(EVENT_SENTENCES).format(n=rng.randint(0, 500))
            cut = rng.randint(0, len(sentence))
            parts.append(sentence[:cut] + _run(rng) + sentence[cut:])
        elif roll < 0.7:
            parts.append(f"On {rng.choice(BAD_DATES)} police arrested {rng.choice(NUMBERS)} people.")
        elif roll < 0.9:
            parts.append("".join(rng.choice(ODD_CHARS) for _ in range(rng.randint(1, 40))))
        else:
            parts.append("".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 200))))
    text = " ".join(parts)
    if not surrogates:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _utf8(text: str) -> bytes:
    """Bytes of ``text``, lone surrogates kept as the invalid bytes a broken encoder writes."""
    return text.encode("utf-8", "surrogatepass")


def _odd_value(rng: random.Random) -> Any:
    """A JSON value where a string is expected."""
    return rng.choice(
        [
            5,
            -1,
            10**30,
            1.5,
            True,
            None,
            [],
            ["x"],
            {},
            {"a": 1},
            "",
            "\ud800",
            rng.choice(BAD_DATES),
            "x" * rng.randint(1, 5000),
        ]
    )


def json_document(rng: random.Random) -> dict[str, Any]:
    """A JSON report whose fields are now and then the wrong type or hostile."""
    doc: dict[str, Any] = {
        "id": f"fz-{rng.getrandbits(40):x}",
        "text": hostile_text(rng),
        "title": "Protest report",
        "published": "2023-01-10",
        "url": "https://example.org/a",
        "source": "Fuzz Wire",
        "lang": rng.choice(["en", "es", None]),
    }
    for key in rng.sample(list(doc), rng.randint(0, 3)):
        doc[key] = _odd_value(rng)
    if rng.random() < 0.1:
        del doc[rng.choice(list(doc))]
    return doc


def nested_json(rng: random.Random) -> str:
    """JSON nested deeper than any parser's recursion limit, or just inside it."""
    depth = rng.choice([50, 900, 2000, 50_000, 200_000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    inner = json.dumps(hostile_text(rng, surrogates=False))
    return '{"text": "Police fired.", "extra": ' + opener * depth + inner + closer * depth + "}"


# -- formats -----------------------------------------------------------------------------------
def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss_feed(rng: random.Random) -> bytes:
    """An RSS 2.0 or Atom feed with corrupted dates, fields and entities."""
    atom = rng.random() < 0.4
    entries = []
    for _ in range(rng.randint(0, 5)):
        text = _xml_escape(hostile_text(rng, surrogates=False))
        date = rng.choice(BAD_DATES) if rng.random() < 0.6 else "Tue, 10 Jan 2023 08:00:00 GMT"
        title = _xml_escape(str(_odd_value(rng))) if rng.random() < 0.3 else "Report"
        if atom:
            entries.append(
                f"<entry><title>{title}</title><id>urn:{rng.random()}</id><updated>{date}</updated>"
                f"<content type='html'>{text}</content></entry>"
            )
        else:
            entries.append(
                f"<item><title>{title}</title><link>http://x/{rng.random()}</link>"
                f"<pubDate>{date}</pubDate><description>{text}</description></item>"
            )
    body = "".join(entries)
    dtd = ""
    if rng.random() < 0.15:
        dtd = (
            '<!DOCTYPE r [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>'
        )
        body = body.replace("Report", "&c;&x;", 1)
    if atom:
        doc = f'<?xml version="1.0"?>{dtd}<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{body}</feed>'
    else:
        doc = f'<?xml version="1.0"?>{dtd}<rss version="2.0"><channel><title>F</title>{body}</channel></rss>'
    data = _utf8(doc)
    if rng.random() < 0.2:
        cut = rng.randint(0, len(data))
        data = data[:cut]
    return data


def html_page(rng: random.Random, slow_date: bool = False) -> bytes:
    """An HTML page: an article with hostile text, broken markup or deep nesting."""
    text = _xml_escape(hostile_text(rng, surrogates=False))
    roll = rng.random()
    if roll < 0.15:
        body = "<div>" * rng.choice([100, 3000, 20000]) + text
    elif roll < 0.3:
        body = "<p>" + text + "<<<>>><p <a href='" + "x" * rng.randint(1, 9000)
    else:
        body = f"<article><h1>Report</h1><p>{text}</p><p>{text[: len(text) // 2]}</p></article>"
    date = SLOW_META_DATE if slow_date else rng.choice([d for d in BAD_DATES if d != SLOW_META_DATE])
    page = (
        f"<!doctype html><html><head><title>{_xml_escape(str(_odd_value(rng)))}</title>"
        f'<meta name="date" content="{date}"></head><body>{body}</body></html>'
    )
    return _utf8(page)


def warc_record(body: bytes, rng: random.Random) -> bytes:
    """One WARC response record around ``body``, its Content-Length now and then lying."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    length = str(len(http))
    if rng.random() < 0.2:
        length = rng.choice(["-5", "abc", "99999999999", "0", str(len(http) + 7), ""])
    headers = (
        f"WARC/1.0\r\nWARC-Type: {rng.choice(['response', 'response', 'request', 'metadata'])}\r\n"
        f"WARC-Target-URI: http://example.org/{rng.random()}\r\nWARC-Date: {rng.choice(BAD_DATES)}\r\n"
        f"WARC-Record-ID: <urn:uuid:{rng.getrandbits(64):x}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {length}\r\n\r\n"
    )
    return headers.encode("latin-1") + http + b"\r\n\r\n"


def warc_archive(rng: random.Random) -> bytes:
    """A WARC file of a few records, some corrupt, sometimes cut or gzipped per record."""
    records = [warc_record(html_page(rng), rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.2:
        records = [gzip.compress(r) for r in records]
    data = b"".join(records)
    if rng.random() < 0.2:
        data = data[: rng.randint(0, len(data))]
    return data


def jsonl_lines(rng: random.Random) -> bytes:
    """JSON lines: documents with odd fields, invalid lines, nesting and binary bytes."""
    lines: list[bytes] = []
    for _ in range(rng.randint(1, 6)):
        roll = rng.random()
        if roll < 0.6:
            lines.append(_utf8(json.dumps(json_document(rng), ensure_ascii=rng.random() < 0.5)))
        elif roll < 0.7:
            lines.append(_utf8(nested_json(rng)))
        elif roll < 0.85:
            lines.append(b'{"text": "Police fired')
        else:
            lines.append(bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 64))))
    return b"\n".join(lines)


# -- gzip ---------------------------------------------------------------------------------------
_ZEROS: dict[int, bytes] = {}


def zeros_member(mb: int) -> bytes:
    """A gzip member of ``mb`` MB of zeros (built once per process: 1 GB compresses to about 1 MB)."""
    if mb not in _ZEROS:
        comp = zlib.compressobj(9, zlib.DEFLATED, 31)
        chunk = bytes(1 << 20)
        _ZEROS[mb] = b"".join(comp.compress(chunk) for _ in range(mb)) + comp.flush()
    return _ZEROS[mb]


def gzip_bomb(rng: random.Random, large: bool) -> tuple[bytes, str]:
    """Zeros that expand 1000 times: 20-200 MB (small), or 4-10 GB in 256 MB members (large)."""
    name = rng.choice(["bomb.txt.gz", "bomb.jsonl.gz", "bomb.warc.gz", "bomb.xml.gz"])
    if large:
        return zeros_member(256) * rng.randint(16, 40), name
    return zeros_member(rng.choice([20, 60, 200])), name


def corrupt_gzip(rng: random.Random) -> bytes:
    """A gzip file cut short, with flipped bytes, a wrong checksum, or a huge claimed size."""
    data = bytearray(gzip.compress(_utf8(hostile_text(rng))))
    roll = rng.random()
    if roll < 0.3:
        return bytes(data[: rng.randint(0, len(data) - 1)])
    if roll < 0.6:
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        return bytes(data)
    if roll < 0.8:
        data[-8:-4] = struct.pack("<I", rng.getrandbits(32))
        return bytes(data)
    data[-4:] = struct.pack("<I", 0xFFFFFFFF)  # claims 4 GB
    return bytes(data)


# -- cases --------------------------------------------------------------------------------------
@dataclass
class Case:
    """One input: the entry point it goes through and what it carries."""

    kind: str
    entry: str  # "bytes" (read_bytes), "extract" (extract_document), "stdin", "batch"
    data: Any
    name: str = ""

    def describe(self, limit: int = 160) -> str:
        """A short, printable description of the input (for the reproducer list)."""
        if self.entry == "batch":
            return f"batch of {len(self.data)} files: " + ", ".join(n for n, _ in self.data)[:limit]
        size = len(self.data)
        return (
            f"{self.name or self.entry} ({size:,} {'chars' if isinstance(self.data, str) else 'bytes'}): "
            + ascii(self.data[:limit])
        )


def _source(
    kind: str, make: Callable[[random.Random], bytes], suffix: str
) -> Callable[[random.Random], Case]:
    def build(rng: random.Random) -> Case:
        data, name = make(rng), f"input{suffix}"
        if rng.random() < 0.15:
            data, name = gzip.compress(data, compresslevel=1), name + ".gz"
        return Case(kind, "bytes", data, name)

    return build


def _json_file(rng: random.Random) -> bytes:
    docs = [json_document(rng) for _ in range(rng.randint(1, 3))]
    obj: Any = docs if len(docs) > 1 or rng.random() < 0.3 else docs[0]
    if rng.random() < 0.1:
        obj = rng.choice([5, "text", None, [1, 2], True])
    return _utf8(json.dumps(obj))


def _random_bytes(rng: random.Random) -> bytes:
    head = rng.choice(
        [b"", b"WARC/1.0\r\n", b"<?xml", b"<rss", b"{", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b"]
    )
    return head + bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 2048)))


def _text_bytes(rng: random.Random) -> bytes:
    data = _utf8(hostile_text(rng))
    roll = rng.random()
    if roll < 0.1:
        data = data.replace(b" ", b"\x00", rng.randint(1, 5))
    elif roll < 0.2:
        data = b"\xff" + data
    elif roll < 0.3:
        data = hostile_text(rng, surrogates=False).encode("utf-16")
    return data


def _stdin_lines(rng: random.Random) -> Case:
    """Good report lines mixed with bad ones (NUL, 0xff, invalid JSON, surrogates, nesting)."""
    from synth import make_report

    lines: list[tuple[bool, bytes]] = []
    for i in range(rng.randint(2, 6)):
        good = rng.random() < 0.6
        if good:
            lines.append((True, json.dumps(make_report(rng.randint(0, 10**6), 11 + i)).encode()))
        else:
            lines.append((False, rng.choice([jsonl_lines(rng).split(b"\n")[0], b"\x00\x00", b"\xff\xfe{"])))
    return Case("stdin-lines", "stdin", lines, "<stdin>")


def _batch(rng: random.Random) -> Case:
    """Good JSON reports and bad files of every kind, for ``ingest`` + ``process``."""
    from synth import make_report

    files: list[tuple[str, bytes]] = []
    for i in range(rng.randint(3, 8)):
        report = make_report(rng.randint(0, 10**6), 23)
        report["id"] = f"good-{i}-{rng.getrandbits(32):x}"
        files.append((f"good-{i}.json", json.dumps(report).encode()))
    makers = [c for k, (_, c) in KINDS.items() if k not in HEAVY and k not in ("stdin-lines", "mixed-batch")]
    for i in range(rng.randint(1, 5)):
        bad = rng.choice(makers)(rng)
        if bad.entry == "bytes":
            files.append((f"bad-{i}-{bad.name}", bad.data))
    rng.shuffle(files)
    return Case("mixed-batch", "batch", files)


def _text_case(kind: str, make: Callable[[random.Random], str]) -> Callable[[random.Random], Case]:
    return lambda rng: Case(kind, "extract", make(rng), rng.choice(["en", "es", "auto"]))


def _long_sentence(rng: random.Random) -> str:
    words = (
        "police",
        "fired",
        "at",
        "protesters",
        "in",
        "Lima",
        "and",
        "killed",
        "3",
        "people",
        "near",
        "Puno",
    )
    out = io.StringIO()
    while out.tell() < 4_900_000:
        out.write(rng.choice(words) + rng.choice([" ", " ", ", "]))
    return out.getvalue() + "."


def _runs_text(rng: random.Random) -> str:
    sentence = rng.choice(EVENT_SENTENCES).format(n=rng.randint(1, 90))
    cut = rng.choice(
        [sentence.index(" ", 10), rng.randint(1, len(sentence) - 1)]
    )  # between words, or inside one
    run = rng.choice(RUN_CHARS) * rng.choice([100, 1000, 5000, 10_000])
    return sentence[:cut] + run + sentence[cut:]


# kind -> (weight, builder); weights are relative. HEAVY kinds are rare and expensive.
KINDS: dict[str, tuple[float, Callable[[random.Random], Case]]] = {
    "text": (12, _source("text", _text_bytes, ".txt")),
    "html": (8, _source("html", html_page, ".html")),
    "rss/atom": (10, _source("rss/atom", rss_feed, ".xml")),
    "json": (10, _source("json", _json_file, ".json")),
    "jsonl": (10, _source("jsonl", jsonl_lines, ".jsonl")),
    "warc": (6, _source("warc", warc_archive, ".warc")),
    "random-bytes": (4, _source("random-bytes", _random_bytes, "")),
    "nested-json": (2, _source("nested-json", lambda r: nested_json(r).encode(), ".jsonl")),
    "corrupt-gzip": (
        4,
        lambda r: Case(
            "corrupt-gzip", "bytes", corrupt_gzip(r), r.choice(["a.txt.gz", "a.jsonl.gz", "a.xml.gz"])
        ),
    ),
    "extract-text": (26, _text_case("extract-text", hostile_text)),
    "extract-runs": (0.05, _text_case("extract-runs", _runs_text)),
    "html-slow-meta-date": (
        0.05,
        _source("html-slow-meta-date", lambda r: html_page(r, slow_date=True), ".html"),
    ),
    "stdin-lines": (2, _stdin_lines),
    "mixed-batch": (0.4, _batch),
    "gzip-bomb-small": (0.05, lambda r: Case("gzip-bomb-small", "bytes", *gzip_bomb(r, large=False))),
    "gzip-bomb-large": (0.01, lambda r: Case("gzip-bomb-large", "bytes", *gzip_bomb(r, large=True))),
    "long-sentence-4.9MB": (0.005, _text_case("long-sentence-4.9MB", _long_sentence)),
}
HEAVY = {"gzip-bomb-small", "gzip-bomb-large", "long-sentence-4.9MB", "extract-runs", "html-slow-meta-date"}


def make_case(seed: int, index: int) -> Case:
    """Input number ``index`` of the run with ``seed`` (independent of every other input)."""
    rng = random.Random(f"{seed}:{index}")
    kinds = list(KINDS)
    kind = rng.choices(kinds, weights=[KINDS[k][0] for k in kinds])[0]
    return KINDS[kind][1](rng)


# -- running one case ---------------------------------------------------------------------------
def _one_line(reason: object) -> bool:
    return isinstance(reason, str) and bool(reason.strip()) and "\n" not in reason and "\r" not in reason


def run_bytes(case: Case) -> dict[str, Any]:
    from cronica.model import Document
    from cronica.sources import Failure, read_bytes

    docs = failures = bad = 0
    for out in read_bytes(case.data, case.name, case.name):
        if isinstance(out, Document):
            docs += 1
            out.text.encode("utf-8")  # what the store will do with it
        elif isinstance(out, Failure):
            failures += 1
            bad += not _one_line(out.reason)
    return {"documents": docs, "failures": failures, "bad_reasons": bad}


def run_extract(case: Case) -> dict[str, Any]:
    from cronica.errors import CronicaError
    from cronica.extract.document import extract_document
    from cronica.model import Document

    lang = None if case.name == "auto" else case.name
    try:
        result = extract_document(Document("fuzz", case.data), lang=lang)
    except CronicaError as exc:
        # a limit hit (document or sentence too long, time out): `cronica` prints it as one line
        return {"documents": 0, "failures": 1, "bad_reasons": int(not _one_line(str(exc)))}
    for record in [*result.events, *result.tallies]:
        json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8")
    return {"documents": 1, "failures": 0, "bad_reasons": 0}


def run_stdin(case: Case) -> dict[str, Any]:
    """``cronica extract`` with the lines on standard input: no traceback, no good line lost."""
    from click.testing import CliRunner

    from cronica.cli import cli
    from cronica.errors import CronicaError

    data = b"\n".join(line for _, line in case.data) + b"\n"
    result = CliRunner().invoke(cli, ["extract"], input=data, catch_exceptions=True)
    exc = result.exception
    refused = isinstance(exc, CronicaError)  # `cronica` prints it as one line: the whole stream refused
    if exc is not None and not refused and not isinstance(exc, SystemExit):
        raise exc.with_traceback(result.exc_info[2] if result.exc_info else None)
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    good = {n for n, (ok, _) in enumerate(case.data, 1) if ok}
    if refused or any(line.startswith("<stdin>: ") for line in errors):
        lost = len(good)
    else:
        lost = sum(1 for line in errors if any(line.startswith(f"<stdin>:{n}:") for n in good))
    return {"documents": len(good), "failures": len(errors), "bad_reasons": 0, "good_lost": lost}


def run_batch(case: Case) -> dict[str, Any]:
    """``ingest`` + ``process`` of a folder of good and bad files into a fresh SQLite database."""
    from cronica.config import Settings
    from cronica.run.runner import ingest, process
    from cronica.store import open_store

    with tempfile.TemporaryDirectory(prefix="cronica-fuzz-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, data in case.data:
            (folder / name).write_bytes(data)
        settings = Settings(db=f"sqlite:///{tmp}/fuzz.db")
        store = open_store(settings.db)
        _, ic = ingest(store, [str(folder)], settings, quiet=True)
        _, pc = process(store, settings, quiet=True)
        good = [json.loads(d)["id"] for n, d in case.data if n.startswith("good-")]
        stored = store.documents(good)
        failed = {origin for origin, _ in store.failed_documents()}
        lost = sum(1 for g in good if g not in stored or stored[g].origin in failed)
        bad = sum(not _one_line(r) for _, r in [*ic.failures, *pc.failures])
        return {
            "documents": len(stored),
            "failures": ic.failed + pc.failed,
            "bad_reasons": bad,
            "good_lost": lost,
        }


RUNNERS: dict[str, Callable[[Case], dict[str, Any]]] = {
    "bytes": run_bytes,
    "extract": run_extract,
    "stdin": run_stdin,
    "batch": run_batch,
}


def crash_class(exc: BaseException) -> tuple[str, str]:
    """(exception type and innermost frame, last line of the traceback) of an escaped exception."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/cronica/" in f.filename and "/bench/" not in f.filename]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    place = ""
    if where is not None:
        path = where.filename
        for marker in ("/cronica/", "/site-packages/"):
            if marker in path:
                path = marker.strip("/") + "/" + path.split(marker, 1)[1]
                break
        place = f" at {path}:{where.lineno}"
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return f"{type(exc).__name__}{place}", last[:300]


def run_case(case: Case) -> dict[str, Any]:
    """Run one case through its entry point; an escaped exception becomes a crash record."""
    start = time.perf_counter()
    try:
        out = RUNNERS[case.entry](case)
        out["outcome"] = "ok"
    except Exception as exc:  # RecursionError and MemoryError included: each is a crash
        out = {"outcome": "crash", "class": crash_class(exc)}
    out["seconds"] = time.perf_counter() - start
    out["kind"] = case.kind
    return out


# -- workers ------------------------------------------------------------------------------------
def _worker(conn: Connection, seed: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # warcio and feedparser warn on stderr for every broken record
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    while True:
        index = conn.recv()
        if index is None:
            return
        case = make_case(seed, index)
        out = run_case(case)
        out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        conn.send(out)


def _proc_kb(pid: int, field_name: str) -> int:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    return 0


@dataclass
class Slot:
    """One worker process and the input it is running."""

    proc: Any
    conn: Connection
    index: int | None = None
    started: float = 0.0

    @classmethod
    def start(cls, ctx: Any, seed: int) -> Slot:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child, seed), daemon=True)
        proc.start()
        child.close()
        return cls(proc, parent)

    def kill(self) -> float:
        """Kill the worker; its peak resident memory in MB."""
        peak = _proc_kb(self.proc.pid, "VmHWM") / 1024
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.join()
        self.conn.close()
        return peak


@dataclass
class Tally:
    """What the run found, by kind."""

    by_kind: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    classes: dict[str, dict[str, Any]] = field(default_factory=dict)
    hangs: dict[str, dict[str, Any]] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    slowest: list[tuple[float, int, str]] = field(default_factory=list)

    def add(self, seed: int, index: int, out: dict[str, Any]) -> None:
        kind = out["kind"]
        c = self.by_kind[kind]
        c["inputs"] += 1
        c[out["outcome"]] += 1
        for key in ("documents", "failures", "bad_reasons", "good_lost"):
            c[key] += int(out.get(key, 0))
        c["busy_ms"] += int(1000 * out.get("seconds", 0.0))
        if kind == "mixed-batch" and out["outcome"] == "ok":
            c["batches_all_good_stored"] += int(out.get("good_lost", 0) == 0)
        self.peak_rss_mb = max(self.peak_rss_mb, float(out.get("rss_mb", 0.0)))
        self.slowest = sorted([*self.slowest, (out.get("seconds", 0.0), index, kind)], reverse=True)[:10]
        if out["outcome"] == "crash":
            self._remember(self.classes, out["class"][0], seed, index, kind, out["class"][1])
        elif out["outcome"] in ("hang", "memory", "died"):
            self._remember(self.hangs, f"{out['outcome']}: {kind}", seed, index, kind, out.get("detail", ""))

    @staticmethod
    def _remember(
        table: dict[str, dict[str, Any]], key: str, seed: int, index: int, kind: str, last: str
    ) -> None:
        if key not in table:
            table[key] = {
                "count": 0,
                "kind": kind,
                "last_line": last,
                "first_index": index,
                "replay": f"python bench/bench_fuzz.py --seed {seed} --replay {index}",
                "input": make_case(seed, index).describe(),
            }
        table[key]["count"] += 1


def _dispatch(slot: Slot, index: int) -> None:
    slot.index, slot.started = index, time.monotonic()
    slot.conn.send(index)


def _check_slot(slot: Slot, timeout: float, memory_mb: float) -> dict[str, Any] | None:
    """A hang or memory blow-up of the slot's current input (the worker killed), else None."""
    if slot.index is None:
        return None
    rss = _proc_kb(slot.proc.pid, "VmRSS") / 1024
    if rss > memory_mb:
        peak = slot.kill()
        return {
            "outcome": "memory",
            "rss_mb": max(peak, rss),
            "detail": f"resident memory passed {memory_mb:.0f} MB",
        }
    if time.monotonic() - slot.started > timeout:
        peak = slot.kill()
        return {
            "outcome": "hang",
            "rss_mb": peak,
            "seconds": timeout,
            "detail": f"still running after {timeout:.0f} s",
        }
    return None


def run_pool(n: int, seed: int, workers: int, timeout: float, memory_mb: float, progress: bool) -> Tally:
    """Run inputs 0..n-1 on ``workers`` processes with hang and memory watchdogs."""
    ctx = mp.get_context("fork")
    tally = Tally()
    slots = [Slot.start(ctx, seed) for _ in range(workers)]
    todo: Iterator[int] = iter(range(n))
    done = 0
    t0 = time.monotonic()
    for slot in slots:
        nxt = next(todo, None)
        if nxt is not None:
            _dispatch(slot, nxt)
    while any(s.index is not None for s in slots):
        ready = wait([s.conn for s in slots if s.index is not None], timeout=0.1)
        for i, slot in enumerate(slots):
            if slot.index is None:
                continue
            out: dict[str, Any] | None = None
            if slot.conn in ready:
                try:
                    out = slot.conn.recv()
                except (EOFError, OSError):
                    out = {"outcome": "died", "detail": f"worker died (exit code {slot.proc.exitcode})"}
                    slot.kill()
            else:
                out = _check_slot(slot, timeout, memory_mb)
            if out is None:
                continue
            out.setdefault("kind", make_case(seed, slot.index).kind)
            tally.add(seed, slot.index, out)
            done += 1
            if out["outcome"] in ("hang", "memory", "died"):
                slot = slots[i] = Slot.start(ctx, seed)
            slot.index = None
            nxt = next(todo, None)
            if nxt is not None:
                _dispatch(slot, nxt)
            if progress and done % 1000 == 0:
                print(f"  {done:,}/{n:,} inputs, {time.monotonic() - t0:.0f} s", file=sys.stderr, flush=True)
    for slot in slots:
        slot.conn.send(None)
        slot.proc.join(timeout=10)
    return tally


# -- summary ------------------------------------------------------------------------------------
def summary(tally: Tally, n: int, seed: int, seconds: float, args: argparse.Namespace) -> dict[str, Any]:
    totals: Counter[str] = Counter()
    for c in tally.by_kind.values():
        totals.update(c)
    batches = tally.by_kind.get("mixed-batch", Counter())
    return {
        "machine": f"{platform.machine()} {platform.python_version()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "seed": seed,
        "inputs": n,
        "workers": args.workers,
        "timeout_s": args.timeout,
        "memory_cap_mb": args.memory_mb,
        "wall_s": round(seconds, 1),
        "tracebacks": totals["crash"],
        "hangs": totals["hang"],
        "memory_blowups": totals["memory"],
        "workers_died": totals["died"],
        "peak_rss_mb": round(tally.peak_rss_mb, 1),
        "failures": totals["failures"],
        "failures_not_one_line": totals["bad_reasons"],
        "mixed_batches": batches["inputs"],
        "mixed_batches_all_good_stored": batches["batches_all_good_stored"],
        "good_documents_lost": totals["good_lost"],
        "by_kind": {k: dict(sorted(v.items())) for k, v in sorted(tally.by_kind.items())},
        "crash_classes": dict(sorted(tally.classes.items(), key=lambda kv: -kv[1]["count"])),
        "hang_classes": dict(sorted(tally.hangs.items(), key=lambda kv: -kv[1]["count"])),
        "slowest": [{"seconds": round(s, 2), "index": i, "kind": k} for s, i, k in tally.slowest],
    }


def print_table(result: dict[str, Any]) -> None:
    cols = ("inputs", "ok", "crash", "hang", "memory", "died", "failures", "bad_reasons", "good_lost")
    print(f"{'kind':<22}" + "".join(f"{c:>12}" for c in cols))
    for kind, c in result["by_kind"].items():
        print(f"{kind:<22}" + "".join(f"{c.get(col, 0):>12,}" for col in cols))
    print(
        f"\n{result['inputs']:,} inputs in {result['wall_s']} s: {result['tracebacks']} tracebacks, "
        f"{result['hangs']} hangs over {result['timeout_s']:.0f} s, "
        f"{result['memory_blowups']} memory blow-ups, "
        f"peak worker memory {result['peak_rss_mb']:.0f} MB, {result['failures_not_one_line']} failures "
        f"not one line, mixed batches with every good document stored: "
        f"{result['mixed_batches_all_good_stored']}/{result['mixed_batches']}"
    )
    for title, key in (("crash classes", "crash_classes"), ("hangs and blow-ups", "hang_classes")):
        if result[key]:
            print(f"\n{title}:")
            for name, info in result[key].items():
                print(f"  {info['count']:>6}  {name}\n          {info['replay']}  ({info['input'][:90]})")


def replay(seed: int, index: int) -> None:
    """Run one input in this process and print its traceback, if any."""
    case = make_case(seed, index)
    print(f"input {index} (seed {seed}), kind {case.kind}: {case.describe()}")
    out = RUNNERS[case.entry](case)
    print(json.dumps(out))


def main(argv: list[str] | None = None) -> dict[str, Any] | None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="How many inputs (default 100,000).")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30.0, help="Seconds before an input counts as a hang.")
    ap.add_argument("--memory-mb", type=float, default=2048.0, help="A worker past this is killed.")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--replay", type=int, metavar="INDEX", help="Run one input here, with its traceback.")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.replay is not None:
        replay(args.seed, args.replay)
        return None
    from cronica.extract.document import warm_up

    warm_up()  # once, before the workers fork: each starts warm
    t0 = time.monotonic()
    tally = run_pool(args.n, args.seed, args.workers, args.timeout, args.memory_mb, not args.quiet)
    result = summary(tally, args.n, args.seed, time.monotonic() - t0, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.quiet:
        print_table(result)
        print(f"\nwrote {args.out}")
    return result


if __name__ == "__main__":
    main()
