"""Shared fixtures: a private data home per test, a fixed clock, two ways to run `breach`, and the
store's backend.

`cli` runs the command in-process with an injected clock (fast, for most cases); `breach_cmd`
runs the installed `breach` console script in a subprocess. Both, and every test that makes a
Store, depend on `backend`: such a test runs against the SQLite file in the data home and, when
BREACH_TEST_POSTGRES_URL names a PostgreSQL server, once more against PostgreSQL, in a database of its own.
Tests about the SQLite file itself carry `@pytest.mark.sqlite_only`.
"""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pendulum
import pytest
from typer.testing import CliRunner

from breach.cli.app import App
from breach.cli.main import app

AMS = "Europe/Amsterdam"


POSTGRES_URL = os.environ.get("BREACH_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("BREACH_TEST_REQUIRE_POSTGRES", "") not in ("", "0")
POSTGRES_HINT = (
    "PostgreSQL pass not run: set BREACH_TEST_POSTGRES_URL=postgresql+psycopg://USER@HOST:PORT/postgres "
    "(a user who may create databases) to run every store test against PostgreSQL too"
)


# ---------------------------------------------------------------- the backend of the store


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file itself; not run against PostgreSQL")
    config.addinivalue_line("markers", "postgres_only: about the PostgreSQL server; part of the PostgreSQL pass")
    config.addinivalue_line("markers", "own_stores: makes its stores itself on both backends (backup round trips); "
                                       "runs once, without BREACH_DATABASE_URL")
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            raise pytest.UsageError(
                "BREACH_TEST_REQUIRE_POSTGRES is set, BREACH_TEST_POSTGRES_URL is not: the PostgreSQL pass must run "
                "(postgresql+psycopg://USER@HOST:PORT/postgres, a user who may create databases)"
            )
        return
    try:
        _Postgres.connect_admin(POSTGRES_URL).close()
    except Exception as exc:
        raise pytest.UsageError(
            f"BREACH_TEST_POSTGRES_URL: cannot reach {_masked(POSTGRES_URL)} ({type(exc).__name__}: "
            f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''})"
        ) from None


def pytest_generate_tests(metafunc):
    """Every test that uses `backend` (directly, or through `cli`, `breach_cmd`, ...) runs per backend."""
    if "backend" not in metafunc.fixturenames:
        return
    names = ["sqlite"]
    if metafunc.definition.get_closest_marker("postgres_only") is not None:
        names = ["postgres"]  # not run without a server: left out in pytest_collection_modifyitems
    elif POSTGRES_URL and not any(metafunc.definition.get_closest_marker(m) for m in ("sqlite_only", "own_stores")):
        names.append("postgres")
    metafunc.parametrize("backend", names, indirect=True)


def pytest_collection_modifyitems(config, items):
    """Without a server the PostgreSQL-only tests are left out (deselected, not skipped): the summary
    line says the PostgreSQL pass did not run."""
    if POSTGRES_URL:
        return
    left_out = [item for item in items if item.get_closest_marker("postgres_only") is not None]
    if left_out:
        items[:] = [item for item in items if item.get_closest_marker("postgres_only") is None]
        config.hook.pytest_deselected(items=left_out)


_POSTGRES_COUNTS = {"passed": 0, "failed": 0}


def pytest_runtest_logreport(report):
    if "[postgres" in report.nodeid or "-postgres" in report.nodeid:
        if report.when == "call" and report.passed:
            _POSTGRES_COUNTS["passed"] += 1
        elif report.failed:
            _POSTGRES_COUNTS["failed"] += 1


def pytest_terminal_summary(terminalreporter):
    if getattr(terminalreporter.config, "workerinput", None) is not None:
        return
    if not POSTGRES_URL:
        terminalreporter.write_line(POSTGRES_HINT, yellow=True, bold=True)
    else:
        terminalreporter.write_line(
            f"PostgreSQL pass: {_POSTGRES_COUNTS['passed']} passed, {_POSTGRES_COUNTS['failed']} failed "
            f"against {_masked(POSTGRES_URL)}", bold=True,
        )


