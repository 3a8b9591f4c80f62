"""`breach backup` and `breach restore` end to end: round trips between SQLite and PostgreSQL that keep
every row, the register export and the timeline seals; a copy taken while another process writes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from breach.store.models import SCHEMA_REVISION
from tests.backup_helpers import BACKENDS, SECRET, drop_databases, fill, make_home, rows

pytestmark = pytest.mark.own_stores  # each test picks its stores (BACKENDS: PostgreSQL when the test server is given)


@pytest.fixture
def databases():
    created: list[str] = []
    yield created
    if created:
        drop_databases(created)


PAIRS = [(source, target, kind) for source in BACKENDS for target in BACKENDS for kind in ("sqlite", "json")
         if not (kind == "sqlite" and source == "postgresql")]


@pytest.mark.parametrize(("source", "target", "kind"), PAIRS)
def test_a_round_trip_keeps_every_row_the_register_and_the_seals(cli, clock, tmp_path, databases, source, target, kind):
    old_home, old_url = make_home(tmp_path, "old", source, databases)
    new_home, new_url = make_home(tmp_path, "new", target, databases)
    old = lambda *args, **kw: cli("--home", str(old_home), *args, **kw)  # noqa: E731
    new = lambda *args, **kw: cli("--home", str(new_home), *args, **kw)  # noqa: E731
    fill(old, clock)
    file = tmp_path / "backup.file"

    made = old("backup", str(file), "--format", kind)
    assert made.exit_code == 0, made.stderr
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert SECRET not in made.stdout + made.stderr
    restored = new("restore", str(file), "--yes")
    assert restored.exit_code == 0, restored.stderr
    assert SECRET not in restored.stdout + restored.stderr
    assert restored.stdout.startswith(f"Restored {file} ({kind}) into ")
    before = rows(old_url)
    assert [table for table in before if not before[table]] == ["heartbeat", "controller"]  # every table takes part
    # but the heartbeats of running `breach watch` processes, which none of these commands leaves, and a processor's
    # controllers (their round trip: tests/records/test_controllers.py)
    assert f": {len(before['incident'])} breaches, {len(before['event'])} timeline events, 1 notification, " in restored.stdout

    assert rows(new_url) == before
    assert new("export", "--format", "json").stdout == old("export", "--format", "json").stdout
    events = len(before["event"])
    assert new("verify").stdout.startswith(f"intact: {events} timeline events in 2 breaches")
    assert new("open", "Derde", "--aware", "today 11:00").stdout.startswith("Opened DL-2026-003: Derde")
    assert new("note", "2", "na het terugzetten").exit_code == 0
    assert new("verify").stdout.startswith(f"intact: {events + 2} timeline events in 3 breaches")


def test_backup_prints_one_line_with_the_counts_and_json_on_request(cli, clock, home, tmp_path):
    fill(cli, clock)
    file = tmp_path / "nightly.db"
    line = cli("backup", str(file)).stdout
    assert line == (f"Backed up {home / 'breach.db'} to {file} (sqlite): 2 breaches, 10 timeline events, 1 notification, "
                    "1 assessment, 1 decision, 1 channel, 1 reminder delivery, 1 acknowledgement\n")
    doc = json.loads(cli("backup", str(tmp_path / "nightly.jsonl"), "--format", "json", "--json").stdout)
    assert doc["format"] == "json" and doc["schema"] == SCHEMA_REVISION
    assert doc["rows"]["incident"] == 2 and doc["rows"]["event_seal"] == 10 and doc["rows"]["counter"] == 1
    assert doc["created_at"] == clock().in_tz("UTC").isoformat(timespec="microseconds")


def test_an_existing_file_is_kept_without_force_and_replaced_with_it(cli, clock, tmp_path):
    fill(cli, clock)
    file = tmp_path / "backup.db"
    file.write_text("yesterday's")
    refused = cli("backup", str(file))
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: backup file: {file} exists (add --force to replace it; nothing was written)\n"
    assert file.read_text() == "yesterday's"
    assert cli("backup", str(file), "--force").exit_code == 0
    assert file.read_bytes().startswith(b"SQLite format 3\x00")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_link_or_a_missing_folder_is_refused_and_nothing_is_written(cli, tmp_path):
    target = tmp_path / "elsewhere.db"
    target.write_text("keep")
    link = tmp_path / "link.db"
    link.symlink_to(target)
    refused = cli("backup", str(link), "--force")
    assert refused.exit_code == 1 and "is a link" in refused.stderr
    assert target.read_text() == "keep"
    missing = cli("backup", str(tmp_path / "no" / "such.db"))
    assert missing.exit_code == 1 and "does not exist (expected an existing folder)" in missing.stderr


def test_the_store_itself_is_never_the_backup_file(cli, home):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    before = rows(f"sqlite:///{home / 'breach.db'}")
    for name in ("breach.db", "breach.db-wal"):
        result = cli("backup", str(home / name), "--force")
        assert result.exit_code == 1
        assert result.stderr == (f"Error: backup file: {home / name} is the store itself (expected a file outside it; "
                                 "nothing was written)\n")
    assert rows(f"sqlite:///{home / 'breach.db'}") == before


def test_an_unknown_format_is_refused_for_an_unknown_format(cli, tmp_path):
    result = cli("backup", str(tmp_path / "b"), "--format", "tar")
    assert result.exit_code == 1
    assert result.stderr == "Error: --format: 'tar' is not a backup format (accepted: sqlite, json)\n"


def test_restore_refuses_a_store_that_holds_anything_and_says_what(cli, clock, tmp_path):
    fill(cli, clock)
    file = tmp_path / "b.db"
    cli("backup", str(file))
    before = rows(f"sqlite:///{tmp_path / 'home' / 'breach.db'}")
    result = cli("restore", str(file))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: the store {tmp_path / 'home' / 'breach.db'} is not empty (2 breaches, "
                                    "10 timeline events, 1 notification,")
    assert result.stderr.endswith("restore only into an empty store (a new --home, or a new database in "
                                  "BREACH_DATABASE_URL); nothing was restored\n")
    assert rows(f"sqlite:///{tmp_path / 'home' / 'breach.db'}") == before


def wait_past(writer, events: int) -> None:
    """Read the writer's reports until a command committed after a copy that held `events` events:
    `opened n` leaves 2n-1 events, `noted n` 2n (a report may predate the copy, so count, not lines)."""
    while True:
        line = writer.stdout.readline().split()
        assert line, "the writer stopped"
        done, n = line[0], int(line[1])
        if (2 * n - 1 if done == "opened" else 2 * n) > events:
            return


def test_a_copy_taken_while_another_process_writes_is_a_committed_state(breach_cmd, cli, home, tmp_path):
    """A writer process opens breaches and adds notes with the installed command while the installed
    command takes backups. Every copy must restore and verify, and hold whole commands only: each
    `open` is one transaction that bumps the counter and adds a breach, its first event, its seal and
    its chain head; each `note` adds an event and its seal and moves the head."""
    script = (
        "import subprocess, sys\n"
        "for n in range(1, 400):\n"
        "    subprocess.run([sys.argv[1], 'open', f'Lek {n}', '--aware', '2026-11-23 09:00'], check=True, capture_output=True)\n"
        "    print('opened', n, flush=True)\n"
        "    subprocess.run([sys.argv[1], 'note', str(n), 'bijgewerkt'], check=True, capture_output=True)\n"
        "    print('noted', n, flush=True)\n"
    )
    env = {**os.environ, "BREACH_HOME": str(home), "BREACH_NOW": "2026-11-23T12:00Z"}
    writer = subprocess.Popen([sys.executable, "-c", script, str(Path(sys.executable).with_name("breach"))],
                              stdout=subprocess.PIPE, text=True, env=env)
    copies = []
    try:
        assert writer.stdout.readline().strip() == "opened 1"  # the writer is under way
        for kind in ("sqlite", "json"):
            file = tmp_path / f"copy.{kind}"
            made = breach_cmd("backup", str(file), "--format", kind, "--json", env={"BREACH_NOW": "2026-11-23T12:00Z"})
            assert made.returncode == 0, made.stderr
            copies.append((file, json.loads(made.stdout)["rows"]))
            if kind == "sqlite":
                wait_past(writer, json.loads(made.stdout)["rows"]["event"])
    finally:
        writer.terminate()
        writer.wait(timeout=30)
    sizes = []
    for file, counts in copies:
        target = tmp_path / f"restored-{file.suffix[1:]}"
        restored = cli("--home", str(target), "restore", str(file), "--json", "--yes")
        assert restored.exit_code == 0, restored.stderr
        assert json.loads(restored.stdout)["rows"] == counts
        assert cli("--home", str(target), "verify").stdout.startswith("intact: ")
        state = rows(f"sqlite:///{target / 'breach.db'}")
        breaches = len(state["incident"])
        assert state["counter"] == [("1/DL-2026", breaches)]
        assert len(state["event_chain"]) == breaches
        assert len(state["event_seal"]) == len(state["event"]) == sum(head[1] for head in state["event_chain"])
        assert len(state["event"]) in (2 * breaches - 1, 2 * breaches)  # the last note may be still to come
        sizes.append(len(state["event"]))
    assert sizes[0] < sizes[1]  # the second copy saw what was committed after the first: they ran while it grew


def test_a_backup_edited_after_it_was_written_restores_but_not_as_intact(cli, clock, tmp_path):
    fill(cli, clock)
    file = tmp_path / "b.jsonl"
    assert cli("backup", str(file), "--format", "json").exit_code == 0
    honest = cli("--home", str(tmp_path / "honest"), "restore", str(file), "--json", "--yes")
    assert honest.exit_code == 0 and "warning" not in honest.stderr
    assert json.loads(honest.stdout)["timelines_intact"] is True

    text = file.read_text(encoding="utf-8")
    assert text.count('"Politie gebeld"') == 1
    file.write_text(text.replace('"Politie gebeld"', '"Politie niet gebeld"'), encoding="utf-8")
    edited = cli("--home", str(tmp_path / "edited"), "restore", str(file), "--json", "--yes")
    assert edited.exit_code == 1, edited.stderr
    assert json.loads(edited.stdout)["timelines_intact"] is False
    assert edited.stderr.splitlines() == [
        "DL-2026-001: timeline event 3 was changed after it was recorded",
        "warning: the restored store is NOT intact (1 problem(s), named above): the backup was changed after it was "
        "written, or its store had been; it was restored, since it may be the only copy left",
    ]
    assert cli("--home", str(tmp_path / "edited"), "verify").exit_code == 1


@pytest.mark.sqlite_only
def test_an_older_sqlite_backup_is_refused_with_advice_that_works(cli, tmp_path):
    from tests.old_stores import load_store
    from tests.old_stores import rows as old_rows

    old = load_store(tmp_path / "breach.db.before-0002-20261123T161500Z", "0001")
    refused = cli("--home", str(tmp_path / "new"), "restore", str(old))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: {old} holds schema '0001_incident_log', this store has '{SCHEMA_REVISION}': copy it as "
        "breach.db into a new, empty data home: this breach upgrades it there on first use (e.g. `breach --home DIR "
        "db upgrade`); then back that up and restore the new backup here (nothing was restored)\n"
    )
    upgraded = tmp_path / "upgraded"
    upgraded.mkdir()
    (upgraded / "breach.db").write_bytes(old.read_bytes())
    assert cli("--home", str(upgraded), "db", "upgrade").exit_code == 0
    assert cli("--home", str(upgraded), "backup", str(tmp_path / "now.db")).exit_code == 0
    restored = cli("--home", str(tmp_path / "new"), "restore", str(tmp_path / "now.db"))
    assert restored.exit_code == 0, restored.stderr
    breaches, events = len(old_rows(old, "incident")), len(old_rows(old, "event"))
    assert f": {breaches} breaches, {events} timeline events" in restored.stdout


def test_a_new_store_that_only_saw_scheduled_remind_runs_still_takes_a_restore(cli, clock, tmp_path):
    fill(cli, clock)
    file = tmp_path / "b.db"
    assert cli("backup", str(file)).exit_code == 0
    new_home = tmp_path / "new"
    clock.advance(minutes=5)
    assert cli("--home", str(new_home), "remind").exit_code == 0  # cron, before the restore
    assert cli("--home", str(new_home), "calendar").exit_code == 0  # the store's identity
    restored = cli("--home", str(new_home), "restore", str(file), "--yes")
    assert restored.exit_code == 0, restored.stderr
    now, old = rows(f"sqlite:///{new_home / 'breach.db'}"), rows(f"sqlite:///{tmp_path / 'home' / 'breach.db'}")
    assert {table: now[table] for table in now if table != "remindrun"} == {
        table: old[table] for table in old if table != "remindrun"}
    [(host, at, sent, failed)] = now["remindrun"]
    assert [row[0] for row in old["remindrun"]] == [host]  # the same machine: its later run is kept
    assert at == clock() and (sent, failed) == (0, 0)
