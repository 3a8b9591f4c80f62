"""Which questions `breach assess` still has to ask, and what it records on the breach. No I/O."""

from __future__ import annotations

from types import SimpleNamespace

from breach.domain import questions


def incident(**facts):
    base = dict(data_categories=[], special_categories=[], person_categories=[], persons_min=None,
                persons_max=None, records=None, breach_types=[])
    return SimpleNamespace(**{**base, **facts})


def test_recorded_facts_are_not_asked_again():
    known = questions.from_incident(incident(data_categories=["name"], persons_min=5, persons_max=9,
                                             breach_types=["confidentiality"]))
    assert known == {"data_categories": ("name",), "persons_min": 5, "persons_max": 9,
                     "integrity": "none", "availability": "none"}
    assert questions.still_needed(known) == ["protected", "confidentiality", "malicious"]
    assert questions.recorded_summary(known) == "data categories: name; persons: 5-9; integrity: none; availability: none"


def test_a_recorded_permanent_loss_needs_only_the_backup_answer_besides():
    known = questions.from_incident(incident(breach_types=["availability-permanent"]))
    assert known["availability"] == "permanent"
    assert questions.still_needed(known) == ["data_categories", "protected", "malicious", "backup"]


def test_answers_fill_in_and_correct_the_breach():
    found = incident(data_categories=["name"], breach_types=["availability-temporary"])
    values = {"data_categories": ("name", "iban"), "persons_min": 3, "persons_max": 3,
              "confidentiality": "known", "integrity": "none", "availability": "none"}
    assert questions.incident_changes(found, values) == {
        "data_categories": ["name", "iban"], "persons_min": 3, "persons_max": 3, "breach_types": ["confidentiality"],
    }
    same = incident(data_categories=["name", "iban"], persons_min=3, persons_max=3, breach_types=["confidentiality"])
    assert questions.incident_changes(same, values) == {}


def test_identification_defaults_to_direct_when_the_data_name_the_person():
    assert questions.answers_from({"data_categories": ("name",)}).identification == "maximum"
    assert questions.answers_from({"data_categories": ("location",)}).identification == "limited"
    assert questions.answers_from({"data_categories": ("name",), "identification": "negligible"}).identification == "negligible"


def interview(found, given: dict, replies: dict) -> list[str]:
    """The questions asked, in order, each answered with `replies[name]` (blank: its default)."""
    values, asked = questions.starting_values(found, given), []
    while (question := questions.next_question(values, given)) is not None:
        asked.append(question.name)
        values.update(question.reply(replies.get(question.name, question.default or "")))
    return asked


def test_the_interview_asks_only_what_the_answers_call_for():
    found = incident(data_categories=["name", "address", "iban", "financial"], persons_min=1, persons_max=1)
    # A bank statement in the wrong letter box: known recipients, so their return and secrecy are asked,
    # and the preliminary risk is high, so the art. 34(3) exceptions follow.
    replies = {"cause": "wrong-recipient-post", "protected": "no", "confidentiality": "known", "integrity": "none",
               "availability": "none", "malicious": "no"}
    assert interview(found, {}, replies) == [
        "special_categories", "person_categories", "cause", "protected", "confidentiality", "integrity",
        "availability", "malicious", "identification", "dpc", "recovered", "trusted", "contained", "disproportionate",
    ]
    # Data that are gone need the backup; nobody saw them, so nothing is asked about recipients.
    gone = {**replies, "confidentiality": "none", "availability": "permanent", "protected": "encrypted", "backup": "yes"}
    asked = interview(found, {"special_categories": (), "person_categories": ()}, gone)
    assert asked[asked.index("malicious") + 1] == "backup"
    assert "recovered" not in asked and "trusted" not in asked


def test_a_dpc_other_than_the_basic_score_asks_its_reason_and_a_blank_reason_is_refused():
    import pytest

    from breach.errors import InvalidInput

    given = {"special_categories": (), "person_categories": (), "persons_min": None, "persons_max": None, "cause": None,
             "protected": "no", "confidentiality": "none", "integrity": "none", "availability": "none",
             "malicious": False, "identification": "maximum"}
    values = questions.starting_values(incident(data_categories=["name", "financial"]), given)
    dpc = questions.next_question(values, given)
    assert (dpc.name, dpc.default) == ("dpc", "3")
    assert dpc.text[0].startswith("ENISA scores these data 3 (financial data)")
    assert dpc.reply("") == {"dpc": 3}  # blank keeps the basic score
    values.update(dpc.reply("2"))
    reason = questions.next_question(values, given)
    assert reason.name == "dpc_reason"
    with pytest.raises(InvalidInput, match="empty"):
        reason.reply("  ")
    values.update(reason.reply("only the bank's name"))
    assert questions.next_question(values, given) is None
