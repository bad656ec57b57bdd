"""Hypothesis strategies for hostile inputs: valid-looking reports, feeds, archives, JSON with broken parts.

Random bytes alone rarely get past a parser's first check, so most strategies here build a
well-formed container (an RSS item, a WARC record, a JSON object) and corrupt one field of it.
"""

from __future__ import annotations

import gzip
import json
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

T = TypeVar("T")

# The settings of every fuzz test: the same examples on every run (derandomize, no example
# database), each judged by ``time_budget`` rather than by a deadline, and no shrinking: the
# examples are large and slow to shrink, and a failing run must still finish within CI's budget.
# The failing example is printed as drawn; bench/bench_fuzz.py --replay runs one input alone.
FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    report_multiple_bugs=False,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)

EVENT_SENTENCES = (
    "Police fired tear gas at protesters in Juliaca on Monday, killing {n} people.",
    "La policía detuvo a {n} manifestantes en Cusco el 9 de enero.",
    "At least {n} demonstrators were injured when riot police charged a march in Lima.",
    "Soldiers shot dead {n} villagers near Kisumu, the ombudsman said on Tuesday.",
)
RUN_CHARS = (" ", "\t", "0", "7", "\u200b", "\u200d", "\ufeff", "\u00a0", "-", ".", "\n")
HUGE_NUMBERS = ("99999999999999999999999999", "9" * 300, "1e308", "1,000,000,000,000,000", "-0", "NaN")
BAD_DATES = (
    "0000-00-00",
    "9999-99-99",
    "2023-02-30",
    "-0001-01-01",
    "10000-01-01",
    "Mon, 32 Foo 2023 25:61:61 +9999",
    "",
    "2023-13-01T00:00:00Z",
)
# In a page's <meta name="date">, this one date costs trafilatura 6 s (dateparser tries every locale):
# a slowness reported apart, kept out of the HTML pages so that each example stays fast.
SLOW_META_DATE = "Mon, 32 Foo 2023 25:61:61 +9999"
ODD_CHARS = ("\x00", "\x01", "\x1b", "\x7f", "\u202e", "\ud800", "\udfff", "\U0001f525", "\u0301", "\uffff")
SCRIPTS = ("مظاهرة في", "抗议者", "протест", "διαδήλωση", "विरोध", "🔥🔥")


