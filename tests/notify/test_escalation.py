"""The ladder end to end: a real ntfy-compatible server with three topics (the privacy officer, the
backup, management) and a real SMTP server read the priority, type, title and body of each step and
the climb to the next rung after the wait; an ack stops it; quiet hours, DST and the ladder together;
acknowledge links signed per delivery."""

from __future__ import annotations

import pendulum
import pytest

from tests.notify.test_reminders import AMS, import_settings, moment, remind, timeline


@pytest.fixture
def ladder(cli, home, ntfy_receiver, smtp_receiver):
    assert cli("init", "--no-input", "--customers-window", "0").exit_code == 0
    for url, tags in ((ntfy_receiver.url("fg"), ()), (ntfy_receiver.url("backup"), ("backup",)),
                      (ntfy_receiver.url("board"), ("management",)), (smtp_receiver.url(), ())):
        extra = [arg for tag in tags for arg in ("--tag", tag)]
        assert cli("channels", "add", url, *extra).exit_code == 0
    return ntfy_receiver


def seen(receiver, topic: str) -> list[tuple[int, str, str]]:
    return [(m["priority"], m["type"], m["title"]) for m in receiver.of(topic)]


def test_each_step_is_as_loud_as_its_hour_and_climbs_until_someone_acknowledges(cli, clock, ladder, smtp_receiver):
    ntfy = ladder
    assert cli("open", "Laptop gestolen", "--aware", "2026-11-23 09:00").exit_code == 0  # AP due Thu 26 Nov 09:00
    remind(cli)
    assert seen(ntfy, "fg") == [(3, "info", "Nieuw datalek DL-2026-001 · AP-melding: nog 69 u 00 min")]
    opened_body = ntfy.of("fg")[0]["message"].splitlines()
    assert opened_body[0] == ("Er is een datalek geregistreerd. Meld het datalek vóór do 26 nov 09:00 bij de "
                              "Autoriteit Persoonsgegevens.")
    assert opened_body[1] == "Pakt u dit op? Bevestig het met de opdracht onderaan; anders gaat dit over 2 uur naar de vervanger."
    assert opened_body[-2:] == ["Bevestig dat u ermee bezig bent: breach ack DL-2026-001", "Stand van zaken: breach show DL-2026-001"]
    assert cli("ack", "DL-2026-001").exit_code == 0

    clock.set(moment("2026-11-24 09:00"))  # 48h: ordinary
    remind(cli)
    assert seen(ntfy, "fg")[-1] == (3, "info", "AP-melding: nog 48 u 00 min · DL-2026-001")
    assert cli("ack", "DL-2026-001").exit_code == 0
    clock.set(moment("2026-11-25 21:00"))  # 12h: high, climbs after 30 min
    remind(cli)
    assert seen(ntfy, "fg")[-1] == (4, "warning", "AP-melding: nog 12 u 00 min · DL-2026-001")
    mail = smtp_receiver.messages[-1]
    assert mail["Subject"] == "AP-melding: nog 12 u 00 min · DL-2026-001" and mail["Importance"] == "high"
    assert ntfy.of("backup") == [] and ntfy.of("board") == []
    clock.set(moment("2026-11-25 21:30"))
    remind(cli)
    assert seen(ntfy, "backup") == [(4, "warning", "AP-melding: nog 11 u 30 min · DL-2026-001")]
    assert ntfy.of("backup")[0]["message"].splitlines()[:3] == [
        "Meld het datalek vóór do 26 nov 09:00 bij de Autoriteit Persoonsgegevens.",
        "Na 30 min heeft nog niemand dit bevestigd; daarom krijgt u het nu ook.",
        "Pakt u dit op? Bevestig het met de opdracht onderaan; anders gaat dit over 30 min naar de directie.",
    ]
    assert len(ntfy.of("fg")) == 3  # the privacy officer is not paged twice for one step
    clock.set(moment("2026-11-25 22:00"))
    remind(cli)
    assert seen(ntfy, "board") == [(4, "warning", "AP-melding: nog 11 u 00 min · DL-2026-001")]
    assert cli("ack", "DL-2026-001").exit_code == 0  # someone is on it

    clock.set(moment("2026-11-26 05:00"))  # 4h: high, from the privacy officer again
    remind(cli)
    assert seen(ntfy, "fg")[-1] == (4, "warning", "AP-melding: nog 4 u 00 min · DL-2026-001")
    assert cli("ack", "DL-2026-001").exit_code == 0
    clock.set(moment("2026-11-26 05:30"))
    remind(cli)
    assert len(ntfy.of("backup")) == 1  # acknowledged: the 4h step does not climb
    clock.set(moment("2026-11-26 08:00"))  # 1h: urgent, climbs after 15 min
    remind(cli)
    assert seen(ntfy, "fg")[-1] == (5, "failure", "AP-melding: nog 1 u 00 min · DL-2026-001")
    assert smtp_receiver.messages[-1]["X-Priority"] == "1"
    clock.set(moment("2026-11-26 08:15"))
    remind(cli)
    assert seen(ntfy, "backup")[-1] == (5, "failure", "AP-melding: nog 0 u 45 min · DL-2026-001")
    clock.set(moment("2026-11-26 09:00"))  # the deadline: management by its tag, at once
    remind(cli)
    assert seen(ntfy, "board")[-1] == (5, "failure", "AP-melding: termijn verloopt nu · DL-2026-001")
    clock.set(moment("2026-11-26 13:00"))
    remind(cli)
    assert seen(ntfy, "fg")[-1] == (5, "failure", "TE LAAT: AP-melding DL-2026-001, al 4 u 00 min")

    events = timeline(cli, "DL-2026-001")
    escalated = [e for e in events if e["kind"] == "reminded" and e["data"].get("escalated")]
    assert escalated[0]["text"].endswith(": escalated, not acknowledged within 30 min")
    assert "ap 12h (high) to ntfy://" in escalated[0]["text"]


def test_quiet_hours_dst_and_the_ladder_together(cli, clock, tmp_path, ladder):
    """Aware Thu 22 Oct 2026 03:30 CEST: the AP deadline is Sun 25 Oct 02:30 CET, 72 real hours later,
    the night the clocks go back (the 1h step is at the first 02:30, CEST). Quiet 22:00-07:00 holds only
    ordinary steps; a step that climbs in the night before the deadline still goes out."""
    ntfy = ladder
    import_settings(cli, tmp_path, '[reminders.quiet_hours]\n"*" = "22:00-07:00"\n')
    clock.set(pendulum.datetime(2026, 10, 22, 3, 30, tz=AMS))
    assert cli("open", "Mailing in CC", "--aware", "2026-10-22 03:30").exit_code == 0
    remind(cli)
    assert ntfy.received == []  # the opened alert is ordinary: held
    clock.set(pendulum.datetime(2026, 10, 22, 7, 0, tz=AMS))
    remind(cli)
    assert [m["title"] for m in ntfy.of("fg")] == ["Nieuw datalek DL-2026-001 · AP-melding: nog 68 u 30 min"]
    assert cli("ack", "DL-2026-001").exit_code == 0
    clock.set(pendulum.datetime(2026, 10, 23, 3, 30, tz=AMS))  # 48h, in the night: held
    remind(cli)
    assert len(ntfy.of("fg")) == 1
    clock.set(pendulum.datetime(2026, 10, 23, 7, 0, tz=AMS))
    remind(cli)
    assert seen(ntfy, "fg")[-1] == (3, "info", "AP-melding: nog 44 u 30 min · DL-2026-001")
    clock.set(pendulum.datetime(2026, 10, 23, 8, 30, tz=AMS))
    remind(cli)  # the wait (2 h) counts from 07:00, when it was sent, not from 03:30
    assert ntfy.of("backup") == []
    assert cli("ack", "DL-2026-001").exit_code == 0
    clock.set(pendulum.datetime(2026, 10, 24, 23, 30, tz=AMS))  # 4h (23:30 CEST, in the night): high
    remind(cli)
    assert seen(ntfy, "fg")[-1] == (4, "warning", "AP-melding: nog 4 u 00 min · DL-2026-001")
    clock.set(pendulum.datetime(2026, 10, 25, 0, 0, tz=AMS))
    remind(cli)  # nobody answered within 30 min: the backup, also at night
    assert seen(ntfy, "backup") == [(4, "warning", "AP-melding: nog 3 u 30 min · DL-2026-001")]
    clock.set(pendulum.datetime(2026, 10, 25, 0, 30, tz=AMS))
    remind(cli)
    assert seen(ntfy, "board") == [(4, "warning", "AP-melding: nog 3 u 00 min · DL-2026-001")]
    clock.set(pendulum.datetime(2026, 10, 25, 0, 30, tz="UTC"))  # 02:30 CEST, the first one: 1h, urgent
    remind(cli)  # still unanswered: all three at once
    for topic in ("fg", "backup", "board"):
        assert seen(ntfy, topic)[-1] == (5, "failure", "AP-melding: nog 1 u 00 min · DL-2026-001")
    body = ntfy.of("fg")[-1]["message"]
    assert "vóór zo 25 okt 02:30 bij" in body and "Termijn: zondag 25 oktober 2026, 02:30 uur (UTC+01:00)" in body
    clock.set(pendulum.datetime(2026, 10, 25, 1, 30, tz="UTC"))  # 02:30 CET, the second one: the deadline
    remind(cli)
    assert seen(ntfy, "board")[-1] == (5, "failure", "AP-melding: termijn verloopt nu · DL-2026-001")


