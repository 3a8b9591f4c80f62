"""Stores for the backup tests: one that holds a row in every table, the rows of a store read back
whole, and a home whose store is a fresh PostgreSQL database when BREACH_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

SECRET = "s3cr3t-t0ken"
POSTGRES_URL = os.environ.get("BREACH_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]
"""PostgreSQL cases are generated only when a server is given (CI always gives one): they are not
collected at all without it, so a local run never counts them as passed or skipped."""


def fill(cli, clock) -> None:
    """Two breaches touching every table: facts, notes, an assessment, decisions, notifications, a
    closing, a channel with a secret, a failed reminder delivery, an ack, a remind run, the
    calendar's store identity, an open and a dismissed signal, and a user of `breach serve`. The clock moves by odd microseconds: instants must come back exact."""

    def step(*args: str) -> None:
        clock.advance(seconds=7, microseconds=123457)
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)

    step("channels", "add", f"json://user:{SECRET}@127.0.0.1:9/hook")
    step("open", "Laptop gestolen", "--aware", "today 09:00", "--discovered", "today 08:30")
    step("update", "1", "--data", "name,email", "--persons", "120", "--measures-taken", "Laptop op afstand gewist; één sleutel")
    step("note", "1", "Politie gebeld")
    step("assess", "1", "--protected", "encrypted", "--confidentiality", "none", "--integrity", "none",
         "--availability", "none", "--malicious", "no", "--no-input")
    step("decide", "1", "ap", "no", "--reason", "versleuteld", "--by", "J. de Vries (FG)")
    step("notified", "1", "customers", "--at", "today 11:00", "--reference", "mail aan klanten")
    step("close", "1", "--reason", "afgehandeld")
    step("open", "Mail in CC", "--aware", "today 10:15")
    clock.advance(microseconds=1)
    cli("remind")  # the channel's port is closed: a failed delivery to retry, and a remind run
    step("ack", "2")
    step("calendar", "2")
    step("signal", "Nieuwsbrief in CC", "--reporter", "Anna")
    step("signal", "Testbericht")
    step("dismiss", "2", "--reason", "geen persoonsgegevens")
    clock.advance(microseconds=1)
    added = cli("users", "add", "jdevries", "--email", "fg@example.nl", "--password-stdin", input="correct horse battery\n")
    assert added.exit_code == 0, added.stderr


def rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, ordered by primary key; instants as aware UTC (SQLite and PostgreSQL
    hand them back naive), JSON values parsed."""
    from sqlalchemy import create_engine, select

    from breach.store.backup import tables

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: [
                    tuple(_utc(value) for value in row)
                    for row in connection.execute(select(table).order_by(*table.primary_key.columns))
                ]
                for table in tables()
            }
    finally:
        engine.dispose()


def _utc(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def new_database(created: list[str]) -> str:
    """A new, empty PostgreSQL database on the test server; its URL. Dropped by `drop_databases`."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(POSTGRES_URL)
    name = f"bk_{uuid.uuid4().hex[:12]}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    created.append(name)
    return base.set(database=name).render_as_string(hide_password=False)


def drop_databases(created: list[str]) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for name in created:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def make_home(tmp_path: Path, name: str, backend: str, created: list[str]) -> tuple[Path, str]:
    """A data home whose store is on `backend`; (home, database URL)."""
    home = tmp_path / name
    home.mkdir(mode=0o700)
    if backend == "postgresql":
        url = new_database(created)
        (home / "config.toml").write_text(f'database_url = "{url}"\n')
        return home, url
    return home, f"sqlite:///{home / 'breach.db'}"
