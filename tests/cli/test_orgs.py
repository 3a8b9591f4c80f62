"""The organisation in the store (issue 18): one profile for every machine on a register, its history, the
move of an older config.toml into the store, and several organisations in one store for an external FG."""

from __future__ import annotations

import json
import stat

import pytest

from tests.conftest import Result

FULL_PROFILE = {
    "name": "Administratiekantoor De Vries", "address": "Markt 3", "postcode": "7471 AB", "city": "Goor",
    "kvk": "87654321", "email": "info@devries-admin.nl", "phone": "0547 123456", "dpo_name": "Sanne de Vries",
    "dpo_email": "fg@devries-admin.nl", "timezone": "Europe/Amsterdam", "role": "processor", "ap_window": 48,
    "customers_window": 12, "language": "en", "sector": "Zakelijke dienstverlening", "dpo_appointed": "yes",
    "dpo_registration": "FG009876", "contact_function": "", "reporter_name": "Jan Bos",
    "reporter_function": "directeur", "reporter_email": "jan@devries-admin.nl", "professional_secrecy": "no",
}
OLD_CONFIG = "\n".join(
    ["[organisation]", *(f"{key} = {json.dumps(value)}" for key, value in FULL_PROFILE.items()),
     "[reminders]", "retry_minutes = [1, 2]", "[reminders.ap]", "before = [6]", "[signals]", "triage_hours = 2", ""]
)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def as_json(result: Result):
    return json.loads(ok(result).stdout)


def refused(result: Result) -> str:
    assert result.exit_code != 0, result.stdout
    [line] = result.stderr.strip().splitlines()
    return line


@pytest.fixture
def machine(cli_at):
    """machine(home, url) -> cli: another machine's data home on the same store (its config.toml names it)."""

    def make(home, database_url: str | None = None):
        if database_url:
            home.mkdir(parents=True, exist_ok=True)
            (home / "config.toml").write_text(f'database_url = "{database_url}"\n', encoding="utf-8")
        return cli_at(home)

    return make


# ---------------------------------------------------------------- one profile for the team


def test_two_machines_on_one_register_draft_the_same_letterhead_and_see_each_others_change(cli, home, machine, tmp_path):
    """On PostgreSQL (its pass) both machines reach the server through BREACH_DATABASE_URL."""
    ok(cli("init", "--no-input", "--name", "Voorbeeld B.V.", "--email", "privacy@voorbeeld.nl", "--by", "Anna"))
    ok(cli("open", "Laptop gestolen", "--aware", "today 09:15"))
    other = machine(tmp_path / "laptop-b", f"sqlite:///{home / 'breach.db'}")
    assert "Voorbeeld B.V." in ok(other("draft", "1", "ap")).stdout
    ok(other("init", "--no-input", "--name", "Voorbeeld Zorg B.V.", "--by", "Bert"))
    assert "Voorbeeld Zorg B.V." in ok(cli("draft", "1", "ap")).stdout  # the first machine drafts the new name
    assert "Voorbeeld B.V." not in cli("draft", "1", "ap").stdout
    history = as_json(cli("profile", "--history", "--json"))
    assert [(e["kind"], e["by"]) for e in history] == [("created", None), ("profile", "Anna"), ("profile", "Bert")]
    assert history[2]["changes"] == {"name": ["Voorbeeld B.V.", "Voorbeeld Zorg B.V."]}
    shown = ok(cli("profile", "--history")).stdout
    assert "name: Voorbeeld B.V. -> Voorbeeld Zorg B.V." in shown and "(by Bert)" in shown


def test_an_older_config_moves_into_the_store_once_with_every_field_and_says_so(cli, home):
    home.mkdir(parents=True)
    (home / "config.toml").write_text('database_url = ""\n' + OLD_CONFIG, encoding="utf-8")
    first = ok(cli("list"))
    assert first.stderr.count("moved [organisation], [reminders], [signals]") == 1
    assert "config.toml.before-store" in first.stderr
    assert "moved" not in ok(cli("list")).stderr  # once
    doc = as_json(cli("profile", "--json"))
    assert doc["profile"] == FULL_PROFILE
    assert doc["settings"] == {"reminders": {"retry_minutes": [1, 2], "ap": {"before": [6]}}, "signals": {"triage_hours": 2}}
    assert (home / "config.toml").read_text(encoding="utf-8") == 'database_url = ""\n'
    kept = home / "config.toml.before-store"
    assert kept.read_text(encoding="utf-8").endswith(OLD_CONFIG) and stat.S_IMODE(kept.stat().st_mode) == 0o600
    [event] = [e for e in as_json(cli("profile", "--history", "--json")) if e["kind"] == "adopted"][:1]
    assert event["changes"]["name"] == ["", FULL_PROFILE["name"]] and "@" in event["by"]
    signal = ok(cli("signal", "Mail naar verkeerde klant"))
    assert "triage by" in signal.stdout  # two hours, from the moved [signals]
    assert as_json(cli("signals", "--json"))[0]["triage_hours"] == 2


