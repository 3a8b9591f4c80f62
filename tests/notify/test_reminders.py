"""`breach remind` end to end in-process, against a real SQLite file and real receivers on 127.0.0.1:
an SMTP server (aiosmtpd) for mailto:// and an HTTP endpoint for json://. Time moves by the clock fixture."""

from __future__ import annotations

import json

import pendulum
import pytest

from tests.receivers import free_port

AMS = "Europe/Amsterdam"
# The clock fixture starts at Mon 2026-11-23 12:00 Amsterdam. Aware at 09:00: the customers deadline is
# Tue 24 Nov 09:00, the AP deadline Thu 26 Nov 09:00.
AWARE = "2026-11-23 09:00"


def moment(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz=AMS)


@pytest.fixture
def opened(cli):
    result = cli("open", "Laptop met klantdossiers gestolen", "--aware", AWARE,
                 "--description", "Laptop van J. Jansen uit de auto gestolen")
    assert result.exit_code == 0, result.stderr
    return "DL-2026-001"


def add_channel(cli, url: str, *extra: str) -> None:
    result = cli("channels", "add", url, *extra)
    assert result.exit_code == 0, result.stderr


def remind(cli, *extra: str):
    return cli("remind", *extra)


def timeline(cli, ref: str) -> list[dict]:
    return json.loads(cli("show", ref, "--json").stdout)["timeline"]


