"""The reminder commands as a user meets them: channels, ack, doctor, the warnings of list and open,
and the installed `breach remind`/`breach watch` in real processes."""

from __future__ import annotations

import json
import os
import re
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
    assert events[-1]["kind"] == "ack" and events[-1]["data"] == {"obligation": "ap", "by": None, "via": "cli"}
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
    breach = fake_systemd(tmp_path, monkeypatch, enabled="enabled", active="active")
    cli("channels", "add", http_receiver.url)
    cli("remind")
    good = cli("doctor", "--send-test")
    assert good.exit_code == 0, good.stderr
    assert "scheduler  user timer breach-remind.timer: enabled and active" in good.stdout
    assert "test message delivered" in good.stdout
    assert last_line(good.stdout) == "ok"
    breach.unlink()
    gone = cli("doctor")
    assert gone.exit_code == 1 and f"ExecStart {breach} does not exist (does not count)" in gone.stdout
    assert "no scheduler entry found" in gone.stderr


def fake_systemd(tmp_path, monkeypatch, *, enabled: str, active: str):
    """A user timer and its service in XDG_CONFIG_HOME, and a `systemctl` on PATH that answers as told."""
    units = tmp_path / "xdg" / "systemd" / "user"
    units.mkdir(parents=True, exist_ok=True)
    breach = tmp_path / "bin" / "breach"
    breach.parent.mkdir(exist_ok=True)
    breach.write_text("#!/bin/sh\n")
    breach.chmod(0o755)
    (units / "breach-remind.service").write_text(f"[Service]\nType=oneshot\nExecStart={breach} remind --quiet\n")
    (units / "breach-remind.timer").write_text("[Timer]\nOnCalendar=minutely\n[Install]\nWantedBy=timers.target\n")
    tools = tmp_path / "tools"
    tools.mkdir(exist_ok=True)
    systemctl = tools / "systemctl"
    systemctl.write_text(f'#!/bin/sh\ncase "$2" in is-enabled) echo {enabled};; is-active) echo {active};; esac\n')
    systemctl.chmod(0o755)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
    return breach


@pytest.mark.parametrize(("enabled", "active", "said"), [
    ("disabled", "inactive", "not enabled (systemctl says disabled)"),
    ("enabled", "inactive", "inactive (systemctl says inactive)"),
])
def test_a_systemd_timer_counts_only_when_enabled_and_active(cli, tmp_path, monkeypatch, enabled, active, said):
    fake_systemd(tmp_path, monkeypatch, enabled=enabled, active=active)
    result = cli("doctor")
    assert result.exit_code == 1
    assert f"scheduler  user timer breach-remind.timer: {said} (does not count)" in result.stdout


def test_a_running_watch_counts_as_a_scheduler_a_stale_one_does_not_and_json_says_so(cli, clock, backend, tmp_path,
                                                                                   monkeypatch, http_receiver):
    from breach.notify import heartbeats

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("PATH", "/nonexistent")  # no crontab, no systemctl
    cli("channels", "add", http_receiver.url + "?pass=hunter22")
    cli("remind")
    store = backend.store()
    with store.write() as session:
        heartbeats.beat(session, heartbeats.WATCH, clock(), started_at=clock(), interval_s=60)
    store.dispose()
    good = cli("doctor", "--json")
    assert good.exit_code == 0, good.stdout + good.stderr
    doc = json.loads(good.stdout)
    assert doc["ok"] is True and doc["problems"] == [] and doc["clocks_running"] == 0
    [watch] = doc["schedulers"]
    assert watch["kind"] == "watch" and watch["ok"] is True and watch["where"].startswith("breach watch on ")
    assert doc["channels"][0]["id"] == "c1" and "hunter22" not in good.stdout
    clock.advance(minutes=3)  # two intervals and 30 s without a beat: the watch stopped
    stale = cli("doctor", "--json")
    assert stale.exit_code == 1
    doc = json.loads(stale.stdout)
    assert doc["ok"] is False and [p["kind"] for p in doc["problems"]] == ["no_scheduler"]
    assert doc["schedulers"][0]["ok"] is False and "(stopped?)" in doc["schedulers"][0]["detail"]


