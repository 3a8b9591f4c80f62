"""The tamper-evident timeline: sealing in the session, and `verify` catching what plain SQL did."""

from __future__ import annotations

import json
from datetime import datetime

import pendulum
import pytest
from sqlalchemy import inspect

from breach.errors import Refused
from breach.records import incidents
from breach.store import chain
from tests.old_stores import drop_added_columns

AMS = "Europe/Amsterdam"
NOW = pendulum.datetime(2026, 11, 23, 12, 0, tz=AMS).in_tz("UTC")


def first_org(session) -> int:
    from breach.records.orgs import first

    return first(session, NOW).id


def facts(title: str) -> incidents.OpenFacts:
    return incidents.OpenFacts(
        title=title, aware_at=NOW.subtract(hours=2), discovered_at=None, occurred_from=None, occurred_to=None,
        description=None, reported_by=None, role="controller", ap_window_hours=72, customers_window_hours=24,
    )


@pytest.fixture
def store(backend):
    return backend.store()


def describe(row, position):
    return f"{position} ({row.kind})"


def run_verify(store) -> chain.Report:
    with store.read() as session:
        return chain.verify(session.connection(), describe)


def two_breaches(store) -> None:
    """DL-2026-001 with events 1 opened, 2-4 notes; DL-2026-002 with 1 opened, 2 note."""
    with store.write() as session:
        first = incidents.open_incident(session, facts("Laptop gestolen"), NOW, 2026, first_org(session))
        for n in (1, 2, 3):
            incidents.add_note(session, first, f"note {n}", NOW.add(minutes=n))
    with store.write() as session:
        second = incidents.open_incident(session, facts("Mail in CC"), NOW, 2026, first_org(session))
        incidents.add_note(session, second, "gebeld met de ontvanger", NOW)


def event_id(backend, ref: str, position: int) -> int:
    with backend.raw() as conn:
        return conn.execute(
            "SELECT e.id FROM event e JOIN incident i ON i.id = e.incident_id WHERE i.ref = ? ORDER BY e.id "
            "LIMIT 1 OFFSET ?", (ref, position - 1),
        ).fetchone()[0]


def test_every_event_is_sealed_in_its_breachs_chain_and_verifies_intact(store, backend):
    two_breaches(store)
    report = run_verify(store)
    assert report.intact and report.events == 6 and report.chains == 2
    with backend.raw() as conn:
        seals = conn.execute("SELECT incident_id, position, prev_hash, hash FROM event_seal ORDER BY event_id").fetchall()
        heads = dict(conn.execute("SELECT incident_id, length FROM event_chain").fetchall())
    assert [(s[0], s[1]) for s in seals] == [(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2)]
    assert seals[0][2] == chain.GENESIS and seals[1][2] == seals[0][3]  # each seal names the one before it
    assert heads == {1: 4, 2: 2}


def test_the_hash_is_sha256_over_the_previous_hash_and_the_canonical_content(store, backend):
    import hashlib

    two_breaches(store)
    with backend.raw() as conn:
        at, text, prev, sealed = conn.execute(
            "SELECT e.at, e.text, s.prev_hash, s.hash FROM event e JOIN event_seal s ON s.event_id = e.id WHERE e.id = 2"
        ).fetchone()
    moment = (pendulum.instance(at) if isinstance(at, datetime) else pendulum.parse(at)).in_tz("UTC").isoformat(timespec="microseconds").replace("Z", "+00:00")
    content = {"v": 1, "id": 2, "incident_id": 1, "at": moment, "kind": "note", "text": text, "data": {}}
    expected = hashlib.sha256((prev + "\n" + json.dumps(content, sort_keys=True, separators=(",", ":"))).encode()).hexdigest()
    assert text == "note 1" and sealed == expected


def test_an_event_edited_with_plain_sql_is_named(store, backend):
    two_breaches(store)
    with backend.raw() as conn:
        conn.execute("UPDATE event SET text = 'niets aan de hand' WHERE id = ?", (event_id(backend, "DL-2026-001", 3),))
    report = run_verify(store)
    assert [b.ref for b in report.breaks] == ["DL-2026-001"]
    assert report.breaks[0].kind == "changed"
    assert "timeline event 3 (note) was changed" in report.breaks[0].message


def test_an_edited_moment_or_data_is_caught_too(store, backend):
    two_breaches(store)
    with backend.raw() as conn:
        conn.execute("UPDATE event SET data = '{\"aware_at\": \"2026-11-22T00:00:00+00:00\"}' WHERE id = 1")
        conn.execute("UPDATE event SET at = '2026-11-20 10:00:00.000000' WHERE id = ?", (event_id(backend, "DL-2026-002", 2),))
    assert [(b.ref, b.kind) for b in run_verify(store).breaks] == [("DL-2026-001", "changed"), ("DL-2026-002", "changed")]


