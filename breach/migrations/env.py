"""Alembic's environment for breach's schema migrations.

breach runs these migrations itself (`breach.store.schema`): on the first use of an older store and on
`breach db upgrade`. It hands this script an open connection already inside the one transaction the
upgrade runs in (BEGIN IMMEDIATE on SQLite, a lock on `alembic_version` on PostgreSQL), so a failing
migration rolls back whole and leaves no `_alembic_tmp_*` table behind. Users need no alembic.ini.

Adding the next revision (a developer's job, after changing `breach/store/models.py`):

    python -m breach.migrations revision --autogenerate -m "what changed"

builds a scratch SQLite store at the current head, compares it with the models and writes
`versions/0003_what_changed.py` (the next number, then the message). Then, by hand:
- read the file: autogenerate misses renames and data moves; a new NOT NULL column on a table with
  rows needs a `server_default`; SQLite changes go through `op.batch_alter_table` (render_as_batch);
- set `SCHEMA_REVISION` in `breach/store/models.py` to the new revision id (a test checks they agree);
- add a store of the previous revision with rows to tests/store/test_migrations.py and check they survive.
- on SQLite the upgrade runs with foreign keys off (a batch migration copies and drops tables that
  others refer to, which SQLite refuses otherwise, even deferred); `PRAGMA foreign_key_check` then
  runs before the commit, and any dangling reference fails the whole upgrade.
A migration never imports `breach.store.models` for table definitions: it spells out the tables as they
are at that revision, so it still means the same thing after the models change again.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import breach.store.models  # noqa: F401  (registers every table on SQLModel.metadata)
from breach.migrations import context_options


def _configure(connection) -> None:
    context.configure(connection=connection, target_metadata=SQLModel.metadata, **context_options())


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:  # breach.store.schema: the caller owns the transaction (begin_transaction is a no-op)
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("breach's migrations run against a database, not as SQL scripts")
run_migrations_online()
