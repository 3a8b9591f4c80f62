"""The `breach` command in-process, with the fake clock of conftest (Mon 2026-11-23 12:00 Europe/Amsterdam).

Expected moments are worked out by hand from the rules (AP: awareness + 72 elapsed hours; customers:
awareness + the window; Amsterdam is +01:00 in winter, +02:00 in summer), never read back from output.
"""

from __future__ import annotations

import json
import stat
from datetime import datetime, timedelta
from unittest.mock import ANY

import pendulum
import pytest

AMS = "Europe/Amsterdam"
REQUIRED_KEYS = {"id", "title", "status", "role", "aware_at", "discovered_at", "clocks"}
CLOCK_KEYS = {"deadline", "status", "done_at"}
HINT = "breach init"


# ---------------------------------------------------------------- helpers


def ok(result):
    assert result.exit_code == 0, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result


def as_json(result):
    ok(result)
    return json.loads(result.stdout)


def error_line(result) -> str:
    """A refusal: exit 1, exactly one stderr line, starting 'Error: ', nothing on stdout."""
    assert result.exit_code == 1, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one stderr line, got {lines!r}"
    assert lines[0].startswith("Error: "), lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]


def offset_of(text: str) -> timedelta:
    parsed = datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, f"{text} has no offset"
    return parsed.utcoffset()


def snapshot(cli) -> dict:
    """Everything a command could have written: every breach and its full timeline."""
    listed = as_json(cli("list", "--all", "--json"))
    return {doc["id"]: as_json(cli("show", doc["id"], "--json")) for doc in listed}


def timeline(cli, ref: str) -> list[dict]:
    return as_json(cli("show", ref, "--json"))["timeline"]


@pytest.fixture
def profiled(cli):
    """A saved organisation profile (defaults apart from the name), so no hint line is printed."""
    ok(cli("init", "--name", "Voorbeeld BV", "--no-input"))


@pytest.fixture
def one_breach(cli, profiled):
    """DL-2026-001: discovered Mon 2026-11-23 08:50, aware 09:15 (Amsterdam, +01:00)."""
    doc = as_json(cli("open", "Laptop gestolen", "--aware", "2026-11-23 09:15", "--discovered", "2026-11-23 08:50", "--json"))
    assert doc["id"] == "DL-2026-001"
    return doc["id"]


# ---------------------------------------------------------------- open


def test_open_prints_id_deadlines_with_weekday_offset_and_time_left(cli, profiled):
    result = ok(cli("open", "Laptop met cliëntdossiers gestolen", "--aware", "2026-11-23 09:15"))
    out = result.stdout
    assert "DL-2026-001" in out.splitlines()[0]
    # AP: Mon 09:15 + 72 h = Thu 2026-11-26 09:15 +01:00; at 12:00 that is 69 h 15 m away.
    ap_line = next(line for line in out.splitlines() if line.startswith("AP"))
    assert "Thu 2026-11-26 09:15 +01:00" in ap_line
    assert "69h 15m left" in ap_line
    # Customers: + 24 h = Tue 2026-11-24 09:15 +01:00; 21 h 15 m away.
    customers_line = next(line for line in out.splitlines() if line.startswith("customers"))
    assert "Tue 2026-11-24 09:15 +01:00" in customers_line
    assert "21h 15m left" in customers_line
    assert "Mon 2026-11-23 09:15 +01:00" in out  # the awareness moment itself


def test_open_json_shape_and_iso_local_offsets(cli, profiled):
    doc = as_json(cli("open", "Mailing in CC", "--aware", "2026-11-23 09:15", "--discovered", "2026-11-23 08:50", "--json"))
    assert REQUIRED_KEYS <= doc.keys()
    assert {"ap", "customers"} <= doc["clocks"].keys()
    for name in ("ap", "customers"):
        assert CLOCK_KEYS <= doc["clocks"][name].keys()
    assert doc["id"] == "DL-2026-001"
    assert doc["title"] == "Mailing in CC"
    assert doc["status"] == "open"
    assert doc["role"] == "controller"
    assert doc["aware_at"] == "2026-11-23T09:15:00+01:00"
    assert doc["discovered_at"] == "2026-11-23T08:50:00+01:00"
    assert doc["clocks"]["ap"] == {**doc["clocks"]["ap"], "deadline": "2026-11-26T09:15:00+01:00", "status": "open", "done_at": None}
    assert doc["clocks"]["customers"]["deadline"] == "2026-11-24T09:15:00+01:00"
    assert doc["clocks"]["customers"]["status"] == "open"
    assert doc["clocks"]["customers"]["done_at"] is None
    for value in (doc["aware_at"], doc["discovered_at"], doc["clocks"]["ap"]["deadline"]):
        assert offset_of(value) == timedelta(hours=1)


def test_open_deadline_is_elapsed_hours_across_spring_dst(cli, profiled):
    # Fri 2026-03-27 10:00 +01:00 is 09:00 UTC; + 72 h = Mon 09:00 UTC = 11:00 +02:00 (summer time).
    doc = as_json(cli("open", "Voor de zomertijd", "--aware", "2026-03-27 10:00", "--json"))
    assert doc["aware_at"] == "2026-03-27T10:00:00+01:00"
    assert doc["clocks"]["ap"]["deadline"] == "2026-03-30T11:00:00+02:00"
    assert doc["clocks"]["customers"]["deadline"] == "2026-03-28T10:00:00+01:00"
    assert doc["clocks"]["ap"]["status"] == "overdue"  # the fake clock is in November


def test_open_accepts_iso_with_offset_and_z(cli, profiled):
    a = as_json(cli("open", "A", "--aware", "2026-11-23T09:15+01:00", "--json"))
    b = as_json(cli("open", "B", "--aware", "2026-11-23T08:15Z", "--json"))
    assert a["aware_at"] == b["aware_at"] == "2026-11-23T09:15:00+01:00"


def test_open_with_customers_window_six_hours(cli, profiled):
    doc = as_json(cli("open", "Zes uur", "--aware", "2026-11-23 09:15", "--customers-window", "6", "--json"))
    assert doc["clocks"]["customers"]["deadline"] == "2026-11-23T15:15:00+01:00"
    assert doc["clocks"]["ap"]["deadline"] == "2026-11-26T09:15:00+01:00"  # the AP clock is not affected


