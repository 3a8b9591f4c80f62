"""`breach assess` through the command line, against a real SQLite store: what `records.assessments`
records and reads back (the decisions that rest on it: tests/records/test_decisions.py).

The fake clock stands at Mon 2026-11-23 12:00 Europe/Amsterdam. Expected scores are worked out by hand
from ENISA's scales (SE = DPC x EI + CB), never read back from output.
"""

from __future__ import annotations

import json

import pytest

from tests.records.cli_helpers import BANK_STATEMENT, as_json, error_line, ok, show

# ---------------------------------------------------------------- assess


def test_assess_scores_reuses_the_recorded_facts_and_records_what_the_breach_lacked(cli, breach):
    doc = as_json(cli("assess", breach, *BANK_STATEMENT, "--json"))
    # DPC 3 (a bank statement: financial) x EI 1 (name and address) + CB 0.25 (known recipient) = 3.25: high.
    assert doc["enisa"] == {**doc["enisa"], "dpc": 3, "ei": 1.0, "cb": 0.25, "score": 3.25, "band": "high"}
    assert doc["answers"]["data_categories"] == ["name", "address", "iban", "financial"]
    assert (doc["answers"]["persons_min"], doc["answers"]["persons_max"]) == (1, 1)
    assert doc["recommend_ap"] is True and doc["recommend_subjects"] is True
    assert doc["ap_severity"] == "considerable"
    assert doc["ap_severity_label"] == {"nl": "Aanzienlijk", "en": "Considerable"}
    assert doc["example"]["key"] == "9/2022-v"
    assert doc["severity_explanation"].startswith("Het datalek betreft de volgende gegevens van één persoon")  # profile: Dutch
    assert doc["recorded_facts"] == ["breach_types"]
    shown = show(cli)
    assert shown["breach_types"] == ["confidentiality"]
    assert shown["assessment"]["enisa"]["score"] == 3.25
    kinds = [event["kind"] for event in shown["timeline"]]
    assert kinds[-2:] == ["updated", "assessed"]


def test_assess_text_shows_the_score_with_its_parts_both_recommendations_and_the_example(cli, breach):
    out = ok(cli("assess", breach, *BANK_STATEMENT)).stdout
    assert "SE 3.25 (high) = DPC 3 x EI 1 + CB 0.25" in out
    assert "financial data (basic 3 from financial)" in out
    assert "confidentiality: known recipients +0.25" in out
    assert "considerable (aanzienlijk)" in out
    assert "  AP            Notify the AP within 72 hours" in out
    assert "  persons       Inform the persons without undue delay" in out
    assert "Annex B, example v" in out
    assert f"breach decide {breach}" in out


def test_assess_flags_correct_the_recorded_facts(cli, breach):
    doc = as_json(cli("assess", breach, *BANK_STATEMENT, "--data", "name,address", "--persons", "3", "--json"))
    assert doc["enisa"]["score"] == 1.25  # simple data now: 1 x 1 + 0.25
    assert sorted(doc["recorded_facts"]) == ["breach_types", "data_categories", "persons_max", "persons_min"]
    shown = show(cli)
    assert shown["data_categories"] == ["name", "address"]
    assert shown["persons"] == {"min": 3, "max": 3}
    # 3 persons, a slip, low severity, but the letters are not back: minor, so no notification (case 13 minus recovery)
    assert doc["recommend_ap"] is False


def test_assess_without_a_terminal_names_the_missing_answers_and_writes_nothing(cli, breach):
    before = show(cli)
    line = error_line(cli("assess", breach, "--protected", "no"))
    assert "--confidentiality, --integrity, --availability, --malicious" in line
    assert "on a terminal" in line
    assert show(cli) == before


@pytest.mark.parametrize(
    "args, named",
    [
        (("--confidentiality", "leaked"), "--confidentiality: 'leaked' is not an answer (accepted: none, exposed, known, unknown)"),
        (("--malicious", "maybe"), "--malicious"),
        (("--dpc", "7"), "--dpc"),
        (("--cause", "burglary"), "--cause"),
        (("--dpc", "1"), "--dpc-reason"),
    ],
)
def test_assess_refuses_bad_answers_in_one_line(cli, breach, args, named):
    before = show(cli)
    values = dict(zip(BANK_STATEMENT[::2], BANK_STATEMENT[1::2], strict=True))
    values.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [item for pair in values.items() for item in pair]
    assert named in error_line(cli("assess", breach, *flat))
    assert show(cli) == before