class TooSlow(Exception):
    """An example ran past its time budget (raised by :func:`time_budget`)."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise TooSlow in the block after ``seconds`` (SIGALRM, which also interrupts a running regex).

    Hypothesis' ``deadline`` only judges an example after it ends; a catastrophic regex would
    never end, so the budget is enforced from outside the call.
    """

    def _raise(_signum: int, _frame: Any) -> None:
        raise TooSlow(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def runs(max_len: int) -> st.SearchStrategy[str]:
    """A run of one character (spaces, digits, zero-width characters...) up to ``max_len`` long."""
    return st.builds(lambda c, n: c * n, st.sampled_from(RUN_CHARS), st.integers(1, max_len))


def _sentence(n: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda t, v: t.format(n=v), st.sampled_from(EVENT_SENTENCES), n)


def hostile_text(max_run: int = 200, surrogates: bool = True) -> st.SearchStrategy[str]:
    """Report-like text: event sentences with huge numbers, runs, odd characters and mixed scripts."""
    odd = ODD_CHARS if surrogates else tuple(c for c in ODD_CHARS if not 0xD800 <= ord(c[0]) <= 0xDFFF)
    alphabet = st.characters(blacklist_categories=() if surrogates else ("Cs",))
    piece = st.one_of(
        _sentence(st.sampled_from(HUGE_NUMBERS)),
        _sentence(st.integers(0, 10**12).map(str)),
        st.builds(
            lambda s, r, i: s[:i] + r + s[i:], _sentence(st.just("3")), runs(max_run), st.integers(0, 80)
        ),
        st.builds(lambda d: f"On {d} police arrested 12 people.", st.sampled_from(BAD_DATES)),
        st.lists(st.sampled_from(odd), max_size=12).map("".join),
        st.sampled_from(SCRIPTS),
        st.text(alphabet, max_size=60),
    )
    return st.lists(piece, min_size=1, max_size=5).map(" ".join)


def utf8(text: str) -> bytes:
    """``text`` as UTF-8; lone surrogates become the (invalid) bytes a careless encoder writes."""
    return text.encode("utf-8", "surrogatepass")


def odd_values() -> st.SearchStrategy[Any]:
    """A JSON value where cronica expects a string."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        st.sampled_from(BAD_DATES),
        st.text(max_size=30),
    )


FIELDS = ("id", "text", "title", "published", "url", "source", "lang")


@st.composite
def json_documents(draw: Callable[[st.SearchStrategy[T]], T]) -> dict[str, Any]:
    """A JSON report whose fields may be missing, of the wrong type, or hostile."""
    doc: dict[str, Any] = {
        "id": draw(st.text(min_size=1, max_size=12)),
        "text": draw(hostile_text()),
        "title": "Clashes in the capital",
        "published": "2023-01-10",
        "url": "https://example.org/report",
        "source": "Fuzz Wire",
        "lang": draw(st.sampled_from(["en", "es", None])),
    }
    for key in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        doc[key] = draw(odd_values())
    for key in draw(st.lists(st.sampled_from(FIELDS), max_size=1)):
        doc.pop(key, None)
    return doc


def nested_json() -> st.SearchStrategy[str]:
    """A report with a field nested deeper than the JSON parser's recursion limit (or just inside it)."""
    return st.builds(
        lambda depth, brackets: (
            '{"text": "Police fired.", "x": ' + brackets[0] * depth + "1" + brackets[1] * depth + "}"
        ),
        st.sampled_from([10, 900, 5_000, 100_000]),
        st.sampled_from([("[", "]"), ('{"a":', "}")]),
    )


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def feeds(draw: Callable[[st.SearchStrategy[T]], T]) -> bytes:
    """An RSS 2.0 or Atom feed whose entries carry bad dates, odd titles or hostile text, maybe cut short."""
    atom = draw(st.booleans())
    entries = []
    for _ in range(draw(st.integers(0, 3))):
        text = _xml(draw(hostile_text(surrogates=False)))
        date = draw(st.sampled_from((*BAD_DATES, "Tue, 10 Jan 2023 08:00:00 GMT")))
        title = _xml(str(draw(odd_values())))
        if atom:
            entries.append(
                f"<entry><title>{title}</title><id>urn:x:{len(entries)}</id><updated>{date}</updated>"
                f"<published>{date}</published><content type='html'>{text}</content></entry>"
            )
        else:
            entries.append(
                f"<item><title>{title}</title><link>http://example.org/{len(entries)}</link>"
                f"<pubDate>{date}</pubDate><description>{text}</description></item>"
            )
    body = "".join(entries)
    if atom:
        doc = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{body}</feed>'
    else:
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{body}</channel></rss>'
    data = utf8(doc)
    cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
    return data if cut is None else data[:cut]


@st.composite
def html_pages(draw: Callable[[st.SearchStrategy[T]], T]) -> bytes:
    """An HTML article with hostile text, an odd title and a bad date, or broken markup."""
    text = _xml(draw(hostile_text(surrogates=False)))
    wrap = draw(
        st.sampled_from(
            [
                "<article><h1>Report</h1><p>{t}</p></article>",
                "<div>" * 300 + "{t}",
                "<p>{t}<<<>>><p <a href='",
                "{t}",
            ]
        )
    )
    title = _xml(str(draw(odd_values())))
    date = draw(st.sampled_from([d for d in BAD_DATES if d != SLOW_META_DATE]))
    return utf8(
        f"<!doctype html><html><head><title>{title}</title><meta name='date' content='{date}'></head>"
        f"<body>{wrap.format(t=text)}</body></html>"
    )


@st.composite
def warc_files(draw: Callable[[st.SearchStrategy[T]], T]) -> bytes:
    """A WARC file of HTML response records, with lying Content-Length headers, cut short or gzipped."""
    records = []
    for n in range(draw(st.integers(1, 3))):
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + draw(html_pages())
        length = draw(st.sampled_from([str(len(http)), "-5", "abc", "99999999999", "0", ""]))
        head = (
            f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/{n}\r\n"
            f"WARC-Date: {draw(st.sampled_from(BAD_DATES))}\r\nWARC-Record-ID: <urn:uuid:{n}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
        )
        record = head.encode("latin-1") + http + b"\r\n\r\n"
        records.append(gzip.compress(record) if draw(st.booleans()) else record)
    data = b"".join(records)
    cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
    return data if cut is None else data[:cut]


@st.composite
def jsonl_files(draw: Callable[[st.SearchStrategy[T]], T]) -> bytes:
    """JSON lines: reports with odd fields, invalid lines, nested lines and raw bytes."""
    line = st.one_of(
        json_documents().map(lambda d: utf8(json.dumps(d))),
        nested_json().map(str.encode),
        st.just(b'{"text": "Police fired'),
        st.binary(max_size=40),
    )
    return b"\n".join(draw(st.lists(line, min_size=1, max_size=4)))


@st.composite
def corrupt_gzip(draw: Callable[[st.SearchStrategy[T]], T]) -> bytes:
    """A gzip file cut short, with flipped bits, or with a wrong checksum."""
    data = bytearray(gzip.compress(utf8(draw(hostile_text()))))
    how = draw(st.sampled_from(["cut", "flip", "crc"]))
    if how == "cut":
        return bytes(data[: draw(st.integers(0, len(data) - 1))])
    if how == "flip":
        at = draw(st.integers(10, len(data) - 1))
        data[at] ^= 1 << draw(st.integers(0, 7))
        return bytes(data)
    data[-8] ^= 0xFF
    return bytes(data)
