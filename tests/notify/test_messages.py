"""Reminder texts: lock-screen titles in Dutch and English, the next command, no facts by default."""

from __future__ import annotations

import pendulum
import pytest

from breach.domain import deadlines, schedule
from breach.domain.schedule import Settings
from breach.notify import messages
from tests.domain.test_schedule import AWARE, Facts

AMS = "Europe/Amsterdam"


def text(facts: Facts, now, obligation: str, language: str = "nl", detail: bool = False) -> messages.Message:
    states = deadlines.clock_states(facts, [], now)
    step = schedule.current_step(states[obligation], Settings().plans[obligation], now)
    return messages.reminder(facts, step, states, now, AMS, language, detail=detail)


def test_a_step_before_the_deadline_names_breach_duty_local_deadline_and_time_left():
    message = text(Facts(), AWARE.add(hours=60, minutes=5), "ap")
    assert message.title == "DL-2026-001 · AP-melding uiterlijk do 26 nov 09:00 (nog 11 u 55 min)"
    assert message.body.splitlines() == [
        "Meld het datalek bij de Autoriteit Persoonsgegevens (art. 33 AVG).",
        "Termijn: donderdag 26 november 2026, 09:00 uur",
        "Concept bekijken: breach draft DL-2026-001 ap",
        "Gedaan? Leg het vast: breach notified DL-2026-001 ap",
        "Stand van zaken: breach show DL-2026-001",
        "Bevestig dat u ermee bezig bent: breach ack DL-2026-001",
    ]


def test_at_the_deadline_and_after_it_the_title_says_so():
    assert text(Facts(), AWARE.add(hours=72), "ap").title == "DL-2026-001 · AP-melding: termijn verloopt nu (do 26 nov 09:00)"
    overdue = text(Facts(), AWARE.add(hours=76), "ap", "en")
    assert overdue.title == "DL-2026-001 · AP notification OVERDUE since Thu 26 Nov 09:00 (4h 00m)"


def test_a_processor_is_reminded_to_tell_the_controller():
    message = text(Facts(role="processor"), AWARE.add(hours=12), "customers")
    assert message.title.startswith("DL-2026-001 · melding aan de verwerkingsverantwoordelijke uiterlijk di 24 nov 09:00")
    assert "art. 33 lid 2 AVG" in message.body


def test_the_persons_reminder_has_no_deadline_but_the_time_since_awareness():
    message = text(Facts(high_risk=True), AWARE.add(hours=49), "subjects")
    assert message.title == "DL-2026-001 · betrokkenen informeren: nog niet gedaan (49 u 00 min sinds kennisname)"
    assert "breach notified DL-2026-001 subjects" in message.body
    assert "breach draft DL-2026-001 subjects" in message.body


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_facts_leave_unless_the_channel_opts_in(language):
    facts = Facts(title="Laptop van J. Jansen", persons_min=120, persons_max=120)
    now = AWARE.add(hours=60)
    plain = text(facts, now, "ap", language)
    assert "Jansen" not in plain.title + plain.body and "120" not in plain.body
    detailed = text(facts, now, "ap", language, detail=True)
    assert "Laptop van J. Jansen" in detailed.body and "120" in detailed.body


def test_titles_fit_a_lock_screen():
    now = pendulum.datetime(2026, 11, 25, 21, 0, tz=AMS)
    for obligation in ("ap", "customers"):
        assert len(text(Facts(), now, obligation).title) <= 90


def test_the_opened_alert_of_a_processor_without_agreed_hours_says_no_clock_runs():
    facts = Facts(role="processor", customers_window_hours=0)
    states = deadlines.clock_states(facts, [], AWARE)
    states = {name: state for name, state in states.items() if state.status != deadlines.OPEN}
    step = schedule.opened_step(facts, Settings())
    message = messages.reminder(facts, step, states, AWARE, AMS, "nl")
    assert message.title == "DL-2026-001 · Datalek geregistreerd"
    assert message.body.splitlines()[0] == "Er is een datalek geregistreerd; er loopt (nog) geen termijn."


@pytest.mark.parametrize("language, expected", [("nl", "Aantal betrokkenen: 1.200–1.500"), ("en", "Persons concerned: 1,200–1,500")])
def test_a_detailed_reminder_writes_the_number_of_persons_as_the_language_does(language, expected):
    detailed = text(Facts(persons_min=1200, persons_max=1500), AWARE.add(hours=60), "ap", language, detail=True)
    assert expected in detailed.body.splitlines()


def test_the_persons_reminder_asks_to_inform_them_promptly():
    message = text(Facts(high_risk=True), AWARE.add(hours=49), "subjects")
    assert "Informeer de betrokkenen onverwijld (art. 34 lid 1 AVG)." in message.body.splitlines()