def test_open_with_role_processor(cli, profiled):
    doc = as_json(cli("open", "Bij een klant", "--aware", "2026-11-23 09:15", "--role", "processor", "--json"))
    assert doc["role"] == "processor"
    assert doc["clocks"]["ap"]["status"] == "not_applicable"
    assert doc["clocks"]["ap"]["deadline"] is None
    assert doc["clocks"]["customers"]["deadline"] == "2026-11-24T09:15:00+01:00"
    text = ok(cli("show", doc["id"])).stdout
    assert "not applicable" in text


def test_ids_increment_and_are_never_reused(cli, profiled):
    first = as_json(cli("open", "Een", "--aware", "2026-11-23 09:00", "--json"))["id"]
    error_line(cli("open", "Geweigerd", "--aware", "2026-11-23 13:00"))  # in the future: no id taken
    second = as_json(cli("open", "Twee", "--aware", "2026-11-23 09:00", "--json"))["id"]
    ok(cli("close", first, "--reason", "vals alarm", "--force"))
    third = as_json(cli("open", "Drie", "--aware", "2026-11-23 09:00", "--json"))["id"]
    assert [first, second, third] == ["DL-2026-001", "DL-2026-002", "DL-2026-003"]
    ids = [doc["id"] for doc in as_json(cli("list", "--all", "--json"))]
    assert sorted(ids) == ["DL-2026-001", "DL-2026-002", "DL-2026-003"]


def test_id_year_is_the_local_year(cli, clock, profiled):
    # 2027-01-01 00:30 in Amsterdam is still 2026-12-31 23:30 UTC: the id takes the local year.
    clock.set(pendulum.datetime(2027, 1, 1, 0, 30, tz=AMS))
    doc = as_json(cli("open", "Nieuwjaar", "--aware", "now", "--json"))
    assert doc["id"] == "DL-2027-001"


def test_ambiguous_autumn_time_takes_the_earlier_instant_and_says_so(cli, profiled):
    result = cli("open", "Tijdens de wintertijd-wissel", "--aware", "2026-10-25 02:30", "--json")
    doc = as_json(result)
    # 02:30 happens twice on 2026-10-25; the earlier one is +02:00 (00:30 UTC), + 72 h = 10-28 00:30 UTC.
    assert doc["aware_at"] == "2026-10-25T02:30:00+02:00"
    assert doc["clocks"]["ap"]["deadline"] == "2026-10-28T01:30:00+01:00"
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "--aware" in notes[0] and "earlier" in notes[0]
    assert not notes[0].startswith("Error")


# ---------------------------------------------------------------- refusals

REFUSALS = [
    pytest.param(("open", "X", "--aware", "2026-11-23 13:00"), "--aware", id="open-aware-in-future"),
    pytest.param(("open", "X", "--aware", "2026-11-23 10:00", "--discovered", "2026-11-23 11:00"), "--discovered", id="open-discovered-after-aware"),
    pytest.param(("open", "X", "--aware", "2026-11-23 10:00", "--discovered", "2026-11-23 09:00", "--occurred", "2026-11-23 09:30"), "--occurred", id="open-occurred-after-discovered"),
    pytest.param(("open", "X", "--aware", "2026-03-29 02:30"), "--aware", id="open-spring-dst-gap"),
    pytest.param(("open", "X", "--aware", "2026-13-45 10:00"), "--aware", id="open-malformed-date"),
    pytest.param(("open", "X", "--aware", "gisteren"), "--aware", id="open-malformed-word"),
    pytest.param(("open", "X", "--role", "baas"), "--role", id="open-bad-role"),
    pytest.param(("open", "X", "--customers-window", "abc"), "--customers-window", id="open-customers-window-abc"),
    pytest.param(("open", "   "), "TITLE", id="open-empty-title"),
    pytest.param(("show", "DL-2026-099"), "DL-2026-099", id="show-unknown-id"),
    pytest.param(("note", "DL-2026-099", "tekst"), "DL-2026-099", id="note-unknown-id"),
    pytest.param(("notified", "DL-2026-099", "ap"), "DL-2026-099", id="notified-unknown-id"),
    pytest.param(("close", "DL-2026-099", "--reason", "r"), "DL-2026-099", id="close-unknown-id"),
    pytest.param(("update", "DL-2026-099", "--title", "t"), "DL-2026-099", id="update-unknown-id"),
    pytest.param(("summary", "DL-2026-099"), "DL-2026-099", id="summary-unknown-id"),
    pytest.param(("show", "not-an-id"), "not-an-id", id="show-malformed-id"),
    pytest.param(("update", "DL-2026-001", "--persons", "-5"), "--persons", id="persons-negative"),
    pytest.param(("update", "DL-2026-001", "--persons", "veel"), "--persons", id="persons-non-numeric"),
    pytest.param(("update", "DL-2026-001", "--persons", "250-100"), "--persons", id="persons-range-reversed"),
    pytest.param(("update", "DL-2026-001", "--records", "-1"), "--records", id="records-negative"),
    pytest.param(("update", "DL-2026-001", "--data", "name,shoesize"), "--data", id="data-unknown-category"),
    pytest.param(("update", "DL-2026-001", "--type", "leak"), "--type", id="type-unknown"),
    pytest.param(("update", "DL-2026-001", "--role", "baas"), "--role", id="update-bad-role"),
    pytest.param(("update", "DL-2026-001", "--customers-window", "abc"), "--customers-window", id="update-customers-window-abc"),
    pytest.param(("update", "DL-2026-001", "--aware", "2026-11-24 09:00"), "--aware", id="update-aware-in-future"),
    pytest.param(("update", "DL-2026-001", "--discovered", "2026-11-23 10:00"), "--discovered", id="update-discovered-after-aware"),
    pytest.param(("update", "DL-2026-001", "--occurred", "2026-11-23 09:00"), "--occurred", id="update-occurred-after-discovered"),
    pytest.param(("update", "DL-2026-001", "--discovered", "2026-03-29 02:30"), "--discovered", id="update-spring-dst-gap"),
    pytest.param(("update", "DL-2026-001", "--high-risk", "misschien"), "--high-risk", id="update-high-risk-bad"),
    pytest.param(("update", "DL-2026-001"), "nothing to update", id="update-nothing"),
    pytest.param(("update", "DL-2026-001", "--title", ""), "--title", id="update-empty-title"),
    pytest.param(("note", "DL-2026-001", "  "), "TEXT", id="note-empty"),
    pytest.param(("notified", "DL-2026-001", "politie"), "politie", id="notified-unknown-obligation"),
    pytest.param(("notified", "DL-2026-001", "ap", "--at", "2026-11-23 09:00"), "--at", id="notified-before-awareness"),
    pytest.param(("notified", "DL-2026-001", "ap", "--at", "2026-11-23 12:01"), "--at", id="notified-in-future"),
    pytest.param(("notified", "DL-2026-001", "ap", "--at", "31-02-2026 10:00"), "--at", id="notified-malformed-date"),
    pytest.param(("close", "DL-2026-001", "--reason", "  "), "--reason", id="close-empty-reason"),
    pytest.param(("summary", "DL-2026-001", "--lang", "de"), "--lang", id="summary-unknown-language"),
]


