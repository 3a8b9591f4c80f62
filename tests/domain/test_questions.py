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
