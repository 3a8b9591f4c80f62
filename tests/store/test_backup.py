"""The backup file formats and every way a restore refuses: in one line, naming the line and table
where it can, and leaving the store exactly as empty as it was."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from breach.store import backup
from breach.store.models import SCHEMA_REVISION, Incident
from tests.backup_helpers import fill, rows

pytestmark = pytest.mark.own_stores  # SQLite files by path; restores into PostgreSQL are in test_cli_backup


@pytest.fixture
def filled(cli, clock, home):
    fill(cli, clock)
    return f"sqlite:///{home / 'breach.db'}"


@pytest.fixture
def json_backup(cli, filled, tmp_path):
    file = tmp_path / "backup.jsonl"
    assert cli("backup", str(file), "--format", "json").exit_code == 0
    return file


@pytest.fixture
def small(cli, home):
    """Enough for the refusals: a breach with two timeline events."""
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    cli("note", "1", "Politie gebeld")
    return f"sqlite:///{home / 'breach.db'}"


@pytest.fixture
def small_json(cli, small, tmp_path):
    file = tmp_path / "small.jsonl"
    assert cli("backup", str(file), "--format", "json").exit_code == 0
    return file


@pytest.fixture
def sqlite_backup(cli, small, tmp_path):
    file = tmp_path / "backup.db"
    assert cli("backup", str(file)).exit_code == 0
    return file


def lines(file) -> list[str]:
    return file.read_text(encoding="utf-8").splitlines(keepends=True)


def test_the_json_form_is_a_header_then_every_table_parents_first_then_an_end_marker(json_backup, filled, clock):
    stored = rows(filled)
    parsed = [json.loads(line) for line in lines(json_backup)]
    header, end = parsed[0], parsed[-1]
    assert header["format"] == "breach-backup" and header["version"] == 1 and header["schema"] == SCHEMA_REVISION
    assert datetime.fromisoformat(header["created_at"]) == clock()
    assert header["rows"] == {table: len(found) for table, found in stored.items()}
    assert end == {"end": "breach-backup", "rows": sum(len(found) for found in stored.values())}

    order = [item["table"] for item in parsed if isinstance(item, dict) and "table" in item]
    assert sorted(order) == sorted(stored)
    by_name = {table.name: table for table in backup.tables()}
    for position, name in enumerate(order):
        parents = {key.column.table.name for key in by_name[name].foreign_keys}
        assert parents <= set(order[:position]), f"{name} comes before its parent tables {parents}"


def test_instants_are_utc_with_microseconds_and_come_back_exact(json_backup, filled):
    events = rows(filled)["event"]
    assert any(event[2].microsecond for event in events)  # the fill moved the clock by odd microseconds
    parsed = [json.loads(line) for line in lines(json_backup)]
    start = next(i for i, item in enumerate(parsed) if isinstance(item, dict) and item.get("table") == "event")
    written = [row[2] for row in parsed[start + 1:start + 1 + len(events)]]
    assert written == [event[2].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00") for event in events]


def test_the_sqlite_form_is_one_self_contained_file_not_in_wal_mode(sqlite_backup, small):
    connection = sqlite3.connect(sqlite_backup)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_REVISION
    finally:
        connection.close()
    assert rows(f"sqlite:///{sqlite_backup}") == rows(small)


# ---------------------------------------------------------------- refusals


def restore_into_new(cli, tmp_path, file):
    target = tmp_path / "new"
    result = cli("--home", str(target), "restore", str(file))
    return result, target


def assert_nothing_restored(target) -> None:
    database = target / "breach.db"
    if database.exists() and database.stat().st_size:
        assert all(found == [] for found in rows(f"sqlite:///{database}").values())


def damaged(file, change) -> None:
    text = lines(file)
    file.write_text("".join(change(text)), encoding="utf-8")


def _row_index(text: list[str], table: str, number: int) -> int:
    start = next(i for i, line in enumerate(text) if line.startswith(f'{{"table":"{table}"'))
    return start + number


def break_event_moment(text):
    index = _row_index(text, "event", 2)
    row = json.loads(text[index])
    row[2] = "2026-11-23 12:00"  # no offset: which instant is it?
    text[index] = json.dumps(row) + "\n"
    return text


def break_row_length(text):
    index = _row_index(text, "incident", 1)
    text[index] = json.dumps(json.loads(text[index])[:-1]) + "\n"
    return text


def orphan_event(text):
    index = _row_index(text, "event", 1)
    row = json.loads(text[index])
    row[1] = 99
    text[index] = json.dumps(row) + "\n"
    return text


def other_schema(text):
    header = json.loads(text[0])
    header["schema"] = "0001_incident_log"
    return [json.dumps(header) + "\n", *text[1:]]


def line_of(file, change_index):
    return lambda: change_index(lines(file)) + 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda text: text[:-1], "ends after line {n}, before the backup's end marker: it is truncated (nothing was restored)"),
        (lambda text: [*text[:-3], text[-3][:25]], "line {n}: not valid JSON (the file ends in the middle of it: truncated) "
                                                    "(nothing was restored)"),
        (break_event_moment, "line {event2}: table event, row 2, column at: \"2026-11-23 12:00\" is not an instant "
                             "(ISO 8601 with an offset) (nothing was restored)"),
        (break_row_length, "line {incident1}: table incident, row 1: expected a list of {columns} values (nothing was restored)"),
        (orphan_event, ": its rows do not fit together (FOREIGN KEY constraint failed); the backup is damaged, "
                       "nothing was restored"),
        (other_schema, " holds schema '0001_incident_log', this store has '" + SCHEMA_REVISION + "': restore it with the "
                       "breach release that wrote it, then upgrade that store to this release (nothing was restored)"),
    ],
    ids=["cut-at-a-line", "cut-mid-line", "bad-instant", "short-row", "orphan-row", "other-schema"],
)
def test_a_damaged_json_backup_is_refused_in_one_line_and_nothing_is_restored(cli, tmp_path, small_json, change, message):
    text = lines(small_json)
    places = {"n": len(change(list(text))), "event2": _row_index(text, "event", 2) + 1,
              "incident1": _row_index(text, "incident", 1) + 1, "columns": len(Incident.__table__.columns)}
    damaged(small_json, change)
    result, target = restore_into_new(cli, tmp_path, small_json)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"Error: {small_json}")
    assert result.stderr.endswith(message.format(**places) + "\n")
    assert_nothing_restored(target)


@pytest.mark.parametrize("content", [b"", b"hello\n", b'{"register": {"format": "breach-register/1"}}\n', bytes(range(256)) * 4],
                         ids=["empty", "text", "a-register-export", "binary"])
def test_a_file_that_is_not_a_backup_is_refused_before_the_store_is_touched(cli, tmp_path, content):
    file = tmp_path / "something"
    file.write_bytes(content)
    result, target = restore_into_new(cli, tmp_path, file)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {file} is not a breach backup (expected a file written by `breach backup`: "
                             "a SQLite copy or JSON Lines)\n")
    assert not (target / "breach.db").exists()


def test_a_missing_file_is_named(cli, tmp_path):
    result, _ = restore_into_new(cli, tmp_path, tmp_path / "nope.db")
    assert result.exit_code == 1 and result.stderr == f"Error: {tmp_path / 'nope.db'} does not exist (expected a backup file written by `breach backup`)\n"


def test_a_truncated_sqlite_backup_is_refused(cli, tmp_path, sqlite_backup):
    data = sqlite_backup.read_bytes()
    sqlite_backup.write_bytes(data[: len(data) // 2])
    result, target = restore_into_new(cli, tmp_path, sqlite_backup)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {sqlite_backup}: the SQLite backup ")
    assert "damaged" in result.stderr
    assert_nothing_restored(target)


def test_a_sqlite_backup_of_another_schema_is_refused_with_both_revisions(cli, tmp_path, sqlite_backup):
    connection = sqlite3.connect(sqlite_backup)
    connection.execute("UPDATE alembic_version SET version_num = '0009_future'")
    connection.commit()
    connection.close()
    result, target = restore_into_new(cli, tmp_path, sqlite_backup)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {sqlite_backup} holds schema '0009_future', this store has '{SCHEMA_REVISION}': "
                             "a newer breach wrote it: install a release that knows that schema, then restore it "
                             "(nothing was restored)\n")
    assert_nothing_restored(target)


def test_a_sqlite_database_that_is_not_a_breach_store_is_refused(cli, tmp_path):
    file = tmp_path / "other.sqlite"
    connection = sqlite3.connect(file)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    result, _ = restore_into_new(cli, tmp_path, file)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {file} is a SQLite database but not a breach store or backup (it has no schema revision)\n"


def test_a_backup_of_a_later_format_version_is_refused(cli, tmp_path, small_json):
    damaged(small_json, lambda text: [text[0].replace('"version":1', '"version":2'), *text[1:]])
    result, _ = restore_into_new(cli, tmp_path, small_json)
    assert result.stderr == (f"Error: {small_json} is a breach backup of format version 2; this breach reads version 1 "
                             "(restore it with the breach release that wrote it)\n")


@pytest.mark.parametrize(
    ("value", "column", "accepted"),
    [
        ("2026-11-23T12:00:00.000001+01:00", "at", datetime(2026, 11, 23, 11, 0, 0, 1, tzinfo=UTC)),
        ("2026-11-23T12:00:00", "at", None),
        (1, "notify", None),
        (True, "notify", True),
        ("3", "incident_id", None),
        (None, "reason", None),
        (None, "decided_by", None),
    ],
)
def test_values_are_checked_against_their_column(value, column, accepted):
    from breach.store.models import Decision

    decode = backup._decoder(Decision.__table__.c[column])
    if accepted is None and not (value is None and Decision.__table__.c[column].nullable):
        with pytest.raises(backup.BadValue):
            decode(value)
    else:
        assert decode(value) == accepted


@pytest.mark.parametrize("kind", ["sqlite", "json"])
def test_a_backup_of_an_empty_store_restores_to_an_empty_store(cli, tmp_path, kind):
    file = tmp_path / f"empty.{kind}"
    made = cli("backup", str(file), "--format", kind)
    assert made.exit_code == 0 and made.stdout.endswith(f"({kind}): 0 breaches, 0 timeline events\n")
    result, target = restore_into_new(cli, tmp_path, file)
    assert result.stdout == f"Restored {file} ({kind}) into {target / 'breach.db'}: 0 breaches, 0 timeline events\n"
    assert cli("--home", str(target), "open", "Eerste", "--aware", "today 09:00").stdout.startswith("Opened DL-2026-001:")
