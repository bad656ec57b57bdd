"""Fetching URL inputs without letting a report's link reach inside the network.

A URL given to ``cronica ingest`` is untrusted (it may come from a feed), so a
fetch:

- speaks http and https only, on every hop;
- resolves the host itself and refuses private, loopback, link-local, multicast,
  reserved, unspecified and cloud metadata addresses (IPv4 and IPv6, IPv4-mapped
  IPv6 included), unless the host is in the allow list (``fetch_allow_hosts``);
- connects to the very address it checked, sending the name in the Host header
  and as the TLS server name, so DNS cannot answer differently between the
  check and the connection (DNS rebinding);
- follows at most :data:`MAX_REDIRECTS` redirects itself, checking each the same way;
- stops at a total time budget, redirects and slow servers included (a timer
  shuts the socket at the deadline, so a server sending one byte at a time cannot
  hold it), and at a size cap.

Every refusal is a :class:`FetchError` with a one-line reason.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from cronica.config import Settings, load_settings
from cronica.errors import ConfigError, SourceError

MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
NOT_MODIFIED = 304
USER_AGENT = "cronica (+https://example.org/cronica)"
CHUNK = 65536
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# the instance metadata services of the cloud providers (AWS, GCP, Azure, ...; AWS's IPv6 one)
METADATA = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
Resolver = Callable[[str, int], list[str]]


class FetchError(SourceError, OSError):
    """A URL that was refused or could not be fetched; the message is the one-line reason.

    It is an ``OSError`` too because a fetch is I/O: callers that turn read errors
    into failures (``read_sources``) treat it as they treat an unreadable file.
    """


@dataclass(frozen=True)
class FetchLimits:
    """How long, how much and from where a fetch may read (see ``Settings.fetch_*``)."""

    timeout_s: float = 30.0
    max_bytes: int = 50_000_000
    allow_hosts: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchLimits:
        """The limits that ``settings`` set."""
        hosts = {h.strip().lower().strip("[]") for h in settings.fetch_allow_hosts.split(",")}
        return cls(settings.fetch_timeout_s, settings.fetch_max_bytes, frozenset(h for h in hosts if h))

    def allows(self, host: str, addresses: list[IPAddress]) -> bool:
        """True when ``host``, or one of the addresses it resolves to, is in the allow list."""
        if host.lower() in self.allow_hosts:
            return True
        return any(str(a) in self.allow_hosts for a in addresses)


def refusal(address: IPAddress) -> str | None:
    """Why a fetch must not connect to ``address`` (None for a public address).

    An IPv4-mapped IPv6 address (``::ffff:127.0.0.1``) is judged as the IPv4 address it carries.
    """
    if address in METADATA:
        return f"{address} is a cloud metadata address"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return refusal(address.ipv4_mapped)
    for kind, hit in (
        ("an unspecified", address.is_unspecified),
        ("a loopback", address.is_loopback),
        ("a link-local", address.is_link_local),
        ("a multicast", address.is_multicast),
        ("a private", address.is_private),
        ("a reserved", address.is_reserved),
    ):
        if hit:
            return f"{address} is {kind} address"
    if not address.is_global:  # shared (100.64.0.0/10), documentation, benchmarking ranges...
        return f"{address} is not a public address"
    return None


def resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host`` (the system resolver)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _addresses(host: str, port: int, resolver: Resolver) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    found = []
    for text in resolver(host, port):
        try:
            found.append(ipaddress.ip_address(text.split("%", 1)[0]))  # drop an IPv6 zone id
        except ValueError:
            raise FetchError(f"host {host!r} resolved to {text!r}, which is not an address") from None
    if not found:
        raise FetchError(f"host {host!r} has no address")
    return found


def checked_address(host: str, port: int, limits: FetchLimits, resolver: Resolver = resolve) -> str:
    """The address to connect to for ``host``: every address it resolves to must be public.

    A host in the allow list may resolve anywhere. A name that resolves to a
    public and a private address is refused: the resolver could give either.
    """
    addresses = _addresses(host, port, resolver)
    if not limits.allows(host, addresses):
        for address in addresses:
            reason = refusal(address)
            if reason:
                shown = "" if str(address) == host else f" ({host})"
                raise FetchError(f"refused to fetch from {reason}{shown}; see the fetch_allow_hosts setting")
    return str(addresses[0])


def tls_context() -> ssl.SSLContext:
    """The default TLS context (system CA certificates, host names checked), made once.

    Making one loads every CA certificate of the system, about 0.1 s of CPU: once per
    fetch, that was most of the cost of a ``cronica watch`` poll answered by a 304.
    A context made by another ``ssl.create_default_context`` (a test's) is kept apart.
    """
    return _context_of(ssl.create_default_context)


@functools.cache
def _context_of(make: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
    return make()


class _PinnedConnection(http.client.HTTPSConnection):
    """An HTTP(S) connection to a checked address, naming ``host`` in the Host header and TLS.

    ``tls`` False speaks plain HTTP. The socket is shut at ``deadline`` by a timer,
    whatever the server does.
    """

    def __init__(self, host: str, port: int, address: str, *, tls: bool, deadline: float) -> None:
        self.tls_context = tls_context()
        super().__init__(
            host, port, timeout=max(0.001, deadline - time.monotonic()), context=self.tls_context
        )
        self.address = address
        self.tls = tls
        self.deadline = deadline
        self.timer: threading.Timer | None = None

    def connect(self) -> None:
        """Connect to the checked address (never to what the name resolves to now)."""
        sock = socket.create_connection((self.address, self.port), timeout=self.timeout)
        self.sock = sock
        self.timer = threading.Timer(max(0.0, self.deadline - time.monotonic()), self._shut)
        self.timer.daemon = True
        self.timer.start()
        if self.tls:
            self.sock = self.tls_context.wrap_socket(sock, server_hostname=self.host)

    def _shut(self) -> None:
        """Shut the socket down (from the timer), which ends any read blocked on it."""
        sock = self.sock
        if sock is not None and sock.fileno() >= 0:
            with suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def close(self) -> None:
        """Close the connection and stop its timer."""
        if self.timer is not None:
            self.timer.cancel()
        super().close()


@dataclass
class _Hop:
    status: int
    location: str | None
    content_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Validators:
    """What a server said identifies the version it sent (``ETag``, ``Last-Modified``), to ask again
    with ``If-None-Match`` and ``If-Modified-Since``: a server whose copy is unchanged answers 304."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """The conditional request headers these validators make (none when there are none)."""
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True)
class Fetched:
    """A conditional fetch's answer: ``unchanged`` (HTTP 304, no body) or a body, its name and validators."""

    unchanged: bool
    body: bytes
    name: str
    validators: Validators


def _target(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of an http(s) URL, or FetchError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"malformed URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"refused to fetch {scheme or 'a relative'}:// URL {url!r}: only http and https")
    if not parts.hostname:
        raise FetchError(f"URL {url!r} has no host")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@contextmanager
def _budget(limits: FetchLimits, deadline: float) -> Iterator[None]:
    """Turn a read error at or past the deadline into the time-budget reason."""
    try:
        yield
    except (OSError, http.client.HTTPException) as exc:
        if time.monotonic() >= deadline - 0.01:
            raise FetchError(f"fetch took longer than its budget of {limits.timeout_s:g} s") from None
        if isinstance(exc, FetchError):
            raise
        raise FetchError(f"cannot fetch: {exc.__class__.__name__}: {exc}") from None
    if time.monotonic() >= deadline:
        raise FetchError(f"fetch took longer than its budget of {limits.timeout_s:g} s")


def _read_body(resp: http.client.HTTPResponse, limits: FetchLimits, deadline: float) -> bytes:
    length = resp.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > limits.max_bytes:
        raise FetchError(
            f"response of {int(length)} bytes is over the fetch size cap of {limits.max_bytes} bytes"
        )
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() >= deadline:
            raise FetchError(f"fetch took longer than its budget of {limits.timeout_s:g} s")
        chunk = resp.read1(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"response is over the fetch size cap of {limits.max_bytes} bytes")
        chunks.append(chunk)


def _hop(
    url: str, limits: FetchLimits, deadline: float, resolver: Resolver, extra: dict[str, str] | None = None
) -> _Hop:
    """One request to ``url``, to its checked address, read within the limits (``extra``: more headers)."""
    scheme, host, port = _target(url)
    address = checked_address(host, port, limits, resolver)
    conn = _PinnedConnection(host, port, address, tls=scheme == "https", deadline=deadline)
    try:
        with _budget(limits, deadline):
            headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **(extra or {})}
            conn.request("GET", _path(url), headers=headers)
            resp = conn.getresponse()
            status = resp.status
            location = resp.getheader("Location")
            ctype = resp.getheader("Content-Type", "") or ""
            empty = status in REDIRECTS or status == NOT_MODIFIED
            body = b"" if empty else _read_body(resp, limits, deadline)
            etag, modified = resp.getheader("ETag"), resp.getheader("Last-Modified")
    finally:
        conn.close()
    return _Hop(status, location, ctype, body, _header(etag), _header(modified))


def _header(value: str | None) -> str | None:
    """A validator header as it may be sent back: one line of at most 500 characters, else None."""
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > 500 or any(ch in value for ch in "\r\n\x00"):
        return None
    return value


def _name(url: str, content_type: str) -> str:
    """A file name whose extension tells ``read_bytes`` what the download holds."""
    if "xml" in content_type or "rss" in content_type or "atom" in content_type:
        return url + ".xml"
    if "html" in content_type:
        return url + ".html"
    if "json" in content_type:
        return url + ".json"
    return url


def _settings_limits() -> FetchLimits:
    """The limits of the settings in force; a bad setting refuses the fetch (with its reason)."""
    try:
        return FetchLimits.from_settings(load_settings())
    except ConfigError as exc:
        raise FetchError(f"no fetch without valid settings: {exc}") from None


def fetch_url(url: str, limits: FetchLimits | None = None, resolver: Resolver = resolve) -> tuple[bytes, str]:
    """The body of ``url`` and a name for it, or FetchError with a one-line reason.

    ``limits`` None reads them from the default settings (``./cronica.toml``, ``CRONICA_FETCH_*``);
    ``read_sources`` passes those of the caller's settings (``InputLimits.of``).
    """
    fetched = fetch_if_changed(url, Validators(), limits, resolver)
    return fetched.body, fetched.name


def fetch_if_changed(
    url: str, known: Validators, limits: FetchLimits | None = None, resolver: Resolver = resolve
) -> Fetched:
    """``url`` fetched with a conditional GET: unchanged (a 304, nothing read) or its body and validators.

    The same checks and limits as :func:`fetch_url` apply on every hop; ``known`` are the
    validators of the copy already read (empty: an ordinary GET).
    """
    limits = limits or _settings_limits()
    deadline = time.monotonic() + limits.timeout_s
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        hop = _hop(current, limits, deadline, resolver, known.headers())
        if hop.status == NOT_MODIFIED and known.headers():
            return Fetched(True, b"", _name(current, hop.content_type), known)
        if hop.status not in REDIRECTS:
            if hop.status >= 300:  # an error, or a 3xx that is no redirect (300, 305, an unasked 304)
                raise FetchError(f"HTTP {hop.status} from {current}")
            return Fetched(False, hop.body, _name(current, hop.content_type), _validators(hop))
        if not hop.location:
            raise FetchError(f"HTTP {hop.status} redirect without a Location from {current}")
        current = urljoin(current, hop.location.strip())
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")


def _validators(hop: _Hop) -> Validators:
    return Validators(hop.etag, hop.last_modified)