def test_with_serve_running_the_message_carries_a_signed_single_use_button(cli, clock, tmp_path, ladder, backend,
                                                                           smtp_receiver):
    from breach.notify import ack_links, heartbeats
    from breach.records import acks

    ntfy = ladder
    import_settings(cli, tmp_path, '[serve]\npublic_url = "https://breach.example.org"\n')
    assert cli("open", "Laptop gestolen", "--aware", "2026-11-23 09:00").exit_code == 0
    remind(cli)
    assert ntfy.of("fg")[0]["actions"] == ""  # serve does not run: the hint is in words
    assert "Bevestig het met de opdracht onderaan" in ntfy.of("fg")[0]["message"]

    clock.set(moment("2026-11-24 09:00"))
    store = backend.store()
    with store.write() as session:
        heartbeats.beat(session, heartbeats.SERVE, clock().subtract(minutes=1), started_at=clock(), interval_s=60)
    remind(cli)
    got = ntfy.of("fg")[-1]
    assert got["actions"].startswith("http, Gezien, https://breach.example.org/ack/") and "method=POST" in got["actions"]
    assert "Tik op ‘Gezien’" in got["message"]
    token = got["actions"].split("/ack/", 1)[1].split(",")[0]
    mail = smtp_receiver.messages[-1].get_body(preferencelist=("plain",)).get_content().splitlines()
    assert "Pakt u dit op? Open de link hieronder en kies ‘Gezien’; anders gaat dit over 2 uur naar de vervanger." in mail
    [mail_link] = [line for line in mail if line.startswith("Gezien: https://breach.example.org/ack/")]
    assert mail_link.split("/ack/")[1] != token  # one link per delivery

    with store.write() as session:
        first = acks.ack_by_token(session, token, clock())
    assert (first.recorded, first.obligation, first.step) == (True, "ap", "48h")
    with store.write() as session:
        assert acks.ack_by_token(session, token, clock()).recorded is False  # a second tap: no second ack
        with pytest.raises(ack_links.LinkRefused, match="not valid"):
            acks.ack_by_token(session, token[:-2] + ("AA" if not token.endswith("AA") else "BB"), clock())
        with pytest.raises(ack_links.LinkRefused, match="expired"):
            acks.ack_by_token(session, token, clock().add(hours=25))
    store.dispose()
    ack = [e for e in timeline(cli, "DL-2026-001") if e["kind"] == "ack"][-1]
    assert ack["data"]["via"] == "link" and ack["data"]["channel"] == "c1"


