"""Schema migrations: the chain, the first release's schema exactly, upgrades that keep every row.

The old stores are tests/data/store_000N.sql: made by the released code of that revision with its own
commands (tools/make_old_stores.py), so their DDL and rows are what users have on disk.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from breach.errors import BreachError
from breach.store import schema
from breach.store.engine import Store, sqlite_url
from breach.store.models import SCHEMA_REVISION
from tests.old_stores import (
    FIRST_RELEASE_TABLES,
    current_store,
    ddl,
    load_store,
    normal_ddl,
    revision,
    rows,
    snapshot,
    tables_of,
    upgraded,
)

FIRST, SECOND = "0001_incident_log", "0002_reminders_register"
POSTGRES_URL = os.environ.get("BREACH_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
# The stores here are SQLite files as releases left them; PostgreSQL stores get their own tests below,
# whose database fixture reads BREACH_TEST_POSTGRES_URL itself.
pytestmark = pytest.mark.sqlite_only


def migrate_to(url: str, target: str) -> None:
    """`alembic upgrade TARGET` with breach's migrations, in one transaction, as breach runs them."""
    from alembic import command

    from breach.migrations import alembic_config

    store = Store(url)
    try:
        with store.writer.begin() as conn:
            command.upgrade(alembic_config(connection=conn), target)
    finally:
        store.dispose()


def create_all_and_stamp(url: str) -> None:
    store = Store(url)
    try:
        with store.read():
            pass
    finally:
        store.dispose()


@pytest.fixture
def database(tmp_path):
    """database(kind) -> URL of a new, empty database; PostgreSQL ones are dropped afterwards."""
    made = []

    def make(kind: str) -> str:
        if kind == "sqlite":
            return sqlite_url(tmp_path / f"{uuid.uuid4().hex[:8]}.db")
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"migrate_{uuid.uuid4().hex[:12]}"
        server = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append((server, name))
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    yield make
    from sqlalchemy import text

    for server, name in made:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


# ---------------------------------------------------------------- the chain


def test_the_migrations_form_one_numbered_chain_whose_head_is_the_models_revision():
    from breach.migrations import script_directory

    scripts = script_directory()
    assert scripts.get_heads() == [SCHEMA_REVISION]
    ordered = list(reversed(list(scripts.walk_revisions())))
    assert [s.revision for s in ordered] == schema.revisions()
    assert ordered[0].down_revision is None
    for previous, script in zip(ordered, ordered[1:], strict=False):
        assert script.down_revision == previous.revision
    numbers = [int(s.revision.split("_", 1)[0]) for s in ordered]
    assert numbers == list(range(1, len(ordered) + 1))
    assert [Path(s.path).stem for s in ordered] == [s.revision for s in ordered]
    assert schema.revisions()[:2] == [FIRST, SECOND]


