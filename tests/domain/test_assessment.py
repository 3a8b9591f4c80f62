"""The assessment without I/O: ENISA arithmetic, the AP form's severity, and recommendations that
agree with the EDPB's published edpb.

Expected recommendations are the EDPB's conclusions (Guidelines 01/2021, summary of each case; Guidelines
9/2022 Annex B), not values read back from the code. The answers restate each example's facts.
"""

from __future__ import annotations

import pytest

from breach.domain import assessment, edpb
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
        (("creditcard",), (), 3),
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


# ---------------------------------------------------------------- the EDPB's examples

# (example key, EDPB outcome for the AP, for the persons, the answers that restate its facts)
EDPB_CASES = [
    # 01/2021 case 01: small manufacturer, ransomware, data encrypted at rest, key safe, no exfiltration,
    # a few dozen clients and employees, restored from backup within hours.
    ("01/2021-01", False, False, Answers(
        data_categories=("name", "contact", "address"), person_categories=("customers", "employees"),
        persons_min=30, persons_max=50, cause="hacking", protected="encrypted", confidentiality="exposed",
        availability="recoverable", malicious=True, backup=True)),
    # case 02: agricultural company, ransomware, no backup; data rebuilt from paper over days, no exfiltration.
    ("01/2021-02", True, False, Answers(
        data_categories=("name", "contact", "address"), person_categories=("customers", "employees"),
        persons_min=100, persons_max=100, cause="hacking", availability="temporary", malicious=True, backup=False)),
    # case 03: hospital, ransomware, backup but two days to restore: treatments delayed.
    ("01/2021-03", True, True, Answers(
        data_categories=("name", "address", "birthdate"), special_categories=("health",), person_categories=("patients",),
        persons_min=1000, persons_max=1000, cause="hacking", availability="temporary", malicious=True, backup=True)),
    # case 04: public transport company, ransomware without backup and with exfiltration of employee data.
    ("01/2021-04", True, True, Answers(
        data_categories=("name", "address", "iban", "bsn"), person_categories=("employees",), persons_min=5000,
        persons_max=5000, cause="hacking", confidentiality="unknown", availability="permanent", malicious=True,
        backup=False)),
    # case 05: malicious code on a recruitment site sends the form data of 213 applicants (CVs) to the attacker.
    ("01/2021-05", True, True, Answers(
        data_categories=("name", "email", "address", "other:CV"), persons_min=213, persons_max=213, cause="hacking",
        confidentiality="unknown", malicious=True)),
    # case 06: SQL injection; only salted hashes of passwords with a state-of-the-art algorithm leave.
    ("01/2021-06", False, False, Answers(
        data_categories=("credentials",), persons_min=1200, persons_max=1200, cause="hacking", protected="hashed",
        confidentiality="unknown", malicious=True, identification="limited")),
    # case 07: credential stuffing: attackers log in to bank accounts and see account data.
    ("01/2021-07", True, True, Answers(
        data_categories=("name", "credentials", "financial", "iban"), persons_min=2000, persons_max=2000,
        cause="hacking", confidentiality="unknown", malicious=True)),
    # case 08: a leaving employee copies customer contact data to approach them for his own business.
    ("01/2021-08", True, False, Answers(
        data_categories=("name", "contact", "address"), person_categories=("customers",), persons_min=500,
        persons_max=500, cause="other:copied by an employee", confidentiality="known", malicious=True)),
    # case 09: an insurance agent bound to secrecy gets two dozen other customers' data and deletes it.
    ("01/2021-09", False, False, Answers(
        data_categories=("name", "contact", "financial"), person_categories=("customers",), persons_min=24,
        persons_max=24, cause="wrong-recipient-email", confidentiality="known", trusted=True, recovered=True,
        dpc=2, dpc_reason="insurance type and amount only: some financial data without significant insight")),
    # case 10: tablets of a day-care centre stolen; the app's data encrypted, backup available.
    ("01/2021-10", False, False, Answers(
        data_categories=("name", "birthdate"), person_categories=("minors",), persons_min=60, persons_max=60,
        cause="device-lost-stolen", protected="encrypted", confidentiality="unknown", malicious=True)),
    # case 11: an unencrypted notebook with names, addresses and birth dates of 100,000 customers stolen.
    ("01/2021-11", True, True, Answers(
        data_categories=("name", "gender", "address", "birthdate"), person_categories=("customers",),
        persons_min=100000, persons_max=100000, cause="device-lost-stolen", confidentiality="unknown",
        malicious=True, availability="recoverable", backup=True)),
    # case 12: a drug rehabilitation centre's paper logbook with patients' health data stolen, no copy.
    ("01/2021-12", True, True, Answers(
        data_categories=("name", "address"), special_categories=("health",), person_categories=("patients",),
        persons_min=300, persons_max=300, cause="device-lost-stolen", confidentiality="unknown",
        availability="permanent", malicious=True, backup=False)),
    # case 13: two shoe orders sent to each other's buyer (name, address, items); the parcels are returned.
    ("01/2021-13", False, False, Answers(
        data_categories=("name", "address"), person_categories=("customers",), persons_min=2, persons_max=2,
        cause="wrong-recipient-post", confidentiality="known", recovered=True)),
    # case 14: a job centre e-mails jobseekers a file with the social security numbers of all of them.
    ("01/2021-14", True, True, Answers(
        data_categories=("name", "email", "address", "bsn"), person_categories=("vulnerable",), persons_min=60000,
        persons_max=60000, cause="wrong-recipient-email", confidentiality="known")),
    # case 15: a course's participant list (names, e-mail, 2x 'lactose intolerant') mailed to 15 former
    # participants, who are asked to delete it.
    ("01/2021-15", False, False, Answers(
        data_categories=("name", "email"), special_categories=("health",), persons_min=15, persons_max=15,
        cause="wrong-recipient-email", confidentiality="known", recovered=True, dpc=1,
        dpc_reason="a food preference ('lactose intolerant') gives no substantial insight into health")),
    # case 16: insurance letters carry another policyholder's data: birth date, car plate, premiums.
    ("01/2021-16", True, False, Answers(
        data_categories=("name", "address", "birthdate", "financial"), person_categories=("customers",),
        persons_min=150, persons_max=150, cause="wrong-recipient-post", confidentiality="known",
        dpc=2, dpc_reason="premiums and mileage: some financial data without significant insight")),
    # case 17: a fraudster poses as a customer, has the e-mail address changed and gets the bills.
    ("01/2021-17", True, True, Answers(
        data_categories=("name", "address", "email", "phone", "location"), persons_min=1, persons_max=1,
        cause="other:social engineering at the call centre", confidentiality="known", integrity="recoverable",
        malicious=True)),
    # case 18: mail rules forward invoices and bank details to an attacker for months.
    ("01/2021-18", True, True, Answers(
        data_categories=("name", "email", "iban", "financial"), person_categories=("customers",), persons_min=800,
        persons_max=800, cause="hacking", confidentiality="unknown", malicious=True)),
    # 9/2022 annex B i: an encrypted backup on a USB key stolen in a burglary.
    ("01/2021-10", False, False, Answers(
        data_categories=("name", "address", "iban"), persons_min=4000, persons_max=4000, cause="device-lost-stolen",
        protected="encrypted", confidentiality="unknown", malicious=True)),
    # annex B iii: a power cut of a few minutes; customers cannot reach their records.
    ("9/2022-iii", False, False, Answers(
        data_categories=("name", "contact"), person_categories=("customers",), persons_min=5000, persons_max=5000,
        availability="recoverable", backup=True)),
    # annex B v: a customer receives someone else's monthly bank statement.
    ("9/2022-v", True, True, Answers(
        data_categories=("name", "address", "iban", "financial"), person_categories=("customers",), persons_min=1,
        persons_max=1, cause="wrong-recipient-post", confidentiality="known")),
    # annex B vi: a marketplace's user names, passwords and purchase history published by the attacker.
    ("9/2022-vi", True, True, Answers(
        data_categories=("name", "email", "credentials"), persons_min=50000, persons_max=50000, cause="hacking",
        confidentiality="unknown", malicious=True)),
    # annex B viii: a hospital's medical records unavailable for 30 hours after a cyber attack.
    ("01/2021-03", True, True, Answers(
        data_categories=("name", "birthdate"), special_categories=("health",), person_categories=("patients",),
        persons_min=20000, persons_max=20000, cause="hacking", availability="temporary", malicious=True,
        backup=True)),
    # annex B x: a marketing e-mail to 40 addresses in cc, no sensitive data: notification not necessary.
    ("9/2022-x", False, False, Answers(
        data_categories=("email",), persons_min=40, persons_max=40, cause="cc-instead-of-bcc",
        confidentiality="known", identification="significant")),
]


