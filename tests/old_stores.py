"""Stores as released code left them: tests/data/store_000N.sql, made by tools/make_old_stores.py."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

DATA = Path(__file__).parent / "data"
FIRST_RELEASE_TABLES = ("incident", "event", "notice", "counter")


def load_store(path: Path, number: str) -> Path:
    """A store file as the release of schema `number` left it (WAL, 0600, its DDL, its rows)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with sqlite3.connect(path) as db:
        db.executescript((DATA / f"store_{number}.sql").read_text(encoding="utf-8"))
        db.execute("PRAGMA journal_mode=WAL")
    db.close()
    return path


def rows(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()


def snapshot(path: Path, tables, like: dict[str, list[tuple]] | None = None) -> dict[str, list[tuple]]:
    """Every row of `tables`. With `like` (a snapshot of the released store), only the columns that store
    had: later revisions append nullable columns, and the rows must keep every released value."""
    found = {table: rows(path, table) for table in tables}
    if like is not None:
        for table, old in like.items():
            width = len(old[0]) if old else 0
            found[table] = [row[:width] if width else row for row in found[table]]
    return found


def upgraded(before: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """A released store's rows as the head keeps them: the same, but the id counters keyed by organisation
    (0007 moved `DL-2026` to `1/DL-2026`: every row belongs to the first organisation)."""
    if "counter" not in before:
        return before
    return {**before, "counter": [("1/" + prefix, *rest) for prefix, *rest in before["counter"]]}


def tables_of(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def ddl(path: Path, skip=("alembic_version",)) -> dict[str, str]:
    """Every table's and index's CREATE statement as SQLite keeps it (the text create_all wrote)."""
    with sqlite3.connect(path) as db:
        found = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall()
    # A table a migration copied (batch recreate) is renamed into place, and SQLite then quotes its name.
    return {f"{kind} {name}": re.sub(r'^CREATE TABLE "(\w+)"', r"CREATE TABLE \1", sql)
            for kind, name, table, sql in found if table not in skip}


def normal_ddl(path: Path, skip=("alembic_version",)) -> dict[str, str]:
    """`ddl` with what a table rebuilt by a batch migration (SQLite's rename) writes differently from
    create_all set aside: the quoted table name, and the order of the table's constraint lines. The
    columns, their order and every constraint's text still have to be the same."""
    out = {}
    for key, sql in ddl(path, skip).items():
        sql = re.sub(r'^CREATE TABLE "(\w+)"', r"CREATE TABLE \1", sql)
        head, _, rest = sql.partition("(\n")
        if rest:
            lines = [line.strip().rstrip(",").strip() for line in rest.rsplit("\n)", 1)[0].split("\n")]
            kinds = ("CONSTRAINT", "FOREIGN KEY", "PRIMARY KEY", "UNIQUE", "CHECK")
            columns = [line for line in lines if not line.startswith(kinds)]
            constraints = sorted(line for line in lines if line.startswith(kinds))
            sql = head + "(\n" + "\n".join(columns + constraints) + "\n)"
        out[key] = sql
    return out


def revision(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def current_store(path: Path) -> Path:
    """A store at the models' revision: the last released one (0002), upgraded once by the current code,
    its backup of the upgrade removed. (A revision not yet released has no dump in tests/data/.)"""
    from breach.store import schema
    from breach.store.engine import Store, sqlite_url
    from breach.store.models import SCHEMA_REVISION

    load_store(path, "0002")
    store = Store(sqlite_url(path))
    store.announce = lambda line: None
    with store.read():
        pass
    store.dispose()
    for backup in schema.backups(path):
        backup.unlink()
    assert revision(path) == SCHEMA_REVISION
    return path


# The columns later revisions added to the first release's tables. A test that makes a first-release store
# from a current one (dropping the newer tables) drops these too: `drop_added_columns(execute)`.
ADDED_COLUMNS = {
    "incident": ("other_supervisors", "other_dpas", "countries", "other_organisations", "ongoing", "delay_reason",
                 "records_basis", "records_note", "persons_description", "protection_detail", "harms", "extortion",
                 "subjects_informed_by", "texts"),
    "notice": ("count", "channels"),
}


def drop_added_columns(execute, backend: str = "sqlite") -> None:
    """The first release's incident, notice and counter rows, from a current store's: the columns later
    revisions added go, and 0007's organisation (`incident.org_id`, unique ids per organisation, counters
    keyed `1/DL-2026`) and 0008's `notice.controller_id` are undone."""
    if backend == "postgres":
        execute("ALTER TABLE incident DROP COLUMN org_id CASCADE")
        execute("ALTER TABLE incident ADD CONSTRAINT incident_ref_key UNIQUE (ref)")
        execute("ALTER TABLE notice DROP COLUMN controller_id CASCADE")
    else:
        _sqlite_rebuilt_without(execute, "incident", "org_id", ("uq_incident_org_ref", "fk_incident_org"), "UNIQUE (ref)")
        _sqlite_rebuilt_without(execute, "notice", "controller_id", ("controller",))
    execute("UPDATE counter SET prefix = substr(prefix, 3) WHERE substr(prefix, 1, 2) = '1/'")
    for table, columns in ADDED_COLUMNS.items():
        for column in columns:
            execute(f'ALTER TABLE {table} DROP COLUMN "{column}"')


def _sqlite_rebuilt_without(execute, table: str, column: str, constraints: tuple[str, ...], unique: str = "") -> None:
    """SQLite drops no column a constraint names: the table is rebuilt from its own DDL without `column` and
    the lines naming it or `constraints` (`unique`: a table constraint of the first release put back)."""
    (sql,) = execute(f"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'").fetchone()
    lines = [line for line in sql.split("\n") if column not in line and not any(c in line for c in constraints)]
    sql = "\n".join(lines)
    if unique:
        sql = sql.replace("PRIMARY KEY (id)", f"PRIMARY KEY (id), \n\t{unique}")
    sql = re.sub(r",\s*\n\)$", "\n)", sql.replace(f"CREATE TABLE {table}", f"CREATE TABLE {table}_old", 1))
    columns = [row[1] for row in execute(f"PRAGMA table_info({table})").fetchall() if row[1] != column]
    indexes = [row[0] for row in execute(f"SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' "
                                         f"AND sql IS NOT NULL AND sql NOT LIKE '%{column}%'").fetchall()]
    execute("PRAGMA foreign_keys=OFF")
    execute(sql)
    execute(f"INSERT INTO {table}_old ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {table}")
    execute(f"DROP TABLE {table}")
    execute(f"ALTER TABLE {table}_old RENAME TO {table}")
    for index in indexes:
        execute(index)
