"""The controllers of a processor's breach (issue 18): read from a CSV as mail merge reads its recipients,
each with its own customers clock and notice, told one by one or all at once, proved by the timeline and
shown in the register."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from tests.records.cli_helpers import as_json, error_line, ok, show

DUTCH = ("naam;contactpersoon;e-mail;kenmerk;aantal\n"
         "Bakkerij Jansen B.V.;mevrouw A. de Vries;info@jansen.nl;KL-001;120\n"
         "Fysio Oost;dhr. P. Bakker;praktijk@fysio-oost.nl;KL-002;1.250\n"
         "Stichting Wijkzorg;;;KL-003;\n")
OPEN = ("open", "Ransomware bij salarisverwerking", "--role", "processor", "--aware", "2026-11-23 09:15",
        "--customers-window", "24")


@pytest.fixture(autouse=True)
def profile(cli):
    """The processor's profile: a refusal is then the only line on stderr (no note about a missing profile)."""
    ok(cli("init", "--no-input", "--name", "Salarisverwerker B.V."))


@pytest.fixture
def clients(tmp_path):
    path = tmp_path / "klanten.csv"
    path.write_text(DUTCH, encoding="utf-8")
    return path


@pytest.fixture
def processor(cli, clients):
    ok(cli(*OPEN, "--controllers", str(clients)))
    return "DL-2026-001"


