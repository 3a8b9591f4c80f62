"""The facts the timeline proves: `verify` and `restore` replay the sealed events and name each row
and fact that was edited behind the tool's back."""

from __future__ import annotations

import json

import pytest

from tests.backup_helpers import fill

LATE = ("open", "Laptop gestolen", "--aware", "2026-11-19 09:15", "--discovered", "2026-11-19 08:50",
        "--description", "Uit de auto")


@pytest.fixture(autouse=True)
def profile(home):
    """A profile as an older release kept it: the first command moves it into the store (records.orgs)."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('[organisation]\nname = "Voorbeeld B.V."\n', encoding="utf-8")


def late_breach(cli) -> None:
    """DL-2026-001: aware Thursday 09:15, its AP notice today (late), a customers notice, an assessment, a decision."""
    for args in (
        LATE,
        ("update", "1", "--data", "name,email", "--persons", "120"),
        ("notified", "1", "ap", "--at", "today 11:00", "--delay-reason", "Omvang pas vandaag bekend"),
        ("notified", "1", "customers", "--at", "today 11:30"),
        ("assess", "1", "--protected", "no", "--confidentiality", "exposed", "--integrity", "none",
         "--availability", "none", "--malicious", "yes", "--no-input"),
        ("decide", "1", "subjects", "yes", "--by", "J. de Vries (FG)"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)


def made_timely(file) -> None:
    """The edits of the issue in a JSON backup: aware_at moved 24 h later, the late AP notice made timely."""
    text = file.read_text(encoding="utf-8").splitlines(keepends=True)
    table = None
    for number, line in enumerate(text):
        item = json.loads(line)
        if isinstance(item, dict):
            table = item.get("table")
            continue
        if table == "incident":
            item[5] = "2026-11-20T08:15:00.000000+00:00"
        elif table == "notice" and item[2] == "ap":
            item[4], item[5] = "2026-11-23T08:15:00.000000+00:00", False
        text[number] = json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"
    file.write_text("".join(text), encoding="utf-8")


def test_a_store_made_by_the_commands_verifies_intact_with_every_fact_provable(cli, clock):
    fill(cli, clock)
    result = cli("verify")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("intact: ") and "not provable" not in result.stdout


@pytest.mark.sqlite_only
def test_the_edits_of_the_issue_in_the_sqlite_file_are_each_named(cli, backend):
    late_breach(cli)
    assert cli("verify").exit_code == 0
    assert "LATE" in cli("show", "1").stdout
    with backend.raw() as conn:
        conn.execute("UPDATE incident SET aware_at = '2026-11-20 08:15:00.000000', title = 'Niets aan de hand'")
        conn.execute("UPDATE notice SET late = 0, deadline_at = '2026-11-23 08:15:00.000000' WHERE obligation = 'ap'")
    result = cli("verify")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "DL-2026-001: incident.title is 'Niets aan de hand' in the store, the timeline says 'Laptop gestolen'",
        "DL-2026-001: incident.aware_at is 2026-11-20 09:15 +01:00 in the store, the timeline says 2026-11-19 09:15 +01:00",
        "DL-2026-001: notice 1 (ap).deadline_at is 2026-11-23 09:15 +01:00 in the store, the timeline says "
        "2026-11-22 09:15 +01:00",
        "DL-2026-001: notice 1 (ap).late is no in the store, the timeline says yes",
    ]
    assert result.stderr.startswith("NOT intact: 4 problem(s) found checking ")


@pytest.mark.sqlite_only
def test_every_fact_the_register_and_the_letters_show_is_proved(cli, clock, backend):
    """An edit of any column of a breach, notice, decision or assessment is named."""
    late_breach(cli)
    cli("close", "1", "--reason", "afgehandeld", "--force")
    text, flag, moment = "COALESCE({c}, '') || 'x'", "1 - COALESCE({c}, 0)", "'2026-11-01 00:00:00.000000'"
    edits = {
        "incident": {"ref": "'DL-2026-009'", "title": text, "status": "'open'", "role": "'processor'",
                     "aware_at": moment, "discovered_at": "NULL", "occurred_from": moment, "occurred_to": moment,
                     "description": text, "how_discovered": text, "reported_by": text, "ap_window_hours": "96",
                     "customers_window_hours": "48", "breach_types": "'[\"integrity\"]'", "data_categories": "'[]'",
                     "special_categories": "'[\"health\"]'", "person_categories": "'[\"staff\"]'", "persons_min": "1",
                     "persons_max": "2", "records": "3", "consequences": text, "measures_taken": text,
                     "measures_planned": text, "cross_border": flag, "high_risk": flag, "created_at": moment,
                     "closed_at": "NULL", "close_reason": text},
        "notice": {"obligation": "'subjects'", "at": moment, "deadline_at": moment, "late": flag, "reference": text,
                   "delay_reason": text, "recorded_at": moment},
        "decision": {"obligation": "'ap'", "notify": flag, "reason": text, "decided_by": text, "recommended": flag,
                     "departs": flag, "at": moment},
        "assessment": {"enisa_score": "enisa_score + 1", "enisa_band": text, "ap_severity": text,
                       "recommend_ap": flag, "recommend_subjects": flag, "example": text, "answers": "'{}'",
                       "severity_explanation": text, "reasons": "'{}'", "at": moment},
    }
    with backend.raw() as conn:
        for table, columns in edits.items():
            assignments = ", ".join(c + ' = ' + v.replace('{c}', c) for c, v in columns.items())
            conn.execute(f"UPDATE {table} SET {assignments} WHERE id = 1")
    result = cli("verify")
    assert result.exit_code == 1
    named = set()
    for line in result.stdout.splitlines():
        if " in the store, the timeline says " in line:
            what = line.split(": ", 1)[1].split(" is ", 1)[0]  # incident.title, notice 1 (subjects).late, ...
            named.add((what.split(" ", 1)[0].split(".")[0], what.rsplit(".", 1)[1]))
    expected = {(table, column) for table, columns in edits.items() for column in columns}
    assert expected - named == set(), result.stdout



@pytest.mark.sqlite_only
def test_a_row_added_or_removed_behind_the_tools_back_is_named(cli, backend):
    late_breach(cli)
    with backend.raw() as conn:
        conn.execute("DELETE FROM decision")
        conn.execute("INSERT INTO notice (incident_id, obligation, at, deadline_at, late, recorded_at) "
                     "VALUES (1, 'subjects', '2026-11-23 10:00:00.000000', NULL, 0, '2026-11-23 10:00:00.000000')")
    lines = cli("verify").stdout.splitlines()
    assert "DL-2026-001: notice 3 (subjects) is in the store, the timeline has no event for it (it was added " \
           "behind the tool's back)" in lines
    assert "DL-2026-001: the timeline records a subjects decision of 2026-11-23 12:00 +01:00, the store has no row " \
           "for it (it was removed)" in lines


def test_a_hand_edited_json_backup_restores_with_each_edit_named_and_exit_1(cli, tmp_path, monkeypatch):
    late_breach(cli)
    file = tmp_path / "b.jsonl"
    assert cli("backup", str(file), "--format", "json").exit_code == 0
    made_timely(file)
    monkeypatch.delenv("BREACH_DATABASE_URL", raising=False)  # into a new SQLite store, whichever the backup's

    restored = cli("--home", str(tmp_path / "new"), "restore", str(file))
    assert restored.exit_code == 1
    said = [line for line in restored.stderr.splitlines() if not line.startswith("note: no organisation profile")]
    assert said[:3] == [
        "DL-2026-001: incident.aware_at is 2026-11-20 09:15 +01:00 in the store, the timeline says 2026-11-19 09:15 +01:00",
        "DL-2026-001: notice 1 (ap).deadline_at is 2026-11-23 09:15 +01:00 in the store, the timeline says "
        "2026-11-22 09:15 +01:00",
        "DL-2026-001: notice 1 (ap).late is no in the store, the timeline says yes",
    ]
    assert "NOT intact (3 problem(s)" in said[3]
    assert cli("--home", str(tmp_path / "new"), "verify").exit_code == 1


def test_verify_against_an_export_names_the_edited_rows_too(cli, tmp_path, backend, monkeypatch):
    late_breach(cli)
    export = tmp_path / "register.json"
    assert cli("export", "--format", "json", "--out", str(export)).exit_code == 0
    file = tmp_path / "b.jsonl"
    assert cli("backup", str(file), "--format", "json").exit_code == 0
    made_timely(file)
    monkeypatch.delenv("BREACH_DATABASE_URL", raising=False)  # into a new SQLite store, whichever the backup's
    assert cli("--home", str(tmp_path / "new"), "restore", str(file)).exit_code == 1
    verified = cli("--home", str(tmp_path / "new"), "verify", "--against", str(export))
    assert verified.exit_code == 1
    assert "DL-2026-001: notice 1 (ap).late is no in the store, the timeline says yes" in verified.stdout


@pytest.mark.sqlite_only
@pytest.mark.parametrize("number", ["0001", "0002"])
def test_a_released_store_verifies_intact_and_says_what_its_events_cannot_prove(home, cli, number):
    from tests.old_stores import load_store

    home.mkdir(exist_ok=True)
    load_store(home / "breach.db", number)
    verified = cli("verify")
    assert verified.exit_code == 0, verified.stdout
    [note] = [line for line in verified.stdout.splitlines() if "not provable" in line]
    assert note.startswith("note: ") and "incident.description, incident.discovered_at, incident.occurred_from, " in note
    assert "are not provable for events before this release" in note
