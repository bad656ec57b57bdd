"""Who may write: the bearer token, the request's origin, and the brake on failed attempts.

Every write endpoint depends on :func:`require_writer`, which in this order

1. refuses a request sent from another site (403): its ``Origin`` is not this
   server's own origin, or, without ``Origin``, ``Sec-Fetch-Site`` says
   ``cross-site`` or ``same-site``. A page elsewhere cannot make a reviewer's browser
   write, and cannot spend the reviewer's address's failed attempts either;
2. refuses an address with more than :data:`~cronica.api.ratelimit.MAX_FAILURES`
   failed token attempts in the window (429, ``Retry-After``);
3. refuses a request without a valid ``Authorization: Bearer TOKEN`` of an enabled
   user (401, ``WWW-Authenticate: Bearer``); a wrong token counts as a failure.

The token travels in a header the dashboard sets itself, never in a cookie, so a
browser never attaches it on its own to a request another site makes; and the
server sends no CORS headers, so no other site can read an answer either.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from cronica.api.ratelimit import FailureLimiter
from cronica.users import User, user_of_token

DEFAULT_PORTS = {"http": 80, "https": 443}
FOREIGN_FETCH_SITES = ("cross-site", "same-site")


def origin_key(url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) of an origin or URL, the port filled in for http(s); None if unreadable."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    return scheme, parts.hostname.lower(), port if port is not None else DEFAULT_PORTS.get(scheme)


def is_foreign(origin: str | None, fetch_site: str | None, own_url: str) -> bool:
    """Whether a request with these headers comes from a page that is not this server's.

    ``origin``: the ``Origin`` header (browsers send it on every POST); ``"null"``
    (a sandboxed frame, a file) is foreign. Without it, ``fetch_site`` (the
    ``Sec-Fetch-Site`` header) decides; a request with neither is not from a
    browser page (curl, a script) and is let through to the token check.
    """
    if origin is not None:
        mine = origin_key(own_url)
        return mine is None or origin_key(origin) != mine
    return (fetch_site or "").strip().lower() in FOREIGN_FETCH_SITES


def client_address(request: Request) -> str:
    """The address the failures are counted against (the proxy's, unless uvicorn trusts its headers)."""
    return request.client.host if request.client else "unknown"


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, or None."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def require_writer(request: Request) -> User:
    """The user a write request is made by, or 403, 429 or 401 (see the module's docstring)."""
    if is_foreign(
        request.headers.get("origin"), request.headers.get("sec-fetch-site"), str(request.base_url)
    ):
        raise HTTPException(403, detail="cross-site write refused: send it from this server's own pages")
    limiter: FailureLimiter = request.app.state.auth_failures
    address = client_address(request)
    wait = limiter.retry_after(address)
    if wait is not None:
        raise HTTPException(
            429,
            detail=f"too many failed token attempts: retry in {wait} s",
            headers={"Retry-After": str(wait)},
        )
    token = bearer_token(request.headers.get("authorization"))
    if token is None:
        raise _unauthorized("a write needs a token: Authorization: Bearer TOKEN (cronica users add)")
    user = user_of_token(request.app.state.store, token)
    if user is None:
        limiter.fail(address)
        raise _unauthorized("the token is not valid (unknown, mistyped or disabled)")
    return user


def current_writer(request: Request) -> User:
    """The user :class:`WriteRoute` found, or (on another route) :func:`require_writer`'s answer."""
    found = getattr(request.state, "writer", None)
    return found if isinstance(found, User) else require_writer(request)


Writer = Annotated[User, Depends(current_writer)]


class WriteRoute(APIRoute):
    """A route whose writer is checked before anything else, the body included.

    FastAPI reads and validates a request's body before it runs the route's
    dependencies, so a malformed body from anyone would be answered 422 ahead of
    the 401 or 403 it deserves; this route checks the writer first.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """FastAPI's handler, behind :func:`require_writer`."""
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            request.state.writer = await run_in_threadpool(require_writer, request)
            return await handler(request)

        return guarded