def test_assess_asks_on_a_terminal(cli, breach, monkeypatch):
    monkeypatch.setattr("breach.cli.assess._interactive", lambda no_input: not no_input)
    # Recorded: data and persons. Asked: special (blank), groups, cause, protected, confidentiality,
    # integrity, availability, malicious, identification (default), what the financial data show (blank:
    # as the kinds say), DPC (default), recovered, recipients and who (blank: not known), trusted.
    # The risk is high, so the art. 34(3) questions follow: contained, disproportionate (defaults: no).
    answers = ["", "customers", "wrong-recipient-post", "no", "leaked", "known", "none", "none", "no", "", "", "",
               "no", "", "", "no", "", ""]
    result = ok(cli("assess", breach, input="\n".join(answers) + "\n"))
    assert "Could people who should not see the data have seen them?" in result.stdout
    assert "is not an answer" in result.stderr  # 'leaked' was asked again
    assert "Using what DL-2026-001 records" in result.stdout
    doc = show(cli)["assessment"]
    assert doc["answers"]["person_categories"] == ["customers"]
    assert doc["answers"]["identification"] == "maximum"
    assert doc["enisa"]["score"] == 3.25


def test_an_adjusted_dpc_asked_on_a_terminal_needs_its_reason(cli, breach, monkeypatch):
    monkeypatch.setattr("breach.cli.assess._interactive", lambda no_input: not no_input)
    # special categories (none), the financial detail (blank), DPC 2, an empty reason (asked again), the
    # reason, then the recipients and who they are (blank: not known)
    answers = ["", "", "2", "", "only a bank's name on the statement, no balances", "", ""]
    ok(cli("assess", breach, *BANK_STATEMENT, "--identification", "maximum", "--persons-group", "customers",
           "--recovered", "no", "--trusted", "no", input="\n".join(answers) + "\n"))
    doc = show(cli)["assessment"]
    assert (doc["enisa"]["dpc"], doc["enisa"]["dpc_basic"]) == (2, 3)
    assert doc["enisa"]["score"] == 2.25  # 2 x 1 + 0.25
    assert doc["answers"]["dpc_reason"] == "only a bank's name on the statement, no balances"


def test_no_input_never_asks(cli, breach, monkeypatch):
    monkeypatch.setattr("breach.cli.assess._interactive", lambda no_input: not no_input)
    assert "missing answers" in error_line(cli("assess", breach, "--no-input"))


# ---------------------------------------------------------------- for the drafts


def test_latest_assessment_and_the_consequences_text(cli, breach, backend):
    from breach.domain import assessment
    from breach.records import assessments
    from breach.store.models import Incident

    ok(cli("assess", breach, *BANK_STATEMENT, "--data", "name,address", "--persons", "3"))
    ok(cli("assess", breach, *BANK_STATEMENT, "--data", "name,address,iban,financial"))
    store = backend.store()
    with store.read() as session:
        from sqlmodel import select

        incident = session.exec(select(Incident)).one()
        row = assessments.latest(session, incident)
        assert row.enisa_score == 3.25  # the second run, with the bank statement back
        nl = assessment.consequences_text(row, "nl")
        en = assessment.consequences_text(row, "en")
    assert nl.startswith("Mogelijke gevolgen voor de betrokkenen: Financieel verlies;")
    assert en.startswith("Possible consequences for the persons: Financial loss;")
    assert "Ernstscore volgens de ENISA-methode: 3,25 (hoog)." in nl and "Severity score by the ENISA method: 3.25 (high)." in en


def test_a_processor_is_told_the_controller_weighs_the_recommendations(cli, breach):
    ok(cli("update", breach, "--role", "processor"))
    out = ok(cli("assess", breach, *BANK_STATEMENT)).stdout
    assert "as processor you tell the controller" in out
    assert "breach decide" not in out


