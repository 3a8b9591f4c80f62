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
        "availability", "malicious", "identification", "financial", "dpc", "recovered", "recipients", "recipient_kind",
        "trusted", "contained", "disproportionate",
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
             "malicious": False, "identification": "maximum", "financial": None}
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


def test_ransomware_is_not_asked_whether_recipients_returned_the_data():
    found = incident(data_categories=["name", "address"], persons_min=40, persons_max=40)
    replies = {"cause": "ransomware", "protected": "no", "confidentiality": "exposed", "integrity": "none",
               "availability": "temporary", "malicious": "yes", "backup": "no"}
    asked = interview(found, {"special_categories": (), "person_categories": ()}, replies)
    assert "recovered" not in asked and "recipients" not in asked and "trusted" not in asked
    assert {"backup", "exfiltration", "unavailable_hours", "availability_effect"} <= set(asked)


def test_a_power_cut_is_not_asked_for_a_backup_and_its_answer_decides_nothing():
    found = incident(data_categories=["name", "contact"], persons_min=500, persons_max=500)
    replies = {"cause": "", "protected": "no", "confidentiality": "none", "integrity": "none",
               "availability": "recoverable", "malicious": "no", "unavailable_hours": "10m", "availability_effect": "none"}
    asked = interview(found, {"special_categories": (), "person_categories": ()}, replies)
    assert "backup" not in asked and "exfiltration" not in asked
    from breach.domain import assessment
    for backup in (True, False, None):
        answers = questions.answers_from({**questions.given({"data_categories": "name,contact", "availability":
                                          "recoverable", "unavailable": None}), "backup": backup,
                                          "unavailable_hours": 0.2})
        assert assessment.assess(answers).recommendation.notify_ap is False


def test_special_data_ask_their_nature_and_share_and_a_plain_cc_slip_asks_nothing_new():
    found = incident(data_categories=["name", "email"], special_categories=["health"], persons_min=15, persons_max=15)
    replies = {"cause": "wrong-recipient-email", "protected": "no", "confidentiality": "known", "integrity": "none",
               "availability": "none", "malicious": "no"}
    asked = interview(found, {"person_categories": ()}, replies)
    assert asked.index("special_nature") < asked.index("dpc") and "special_persons" in asked
    plain = incident(data_categories=["email"], persons_min=40, persons_max=40)
    asked = interview(plain, {"special_categories": (), "person_categories": ()},
                      {**replies, "cause": "cc-instead-of-bcc"})
    new = {"special_nature", "special_persons", "financial", "credentials_open", "protected_data", "exfiltration",
           "unavailable_hours", "availability_effect"}
    assert not new & set(asked)


def test_dutch_answers_are_read_as_the_keys():
    values = questions.given({
        "protected": "nee", "data_categories": ["naam,e-mailadres"], "person_categories": ["klanten"],
        "special_categories": ["gezondheid"], "confidentiality": "bekend", "availability": "tijdelijk",
        "exfiltration": "uitgesloten", "unavailable_hours": "5u", "cause": "anders:lek via printer",
        "malicious": "nee", "persons": "meer dan 100.000", "special_nature": "gering", "recipient_kind": "beroepsgeheim",
    })
    assert values["protected"] == "no" and values["data_categories"] == ("name", "email")
    assert values["person_categories"] == ("customers",) and values["special_categories"] == ("health",)
    assert (values["confidentiality"], values["availability"], values["exfiltration"]) == ("known", "temporary", "excluded")
    assert values["unavailable_hours"] == 5 and values["cause"] == "other:lek via printer"
    assert (values["persons_min"], values["persons_max"]) == (100001, None)
    assert (values["special_nature"], values["recipient_kind"]) == ("trivial", "professional")
    assert values["malicious"] is False


def test_a_flag_for_a_question_that_does_not_apply_is_reported():
    values = {"cause": "ransomware", "confidentiality": "exposed", "malicious": True, "recovered": True}
    assert questions.not_applying(values, {"recovered": True}) == ["recovered"]


def test_a_cause_that_is_deliberate_by_nature_offers_yes_for_malicious():
    values = questions.starting_values(incident(data_categories=["name"]), {
        "special_categories": (), "person_categories": (), "persons_min": None, "persons_max": None,
        "cause": "phishing", "protected": "no", "confidentiality": "unknown", "integrity": "none",
        "availability": "none"})
    question = questions.next_question(values, {})
    assert (question.name, question.default) == ("malicious", "yes")
    values["cause"] = "wrong-recipient-email"
    assert questions.next_question(values, {}).default is None


def test_an_unanswered_question_that_applies_names_the_reading_taken():
    values = {"data_categories": ("name", "financial"), "cause": "wrong-recipient-post", "confidentiality": "known"}
    assert [name for name, _ in questions.assumed(values)] == ["financial"]
    assert questions.assumed({**values, "financial": "amounts"}) == []
