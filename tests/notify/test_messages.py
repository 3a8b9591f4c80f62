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


COMMANDS_NL = [
    "Concept bekijken: breach draft DL-2026-001 ap",
    "Gedaan? Leg het vast: breach notified DL-2026-001 ap",
    "Bevestig dat u ermee bezig bent: breach ack DL-2026-001",
    "Stand van zaken: breach show DL-2026-001",
]


def test_a_step_before_the_deadline_says_what_and_when_first_the_action_in_words_and_the_commands_last():
    message = text(Facts(), AWARE.add(hours=60, minutes=20), "ap")
    assert message.title == "AP-melding: nog 11 u 40 min · DL-2026-001"
    assert message.body.splitlines() == [
        "Meld het datalek vóór do 26 nov 09:00 bij de Autoriteit Persoonsgegevens.",
        "Pakt u dit op? Bevestig het met de opdracht onderaan.",
        "Termijn: donderdag 26 november 2026, 09:00 uur",
        *COMMANDS_NL,
    ]


@pytest.mark.parametrize(("facts", "hours", "obligation", "language", "title", "first"), [
    (Facts(), 72, "ap", "nl", "AP-melding: termijn verloopt nu · DL-2026-001",
     "Meld het datalek nu bij de Autoriteit Persoonsgegevens; de termijn verloopt."),
    (Facts(), 76, "ap", "nl", "TE LAAT: AP-melding DL-2026-001, al 4 u 00 min",
     "Meld het datalek alsnog bij de Autoriteit Persoonsgegevens en geef daarbij de reden van de vertraging "
     "(art. 33 lid 1 AVG)."),
    (Facts(), 60, "ap", "en", "AP notification: 12h 00m left · DL-2026-001",
     "Notify the Dutch Data Protection Authority (AP) of the breach by Thu 26 Nov 09:00."),
    (Facts(), 72, "ap", "en", "AP notification: due now · DL-2026-001", "Notify the AP of the breach now; the deadline is here."),
    (Facts(), 76, "ap", "en", "OVERDUE: AP notification DL-2026-001, 4h 00m late",
     "Notify the AP now and give the reasons for the delay (GDPR art. 33(1))."),
    (Facts(), 20, "customers", "nl", "Klanten informeren: nog 4 u 00 min · DL-2026-001",
     "Informeer vóór di 24 nov 09:00 de klanten van wie gegevens betrokken zijn, zoals met hen afgesproken."),
    (Facts(), 24, "customers", "nl", "Klanten informeren: termijn verloopt nu · DL-2026-001",
     "Informeer nu de klanten van wie gegevens betrokken zijn; de afgesproken termijn verloopt."),
    (Facts(), 28, "customers", "nl", "TE LAAT: klanten informeren DL-2026-001, al 4 u 00 min",
     "Informeer de klanten van wie gegevens betrokken zijn alsnog; de afgesproken termijn is verstreken."),
    (Facts(), 28, "customers", "en", "OVERDUE: tell the customers DL-2026-001, 4h 00m late",
     "Tell the customers whose data is involved without further delay; the agreed deadline has passed."),
    (Facts(role="processor"), 20, "customers", "nl", "Verwerkingsverantwoordelijke informeren: nog 4 u 00 min · DL-2026-001",
     "Informeer vóór di 24 nov 09:00 de verwerkingsverantwoordelijke over het datalek (art. 33 lid 2 AVG)."),
    (Facts(role="processor"), 28, "customers", "nl", "TE LAAT: verwerkingsverantwoordelijke informeren DL-2026-001, al 4 u 00 min",
     "Informeer de verwerkingsverantwoordelijke alsnog, zonder verdere vertraging (art. 33 lid 2 AVG)."),
    (Facts(role="processor"), 20, "customers", "en", "Tell the controller: 4h 00m left · DL-2026-001",
     "Tell the controller about the breach by Tue 24 Nov 09:00 (GDPR art. 33(2))."),
    (Facts(high_risk=True), 49, "subjects", "nl", "Betrokkenen informeren: nog niet gedaan · DL-2026-001",
     "Informeer de betrokkenen onverwijld (art. 34 lid 1 AVG); u weet al 49 u 00 min van het datalek."),
    (Facts(high_risk=True), 49, "subjects", "en", "Tell the persons: not done yet · DL-2026-001",
     "Tell the persons concerned without undue delay (GDPR art. 34(1)); you have known of the breach for 49h 00m."),
])
def test_title_and_first_line_of_every_step(facts, hours, obligation, language, title, first):
    message = text(facts, AWARE.add(hours=hours), obligation, language)
    assert message.title == title and len(message.title) <= 90
    lines = message.body.splitlines()
    assert lines[0] == first
    assert [line.split(": ", 1)[1] for line in lines[-4:]] == [
        f"breach draft DL-2026-001 {obligation}", f"breach notified DL-2026-001 {obligation}",
        "breach ack DL-2026-001", "breach show DL-2026-001",
    ]


def test_with_detail_the_breach_title_leads_the_first_line():
    message = text(Facts(title="Laptop gestolen"), AWARE.add(hours=60), "ap", detail=True)
    assert message.body.splitlines()[0] == "Laptop gestolen. Meld het datalek vóór do 26 nov 09:00 bij de Autoriteit Persoonsgegevens."
    asked = text(Facts(title="Wie heeft de mailing verstuurd?"), AWARE.add(hours=60), "ap", "en", detail=True)
    assert asked.body.splitlines()[0].startswith("Wie heeft de mailing verstuurd? Notify the Dutch")


