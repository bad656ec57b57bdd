"""Safe fetching of URL inputs, against a small HTTP server this test starts on 127.0.0.1."""

from __future__ import annotations

import http.server
import ipaddress
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cronica.model import Document
from cronica.sources import Failure, read_sources
from cronica.sources.fetch import FetchError, FetchLimits, checked_address, fetch_url, refusal

REPORT = "Vendors closed the market in Tacna on Friday to protest a new municipal tax."
seen_hosts: list[str] = []


class Handler(http.server.BaseHTTPRequestHandler):
    """Each path plays one kind of server: a good one, redirecting ones, slow and endless ones."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        seen_hosts.append(self.headers.get("Host", ""))
        port = self.server.server_address[1]
        routes = {
            "/report.txt": self._report,
            "/to-loopback": lambda: self._redirect(f"http://127.0.0.1:{port}/report.txt"),
            "/to-ftp": lambda: self._redirect("ftp://127.0.0.1/report.txt"),
            "/loop": lambda: self._redirect("/loop"),
            "/drip": self._drip_body,
            "/drip-headers": self._drip_headers,
            "/endless": self._endless,
            "/choices": lambda: self._bare(300),
            "/unasked-304": lambda: self._bare(304),
        }
        routes.get(self.path, lambda: self.send_error(404))()

    def _report(self) -> None:
        body = REPORT.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _bare(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _drip(self, data: bytes) -> None:
        try:
            for i in range(len(data)):
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass

    def _drip_body(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2000")
        self.end_headers()
        self._drip(b"x" * 2000)

    def _drip_headers(self) -> None:
        self.wfile.write(b"HTTP/1.0 200 OK\r\n")
        self._drip(b"X-Slow: " + b"y" * 2000 + b"\r\n\r\n")

    def _endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        block = b"z" * 65536
        try:
            while True:
                self.wfile.write(block)
        except OSError:
            pass


@pytest.fixture
def server() -> Iterator[str]:
    """Base URL of a threaded HTTP server on 127.0.0.1 (a free port)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    seen_hosts.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOOPBACK_ALLOWED = FetchLimits(timeout_s=5, allow_hosts=frozenset({"127.0.0.1"}))


def test_loopback_is_refused_by_default(server: str) -> None:
    with pytest.raises(FetchError, match=r"127\.0\.0\.1 is a loopback address.*fetch_allow_hosts"):
        fetch_url(f"{server}/report.txt", FetchLimits(timeout_s=5))
    assert seen_hosts == []  # refused before any connection


def test_allowed_host_is_fetched(server: str) -> None:
    data, name = fetch_url(f"{server}/report.txt", LOOPBACK_ALLOWED)
    assert data.decode() == REPORT and name.endswith("/report.txt")


def test_redirect_to_loopback_from_an_allowed_host_is_refused(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    names = {"news.test": ["127.0.0.1"]}

    def resolver(host: str, _port: int) -> list[str]:
        return names[host]

    only_the_name = FetchLimits(timeout_s=5, allow_hosts=frozenset({"news.test"}))
    with pytest.raises(FetchError, match=r"127\.0\.0\.1 is a loopback address"):
        fetch_url(f"http://news.test:{port}/to-loopback", only_the_name, resolver)
    # the first hop went to the checked address, naming the host it was asked for
    assert seen_hosts == [f"news.test:{port}"]
    both = FetchLimits(timeout_s=5, allow_hosts=frozenset({"news.test", "127.0.0.1"}))
    data, _ = fetch_url(f"http://news.test:{port}/to-loopback", both, resolver)
    assert data.decode() == REPORT


def test_redirect_to_ftp_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match=r"refused to fetch ftp:// URL"):
        fetch_url(f"{server}/to-ftp", LOOPBACK_ALLOWED)


def test_other_schemes_are_refused_before_any_connection() -> None:
    for url in ("ftp://example.org/a", "file:///etc/passwd", "gopher://example.org/"):
        with pytest.raises(FetchError, match="only http and https"):
            fetch_url(url, FetchLimits(timeout_s=5))


