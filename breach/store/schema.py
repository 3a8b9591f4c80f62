"""A store's schema revision, and bringing it to the one this breach knows (`models.SCHEMA_REVISION`).

Reading the revision is one SELECT on `alembic_version` and imports no alembic: that is every
command's path once a store is current. Only a store that is not current takes one of two others:
- a brand-new, empty store gets every table at once (create_all) and is stamped at the head; a test
  proves this gives the same schema as running every migration from nothing;
- an older store runs breach's Alembic migrations (`breach/migrations`), all of them in ONE
  transaction: `BEGIN IMMEDIATE` on SQLite, `LOCK TABLE alembic_version` on PostgreSQL (whose DDL is
  transactional too). A second process arriving meanwhile waits for that lock, finds the store
  current and goes on. A migration that fails rolls everything back: the store stays as it was.
  On SQLite a consistent copy of the file is made first, next to it, with SQLite's online backup
  (`breach.db.before-0002-20261123T161500Z`, mode 0600), while the upgrade's lock keeps writers out.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from breach.errors import BreachError
from breach.store.sqlite import BUSY_TIMEOUT_MS, copy_sqlite

BACKUP_MARK = ".before-"
UPGRADE_WAIT_MS = 10 * 60 * 1000  # a second process waits this long for another's upgrade to finish


class SchemaError(BreachError):
    pass


@dataclass(frozen=True)
class Upgraded:
    """What `bring_to_head` did: created a new store's schema (no from_revision) or upgraded one."""

    from_revision: str | None
    to_revision: str
    backup: Path | None

    def line(self) -> str:
        if self.from_revision is None:
            return f"created the schema of a new store at {self.to_revision}"
        where = f"; the store as it was is kept in {self.backup}" if self.backup else ""
        return f"upgraded the store's schema from {self.from_revision} to {self.to_revision}{where}"


@dataclass(frozen=True)
class Status:
    backend: str
    revision: str | None
    head: str
    pending: list[str] | None  # None: the store is newer than this breach, or unrecognised
    backups: list[Path]
    unrecognised: list[str] = field(default_factory=list)  # breach's tables found without a revision

    def as_json(self) -> dict:
        return {"backend": self.backend, "revision": self.revision, "head": self.head,
                "current": self.revision == self.head, "pending": self.pending,
                "backups": [str(path) for path in self.backups], "unrecognised_tables": self.unrecognised}


def status(store) -> Status:
    """The store's revision and what upgrading it would do; changes nothing."""
    from sqlalchemy import inspect

    with store.engine.connect() as conn:
        found = revision_of(conn)
        held = sorted(_our_tables() & set(inspect(conn).get_table_names())) if found is None else []
    try:
        waiting = None if held else [] if found is None else pending(found)  # a new store is created at the head
    except SchemaError:
        waiting = None
    return Status(store.engine.dialect.name, found, head(), waiting, backups(store.path), held)


def revision_of(connection) -> str | None:
    """The revision stamped in `alembic_version`, or None when the store has no such table."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def head() -> str:
    from breach.store.models import SCHEMA_REVISION

    return SCHEMA_REVISION


def revisions() -> list[str]:
    """Every migration's revision id, oldest first."""
    from breach.migrations import script_directory

    return [script.revision for script in reversed(list(script_directory().walk_revisions()))]


def pending(found: str) -> list[str]:
    """The migrations a store at revision `found` still needs."""
    known = revisions()
    if found not in known:
        raise newer_than_known(found)
    return known[known.index(found) + 1:]


def newer_than_known(found: str) -> SchemaError:
    return SchemaError(
        f"the store has schema '{found}', this breach knows '{head()}': install the breach release that wrote it"
    )


# ---------------------------------------------------------------- bringing a store to the head