@pytest.mark.parametrize("args, names", REFUSALS)
def test_refusal_is_one_error_line_and_writes_nothing(cli, one_breach, args, names):
    before = snapshot(cli)
    line = error_line(cli(*args))
    assert names in line
    assert snapshot(cli) == before
    # No id was used up either: the next breach gets the next number.
    assert as_json(cli("open", "Volgende", "--aware", "2026-11-23 11:00", "--json"))["id"] == "DL-2026-002"


def test_close_without_reason_is_a_usage_error(cli, one_breach):
    before = snapshot(cli)
    result = cli("close", one_breach)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "--reason" in lines[0]
    assert snapshot(cli) == before


# ---------------------------------------------------------------- notified


def test_notified_on_time_is_met(cli, one_breach):
    result = ok(cli("notified", one_breach, "ap", "--at", "2026-11-23 11:30", "--reference", "M-2026-1"))
    assert "late" not in result.stdout.lower()
    doc = as_json(cli("show", one_breach, "--json"))
    assert doc["clocks"]["ap"]["status"] == "met"
    assert doc["clocks"]["ap"]["done_at"] == "2026-11-23T11:30:00+01:00"
    assert doc["clocks"]["customers"]["status"] == "open"  # only the AP was told
    assert [n["reference"] for n in doc["notices"]] == ["M-2026-1"]
    assert doc["timeline"][-1]["kind"] == "notified"


def test_notified_exactly_at_the_deadline_is_met(cli, one_breach, clock):
    clock.set(pendulum.datetime(2026, 11, 27, 12, 0, tz=AMS))
    ok(cli("notified", one_breach, "ap", "--at", "2026-11-26 09:15"))  # aware + 72 h exactly
    assert as_json(cli("show", one_breach, "--json"))["clocks"]["ap"]["status"] == "met"


@pytest.fixture
def overdue_breach(cli, profiled):
    """Aware Thu 2026-11-19 10:00 +01:00: the AP deadline was Sun 2026-11-22 10:00 +01:00."""
    return as_json(cli("open", "Te laat ontdekt", "--aware", "2026-11-19 10:00", "--json"))["id"]


def test_late_ap_notice_without_delay_reason_is_refused(cli, overdue_breach):
    assert as_json(cli("show", overdue_breach, "--json"))["clocks"]["ap"]["status"] == "overdue"
    before = snapshot(cli)
    line = error_line(cli("notified", overdue_breach, "ap"))
    assert "--delay-reason" in line and "art. 33" in line
    # One minute after the deadline is late as well.
    line = error_line(cli("notified", overdue_breach, "ap", "--at", "2026-11-22 10:01"))
    assert "--delay-reason" in line
    assert snapshot(cli) == before


def test_late_ap_notice_with_delay_reason_is_late(cli, overdue_breach):
    result = ok(cli("notified", overdue_breach, "ap", "--delay-reason", "Pas na onderzoek duidelijk"))
    assert "late" in result.stdout
    doc = as_json(cli("show", overdue_breach, "--json"))
    assert doc["clocks"]["ap"]["status"] == "late"
    assert doc["clocks"]["ap"]["done_at"] == "2026-11-23T12:00:00+01:00"  # --at defaults to now
    assert doc["clocks"]["ap"]["deadline"] == "2026-11-22T10:00:00+01:00"
    assert doc["notices"][0]["delay_reason"] == "Pas na onderzoek duidelijk"


def test_late_customers_notice_needs_no_delay_reason(cli, overdue_breach):
    ok(cli("notified", overdue_breach, "customers"))
    assert as_json(cli("show", overdue_breach, "--json"))["clocks"]["customers"]["status"] == "late"


def test_lateness_is_frozen_when_awareness_is_corrected_earlier(cli, profiled):
    ref = as_json(cli("open", "X", "--aware", "2026-11-19 10:00", "--discovered", "2026-11-19 07:00", "--json"))["id"]
    ok(cli("notified", ref, "ap", "--at", "2026-11-22 09:00"))  # 71 h after awareness: on time
    events_before = timeline(cli, ref)
    # Awareness was really 08:00: recomputed, the deadline would be 11-22 08:00 and the notice late.
    ok(cli("update", ref, "--aware", "2026-11-19 08:00"))
    doc = as_json(cli("show", ref, "--json"))
    assert doc["aware_at"] == "2026-11-19T08:00:00+01:00"
    assert doc["clocks"]["ap"]["status"] == "met"
    assert doc["clocks"]["ap"]["deadline"] == "2026-11-22T10:00:00+01:00"  # the deadline the notice was measured against
    assert doc["timeline"][: len(events_before)] == events_before
    assert len(doc["timeline"]) == len(events_before) + 1
    assert doc["timeline"][-1]["kind"] == "corrected"