def test_a_cron_line_whose_command_does_not_exist_does_not_count(cli, tmp_path, monkeypatch):
    from breach.notify import cron

    tools = tmp_path / "tools"
    tools.mkdir()
    crontab = tools / "crontab"
    crontab.write_text("#!/bin/sh\necho '* * * * * /home/fg/.local/bin/breach remind --quiet'\necho '* * * * * breach remind'\n")
    crontab.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}:/usr/bin:/bin")
    found = [s for s in cron.schedulers(None, []) if s.kind == "cron"]
    assert [(s.ok, s.detail) for s in found][:2] == [
        (False, "/home/fg/.local/bin/breach does not exist"),
        (False, "cron's PATH will not find `breach`; use the full path"),
    ]


def test_doctor_says_since_when_claims_wait_for_an_outcome_instead_of_never_ran(cli, clock, backend):
    from breach.notify import reminders
    from breach.store.models import Delivery

    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    store = backend.store()
    with store.write() as session:  # what a `remind` killed mid-send leaves: claims, no outcome, no run noted
        at = reminders.claim_clock(session, clock())
        for step, seconds in (("opened", 130), ("12h", 30)):  # one old enough to be pending, one still under way
            session.add(Delivery(incident_id=1, obligation="ap", step=step, channel="c1", due_at=clock(),
                                 status="claimed", attempts=1, claimed_by="host:1:abc", claimed_at=at.subtract(seconds=seconds)))
    text = cli("doctor")
    assert text.exit_code == 1
    assert "remind     never finished a run" in text.stdout and "never ran" not in text.stdout + text.stderr
    assert "pending    1 reminder(s) claimed since " in text.stdout and "(0h 02m ago) with no outcome" in text.stdout
    assert "1 reminder(s) claimed 0h 02m ago with no outcome" in text.stderr
    doc = json.loads(cli("doctor", "--json").stdout)
    assert doc["pending_claims"]["count"] == 1 and doc["pending_claims"]["seconds"] >= 130
    assert doc["last_run"] is None and doc["ok"] is False
    assert "pending" in [p["kind"] for p in doc["problems"]] and "never_ran" not in [p["kind"] for p in doc["problems"]]


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
        with backend.raw() as db:
            beats = db.execute("SELECT kind, pid, interval_s FROM heartbeat").fetchall()
        assert [tuple(b) for b in beats] == [("watch", watcher.pid, 1)]  # doctor counts it as a scheduler
    finally:
        watcher.send_signal(stop)
        out, err = watcher.communicate(timeout=60)
    assert watcher.returncode == 0, err
    assert "Nieuw datalek DL-2026-001" in out and last_line(out) == "stopped"
    with backend.raw() as db:
        assert db.execute("SELECT count(*) FROM heartbeat").fetchone()[0] == 0  # a clean stop removes it


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


def _aged_claims(backend, minutes: int) -> int:
    """The claims a killed run left, made `minutes` older, as the store's clock would have moved; how many."""
    from sqlmodel import select

    from breach.domain.clock import utc
    from breach.store.models import Delivery

    store = backend.store()
    with store.write() as session:
        rows = session.exec(select(Delivery).where(Delivery.status == "claimed")).all()
        for row in rows:
            row.claimed_at = utc(row.claimed_at).subtract(minutes=minutes)
            session.add(row)
    return len(rows)


def _reminder(title: str) -> str:
    """A reminder's title without the time still left (or since the deadline), which a later run words otherwise."""
    return re.sub(r"\d+ u \d+ min|\d+h \d+m", "", title)


