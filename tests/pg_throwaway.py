"""A throw-away PostgreSQL server from the machine's packages: for the test fixture ``pg_server``
and for the benchmarks that measure PostgreSQL (``bench/bench_reliability.py``, ``bench_serve.py``).

Not a test module: ``tests/conftest.py`` imports it, and the benchmarks put ``tests/`` on their path.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def pg_bin() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl`` (on the PATH, or Debian's versioned folder), or None."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# fast and throw-away: a crash may lose it, which is all a test database is for
FAST = "-c fsync=off -c full_page_writes=off"


@contextmanager
def throwaway_postgres(binaries: Path, settings: str = FAST, stop: str = "immediate") -> Iterator[str]:
    """A fresh server on a free port of 127.0.0.1 (trust auth; ``settings`` as ``-c`` options),
    stopped (``pg_ctl -m stop``) and removed afterwards; yields its base URL
    (``postgresql://postgres@127.0.0.1:PORT``)."""
    root = Path(tempfile.mkdtemp(prefix="cronica-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    init = [*prefix, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]
    subprocess.run(init, check=True, capture_output=True)
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 {settings}"
    ctl = [*prefix, str(binaries / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        [*ctl, "-o", opts, "-l", str(root / "log"), "-w", "start"], check=True, capture_output=True
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*ctl, "-m", stop, "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