def test_awareness_can_be_corrected_earlier_when_discovery_was_never_given(cli, profiled):
    # The user gave only the awareness moment: no discovery time is recorded (none is invented), so a
    # correction of awareness alone must not be refused over a discovery time the user never stated.
    ref = as_json(cli("open", "X", "--aware", "2026-11-23 10:00", "--json"))["id"]
    ok(cli("notified", ref, "ap", "--at", "2026-11-23 11:00"))
    ok(cli("update", ref, "--aware", "2026-11-23 09:00"))
    doc = as_json(cli("show", ref, "--json"))
    assert doc["aware_at"] == "2026-11-23T09:00:00+01:00"
    assert doc["discovered_at"] is None
    assert doc["clocks"]["ap"]["status"] == "met"
    assert doc["timeline"][-1]["kind"] == "corrected"


def test_lateness_is_frozen_when_awareness_is_corrected_later(cli, overdue_breach):
    ok(cli("notified", overdue_breach, "ap", "--delay-reason", "onderzoek"))
    # Moving awareness to Sat 11-21 10:00 would put the deadline after the notice; it stays late.
    ok(cli("update", overdue_breach, "--aware", "2026-11-21 10:00"))
    doc = as_json(cli("show", overdue_breach, "--json"))
    assert doc["clocks"]["ap"]["status"] == "late"
    assert doc["timeline"][-1]["kind"] == "corrected"


def test_second_ap_notice_is_a_followup_and_status_stays(cli, one_breach, clock):
    ok(cli("notified", one_breach, "ap", "--at", "2026-11-23 11:00"))
    clock.set(pendulum.datetime(2026, 11, 30, 12, 0, tz=AMS))  # well after the AP deadline
    ok(cli("notified", one_breach, "ap", "--reference", "aanvulling"))  # no --delay-reason needed
    doc = as_json(cli("show", one_breach, "--json"))
    assert [e["kind"] for e in doc["timeline"]][-2:] == ["notified", "followup"]
    assert doc["clocks"]["ap"]["status"] == "met"
    assert doc["clocks"]["ap"]["done_at"] == "2026-11-23T11:00:00+01:00"
    assert len(doc["notices"]) == 2


def test_processor_ap_notice_is_refused(cli, profiled):
    ref = as_json(cli("open", "Bij klant", "--aware", "2026-11-23 09:00", "--role", "processor", "--json"))["id"]
    before = snapshot(cli)
    line = error_line(cli("notified", ref, "ap"))
    assert "processor" in line
    assert snapshot(cli) == before
    ok(cli("notified", ref, "customers"))
    doc = as_json(cli("show", ref, "--json"))
    assert doc["clocks"]["customers"]["status"] == "met"
    assert doc["clocks"]["ap"]["status"] == "not_applicable"


# ---------------------------------------------------------------- update, note


def test_update_lists_replace_and_each_update_appends_one_event(cli, one_breach):
    events = timeline(cli, one_breach)
    assert [e["kind"] for e in events] == ["opened"]

    doc = as_json(cli("update", one_breach, "--data", "name,email", "--data", "bsn", "--persons", "100-250", "--json"))
    assert doc["data_categories"] == ["name", "email", "bsn"]
    assert doc["persons"] == {"min": 100, "max": 250}
    after_first = timeline(cli, one_breach)
    assert len(after_first) == 2 and after_first[:1] == events and after_first[1]["kind"] == "updated"

    doc = as_json(cli("update", one_breach, "--data", "iban", "--persons", "120", "--json"))
    assert doc["data_categories"] == ["iban"]  # replaced, not merged
    assert doc["persons"] == {"min": 120, "max": 120}
    after_second = timeline(cli, one_breach)
    assert len(after_second) == 3 and after_second[:2] == after_first

    ok(cli("update", one_breach, "--description", "Laptop uit auto", "--type", "confidentiality", "--high-risk", "yes"))
    after_third = timeline(cli, one_breach)
    assert len(after_third) == 4 and after_third[:3] == after_second
    doc = as_json(cli("show", one_breach, "--json"))
    assert doc["description"] == "Laptop uit auto"
    assert doc["breach_types"] == ["confidentiality"]
    assert doc["high_risk"] is True
    assert doc["data_categories"] == ["iban"]
    assert doc["clocks"]["subjects"]["status"] == "open"  # high risk: the duty to tell the persons applies


def test_update_with_unchanged_value_appends_no_event(cli, one_breach):
    ok(cli("update", one_breach, "--description", "Zelfde"))
    events = timeline(cli, one_breach)
    result = ok(cli("update", one_breach, "--description", "Zelfde"))
    assert "nothing changed" in result.stdout
    assert timeline(cli, one_breach) == events


def test_update_customers_window_moves_that_deadline(cli, one_breach):
    doc = as_json(cli("update", one_breach, "--customers-window", "48", "--json"))
    assert doc["clocks"]["customers"]["deadline"] == "2026-11-25T09:15:00+01:00"


def test_note_appends_an_event(cli, one_breach):
    events = timeline(cli, one_breach)
    ok(cli("note", one_breach, "Aangifte gedaan bij de politie"))
    after = timeline(cli, one_breach)
    assert after[: len(events)] == events
    assert len(after) == len(events) + 1
    assert after[-1]["kind"] == "note" and after[-1]["text"] == "Aangifte gedaan bij de politie"


def test_id_is_accepted_in_short_forms(cli, one_breach):
    assert as_json(cli("show", "dl-2026-1", "--json"))["id"] == one_breach
    assert as_json(cli("show", "2026-001", "--json"))["id"] == one_breach


# ---------------------------------------------------------------- close, list


def test_close_keeps_the_breach_in_the_register(cli, one_breach):
    result = ok(cli("close", one_breach, "--reason", "Maatregelen genomen", "--force"))
    assert one_breach in result.stdout
    assert as_json(cli("list", "--json")) == []
    assert one_breach not in ok(cli("list")).stdout
    listed = as_json(cli("list", "--all", "--json"))
    assert [d["id"] for d in listed] == [one_breach]
    assert listed[0]["status"] == "closed"
    doc = as_json(cli("show", one_breach, "--json"))
    assert doc["close_reason"] == "Maatregelen genomen"
    assert doc["timeline"][-1]["kind"] == "closed"


