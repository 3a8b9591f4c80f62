"""SQLite specifics that the engine, the schema upgrade and backups share: the busy timeout, the
pragmas of every connection, and the consistent online copy of a store file.

Standard library only, so every store module may import it at module level.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 15000


def configure_connection(dbapi_conn, _record) -> None:
    """Every connection: our BEGIN, a patient busy timeout, WAL, full sync, foreign keys enforced."""
    dbapi_conn.isolation_level = None  # the engine's begin event (`engine._sqlite_begin`) issues BEGIN
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def copy_sqlite(source: Path, target: Path, *, wait_ms: int = BUSY_TIMEOUT_MS) -> None:
    """A consistent copy of the SQLite store at `source` into the new, empty file `target`: SQLite's
    online backup copies every page in one read transaction, so it is a committed state even while
    other processes write; the copy leaves WAL mode, so it is one self-contained file."""
    origin = sqlite3.connect(source, timeout=wait_ms / 1000)
    try:
        copy = sqlite3.connect(target)
        try:
            origin.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        origin.close()
