"""Archive-wide locks between processes: one import at a time, one migration at a time.

Two imports at once would otherwise collide: on PostgreSQL both create the same new authority record
or variant (a unique violation, or a deadlock), and one's sweep of a shared files folder removes files
the other has written but not yet committed; on SQLite the second gives up after the busy timeout
("database is locked"). Two commands started on a new archive would both create its tables. So each
takes the lock first, and a second one waits, saying so, until the first is done: a PostgreSQL
advisory lock (held by the session, so released even if the process dies), or for SQLite a file lock
in ARCHIVIST_HOME (an SQLite database and its writers are on one machine).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

from archivist.config import archive_home


@contextmanager
def exclusive(name: str, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the archive's lock called `name`; if another process has it, call `waiting` and wait."""
    if connection.vendor == "postgresql":
        with _advisory_lock(_advisory_key(name), waiting):
            yield
    else:
        with _file_lock(f"{name}.lock", waiting):
            yield


def _advisory_key(name: str) -> int:
    """A signed 64-bit number for the name, the same in every process."""
    digest = hashlib.blake2b(f"archivist:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def _advisory_lock(key: int, waiting: Callable[[], None]) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        if not cursor.fetchone()[0]:
            waiting()
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextmanager
def _file_lock(filename: str, waiting: Callable[[], None]) -> Iterator[None]:
    handle = os.open(archive_home() / filename, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock
