"""breach.domain.vocabulary: the AP form's answer lists, parsed from the command line and labelled for letters."""

from __future__ import annotations

import pytest

from breach.domain.vocabulary import label, parse_list
from breach.errors import InvalidInput
from tests.worded import as_cli


def refused(fact: str, values: list[str]) -> str:
    """The refusal as the command line words it (the list names its fact; the CLI, its flag)."""
    with pytest.raises(InvalidInput) as info:
        as_cli(parse_list)(fact, values)
    return str(info.value)


# --- splitting, case, repeats ---------------------------------------------------------------

@pytest.mark.parametrize(
    "values, expected",
    [
        (["confidentiality"], ["confidentiality"]),
        (["confidentiality,integrity"], ["confidentiality", "integrity"]),
        (["confidentiality", "integrity"], ["confidentiality", "integrity"]),
        (["integrity, availability-temporary", "confidentiality"], ["integrity", "availability-temporary", "confidentiality"]),
        (["Confidentiality", "INTEGRITY"], ["confidentiality", "integrity"]),
        (["integrity", "INTEGRITY,integrity", "Integrity"], ["integrity"]),
        (["integrity,,", " , confidentiality "], ["integrity", "confidentiality"]),
        ([], []),
        ([""], []),
    ],
)
def test_breach_types(values, expected):
    assert parse_list("breach_types", values) == expected


def test_order_is_the_order_given():
    assert parse_list("data_categories", ["phone,name", "email", "name"]) == ["phone", "name", "email"]


def test_each_list_knows_its_own_keys():
    assert parse_list("special_categories", ["Health,biometric"]) == ["health", "biometric"]
    assert parse_list("person_categories", ["minors", "patients"]) == ["minors", "patients"]
    assert parse_list("data_categories", ["BSN", "iban", "id-document"]) == ["bsn", "iban", "id-document"]
    # A key of one list is not a key of another.
    assert "'health'" in refused("data_categories", ["health"])
    assert "'bsn'" in refused("special_categories", ["bsn"])


# --- other:TEXT -----------------------------------------------------------------------------

@pytest.mark.parametrize("fact", ["data_categories", "person_categories"])
def test_other_text_is_allowed_where_the_form_has_anders(fact):
    assert parse_list(fact, ["other:shoe size"]) == ["other:shoe size"]
    # The prefix is case-insensitive and trimmed; the text keeps its case.
    assert parse_list(fact, [" OTHER:  Shoe Size "]) == ["other:Shoe Size"]
    assert parse_list(fact, ["other:a", "Other: a", "other:b"]) == ["other:a", "other:b"]


def test_other_mixes_with_keys():
    assert parse_list("data_categories", ["name,other:licence plate", "email"]) == ["name", "other:licence plate", "email"]


@pytest.mark.parametrize("fact, flag", [("breach_types", "--type"), ("special_categories", "--special")])
def test_other_text_is_refused_where_the_form_has_no_anders(fact, flag):
    message = refused(fact, ["other:something"])
    assert message.startswith(f"{flag}: 'other:something' is not known")
    assert "other:TEXT" not in message


@pytest.mark.parametrize("value", ["other:", "other:   "])
def test_other_without_text_is_refused(value):
    message = refused("data_categories", [value])
    assert "is not known" in message


# --- unknown keys ---------------------------------------------------------------------------

def test_unknown_breach_type_names_the_accepted_keys():
    message = refused("breach_types", ["confidentiality,leak"])
    assert message == (
        "--type: 'leak' is not known (accepted: confidentiality, integrity, "
        "availability-permanent, availability-temporary)"
    )


def test_unknown_data_category_names_the_accepted_keys_and_other():
    message = refused("data_categories", ["shoesize"])
    assert message.startswith("--data: 'shoesize' is not known (accepted: name, gender, birthdate, bsn,")
    assert message.endswith(", unknown, other:TEXT)")


def test_unknown_person_category_names_its_flag():
    message = refused("person_categories", ["aliens"])
    assert message.startswith("--persons-group: 'aliens' is not known (accepted: employees, customers,")
    assert "other:TEXT" in message


def test_unknown_special_category_names_its_flag():
    message = refused("special_categories", ["shoe-size"])
    assert message.startswith("--special: 'shoe-size' is not known (accepted: ethnicity, political,")
    assert "other:TEXT" not in message


# --- labels ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "fact, key, nl, en",
    [
        ("breach_types", "confidentiality", "Persoonsgegevens (mogelijk) ingezien door onbevoegden", "Personal data (possibly) seen by unauthorised persons"),
        ("data_categories", "bsn", "Burgerservicenummer (BSN)", "Citizen service number (BSN)"),
        ("data_categories", "unknown", "Onbekend", "Unknown"),
        ("special_categories", "health", "Gezondheid", "Health"),
        ("person_categories", "minors", "Minderjarigen", "Minors"),
    ],
)
def test_label_in_dutch_and_english(fact, key, nl, en):
    assert label(fact, key, "nl") == nl
    assert label(fact, key, "en") == en


def test_label_of_other_is_the_text_in_any_language_capitalised_like_the_form_labels():
    assert label("data_categories", "other:licence plate", "nl") == "Licence plate"
    assert label("data_categories", "other:licence plate", "en") == "Licence plate"
    assert label("data_categories", "other:IBAN-kopie", "nl") == "IBAN-kopie"


def test_every_parsed_key_has_a_label_in_both_languages():
    for fact, values in [
        ("breach_types", ["confidentiality,integrity,availability-permanent,availability-temporary"]),
        ("special_categories", ["ethnicity,political,religion,union,sexual,health,genetic,biometric"]),
        ("person_categories", ["employees,customers,students,patients,minors,vulnerable"]),
    ]:
        for key in parse_list(fact, values):
            assert label(fact, key, "nl") and label(fact, key, "en")
            assert label(fact, key, "nl") != label(fact, key, "en")