def hinted(hint: messages.AckHint, language: str = "nl") -> list[str]:
    facts = Facts()
    now = AWARE.add(hours=60, minutes=20)
    states = deadlines.clock_states(facts, [], now)
    step = schedule.current_step(states["ap"], Settings().plans["ap"], now)
    return messages.reminder(facts, step, states, now, AMS, language, hint=hint).body.splitlines()


def test_an_escalated_reader_is_told_why_and_who_comes_next():
    lines = hinted(messages.AckHint("words", None, "de directie", 30, 30))
    assert lines[1:3] == [
        "Na 30 min heeft nog niemand dit bevestigd; daarom krijgt u het nu ook.",
        "Pakt u dit op? Bevestig het met de opdracht onderaan; anders gaat dit over 30 min naar de directie.",
    ]
    en = hinted(messages.AckHint("words", None, "management", 120, 120), "en")
    assert en[1:3] == [
        "Nobody has acknowledged this within 2 h, so it now comes to you as well.",
        "On it? Confirm it with the command at the bottom; otherwise it goes to management in 2 h.",
    ]


def test_the_ack_hint_is_a_button_a_link_or_words():
    assert hinted(messages.AckHint("button", "https://b.example/ack/T"))[1] == "Pakt u dit op? Tik op ‘Gezien’."
    link = hinted(messages.AckHint("link", "https://b.example/ack/T", "the backup", 15), "en")
    assert link[1] == "On it? Open the link below and choose ‘Seen’; otherwise it goes to the backup in 15 min."
    assert "Seen: https://b.example/ack/T" in link
    assert hinted(messages.AckHint("link", None))[1] == "Pakt u dit op? Bevestig het met de opdracht onderaan."  # no link: words


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
    assert message.title == "Nieuw datalek DL-2026-001"
    assert message.body.splitlines()[0] == "Er is een datalek geregistreerd; er loopt (nog) geen termijn."


@pytest.mark.parametrize("language, expected", [("nl", "Aantal betrokkenen: 1.200–1.500"), ("en", "Persons concerned: 1,200–1,500")])
def test_a_detailed_reminder_writes_the_number_of_persons_as_the_language_does(language, expected):
    detailed = text(Facts(persons_min=1200, persons_max=1500), AWARE.add(hours=60), "ap", language, detail=True)
    assert expected in detailed.body.splitlines()


def test_the_persons_reminder_asks_to_inform_them_promptly():
    message = text(Facts(high_risk=True), AWARE.add(hours=49), "subjects")
    assert message.body.splitlines()[0].startswith("Informeer de betrokkenen onverwijld (art. 34 lid 1 AVG);")


@pytest.mark.parametrize(("language", "title"), [
    ("nl", "Nieuw datalek DL-2026-001 · TE LAAT: klanten informeren, al 36 u 00 min"),
    ("en", "New breach DL-2026-001 · OVERDUE: Tell the customers, 36h 00m late"),
])
def test_the_opening_alert_of_a_breach_recorded_late_says_the_nearest_clock_is_overdue(language, title):
    """Opened 60 hours after awareness: the customers' 24 hours ran out 36 hours ago (it said 'nog 36 u')."""
    facts, now = Facts(), AWARE.add(hours=60)
    message = messages.reminder(facts, schedule.opened_step(facts, Settings()), deadlines.clock_states(facts, [], now),
                                now, AMS, language)
    assert message.title == title


def test_a_stale_assessment_gets_one_line_before_the_commands_in_either_language():
    facts = Facts()
    now = AWARE.add(hours=60)
    states = deadlines.clock_states(facts, [], now)
    step = schedule.current_step(states["ap"], Settings().plans["ap"], now)
    english = messages.reminder(facts, step, states, now, AMS, "en", reassess=True).body.splitlines()
    assert english[english.index("A draft to check: breach draft DL-2026-001 ap") - 1] == (
        "Facts changed after the risk assessment; run it again: breach assess DL-2026-001")
    assert "breach assess" not in messages.reminder(facts, step, states, now, AMS, "en").body


def test_a_processors_customers_reminder_counts_the_controllers_told_and_its_commands_name_them():
    from dataclasses import replace

    facts = Facts(role="processor")
    now = AWARE.add(hours=20)
    states = deadlines.clock_states(facts, [], now)
    states["customers"] = replace(states["customers"], told=12, of=40)
    step = schedule.current_step(states["customers"], Settings().plans["customers"], now)
    body = messages.reminder(facts, step, states, now, AMS, "en").body.splitlines()
    assert "Controllers told: 12 of 40; who is left: breach controllers DL-2026-001" in body
    assert "A draft to check: breach draft DL-2026-001 customers --controller all --out DL-2026-001-notices" in body
    assert "Done? Record it: breach notified DL-2026-001 customers --controller all" in body
    dutch = messages.reminder(facts, step, states, now, AMS, "nl").body
    assert "Verwerkingsverantwoordelijken geïnformeerd: 12 van 40" in dutch and "--out DL-2026-001-kennisgevingen" in dutch
