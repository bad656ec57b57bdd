"""HTTPS to the checked address: the certificate is verified for the name asked for, not the address."""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cronica.sources import fetch as fetch_module
from cronica.sources.fetch import FetchError, FetchLimits, fetch_url

BODY = b"Nurses held a vigil outside the hospital in Arica on Thursday."


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """An HTTPS server on 127.0.0.1 whose self-signed certificate names only ``news.test``."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], cert
    httpd.shutdown()
    httpd.server_close()


def test_https_connects_to_the_checked_address_and_verifies_the_name(
    tls_server: tuple[int, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, cert = tls_server
    trusting = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr(fetch_module.ssl, "create_default_context", lambda: trusting)
    limits = FetchLimits(timeout_s=5, allow_hosts=frozenset({"news.test", "other.test"}))

    def resolver(_host: str, _port: int) -> list[str]:
        return ["127.0.0.1"]

    data, _ = fetch_url(f"https://news.test:{port}/report.txt", limits, resolver)
    assert data == BODY
    with pytest.raises(FetchError, match=r"CERTIFICATE_VERIFY_FAILED|certificate"):
        # the same address, but the certificate names news.test only
        fetch_url(f"https://other.test:{port}/report.txt", limits, resolver)