def write(tmp_path, text: str, name: str = "c.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def listed(cli, ref="DL-2026-001") -> list[dict]:
    return as_json(cli("controllers", ref, "--json"))["controllers"]


# ---------------------------------------------------------------- reading the file


def test_dutch_headers_with_semicolons_give_each_controller_its_facts(cli, processor):
    found = listed(cli)
    assert [(c["key"], c["name"], c["contact"], c["email"], c["reference"], c["persons"]) for c in found] == [
        ("kl-001", "Bakkerij Jansen B.V.", "mevrouw A. de Vries", "info@jansen.nl", "KL-001", 120),
        ("kl-002", "Fysio Oost", "dhr. P. Bakker", "praktijk@fysio-oost.nl", "KL-002", 1250),
        ("kl-003", "Stichting Wijkzorg", None, None, "KL-003", None),
    ]
    assert all(c["customers"]["status"] == "open" and c["customers"]["deadline"] == "2026-11-24T09:15:00+01:00"
               for c in found)


def test_english_headers_commas_a_key_column_and_names_made_into_keys(cli, tmp_path):
    path = write(tmp_path, "Name,Contact,Email,Key,Persons\nAcme B.V.,J. Smit,j@acme.nl,acme,3\n"
                           "Café Noord,,,,\n")
    ok(cli(*OPEN, "--controllers", str(path)))
    assert [(c["key"], c["persons"]) for c in listed(cli)] == [("acme", 3), ("cafe-noord", None)]


def test_a_tab_separated_file_with_extra_columns_reads_the_known_ones(cli, tmp_path):
    path = write(tmp_path, "klantnummer\tnaam\tplaats\n1001\tHuisarts Zuid\tUtrecht\n")
    ok(cli(*OPEN, "--controllers", str(path)))
    assert [(c["key"], c["name"], c["reference"]) for c in listed(cli)] == [("1001", "Huisarts Zuid", "1001")]


@pytest.mark.parametrize("text, words", [
    ("naam;aantal\nA;1\nB;veel\n", "line 3: 'veel' is not a number of persons"),
    ("naam;e-mail\nA;a@b.nl\nB;geen-adres\n", "line 3: 'geen-adres' is not an e-mail address"),
    ("naam;kenmerk\nA;1\n;2\n", "line 3: the name is empty"),
    ("naam;kenmerk\nA;1\nB\n", "line 3: 1 fields, the header has 2 (naam, kenmerk)"),
    ("naam;kenmerk\nA;K1\nB;k1\n", "line 3: the key 'k1' is on line 2 too"),
    ("naam;kenmerk\nA;all\n", "line 2: 'all' is not a key"),
    ("naam;kenmerk\nA;K 1\n", "line 2: 'K 1' is not a key (accepted: letters a-z"),
    ("organisatie;klant\nA;B\n", "line 1: 'organisatie' and 'klant' both give the name"),
    ("bedrag;plaats\n1;Utrecht\n", "line 1: the header has bedrag, plaats; expected a header row with the controller's name"),
    ("naam;kenmerk\n", "has a header but no controllers"),
    ("", "is empty (expected a header row and one row per controller)"),
])
def test_a_broken_file_is_refused_in_one_line_naming_the_row_and_nothing_is_written(cli, tmp_path, text, words):
    line = error_line(cli(*OPEN, "--controllers", str(write(tmp_path, text))))
    assert line.startswith("Error: --controllers") and words in line
    assert as_json(cli("list", "--all", "--json")) == []


def test_bytes_that_are_not_utf8_are_refused_naming_the_line(cli, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("naam;kenmerk\nA;1\nCaf\xe9 Noord;2\n".encode("latin-1"))
    assert "--controllers line 3: not UTF-8 text" in error_line(cli(*OPEN, "--controllers", str(path)))


def test_controllers_belong_to_a_processors_breach(cli, clients):
    line = error_line(cli("open", "Lek", "--role", "controller", "--controllers", str(clients)))
    assert "--controllers: a processor's breach concerns controllers: give --role processor" in line
    ok(cli("open", "Lek", "--role", "controller"))
    assert "is recorded with role controller: controllers are concerned in a processor's breach" in error_line(
        cli("controllers", "add", "1", str(clients)))


def test_adding_later_refuses_a_key_the_breach_has_and_adds_the_rest_once(cli, processor, tmp_path):
    again = write(tmp_path, "naam;kenmerk\nNieuw;KL-004\nFysio Oost;KL-002\n")
    assert "line 3: DL-2026-001 has a controller 'kl-002' already" in error_line(cli("controllers", "add", "1", str(again)))
    assert len(listed(cli)) == 3
    more = write(tmp_path, "naam;kenmerk\nNieuw;KL-004\n", "more.csv")
    assert "added 1 controller (4 in all)" in ok(cli("controllers", "add", "1", str(more))).stdout
    events = [e for e in show(cli)["timeline"] if e["kind"] == "controllers"]
    assert [e["text"] for e in events] == ["3 controllers added", "controller kl-004 added"]


def test_the_command_takes_an_id_or_add_with_an_id_and_a_file(cli, processor):
    assert "add needs the breach id and the CSV file" in error_line(cli("controllers", "add", "1"))
    assert "unexpected extra" in error_line(cli("controllers", "1", "extra"))


# ---------------------------------------------------------------- the clocks


def test_the_breachs_customers_clock_is_met_only_when_every_controller_is_told(cli, clock, processor):
    assert show(cli)["clocks"]["customers"] | {"seconds_left": 0} == {
        "deadline": "2026-11-24T09:15:00+01:00", "status": "open", "done_at": None, "seconds_left": 0,
        "basis": show(cli)["clocks"]["customers"]["basis"], "controllers": 3, "told": 0}
    listing = ok(cli("list")).stdout
    assert "customers: 0 of 3 controllers told, next deadline Tue 2026-11-24 09:15 +01:00 (21h 15m left)" in listing
    told = ok(cli("notified", "1", "customers", "--controller", "KL-002", "--at", "2026-11-23 11:00"))
    assert "customers notified to kl-002 Mon 2026-11-23 11:00 +01:00; 1 of 3 controllers told" in told.stdout
    assert show(cli)["clocks"]["customers"]["status"] == "open"
    clock.advance(days=2)
    assert show(cli)["clocks"]["customers"]["status"] == "overdue"
    by = {c["key"]: c["customers"]["status"] for c in listed(cli)}
    assert by == {"kl-001": "overdue", "kl-002": "met", "kl-003": "overdue"}
    ok(cli("notified", "1", "customers", "--controller", "all", "--at", "today 10:00"))
    state = show(cli)["clocks"]["customers"]
    assert (state["status"], state["told"], state["done_at"]) == ("late", 3, "2026-11-25T10:00:00+01:00")
    assert {c["key"]: c["customers"]["status"] for c in listed(cli)} == {"kl-001": "late", "kl-002": "met", "kl-003": "late"}
    ok(cli("close", "1", "--reason", "alle verwerkingsverantwoordelijken geïnformeerd"))


def test_without_a_controller_named_the_notice_is_refused_saying_to_name_one_or_all(cli, processor):
    line = error_line(cli("notified", "1", "customers"))
    assert "name the one told with --controller KEY, or --controller all for every one not yet told" in line
    assert "has no controller 'kl-9'" in error_line(cli("notified", "1", "customers", "--controller", "kl-9"))
    assert "not the ap one" in error_line(cli("notified", "1", "ap", "--controller", "kl-001"))
    assert show(cli)["notices"] == []
    assert "still has customers open" in error_line(cli("close", "1", "--reason", "klaar"))


def test_all_tells_every_one_not_yet_told_in_one_event_and_then_refuses(cli, processor):
    ok(cli("notified", "1", "customers", "--controller", "kl-001", "--at", "2026-11-23 10:00"))
    result = ok(cli("notified", "1", "customers", "--controller", "all", "--at", "2026-11-23 11:00", "--reference", "R-7"))
    assert "customers notified to 2 controllers" in result.stdout and "all 3 controllers told" in result.stdout
    doc = show(cli)
    assert [(n["at"][11:16], n["reference"]) for n in doc["notices"]] == [("10:00", None), ("11:00", "R-7"), ("11:00", "R-7")]
    notified = [e for e in doc["timeline"] if e["kind"] == "notified"]
    assert [e["data"]["keys"] for e in notified] == [["kl-001"], ["kl-002", "kl-003"]]
    assert "every controller of DL-2026-001 was told already (3)" in error_line(
        cli("notified", "1", "customers", "--controller", "all"))
    ok(cli("notified", "1", "customers", "--controller", "kl-001", "--at", "2026-11-23 11:30"))
    assert [e["kind"] for e in show(cli)["timeline"]][-1] == "followup"
    assert {c["key"]: c["notices"] for c in listed(cli)} == {"kl-001": 2, "kl-002": 1, "kl-003": 1}
    text = ok(cli("show", "1")).stdout
    assert "to 2 controllers  reference R-7" in text and text.count("to 1 controller") == 2


def test_controllers_listed_in_text_say_who_was_told_when(cli, processor):
    ok(cli("notified", "1", "customers", "--controller", "kl-003", "--at", "2026-11-23 10:05"))
    text = ok(cli("controllers", "1")).stdout.splitlines()
    assert text[0] == "DL-2026-001  Ransomware bij salarisverwerking: 1 of 3 controllers told"
    assert text[2] == "  kl-002  Fysio Oost, 1,250 persons: open, deadline Tue 2026-11-24 09:15 +01:00"
    assert text[3] == "  kl-003  Stichting Wijkzorg: told Mon 2026-11-23 10:05 +01:00"


# ---------------------------------------------------------------- the timeline proves them


def test_verify_proves_the_controllers_and_their_notices(cli, processor):
    ok(cli("notified", "1", "customers", "--controller", "all", "--at", "2026-11-23 10:00"))
    ok(cli("notified", "1", "customers", "--controller", "kl-002", "--at", "2026-11-23 11:00"))
    result = cli("verify")
    assert result.exit_code == 0 and result.stdout.startswith("intact: 4 timeline events"), result.stdout


@pytest.mark.sqlite_only
def test_a_controller_or_its_notice_edited_behind_the_tools_back_is_named(cli, home, processor):
    ok(cli("notified", "1", "customers", "--controller", "kl-001", "--at", "2026-11-23 10:00"))
    with sqlite3.connect(home / "breach.db") as db:
        db.execute("UPDATE controller SET persons = 12 WHERE key = 'kl-001'")
        db.execute("UPDATE notice SET controller_id = (SELECT id FROM controller WHERE key = 'kl-002')")
        db.execute("INSERT INTO controller (incident_id, key, name, added_at) VALUES (1, 'kl-009', 'Stiekem', "
                   "'2026-11-23 11:00:00.000000')")
    result = cli("verify")
    assert result.exit_code == 1
    assert "controller kl-001.persons is 12 in the store, the timeline says 120" in result.stdout
    assert "notice 1 (customers).controller_id is 2 in the store, the timeline says 1" in result.stdout
    assert "controller kl-009 is in the store, the timeline has no `controllers` event" in result.stdout


# ---------------------------------------------------------------- the register


def test_the_register_counts_them_in_the_csv_and_lists_who_was_told_when_in_json_and_html(cli, processor, tmp_path):
    ok(cli("notified", "1", "customers", "--controller", "kl-001", "--at", "2026-11-23 10:00"))
    ok(cli("open", "Gewoon lek", "--aware", "2026-11-23 09:00"))
    for fmt in ("csv", "json", "html", "md"):
        ok(cli("export", "--format", fmt, "--lang", "en", "--out", str(tmp_path / f"r.{fmt}")))
    rows = list(csv.reader((tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()))
    at = rows[0].index("Controllers concerned")
    assert rows[0][at:] == ["Controllers concerned", "Controllers told", "Controllers told late"]
    assert [row[at:] for row in rows[1:]] == [["3", "1", "0"], ["", "", ""]]
    assert rows[1][rows[0].index("Follow-up notices")] == ""  # the controllers' notices are not follow-ups of one another
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    first, second = doc["breaches"]
    assert [(c["key"], c["told_at"]) for c in first["controllers"]] == [
        ("kl-001", "2026-11-23T10:00:00+01:00"), ("kl-002", None), ("kl-003", None)]
    assert first["notifications"] == [] and second["controllers"] == []
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<li>Bakkerij Jansen B.V. (kl-001): 2026-11-23 10:00 +01:00</li><li>Fysio Oost (kl-002): not told yet</li>" in html
    assert "<td>1 / 3</td>" in html  # the overview on top: how many of its controllers were told
    assert "- Stichting Wijkzorg (kl-003): not told yet" in (tmp_path / "r.md").read_text(encoding="utf-8")
    assert cli("verify", "--against", str(tmp_path / "r.csv")).exit_code == 0


# ---------------------------------------------------------------- thousands of them


def test_two_thousand_controllers_from_one_csv(cli, tmp_path):
    rows = ["Naam;Contactpersoon;E-mail;Kenmerk;Aantal"]
    rows += [f"Klant {n} B.V.;J. Jansen;klant{n}@example.nl;K-{n:05d};{n % 7 + 1}" for n in range(1, 2001)]
    path = write(tmp_path, "\n".join(rows) + "\n", "groot.csv")
    opened = ok(cli(*OPEN, "--controllers", str(path)))
    assert "0 of 2,000 controllers told" in opened.stdout
    found = listed(cli)
    assert len(found) == 2000 and found[1999]["key"] == "k-02000" and found[1999]["persons"] == 2000 % 7 + 1
    ok(cli("notified", "1", "customers", "--controller", "k-00042", "--at", "2026-11-23 10:00"))
    assert "customers: 1 of 2,000 controllers told" in ok(cli("list")).stdout
    ok(cli("notified", "1", "customers", "--controller", "all", "--at", "2026-11-23 11:00"))
    state = show(cli)["clocks"]["customers"]
    assert (state["status"], state["told"], state["controllers"]) == ("met", 2000, 2000)
    assert "to 1,999 controllers (in time)" in [e["text"] for e in show(cli)["timeline"] if e["kind"] == "notified"][-1]
    out = tmp_path / "notices"
    ok(cli("draft", "1", "customers", "--controller", "all", "--out", str(out), "--allow-open"))
    letters = sorted(out.iterdir())
    assert len(letters) == 2000 and letters[0].name == "0001-klant-1-b-v.md"
    assert "- Aantal betrokkenen (bij benadering): 2 van uw organisatie" in letters[0].read_text(encoding="utf-8")
    ok(cli("export", "--format", "json", "--out", str(tmp_path / "r.json")))
    [breach] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["breaches"]
    assert len(breach["controllers"]) == 2000 and all(c["told_at"] for c in breach["controllers"])
    assert cli("verify").exit_code == 0


@pytest.mark.sqlite_only
def test_a_backup_carries_the_controllers_and_restores_them_proved(cli, processor, breach_cmd, tmp_path):
    ok(cli("notified", "1", "customers", "--controller", "kl-002", "--at", "2026-11-23 10:00"))
    backup = tmp_path / "backup.json"
    assert "3 controllers concerned" in ok(cli("backup", str(backup), "--format", "json")).stdout
    other = {"BREACH_HOME": str(tmp_path / "elsewhere"), "BREACH_NOW": "2026-11-23T12:00:00+01:00"}
    restored = breach_cmd("restore", str(backup), env=other)
    assert restored.returncode == 0, restored.stderr
    assert breach_cmd("verify", env=other).returncode == 0
    doc = json.loads(breach_cmd("controllers", "DL-2026-001", "--json", env=other).stdout)
    assert [(c["key"], c["customers"]["status"]) for c in doc["controllers"]] == [
        ("kl-001", "open"), ("kl-002", "met"), ("kl-003", "open")]
