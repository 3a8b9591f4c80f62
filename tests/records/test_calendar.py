"""`breach calendar`: the .ics file parses back with the right instants, alarms and stable UIDs."""

from __future__ import annotations

import os
import stat
from datetime import timedelta

import pendulum
from icalendar import Calendar

AMS = "Europe/Amsterdam"
HOUR = timedelta(hours=1)


def events(path) -> dict[str, dict]:
    """{obligation: {uid, start, status, sequence, summary, description, triggers}} read back with icalendar."""
    found = {}
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        uid = str(event["UID"])
        obligation = "customers" if "-customers-" in uid else "ap"
        found[obligation] = {
            "uid": uid,
            "start": event.decoded("DTSTART"),
            "status": str(event["STATUS"]),
            "sequence": int(event["SEQUENCE"]),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "triggers": [alarm.decoded("TRIGGER") for alarm in event.walk("VALARM")],
            "actions": [str(alarm["ACTION"]) for alarm in event.walk("VALARM")],
        }
    return found


def test_each_running_deadline_is_an_exact_instant_with_alarms_at_the_reminder_steps(cli, tmp_path):
    cli("open", "Laptop met cliëntdossiers gestolen", "--aware", "today 09:00")
    out = tmp_path / "d.ics"
    result = cli("calendar", "--out", str(out))
    assert result.exit_code == 0 and result.stdout.strip() == f"Wrote {out}: 2 running deadline(s)"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    found = events(out)
    assert found["ap"]["start"] == pendulum.datetime(2026, 11, 26, 8, 0, tz="UTC")  # 09:00 CET + 72 h
    assert found["customers"]["start"] == pendulum.datetime(2026, 11, 24, 8, 0, tz="UTC")  # + 24 h
    assert found["ap"]["triggers"] == [-48 * HOUR, -24 * HOUR, -12 * HOUR, -4 * HOUR, -1 * HOUR, timedelta(0)]
    assert found["customers"]["triggers"] == [-12 * HOUR, -4 * HOUR, -1 * HOUR, timedelta(0)]
    assert set(found["ap"]["actions"]) == {"DISPLAY"}
    assert found["ap"]["status"] == "CONFIRMED"
    assert found["ap"]["summary"] == "Datalek DL-2026-001: termijn melding AP"


def test_alarm_offsets_are_written_as_exact_hours_not_nominal_days(cli, tmp_path):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    out = tmp_path / "d.ics"
    cli("calendar", "1", "--out", str(out))
    text = out.read_text()
    assert "TRIGGER:-PT48H" in text and "TRIGGER:-PT24H" in text and "-P2D" not in text


def test_a_deadline_across_the_spring_change_is_72_real_hours(cli, clock, tmp_path):
    clock.set(pendulum.datetime(2026, 3, 28, 12, 0, tz=AMS))
    cli("open", "Mail in CC", "--aware", "2026-03-27 11:00")  # CET (+01:00); clocks go forward on 29 March
    out = tmp_path / "d.ics"
    cli("calendar", "--out", str(out))
    start = events(out)["ap"]["start"]
    assert start == pendulum.datetime(2026, 3, 30, 10, 0, tz="UTC")
    assert pendulum.instance(start).in_tz(AMS).hour == 12  # 11:00 CET + 72 h is 12:00 CEST


def test_uids_are_stable_and_a_met_deadline_is_cancelled_with_a_higher_sequence(cli, tmp_path):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    cli("calendar", "--out", str(first))
    cli("notified", "1", "ap", "--reference", "M-123")
    cli("calendar", "--out", str(second))
    before, after = events(first), events(second)
    assert before["ap"]["uid"] == after["ap"]["uid"] and before["customers"]["uid"] == after["customers"]["uid"]
    assert before["ap"]["uid"] != before["customers"]["uid"]
    assert after["ap"]["status"] == "CANCELLED" and after["ap"]["triggers"] == []
    assert after["ap"]["sequence"] > before["ap"]["sequence"]
    assert after["customers"]["status"] == "CONFIRMED"


def test_two_stores_never_share_a_uid(cli, tmp_path, home, monkeypatch):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    mine = tmp_path / "a.ics"
    cli("calendar", "--out", str(mine))
    cli("--home", str(tmp_path / "other"), "open", "Laptop gestolen", "--aware", "today 09:00")
    theirs = tmp_path / "b.ics"
    cli("--home", str(tmp_path / "other"), "calendar", "--out", str(theirs))
    assert events(mine)["ap"]["uid"] != events(theirs)["ap"]["uid"]


