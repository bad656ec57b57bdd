"""Every source kind, good and bad: bad inputs yield one-line reasons, good ones documents."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest

from cronica.model import Document
from cronica.sources import Failure, read_bytes, read_sources

REPORT_EN = (
    "Demonstrators blocked the Pan-American highway near Arequipa on Monday, demanding early elections. "
    "Police said the blockade was lifted by the evening."
)
REPORT_ES = "Manifestantes bloquearon la carretera en Juliaca el lunes. La policía detuvo a tres dirigentes."


def _docs(items: list[Document | Failure]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def _fails(items: list[Document | Failure]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def test_plain_text_utf8(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(REPORT_ES, encoding="utf-8")
    [doc] = list(read_sources([str(p)]))
    assert isinstance(doc, Document)
    assert "policía" in doc.text and doc.origin == str(p)


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes(REPORT_ES.encode("latin-1"))
    [doc] = list(read_sources([str(p)]))
    assert isinstance(doc, Document)
    assert "policía" in doc.text


def test_empty_file_fails_with_reason(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    [f] = list(read_sources([str(p)]))
    assert isinstance(f, Failure) and f.reason == "empty document (no text)"


def test_binary_file_fails_with_reason(tmp_path: Path) -> None:
    p = tmp_path / "photo.txt"
    p.write_bytes(bytes(range(256)) * 40)
    [f] = list(read_sources([str(p)]))
    assert isinstance(f, Failure) and f.reason == "binary file, not text"


def test_huge_text_file_fails_with_reason(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    p.write_bytes(b"word " * 10_000_000)  # 50 MB
    [f] = list(read_sources([str(p)]))
    assert isinstance(f, Failure)
    assert f.reason.startswith("file too large (50.0 MB")


def test_broken_html_still_yields_text_or_reason(tmp_path: Path) -> None:
    good = tmp_path / "broken.html"
    good.write_text(
        "<html><head><title>Bloqueo en Puno</title><body><article><p>"
        + REPORT_ES
        + "<p>"
        + REPORT_ES
        + "<div><span>unclosed",
        encoding="utf-8",
    )
    bad = tmp_path / "nothing.html"
    bad.write_text("<html><body><div></div></body", encoding="utf-8")
    items = list(read_sources([str(good), str(bad)]))
    [doc] = _docs(items)
    assert "Juliaca" in doc.text
    [f] = _fails(items)
    assert f.reason == "no article text found in HTML"


def test_jsonl_with_one_bad_line(tmp_path: Path) -> None:
    p = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": REPORT_EN, "published": "2023-01-09", "lang": "en"}),
        "{not json",
        json.dumps({"id": "b", "text": REPORT_ES, "published": "2023-01-10", "source": "Diario"}),
        json.dumps({"id": "c"}),
    ]
    p.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_sources([str(p)]))
    assert [d.doc_id for d in _docs(items)] == ["a", "b"]
    assert _docs(items)[0].published == dt.date(2023, 1, 9)
    fails = _fails(items)
    assert [f.origin for f in fails] == [f"{p}:2", f"{p}:4"]
    assert fails[0].reason.startswith("invalid JSON")
    assert fails[1].reason == 'missing "text" (a string)'


def test_json_file_with_bad_date(tmp_path: Path) -> None:
    p = tmp_path / "one.json"
    p.write_text(json.dumps({"text": REPORT_EN, "published": "yesterday-ish"}), encoding="utf-8")
    [f] = list(read_sources([str(p)]))
    assert isinstance(f, Failure) and "unreadable publication date" in f.reason


FEED = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Andean Wire</title>
<item><title>Roadblock in Puno</title><link>https://example.org/a</link>
<pubDate>Mon, 09 Jan 2023 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{REPORT_EN}&lt;/p&gt;</description></item>
</channel></rss>"""


def test_rss_feed(tmp_path: Path) -> None:
    p = tmp_path / "feed.xml"
    p.write_text(FEED, encoding="utf-8")
    [doc] = list(read_sources([str(p)]))
    assert isinstance(doc, Document)
    assert (
        doc.published == dt.date(2023, 1, 9)
        and doc.source == "Andean Wire"
        and doc.url == "https://example.org/a"
    )
    assert doc.text.startswith("Demonstrators blocked")


def test_feed_that_is_not_xml(tmp_path: Path) -> None:
    p = tmp_path / "feed.rss"
    p.write_text("this is not a feed at all", encoding="utf-8")
    [f] = list(read_sources([str(p)]))
    assert isinstance(f, Failure) and f.reason.startswith("not a valid RSS/Atom feed")


def _warc(pages: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for url, text in pages:
        html = f"<html><head><title>{url}</title></head><body><article><p>{text}</p><p>{text}</p></article>"
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
        )
        writer.write_record(rec)
    return buf.getvalue()


def test_warc_and_truncated_warc(tmp_path: Path) -> None:
    data = _warc([("https://example.org/1", REPORT_EN), ("https://example.org/2", REPORT_ES)])
    good = tmp_path / "crawl.warc"
    good.write_bytes(data)
    docs = _docs(list(read_sources([str(good)])))
    assert [d.url for d in docs] == ["https://example.org/1", "https://example.org/2"]
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) * 3 // 4])
    items = list(read_sources([str(cut)]))
    assert len(_docs(items)) == 1
    [f] = _fails(items)
    assert "truncated or corrupt WARC" in f.reason


def test_gzipped_jsonl_and_directory_and_glob(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": REPORT_EN}).encode()))
    (tmp_path / "sub" / "y.txt").write_text(REPORT_ES, encoding="utf-8")
    assert len(_docs(list(read_sources([str(tmp_path)])))) == 2
    assert len(_docs(list(read_sources([str(tmp_path / "sub" / "*.txt")])))) == 1


def test_missing_path_is_a_failure() -> None:
    [f] = list(read_sources(["/no/such/place/*.txt"]))
    assert isinstance(f, Failure) and f.reason == "no such file, folder or glob match"


def test_published_override(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(REPORT_EN, encoding="utf-8")
    [doc] = list(read_sources([str(p)], published=dt.date(2023, 2, 1)))
    assert isinstance(doc, Document) and doc.published == dt.date(2023, 2, 1)


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_unsupported_language_is_refused(lang: str) -> None:
    [f] = list(read_bytes(json.dumps({"text": REPORT_EN, "lang": lang}).encode(), "x.json", "x.json"))
    assert isinstance(f, Failure) and "unsupported language" in f.reason