def test_redirects_stop_after_five(server: str) -> None:
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch_url(f"{server}/loop", LOOPBACK_ALLOWED)
    assert len(seen_hosts) == 6


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_slow_drip_stops_at_the_time_budget(server: str, path: str) -> None:
    limits = FetchLimits(timeout_s=1.0, allow_hosts=frozenset({"127.0.0.1"}))
    began = time.monotonic()
    with pytest.raises(FetchError, match=r"longer than its budget of 1 s"):
        fetch_url(f"{server}{path}", limits)
    assert time.monotonic() - began < 3.0  # the drip alone would take 100 s


def test_endless_body_stops_at_the_size_cap(server: str) -> None:
    limits = FetchLimits(timeout_s=20, max_bytes=1_000_000, allow_hosts=frozenset({"127.0.0.1"}))
    with pytest.raises(FetchError, match=r"over the fetch size cap of 1000000 bytes"):
        fetch_url(f"{server}/endless", limits)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.1.2.3", "10.1.2.3 is a private address"),
        ("192.168.0.7", "is a private address"),
        ("169.254.169.254", "169.254.169.254 is a cloud metadata address"),
        ("fd00:ec2::254", "fd00:ec2::254 is a cloud metadata address"),
        ("::1", "::1 is a loopback address"),
        ("::ffff:127.0.0.1", "127.0.0.1 is a loopback address"),
        ("::ffff:10.0.0.1", "10.0.0.1 is a private address"),
        ("fe80::1", "is a link-local address"),
        ("0.0.0.0", "is an unspecified address"),
        ("224.0.0.1", "is a multicast address"),
        ("100.64.0.1", "is not a public address"),
    ],
)
def test_resolved_internal_addresses_are_refused(address: str, reason: str) -> None:
    def resolver(_host: str, _port: int) -> list[str]:
        return [address]

    with pytest.raises(FetchError, match=re.escape(reason)):
        fetch_url("http://innocent.example.org/feed.xml", FetchLimits(timeout_s=5), resolver)


def test_a_name_with_one_internal_address_among_public_ones_is_refused() -> None:
    def resolver(_host: str, _port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.8"]

    with pytest.raises(FetchError, match=r"10\.0\.0\.8 is a private address"):
        checked_address("mixed.example.org", 80, FetchLimits(), resolver)


def test_public_addresses_pass_the_check() -> None:
    assert refusal(ipaddress.ip_address("93.184.216.34")) is None
    assert refusal(ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946")) is None
    assert checked_address("example.org", 443, FetchLimits(), lambda _h, _p: ["93.184.216.34"]) == (
        "93.184.216.34"
    )


def test_allow_list_from_settings_reaches_read_sources(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no cronica.toml here
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    url = f"{server}/report.txt"
    refused, kept = list(read_sources([url, str(good)]))
    assert isinstance(refused, Failure) and "loopback" in refused.reason and "\n" not in refused.reason
    assert isinstance(kept, Document)  # the batch goes on
    monkeypatch.setenv("CRONICA_FETCH_ALLOW_HOSTS", "localhost, 127.0.0.1")
    [doc] = list(read_sources([url]))
    assert isinstance(doc, Document) and doc.text == REPORT


def test_cronica_extract_fetches_within_the_settings_of_its_config_file(server: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cronica.cli import cli

    url = f"{server}/report.txt"
    refused = CliRunner().invoke(cli, ["extract", url])
    assert refused.exit_code == 1 and "loopback address" in refused.output
    cfg = tmp_path / "cronica.toml"
    cfg.write_text('fetch_allow_hosts = "127.0.0.1"\n', encoding="utf-8")
    allowed = CliRunner().invoke(cli, ["--config", str(cfg), "extract", url])
    assert allowed.exit_code == 0, allowed.output
    assert seen_hosts  # the second run reached the server


@pytest.mark.parametrize(("path", "status"), [("/choices", 300), ("/unasked-304", 304)])
def test_a_3xx_that_is_no_redirect_is_a_failure_with_its_status(server: str, path: str, status: int) -> None:
    with pytest.raises(FetchError, match=f"^HTTP {status} from "):
        fetch_url(server + path, LOOPBACK_ALLOWED)