def test_the_calendar_carries_no_facts_of_the_breach(cli, tmp_path):
    cli("open", "Laptop met cliëntdossiers gestolen", "--aware", "today 09:00", "--description", "Jansen, BSN 123456782")
    cli("update", "1", "--data", "bsn", "--persons", "4817")
    out = tmp_path / "d.ics"
    cli("calendar", "--out", str(out), "--lang", "en")
    unfolded = Calendar.from_ical(out.read_bytes()).to_ical().decode().replace("\r\n ", "")
    text = "\n".join(line for line in unfolded.splitlines() if not line.startswith("UID:"))  # UIDs hold random hex
    for fact in ("Laptop", "cliënt", "Jansen", "123456782", "BSN", "4817", "4.817"):
        assert fact not in text
    ap = events(out)["ap"]
    assert "breach notified DL-2026-001 ap" in ap["description"]
    assert "Thursday 26 November 2026, 09:00" in ap["description"]


def test_a_processor_gets_only_the_deadline_to_tell_its_controller(cli, tmp_path):
    cli("open", "Back-up kwijt", "--aware", "today 09:00", "--role", "processor")
    out = tmp_path / "d.ics"
    cli("calendar", "--out", str(out))
    found = events(out)
    assert list(found) == ["customers"]
    assert found["customers"]["summary"] == "Datalek DL-2026-001: termijn informeren verwerkingsverantwoordelijke"


def test_calendar_of_an_unknown_breach_is_one_clear_line(cli):
    result = cli("calendar", "DL-2026-009")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: no breach DL-2026-009")


def test_alarms_follow_the_reminders_schedule_in_the_config(cli, home, tmp_path):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    cli("init", "--no-input", "--name", "Voorbeeld BV")
    settings = tmp_path / "settings.toml"
    settings.write_text("[reminders.ap]\nbefore = [6, 30]\nat_deadline = false\n")
    assert cli("settings", "import", str(settings)).exit_code == 0
    out = tmp_path / "d.ics"
    assert cli("calendar", "--out", str(out)).exit_code == 0
    found = events(out)
    assert found["ap"]["triggers"] == [-30 * HOUR, -6 * HOUR]
    assert found["customers"]["triggers"] == [-12 * HOUR, -4 * HOUR, -1 * HOUR, timedelta(0)]


def test_calendar_out_rewrites_its_own_calendar_but_keeps_any_other_file(cli, tmp_path):
    cli("init", "--name", "Voorbeeld", "--no-input")
    cli("open", "Laptop kwijt", "--aware", "today 09:00")
    mine = tmp_path / "datalekken.ics"
    assert cli("calendar", "--out", str(mine)).exit_code == 0
    cli("open", "Tweede lek", "--aware", "today 10:00")
    assert cli("calendar", "--out", str(mine)).exit_code == 0
    assert "DL-2026-002" in mine.read_text(encoding="utf-8")
    other = tmp_path / "agenda.ics"
    other.write_text("BEGIN:VCALENDAR\r\nPRODID:-//Someone else//EN\r\n", encoding="utf-8")
    result = cli("calendar", "--out", str(other))
    assert result.exit_code == 1 and "exists (add --force to replace it" in result.stderr
    assert "Someone else" in other.read_text(encoding="utf-8")
    assert cli("calendar", "--out", str(other), "--force").exit_code == 0
    assert "Someone else" not in other.read_text(encoding="utf-8")


def test_a_closed_breach_keeps_its_uid_is_cancelled_without_alarms_and_goes_after_30_days(cli, clock, tmp_path):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    out = tmp_path / "d.ics"
    cli("calendar", "--out", str(out))
    before = events(out)
    assert before["ap"]["status"] == "CONFIRMED" and before["ap"]["triggers"]
    closed = cli("close", "DL-2026-001", "--reason", "geen persoonsgegevens", "--force")
    assert closed.exit_code == 0, closed.stderr
    assert cli("calendar", "--out", str(out)).exit_code == 0  # without an id: the closed breach is still written
    after = events(out)
    assert after["ap"]["uid"] == before["ap"]["uid"] and after["ap"]["sequence"] > before["ap"]["sequence"]
    assert after["ap"]["status"] == "CANCELLED" and after["ap"]["triggers"] == []
    assert "Datalek gesloten; deze termijn loopt niet meer." in after["ap"]["description"]
    clock.advance(days=31)
    cli("calendar", "--out", str(out))
    assert events(out) == {}


def test_alarms_already_past_are_left_out_future_ones_stay(cli, clock, tmp_path):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")  # 12:00 now: the AP deadline is Thu 09:00
    clock.set(pendulum.datetime(2026, 11, 25, 12, 0, tz=AMS))  # 21 h before it: the 48h and 24h alarms are past
    out = tmp_path / "d.ics"
    cli("calendar", "--out", str(out))
    assert sorted(events(out)["ap"]["triggers"]) == [-12 * HOUR, -4 * HOUR, -HOUR, timedelta(0)]


def test_an_out_that_is_a_folder_is_refused_before_the_store_gets_an_identity(cli, tmp_path, backend):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    folder = tmp_path / "agenda"
    folder.mkdir()
    result = cli("calendar", "--out", str(folder))
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: --out: {folder} is a folder (expected a new file name, or an existing file "
                                  "with --force)\n")
    with backend.raw() as conn:
        assert conn.execute("SELECT count(*) FROM store_info").fetchone()[0] == 0
