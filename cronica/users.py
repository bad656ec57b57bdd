"""The people who may write reviews, and their tokens.

A token is ``crn_`` and 43 random URL-safe characters (``secrets.token_urlsafe(32)``,
256 bits). It is shown once, when the user is added; the database keeps only its
argon2id hash and its first :data:`PREFIX_CHARS` characters, which are not secret
and find the user's row without hashing the token against every user's hash.

The hash parameters are OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): a
token is random, not a password a person chose, so no dictionary can guess it and
a costlier hash would only slow every write request. A verified token is still
checked against the database on every request, so disabling a user takes effect
at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cronica.errors import CronicaError
from cronica.store import schema as t
from cronica.store.db import Store

ROLES = ("reviewer", "admin")
TOKEN_MARK = "crn_"
PREFIX_CHARS = 12  # the mark and 8 random characters: the stored, non-secret part
MAX_TOKEN_CHARS = 200  # anything longer is not a token of ours, and is not hashed
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")


class UserError(CronicaError):
    """A user name, role or token that cannot be used (exists already, unknown, malformed)."""


@dataclass(frozen=True)
class User:
    """One row of ``users``, without its hash."""

    name: str
    role: str
    created_at: dt.datetime
    disabled: bool = False


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


# -- pure: tokens and hashes ----------------------------------------------------
def new_token() -> str:
    """A fresh token: the mark and 256 random bits."""
    return TOKEN_MARK + secrets.token_urlsafe(32)


def token_prefix(token: str) -> str:
    """The stored, non-secret start of ``token``."""
    return token[:PREFIX_CHARS]


def hash_token(token: str) -> str:
    """The argon2id hash of ``token`` (salted; a PHC string)."""
    return _hasher().hash(token)


def looks_like_token(token: str) -> bool:
    """Whether ``token`` has the shape of one of ours (checked before any hashing)."""
    return token.startswith(TOKEN_MARK) and PREFIX_CHARS < len(token) <= MAX_TOKEN_CHARS


class _Verified:
    """Pairs (hash, digest of the token) already verified in this process.

    argon2 is slow on purpose; a reviewer's dashboard sends the same token with
    every write. Kept only in memory, as SHA-256 digests, and tied to the stored
    hash: a new token (a new hash) is verified afresh.
    """

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._pairs: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def check(self, stored_hash: str, token: str) -> bool:
        pair = (stored_hash, hashlib.sha256(token.encode("utf-8")).hexdigest())
        with self._lock:
            if pair in self._pairs:
                return True
        try:
            ok = _hasher().verify(stored_hash, token)
        except (VerificationError, InvalidHashError):
            return False
        with self._lock:
            if len(self._pairs) >= self.size:
                self._pairs.clear()
            self._pairs.add(pair)
        return ok


_verified = _Verified()


def verify_token(stored_hash: str, token: str) -> bool:
    """Whether ``token`` is the one ``stored_hash`` was made from."""
    return _verified.check(stored_hash, token)


def check_name(name: str) -> str:
    """``name`` if it can be a user name (letters, digits, ``._@-``; at most 80), else UserError."""
    if not NAME.match(name):
        raise UserError(
            f"user name {name[:80]!r} must be 1 to 80 letters, digits or . _ @ - (starting with a letter "
            "or digit)"
        )
    return name


def check_role(role: str) -> str:
    """``role`` if it is one of :data:`ROLES`, else UserError."""
    if role not in ROLES:
        raise UserError(f"role {role!r} must be one of {', '.join(ROLES)}")
    return role


# -- the users table --------------------------------------------------------------
def add_user(store: Store, name: str, role: str) -> str:
    """Store a new user; return its token (the only time it is shown). UserError if the name is taken."""
    check_name(name)
    check_role(role)
    token = new_token()
    row = {
        "name": name,
        "role": role,
        "token_hash": hash_token(token),
        "token_prefix": token_prefix(token),
        "created_at": dt.datetime.now(dt.UTC),
        "disabled": False,
    }
    with store.begin() as conn:
        if conn.execute(sa.select(t.users.c.name).where(t.users.c.name == name)).first():
            raise UserError(f"user {name!r} exists already")
        conn.execute(t.users.insert().values(**row))
    return token


def list_users(store: Store) -> list[User]:
    """Every user, by name (no hashes)."""
    cols = (t.users.c.name, t.users.c.role, t.users.c.created_at, t.users.c.disabled)
    with store.begin() as conn:
        rows = conn.execute(sa.select(*cols).order_by(t.users.c.name)).all()
    return [User(r.name, r.role, _utc(r.created_at), bool(r.disabled)) for r in rows]


def disable_user(store: Store, name: str) -> None:
    """Refuse ``name``'s token from now on (the row, and the reviews it signed, stay)."""
    with store.begin() as conn:
        done = conn.execute(t.users.update().where(t.users.c.name == name).values(disabled=True))
    if not done.rowcount:
        raise UserError(f"no user {name[:80]!r}")


def user_of_token(store: Store, token: str) -> User | None:
    """The enabled user whose token this is, or None."""
    if not looks_like_token(token):
        return None
    cols = (t.users.c.name, t.users.c.role, t.users.c.created_at, t.users.c.token_hash)
    query = sa.select(*cols).where(t.users.c.token_prefix == token_prefix(token), ~t.users.c.disabled)
    with store.begin() as conn:
        rows = conn.execute(query).all()
    for r in rows:
        if verify_token(r.token_hash, token):
            return User(r.name, r.role, _utc(r.created_at))
    return None


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back; they were written in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