def _masked(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(a URL that cannot be parsed)"


class _Postgres:
    """This worker's databases on the server: a template with the current schema, made once, and one
    database per test. A test's database is emptied afterwards and given to the next test when its
    schema and settings are still the template's (a DELETE per table: milliseconds; copying the
    template costs 0.1-0.5 s, most of the PostgreSQL pass's set-up); one the test changed is dropped.
    All are dropped at the end; the names carry a random token, so two runs against one server never meet."""

    def __init__(self, admin_url: str, worker: str):
        from sqlalchemy.engine import make_url

        self.base = make_url(admin_url)
        self.prefix = f"breach_test_{worker}_{secrets.token_hex(4)}"
        self.template = f"{self.prefix}_template"
        self.counter = itertools.count(1)
        self.admin = self.connect_admin(admin_url)
        self._create(self.template, "template0")
        from breach.store.engine import Store

        store = Store(self.url(self.template))
        with store.write():
            pass
        store.dispose()
        self.clean: list[str] = []
        self.fingerprint = self._fingerprint(self.template)

    @staticmethod
    def connect_admin(admin_url: str):
        import psycopg
        from sqlalchemy.engine import make_url

        libpq = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
        return psycopg.connect(libpq, autocommit=True, connect_timeout=5)

    def url(self, database: str) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    def _create(self, name: str, template: str) -> None:
        self.admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def new_database(self, *, empty: bool = False) -> str:
        if not empty and self.clean:
            return self.clean.pop()
        name = f"{self.prefix}_{next(self.counter)}"
        self._create(name, "template0" if empty else self.template)
        return name

    FINGERPRINT = """
        SELECT (SELECT string_agg(version_num, ',') FROM alembic_version),
               (SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'),
               (SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'),
               (SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
                 WHERE d.datname = current_database())"""

    def _fingerprint(self, name: str, conn=None):
        if conn is not None:
            return conn.execute(self.FINGERPRINT).fetchone()
        with self.connect_admin(self.url(name)) as own:
            return own.execute(self.FINGERPRINT).fetchone()

    def release(self, name: str) -> None:
        """Empty a test's database for the next test, or drop it if the test changed more than rows."""
        try:
            with self.connect_admin(self.url(name)) as conn:
                if self._fingerprint(name, conn) != self.fingerprint:
                    raise LookupError("changed")
                conn.execute("SET lock_timeout = '2s'")
                conn.execute("SET session_replication_role = replica")
                tables = [t for (t,) in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")]
                for table in tables:
                    conn.execute(f'DELETE FROM "{table}"')
                conn.execute("SELECT setval(s.oid::regclass, 1, false) FROM pg_class s WHERE s.relkind = 'S'")
        except Exception:
            self.drop(name)
            return
        self.clean.append(name)

    def drop(self, name: str) -> None:
        self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        for name in self.clean:
            self.drop(name)
        self.drop(self.template)
        self.admin.close()


@pytest.fixture(scope="session")
def _postgres(worker_id):
    server = _Postgres(POSTGRES_URL, worker_id)
    yield server
    server.close()


class RawConnection:
    """A plain autocommit connection, as someone editing the store behind the tool's back would use:
    `execute(sql, params)` with `?` placeholders on both backends, foreign keys not enforced (SQLite's
    default; on PostgreSQL a superuser's `session_replication_role = replica`)."""

    def __init__(self, conn, placeholder: str):
        self.conn = conn
        self.placeholder = placeholder

    def execute(self, sql: str, params=()):
        if self.placeholder != "?":
            sql = sql.replace("?", self.placeholder)
        return self.conn.execute(sql, params)


@dataclass
class Backend:
    """The store a test runs against: `sqlite` (the file in the data home) or `postgres` (a database of
    its own, also in BREACH_DATABASE_URL for the commands the test runs)."""

    name: str
    home: Path
    url: str | None = None
    _server: object = field(default=None, repr=False)
    _databases: list = field(default_factory=list, repr=False)
    _stores: list = field(default_factory=list, repr=False)

    @property
    def store_url(self) -> str:
        from breach.config import DATABASE_NAME
        from breach.store.engine import sqlite_url

        return self.url or sqlite_url(self.home / DATABASE_NAME)

    def store(self, url: str | None = None):
        """A Store on this test's database (or on `url`), disposed when the test ends."""
        from breach.store.engine import Store
        from breach.store.files import ensure_private_dir

        if url is None and self.url is None:
            ensure_private_dir(self.home)
        store = Store(url or self.store_url)
        self._stores.append(store)
        return store

    def empty_url(self, sqlite_path: Path) -> str:
        """Another store, with no tables yet: `sqlite_path` on SQLite, a new empty database on PostgreSQL."""
        from breach.store.engine import sqlite_url

        if self.name == "sqlite":
            return sqlite_url(sqlite_path)
        name = self._server.new_database(empty=True)
        self._databases.append(name)
        return self._server.url(name)

    def contents(self) -> bytes:
        """Everything the store holds, to search for what must not be stored: the SQLite files' bytes,
        or every row of every table on PostgreSQL."""
        if self.name == "sqlite":
            return b"".join(path.read_bytes() for path in sorted(self.home.glob("breach.db*")))
        from sqlmodel import SQLModel

        import breach.store.models  # noqa: F401  (the tables)

        with self.raw() as conn:
            rows = [repr(row) for table in SQLModel.metadata.tables for row in conn.execute(f'SELECT * FROM "{table}"')]
        return "\n".join(rows).encode("utf-8")

    @contextmanager
    def raw(self, url: str | None = None):
        url = url or self.store_url
        if self.name == "sqlite":
            conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            try:
                yield RawConnection(conn, "?")
            finally:
                conn.close()
        else:
            conn = _Postgres.connect_admin(url)
            conn.execute("SET session_replication_role = replica")
            try:
                yield RawConnection(conn, "%s")
            finally:
                conn.close()

    def close(self) -> None:
        for store in self._stores:
            store.dispose()
        for name in self._databases:
            self._server.drop(name)


@pytest.fixture
def backend(request, home, monkeypatch):
    if request.param == "sqlite":
        chosen = Backend("sqlite", home)
    else:
        server = request.getfixturevalue("_postgres")
        name = server.new_database()
        chosen = Backend("postgres", home, server.url(name), server)
        monkeypatch.setenv("BREACH_DATABASE_URL", chosen.url)
    yield chosen
    chosen.close()
    if chosen.name == "postgres":
        server.release(name)


# ---------------------------------------------------------------- isolation, clock, runners


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """No test touches the user's real data home or a database URL from the environment."""
    monkeypatch.setenv("BREACH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BREACH_DATABASE_URL", raising=False)
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: pendulum.DateTime):
        self.current = start.in_tz("UTC")

    def __call__(self) -> pendulum.DateTime:
        return self.current

    def set(self, moment: pendulum.DateTime) -> None:
        self.current = moment.in_tz("UTC")

    def advance(self, **kwargs) -> None:
        self.current = self.current.add(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(pendulum.datetime(2026, 11, 23, 12, 0, tz=AMS))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def _command_built_once():
    """typer rebuilds the click command from every function's signature on each invoke (about 40 ms
    for this app); the in-process runs reuse one build. Patches the runner's private lookup:
    typer is pinned in constraints.txt."""
    import typer.main
    import typer.testing

    built = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda typer_app: built if typer_app is app else typer.main.get_command(typer_app))
        yield


@pytest.fixture
def cli_at(clock, backend, _command_built_once):
    """cli_at(home) -> a `cli` for another data home (another machine; on PostgreSQL the same server)."""

    def make(home: Path):
        runner = CliRunner()

        def run(*args: str, input: str | None = None) -> Result:
            obj = App(home=home, clock=clock)
            try:
                result = runner.invoke(app, list(args), obj=obj, input=input)
            finally:
                if obj._store is not None:  # a command's pooled connection goes with it, as when the process ends
                    obj._store.dispose()
            if result.exception and not isinstance(result.exception, SystemExit):
                raise result.exception
            return Result(result.exit_code, result.stdout, result.stderr)

        return run

    return make


@pytest.fixture
def cli(home, cli_at):
    """cli("open", "Title", "--aware", "...") -> Result, in-process, with the fake clock."""
    return cli_at(home)


def _installed_breach() -> str:
    beside = Path(sys.executable).with_name("breach")
    if beside.exists():
        return str(beside)
    found = shutil.which("breach")
    if not found:
        pytest.fail("the `breach` console script is not installed in this environment (pip install -e '.[test]')")
    return found


@pytest.fixture
def breach_cmd(home, backend):
    """breach_cmd("list", "--json") -> CompletedProcess, running the installed command (on PostgreSQL
    it gets BREACH_DATABASE_URL from the environment `backend` set)."""
    exe = _installed_breach()

    def run(*args: str, check: bool = False, env: dict | None = None, input: str | None = None):
        full_env = {**os.environ, "BREACH_HOME": str(home), **(env or {})}
        return subprocess.run(
            [exe, *args], capture_output=True, text=True, env=full_env, check=check, input=input, timeout=60
        )

    return run


@pytest.fixture
def http_receiver():
    from tests.receivers import HttpReceiver

    receiver = HttpReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def failing_receiver():
    """An HTTP endpoint that answers 500 to everything."""
    from tests.receivers import HttpReceiver

    receiver = HttpReceiver(status=500).start()
    yield receiver
    receiver.stop()


@pytest.fixture
def smtp_receiver():
    from tests.receivers import SmtpReceiver

    receiver = SmtpReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def ntfy_receiver():
    from tests.receivers import NtfyReceiver

    receiver = NtfyReceiver().start()
    yield receiver
    receiver.stop()