def write_config(home, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(text, encoding="utf-8")


def import_settings(cli, tmp_path, text: str, *before: str) -> None:
    """Replace the organisation's settings tables once the store keeps them (after the first command);
    `before`: options before the command (`--org NAME`)."""
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    result = cli(*before, "settings", "import", str(path))
    assert result.exit_code == 0, result.stderr


def test_the_opened_alert_reaches_an_inbox_and_an_http_endpoint_once(cli, opened, http_receiver, smtp_receiver):
    add_channel(cli, http_receiver.url)
    add_channel(cli, smtp_receiver.url())
    first = remind(cli)
    assert first.exit_code == 0, first.stderr
    assert remind(cli).stdout.strip() == "Nothing due."
    assert len(http_receiver.received) == 1 and len(smtp_receiver.messages) == 1
    mail = smtp_receiver.messages[0]
    assert mail["To"] == "dpo@example.org"
    assert mail["Subject"].startswith("Nieuw datalek DL-2026-001")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Er is een datalek geregistreerd" in body
    assert "- melding aan klanten: uiterlijk dinsdag 24 november 2026, 09:00 uur" in body.splitlines()
    assert "breach show DL-2026-001" in body
    assert http_receiver.received[0]["title"] == mail["Subject"]


def test_each_step_goes_out_when_it_falls_due_with_the_command_that_marks_it_met(cli, clock, opened, smtp_receiver):
    add_channel(cli, smtp_receiver.url())
    remind(cli)
    clock.set(moment("2026-11-23 21:00"))  # 12 h before the customers deadline
    result = remind(cli)
    assert "customers 12h" in result.stdout
    mail = smtp_receiver.messages[-1]
    assert mail["Subject"] == "Klanten informeren: nog 12 u 00 min · DL-2026-001"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Gedaan? Leg het vast: breach notified DL-2026-001 customers" in body
    assert len(smtp_receiver.messages) == 2


def test_a_reminder_carries_no_facts_of_the_breach_unless_the_channel_opts_in(cli, clock, opened, http_receiver):
    from tests.receivers import HttpReceiver

    detailed = HttpReceiver().start()
    try:
        add_channel(cli, http_receiver.url)
        add_channel(cli, detailed.url, "--detail")
        remind(cli)
        plain = json.dumps(http_receiver.received, ensure_ascii=False)
        assert "Laptop" not in plain and "Jansen" not in plain
        assert "Laptop met klantdossiers gestolen" in detailed.received[0]["message"]
        assert "Jansen" not in detailed.received[0]["message"]  # the description never leaves
    finally:
        detailed.stop()


def test_when_several_steps_were_missed_only_the_most_recent_is_sent(cli, clock, opened, http_receiver):
    add_channel(cli, http_receiver.url)
    remind(cli)
    clock.set(moment("2026-11-24 08:30"))  # customers 12h, 4h and 1h (08:00) all passed while the machine was off
    remind(cli)
    assert http_receiver.titles()[1:] == [
        "Klanten informeren: nog 0 u 30 min · DL-2026-001"
    ]


def test_a_failing_channel_does_not_stop_the_others_and_is_retried_with_back_off(
    cli, clock, opened, http_receiver, failing_receiver
):
    add_channel(cli, http_receiver.url)
    add_channel(cli, failing_receiver.url)
    result = remind(cli)
    assert result.exit_code == 0
    assert "failed" in result.stdout and "error=500" in result.stdout
    assert len(http_receiver.received) == 1
    kinds = [(e["kind"], e["data"].get("attempt")) for e in timeline(cli, opened) if e["kind"].startswith("remind")]
    assert sorted(kinds) == [("remind_failed", 1), ("reminded", 1)]
    failed = next(e for e in timeline(cli, opened) if e["kind"] == "remind_failed")
    assert "next try Mon 2026-11-23 12:05 +01:00" in failed["text"]  # 5 minutes after 12:00, in local time
    assert failed["data"]["next_try_at"] == "2026-11-23T12:05:00+01:00"

    assert "1 waiting for a retry, 0 given up" in cli("doctor").stdout
    clock.advance(minutes=4)  # back-off is 5 minutes: not yet
    assert remind(cli).stdout.strip() == "Nothing due."
    codes = []
    for wait in (5, 15, 60):  # the tries after 5, 15 and 60 minutes; the fourth try is the last
        clock.advance(minutes=wait)
        codes.append(remind(cli).exit_code)
    assert codes == [0, 0, 1]
    assert len(http_receiver.received) == 1  # the working channel never got the message again
    failures = [e for e in timeline(cli, opened) if e["kind"] == "remind_failed"]
    assert [e["data"]["attempt"] for e in failures] == [1, 2, 3, 4]
    assert failures[-1]["data"]["status"] == "gave_up"
    clock.advance(hours=1)
    assert remind(cli).exit_code == 0  # given up: not tried again


def test_a_channel_whose_server_is_down_fails_with_the_reason_and_exits_non_zero_after_the_last_try(cli, clock, opened):
    write_config(cli_home(cli), "[reminders]\nretry_minutes = [1]\n")
    add_channel(cli, f"json://127.0.0.1:{free_port()}/down")
    assert remind(cli).exit_code == 0
    clock.advance(minutes=1)
    last = remind(cli)
    assert last.exit_code == 1
    assert last.stderr.count("\n") >= 1 and "could not be delivered after the last try" in last.stderr
    assert "Traceback" not in last.stderr


def cli_home(cli):
    from breach.config import data_home

    return data_home()


def test_recording_the_notification_cancels_pending_retries(cli, clock, opened, failing_receiver):
    add_channel(cli, failing_receiver.url)
    clock.set(moment("2026-11-23 21:00"))
    remind(cli)  # the customers 12h step (and the opened alert) fail
    assert cli("notified", opened, "customers").exit_code == 0
    failing_receiver.status = 200
    clock.advance(minutes=10)
    remind(cli)
    assert not any("klanten" in t for t in failing_receiver.titles())
    assert [t for t in failing_receiver.titles() if "Nieuw datalek" in t]  # the other retry still went
    doctor = cli("doctor")
    assert "waiting for a retry" not in doctor.stdout  # the cancelled retry is not a pending problem


def test_closing_the_breach_cancels_its_reminders(cli, clock, opened, http_receiver):
    add_channel(cli, http_receiver.url)
    assert cli("close", opened, "--reason", "valse melding", "--force").exit_code == 0
    clock.set(moment("2026-11-24 10:00"))
    assert remind(cli).stdout.strip() == "Nothing due."
    assert http_receiver.received == []


def test_with_no_channel_reminders_print_on_the_terminal_once_with_a_warning(cli, opened):
    first = remind(cli)
    assert "Nieuw datalek DL-2026-001" in first.stdout
    assert "no channel configured" in first.stderr and "breach channels add URL" in first.stderr
    assert remind(cli).stdout.strip() == "Nothing due."


def test_quiet_hours_never_hold_a_step_in_the_last_12_hours(cli, clock, opened, http_receiver, home):
    write_config(home, '[reminders.quiet_hours]\n"*" = "22:00-07:00"\n')
    add_channel(cli, http_receiver.url)
    clock.set(moment("2026-11-23 20:30"))
    remind(cli)  # the opened alert
    clock.set(moment("2026-11-23 22:30"))  # quiet, but the customers deadline is 10 h 30 m away
    result = remind(cli)
    assert "held" not in result.stdout and "customers 12h" in result.stdout
    assert len(http_receiver.received) == 2


def test_quiet_hours_hold_the_opened_alert_of_a_far_deadline(cli, clock, http_receiver, home):
    write_config(home, '[reminders.quiet_hours]\n"*" = "22:00-07:00"\n')
    clock.set(moment("2026-11-23 23:00"))
    assert cli("open", "Mailing in CC", "--aware", "2026-11-23 22:50", "--customers-window", "0").exit_code == 0
    add_channel(cli, http_receiver.url)
    night = remind(cli)
    assert "held" in night.stdout and http_receiver.received == []
    clock.set(moment("2026-11-24 07:00"))
    remind(cli)
    assert len(http_receiver.received) == 1


def test_management_hears_a_step_nobody_acknowledged_and_the_deadline_at_once(cli, clock, opened, http_receiver):
    from tests.receivers import HttpReceiver

    management = HttpReceiver().start()
    try:
        add_channel(cli, http_receiver.url)
        add_channel(cli, management.url, "--tag", "management")
        remind(cli)
        assert cli("ack", opened).exit_code == 0  # the opened alert was answered: it does not climb
        clock.set(moment("2026-11-23 21:00"))
        remind(cli)  # customers 12h (high): the privacy officer first
        clock.set(moment("2026-11-23 21:29"))
        remind(cli)
        assert management.received == []
        clock.set(moment("2026-11-23 21:30"))
        remind(cli)  # nobody acknowledged within 30 min: management too (the backup rung has no channel)
        assert management.titles() == ["Klanten informeren: nog 11 u 30 min · DL-2026-001"]
        body = management.received[0]["message"].splitlines()
        assert body[1] == "Na 30 min heeft nog niemand dit bevestigd; daarom krijgt u het nu ook."
        assert len(http_receiver.received) == 2
        clock.set(moment("2026-11-24 09:00"))
        seen = len(management.received), len(http_receiver.received)
        remind(cli)  # the deadline: management by its tag, at once (beside the AP's T-48, sent in parallel)
        assert "Klanten informeren: termijn verloopt nu · DL-2026-001" in management.titles()[seen[0]:]
        assert "Klanten informeren: termijn verloopt nu · DL-2026-001" in http_receiver.titles()[seen[1]:]
    finally:
        management.stop()


def test_an_ack_stops_repeats_for_the_channels_already_paged_but_not_the_next_alarm(cli, clock, opened, http_receiver):
    add_channel(cli, http_receiver.url)
    clock.set(moment("2026-11-24 13:00"))  # customers overdue-1 (the overdue alarm)
    remind(cli)
    assert cli("ack", opened).exit_code == 0
    clock.set(moment("2026-11-24 17:00"))  # overdue-2: a repeat, silenced
    remind(cli)
    titles = http_receiver.titles()
    assert sum(t.startswith("TE LAAT: klanten informeren DL-2026-001") for t in titles) == 1
    assert any(e["kind"] == "ack" for e in timeline(cli, opened))
    clock.set(moment("2026-11-26 08:00"))  # the AP 1h step: a later step, never silenced
    remind(cli)
    assert http_receiver.titles()[-1] == "AP-melding: nog 1 u 00 min · DL-2026-001"


def test_english_reminders_on_request(cli, clock, http_receiver):
    assert cli("init", "--no-input", "--language", "en").exit_code == 0
    assert cli("open", "Mailing in CC", "--aware", AWARE).exit_code == 0
    add_channel(cli, http_receiver.url)
    clock.set(moment("2026-11-23 21:00"))
    remind(cli)
    assert sorted(http_receiver.titles()) == [
        "New breach DL-2026-001 · Tell the customers: 12h 00m left",
        "Tell the customers: 12h 00m left · DL-2026-001",
    ]
    step = [r for r in http_receiver.received if "New breach" not in r["title"]][0]
    assert "Done? Record it: breach notified DL-2026-001 customers" in step["message"]


def test_dry_run_shows_what_would_go_out_by_then_and_sends_nothing(cli, opened, http_receiver):
    add_channel(cli, http_receiver.url)
    result = remind(cli, "--dry-run", "--until", "2026-11-24 08:30", "--json")
    doc = json.loads(result.stdout)
    assert doc["dry_run"] is True
    assert [(r["obligation"], r["step"]) for r in doc["reminders"]] == [
        ("opened", "opened"), ("customers", "12h"), ("customers", "4h"), ("customers", "1h"),
    ]
    assert http_receiver.received == []
    assert remind(cli, "--until", "24h").exit_code == 1  # --until only previews


def test_a_bad_until_is_one_clear_line(cli, opened):
    result = remind(cli, "--dry-run", "--until", "yesterday 09:00")
    last = result.stderr.splitlines()[-1]
    assert result.exit_code == 1 and last.startswith("Error: --until:") and "has passed" in last


@pytest.mark.parametrize(("until", "named"), [("abc", "'abc' is neither a moment nor a span"),
                                              ("100000d", "'100000d' is too far ahead"),
                                              ("2030-01-01 10:00", "is too far ahead")])
def test_an_until_that_is_no_moment_or_too_far_names_every_accepted_form(cli, opened, until, named):
    result = remind(cli, "--dry-run", "--until", until)
    last = result.stderr.splitlines()[-1]
    assert result.exit_code == 1 and last.startswith("Error: --until:") and named in last
    assert "today HH:MM" in last and "24h, 3d" in last


def test_channels_of_an_apprise_config_file_are_used_with_their_tags(cli, clock, opened, http_receiver, home):
    home.mkdir(parents=True, exist_ok=True)
    (home / "apprise.yml").write_text(f"urls:\n  - {http_receiver.url}:\n      tag: management\n", encoding="utf-8")
    write_config(home, '[reminders]\napprise_config = "apprise.yml"\n')
    listed = cli("channels", "list")
    assert "tags: management" in listed.stdout and "apprise.yml" in listed.stdout
    remind(cli)
    assert len(http_receiver.received) == 1  # the only rung with a channel: it gets the opened alert
    clock.set(moment("2026-11-24 08:00"))
    remind(cli)
    clock.set(moment("2026-11-24 08:10"))
    remind(cli)
    assert len(http_receiver.received) == 2  # the 1h step, once


def test_every_sent_reminder_is_an_event_per_channel(cli, opened, http_receiver, smtp_receiver):
    add_channel(cli, http_receiver.url)
    add_channel(cli, smtp_receiver.url())
    remind(cli)
    sent = [e for e in timeline(cli, opened) if e["kind"] == "reminded"]
    assert sorted(e["data"]["channel"].split(":")[0] for e in sent) == ["json", "mailto"]


def test_quiet_prints_nothing_when_nothing_is_due_so_cron_mails_only_news(cli, opened, home):
    write_config(home, '[reminders.quiet_hours]\n"*" = "00:00-23:59"\n')
    cli("channels", "add", "json://127.0.0.1:9/never")
    quiet = remind(cli, "--quiet")
    assert quiet.exit_code == 0 and quiet.stdout == ""  # the opened alert is held: not news
    assert "held" in remind(cli).stdout


def test_decisions_steer_the_reminders_through_the_clocks(cli, clock, opened, http_receiver, home):
    add_channel(cli, http_receiver.url)
    remind(cli)
    assessed = cli("assess", opened, "--cause", "wrong-recipient-post", "--protected", "no", "--confidentiality",
                   "known", "--integrity", "none", "--availability", "none", "--malicious", "no",
                   "--data", "name,address", "--persons", "40")
    assert assessed.exit_code == 0, assessed.stderr  # a decision not to notify must rest on an assessment
    no_ap = cli("decide", opened, "ap", "no", "--reason", "versleutelde laptop, sleutel veilig", "--by", "S. de Vries (FG)")
    assert no_ap.exit_code == 0, no_ap.stderr  # no AP notification needed: its reminders stop
    tell = cli("decide", opened, "subjects", "yes", "--by", "S. de Vries (FG)")
    assert tell.exit_code == 0, tell.stderr  # the persons must be told: daily reminders start
    clock.set(moment("2026-11-26 08:00"))  # AP 1h, had the ap clock still run
    remind(cli)
    titles = http_receiver.titles()
    assert not any("AP-melding" in t for t in titles[1:])
    assert any(t == "Betrokkenen informeren: nog niet gedaan · DL-2026-001" for t in titles)


def _claim_by_another_process(backend, clock, step: str, channel: str, minutes_ago: int) -> None:
    """A claim made `minutes_ago` by the store's clock (PostgreSQL's own, whatever the test's clock says)."""
    from breach.notify import reminders
    from breach.store.models import Delivery

    store = backend.store()
    with store.write() as session:
        claimed_at = reminders.claim_clock(session, clock()).subtract(minutes=minutes_ago)
        session.add(Delivery(incident_id=1, obligation=step, step=step, channel=channel, due_at=clock(),
                             status="claimed", attempts=1, claimed_by="other-host:1:abc", claimed_at=claimed_at))
    store.dispose()


def test_a_reminder_another_process_claimed_is_never_sent_while_its_claim_is_fresh(cli, clock, opened, http_receiver, backend):
    add_channel(cli, http_receiver.url)
    _claim_by_another_process(backend, clock, "opened", "c1", 5)
    assert remind(cli).stdout.strip() == "Nothing due."
    assert http_receiver.received == []


def test_a_claim_whose_process_died_is_taken_over_after_the_lease(cli, clock, opened, http_receiver, backend):
    add_channel(cli, http_receiver.url)
    _claim_by_another_process(backend, clock, "opened", "c1", 16)
    result = remind(cli, "--json")
    assert [(r["step"], r["status"], r["attempt"]) for r in json.loads(result.stdout)["reminders"]] == [
        ("opened", "sent", 2)
    ]
    assert len(http_receiver.received) == 1


def test_header_payload_and_token_values_of_a_url_are_never_shown_nor_recorded(cli, opened, http_receiver):
    url = f"{http_receiver.url}?+Authorization=Bearer%20PASSWORDZ&-apikey=PASSWORDY&token=PASSWORDX"
    outputs = [cli("channels", "add", url)]
    outputs += [cli("channels", "list"), cli("channels", "list", "--json"), cli("channels", "test")]
    outputs += [cli("remind", "--json"), cli("doctor"), cli("show", opened), cli("show", opened, "--json")]
    assert len(http_receiver.received) == 2  # the secret URL still works: the test message and the opened alert
    seen = "".join(r.stdout + r.stderr for r in outputs)
    assert "Authorization=****" in seen and "apikey=****" in seen
    for secret in ("PASSWORDZ", "PASSWORDY", "PASSWORDX"):
        assert secret not in seen


def test_a_dry_run_over_a_year_lists_a_few_repeats_per_clock_then_how_they_go_on(cli):
    assert cli("open", "Oud lek", "--aware", "2018-06-01T00:00Z").exit_code == 0  # years overdue
    result = remind(cli, "--dry-run", "--until", "366d", "--json")
    doc = json.loads(result.stdout)
    repeats = [r["obligation"] for r in doc["reminders"] if r["step"].startswith("overdue")]
    assert repeats.count("ap") <= 4 and repeats.count("customers") <= 4  # the current one and three to come
    assert doc["continues"] == ["DL-2026-001 ap: … and every 4 h until met",  # numbered by the year it was opened
                                "DL-2026-001 customers: … and every 4 h until met"]


def test_a_service_is_added_once_and_one_also_in_the_apprise_config_file_gets_each_step_once(
    cli, opened, http_receiver, home
):
    add_channel(cli, http_receiver.url)
    again = cli("channels", "add", http_receiver.url + "?method=POST")  # the same service, written otherwise
    assert again.exit_code == 1 and again.stderr.splitlines()[-1].startswith("Error: URL: this service is already channel 1")
    home.mkdir(parents=True, exist_ok=True)  # on PostgreSQL no command needed the data home yet
    (home / "apprise.yml").write_text(f"urls:\n  - {http_receiver.url}\n", encoding="utf-8")
    write_config(home, '[reminders]\napprise_config = "apprise.yml"\n')
    assert len(json.loads(remind(cli, "--dry-run", "--json").stdout)["reminders"]) == 1
    assert remind(cli).exit_code == 0
    assert len(http_receiver.received) == 1


def test_an_entry_of_the_apprise_config_file_apprise_refuses_is_named_masked_and_fails_doctor(cli, home, http_receiver):
    home.mkdir(parents=True, exist_ok=True)
    (home / "apprise.yml").write_text(f"urls: [foo://user:SECRETQ@host/, {http_receiver.url}]\n", encoding="utf-8")
    write_config(home, '[reminders]\napprise_config = "apprise.yml"\n')
    named = "apprise does not understand the entry foo://****@host/"
    listed = cli("channels", "list")
    assert listed.exit_code == 0 and named in listed.stderr and "127.0.0.1" in listed.stdout
    doctor = cli("doctor")
    assert doctor.exit_code == 1 and named in doctor.stdout and named in doctor.stderr
    assert "SECRETQ" not in listed.stdout + listed.stderr + doctor.stdout + doctor.stderr


def test_delivery_health_per_channel_is_the_last_sent_the_counts_and_the_latest_error(backend, opened):
    from breach.notify import reminders
    from breach.store.models import Delivery

    store = backend.store()
    at = pendulum.datetime(2026, 11, 23, 9, 0, tz="UTC")

    def delivery(channel: str, step: str, status: str, *, sent: int | None = None, error: str | None = None):
        return Delivery(incident_id=1, obligation="ap", step=step, channel=channel, due_at=at, status=status,
                        claimed_by="t", claimed_at=at, sent_at=at.add(minutes=sent) if sent is not None else None, error=error)

    with store.write() as session:
        session.add_all([
            delivery("a", "s1", "sent", sent=5), delivery("a", "s2", "sent", sent=50), delivery("a", "s3", "sent", sent=20),
            delivery("a", "s4", "failed", error="first"), delivery("a", "s5", "gave_up", error="latest of a"),
            delivery("b", "s1", "failed", error="only b"), delivery("b", "s2", "claimed"),
            delivery("c", "s1", "sent", sent=1),
        ])
    with store.read() as session:
        health = reminders.delivery_health(session)
    assert health["a"] == {"last_sent": at.add(minutes=50), "last_error": "latest of a", "waiting": 1, "gave_up": 1}
    assert health["b"] == {"last_sent": None, "last_error": "only b", "waiting": 1, "gave_up": 0}
    assert health["c"] == {"last_sent": at.add(minutes=1), "last_error": None, "waiting": 0, "gave_up": 0}


def test_a_reminder_says_the_assessment_needs_a_new_run_when_facts_changed_after_it(cli, opened, http_receiver):
    from tests.records.cli_helpers import BANK_STATEMENT

    add_channel(cli, http_receiver.url)
    facts = ("--data", "name,address", "--persons", "40", "--persons-group", "customers")
    assert cli("update", opened, *facts).exit_code == 0
    assert cli("assess", opened, *BANK_STATEMENT, "--no-input").exit_code == 0
    dutch = "Na de risicobeoordeling zijn de feiten gewijzigd; voer de beoordeling opnieuw uit: breach assess DL-2026-001"

    def bodies() -> list[str]:
        doc = json.loads(remind(cli, "--dry-run", "--until", "2026-11-24 08:30", "--json").stdout)
        return [r["body"] for r in doc["reminders"]]

    assert bodies() and not any(dutch in body for body in bodies())  # assessed on the current facts
    assert cli("update", opened, "--persons", "52").exit_code == 0
    assert all(dutch in body for body in bodies())  # every one, also the steps still to come
    step = next(b for b in bodies() if "breach draft" in b).splitlines()
    assert step.index(dutch) == step.index("Concept bekijken: breach draft DL-2026-001 customers") - 1
    assert remind(cli).exit_code == 0
    sent = [r["message"] for r in http_receiver.received]
    assert sent and all(dutch in message for message in sent)