@pytest.mark.parametrize("key, ap, subjects, answers", EDPB_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(EDPB_CASES)])
def test_recommendation_agrees_with_the_edpb_example(key, ap, subjects, answers):
    result = edpb.cite(assessment.assess(answers))
    assert result.recommendation.notify_ap is ap
    assert result.recommendation.inform_subjects is subjects
    assert result.example == key
    cited = edpb.find(result.example)
    assert cited.ap in (ap, None) and cited.subjects in (subjects, None)


def test_enough_edpb_cases_are_checked():
    assert len({key for key, *_ in EDPB_CASES}) >= 10


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


def test_consequences_for_the_ap_form_are_ticked_only_as_the_facts_prove_them_in_the_forms_order():
    answers = Answers(data_categories=("name", "iban", "bsn"), special_categories=("health",),
                      person_categories=("patients",), confidentiality="unknown", availability="permanent",
                      malicious=True, backup=False)
    ticked, check = assessment.weighed_consequences(answers)
    assert ticked == ["identity-fraud", "financial-loss", "reputation", "no-access"]
    assert check == ["discrimination", "loss-of-control"]
    assert assessment.consequences(Answers(data_categories=("name",), protected="encrypted",
                                           confidentiality="unknown")) == []


def test_professional_secrecy_only_with_the_profiles_word_not_for_health_data_alone():
    coach = Answers(data_categories=("name", "other:gespreksverslagen"), special_categories=("health",),
                    confidentiality="unknown", cause="device-lost-stolen")
    assert "professional-secrecy" not in sum(assessment.weighed_consequences(coach), [])
    assert "professional-secrecy" in assessment.consequences(coach, professional_secrecy=True)


def test_no_access_is_not_ticked_when_a_working_backup_exists():
    lost = Answers(data_categories=("name",), availability="permanent", backup=True)
    assert "no-access" not in sum(assessment.weighed_consequences(lost), [])
    assert assessment.weighed_consequences(Answers(data_categories=("name",), availability="permanent"))[1] == ["no-access"]


def test_a_birth_date_alone_to_known_recipients_is_no_identity_fraud():
    known = Answers(data_categories=("name", "birthdate"), confidentiality="known")
    assert "identity-fraud" not in sum(assessment.weighed_consequences(known), [])


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
    assert form["consequences"] == []  # known recipients, no malice: financial loss and loss of control only to check
    assert form["consequence_keys"] == ([], ["financial-loss", "loss-of-control"])
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