def test_a_remind_killed_mid_send_sends_again_only_what_was_in_flight(cli, clock, backend):
    """kill -9 while one channel answers slowly: what was delivered and recorded is never sent again, what was
    never started goes out with the next run, and only the sends in flight (at most one per worker) are
    uncertain: sent again after the lease, perhaps a second time."""
    from breach.notify.dispatch import MAX_PARALLEL
    from tests.conftest import _installed_breach
    from tests.receivers import HttpReceiver

    breaches = 12
    for n in range(breaches):  # aware 61 h ago: the opened alert, the AP 12h step and the customers alarm are due
        assert cli("open", f"Lek {n}", "--aware", clock().subtract(hours=61).isoformat()).exit_code == 0
    fast, other, slow = HttpReceiver().start(), HttpReceiver().start(), HttpReceiver(delay=1.0).start()
    endpoints = [fast, other, slow]
    try:
        for endpoint in endpoints:
            cli("channels", "add", endpoint.url)
        env = {**__import__("os").environ, "BREACH_NOW": clock().isoformat()}
        first = subprocess.Popen([_installed_breach(), "remind"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 env=env)
        deadline = time.monotonic() + 60
        while len(fast.received) + len(other.received) < 2 * MAX_PARALLEL and time.monotonic() < deadline:
            time.sleep(0.01)  # a wait for a state: more delivered than could be in flight at once
        first.send_signal(signal.SIGKILL)
        assert first.wait(timeout=60) == -signal.SIGKILL
        for endpoint in endpoints:
            endpoint.settled()  # what was in flight has arrived or not: the uncertain sends
        assert 2 * MAX_PARALLEL <= sum(len(e.received) for e in endpoints) < 3 * breaches * 3  # killed mid-send
        events = [e for n in range(breaches) for e in json.loads(cli("show", f"DL-2026-{n + 1:03d}", "--json").stdout)["timeline"]]
        recorded = sum(1 for e in events if e["kind"] == "reminded")
        assert recorded >= sum(len(e.received) for e in endpoints) - MAX_PARALLEL  # recorded as they came back

        clock.advance(minutes=1)  # the next cron run
        assert cli("remind").exit_code == 0
        before_lease = [{_reminder(t) for t in e.titles()} for e in endpoints]
        assert _aged_claims(backend, 16) <= MAX_PARALLEL
        clock.advance(minutes=16)
        assert cli("remind").exit_code == 0
    finally:
        for endpoint in endpoints:
            endpoint.stop()
    arrived = [[_reminder(t) for t in e.titles()] for e in endpoints]
    expected = breaches * 3
    assert [len(set(a)) for a in arrived] == [expected] * 3  # every reminder reached every channel
    duplicates = sum(len(a) - len(set(a)) for a in arrived)
    late = sum(len(set(a) - before) for a, before in zip(arrived, before_lease, strict=True))
    assert duplicates + late <= MAX_PARALLEL  # only the sends in flight at the kill
    events = [e for n in range(breaches) for e in json.loads(cli("show", f"DL-2026-{n + 1:03d}", "--json").stdout)["timeline"]]
    assert sum(1 for e in events if e["kind"] == "reminded") == 3 * expected


@pytest.mark.postgres_only
def test_two_machines_whose_clocks_differ_by_more_than_the_lease_send_nothing_twice(cli, clock, backend):
    """BREACH_NOW 16 minutes apart: the second run must not take the first one's claims for stale ones
    (the lease is measured on PostgreSQL's clock, not on the machines')."""
    from tests.conftest import _installed_breach
    from tests.receivers import HttpReceiver

    breaches = 20
    for n in range(breaches):
        assert cli("open", f"Lek {n}", "--aware", clock().isoformat()).exit_code == 0
    fast, slow = HttpReceiver().start(), HttpReceiver(delay=3.0).start()
    try:
        cli("channels", "add", fast.url)
        cli("channels", "add", slow.url)

        def remind(now) -> subprocess.Popen:
            env = {**__import__("os").environ, "BREACH_NOW": now.isoformat()}
            return subprocess.Popen([_installed_breach(), "remind", "--json"], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, env=env)

        first = remind(clock())
        deadline = time.monotonic() + 60
        while not slow.in_flight and time.monotonic() < deadline:
            time.sleep(0.01)  # a wait for a state: the first run has claims out on the slow channel
        second = remind(clock().add(minutes=16))
        outputs = [run.communicate(timeout=120) for run in (first, second)]
        assert [first.returncode, second.returncode] == [0, 0], [err for _, err in outputs]
    finally:
        fast.stop()
        slow.stop()
    for endpoint in (fast, slow):
        titles = endpoint.titles()
        assert len(titles) == breaches and len(set(titles)) == breaches
