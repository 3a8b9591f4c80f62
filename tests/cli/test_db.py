"""`breach db status` and `breach db upgrade` on stores the released code made (tests/data)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from breach.store import schema
from breach.store.models import SCHEMA_REVISION
from tests.old_stores import FIRST_RELEASE_TABLES, current_store, load_store, revision, snapshot, tables_of, upgraded

FIRST = "0001_incident_log"
PENDING = sorted(path.stem for path in (Path(__file__).parents[2] / "breach" / "migrations" / "versions").glob("0*.py"))[1:]
# the revisions after the first release, in order (their file names sort by number)
pytestmark = pytest.mark.sqlite_only  # stores the released code left as SQLite files


def test_status_of_a_first_release_store_names_what_is_pending_and_changes_nothing(cli, home):
    home.mkdir()
    path = load_store(home / "breach.db", "0001")
    before = snapshot(path, FIRST_RELEASE_TABLES)
    result = cli("db", "status")
    assert result.exit_code == 0, result.stderr
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines() if not line.startswith("this"))
    assert lines["database"] == f"sqlite {path}"
    assert lines["schema"] == FIRST
    assert lines["pending"].startswith(", ".join(PENDING) + " (")
    assert lines["backups"] == "none"
    assert f"this breach {SCHEMA_REVISION}" in result.stdout
    assert revision(path) == FIRST and snapshot(path, FIRST_RELEASE_TABLES) == before
    assert tables_of(path) == {*FIRST_RELEASE_TABLES, "alembic_version"}

    doc = json.loads(cli("db", "status", "--json").stdout)
    assert doc == {"database": str(path), "backend": "sqlite", "revision": FIRST, "head": SCHEMA_REVISION,
                   "current": False, "pending": PENDING, "backups": [], "unrecognised_tables": []}


def test_upgrade_keeps_every_row_backs_up_first_and_is_idempotent(cli, home):
    home.mkdir()
    path = load_store(home / "breach.db", "0001")
    before = snapshot(path, FIRST_RELEASE_TABLES)
    result = cli("db", "upgrade")
    assert result.exit_code == 0, result.stderr
    [backup] = schema.backups(path)
    assert result.stdout.strip() == (
        f"Upgraded the store's schema from {FIRST} to {SCHEMA_REVISION}; the store as it was is kept in {backup}"
    )
    assert backup.stat().st_mode & 0o777 == 0o600
    assert revision(backup) == FIRST and snapshot(backup, FIRST_RELEASE_TABLES) == before
    assert revision(path) == SCHEMA_REVISION and snapshot(path, FIRST_RELEASE_TABLES, like=before) == upgraded(before)
    assert cli("verify").exit_code == 0

    again = cli("db", "upgrade")
    assert again.exit_code == 0
    assert again.stdout.strip() == f"The store is already at {SCHEMA_REVISION}; nothing to do."
    assert schema.backups(path) == [backup]
    doc = json.loads(cli("db", "status", "--json").stdout)
    assert (doc["current"], doc["pending"], doc["backups"]) == (True, [], [str(backup)])


def test_upgrade_of_a_current_store_with_reminders_changes_nothing(cli, home):
    home.mkdir()
    path = current_store(home / "breach.db")
    every_table = sorted(tables_of(path))
    before = snapshot(path, every_table)
    result = cli("db", "upgrade")
    assert result.exit_code == 0 and "nothing to do" in result.stdout
    assert snapshot(path, every_table) == before and schema.backups(path) == []


def test_a_new_store_is_created_at_the_head(cli, home):
    result = cli("db", "upgrade")
    assert result.stdout.strip() == f"Created the schema of a new store at {SCHEMA_REVISION}"
    assert revision(home / "breach.db") == SCHEMA_REVISION


def test_a_store_newer_than_this_breach_is_one_error_line(cli, home):
    home.mkdir()
    path = load_store(home / "breach.db", "0002")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '0009_later_release'")
    db.close()
    status = cli("db", "status")
    assert status.exit_code == 0 and "NEWER than this breach" in status.stdout
    upgrade = cli("db", "upgrade")
    assert upgrade.exit_code == 1
    assert upgrade.stderr.strip().splitlines() == [
        f"Error: the store has schema '0009_later_release', this breach knows '{SCHEMA_REVISION}': "
        "install the breach release that wrote it"
    ]
    assert schema.backups(path) == []


def test_status_of_a_store_that_lost_its_revision_does_not_call_it_new(cli, home):
    home.mkdir()
    path = load_store(home / "breach.db", "0001")
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE alembic_version")
    db.close()
    result = cli("db", "status")
    assert result.exit_code == 0, result.stderr
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines() if not line.startswith("this"))
    assert lines["schema"] == ("none, yet it holds breach's tables (counter, event, incident, notice): not made by "
                               "breach, or damaged; restore a backup")
    assert lines["pending"] == "none: no command uses a store it does not recognise"
    doc = json.loads(cli("db", "status", "--json").stdout)
    assert doc["unrecognised_tables"] == ["counter", "event", "incident", "notice"] and doc["pending"] is None
    assert cli("list").exit_code == 1  # and indeed no command takes it for a new store


def test_status_of_a_new_store_says_the_next_command_creates_it_at_this_revision(cli):
    result = cli("db", "status")
    assert result.exit_code == 0, result.stderr
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines() if not line.startswith("this"))
    assert lines["schema"] == "none yet (a new, empty store)"
    assert lines["pending"] == f"none: the next command creates the store at {SCHEMA_REVISION}"
    doc = json.loads(cli("db", "status", "--json").stdout)
    assert (doc["revision"], doc["pending"], doc["current"]) == (None, [], False)
