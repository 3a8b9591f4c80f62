"""A new signal pages the privacy officer once, with the next `breach remind`: the first rung of the
ladder only, high urgency, the receipt and the triage deadline, never the finder's words."""

from __future__ import annotations

import json


def test_a_new_signal_pages_the_first_rung_once_without_the_finders_words(cli, http_receiver):
    from tests.receivers import HttpReceiver

    management = HttpReceiver().start()
    try:
        assert cli("channels", "add", http_receiver.url).exit_code == 0
        assert cli("channels", "add", management.url, "--tag", "management").exit_code == 0
        made = cli("signal", "Mailing met alle adressen in CC naar 2.400 klanten", "--reporter", "Anna")
        assert made.exit_code == 0, made.stderr
        first = cli("remind", "--json")
        assert first.exit_code == 0, first.stderr
        [item] = [i for i in json.loads(first.stdout)["reminders"] if i["obligation"] == "signal"]
        assert item["status"] == "sent"
        [message] = http_receiver.received
        assert message["title"].startswith("Melding mogelijk datalek MLD-")
        assert ": beoordelen vóór " in message["title"]
        assert "breach open --from-signal 1" in message["message"]
        shown = message["title"] + message["message"]
        assert "Mailing" not in shown and "2.400" not in shown and "Anna" not in shown  # the receipt may hold any letters
        assert "Mon " not in shown  # the deadline in Dutch, as every reminder writes it
        assert management.received == []  # the ladder's first rung: management hears of a breach, not a report
        assert cli("remind").exit_code == 0
        assert len(http_receiver.received) == 1  # once
    finally:
        management.stop()


def test_a_signal_no_channel_took_is_paged_again_by_the_next_run(cli, failing_receiver, http_receiver):
    assert cli("channels", "add", failing_receiver.url).exit_code == 0
    assert cli("signal", "Laptop kwijt").exit_code == 0
    failed = json.loads(cli("remind", "--json").stdout)["reminders"]
    assert [i["status"] for i in failed if i["obligation"] == "signal"] == ["failed"]
    assert cli("channels", "add", http_receiver.url).exit_code == 0
    cli("remind")
    assert len(http_receiver.received) == 1


def test_an_opened_or_dismissed_signal_is_not_paged(cli, http_receiver):
    assert cli("channels", "add", http_receiver.url).exit_code == 0
    assert cli("signal", "Vals alarm").exit_code == 0
    assert cli("dismiss", "1", "--reason", "geen persoonsgegevens").exit_code == 0
    cli("remind")
    assert http_receiver.received == []


def test_a_signal_nobody_triages_climbs_the_ladder_and_stops_once_it_is_dismissed(cli, clock, http_receiver):
    from tests.receivers import HttpReceiver

    management = HttpReceiver().start()
    try:
        assert cli("channels", "add", http_receiver.url).exit_code == 0
        assert cli("channels", "add", management.url, "--tag", "management").exit_code == 0
        assert cli("signal", "Laptop kwijt in de trein").exit_code == 0
        cli("remind")
        clock.advance(minutes=29)
        cli("remind")
        assert management.received == []
        clock.advance(minutes=1)  # 30 min (the high level's wait) without triage; the backup rung has no channel
        cli("remind")
        [climbed] = management.received
        assert climbed["message"].splitlines()[0] == (
            "Na 30 min heeft nog niemand de melding beoordeeld; daarom krijgt u haar nu ook.")
        assert len(http_receiver.received) == 1  # the officer is not paged again
        clock.advance(hours=2)
        cli("remind")
        assert len(management.received) == 1  # the top rung: nowhere higher to go
        assert cli("dismiss", "1", "--reason", "teruggevonden bij de conducteur").exit_code == 0
        cli("remind")
        assert len(management.received) == 1 and len(http_receiver.received) == 1
    finally:
        management.stop()
