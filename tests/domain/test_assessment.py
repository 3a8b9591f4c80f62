"""The assessment without I/O: ENISA arithmetic, the AP form's severity, and recommendations that
agree with the EDPB's published edpb.

Expected recommendations are the EDPB's conclusions (Guidelines 01/2021, summary of each case; Guidelines
9/2022 Annex B), not values read back from the code. The answers restate each example's facts.
"""

from __future__ import annotations

import pytest

from breach.domain import assessment
from breach.domain.assessment import Answers, band, enisa, severity_score
from breach.errors import InvalidInput
from tests.worded import as_cli

# ---------------------------------------------------------------- ENISA arithmetic


@pytest.mark.parametrize(
    "data, special, expected",
    [
        (("name", "email"), (), 1),  # simple
        (("name", "location"), (), 2),  # behavioural
        (("name", "financial"), (), 3),  # financial
        (("name", "iban"), (), 2),  # ENISA Table 1: a bare account number gives no significant financial insight
        (("iban", "financial"), (), 3),  # an account with its balance or transactions does
        (("creditcard",), (), 4),  # ENISA Table 1: full card data that could enable fraud
        (("name", "criminal"), (), 4),  # art. 10 data count as sensitive
        (("name",), ("health",), 4),  # special categories
        (("bsn", "id-document"), (), 1),  # ENISA scores id numbers as simple data
        (("other:CV",), (), 1),
    ],
)
def test_basic_dpc_is_the_highest_class_among_the_data(data, special, expected):
    assert assessment.basic_dpc(Answers(data_categories=data, special_categories=special))[0] == expected


@pytest.mark.parametrize("level, value", [("negligible", 0.25), ("limited", 0.5), ("significant", 0.75), ("maximum", 1.0)])
def test_each_ease_of_identification_level_multiplies_the_dpc(level, value):
    score = enisa(Answers(data_categories=("financial",), identification=level))
    assert score.ei == value
    assert score.score == 3 * value


@pytest.mark.parametrize(
    "element, level, value",
    [
        ("confidentiality", "none", 0), ("confidentiality", "exposed", 0),
        ("confidentiality", "known", 0.25), ("confidentiality", "unknown", 0.5),
        ("integrity", "none", 0), ("integrity", "altered", 0),
        ("integrity", "recoverable", 0.25), ("integrity", "unrecoverable", 0.5),
        ("availability", "none", 0), ("availability", "recoverable", 0),
        ("availability", "temporary", 0.25), ("availability", "permanent", 0.5),
    ],
)
def test_each_circumstance_adds_its_score(element, level, value):
    score = enisa(Answers(data_categories=("name",), **{element: level}))
    assert score.cb == value
    assert score.score == 1 + value


def test_malicious_intent_adds_half_and_the_circumstances_add_up_to_two():
    worst = Answers(data_categories=("name",), special_categories=("health",), confidentiality="unknown",
                    integrity="unrecoverable", availability="permanent", malicious=True)
    score = enisa(worst)
    assert score.cb_parts == {"confidentiality": 0.5, "integrity": 0.5, "availability": 0.5, "malicious": 0.5}
    assert score.cb == 2.0
    assert score.score == 6.0  # the formula's maximum: 4 x 1 + 2
    assert score.band == "very-high"


@pytest.mark.parametrize(
    "dpc, ei, cb, expected",
    [(1, 1, 0, 1), (4, 0.25, 0, 1), (2, 0.75, 0.5, 2), (3, 0.5, 0.25, 1.75), (4, 1, 2, 6), (1, 0.25, 0, 0.25)],
)
def test_severity_is_dpc_times_ei_plus_cb(dpc, ei, cb, expected):
    assert severity_score(dpc, ei, cb) == expected


@pytest.mark.parametrize(
    "score, expected",
    [
        (0.25, "low"), (1.75, "low"), (1.999, "low"),
        (2.0, "medium"), (2.75, "medium"), (2.999, "medium"),
        (3.0, "high"), (3.75, "high"), (3.999, "high"),
        (4.0, "very-high"), (6.0, "very-high"),
    ],
)
def test_band_edges(score, expected):
    assert band(score) == expected


