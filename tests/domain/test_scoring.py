"""ENISA's adjusting factors: the detail of financial data, the nature and share of special data, what
credentials open, protection per kind of data (ENISA 2013, Table 1 and the contextual factors)."""

from __future__ import annotations

import pytest

from breach.domain import scoring
from breach.domain.answers import Answers


@pytest.mark.parametrize("detail, dpc", [("contract", 1), ("amounts", 2), ("account", 2), ("statement", 3),
                                         ("history", 4), ("card", 4)])
def test_each_financial_detail_scores_as_enisa_table_1(detail, dpc):
    assert scoring.enisa(Answers(data_categories=("name", "financial"), financial=detail)).dpc == dpc


def test_financial_kinds_without_a_detail_keep_their_defaults():
    assert scoring.basic_dpc(Answers(data_categories=("creditcard",)))[0] == 4  # full card data: fraud
    assert scoring.basic_dpc(Answers(data_categories=("name", "iban")))[0] == 2
    assert scoring.basic_dpc(Answers(data_categories=("name", "iban", "financial"))) == (3, "financial")


@pytest.mark.parametrize("nature, dpc", [("full", 4), ("specific", 3), ("general", 2), ("trivial", 1), (None, 4)])
def test_the_nature_of_special_data_sets_their_score(nature, dpc):
    assert scoring.enisa(Answers(data_categories=("name",), special_categories=("health",),
                                 special_nature=nature)).dpc == dpc


def test_credentials_score_as_the_data_they_open():
    base = dict(data_categories=("credentials",))
    assert scoring.enisa(Answers(**base)).dpc == 1
    assert scoring.enisa(Answers(**base, credentials_open="financial")).dpc == 3
    assert scoring.enisa(Answers(**base, credentials_open="sensitive")).dpc == 4


def test_special_data_of_only_some_persons_give_two_groups():
    answers = Answers(data_categories=("name", "email"), special_categories=("health",), persons_min=15,
                      persons_max=15, special_persons=2, confidentiality="known")
    score = scoring.enisa(answers)
    assert [(g["group"], g["persons"], g["dpc"], g["score"]) for g in score.groups] == [
        ("special", 2, 4, 4.25), ("rest", 13, 1, 1.25)]
    assert score.score == 4.25  # the breach takes its worst group
    trivial = scoring.enisa(Answers(**{**answers.__dict__, "special_nature": "trivial"}))
    assert [g["score"] for g in trivial.groups] == [1.25, 1.25]
    assert scoring.enisa(Answers(**{**answers.__dict__, "special_persons": None})).groups == ()


def test_protection_per_kind_scores_the_readable_data():
    answers = Answers(data_categories=("email", "credentials"), protected="hashed", protected_data=("credentials",),
                      confidentiality="unknown", malicious=True, credentials_open="financial")
    score = scoring.enisa(answers)
    assert score.readable == ("email",) and score.dpc == 1  # the hashed passwords open a bank, but are unreadable
    everything = scoring.enisa(Answers(**{**answers.__dict__, "protected_data": ()}))
    assert everything.readable == () and everything.dpc == 3  # nothing readable: the data as such
