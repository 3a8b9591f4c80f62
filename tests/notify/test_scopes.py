"""One store, several organisations (an external FG with clients): `breach remind` runs each organisation in
turn with its own settings, profile and channels, and nothing of one reaches another's channels. Real
HTTP receivers on 127.0.0.1, one per organisation."""

from __future__ import annotations

import json

import pytest

from tests.notify.test_reminders import AWARE, import_settings
from tests.receivers import HttpReceiver


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def two(cli):
    """Organisation `main` (Dutch) and `bakkerij` (English), each with its own receiver and an open breach."""
    receivers = {"main": HttpReceiver().start(), "bakkerij": HttpReceiver().start()}
    try:
        ok(cli("init", "--no-input", "--name", "Coaching De Vries"))
        ok(cli("orgs", "add", "bakkerij", "--name", "Bakkerij Jansen B.V."))
        ok(cli("--org", "bakkerij", "init", "--no-input", "--language", "en"))
        ok(cli("--org", "main", "channels", "add", receivers["main"].url))
        ok(cli("--org", "bakkerij", "channels", "add", receivers["bakkerij"].url, "--detail"))  # opted in to facts
        ok(cli("--org", "main", "open", "Laptop gestolen", "--aware", AWARE))
        ok(cli("--org", "bakkerij", "open", "Mailing in CC", "--aware", AWARE))
        yield receivers
    finally:
        for receiver in receivers.values():
            receiver.stop()


def test_each_organisation_hears_only_of_its_own_breach_in_its_own_language(cli, two):
    first = ok(cli("remind", "--json"))  # none chosen: every organisation in turn
    items = json.loads(first.stdout)["reminders"]
    assert sorted((i["org"], i["id"], i["status"]) for i in items) == [
        ("bakkerij", "bakkerij/DL-2026-001", "sent"), ("main", "main/DL-2026-001", "sent")]
    [mine] = two["main"].received
    [theirs] = two["bakkerij"].received
    assert mine["title"].startswith("Nieuw datalek main/DL-2026-001")
    assert "Coaching De Vries" not in mine["title"] + mine["message"]  # the name is a fact: --detail channels only
    assert "breach --org main ack DL-2026-001" in mine["message"]
    assert theirs["title"].startswith("New breach bakkerij/DL-2026-001")
    assert theirs["message"].splitlines()[0] == "Organisation: Bakkerij Jansen B.V."
    assert "breach --org bakkerij show DL-2026-001" in theirs["message"]
    assert "Coaching" not in json.dumps(theirs) and "Bakkerij" not in json.dumps(mine)
    assert ok(cli("remind")).stdout.strip() == "Nothing due."
    assert len(two["main"].received) == 1 and len(two["bakkerij"].received) == 1
    doctor = json.loads(cli("doctor", "--json").stdout)
    assert doctor["last_run"] is not None  # one remind_run row for the whole invocation
    assert sorted((c["org"], c["url"].split("://")[0]) for c in doctor["channels"]) == [
        ("bakkerij", "json"), ("main", "json")]


def test_settings_are_per_organisation_and_org_runs_that_one_only(cli, tmp_path, two):
    ok(cli("--org", "bakkerij", "init", "--no-input", "--language", "nl"))  # Dutch from here on
    import_settings(cli, tmp_path, "[reminders]\nopened = false\n", "--org", "main")  # main: no opened alert
    shown = ok(cli("--org", "main", "settings", "show")).stdout
    assert "opened = false" in shown
    assert "opened" not in ok(cli("--org", "bakkerij", "settings", "show")).stdout
    ok(cli("--org", "main", "remind"))
    assert two["main"].received == [] and two["bakkerij"].received == []
    ok(cli("--org", "bakkerij", "remind"))
    assert two["main"].received == []
    assert [m["title"].split(" · ")[0] for m in two["bakkerij"].received] == ["Nieuw datalek bakkerij/DL-2026-001"]


@pytest.fixture
def main_chosen(monkeypatch):
    monkeypatch.setenv("BREACH_ORG", "main")


def test_channels_are_the_current_organisations(cli, two, main_chosen):
    listed = json.loads(ok(cli("channels", "list", "--json")).stdout)
    assert [c["id"] for c in listed] == ["1"]
    gone = cli("channels", "remove", "2")  # bakkerij's
    assert gone.exit_code == 1
    assert gone.stderr.startswith("Error: no channel 2 in organisation main;")
    assert [c["id"] for c in json.loads(ok(cli("--org", "bakkerij", "channels", "list", "--json")).stdout)] == ["2"]
    ok(cli("channels", "test"))
    assert len(two["main"].received) == 1 and two["bakkerij"].received == []
    # the same service in two organisations (the FG's own phone) is allowed; twice in one is not
    assert cli("channels", "add", two["bakkerij"].url).exit_code == 0
    assert cli("channels", "add", two["bakkerij"].url).exit_code == 1