# ---------------------------------------------------------------- issue 14: keys kept, keys added

OLD_KEYS = {"id": str, "recorded_facts": list, "at": str, "answers": dict, "enisa": dict, "ap_severity": str,
            "ap_severity_label": dict, "severity_explanation": str, "risk": str, "grounds": list,
            "exception": type(None), "recommend_ap": bool, "recommend_subjects": bool, "reasons": dict,
            "example": dict}


def test_assess_json_keeps_every_key_and_adds_the_new_ones(cli, breach):
    doc = as_json(cli("assess", breach, *BANK_STATEMENT, "--financial", "afschrift", "--recipients", "1",
                      "--cross-border", "ja", "--json"))
    for key, kind in OLD_KEYS.items():
        assert isinstance(doc[key], kind), key
    assert set(doc["enisa"]) >= {"score", "band", "dpc", "dpc_basic", "dpc_class", "ei", "cb", "cb_parts"}
    assert set(doc["example"]) == {"key", "citation", "ap", "subjects"} and doc["example"]["key"] == "9/2022-v"
    assert doc["enisa"]["parts"]["financial"] == 3 and doc["enisa"]["readable"] == ["name", "address", "iban", "financial"]
    assert [m["key"] for m in doc["examples"]][0] == "9/2022-v" and len(doc["examples"]) == 3
    assert set(doc["examples"][0]) == {"key", "citation", "ap", "subjects", "similarity", "shared", "differs",
                                       "agrees", "why"}
    assert doc["authority"] == {"to": "AP", "lead": True, "basis": "art. 56(1)"}
    assert doc["subjects_scope"] == {"all": True, "persons": None}
    assert doc["severity_adjustments"] == [] and doc["dutch_lines"] == []
    assert doc["answers"]["financial"] == "statement" and doc["answers"]["cross_border"] is True
    assert "cross_border" in doc["recorded_facts"] and show(cli)["cross_border"] is True


def test_an_assessment_stored_before_issue_14_reads_with_empty_new_keys():
    from types import SimpleNamespace

    import pendulum

    from breach.cli import views

    row = SimpleNamespace(at=pendulum.datetime(2026, 11, 23, 11), answers={"data_categories": ["name"],
                          "confidentiality": "known"}, enisa_score=1.25, enisa_band="low", ap_severity="limited",
                          severity_explanation="...", recommend_ap=True, recommend_subjects=False, example=None,
                          reasons={"ap": {"en": "a", "nl": "b"}, "subjects": {"en": "c", "nl": "d"}, "risk": "risk",
                                   "grounds": [], "exception": None})
    doc = views.assessment_json(row, "Europe/Amsterdam")
    assert (doc["examples"], doc["severity_adjustments"], doc["dutch_lines"]) == ([], [], [])
    assert doc["subjects_scope"] is None and doc["authority"] is None and doc["enisa"]["groups"] == []
    assert any("EDPB example" in line for line in views.assessment_lines(row, "Europe/Amsterdam", "nl"))


def test_a_dutch_ransomware_case_from_the_installed_command(breach_cmd):
    def run(*args):
        done = breach_cmd(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("init", "--name", "Voorbeeld BV", "--no-input")
    run("open", "Ransomware op de server", "--aware", "now")
    out = run("assess", "DL-2026-001", "--data", "naam,adres", "--persons", "meer dan 100.000", "--cause",
              "ransomware", "--protected", "nee", "--confidentiality", "mogelijk", "--integrity", "geen",
              "--availability", "tijdelijk", "--unavailable", "5 dagen", "--availability-effect", "vertraging",
              "--malicious", "ja", "--backup", "nee", "--exfiltration", "uitgesloten", "--recovered", "ja", "--no-input")
    assert "note: --recovered does not apply to these answers" in out
    assert "01/2021-02" not in out  # citations name the case, not the key
    assert "case 02: Ransomware without proper backup" in out
    doc = json.loads(run("show", "DL-2026-001", "--json"))
    assert (doc["assessment"]["recommend_ap"], doc["assessment"]["recommend_subjects"]) == (True, False)
    assert doc["persons"] == {"min": 100001, "max": None}
