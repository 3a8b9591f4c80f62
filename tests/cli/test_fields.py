"""breach.cli.fields: the domain names the field a refusal is about, the command line names its flag."""

from __future__ import annotations

import pendulum
import pytest

from breach.cli import fields
from breach.errors import BreachError, InvalidInput, Refused

AMS = "Europe/Amsterdam"


def test_a_field_is_written_as_its_flag_or_the_argument_of_the_command():
    assert fields.name("records") == "--records"
    assert fields.name("first_day") == "--from"
    assert fields.name("title") == "--title" and fields.name("title", "open") == "TITLE"
    assert fields.name("occurred (end)") == "--occurred (end)"
    assert fields.name("BREACH_NOW") == "BREACH_NOW"  # a name the table does not know is kept


def test_a_refusal_names_its_field_and_mentions_in_each_front_ends_words():
    error = InvalidInput("the period ends before it starts (give {last_day} on or after {first_day})",
                         field="last_day", mentions=("last_day", "first_day"))
    assert str(error) == "last_day: the period ends before it starts (give last_day on or after first_day)"
    assert fields.message(error) == "--to: the period ends before it starts (give --to on or after --from)"
    assert fields.message(Refused("add {reason} TEXT", mentions=("reason",))) == "add --reason TEXT"
    assert fields.message(InvalidInput("plain")) == "plain"
    assert fields.flags(["persons_min", "persons_max", "data_categories"]) == ["--data", "--persons"]


def _domain_refusals():
    from breach.domain import assessment, clock, inputs, questions, vocabulary
    from breach.records import incidents, register

    now = pendulum.datetime(2026, 11, 23, 12, tz=AMS)
    aware = pendulum.datetime(2026, 11, 23, 9, tz=AMS)
    return [
        lambda: inputs.parse_persons("many"),
        lambda: inputs.parse_count("x", "records"),
        lambda: inputs.parse_yes_no("maybe", "cross_border"),
        lambda: inputs.clean("a\x00", "description"),
        lambda: vocabulary.parse_list("data_categories", ["shoesize"]),
        lambda: assessment.parse_choice("leaked", "confidentiality"),
        lambda: assessment.parse_dpc("9"),
        lambda: assessment.assess(assessment.Answers()),
        lambda: assessment.assess(assessment.Answers(data_categories=("name",), special_categories=("health",), dpc=1)),
        lambda: questions.parse("cause", "hacking,published"),
        lambda: questions.Question("dpc_reason").reply(""),
        lambda: incidents.check_order({"aware_at": aware, "discovered_at": aware.add(minutes=1)}),
        lambda: incidents.check_order({"aware_at": aware, "discovered_at": aware, "occurred_from": aware.add(hours=1)}),
        lambda: incidents.check_order({"occurred_from": aware, "occurred_to": aware.subtract(hours=1)}),
        lambda: incidents.check_order({"aware_at": pendulum.datetime(2017, 1, 1, tz=AMS)}),
        lambda: register.select(AMS, status="done"),
        lambda: register.select(AMS, first_day="23 nov"),
        lambda: register.select(AMS, first_day="2026-11-23", last_day="2026-11-01"),
        lambda: register.check_format("xml"),
        lambda: register.delimiter("ab", "nl"),
        lambda: clock.parse_moment("soon", AMS, now, field="aware_at"),
        lambda: clock.parse_until("yesterday 09:00", AMS, now),
    ]


@pytest.mark.parametrize("refusal", range(len(_domain_refusals())))
def test_the_domain_and_the_records_word_no_flags(refusal):
    """A web form has no flags: what the domain and the records say names fields, never `--flags`."""
    with pytest.raises(BreachError) as info:
        _domain_refusals()[refusal]()
    assert info.value.field is not None
    assert "--" not in str(info.value)
    assert fields.message(info.value).startswith("--")