def test_an_ack_finds_the_breach_of_the_organisation_its_id_names(cli, two):
    ok(cli("remind"))
    acked = ok(cli("ack", "bakkerij/DL-2026-001"))  # none chosen: the id names the organisation
    assert acked.stdout.startswith("bakkerij/DL-2026-001: acknowledged")
    refused = cli("ack", "DL-2026-001")
    assert refused.exit_code == 1 and "keeps 2 organisations" in refused.stderr and "name one with --org," in refused.stderr
    ok(cli("--org", "main", "ack", "DL-2026-001"))
    shown = {short: [e["kind"] for e in json.loads(ok(cli("--org", short, "show", "DL-2026-001", "--json")).stdout)
                     ["timeline"]] for short in ("main", "bakkerij")}
    assert shown["main"].count("ack") == 1 and shown["bakkerij"].count("ack") == 1


def test_a_signal_pages_its_own_organisations_ladder(cli, two):
    ok(cli("remind"))
    ok(cli("--org", "bakkerij", "signal", "Laptop kwijt"))
    ok(cli("remind"))
    assert len(two["main"].received) == 1  # only its opened alert
    page = two["bakkerij"].received[-1]
    assert page["title"].startswith("Possible breach reported, MLD-") and page["title"].endswith(" · bakkerij")
    assert "Bakkerij Jansen" not in page["title"] + page["message"]  # a signal page carries no name, even to --detail
    assert "breach --org bakkerij open --from-signal 1" in page["message"]


def test_doctor_names_the_organisation_without_a_channel(cli, two):
    ok(cli("--org", "main", "orgs", "add", "kapper", "--name", "Kapsalon Knip"))
    ok(cli("--org", "kapper", "open", "USB-stick kwijt", "--aware", AWARE))
    sent = cli("remind")
    assert sent.exit_code == 0
    assert "no channel configured for organisation(s) kapper" in sent.stderr
    assert "Nieuw datalek kapper/DL-2026-001" in sent.stdout  # its alert printed, nowhere else
    assert all("kapper" not in json.dumps(r.received) for r in two.values())
    doctor = cli("doctor")
    assert doctor.exit_code == 1
    assert "no channel for organisation kapper" in doctor.stderr
    assert "channels   1 of organisation bakkerij" in doctor.stdout
    chosen = json.loads(cli("--org", "main", "doctor", "--json").stdout)
    assert "no_channel" not in [p["kind"] for p in chosen["problems"]]
    assert [c["org"] for c in chosen["channels"]] == ["main"]


def test_one_organisations_run_leaves_the_retries_of_another_alone(cli, two):
    two["main"].status = 500  # main's channel fails: its alert waits for a retry
    failed = json.loads(cli("--org", "main", "remind", "--json").stdout)["reminders"]
    assert [i["status"] for i in failed] == ["failed"]
    ok(cli("--org", "bakkerij", "remind"))  # must not cancel what main wants retried
    doctor = json.loads(cli("--org", "main", "doctor", "--json").stdout)
    assert [(c["org"], c["waiting"]) for c in doctor["channels"]] == [("main", 1)]
    bakkerij = json.loads(cli("--org", "bakkerij", "doctor", "--json").stdout)
    assert [(c["org"], c["waiting"]) for c in bakkerij["channels"]] == [("bakkerij", 0)]


def test_a_dry_run_shows_every_organisations_steps_and_sends_nothing(cli, two):
    doc = json.loads(ok(cli("remind", "--dry-run", "--until", "2d", "--json")).stdout)
    ids = {(i["org"], i["id"]) for i in doc["reminders"]}
    assert ids == {("main", "main/DL-2026-001"), ("bakkerij", "bakkerij/DL-2026-001")}
    english = [i for i in doc["reminders"] if i["org"] == "bakkerij"]
    assert all(i["body"].startswith("Organisation: Bakkerij Jansen B.V.") for i in english)
    assert any(i["step"] == "12h" for i in english)  # the steps to come, with the organisation's schedule
    assert two["main"].received == [] and two["bakkerij"].received == []


def test_watch_runs_every_organisation_in_turn(cli, clock, home, two):
    import os
    import signal
    import subprocess
    import time

    from tests.conftest import _installed_breach

    env = {**os.environ, "BREACH_HOME": str(home), "BREACH_NOW": clock().isoformat()}
    env.pop("BREACH_ORG", None)
    watcher = subprocess.Popen([_installed_breach(), "watch", "--interval", "1"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60  # a wait for a state, not a timed assertion
        while time.monotonic() < deadline and not all(r.received for r in two.values()):
            time.sleep(0.05)
    finally:
        watcher.send_signal(signal.SIGTERM)
        out, err = watcher.communicate(timeout=60)
    assert watcher.returncode == 0, err
    assert [m["title"].split(" · ")[0] for m in two["main"].received] == ["Nieuw datalek main/DL-2026-001"]
    assert [m["title"].split(" · ")[0] for m in two["bakkerij"].received] == ["New breach bakkerij/DL-2026-001"]