@pytest.mark.sqlite_only  # the released stores are SQLite files
@pytest.mark.parametrize("number", ["0001", "0002"])
def test_upgrading_a_released_store_and_its_config_keeps_every_profile_field(cli, home, number):
    from tests.old_stores import load_store

    home.mkdir(parents=True)
    load_store(home / "breach.db", number)
    (home / "config.toml").write_text(OLD_CONFIG, encoding="utf-8")
    result = ok(cli("list", "--all"))
    assert "upgraded the store's schema" in result.stderr and "moved [organisation]" in result.stderr
    assert as_json(cli("profile", "--json"))["profile"] == FULL_PROFILE
    assert [row["id"] for row in as_json(cli("list", "--all", "--json"))]  # the released breaches are there
    assert "Administratiekantoor De Vries" in ok(cli("draft", "1", "customers")).stdout
    assert as_json(cli("orgs", "list", "--json"))[0]["short"] == "main"


@pytest.mark.sqlite_only  # the released stores are SQLite files
@pytest.mark.parametrize("first", [("note", "1", "na de upgrade"), ("close", "1", "--reason", "afgehandeld", "--force"),
                                   ("void", "1", "--reason", "oefening"), ("ack", "1"), ("settings", "import", "SETTINGS")])
def test_a_first_command_that_writes_moves_the_old_config_in_its_own_transaction(cli, home, tmp_path, first):
    """Not in a second write transaction opened inside the command's: SQLite would wait for itself (busy)."""
    from tests.old_stores import load_store

    home.mkdir(parents=True)
    load_store(home / "breach.db", "0002")
    (home / "config.toml").write_text(OLD_CONFIG, encoding="utf-8")
    settings = tmp_path / "s.toml"
    settings.write_text("[signals]\ntriage_hours = 3\n")
    result = cli(*[str(settings) if arg == "SETTINGS" else arg for arg in first])
    assert "store is busy" not in result.stderr
    assert "moved [organisation]" in result.stderr
    assert as_json(cli("profile", "--json"))["profile"] == FULL_PROFILE


@pytest.mark.sqlite_only  # the released stores are SQLite files
def test_a_first_command_that_is_refused_leaves_the_old_config_as_it_was(cli, home):
    from tests.old_stores import load_store

    home.mkdir(parents=True)
    load_store(home / "breach.db", "0002")
    (home / "config.toml").write_text(OLD_CONFIG, encoding="utf-8")
    refused = cli("dismiss", "99", "--reason", "x")  # the move is in the refused command's transaction: undone
    assert refused.exit_code == 1 and "no signal 99" in refused.stderr and "moved" not in refused.stderr
    assert (home / "config.toml").read_text(encoding="utf-8") == OLD_CONFIG
    assert not (home / "config.toml.before-store").exists()
    assert "moved [organisation]" in ok(cli("list")).stderr
    assert as_json(cli("profile", "--json"))["profile"] == FULL_PROFILE


def test_a_second_machine_whose_old_config_differs_is_refused_naming_what_differs(cli, home, machine, tmp_path):
    ok(cli("init", "--no-input", "--name", "Voorbeeld B.V."))
    laptop = tmp_path / "laptop-b"
    other = machine(laptop, f"sqlite:///{home / 'breach.db'}")
    config = laptop / "config.toml"
    config.write_text(config.read_text() + '[organisation]\nname = "Oude Naam B.V."\n', encoding="utf-8")
    line = refused(other("list"))
    assert str(config) in line and "[organisation] differ from what the store keeps" in line
    assert "Oude Naam" in config.read_text()  # nothing moved, nothing lost
    config.write_text(config.read_text().replace("Oude Naam B.V.", "Voorbeeld B.V."), encoding="utf-8")
    assert "equal the store's" in ok(other("list")).stderr
    assert "organisation" not in config.read_text()