def test_an_adjusted_dpc_replaces_the_basic_score_and_needs_a_reason():
    answers = Answers(data_categories=("name",), special_categories=("health",), dpc=1)
    with pytest.raises(InvalidInput, match="--dpc-reason"):
        as_cli(assessment.assess)(answers)
    reasoned = Answers(data_categories=("name",), special_categories=("health",), dpc=1,
                       dpc_reason="only 'lactose intolerant' as a food preference")
    result = assessment.assess(reasoned)
    assert (result.enisa.dpc, result.enisa.dpc_basic) == (1, 4)
    assert result.enisa.score == 1


def test_bad_choices_are_refused_with_the_accepted_words():
    with pytest.raises(InvalidInput, match="accepted: none, exposed, known, unknown"):
        assessment.parse_choice("leaked", "confidentiality")
    with pytest.raises(InvalidInput, match="accepted: 1, 2, 3, 4"):
        assessment.parse_dpc("5")
    with pytest.raises(InvalidInput, match="--data"):
        as_cli(assessment.assess)(Answers())


# ---------------------------------------------------------------- exceptions and the AP form


def _high_risk(**extra) -> Answers:
    return Answers(data_categories=("name", "bsn"), persons_min=2000, persons_max=2000,
                   cause="wrong-recipient-email", confidentiality="known", **extra)


def test_art_34_3_b_measures_taken_since_lift_the_duty_to_inform():
    result = assessment.assess(_high_risk(contained=True))
    assert result.recommendation.risk == "high"
    assert result.recommendation.notify_ap is True
    assert result.recommendation.inform_subjects is False
    assert result.recommendation.exception == "34(3)(b)"
    assert "34(3)(b)" in result.recommendation.reasons["subjects"]["en"]
    assert "lid 3 sub b" in result.recommendation.reasons["subjects"]["nl"]


def test_art_34_3_c_disproportionate_effort_means_a_public_communication():
    result = assessment.assess(_high_risk(disproportionate=True))
    assert result.recommendation.inform_subjects is True
    assert result.recommendation.exception == "34(3)(c)"
    assert "public communication" in result.recommendation.reasons["subjects"]["en"]
    assert "openbare mededeling" in result.recommendation.reasons["subjects"]["nl"]


def test_art_34_3_a_unintelligible_data_need_no_communication_and_no_notification():
    result = assessment.assess(_high_risk(protected="encrypted"))
    assert (result.recommendation.notify_ap, result.recommendation.inform_subjects) == (False, False)
    assert result.recommendation.grounds[0] == "protected"
    assert result.ap_severity == "negligible"


def test_protection_does_not_help_when_the_data_are_lost_without_a_backup():
    answers = Answers(data_categories=("name",), special_categories=("health",), person_categories=("patients",),
                      protected="encrypted", availability="permanent", backup=False, malicious=True, cause="hacking")
    result = assessment.assess(answers)
    assert result.recommendation.notify_ap is True
    assert result.recommendation.inform_subjects is True


@pytest.mark.parametrize(
    "answers, expected",
    [
        (Answers(data_categories=("name",), protected="hashed", confidentiality="unknown", malicious=True), "negligible"),
        (Answers(data_categories=("name",), confidentiality="known", malicious=True), "limited"),  # SE 1.75, case 08
        (Answers(data_categories=("name", "bsn"), confidentiality="known"), "considerable"),  # SE 1.25 but identity fraud
        (Answers(data_categories=("financial",), confidentiality="known", malicious=True), "considerable"),  # SE 3.75
        (Answers(data_categories=("iban",), confidentiality="known", malicious=True), "limited"),  # SE 2.75
        (Answers(data_categories=("name",), special_categories=("health",), confidentiality="known"), "very-high"),  # 4.25
    ],
)
def test_ap_severity_levels(answers, expected):
    assert assessment.assess(answers).ap_severity == expected


def test_explanation_for_the_ap_form_in_dutch_and_english():
    result = assessment.assess(Answers(
        data_categories=("name", "email", "bsn"), persons_min=100, persons_max=250, cause="wrong-recipient-email",
        confidentiality="known", recovered=True))
    nl, en = result.explanations["nl"], result.explanations["en"]
    assert nl.startswith(
        "Het datalek betreft de volgende gegevens van 100 tot 250 personen: naam, e-mailadres en burgerservicenummer (BSN).")
    assert "bekende, onbevoegde ontvangers" in nl and "teruggegeven of door de ontvanger verwijderd" in nl
    assert nl.endswith("Ernstscore volgens de ENISA-methode: 1,25 (laag).")
    assert en.startswith(
        "The breach concerns the following data of 100 to 250 persons: name, e-mail address and citizen service number (BSN).")
    assert en.endswith("Severity score by the ENISA method: 1.25 (low).")


