"""`breach decide` through the command line, against a real SQLite store (`breach assess`, whose
assessment a decision rests on: tests/records/test_assessments.py).

The fake clock stands at Mon 2026-11-23 12:00 Europe/Amsterdam. Expected scores are worked out by hand
from ENISA's scales (SE = DPC x EI + CB), never read back from output.
"""

from __future__ import annotations

import json

import pytest

from tests.records.cli_helpers import BANK_STATEMENT, error_line, ok, show

FG = "J. de Vries (FG)"




# ---------------------------------------------------------------- decide


def test_a_no_without_reasons_is_refused_and_nothing_is_written(cli, breach):
    ok(cli("assess", breach, *BANK_STATEMENT))
    before = show(cli)
    line = error_line(cli("decide", breach, "ap", "no", "--by", FG))
    assert line == ("Error: a decision not to notify the AP needs its reasons for the register (AVG art. 33 lid 5): "
                    "add --reason TEXT")
    assert show(cli) == before


@pytest.mark.parametrize(
    "args, named",
    [
        (("clients", "yes", "--by", FG), "accepted: ap, customers, subjects"),
        (("ap", "maybe", "--by", FG), "accepted: yes, no"),
        (("ap", "yes", "--by", "  "), "--by"),
        (("ap", "no", "--reason", "", "--by", FG), "--reason"),
    ],
)
def test_bad_decisions_are_refused_in_one_line(cli, breach, args, named):
    ok(cli("assess", breach, *BANK_STATEMENT))
    before = show(cli)
    assert named in error_line(cli("decide", breach, *args))
    assert show(cli) == before


def test_a_no_needs_an_assessment_but_a_yes_does_not(cli, breach):
    line = error_line(cli("decide", breach, "ap", "no", "--reason", "only a name", "--by", FG))
    assert "no assessment yet" in line and "breach assess DL-2026-001" in line
    out = ok(cli("decide", breach, "ap", "yes", "--by", FG)).stdout
    assert "no assessment yet" in out
    decision = show(cli)["decisions"][0]
    assert decision == {**decision, "notify": True, "recommended": None, "departs": False}


def test_a_processor_does_not_decide_for_its_controller(cli, breach):
    ok(cli("update", breach, "--role", "processor"))
    ok(cli("assess", breach, *BANK_STATEMENT))
    line = error_line(cli("decide", breach, "subjects", "yes", "--by", FG))
    assert "role processor" in line and "controller decides" in line
    assert show(cli)["decisions"] == []


def test_a_no_after_the_notification_was_made_is_refused(cli, breach):
    ok(cli("assess", breach, *BANK_STATEMENT))
    ok(cli("notified", breach, "ap", "--at", "2026-11-23 11:00"))
    assert "already recorded" in error_line(cli("decide", breach, "ap", "no", "--reason", "x", "--by", FG))


def test_a_decision_against_the_recommendation_is_allowed_and_marked(cli, breach):
    ok(cli("assess", breach, *BANK_STATEMENT))  # recommends informing the person
    result = ok(cli("decide", breach, "subjects", "no", "--reason", "the statement came back unopened", "--by", FG))
    assert "departs from the latest assessment's recommendation (inform the persons)" in result.stdout
    ok(cli("decide", breach, "ap", "yes", "--by", FG))
    decisions = show(cli)["decisions"]
    assert [(d["obligation"], d["notify"], d["recommended"], d["departs"]) for d in decisions] == [
        ("subjects", False, True, True), ("ap", True, True, False),
    ]
    assert decisions[0]["reason"] == "the statement came back unopened" and decisions[0]["by"] == FG
    events = [e for e in show(cli)["timeline"] if e["kind"] == "decided"]
    assert events[0]["data"]["departs"] is True
    text = ok(cli("show", breach)).stdout
    assert "do not inform the persons (departs from the recommendation), by J. de Vries (FG)" in text
    assert "reason: the statement came back unopened" in text


# ---------------------------------------------------------------- decisions reach the clocks


def test_decisions_change_the_clocks(cli, breach):
    clocks = show(cli)["clocks"]
    assert (clocks["ap"]["status"], clocks["subjects"]["status"]) == ("open", "undecided")
    ok(cli("assess", breach, *BANK_STATEMENT, "--data", "name,address", "--persons", "3", "--recovered", "yes"))
    ok(cli("decide", breach, "ap", "no", "--reason", "letters returned unopened; names and addresses only", "--by", FG))
    ok(cli("decide", breach, "subjects", "yes", "--by", FG))
    clocks = show(cli)["clocks"]
    assert clocks["ap"]["status"] == "not_applicable" and clocks["ap"]["deadline"] is None
    assert clocks["subjects"]["status"] == "open"
    ok(cli("decide", breach, "ap", "yes", "--reason", "second thoughts", "--by", FG))  # the latest decision counts
    clocks = show(cli)["clocks"]
    assert clocks["ap"]["status"] == "open" and clocks["ap"]["deadline"] == "2026-11-26T09:15:00+01:00"


def test_undecided_subjects_line_points_at_assess_and_decide(cli, breach):
    out = ok(cli("show", breach)).stdout
    assert f"`breach assess {breach}`" in out and f"`breach decide {breach} subjects yes|no`" in out


def test_assess_and_decide_from_the_installed_command(breach_cmd):
    def run(*args):
        proc = breach_cmd(*args)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    run("init", "--name", "Voorbeeld BV", "--no-input")
    run("open", "Laptop gestolen", "--aware", "now")
    run("assess", "DL-2026-001", "--data", "name,address,birthdate", "--persons", "100000", "--cause",
        "device-lost-stolen", "--protected", "encrypted", "--confidentiality", "unknown", "--integrity", "none",
        "--availability", "none", "--malicious", "yes", "--no-input")
    run("decide", "DL-2026-001", "ap", "no", "--reason", "full-disk encryption, key not on the laptop", "--by", FG)
    doc = json.loads(run("show", "DL-2026-001", "--json"))
    assert doc["assessment"]["recommend_ap"] is False
    assert doc["assessment"]["example"]["key"] == "9/2022-i"  # an encrypted carrier stolen; no minors here (case 10)
    assert "01/2021-10" in [match["key"] for match in doc["assessment"]["examples"]]
    assert doc["clocks"]["ap"]["status"] == "not_applicable"
    assert doc["decisions"][0]["departs"] is False
