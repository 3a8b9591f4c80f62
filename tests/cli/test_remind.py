"""The reminder commands as a user meets them: channels, ack, doctor, the warnings of list and open,
and the installed `breach remind`/`breach watch` in real processes."""

from __future__ import annotations

import json
import signal
import subprocess
import time

import pendulum
import pytest

from tests.receivers import free_port

AMS = "Europe/Amsterdam"
SECRET = "s3cretpass"


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_channels_add_list_remove_with_secrets_masked(cli):
    added = cli("channels", "add", f"json://user:{SECRET}@127.0.0.1:9/hook", "--tag", "Management")
    assert added.exit_code == 0 and SECRET not in added.stdout + added.stderr
    assert "Added channel 1: json://user:****@127.0.0.1:9/hook" in added.stdout
    listed = cli("channels", "list")
    assert "json://user:****@127.0.0.1:9/hook" in listed.stdout and "tags: management" in listed.stdout
    doc = json.loads(cli("channels", "list", "--json").stdout)
    assert [(c["id"], c["tags"]) for c in doc] == [("1", ["management"])]
    assert SECRET not in json.dumps(doc)
    assert cli("channels", "remove", "1").exit_code == 0
    assert "No channels" in cli("channels", "list").stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("add", "notaservice://x"), "Error: URL: apprise does not understand it"),
        (("add", "ntfy://topic", "--tag", "two words"), "Error: --tag: 'two words' is not a tag"),
        (("remove", "7"), "Error: no channel 7"),
        (("remove", "abc"), "Error: 'abc' is not a channel number"),
        (("test",), "Error: no channel to test"),
    ],
)
def test_a_wrong_channel_command_is_one_clear_line(cli, args, named):
    result = cli("channels", *args)
    assert result.exit_code == 1
    assert last_line(result.stderr).startswith(named) and "Traceback" not in result.stderr


def test_a_tag_no_step_names_gets_a_warning(cli):
    result = cli("channels", "add", "ntfy://my-topic", "--tag", "board")
    assert result.exit_code == 0 and "no reminder step names the tag(s) board" in result.stderr


def test_channels_test_reports_each_channel_and_fails_when_one_fails(cli, smtp_receiver, failing_receiver):
    cli("channels", "add", smtp_receiver.url())
    cli("channels", "add", failing_receiver.url, "--tag", "management")
    result = cli("channels", "test")
    assert result.exit_code == 1
    assert f"delivered  mailto://127.0.0.1:{smtp_receiver.port}/dpo%40example.org" in result.stdout
    assert f"FAILED     json://127.0.0.1:{failing_receiver.port}/hook" in result.stdout
    assert "error=500" in result.stdout
    assert smtp_receiver.messages[0]["Subject"] == "breach: testbericht (geen datalek)"
    only_management = cli("channels", "test", "--tag", "management")
    assert "mailto" not in only_management.stdout and len(smtp_receiver.messages) == 1


def test_a_failure_never_shows_the_secret_of_the_url(cli, clock):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    cli("channels", "add", f"json://user:{SECRET}@127.0.0.1:{free_port()}/hook")
    result = cli("remind")
    shown = cli("show", "DL-2026-001", "--json").stdout
    assert "failed" in result.stdout
    assert SECRET not in result.stdout + result.stderr + shown
    cli("channels", "add", f"tgram://123456789:AAH{SECRET}abcdefghijklmnopq/12345")  # listed, never sent to
    assert SECRET not in cli("channels", "list").stdout + cli("doctor").stdout


def test_list_warns_when_clocks_run_and_no_remind_ran_for_15_minutes(cli, clock):
    opened = cli("open", "Laptop gestolen", "--aware", "today 09:00")
    assert "no `breach remind` has run yet" in opened.stderr
    assert "no `breach remind` has run yet" in cli("list").stderr
    cli("remind")
    clock.advance(minutes=15)
    assert "warning" not in cli("list").stderr
    clock.advance(minutes=2)
    assert "no `breach remind` has run for 0h 17m" in cli("list").stderr


def test_list_does_not_warn_without_running_clocks(cli):
    assert "warning" not in cli("list").stderr


def test_ack_records_on_the_timeline_and_refuses_an_unknown_obligation(cli):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    done = cli("ack", "DL-2026-001", "--obligation", "ap")
    assert done.exit_code == 0 and "acknowledged (ap)" in done.stdout
    events = json.loads(cli("show", "1", "--json").stdout)["timeline"]
    assert events[-1]["kind"] == "ack" and events[-1]["data"] == {"obligation": "ap"}
    wrong = cli("ack", "DL-2026-001", "--obligation", "police")
    assert wrong.exit_code == 1 and "'police' is not an obligation" in wrong.stderr


