"""`breach void`: a breach opened by mistake or in practice stays in the store and on the timeline, marked
void, and is left out of reminders, the calendar, `list` and the figures; it takes no further changes."""

from __future__ import annotations

import csv
import json

import pytest

from tests.cli.test_app import as_json, error_line, ok, snapshot


@pytest.fixture
def voided(cli):
    ok(cli("init", "--name", "Voorbeeld BV", "--no-input"))
    ok(cli("open", "Oefening", "--aware", "today 09:00"))
    ok(cli("open", "Echt datalek", "--aware", "today 10:00"))
    result = ok(cli("void", "DL-2026-001", "--reason", "geopend als oefening", "--by", "J. de Vries"))
    assert "DL-2026-001" in result.stdout
    return "DL-2026-001"


def test_void_stays_on_the_timeline_and_leaves_the_list(cli, voided):
    doc = as_json(cli("show", voided, "--json"))
    assert doc["status"] == "void"
    last = doc["timeline"][-1]
    assert last["kind"] == "voided" and "geopend als oefening" in last["text"] and "J. de Vries" in last["text"]
    assert [d["id"] for d in as_json(cli("list", "--json"))] == ["DL-2026-002"]
    assert voided not in ok(cli("list")).stdout
    assert f"{voided}  Oefening [void]" in ok(cli("list", "--all")).stdout
    assert ok(cli("verify")).stdout.startswith("intact:")


@pytest.mark.parametrize("args", [
    ("update", "DL-2026-001", "--title", "Nieuw"),
    ("notified", "DL-2026-001", "ap"),
    ("decide", "DL-2026-001", "ap", "yes", "--by", "FG"),
    ("close", "DL-2026-001", "--reason", "klaar", "--force"),
    ("void", "DL-2026-001", "--reason", "nogmaals"),
])
def test_a_void_breach_refuses_further_changes_in_one_line(cli, voided, args):
    before = snapshot(cli)
    line = error_line(cli(*args))
    assert "DL-2026-001 is void" in line
    assert snapshot(cli) == before


def test_void_without_a_reason_is_refused(cli):
    ok(cli("init", "--name", "Voorbeeld BV", "--no-input"))
    ok(cli("open", "Oefening", "--aware", "today 09:00"))
    line = error_line(cli("void", "DL-2026-001", "--reason", "  "))
    assert "reason" in line
    assert as_json(cli("show", "DL-2026-001", "--json"))["status"] == "open"


def test_void_is_left_out_of_reminders_and_cancelled_in_the_calendar(cli, voided, tmp_path):
    planned = ok(cli("remind", "--dry-run", "--until", "3d")).stdout
    assert voided not in planned and "DL-2026-002" in planned
    out = tmp_path / "d.ics"
    ok(cli("calendar", "--out", str(out)))
    text = out.read_text(encoding="utf-8").replace("\n ", "")
    blocks = [b for b in text.split("BEGIN:VEVENT")[1:] if voided in b]
    assert blocks and all("STATUS:CANCELLED" in b and "BEGIN:VALARM" not in b for b in blocks)
    assert all("Datalek vervallen (ten onrechte of als oefening geopend)" in b.replace("\\", "") for b in blocks)
    assert not any("breach notified" in b for b in blocks)


def test_the_register_marks_void_in_every_format(cli, voided, tmp_path):
    for fmt in ("csv", "json", "md", "html"):
        ok(cli("export", "--format", fmt, "--lang", "en", "--out", str(tmp_path / f"r.{fmt}")))
    rows = list(csv.reader((tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()))
    at = rows[0].index("Void (opened by mistake or in practice)")  # the controllers' counts come after it
    assert rows[0][at - 1] == "Timeline hash (chain head)"
    assert [row[at] for row in rows[1:]] == ["yes", "no"]
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(b["status"], b["void"]) for b in doc["breaches"]] == [("void", True), ("open", False)]
    assert "Void (opened by mistake or in practice): yes" in (tmp_path / "r.md").read_text(encoding="utf-8")
    assert '<tr class="void"><td>DL-2026-001</td>' in (tmp_path / "r.html").read_text(encoding="utf-8")
    ok(cli("export", "--format", "csv", "--status", "void", "--out", str(tmp_path / "v.csv")))
    assert len(list(csv.reader((tmp_path / "v.csv").read_text(encoding="utf-8-sig").splitlines()))) == 2