def bring_to_head(store, announce: Callable[[str], None]) -> Upgraded | None:
    """Create a new store's schema, or upgrade an older one (announced); None if it was current."""
    from sqlalchemy import inspect

    with _exclusive(store) as conn:
        found = revision_of(conn)
        if found == head():
            return None
        if found is None:
            ours = _our_tables() & set(inspect(conn).get_table_names())
            if ours:
                raise SchemaError(
                    f"the database holds breach tables ({', '.join(sorted(ours))}) but no schema revision; "
                    "it was not made by breach or was damaged: restore a backup"
                )
            _create_all(conn)
            return Upgraded(None, head(), None)
        if found not in revisions():
            raise newer_than_known(found)
        try:
            backup = backup_sqlite(store.path, head()) if store.path else None
        except (OSError, sqlite3.Error) as exc:
            raise SchemaError(
                f"the store needs an upgrade from {found} to {head()}, but no backup of it could be made next to it "
                f"({type(exc).__name__}: {exc}); nothing was changed"
            ) from exc
        try:
            _migrate(conn)
        except Exception as exc:
            kept = f"; a copy of it as it was is in {backup}" if backup else ""
            detail = (str(exc).splitlines() or [""])[0]
            raise SchemaError(
                f"upgrading the store's schema from {found} to {head()} failed ({type(exc).__name__}: {detail}); "
                f"nothing was changed, the store is still at {found}{kept}"
            ) from exc
    upgraded = Upgraded(found, head(), backup)
    announce(upgraded.line())
    return upgraded


def _our_tables() -> set[str]:
    from sqlmodel import SQLModel

    import breach.store.models  # noqa: F401

    return set(SQLModel.metadata.tables) - {"alembic_version"}


def _create_all(conn) -> None:
    """A new store: every table as the models declare it, stamped at the head (what `alembic upgrade
    head` would give; tests/store/test_migrations.py compares the two)."""
    from sqlalchemy import insert
    from sqlmodel import SQLModel

    from breach.store import models

    SQLModel.metadata.create_all(conn)
    conn.execute(insert(models.alembic_version).values(version_num=head()))


def _migrate(conn) -> None:
    from alembic import command

    from breach.migrations import alembic_config

    command.upgrade(alembic_config(connection=conn), "head")
    if conn.dialect.name == "sqlite":  # foreign keys were off for the copies: every reference must still hold
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise SchemaError(f"{len(broken)} row(s) would refer to rows that do not exist, e.g. in {broken[0][0]}")
    reached = revision_of(conn)
    if reached != head():
        raise SchemaError(f"the migrations end at {reached}, not at {head()}")


@contextmanager
def _exclusive(store) -> Iterator:
    """A connection inside the one transaction that may change the schema (committed when the block
    ends, rolled back on any error); other processes wait for it."""
    from sqlalchemy import inspect, text

    sqlite = store.engine.dialect.name == "sqlite"
    conn = store.writer.connect()
    try:
        if sqlite:  # the writer's begin is BEGIN IMMEDIATE: the write lock, waited for patiently
            raw = conn.connection.driver_connection
            raw.execute(f"PRAGMA busy_timeout={UPGRADE_WAIT_MS}")
            raw.execute("PRAGMA foreign_keys=OFF")  # a batch migration copies tables others refer to (checked at the end)
        with conn.begin():
            if not sqlite:
                if inspect(conn).has_table("alembic_version"):
                    conn.execute(text("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE"))
                else:  # a new store: nothing to lock yet, so two first users queue on one key
                    conn.execute(text("SELECT pg_advisory_xact_lock(8297016412)"))
            yield conn
    finally:
        if sqlite:
            conn.connection.driver_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
        conn.close()


# ---------------------------------------------------------------- backups of a SQLite store


def backup_name(path: Path, revision: str, now: datetime) -> Path:
    number = revision.split("_", 1)[0]
    return path.with_name(f"{path.name}{BACKUP_MARK}{number}-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}")


def backup_sqlite(path: Path, revision: str, now: datetime | None = None) -> Path:
    """A consistent copy of the SQLite store at `path`, next to it, private, in one self-contained file
    (journal mode DELETE: no -wal beside it). Made with SQLite's online backup API, so it is a
    committed state even while other processes read."""
    first = backup_name(path, revision, now or datetime.now(UTC))
    for attempt in range(1, 100):  # two upgrades in one second (a failed one, then another) keep both
        target = first if attempt == 1 else first.with_name(f"{first.name}-{attempt}")
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            break
        except FileExistsError:
            continue
    else:
        raise SchemaError(f"cannot name a backup next to {path}: too many exist")
    try:
        copy_sqlite(path, target, wait_ms=UPGRADE_WAIT_MS)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def backups(path: Path | None) -> list[Path]:
    """The copies made before upgrades, oldest first."""
    if path is None:
        return []
    return sorted(path.parent.glob(f"{path.name}{BACKUP_MARK}*"))