def test_explanation_writes_numbers_as_the_language_does_and_states_intent_plainly():
    result = assessment.assess(Answers(
        data_categories=("name", "address", "credentials", "iban"), persons_min=1200, persons_max=1500, cause="hacking",
        confidentiality="unknown", malicious=True, protected="encrypted", availability="temporary", backup=True))
    nl, en = result.explanations["nl"], result.explanations["en"]
    assert "van 1.200 tot 1.500 personen:" in nl and "of 1,200 to 1,500 persons:" in en
    assert "; er was sprake van kwade opzet." in nl and "; the breach was deliberate." in en
    assert "versleuteld, en de sleutel was niet in handen van onbevoegden" in nl
    assert "kwade opzet in het spel" not in nl and "buiten bereik" not in nl


def test_a_webshop_hack_with_iban_and_passwords_is_considerable_not_very_high():
    """The FG's case: name, address, IBAN and passwords stolen by a hacker. The passwords make the risk high
    (identity fraud, access to accounts); the bare IBAN scores 2, so ENISA gives 2 x 1 + 0.5 + 0.5 = 3."""
    result = assessment.assess(Answers(
        data_categories=("name", "address", "credentials", "iban"), persons_min=1200, persons_max=1500, cause="hacking",
        confidentiality="unknown", malicious=True))
    assert (result.enisa.dpc, result.enisa.score, result.enisa.band) == (2, 3.0, "high")
    assert result.ap_severity == "considerable"
    assert result.recommendation.inform_subjects is True
    assert "mogelijk niet te boven komen" not in result.explanations["nl"]


def test_consequences_for_the_ap_form():
    answers = Answers(data_categories=("name", "iban", "bsn"), special_categories=("health",),
                      person_categories=("patients",), confidentiality="unknown", availability="permanent",
                      malicious=True)
    assert assessment.consequences(answers) == [
        "identity-fraud", "financial-loss", "discrimination", "reputation", "professional-secrecy",
        "loss-of-control", "no-access",
    ]
    assert assessment.consequences(Answers(data_categories=("name",), protected="encrypted",
                                           confidentiality="unknown")) == []


def test_answers_survive_json():
    answers = _high_risk(dpc=2, dpc_reason="why", backup=True)
    assert Answers.from_dict(answers.to_dict()) == answers
    assert Answers.from_dict({**answers.to_dict(), "added_later": 1}) == answers


def test_a_negligible_severity_next_to_a_high_enisa_score_says_why():
    result = assessment.assess(Answers(data_categories=("name",), special_categories=("health",),
                                       protected="encrypted", confidentiality="unknown", malicious=True))
    assert result.enisa.band == "very-high" and result.ap_severity == "negligible"
    assert "Een risico is hier niet waarschijnlijk: de gegevens waren versleuteld" in result.explanations["nl"]
    assert "A risk is unlikely here: the data were encrypted" in result.explanations["en"]


def test_ap_form_answers_for_the_draft():
    from types import SimpleNamespace

    answers = Answers(data_categories=("name", "iban", "financial"), cause="wrong-recipient-post", confidentiality="known")
    result = assessment.assess(answers)
    row = SimpleNamespace(answers=answers.to_dict(), ap_severity=result.ap_severity)
    form = assessment.ap_form_answers(row, "nl")
    assert form["protection"] == "Nee"
    assert form["severity"] == "Aanzienlijk"  # SE 3.25: high
    assert form["consequences"] == ["Financieel verlies", "Betrokkenen verliezen het overzicht van welke organisaties hun persoonsgegevens verwerken"]
    assert form["incident_kind"].startswith("Brief of postpakket")
    assert form["severity_explanation"] == result.explanations["nl"]


def test_a_not_high_reason_names_only_the_grounds_that_are_absent():
    answers = Answers(data_categories=("name",), person_categories=("minors",), confidentiality="known",
                      persons_min=300, persons_max=300)  # SE 1.25: vulnerable persons, but a low score
    result = assessment.assess(answers)
    assert (result.recommendation.notify_ap, result.recommendation.inform_subjects) == (True, False)
    reason = result.recommendation.reasons["subjects"]["en"]
    assert "no vulnerable persons" not in reason
    assert "no data for identity fraud and no malicious strangers are involved" in reason