def test_closing_with_open_obligations_needs_force(cli, one_breach):
    before = snapshot(cli)
    line = error_line(cli("close", one_breach, "--reason", "klaar"))
    assert "ap, customers" in line and "--force" in line
    assert snapshot(cli) == before
    forced = ok(cli("close", one_breach, "--reason", "geen datalek na onderzoek", "--force"))
    assert "ap, customers" in forced.stderr
    closed = as_json(cli("show", one_breach, "--json"))["timeline"][-1]
    assert closed["kind"] == "closed" and closed["data"]["open_obligations"] == ["ap", "customers"]


def test_closing_after_every_notification_needs_no_force(cli, one_breach):
    ok(cli("notified", one_breach, "ap"))
    ok(cli("notified", one_breach, "customers"))
    result = ok(cli("close", one_breach, "--reason", "klaar"))
    assert result.stderr.count("warning") == 0


def test_closing_twice_is_refused(cli, one_breach):
    ok(cli("close", one_breach, "--reason", "klaar", "--force"))
    before = snapshot(cli)
    line = error_line(cli("close", one_breach, "--reason", "nog eens"))
    assert one_breach in line
    assert snapshot(cli) == before


def test_list_orders_by_nearest_deadline(cli, profiled):
    aware = "2026-11-23 09:00"
    ids = {}
    for title, window in (("ruim", "48"), ("krap", "6"), ("geen", "0"), ("normaal", "24")):
        ids[title] = as_json(cli("open", title, "--aware", aware, "--customers-window", window, "--json"))["id"]
    # Nearest deadline: customers 6 h < 24 h < 48 h < (no customers window: AP at 72 h).
    expected = [ids["krap"], ids["normaal"], ids["ruim"], ids["geen"]]
    assert [d["id"] for d in as_json(cli("list", "--json"))] == expected
    text = ok(cli("list")).stdout
    positions = [text.index(ref) for ref in expected]
    assert positions == sorted(positions)
    # A closed breach comes last in --all, after every open one.
    ok(cli("close", ids["krap"], "--reason", "klaar", "--force"))
    assert [d["id"] for d in as_json(cli("list", "--all", "--json"))] == expected[1:] + [ids["krap"]]
    assert [d["id"] for d in as_json(cli("list", "--json"))] == expected[1:]


def test_list_shows_overdue_after_the_clock_moves(cli, one_breach, clock):
    assert "OVERDUE" not in ok(cli("list")).stdout
    clock.set(pendulum.datetime(2026, 11, 24, 10, 15, tz=AMS))  # one hour after the customers deadline
    doc = as_json(cli("list", "--json"))[0]
    assert doc["clocks"]["customers"]["status"] == "overdue"
    assert doc["clocks"]["ap"]["status"] == "open"
    text = ok(cli("list")).stdout
    assert "OVERDUE 1h 00m" in text
    assert "47h 00m left" in text  # AP: Thu 09:15 minus Tue 10:15


# ---------------------------------------------------------------- init, profile


def stored_profile(cli) -> dict:
    return as_json(cli("profile", "--json"))["profile"]


def test_init_with_all_flags_keeps_the_profile_in_the_private_store(cli, home, backend):
    result = cli(
        "init", "--name", "Voorbeeld Coaching", "--address", "Kerkstraat 1", "--postcode", "7471vp",
        "--city", "Goor", "--kvk", "12345678", "--email", "info@voorbeeld.nl", "--phone", "0547 700213",
        "--dpo-name", "Sanne de Vries", "--dpo-email", "fg@voorbeeld.nl", "--timezone", "Europe/Amsterdam",
        "--role", "processor", "--ap-window", "72", "--customers-window", "12", "--language", "en",
        "--sector", "Zakelijke dienstverlening", "--dpo", "ja", "--dpo-registration", "FG001234",
        "--contact-function", "", "--reporter-name", "Jan Bos", "--reporter-function", "directeur",
        "--reporter-email", "jan@voorbeeld.nl", "--professional-secrecy", "no",
    )  # CliRunner's stdin is not a terminal: no prompts, exit 0
    ok(result)
    assert HINT not in result.stderr
    assert not (home / "config.toml").exists()  # the profile is the store's, for every machine on it
    if backend.name == "sqlite":
        assert stat.S_IMODE((home / "breach.db").stat().st_mode) == 0o600
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
    org = stored_profile(cli)
    assert org == {
        "name": "Voorbeeld Coaching", "address": "Kerkstraat 1", "postcode": "7471 VP", "city": "Goor",
        "kvk": "12345678", "email": "info@voorbeeld.nl", "phone": "0547 700213", "dpo_name": "Sanne de Vries",
        "dpo_email": "fg@voorbeeld.nl", "timezone": "Europe/Amsterdam", "role": "processor", "ap_window": 72,
        "customers_window": 12, "language": "en", "sector": "Zakelijke dienstverlening", "dpo_appointed": "yes",
        "dpo_registration": "FG001234", "contact_function": "", "reporter_name": "Jan Bos",
        "reporter_function": "directeur", "reporter_email": "jan@voorbeeld.nl", "professional_secrecy": "no",
    }
    refused = cli("init", "--dpo", "misschien")
    assert refused.exit_code == 1 and refused.stderr.strip().endswith("--dpo: 'misschien' is not an answer (accepted: yes, no)")


def test_init_without_flags_off_a_terminal_saves_defaults_without_prompting(cli, home):
    ok(cli("init"))
    org = stored_profile(cli)
    assert org["role"] == "controller" and org["ap_window"] == 72 and org["customers_window"] == 24
    assert org["timezone"] == AMS and org["language"] == "nl"


def test_init_again_keeps_fields_not_given(cli, home):
    ok(cli("init", "--name", "Eerste BV", "--kvk", "12345678"))
    ok(cli("init", "--city", "Goor"))
    org = stored_profile(cli)
    assert (org["name"], org["kvk"], org["city"]) == ("Eerste BV", "12345678", "Goor")


INIT_REFUSALS = [
    ("--kvk", "1234"),
    ("--email", "geen-adres"),
    ("--dpo-email", "fg@"),
    ("--timezone", "Mars/Olympus"),
    ("--role", "baas"),
    ("--ap-window", "0"),
    ("--ap-window", "veel"),
    ("--customers-window", "abc"),
    ("--customers-window", "-6"),
    ("--language", "de"),
]


