"""The notices to a processor's controllers: `breach draft ID customers --controller KEY|all`, against a
golden file, and the controllers commands as the installed `breach` runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.test_documents import PROFILE_ARGS
from tests.records.cli_helpers import error_line, ok

GOLDEN = Path(__file__).parents[1] / "golden" / "drafts"
CLIENTS = ("naam;contactpersoon;e-mail;kenmerk;aantal\n"
           "Bakkerij Jansen B.V.;mevrouw A. de Vries;info@jansen.nl;KL-001;120\n"
           "Fysio Oost;dhr. P. van den Berg;praktijk@fysio-oost.nl;KL-002;1.250\n"
           "Stichting Wijkzorg;;;KL-003;\n")


@pytest.fixture
def processor(cli, tmp_path):
    """The profile of test_documents, as a processor, and DL-2026-001 with three controllers and most facts."""
    ok(cli(*PROFILE_ARGS, "--role", "processor"))
    clients = tmp_path / "klanten.csv"
    clients.write_text(CLIENTS, encoding="utf-8")
    ok(cli("open", "Ransomware bij salarisverwerking", "--aware", "2026-11-23 07:30", "--discovered", "2026-11-23 07:10",
           "--occurred", "2026-11-22 23:40", "--description", "Versleutelde salarisbestanden op de fileserver.",
           "--controllers", str(clients)))
    ok(cli("update", "1", "--type", "confidentiality,availability-temporary", "--data", "name,address,bsn,iban",
           "--persons", "1370", "--persons-group", "employees", "--records", "1370",
           "--measures-taken", "Server losgekoppeld, back-up teruggezet.", "--persons-informed-by", "controller"))
    return "DL-2026-001"


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("BREACH_UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs from its golden file"


def test_the_notice_to_one_controller_is_addressed_to_it_with_its_own_number_of_persons(cli, processor, tmp_path):
    out = tmp_path / "kl-002.md"
    ok(cli("draft", "1", "customers", "--controller", "KL-002", "--out", str(out)))
    text = out.read_text(encoding="utf-8")
    check_golden("customers.controller.nl.md", text.encode("utf-8"))
    assert "Fysio Oost\nT.a.v. dhr. P. van den Berg\n" in text and "Geachte heer Van den Berg," in text
    assert "- Aantal betrokkenen (bij benadering): 1.250 van uw organisatie (van in totaal 1.370 bij dit datalek)" in text
    assert "Bakkerij" not in text and "Aanvulling" not in text
    events = [e for e in json.loads(ok(cli("show", "1", "--json")).stdout)["timeline"] if e["kind"] == "drafted"]
    assert [e["data"]["letters"] for e in events] == [1]


def test_all_writes_one_notice_per_controller_first_notices_and_follow_ups_alike(cli, processor, tmp_path):
    ok(cli("notified", "1", "customers", "--controller", "kl-001", "--at", "2026-11-23 09:00"))
    out = tmp_path / "notices"
    result = ok(cli("draft", "1", "customers", "--controller", "all", "--out", str(out), "--allow-open"))
    assert "Wrote 3 notices to" in result.stdout
    names = sorted(p.name for p in out.iterdir())
    assert names == ["1-bakkerij-jansen-b-v.md", "2-fysio-oost.md", "3-stichting-wijkzorg.md"]
    first, second, third = (out / name for name in names)
    assert first.read_text(encoding="utf-8").count("Aanvulling: melding van een datalek") == 1
    assert "Aanvulling" not in second.read_text(encoding="utf-8")
    assert "Geachte heer/mevrouw," in third.read_text(encoding="utf-8")  # no contact person: the organisation
    one = tmp_path / "one.md"
    ok(cli("draft", "1", "customers", "--controller", "kl-002", "--out", str(one)))
    assert one.read_bytes() == second.read_bytes()  # the merge writes what the single draft writes
    assert [p.stat().st_mode & 0o777 for p in out.iterdir()] == [0o600] * 3
    mails = tmp_path / "mails"
    sent = ok(cli("draft", "1", "customers", "--controller", "all", "--format", "eml", "--out", str(mails), "--allow-open"))
    assert "warning: 1 controller without an e-mail address (kl-003): their .eml has no To" in sent.stderr
    assert "\nTo: praktijk@fysio-oost.nl\n" in (mails / "2-fysio-oost.eml").read_text(encoding="utf-8")


def test_the_draft_refusals_name_what_is_accepted(cli, processor, tmp_path):
    assert "not the ap draft" in error_line(cli("draft", "1", "ap", "--controller", "kl-001"))
    assert "--controller all needs --out DIR" in error_line(cli("draft", "1", "customers", "--controller", "all"))
    assert "give one of them" in error_line(cli("draft", "1", "customers", "--controller", "kl-001", "--recipients",
                                                str(tmp_path / "x.csv"), "--out", str(tmp_path / "d")))
    assert "has no controller 'kl-7'" in error_line(cli("draft", "1", "customers", "--controller", "kl-7"))
    assert "still to fill in" in error_line(cli("draft", "1", "customers", "--controller", "all", "--out", str(tmp_path / "n")))
    assert not (tmp_path / "n").exists()
    ok(cli("notified", "1", "customers", "--controller", "kl-001"))
    generic = ok(cli("draft", "1", "customers"))  # to no one in particular: a first notice, with a pointer
    assert "note: DL-2026-001 concerns 3 controllers; --controller KEY drafts the notice to one" in generic.stderr
    assert generic.stdout.startswith("Voorbeeld Webwinkel\n") and "Aanvulling" not in generic.stdout


def test_the_installed_command_adds_lists_and_tells_controllers(breach_cmd, tmp_path):
    clients = tmp_path / "klanten.csv"
    clients.write_text(CLIENTS, encoding="utf-8")
    env = {"BREACH_NOW": "2026-11-23T12:00:00+01:00"}
    opened = breach_cmd("open", "Lek bij verwerker", "--role", "processor", "--aware", "2026-11-23 08:00", env=env)
    assert opened.returncode == 0, opened.stderr
    added = breach_cmd("controllers", "add", "DL-2026-001", str(clients), env=env)
    assert added.returncode == 0 and "added 3 controllers (3 in all)" in added.stdout, added.stderr
    refused = breach_cmd("notified", "1", "customers", env=env)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "--controller KEY" in refused.stderr
    told = breach_cmd("notified", "1", "customers", "--controller", "all", "--at", "2026-11-23 11:00", env=env)
    assert told.returncode == 0 and "all 3 controllers told" in told.stdout, told.stderr
    doc = json.loads(breach_cmd("controllers", "1", "--json", env=env).stdout)
    assert [c["customers"]["status"] for c in doc["controllers"]] == ["met"] * 3
    assert breach_cmd("verify", env=env).returncode == 0
