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


# ---------------------------------------------------------------- each ground, both ways


def _grounds(**answers):
    result = assessment.assess(Answers(**answers))
    return result.recommendation


def test_protected_holds_only_when_every_kind_was_protected():
    base = dict(data_categories=("email", "credentials"), cause="hacking", protected="hashed",
                confidentiality="unknown", malicious=True)
    assert _grounds(**base).grounds == ("protected",)
    clear_email = _grounds(**base, protected_data=("credentials",))
    assert clear_email.notify_ap is True and "malicious-unknown" in clear_email.grounds


def test_a_power_cut_is_restored_whatever_the_backup_says():
    for backup in (True, False):
        advice = _grounds(data_categories=("name", "contact"), availability="recoverable", unavailable_hours=0.2,
                          backup=backup)
        assert advice.grounds == ("restored",) and advice.notify_ap is False


def test_seen_by_nobody_after_an_attack_needs_evidence():
    base = dict(data_categories=("name",), special_categories=("health",), cause="ransomware",
                availability="recoverable", unavailable_hours=3, malicious=True, backup=True)
    without = _grounds(**base)
    assert without.notify_ap is True and without.inform_subjects is True
    assert "restored" not in without.grounds and "ransomware-ap" in without.grounds
    assert "niet is vastgesteld dat er geen gegevens zijn weggenomen" in without.reasons["ap"]["nl"]
    assert _grounds(**base, exfiltration="excluded").grounds == ("restored",)


def test_no_access_when_logs_show_nothing_left():
    base = dict(data_categories=("name", "address"), cause="network-share", confidentiality="exposed")
    assert _grounds(**base, exfiltration="excluded").grounds == ("no-access",)
    assert _grounds(**base, exfiltration="unknown").notify_ap is True


def test_a_professional_recipient_is_trusted_without_the_trusted_answer():
    base = dict(data_categories=("name", "contact", "financial"), financial="amounts", persons_min=240,
                persons_max=240, cause="wrong-recipient-email", confidentiality="known", recovered=True)
    assert _grounds(**base, recipient_kind="professional").grounds == ("trusted-recipient",)
    assert _grounds(**base, recipient_kind="customer").notify_ap is True


@pytest.mark.parametrize("change, slip", [
    ({}, True), ({"recovered": False}, True), ({"persons_min": 100, "persons_max": 100}, False),
    ({"recipients": 1000}, False), ({"persons_min": 40, "persons_max": None}, False),
])
def test_a_minor_slip_needs_few_persons_and_few_recipients(change, slip):
    answers = {**dict(data_categories=("email",), identification="significant", persons_min=40, persons_max=40,
                      cause="cc-instead-of-bcc", confidentiality="known", recipients=40, recovered=True), **change}
    assert (_grounds(**answers).grounds == ("minor-slip",)) is slip


def test_identity_fraud_only_for_readable_fraud_data():
    base = dict(data_categories=("name", "address", "bsn"), persons_min=1, persons_max=1,
                cause="wrong-recipient-post", confidentiality="known", recipients=1)
    advice = _grounds(**base)
    assert advice.grounds == ("identity-fraud",) and advice.inform_subjects is True
    assert "ap-bsn" in advice.dutch_lines and "Stcrt. 2015, 46128" in advice.reasons["ap"]["nl"]
    assert "identity-fraud" not in _grounds(**base, protected="encrypted", protected_data=("bsn",)).grounds


def test_unavailability_that_harms_care_is_a_high_risk_and_delays_are_not():
    base = dict(data_categories=("name", "birthdate"), special_categories=("health",), person_categories=("patients",),
                cause="hacking", availability="temporary", unavailable_hours=30, malicious=True, backup=True,
                exfiltration="excluded")
    harm = _grounds(**base, availability_effect="harm")
    assert "availability-harm" in harm.grounds and harm.inform_subjects is True
    delays = _grounds(**{**base, "special_categories": (), "person_categories": ()}, availability_effect="delays")
    assert (delays.notify_ap, delays.inform_subjects) == (True, False)


@pytest.mark.parametrize("extra, ap, subjects", [
    ({}, True, True),  # no logs: the AP's line
    ({"exfiltration": "excluded", "availability": "recoverable", "unavailable_hours": 4}, False, False),
    ({"exfiltration": "excluded", "availability": "temporary", "unavailable_hours": 120}, True, False),
    ({"protected": "encrypted", "availability": "recoverable", "unavailable_hours": 4}, False, False),
])
def test_the_ap_ransomware_line(extra, ap, subjects):
    answers = {**dict(data_categories=("name", "address"), cause="ransomware", confidentiality="exposed",
                      availability="temporary", malicious=True, backup=True), **extra}
    advice = _grounds(**answers)
    assert (advice.notify_ap, advice.inform_subjects) == (ap, subjects)
    assert "ap-ransomware" in advice.dutch_lines