@pytest.mark.parametrize("flag, value", INIT_REFUSALS)
def test_init_refuses_invalid_value_and_writes_nothing(cli, home, flag, value):
    line = error_line(cli("init", "--name", "Voorbeeld BV", flag, value))
    assert flag in line
    assert not (home / "config.toml").exists()
    assert as_json(cli("profile", "--history", "--json")) == [
        {"at": ANY, "kind": "created", "by": None, "text": "organisation main added", "changes": {}}]


def test_init_refusal_leaves_the_stored_profile_as_it_was(cli, home):
    ok(cli("init", "--name", "Voorbeeld BV", "--kvk", "12345678"))
    before = stored_profile(cli)
    line = error_line(cli("init", "--name", "Ander BV", "--kvk", "12"))
    assert "--kvk" in line
    assert stored_profile(cli) == before


def test_open_uses_the_profile_window_and_role(cli):
    ok(cli("init", "--customers-window", "6", "--role", "processor"))
    result = cli("open", "Na init", "--aware", "2026-11-23 09:15", "--json")
    doc = as_json(result)
    assert HINT not in result.stderr
    assert doc["role"] == "processor"
    assert doc["clocks"]["ap"]["status"] == "not_applicable"
    assert doc["clocks"]["customers"]["deadline"] == "2026-11-23T15:15:00+01:00"
    # --role and --customers-window on open override the profile for this breach.
    doc = as_json(cli("open", "Eigen", "--aware", "2026-11-23 09:15", "--role", "controller", "--customers-window", "48", "--json"))
    assert doc["role"] == "controller"
    assert doc["clocks"]["ap"]["deadline"] == "2026-11-26T09:15:00+01:00"
    assert doc["clocks"]["customers"]["deadline"] == "2026-11-25T09:15:00+01:00"


def test_open_reads_local_times_in_the_profile_time_zone(cli):
    ok(cli("init", "--timezone", "Europe/London", "--ap-window", "48"))
    doc = as_json(cli("open", "Londen", "--aware", "2026-11-23 09:15", "--json"))
    assert doc["aware_at"] == "2026-11-23T09:15:00+00:00"
    assert doc["clocks"]["ap"]["deadline"] == "2026-11-25T09:15:00+00:00"


def test_before_init_commands_work_and_hint_once(cli, home):
    runs = [
        ("list",),
        ("open", "Zonder profiel", "--aware", "2026-11-23 09:15"),
        ("list", "--all", "--json"),
        ("show", "DL-2026-001"),
        ("update", "DL-2026-001", "--description", "iets", "--aware", "2026-11-23 09:00", "--discovered", "2026-11-23 09:00"),
        ("notified", "DL-2026-001", "customers"),
        ("summary", "DL-2026-001"),
        ("profile",),
    ]
    for args in runs:
        result = ok(cli(*args))
        assert result.stderr.count(HINT) == 1, (args, result.stderr)
    assert not (home / "config.toml").exists()
    # Defaults were used: controller, 72 h, 24 h, Amsterdam.
    doc = as_json(cli("show", "DL-2026-001", "--json"))
    assert doc["role"] == "controller"
    assert doc["clocks"]["ap"]["deadline"] == "2026-11-26T09:00:00+01:00"


# ---------------------------------------------------------------- summary


def test_summary_is_dutch_with_markers_and_lists_missing_facts(cli, one_breach):
    result = ok(cli("summary", one_breach))
    text = result.stdout
    assert text.startswith(f"# Datalek {one_breach}: Laptop gestolen")
    assert "[NOG INVULLEN: wat er is gebeurd]" in text
    assert "[TO FILL IN: " not in text
    assert "donderdag 26 november 2026, 09:15 uur" in text  # AP deadline, written out in Dutch
    stderr = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(stderr) == 1
    assert "wat er is gebeurd" in stderr[0] and "aantal betrokkenen" in stderr[0]


def test_summary_in_english(cli, one_breach):
    result = ok(cli("summary", one_breach, "--lang", "en"))
    assert "[TO FILL IN: what happened]" in result.stdout
    assert "[NOG INVULLEN: " not in result.stdout
    assert "Thursday 26 November 2026, 09:15" in result.stdout


def test_summary_language_follows_the_profile(cli):
    ok(cli("init", "--language", "en"))
    ok(cli("open", "Engels", "--aware", "2026-11-23 09:15"))
    assert "[TO FILL IN: " in ok(cli("summary", "DL-2026-001")).stdout


def test_summary_marker_disappears_after_update(cli, one_breach):
    ok(cli("update", one_breach, "--description", "Laptop uit auto gestolen", "--persons", "40-60"))
    result = ok(cli("summary", one_breach))
    assert "[NOG INVULLEN: wat er is gebeurd]" not in result.stdout
    assert "[NOG INVULLEN: aantal betrokkenen]" not in result.stdout
    assert "Laptop uit auto gestolen" in result.stdout
    assert "Aantal betrokkenen: 40 tot 60" in result.stdout
    assert "wat er is gebeurd" not in result.stderr
    assert "aantal betrokkenen" not in result.stderr
    assert "[NOG INVULLEN: categorieën van persoonsgegevens]" in result.stdout  # still unknown


def test_summary_out_writes_a_private_file(cli, one_breach, tmp_path):
    target = tmp_path / "samenvatting.md"
    ok(cli("summary", one_breach, "--out", str(target)))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith(f"# Datalek {one_breach}")


# ---------------------------------------------------------------- the store


@pytest.mark.sqlite_only
def test_database_file_is_private(cli, one_breach, home):
    files = sorted(home.glob("breach.db*"))
    assert home / "breach.db" in files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