def test_a_deleted_event_is_named_with_or_without_its_seal(store, backend):
    two_breaches(store)
    middle = event_id(backend, "DL-2026-001", 2)
    with backend.raw() as conn:
        conn.execute("DELETE FROM event WHERE id = ?", (middle,))
    report = run_verify(store)
    assert [(b.ref, b.kind) for b in report.breaks] == [("DL-2026-001", "removed")]
    assert "timeline event 2 was removed" in report.breaks[0].message
    with backend.raw() as conn:
        conn.execute("DELETE FROM event_seal WHERE event_id = ?", (middle,))
    report = run_verify(store)
    assert [(b.ref, b.kind) for b in report.breaks] == [("DL-2026-001", "removed")]
    assert "an event before timeline event 3 (note) was removed" in report.breaks[0].message


def test_a_deleted_last_event_is_caught_by_the_head(store, backend):
    two_breaches(store)
    last = event_id(backend, "DL-2026-002", 2)
    with backend.raw() as conn:
        conn.execute("DELETE FROM event_seal WHERE event_id = ?", (last,))
        conn.execute("DELETE FROM event WHERE id = ?", (last,))
    report = run_verify(store)
    assert [(b.ref, b.kind) for b in report.breaks] == [("DL-2026-002", "removed")]
    assert "the last 1 timeline event(s) after event 1 were removed" in report.breaks[0].message


def test_an_event_inserted_with_plain_sql_is_named(store, backend):
    two_breaches(store)
    with backend.raw() as conn:
        conn.execute(
            "INSERT INTO event (incident_id, at, kind, text, data) VALUES (1, '2026-11-23 11:30:00.000000', 'note', "
            "'AP gebeld: niet melden', '{}')"
        )
    report = run_verify(store)
    assert [(b.ref, b.kind) for b in report.breaks] == [("DL-2026-001", "inserted")]
    assert "timeline event 5 (note) was inserted behind the tool's back" in report.breaks[0].message


def test_an_inserted_event_with_a_forged_seal_breaks_the_link_to_the_next(store, backend):
    two_breaches(store)
    with backend.raw() as conn:
        # the attacker slips an event in after position 2 and renumbers the later seals
        second_hash = conn.execute("SELECT hash FROM event_seal WHERE incident_id = 1 AND position = 2").fetchone()[0]
        conn.execute("UPDATE event_seal SET position = position + 10 WHERE incident_id = 1 AND position > 2")
        conn.execute("UPDATE event_seal SET position = position - 9 WHERE incident_id = 1 AND position > 10")
        conn.execute("INSERT INTO event (id, incident_id, at, kind, text, data) VALUES (100, 1, "
                     "'2026-11-23 11:30:00.000000', 'note', 'forged', '{}')")
        conn.execute("INSERT INTO event_seal VALUES (100, 1, 3, ?, ?, false)", (second_hash, "f" * 64))
    report = run_verify(store)
    assert [(b.ref, b.kind) for b in report.breaks] == [("DL-2026-001", "changed")]  # its forged seal does not match


def test_a_breach_removed_with_all_its_rows_leaves_a_gap_in_the_numbers(store, backend):
    two_breaches(store)
    with backend.raw() as conn:
        for table in ("event_seal", "event_chain", "event"):
            conn.execute(f"DELETE FROM {table} WHERE incident_id = 1")
        conn.execute("DELETE FROM incident WHERE id = 1")
    report = run_verify(store)
    assert [(b.ref, b.kind) for b in report.breaks] == [("DL-2026-001", "missing")]


def test_all_events_of_a_breach_removed_is_caught(store, backend):
    two_breaches(store)
    with backend.raw() as conn:
        conn.execute("DELETE FROM event_seal WHERE incident_id = 2")
        conn.execute("DELETE FROM event WHERE incident_id = 2")
    assert [(b.ref, b.kind) for b in run_verify(store).breaks] == [("DL-2026-002", "removed")]


def test_a_breach_left_without_any_timeline_is_caught(store, backend):
    two_breaches(store)
    with backend.raw() as conn:
        for table in ("event_seal", "event_chain", "event"):
            conn.execute(f"DELETE FROM {table} WHERE incident_id = 2")
    assert [(b.ref, b.kind) for b in run_verify(store).breaks] == [("DL-2026-002", "removed")]


def test_the_tool_itself_refuses_to_change_or_delete_an_event(store):
    two_breaches(store)
    from sqlmodel import select

    from breach.store.models import Event

    with pytest.raises(Refused, match="append-only"):
        with store.write() as session:
            event = session.exec(select(Event)).first()
            event.text = "anders"
    with pytest.raises(Refused, match="append-only"):
        with store.write() as session:
            session.delete(session.exec(select(Event)).first())
    assert run_verify(store).intact


