"""The one engine, its transactions, and the schema check on first use.

SQLite runs in WAL mode, so a reader never waits for a writer and always sees a committed state.
Every command that writes does so in one `BEGIN IMMEDIATE` transaction: it takes the write lock
before it reads, so two processes never interleave a read-modify-write, and a crash at any point
leaves the store as it was before the command or as it is after it.

PostgreSQL (a database URL; psycopg 3, the `postgres` extra): a read is one REPEATABLE READ, READ
ONLY transaction, one snapshot like SQLite's read transaction. Writers run in READ COMMITTED and do
not queue for the whole store; what keeps them from interleaving a read-modify-write is the
statement or the row lock of each write (an upsert on the id counter, the breach's chain head and
breach row locked FOR UPDATE, claims by INSERT ... ON CONFLICT / UPDATE ... WHERE state RETURNING).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from breach.errors import BreachError
from breach.store import schema
from breach.store.sqlite import configure_connection

CONNECT_TIMEOUT_S = 10


class StoreError(BreachError):
    pass


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _create_private_file(path: Path) -> None:
    """An empty file is a valid empty SQLite database; creating it ourselves fixes its mode at 0600.
    SQLite gives the -wal and -shm files the mode of the database file."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


class Store:
    def __init__(self, url: str):
        from sqlalchemy import event
        from sqlmodel import create_engine

        self.url = url
        self.path: Path | None = None  # the SQLite file, if the store is one
        self.announce: Callable[[str], None] = _to_stderr  # says that the store was upgraded, and how
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            path = Path(url.removeprefix("sqlite:///"))
            if not path.parent.is_dir():
                raise StoreError(f"database folder {path.parent} does not exist")
            _create_private_file(path)
            self.path = path
        try:
            self.engine = create_engine(url, **_engine_options(url))
        except ModuleNotFoundError as exc:  # a dialect whose driver is not installed
            hint = " (pip install 'breach[postgres]')" if "psycopg" in str(exc) else ""
            raise StoreError(f"database URL cannot be used: the driver {exc.name} is not installed{hint}") from None
        except Exception as exc:  # an unknown dialect or a malformed URL
            raise StoreError(f"database URL cannot be used ({type(exc).__name__}: {_hide(exc, url)})") from None
        event.listen(self.engine, "handle_error", _connection_failure)
        self._reader = self.engine
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", self._sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        elif self.engine.dialect.name == "postgresql":
            self._reader = self.engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        self._writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._checked = False

    @contextmanager
    def read(self) -> Iterator[Session]:  # noqa: F821
        from breach.store.chain import session_class

        self._ensure_schema()
        with session_class()(self._reader, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:  # noqa: F821
        """One transaction that commits when the block ends and rolls back on any error.

        Its session seals every timeline event it adds (`breach.store.chain`)."""
        from breach.store.chain import session_class

        self._ensure_schema()
        with session_class()(self._writer, expire_on_commit=False, info={"writer": True}) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @property
    def writer(self):
        """The engine whose transactions begin with `BEGIN IMMEDIATE` on SQLite."""
        return self._writer

    def _ensure_schema(self) -> None:
        """One cheap SELECT when the store is current; otherwise create or upgrade it (`breach.store.schema`)."""
        if self._checked:
            return
        from sqlalchemy import text
        from sqlalchemy.exc import OperationalError, ProgrammingError

        from breach.store.models import SCHEMA_REVISION

        try:
            with self.engine.connect() as conn:
                found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):
            found = None
        if found != SCHEMA_REVISION:
            schema.bring_to_head(self, self.announce)
        self._checked = True

    def dispose(self) -> None:
        self.engine.dispose()

    def _sqlite_connect(self, dbapi_conn, record) -> None:
        import sqlite3

        try:
            configure_connection(dbapi_conn, record)
        except sqlite3.DatabaseError as exc:
            if type(exc) is not sqlite3.DatabaseError:  # a lock, a full disk, ...: the driver's own words
                raise
            raise StoreError(
                f"{self.path or self.url} cannot be opened as a store ({exc}): it is damaged or is not a breach "
                "store; restore a backup into a new data home (`breach restore FILE`)"
            ) from None


def _to_stderr(line: str) -> None:
    print(f"note: {line}", file=sys.stderr)


def _engine_options(url: str) -> dict:
    """A PostgreSQL server that does not answer is reported after CONNECT_TIMEOUT_S, not TCP's minutes."""
    if url.startswith("postgresql") and "connect_timeout" not in url:
        return {"connect_args": {"connect_timeout": CONNECT_TIMEOUT_S}}
    return {}


SECRET_PARAMETERS = ("password", "passfile", "sslpassword")


def masked_url(url) -> str:
    """The database URL as it may be shown: its password, and a password given as a parameter, as ***."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    hidden = {key: "***" for key in parsed.query if key.lower() in SECRET_PARAMETERS}
    return parsed.update_query_dict(hidden).render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


def _hide(text: object, url) -> str:
    """`text` with the URL's secrets (its password, a password given as a parameter) masked."""
    from sqlalchemy.engine import make_url

    text = str(text)
    try:
        parsed = make_url(url)
    except Exception:
        return text
    secrets = [parsed.password]
    for key, value in parsed.query.items():
        if key.lower() in SECRET_PARAMETERS:
            secrets.extend((value,) if isinstance(value, str) else value)  # a repeated parameter is a tuple
    for secret in secrets:
        if secret:
            text = text.replace(str(secret), "***")
    return text


def _connection_failure(context) -> None:
    """A server that cannot be reached or refuses us: one line naming host:port and what to check,
    instead of the driver's multi-line text (which never holds the password, but is masked anyway)."""
    if context.connection is not None or context.dialect.name != "postgresql":
        return  # an error of a statement on a working connection: the caller reports it
    engine_url = context.engine.url if context.engine is not None else None
    if engine_url is None:
        return
    where = f"{engine_url.host or 'localhost'}:{engine_url.port or 5432}"
    original = context.original_exception
    state = getattr(original, "sqlstate", None)
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    reason = lines[0].rpartition("failed: ")[2] if lines else type(original).__name__
    reason = reason.removeprefix("FATAL:").strip()
    said = reason.lower()
    if state in ("28P01", "28000") or "password" in said or ("role" in said and "does not exist" in said):
        check = "check the user name and password in the database URL"
    elif state == "3D000" or ("database" in said and "does not exist" in said):
        check = f"create the database (createdb -h {engine_url.host or 'localhost'} {engine_url.database}) or fix its name in the URL"
    elif state in ("53300", "57P03") or "too many" in said or "starting up" in said:
        check = "the server cannot take this connection now; try again or ask its administrator"
    else:
        check = "check that the server runs and accepts TCP connections there, and the host and port in the database URL"
    message = f"cannot use the PostgreSQL database {engine_url.database!r} at {where}: {reason}; {check}"
    raise StoreError(_hide(message, engine_url))


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', '')}".strip())