@pytest.mark.sqlite_only
def test_database_is_private_before_init_as_well(cli, home):
    ok(cli("open", "Eerste", "--aware", "2026-11-23 09:00"))
    assert stat.S_IMODE((home / "breach.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


# ---------------------------------------------------------------- review findings


def test_summary_out_refuses_a_folder_or_a_missing_parent_and_leaves_no_file(cli, one_breach, tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    assert str(target) in error_line(cli("summary", one_breach, "--out", str(target)))
    assert "does not exist" in error_line(cli("summary", one_breach, "--out", str(tmp_path / "nope" / "x.md")))
    assert list(target.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["out"]  # home: SQLite's store


def test_awareness_cannot_move_after_a_recorded_notification(cli, one_breach):
    ok(cli("notified", one_breach, "customers", "--at", "2026-11-23 10:00"))
    before = snapshot(cli)
    line = error_line(cli("update", one_breach, "--aware", "2026-11-23 11:00"))
    assert line.startswith("Error: --aware:") and "customers" in line
    assert snapshot(cli) == before


def test_a_follow_up_cannot_precede_the_first_notification(cli, one_breach):
    ok(cli("notified", one_breach, "ap", "--at", "2026-11-23 11:00"))
    before = snapshot(cli)
    assert error_line(cli("notified", one_breach, "ap", "--at", "2026-11-23 10:00")).startswith("Error: --at:")
    assert snapshot(cli) == before


def test_the_timeline_shows_when_a_notification_was_made_not_only_when_it_was_recorded(cli, one_breach):
    ok(cli("notified", one_breach, "persons", "--at", "2026-11-23 10:30"))
    doc = as_json(cli("show", one_breach, "--json"))
    event = doc["timeline"][-1]
    assert event["kind"] == "notified"
    assert event["at"] == "2026-11-23T12:00:00+01:00"  # recorded by the fake clock
    assert event["data"]["at"] == "2026-11-23T10:30:00+01:00"  # made, in local time like every JSON time
    assert "Mon 2026-11-23 10:30 +01:00" in event["text"]
    assert doc["clocks"]["subjects"]["status"] == "met"


def test_corrections_in_the_timeline_data_are_local_times(cli, one_breach):
    ok(cli("update", one_breach, "--aware", "2026-11-23 09:00"))
    event = as_json(cli("show", one_breach, "--json"))["timeline"][-1]
    assert event["kind"] == "corrected"
    assert event["data"]["aware_at"] == ["2026-11-23T09:15:00+01:00", "2026-11-23T09:00:00+01:00"]


def test_a_bare_number_names_a_breach_of_this_year(cli, one_breach):
    assert as_json(cli("show", "1", "--json"))["id"] == one_breach


def test_breach_without_arguments_prints_help_and_succeeds(cli):
    result = cli()
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and "open" in result.stdout
    assert "Error" not in result.stderr


def test_control_characters_in_a_title_are_refused(cli, profiled):
    before = snapshot(cli)
    assert error_line(cli("open", "Twee\nregels\x1b[31m")).startswith("Error: TITLE: contains")
    assert snapshot(cli) == before


def test_processor_summary_names_the_controller_notice(cli, profiled):
    ok(cli("open", "Verwerker", "--role", "processor", "--aware", "2026-11-23 09:15", "--customers-window", "0"))
    text = ok(cli("summary", "DL-2026-001")).stdout
    assert "Melding aan de verwerkingsverantwoordelijke (art. 33 lid 2 AVG)**: zonder onredelijke vertraging" in text
    assert "Melding aan de Autoriteit Persoonsgegevens (art. 33 AVG)**: niet van toepassing" in text
    assert "Informeren van de betrokkenen (art. 34 AVG)**: niet van toepassing" in text


def test_overdue_and_late_read_as_dutch(cli, one_breach, clock):
    clock.set(pendulum.datetime(2026, 11, 26, 14, 20, tz="Europe/Amsterdam"))
    text = ok(cli("summary", one_breach)).stdout
    assert "de termijn verliep op donderdag 26 november 2026, 09:15 uur; overschreden met 5 u 05 min" in text
    ok(cli("notified", one_breach, "ap", "--delay-reason", "Onderzoek naar omvang liep uit"))
    text = ok(cli("summary", one_breach)).stdout
    assert (
        "te laat gemeld op donderdag 26 november 2026, 14:20 uur "
        "(de termijn verliep op donderdag 26 november 2026, 09:15 uur)"
    ) in text


def test_a_bad_value_in_an_old_config_is_refused_naming_the_file_and_nothing_moves_until_it_is_right(cli, home):
    home.mkdir(parents=True)
    config = home / "config.toml"
    config.write_text('[organisation]\nname = "Voorbeeld BV"\nrole = "eigenaar"\n')
    line = error_line(cli("list"))
    assert str(config) in line and "--role: 'eigenaar' is not a role" in line
    assert "role" in config.read_text()  # still there, to be corrected
    config.write_text('[organisation]\nname = "Voorbeeld BV"\nrole = "processor"\n')
    result = ok(cli("list"))
    assert f"moved [organisation] from {config} into the store" in result.stderr
    assert stored_profile(cli)["role"] == "processor" and "organisation" not in config.read_text()
    assert "eigenaar" in (home / "config.toml.before-store").read_text() or "processor" in (
        home / "config.toml.before-store").read_text()


def test_init_refuses_to_overwrite_a_config_that_is_not_toml(cli, home):
    home.mkdir(parents=True)
    (home / "config.toml").write_text("[organisation\nname = 'x'\n")
    line = error_line(cli("init", "--name", "Nieuw"))
    assert "not valid TOML" in line and "move it aside" in line
    assert (home / "config.toml").read_text() == "[organisation\nname = 'x'\n"


# ---------------------------------------------------------------- lazy sub-commands


def _output(monkeypatch, group, args: list[str]) -> tuple[int, str, str]:
    """Run a click group as the runner runs the app (typer's runner takes only a Typer app)."""
    import typer.testing

    from breach.cli.main import app

    monkeypatch.setattr(typer.testing, "_get_command", lambda _: group)
    result = typer.testing.CliRunner().invoke(app, args, prog_name="breach")
    return result.exit_code, result.stdout, result.stderr


def test_lazy_group_reads_like_the_group_typer_builds(monkeypatch):
    import typer.main

    from breach.cli.lazy import lazy_group
    from breach.cli.main import app

    eager = typer.main.get_command(app)
    for args in (["--help"], [], ["open", "--help"], ["channels", "--help"], ["channels", "add", "--help"], ["lst"]):
        assert _output(monkeypatch, lazy_group(app), args) == _output(monkeypatch, eager, args), args


def test_lazy_group_builds_only_the_command_that_runs(monkeypatch):
    import typer.main

    from breach.cli.lazy import lazy_group
    from breach.cli.main import app

    names = set(typer.main.get_command(app).commands)
    group = lazy_group(app)
    assert set(group.builders) == names and "channels" in names
    assert _output(monkeypatch, group, ["--help"])[0] == 0
    assert set(group.builders) == names  # the listing read the stubs
    code, out, _ = _output(monkeypatch, group, ["profile"])
    assert code == 0 and "data home" in out
    assert set(group.builders) == names - {"profile"}


# ---------------------------------------------------------------- what every command does with trouble


def test_ctrl_c_says_in_one_line_that_nothing_was_written(cli, profiled, monkeypatch):
    from breach.records import incidents

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(incidents, "open_incident", interrupted)
    result = cli("open", "Laptop stolen", "--aware", "today 09:15")
    assert result.exit_code == 130
    assert result.stderr.splitlines() == ["Error: aborted; nothing was written"]


def test_a_database_message_of_several_lines_becomes_one_line():
    from sqlalchemy.exc import OperationalError

    from breach.cli.app import _unexpected

    refused = OperationalError("SELECT 1", {}, Exception(
        'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused\n'
        "\tIs the server running on that host and accepting TCP/IP connections?"
    ))
    message = _unexpected(refused)
    assert "\n" not in message
    assert "Connection refused" in message and message.endswith("nothing was written")


def test_a_password_given_as_a_url_parameter_is_never_shown(cli, home, monkeypatch):
    secret = "S3cret-pw"
    monkeypatch.setenv("BREACH_DATABASE_URL",
                       f"postgresql+psycopg://breach@127.0.0.1:1/breach?password={secret}&sslpassword={secret}")
    result = cli("profile")  # the store cannot be reached: where it is is printed first, then the one error line
    assert secret not in result.stdout + result.stderr
    assert "database     postgresql+psycopg://breach@127.0.0.1:1/breach?password=***&sslpassword=***" in result.stdout
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")


def test_a_store_locked_too_long_says_it_is_busy_not_refused():
    from sqlalchemy.exc import OperationalError

    from breach.cli.app import _unexpected

    locked = OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
    assert _unexpected(locked) == ("the store is busy: another breach command (a restore, a schema upgrade?) kept it "
                                   "locked for more than 15 s; nothing was written, try again when it is done")


# ---------------------------------------------------------------- the form's remaining facts (issue 15)


def test_update_records_the_forms_remaining_facts_and_the_plain_texts_per_language(cli, one_breach):
    ok(cli("update", one_breach, "--other-supervisors", "none", "--countries", "de,BE", "--other-dpas", "none",
           "--other-organisations", "Verwerker: Microsoft Ireland", "--ongoing", "no", "--records-basis", "Counted",
           "--persons-description", "Cliënten", "--harms", "reputation,discrimination", "--extortion", "yes",
           "--persons-informed-by", "us", "--delay-reason", "Pas later bekend."))
    ok(cli("update", one_breach, "--lang", "en", "--plain-what", "My laptop was stolen."))
    ok(cli("update", one_breach, "--plain-what", "Mijn laptop is gestolen."))  # the profile's language
    doc = as_json(cli("show", one_breach, "--json"))
    assert doc["other_supervisors"] == [] and doc["countries"] == ["DE", "BE"] and doc["other_dpas"] == []
    assert doc["other_organisations"] == ["Verwerker: Microsoft Ireland"] and doc["ongoing"] is False
    assert doc["records_basis"] == "counted" and doc["harms"] == ["reputation", "discrimination"]
    assert doc["subjects_informed_by"] == "us" and doc["delay_reason"] == "Pas later bekend."
    assert doc["texts"] == {"en": {"plain_what": "My laptop was stolen."}, "nl": {"plain_what": "Mijn laptop is gestolen."}}
    shown = ok(cli("show", one_breach)).stdout
    assert "other supervisors    none" in shown and "countries            DE, BE" in shown


@pytest.mark.parametrize(("flags", "says"), [
    (("--countries", "Duitsland"), "--countries: 'Duitsland' is not a country code"),
    (("--harms", "gossip"), "--harms: 'gossip' is not known"),
    (("--records-basis", "guessed"), "--records-basis: 'guessed' is not an answer (accepted: counted, estimated)"),
    (("--persons-informed-by", "them"), "--persons-informed-by: 'them' is not an answer"),
    (("--lang", "nl"), "--lang names the language of --plain-what"),
])
def test_bad_form_facts_are_refused_in_one_line_naming_the_flag(cli, one_breach, flags, says):
    result = cli("update", one_breach, *flags)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert says in result.stderr


def test_notified_records_how_many_persons_were_told_and_how(cli, one_breach):
    ok(cli("notified", one_breach, "subjects", "--count", "52", "--channel", "letter,phone"))
    notice = as_json(cli("show", one_breach, "--json"))["notices"][0]
    assert (notice["count"], notice["channels"]) == (52, ["letter", "phone"])
    refused = cli("notified", one_breach, "subjects", "--channel", "pigeon")
    assert refused.exit_code == 1 and "--channel: 'pigeon' is not known" in refused.stderr


def test_show_says_when_the_assessment_is_stale(cli, one_breach):
    ok(cli("update", one_breach, "--data", "name", "--persons", "40-60"))
    ok(cli("assess", one_breach, "--cause", "device-lost-stolen", "--protected", "no", "--confidentiality", "unknown",
           "--integrity", "none", "--availability", "none", "--malicious", "yes", "--no-input"))
    assert "stale:" not in ok(cli("show", one_breach)).stdout
    ok(cli("update", one_breach, "--persons", "52"))
    assert f"stale: facts changed since (persons_max, persons_min); run `breach assess {one_breach}` again" in ok(cli("show", one_breach)).stdout
    assert "facts changed after the risk assessment" in ok(cli("draft", one_breach, "ap")).stderr
