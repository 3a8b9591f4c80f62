"""`breach stats` over a real store: void left out, the year chosen, hours from a signal to awareness."""

from __future__ import annotations

import json

import pendulum

from tests.cli.test_app import AMS, error_line, ok


def test_stats_counts_the_register_of_a_year(cli, clock):
    ok(cli("init", "--name", "Voorbeeld BV", "--no-input"))
    ok(cli("open", "Vorig jaar", "--aware", "2025-06-02 09:00"))
    ok(cli("notified", "DL-2026-001", "ap", "--at", "2025-06-06 09:00", "--delay-reason", "vakantie"))
    ok(cli("signal", "Nieuwsbrief met alle adressen in CC"))  # received 12:00
    clock.advance(hours=3)
    ok(cli("open", "--from-signal", "1", "--aware", "today 14:30", "--aware-reason", "IT bevestigde het", "--by", "FG"))
    clock.set(pendulum.datetime(2026, 11, 24, 12, 0, tz=AMS))
    ok(cli("notified", "DL-2026-002", "ap", "--at", "2026-11-24 08:30"))
    ok(cli("notified", "DL-2026-002", "subjects", "--count", "240"))
    ok(cli("open", "Oefening", "--aware", "today 09:00"))
    ok(cli("void", "DL-2026-003", "--reason", "oefening"))
    this_year = json.loads(ok(cli("stats", "--year", "2026", "--json")).stdout)
    assert {k: this_year[k] for k in ("year", "breaches", "void", "ap_notified", "ap_in_time", "ap_hours_median",
                                      "from_signal", "signal_hours_median", "persons_informed")} == {
        "year": 2026, "breaches": 1, "void": 1, "ap_notified": 1, "ap_in_time": 1, "ap_hours_median": 18.0,
        "from_signal": 1, "signal_hours_median": 2.5, "persons_informed": 240,
    }
    every = json.loads(ok(cli("stats", "--json")).stdout)
    assert (every["year"], every["breaches"], every["ap_notified"], every["ap_in_time"]) == (None, 2, 2, 1)
    text = ok(cli("stats")).stdout
    assert "breaches              2 (2 open, 0 closed); 1 void left out" in text
    assert "notified to the AP    2, 1 within the window (50%)" in text


def test_stats_refuses_a_year_that_is_not_one(cli):
    ok(cli("init", "--name", "Voorbeeld BV", "--no-input"))
    assert error_line(cli("stats", "--year", "26")).startswith("Error: --year: '26' is not a year")