def test_settings_import_checks_first_and_is_on_the_history(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[reminders]\nretry_minutes = [1]\ncolour = 'red'\n")
    line = refused(cli("settings", "import", str(bad)))
    assert str(bad) in line and "'colour'" in line
    assert "no settings yet" in ok(cli("settings", "show")).stdout
    good = tmp_path / "good.toml"
    good.write_text("[reminders]\nretry_minutes = [1]\n[serve]\npublic_url = 'https://breach.voorbeeld.nl'\n")
    assert "[reminders], [serve] changed" in ok(cli("settings", "import", str(good), "--by", "FG")).stdout
    assert "nothing changed" in ok(cli("settings", "import", str(good))).stdout
    assert 'public_url = "https://breach.voorbeeld.nl"' in ok(cli("settings", "show")).stdout
    history = as_json(cli("profile", "--history", "--json"))
    assert [e["kind"] for e in history] == ["created", "settings"] and history[1]["by"] == "FG"
    assert refused(cli("settings", "import", str(tmp_path / "none.toml"))).endswith("does not exist (expected a TOML "
                                                                                     "file with [reminders], [signals] or [serve])")


@pytest.mark.sqlite_only  # the new laptop has its own SQLite store (tests/cli/test_backup.py crosses backends)
def test_a_backup_carries_the_profile_and_the_settings_to_a_new_laptop(cli, home, machine, tmp_path):
    ok(cli("init", "--no-input", "--name", "Voorbeeld B.V.", "--language", "en"))
    settings = tmp_path / "s.toml"
    settings.write_text("[signals]\ntriage_hours = 3\n")
    ok(cli("settings", "import", str(settings)))
    ok(cli("backup", str(tmp_path / "b.jsonl")))
    new = machine(tmp_path / "new-laptop")
    ok(new("restore", str(tmp_path / "b.jsonl")))
    doc = as_json(new("profile", "--json"))
    assert doc["profile"]["name"] == "Voorbeeld B.V." and doc["profile"]["language"] == "en"
    assert doc["settings"] == {"signals": {"triage_hours": 3}}


# ---------------------------------------------------------------- many organisations, one store


@pytest.fixture
def fg(cli):
    """An external FG's store: her own practice (main) and two clients, each with a breach opened today."""
    ok(cli("init", "--no-input", "--name", "Privacybureau Jansen", "--email", "fg@jansen.nl"))
    ok(cli("orgs", "add", "bakkerij", "--name", "Bakkerij Bol B.V."))
    ok(cli("orgs", "add", "garage", "--name", "Garage Smit"))
    ok(cli("--org", "garage", "init", "--no-input", "--email", "info@garage-smit.nl", "--customers-window", "0"))
    ok(cli("--org", "main", "open", "Eigen laptop kwijt", "--aware", "today 11:00"))
    ok(cli("--org", "bakkerij", "open", "Klantenlijst gemaild aan verkeerde klant", "--aware", "today 08:00"))
    ok(cli("--org", "garage", "open", "Inbraak werkplaats", "--aware", "today 10:00"))
    return cli


def test_with_several_organisations_a_command_must_name_one(fg, monkeypatch):
    line = refused(fg("list"))
    assert "3 organisations (bakkerij, garage, main)" in line and "--org" in line and "BREACH_ORG" in line
    assert refused(fg("--org", "bakery", "list")).endswith("no organisation 'bakery' in this store (known: bakkerij, "
                                                            "garage, main; `breach orgs add` adds one)")
    monkeypatch.setenv("BREACH_ORG", "bakkerij")
    assert "Klantenlijst" in ok(fg("list")).stdout and "Inbraak" not in fg("list").stdout


def test_ids_count_per_organisation_and_a_prefix_names_another_organisations(fg):
    for short in ("main", "bakkerij", "garage"):
        [row] = as_json(fg("--org", short, "list", "--json"))
        assert row["id"] == "DL-2026-001"
    assert "Inbraak werkplaats" in ok(fg("--org", "main", "show", "garage/DL-2026-001")).stdout
    assert "Eigen laptop" in ok(fg("--org", "garage", "show", "main/1")).stdout
    assert "no breach bakkerij/DL-2026-002" in refused(fg("--org", "main", "show", "bakkerij/DL-2026-002"))


def test_use_remembers_the_organisation_on_this_machine(fg, home):
    ok(fg("orgs", "use", "garage"))
    assert "Inbraak" in ok(fg("list")).stdout
    listed = as_json(fg("orgs", "list", "--json"))
    assert [(o["short"], o["name"], o["open"], o["current"]) for o in listed] == [
        ("bakkerij", "Bakkerij Bol B.V.", 1, False), ("garage", "Garage Smit", 1, True),
        ("main", "Privacybureau Jansen", 1, False)]
    assert "Klantenlijst" in ok(fg("--org", "bakkerij", "list")).stdout  # --org wins
    ok(fg("orgs", "use", "--clear"))
    assert "3 organisations" in refused(fg("list"))


def test_one_queue_across_every_organisation_nearest_deadline_first(fg):
    text = ok(fg("list", "--all-orgs")).stdout
    ids = [line.split()[0] for line in text.splitlines() if not line.startswith(" ")]
    # bakkerij: customers 08:00+24h; garage: AP 10:00+72h (no customers promise); main: customers 11:00+24h
    assert ids == ["bakkerij/DL-2026-001", "main/DL-2026-001", "garage/DL-2026-001"]
    rows = as_json(fg("list", "--all-orgs", "--json"))
    assert [r["organisation"] for r in rows] == ["bakkerij", "main", "garage"]


def test_stats_per_organisation_and_overall(fg):
    ok(fg("--org", "bakkerij", "notified", "1", "ap", "--at", "today 11:00", "--reference", "M-1"))
    doc = as_json(fg("stats", "--all-orgs", "--json"))
    assert doc["breaches"] == 3 and doc["ap_notified"] == 1
    assert {short: (f["breaches"], f["ap_notified"]) for short, f in doc["organisations"].items()} == {
        "bakkerij": (1, 1), "garage": (1, 0), "main": (1, 0)}
    assert as_json(fg("--org", "garage", "stats", "--json"))["breaches"] == 1
    text = ok(fg("stats", "--all-orgs")).stdout
    assert text.splitlines()[0].startswith("organisation") and "bakkerij" in text


def test_nothing_of_one_organisation_reaches_anothers_letter_export_or_calendar(fg, tmp_path):
    secret = "Klantenlijst gemaild aan verkeerde klant"
    ok(fg("--org", "bakkerij", "update", "1", "--description", "Lijst met 40 klanten van de bakker", "--persons", "40"))
    outputs = [
        fg("--org", "garage", "draft", "1", "ap").stdout,
        fg("--org", "garage", "draft", "1", "subjects").stdout,
        fg("--org", "garage", "summary", "1").stdout,
        fg("--org", "garage", "export", "--format", "json").stdout,
        fg("--org", "garage", "export", "--format", "csv").stdout,
        fg("--org", "garage", "list", "--all").stdout,
        fg("--org", "garage", "stats").stdout,
    ]
    ok(fg("--org", "garage", "calendar", "--out", str(tmp_path / "garage.ics")))
    outputs.append((tmp_path / "garage.ics").read_text(encoding="utf-8"))
    for text in outputs:
        assert secret not in text and "bakker" not in text.lower() and "Bakkerij Bol" not in text
    assert "Garage Smit" in outputs[0] and "Inbraak werkplaats" in outputs[3]
    assert len(json.loads(outputs[3])["breaches"]) == 1


def test_an_organisation_is_added_once_with_a_short_name_people_can_type(fg):
    assert "exists already" in refused(fg("orgs", "add", "garage", "--name", "Nog een garage"))
    assert "is not a short name" in refused(fg("orgs", "add", "Garage Smit", "--name", "x"))
    assert "empty" in refused(fg("orgs", "add", "leeg", "--name", " "))


def test_each_organisations_calendar_has_its_own_uids_and_names_the_organisation(fg, tmp_path):
    import re

    uids = {}
    for short in ("main", "garage"):
        out = tmp_path / f"{short}.ics"
        ok(fg("--org", short, "calendar", "--out", str(out)))
        text = out.read_text(encoding="utf-8").replace("\r\n ", "")
        uids[short] = set(re.findall(r"UID:(\S+)", text))
        assert ("Garage Smit: Datalek DL-2026-001" in text) == (short == "garage")
    assert uids["main"] and uids["garage"] and not uids["main"] & uids["garage"]
