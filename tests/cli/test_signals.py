"""`breach signal`, `signals`, `dismiss`, `open --from-signal` and `users` as a user meets them."""

from __future__ import annotations

import json


def err(result) -> str:
    """The refusal: the last line on stderr (a note about the missing profile may come before it)."""
    return result.stderr.strip().splitlines()[-1]


def test_a_signal_is_recorded_listed_and_opened_with_the_reason_for_awareness(cli, clock):
    made = cli("signal", "Nieuwsbrief met alle adressen in CC\nongeveer 240 klanten", "--noticed", "today 11:40",
               "--reporter", "Anna", "--contact", "anna@example.nl", "--data-involved", "namen, e-mail")
    assert made.exit_code == 0, made.stderr
    assert "Signal 1 recorded, receipt MLD-" in made.stdout and "triage by Mon 2026-11-23 16:00 +01:00" in made.stdout
    listed = cli("signals")
    assert "3h 59m left" not in listed.stdout and "4h 00m left" in listed.stdout
    clock.advance(hours=5)
    assert "OVERDUE by 1h 00m" in cli("signals").stdout
    refused = cli("open", "--from-signal", "1")
    assert refused.exit_code == 1 and err(refused).startswith("Error: --aware-reason: empty")
    assert json.loads(cli("list", "--json").stdout) == []
    opened = cli("open", "--from-signal", "1", "--aware", "today 12:30", "--aware-reason", "IT bevestigde het om 12:30",
                 "--by", "J. de Vries (FG)", "--json")
    assert opened.exit_code == 0, opened.stderr
    doc = json.loads(opened.stdout)
    assert doc["title"] == "Nieuwsbrief met alle adressen in CC" and doc["aware_at"] == "2026-11-23T12:30:00+01:00"
    shown = cli("show", doc["id"], "--json")
    events = json.loads(shown.stdout)["timeline"]
    assert [e["kind"] for e in events] == ["opened", "from_signal"]
    assert "IT bevestigde het om 12:30, by J. de Vries (FG)" in events[1]["text"]
    assert json.loads(cli("show", doc["id"], "--json").stdout)["reported_by"] == "Anna"
    again = cli("open", "--from-signal", "1", "--aware-reason", "x")
    assert again.exit_code == 1 and "was opened as a breach already" in again.stderr
    everything = json.loads(cli("signals", "--all", "--json").stdout)
    assert everything[0]["status"] == "opened" and everything[0]["breach"] == doc["id"]
    assert everything[0]["noticed_at"] == "2026-11-23T11:40:00+01:00"
    assert cli("signals").stdout.strip() == "No open signals."


def test_a_dismissed_signal_keeps_its_reason(cli):
    cli("signal", "Testbericht")
    refused = cli("dismiss", "1", "--reason", "  ")
    assert refused.exit_code == 1 and err(refused).startswith("Error: --reason: empty")
    assert cli("dismiss", "1", "--reason", "geen persoonsgegevens", "--by", "FG").exit_code == 0
    doc = json.loads(cli("signals", "--all", "--json").stdout)[0]
    assert (doc["status"], doc["reason"], doc["decided_by"]) == ("dismissed", "geen persoonsgegevens", "FG")
    assert cli("dismiss", "1", "--reason", "x").exit_code == 1
    assert err(cli("dismiss", "7", "--reason", "x")).startswith("Error: no signal 7")
    assert err(cli("dismiss", "DL-2026-001", "--reason", "x")).startswith("Error: SIGNAL: 'DL-2026-001' is not a signal")


def test_bad_signal_input_is_one_line_and_nothing_is_written(cli):
    for args, start in (((" ",), "Error: WHAT: empty"), (("x", "--noticed", "tomorrow 10:00"), "Error: --noticed:"),
                        (("x", "--reporter", "a\nb"), "Error: --reporter: contains control characters"),
                        (("y" * 5001,), "Error: WHAT: 5001 characters (accepted: at most 5000)")):
        refused = cli("signal", *args)
        assert refused.exit_code == 1 and err(refused).startswith(start), refused.stderr
        assert refused.stderr.count("Error:") == 1
    assert json.loads(cli("signals", "--all", "--json").stdout) == []


def test_the_triage_window_comes_from_the_config(cli, home):
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[signals]\ntriage_hours = 2\n")
    assert "triage by Mon 2026-11-23 14:00 +01:00" in cli("signal", "x").stdout
    (home / "config.toml").write_text("[signals]\ntriage_hours = 100\n")
    refused = cli("signal", "x")
    assert refused.exit_code == 1 and "[signals] triage_hours: '100' is not a triage window" in refused.stderr


def test_users_add_hashes_the_password_and_refuses_bad_input(cli, backend):
    added = cli("users", "add", "jdevries", "--email", "fg@example.nl", input="correct horse battery\ncorrect horse battery\n")
    assert added.exit_code == 0, added.stderr
    assert "correct horse battery" not in added.stdout + added.stderr
    assert cli("users", "list").stdout.startswith("jdevries")
    with backend.raw() as db:
        (stored,) = db.execute("SELECT password_hash FROM web_user").fetchone()
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    differ = cli("users", "add", "anna", "--email", "a@example.nl", input="correct horse battery\nsomething else!!\n")
    assert differ.exit_code == 1 and "the two entries differ" in differ.stderr
    short = cli("users", "add", "anna", "--email", "a@example.nl", "--password-stdin", input="short\n")
    assert short.exit_code == 1 and err(short).startswith("Error: the password: 5 characters (accepted: 12 to 1024)")
    for args, start in ((("an na", "--email", "a@example.nl"), "Error: NAME: 'an na' is not a user name"),
                        (("anna", "--email", "nope"), "Error: --email: 'nope' is not an e-mail address")):
        refused = cli("users", "add", *args, "--password-stdin", input="correct horse battery\n")
        assert refused.exit_code == 1 and err(refused).startswith(start), refused.stderr
    duplicate = cli("users", "add", "jdevries", "--email", "x@example.nl", "--password-stdin", input="correct horse battery\n")
    assert duplicate.exit_code == 1 and "exists already" in duplicate.stderr
    assert cli("users", "list").stdout.count("\n") == 1