def test_only_the_persons_whose_special_data_leaked_are_to_be_informed():
    advice = _grounds(data_categories=("name", "email"), special_categories=("health",), person_categories=("patients",),
                      persons_min=15, persons_max=15, special_persons=2, special_nature="general",
                      cause="wrong-recipient-email", confidentiality="known", recipients=15)
    assert advice.inform_subjects is True
    assert advice.subjects_scope == {"all": False, "persons": 2}
    assert "Informeer de 2 personen" in advice.reasons["subjects"]["nl"]


def test_a_cc_list_that_reveals_a_special_category_is_notified_with_the_ap_source():
    advice = _grounds(data_categories=("email",), special_categories=("political",), special_nature="specific",
                      persons_min=101, persons_max=101, cause="cc-instead-of-bcc", identification="significant",
                      confidentiality="known", recipients=101)
    assert advice.notify_ap is True and "ap-cc" in advice.dutch_lines
    assert "PVV Overijssel" in advice.reasons["ap"]["en"]


def test_cross_border_names_the_lead_authority():
    advice = _grounds(data_categories=("name", "email"), cause="hacking", confidentiality="unknown", malicious=True,
                      cross_border=True)
    assert advice.authority == {"to": "AP", "lead": True, "basis": "art. 56(1)"}
    assert "leidende toezichthouder (art. 56 lid 1 AVG)" in advice.reasons["ap"]["nl"]
    assert _grounds(data_categories=("name",), confidentiality="known").authority["basis"] == "art. 55(1)"


# ---------------------------------------------------------------- ENISA and the AP severity, one story


def test_severity_adjustments_name_the_ground_that_moves_the_band():
    fourteen = assessment.assess(Answers(data_categories=("name", "email", "address", "bsn"), persons_min=60000,
                                         persons_max=60000, cause="wrong-recipient-email", confidentiality="known"))
    assert [(s["ground"], s["from"], s["to"]) for s in fourteen.adjustments] == [
        ("identity-fraud", "negligible", "considerable"), ("scale", "considerable", "very-high")]
    nl = fourteen.explanations["nl"]
    assert "De ernst is hoger gesteld dan de ENISA-score aangeeft (aanzienlijk in plaats van verwaarloosbaar)" in nl
    assert nl.endswith("Ernstscore volgens de ENISA-methode: 1,25 (laag).")
    nine = assessment.assess(Answers(data_categories=("name", "contact", "financial"), financial="amounts",
                                     persons_min=24, persons_max=24, cause="wrong-recipient-email",
                                     confidentiality="known", recipients=1, recipient_kind="professional",
                                     recovered=True))
    assert [(s["ground"], s["direction"], s["to"]) for s in nine.adjustments] == [
        ("trusted-recipient", "lowers", "negligible")]
    hospital = assessment.assess(Answers(data_categories=("name",), special_categories=("health",),
                                         confidentiality="known"))
    assert hospital.adjustments == () and hospital.ap_severity == "very-high"  # band and level agree


def test_more_persons_weigh_in_the_severity_of_a_high_risk():
    base = dict(data_categories=("name", "address"), cause="device-lost-stolen", confidentiality="unknown",
                malicious=True)
    few = assessment.assess(Answers(**base, persons_min=30, persons_max=30))
    many = assessment.assess(Answers(**base, persons_min=100001, persons_max=None))
    assert (few.ap_severity, many.ap_severity) == ("considerable", "very-high")
    assert "ten minste 100.001 personen" in many.explanations["nl"]


def test_answers_stored_before_the_new_fields_still_load():
    old = {"data_categories": ["name"], "special_categories": [], "person_categories": [], "persons_min": 3,
           "persons_max": 3, "records": None, "cause": "hacking", "protected": "no", "identification": "maximum",
           "confidentiality": "known", "integrity": "none", "availability": "none", "malicious": False,
           "backup": None, "recovered": False, "trusted": False, "contained": False, "disproportionate": False,
           "dpc": None, "dpc_reason": None}
    answers = Answers.from_dict(old)
    assert answers.protected_data == () and answers.exfiltration is None
    assert Answers.from_dict(answers.to_dict()) == answers


def test_new_answers_that_contradict_each_other_are_refused_naming_the_flag():
    base = dict(data_categories=("name",), confidentiality="known")
    for extra, flag in [({"special_persons": 2}, "--special-persons"), ({"financial": "amounts"}, "--financial"),
                        ({"credentials_open": "financial"}, "--credentials-open"),
                        ({"protected_data": ("name",)}, "--protected-data"),
                        ({"exfiltration": "confirmed", "confidentiality": "exposed"}, "--exfiltration"),
                        ({"unavailable_hours": 3.0}, "--unavailable"), ({"recipients": 0}, "--recipients")]:
        with pytest.raises(InvalidInput, match=flag):
            as_cli(assessment.assess)(Answers(**{**base, **extra}))