def test_show_says_who_was_paged_for_what_and_who_acknowledged(cli, clock, ladder):
    import json

    assert cli("open", "Laptop gestolen", "--aware", "2026-11-23 09:00").exit_code == 0
    assert cli("ack", "DL-2026-001").exit_code == 0
    clock.set(moment("2026-11-25 21:00"))
    remind(cli)
    clock.set(moment("2026-11-25 21:30"))
    remind(cli)
    assert cli("ack", "DL-2026-001", "--obligation", "ap", "--by", "J. de Vries").exit_code == 0
    shown = cli("show", "DL-2026-001")
    assert shown.exit_code == 0, shown.stderr
    block = shown.stdout.split("\nPaging\n", 1)[1].splitlines()
    assert any(line.split()[:3] == ["ap", "12h", "high"] and "backup" in line and "ntfy://" in line for line in block)
    assert block[-1].startswith("  acknowledged ap by J. de Vries via cli, ")
    doc = json.loads(cli("show", "DL-2026-001", "--json").stdout)
    backup = [p for p in doc["paging"] if p["rung_tag"] == "backup"]
    assert [(p["obligation"], p["step"], p["level"], p["status"], p["escalated"]) for p in backup] == [
        ("ap", "12h", "high", "sent", True)]
    assert doc["acks"][-1]["by"] == "J. de Vries" and doc["acks"][-1]["via"] == "cli"
    assert "--by" in cli("ack", "DL-2026-001", "--by", "x" * 129).stderr


def test_the_ladder_is_on_the_timeline_once_and_again_when_it_changes(cli, clock, ladder, ntfy_receiver):
    assert cli("open", "Laptop gestolen", "--aware", "2026-11-23 09:00").exit_code == 0
    remind(cli)
    clock.set(moment("2026-11-24 09:00"))
    remind(cli)
    texts = [e["text"] for e in timeline(cli, "DL-2026-001") if e["kind"] == "ladder"]
    assert texts == ["ladder: dpo (2 channels) → backup (1) → management (1); climbs after 120/30/15 min "
                     "(ordinary/high/urgent)"]
    assert cli("channels", "add", ntfy_receiver.url("backup2"), "--tag", "backup").exit_code == 0
    clock.set(moment("2026-11-25 09:00"))
    remind(cli)
    texts = [e["text"] for e in timeline(cli, "DL-2026-001") if e["kind"] == "ladder"]
    assert len(texts) == 2 and "backup (2)" in texts[1]


def test_decide_customers_no_drops_the_clock_and_its_reminders_and_shows_in_the_register(cli, clock, http_receiver):
    assert cli("open", "Mailing in CC", "--aware", "2026-11-23 09:00").exit_code == 0
    assert cli("channels", "add", http_receiver.url).exit_code == 0
    clock.set(moment("2026-11-24 13:00"))  # customers overdue: TE LAAT
    remind(cli)
    assert any(t.startswith("TE LAAT: klanten informeren") for t in http_receiver.titles())
    refused = cli("decide", "DL-2026-001", "customers", "no", "--by", "S. de Vries (FG)")
    assert refused.exit_code == 1 and "--reason" in refused.stderr
    done = cli("decide", "DL-2026-001", "customers", "no", "--reason", "alleen eigen medewerkers betrokken",
               "--by", "S. de Vries (FG)")
    assert done.exit_code == 0, done.stderr  # no assessment needed: a fact of the agreements
    sent = len(http_receiver.received)
    clock.set(moment("2026-11-24 17:00"))
    remind(cli)
    assert not any(t.startswith("TE LAAT: klanten") for t in http_receiver.titles()[sent:])
    import json

    doc = json.loads(cli("show", "DL-2026-001", "--json").stdout)
    assert doc["clocks"]["customers"]["status"] == "not_applicable"
    register = cli("export", "--format", "md")
    assert register.exit_code == 0, register.stderr
    [line] = [line for line in register.stdout.splitlines() if line.startswith("- Besluit: klanten informeren: ")]
    assert "alleen eigen medewerkers betrokken" in line and "S. de Vries (FG)" in line
    assert cli("decide", "DL-2026-001", "customers", "yes", "--by", "S. de Vries (FG)").exit_code == 0
    clock.set(moment("2026-11-24 21:00"))
    remind(cli)
    assert http_receiver.titles()[-1].startswith("TE LAAT: klanten informeren")  # the latest decision counts


def test_a_processor_cannot_decide_its_customers_clock_away(cli):
    assert cli("open", "Mailing in CC", "--aware", "2026-11-23 09:00", "--role", "processor").exit_code == 0
    refused = cli("decide", "DL-2026-001", "customers", "no", "--reason", "x", "--by", "S. de Vries")
    assert refused.exit_code == 1 and "AVG art. 33 lid 2 binds you by law to tell the controller" in refused.stderr