def test_events_of_a_first_release_store_are_sealed_on_upgrade(store, backend):
    two_breaches(store)
    later = set(inspect(store.engine).get_table_names())
    store.dispose()
    with backend.raw() as conn:  # what the first release had: incidents, notices, events, the counter
        cascade = " CASCADE" if backend.name == "postgres" else ""
        for table in later - {"incident", "notice", "event", "counter", "alembic_version"}:
            conn.execute(f"DROP TABLE {table}{cascade}")
        drop_added_columns(conn.execute, backend.name)
        conn.execute("UPDATE alembic_version SET version_num = '0001_incident_log'")
    upgraded = backend.store()
    report = run_verify(upgraded)
    assert report.intact and report.events == 6 and report.adopted == 6
    with upgraded.write() as session:
        incidents.add_note(session, incidents.find(session, "DL-2026-001"), "na de upgrade", NOW)
    report = run_verify(upgraded)
    assert report.intact and report.events == 7 and report.adopted == 6
    upgraded.dispose()


# ---------------------------------------------------------------- the command


def test_verify_says_intact_with_the_count_and_exits_0(cli):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    cli("note", "1", "politie gebeld")
    result = cli("verify")
    assert result.exit_code == 0
    assert result.stdout.strip() == "intact: 2 timeline events in 1 breach"


def test_verify_names_the_breach_and_event_and_exits_1(cli, backend):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    cli("note", "1", "politie gebeld")
    with backend.raw() as conn:
        conn.execute("UPDATE event SET text = 'niets' WHERE kind = 'note'")
    result = cli("verify")
    assert result.exit_code == 1
    assert "DL-2026-001: timeline event 2 (note, Mon 2026-11-23 12:00 +01:00) was changed" in result.stdout
    assert "NOT intact: 1 problem(s)" in result.stderr


def test_verify_against_an_export_catches_a_consistently_rewritten_chain(cli, backend, tmp_path):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    cli("note", "1", "politie gebeld")
    kept = tmp_path / "register.json"
    assert cli("export", "--format", "json", "--out", str(kept)).exit_code == 0
    assert cli("verify", "--against", str(kept)).exit_code == 0
    # someone who knows the scheme rewrites the note and recomputes every seal and the head
    with backend.raw() as conn:
        conn.execute("UPDATE event SET text = 'niets' WHERE kind = 'note'")
        conn.execute("DELETE FROM event_seal")
        conn.execute("DELETE FROM event_chain")
    store = backend.store()
    with store.engine.begin() as connection:
        chain.adopt_unsealed(connection, NOW)
    store.dispose()
    assert cli("verify").exit_code == 0  # the store alone cannot tell
    result = cli("verify", "--against", str(kept))
    assert result.exit_code == 1
    assert "DL-2026-001: timeline event 2 differs from the export of" in result.stdout


def test_verify_against_a_file_that_is_not_an_export_is_one_clear_error(cli, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2]")
    result = cli("verify", "--against", str(bad))
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: --against:") and "a CSV or JSON file of `breach export`" in last


def test_verify_against_reads_csv_and_reformatted_json_exports_and_names_a_removed_breach(cli, backend, tmp_path):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    cli("open", "Mail in CC", "--aware", "today 09:00")
    kept = tmp_path / "register.json"
    cli("export", "--format", "json", "--out", str(kept))
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(json.loads(kept.read_text()), indent=4))
    csv_nl, csv_en = tmp_path / "register.csv", tmp_path / "register-en.csv"
    cli("export", "--out", str(csv_nl))
    cli("export", "--lang", "en", "--out", str(csv_en))
    assert cli("verify", "--against", str(csv_nl)).exit_code == 0
    with backend.raw() as conn:
        for table in ("event_seal", "event_chain", "event"):
            conn.execute(f"DELETE FROM {table} WHERE incident_id = 2")
        conn.execute("DELETE FROM incident WHERE id = 2")
        conn.execute("UPDATE counter SET last = 1")  # covering the tracks in the store itself
    assert cli("verify").exit_code == 0
    for export in (kept, pretty):
        result = cli("verify", "--against", str(export))
        assert result.exit_code == 1
        assert result.stdout.startswith("DL-2026-002: in the export of 2026-11-23T12:00:00+01:00, not in the store")
    for csv_export in (csv_nl, csv_en):
        result = cli("verify", "--against", str(csv_export))
        assert result.exit_code == 1
        assert result.stdout.startswith(f"DL-2026-002: in the export of {csv_export.name}, not in the store")


def test_every_command_that_writes_the_timeline_is_sealed(cli, tmp_path):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    cli("update", "1", "--type", "confidentiality", "--data", "name,email", "--persons", "40-60")
    cli("note", "1", "politie gebeld")
    cli("assess", "1", "--cause", "device-lost-stolen", "--protected", "no", "--confidentiality", "unknown",
        "--malicious", "yes", "--no-input")
    cli("decide", "1", "ap", "yes", "--by", "FG")
    cli("draft", "1", "ap", "--out", str(tmp_path / "ap.md"))
    cli("notified", "1", "ap", "--reference", "M-1")
    cli("notified", "1", "customers")
    cli("close", "1", "--reason", "afgehandeld", "--force")
    timeline = json.loads(cli("show", "1", "--json").stdout)["timeline"]
    result = cli("verify")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"intact: {len(timeline)} timeline events in 1 breach"
    assert len(timeline) >= 9