def test_ack_of_a_closed_breach_is_refused(cli):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    assert cli("close", "DL-2026-001", "--reason", "handled", "--force").exit_code == 0
    result = cli("ack", "DL-2026-001")
    assert result.exit_code == 1 and "acknowledged" not in result.stdout
    assert last_line(result.stderr) == "Error: DL-2026-001: nothing to acknowledge: the breach is closed"


def test_doctor_names_what_is_missing_and_passes_once_all_is_in_place(cli, http_receiver, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    bad = cli("doctor")
    assert bad.exit_code == 1
    assert "remind     never ran" in bad.stdout
    assert "`breach remind` never ran" in bad.stderr and "no channel" in bad.stderr
    units = tmp_path / "xdg" / "systemd" / "user"
    units.mkdir(parents=True)
    (units / "breach-remind.service").write_text("[Service]\nExecStart=/usr/local/bin/breach remind\n")
    cli("channels", "add", http_receiver.url)
    cli("remind")
    good = cli("doctor", "--send-test")
    assert good.exit_code == 0, good.stderr
    assert "breach-remind.service" in good.stdout and "test message delivered" in good.stdout
    assert last_line(good.stdout) == "ok"


def test_breach_now_that_is_not_an_instant_is_refused(breach_cmd):
    result = breach_cmd("list", env={"BREACH_NOW": "tomorrow"})
    assert result.returncode == 1 and last_line(result.stderr).startswith("Error: BREACH_NOW: 'tomorrow' is not an instant")


def test_four_processes_remind_at_once_and_each_reminder_arrives_exactly_once(
    cli, clock, breach_cmd, http_receiver, smtp_receiver
):
    count = 8
    for n in range(count):
        # aware 61 h ago: each breach has its opened alert, the AP 12h step and the customers overdue alarm due
        assert cli("open", f"Breach {n}", "--aware", clock().subtract(hours=61).isoformat()).exit_code == 0
    cli("channels", "add", http_receiver.url)
    cli("channels", "add", smtp_receiver.url())
    from tests.conftest import _installed_breach

    env = {**__import__("os").environ, "BREACH_NOW": clock().isoformat()}
    runs = [
        subprocess.Popen([_installed_breach(), "remind", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=env)
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], [err for _, err in outputs]
    expected = count * 3
    assert len(http_receiver.received) == expected and len(set(http_receiver.titles())) == expected
    subjects = [m["Subject"] for m in smtp_receiver.messages]
    assert len(subjects) == expected and len(set(subjects)) == expected
    reported = [r for out, _ in outputs for r in json.loads(out)["reminders"] if r["status"] == "sent"]
    assert len(reported) == 2 * expected  # every send claimed by exactly one of the four processes
    assert cli("remind").stdout.strip() == "Nothing due."


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_watch_stops_cleanly_on_a_signal(cli, clock, home, backend, stop):
    from tests.conftest import _installed_breach

    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    env = {**__import__("os").environ, "BREACH_HOME": str(home), "BREACH_NOW": clock().isoformat()}
    watcher = subprocess.Popen([_installed_breach(), "watch", "--interval", "1"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        _wait_for_a_run(backend)
    finally:
        watcher.send_signal(stop)
        out, err = watcher.communicate(timeout=60)
    assert watcher.returncode == 0, err
    assert "Nieuw datalek DL-2026-001" in out and last_line(out) == "stopped"


def _wait_for_a_run(backend) -> None:
    """Until the watcher has noted a run in the store (a wait for a state, not a timed assertion)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with backend.raw() as db:
            if db.execute("SELECT count(*) FROM remindrun").fetchone()[0]:
                return
        time.sleep(0.05)
    pytest.fail("breach watch did not run `remind` within 60 s")


def test_an_interval_out_of_range_is_refused(cli):
    result = cli("watch", "--interval", "0")
    assert result.exit_code == 1 and "--interval: 0 is not accepted" in result.stderr


def test_dry_run_json_lists_terminal_reminders_without_claiming(cli, clock):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    doc = json.loads(cli("remind", "--dry-run", "--json").stdout)
    assert [(r["step"], r["channel"], r["status"]) for r in doc["reminders"]] == [("opened", "the terminal", "due")]
    assert doc["no_channels"] is True
    assert "Nieuw datalek" in cli("remind").stdout  # the dry run claimed nothing
    assert pendulum.parse(doc["reminders"][0]["due_at"]).in_tz("UTC") == clock()