def test_the_models_have_no_change_that_lacks_a_migration(tmp_path):
    """The developer's command (`python -m breach.migrations`, see env.py) as a gate: alembic check."""
    proc = subprocess.run([sys.executable, "-m", "breach.migrations", "check"], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No new upgrade operations detected" in proc.stdout


def test_migration_0001_makes_the_first_release_schema_byte_for_byte(tmp_path):
    released = load_store(tmp_path / "released.db", "0001")
    migrated = tmp_path / "migrated.db"
    migrate_to(sqlite_url(migrated), FIRST)
    assert revision(migrated) == FIRST
    assert ddl(migrated) == ddl(released)
    assert tables_of(migrated) == tables_of(released) == {*FIRST_RELEASE_TABLES, "alembic_version"}


def _described(url: str) -> dict:
    """Tables, columns, keys, indexes and constraints with their names, as the database reports them."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        found = inspect(engine)
        described = {}
        for table in sorted(found.get_table_names()):
            described[table] = {
                "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(table)],
                "primary": found.get_pk_constraint(table),
                "foreign": sorted((f["name"] or "", tuple(f["constrained_columns"]), f["referred_table"])
                                  for f in found.get_foreign_keys(table)),
                "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                                  for i in found.get_indexes(table)),
                "unique": sorted((u["name"], tuple(u["column_names"])) for u in found.get_unique_constraints(table)),
            }
        return described
    finally:
        engine.dispose()


def _differences_from_models(url: str) -> list:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    from breach.migrations import context_options

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts=context_options()), SQLModel.metadata)
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", BACKENDS)  # not `backend`: the pg branch's conftest parametrises that fixture
def test_all_migrations_from_nothing_give_what_create_all_and_stamp_give(kind, database):
    migrated, created = database(kind), database(kind)
    migrate_to(migrated, "head")
    create_all_and_stamp(created)
    assert _differences_from_models(migrated) == []
    assert _differences_from_models(created) == []
    assert _described(migrated) == _described(created)
    if kind == "sqlite":
        paths = [Path(url.removeprefix("sqlite:///")) for url in (migrated, created)]
        assert normal_ddl(paths[0], skip=()) == normal_ddl(paths[1], skip=())
        assert revision(paths[0]) == revision(paths[1]) == SCHEMA_REVISION


# ---------------------------------------------------------------- upgrading a first-release store


def _assert_upgraded_keeping_every_row(path: Path, before: dict, stderr: str) -> Path:
    assert revision(path) == SCHEMA_REVISION
    assert snapshot(path, FIRST_RELEASE_TABLES, like=before) == upgraded(before)
    lines = [line for line in stderr.splitlines() if "upgraded" in line]
    assert len(lines) == 1 and f"from {FIRST} to {SCHEMA_REVISION}" in lines[0]
    [backup] = schema.backups(path)
    assert str(backup) in lines[0]
    assert re.fullmatch(rf"breach\.db\.before-{SCHEMA_REVISION[:4]}-\d{{8}}T\d{{6}}Z", backup.name)
    assert backup.stat().st_mode & 0o777 == 0o600
    assert revision(backup) == FIRST
    assert snapshot(backup, FIRST_RELEASE_TABLES, like=before) == before
    events = rows(path, "event")
    seals = rows(path, "event_seal")
    assert sorted(seal[0] for seal in seals) == sorted(event[0] for event in events)
    assert all(seal[5] == 1 for seal in seals)  # adopted: sealed at the upgrade, not when recorded
    return backup


def test_the_first_real_command_upgrades_a_first_release_store_and_keeps_every_row(home, breach_cmd, cli):
    home.mkdir()
    path = load_store(home / "breach.db", "0001")
    before = snapshot(path, FIRST_RELEASE_TABLES)
    assert len(before["incident"]) == 3 and len(before["event"]) > 3 and len(before["notice"]) == 4

    listed = breach_cmd("list", "--all")
    assert listed.returncode == 0, listed.stderr
    assert "Laptop met klantgegevens gestolen uit auto" in listed.stdout
    _assert_upgraded_keeping_every_row(path, before, listed.stderr)

    verified = cli("verify")
    assert verified.exit_code == 0, verified.stdout + verified.stderr
    assert f"{len(before['event'])} timeline events in 3 breaches" in verified.stdout
    again = cli("list", "--all")
    assert again.exit_code == 0 and "upgraded" not in again.stderr
    assert len(schema.backups(path)) == 1


def test_a_command_that_writes_after_the_upgrade_continues_the_adopted_chain(home, cli):
    home.mkdir()
    path = load_store(home / "breach.db", "0001")
    before = snapshot(path, FIRST_RELEASE_TABLES)
    assert cli("note", "DL-2026-003", "Back-ups teruggezet; systemen draaien weer.").exit_code == 0
    assert snapshot(path, FIRST_RELEASE_TABLES, like=before)["incident"] == before["incident"]
    assert rows(path, "event")[: len(before["event"])] == before["event"]
    verified = cli("verify")
    assert verified.exit_code == 0, verified.stdout


def test_two_processes_on_a_first_release_store_one_upgrades_both_succeed(home):
    home.mkdir()
    path = load_store(home / "breach.db", "0001")
    before = snapshot(path, FIRST_RELEASE_TABLES)
    command = [str(Path(sys.executable).with_name("breach")), "list", "--all"]
    env = {**os.environ, "BREACH_HOME": str(home)}
    both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(proc.wait(timeout=60), *proc.communicate()) for proc in both]
    assert [code for code, _, _ in results] == [0, 0], results
    assert all("Laptop met klantgegevens gestolen uit auto" in out for _, out, _ in results)
    upgraders = [err for _, _, err in results if "upgraded" in err]
    assert len(upgraders) == 1, results
    _assert_upgraded_keeping_every_row(path, before, upgraders[0])


def test_a_migration_that_fails_halfway_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    path = load_store(tmp_path / "breach.db", "0001")
    before_rows, before_ddl = snapshot(path, FIRST_RELEASE_TABLES), ddl(path, skip=())

    from breach.store import chain

    def power_cut(*_args, **_kwargs):  # after 0002 created its tables, before it sealed the events
        raise RuntimeError("disk full")

    monkeypatch.setattr(chain, "adopt_unsealed", power_cut)
    store = Store(sqlite_url(path))
    with pytest.raises(BreachError, match=f"nothing was changed, the store is still at {FIRST}"):
        with store.read():
            pass
    store.dispose()
    assert revision(path) == FIRST
    assert ddl(path, skip=()) == before_ddl
    assert tables_of(path) == {*FIRST_RELEASE_TABLES, "alembic_version"}
    assert snapshot(path, FIRST_RELEASE_TABLES, like=before_rows) == before_rows

    monkeypatch.undo()
    store = Store(sqlite_url(path))
    with store.read():
        pass
    store.dispose()
    assert revision(path) == SCHEMA_REVISION
    assert snapshot(path, FIRST_RELEASE_TABLES, like=before_rows) == upgraded(before_rows)


# ---------------------------------------------------------------- a current store


def _upgraded(path: Path) -> Path:
    store = Store(sqlite_url(path))
    store.announce = lambda line: None
    with store.read():
        pass
    store.dispose()
    return path


def test_a_second_release_store_upgrades_keeping_every_row_and_backfills_first_paged(tmp_path):
    path = load_store(tmp_path / "breach.db", "0002")
    every_table = sorted(tables_of(path))
    before = snapshot(path, every_table)
    assert before["delivery"] and before["ack"]
    _upgraded(path)
    assert revision(path) == SCHEMA_REVISION
    deliveries = rows(path, "delivery")
    assert [row[:13] for row in deliveries] == [tuple(row) for row in before["delivery"]]
    assert all(row[15] == (row[11] or row[9]) for row in deliveries)  # first_at = sent_at, else claimed_at
    assert [row[:4] for row in rows(path, "ack")] == [tuple(row) for row in before["ack"]]
    assert all(row[8] == "cli" for row in rows(path, "ack"))
    kept = [t for t in every_table if t not in ("delivery", "ack", "alembic_version")]
    after = snapshot(path, kept)  # later revisions may add columns (at the end): the old ones keep every value
    assert {t: [tuple(row[:len(before[t][0])]) for row in after[t]] if before[t] else after[t] for t in kept} == \
        upgraded({t: [tuple(row) for row in before[t]] for t in kept})


def test_a_store_of_the_current_release_is_used_as_it_is(home, cli):
    home.mkdir()
    path = current_store(home / "breach.db")
    every_table = sorted(tables_of(path))
    before = snapshot(path, every_table)
    assert len(before["channel"]) == 2 and before["delivery"] and before["ack"] and before["decision"]

    listed = cli("list", "--all")
    assert listed.exit_code == 0, listed.stderr
    assert "upgraded" not in listed.stderr
    assert schema.backups(path) == []
    assert snapshot(path, every_table) == before
    verified = cli("verify")
    assert verified.exit_code == 0, verified.stdout + verified.stderr


def test_an_upgraded_first_release_store_has_the_schema_the_current_release_made(tmp_path):
    upgraded = _upgraded(load_store(tmp_path / "upgraded.db", "0001"))
    current = tmp_path / "current.db"
    create_all_and_stamp(sqlite_url(current))
    assert normal_ddl(upgraded) == normal_ddl(current)
    assert revision(upgraded) == revision(current) == SCHEMA_REVISION


def test_a_current_store_is_checked_without_importing_alembic(home):
    home.mkdir()
    current_store(home / "breach.db")
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "breach", "list"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "BREACH_HOME": str(home)},
    )
    assert proc.returncode == 0, proc.stderr
    modules = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "sqlalchemy" in modules  # the import log was read, and the store was opened
    assert not {name for name in modules if name.split(".")[0] in {"alembic", "mako"}}


# ---------------------------------------------------------------- PostgreSQL (when BREACH_TEST_POSTGRES_URL is set)


def _first_release_rows(url: str, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """The four first-release tables, read as the database has them (reflected, not through today's
    models, which have gained columns since); `columns`: only those, by name (the first release's)."""
    from sqlalchemy import MetaData, Table, create_engine, select

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = {}
            for name in FIRST_RELEASE_TABLES:
                table = Table(name, MetaData(), autoload_with=conn)
                wanted = [table.c[c] for c in columns[name]] if columns else list(table.c)
                found[name] = [tuple(_aware(value) for value in row)
                               for row in conn.execute(select(*wanted).order_by(*table.primary_key))]
            return found
    finally:
        engine.dispose()


FIRST_COLUMNS: dict[str, list[str]] = {}  # the first release's columns, as the released store has them


def _aware(value):
    """SQLite gives a reflected instant naive (it is UTC), PostgreSQL aware: compare them as instants."""
    from datetime import UTC, datetime

    return value.replace(tzinfo=UTC) if isinstance(value, datetime) and value.tzinfo is None else value


def _first_release_columns(url: str) -> dict[str, list[str]]:
    from sqlalchemy import MetaData, Table, create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {name: [c.name for c in Table(name, MetaData(), autoload_with=conn).columns] for name in FIRST_RELEASE_TABLES}
    finally:
        engine.dispose()


def _first_release_store_on_postgres(database, tmp_path) -> tuple[str, dict]:
    """A PostgreSQL store at 0001 holding the rows the first release wrote to tests/data/store_0001.sql."""
    from sqlalchemy import MetaData, Table, create_engine, insert

    source = sqlite_url(load_store(tmp_path / "source.db", "0001"))
    url = database("postgresql")
    migrate_to(url, FIRST)
    columns = _first_release_columns(source)
    released = _first_release_rows(source, columns)
    engine = create_engine(url)
    with engine.begin() as conn:
        for name in ("incident", "counter", "event", "notice"):
            table = Table(name, MetaData(), autoload_with=conn)
            conn.execute(insert(table), [dict(zip(columns[name], row, strict=True)) for row in released[name]])
    engine.dispose()
    FIRST_COLUMNS.update(columns)
    return url, released


if POSTGRES_URL:  # defined only then: an empty parameter list would count as a skipped test

    def test_two_processes_upgrade_a_first_release_store_on_postgresql_once(database, home, tmp_path):
        _two_processes_on_postgresql(database, home, tmp_path)

    def test_a_migration_that_fails_halfway_on_postgresql_changes_nothing(database, tmp_path, monkeypatch):
        _failing_halfway_on_postgresql(database, tmp_path, monkeypatch)


def _failing_halfway_on_postgresql(database, tmp_path, monkeypatch):
    from sqlalchemy import create_engine, inspect, text

    from breach.store import chain

    url, released = _first_release_store_on_postgres(database, tmp_path)

    def power_cut(*_args, **_kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(chain, "adopt_unsealed", power_cut)
    store = Store(url)
    with pytest.raises(BreachError, match=f"nothing was changed, the store is still at {FIRST}"):
        with store.read():
            pass
    store.dispose()
    engine = create_engine(url)
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) == {*FIRST_RELEASE_TABLES, "alembic_version"}
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == FIRST
    engine.dispose()
    assert _first_release_rows(url, FIRST_COLUMNS) == released


def _two_processes_on_postgresql(database, home, tmp_path):
    url, released = _first_release_store_on_postgres(database, tmp_path)
    assert _first_release_rows(url, FIRST_COLUMNS) == released
    command = [str(Path(sys.executable).with_name("breach")), "list", "--all"]
    env = {**os.environ, "BREACH_HOME": str(home), "BREACH_DATABASE_URL": url}
    both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(proc.wait(timeout=60), *proc.communicate()) for proc in both]
    assert [code for code, _, _ in results] == [0, 0], results
    upgraders = [err for _, _, err in results if "upgraded" in err]
    assert len(upgraders) == 1 and f"from {FIRST} to {SCHEMA_REVISION}" in upgraders[0], results
    assert _first_release_rows(url, FIRST_COLUMNS) == upgraded(released)
    verified = subprocess.run([command[0], "verify"], env=env, capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"{len(released['event'])} timeline events in 3 breaches" in verified.stdout


def test_a_future_batch_migration_may_copy_a_table_that_others_refer_to(tmp_path):
    """SQLite refuses to drop a referenced table inside a transaction with foreign keys on, even deferred;
    the upgrade transaction runs with them off and checks every reference before it commits."""
    import sqlalchemy as sa
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    path = load_store(tmp_path / "breach.db", "0002")
    before = snapshot(path, ("event", "notice", "delivery", "event_seal"))
    store = Store(sqlite_url(path))
    with schema._exclusive(store) as conn:
        operations = Operations(MigrationContext.configure(conn, opts={"render_as_batch": True}))
        with operations.batch_alter_table("incident", recreate="always") as batch:
            batch.add_column(sa.Column("sector", sa.String(), nullable=True))
    store.dispose()
    assert snapshot(path, ("event", "notice", "delivery", "event_seal"), like=before) == before
    assert all(row[-1] is None for row in rows(path, "incident")) and len(rows(path, "incident")) == 3
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
