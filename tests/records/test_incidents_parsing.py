"""breach.records.incidents: the pure helpers that read ids and obligations, and check the order of moments
(counts, answers and plain text: tests/domain/test_inputs.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pendulum
import pytest

from breach.errors import InvalidInput
from breach.records import incidents
from breach.records.incidents import normalise_ref
from tests.worded import as_cli

check_order = as_cli(incidents.check_order)  # its refusals as the command line words them (--aware, ...)

AMS = "Europe/Amsterdam"


def ams(*args) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=AMS)


# --- normalise_ref --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("dl-2026-1", "DL-2026-001"),
        ("2026-001", "DL-2026-001"),
        ("DL-2026-001", "DL-2026-001"),
        ("2026-1", "DL-2026-001"),
        ("Dl-2026-01", "DL-2026-001"),
        ("DL2026-7", "DL-2026-007"),
        ("  DL-2026-042  ", "DL-2026-042"),
        ("DL-2027-999", "DL-2027-999"),
        ("DL-2026-1234", "DL-2026-1234"),
    ],
)
def test_normalise_ref(text, expected):
    assert normalise_ref(text) == expected


@pytest.mark.parametrize("text", ["foo", "", "DL-26-001", "DL-2026-", "DL-2026-1234567", "XX-2026-001", "DL-2026-001a", "001"])
def test_normalise_ref_refuses_what_is_not_an_id(text):
    with pytest.raises(InvalidInput) as info:
        normalise_ref(text)
    assert f"'{text}' is not a breach id" in str(info.value)
    assert "DL-YYYY-NNN" in str(info.value)


# --- check_order ----------------------------------------------------------------------------

def test_check_order_accepts_the_natural_order():
    check_order(
        {
            "occurred_from": ams(2026, 11, 20, 8, 0),
            "occurred_to": ams(2026, 11, 21, 8, 0),
            "discovered_at": ams(2026, 11, 22, 8, 0),
            "aware_at": ams(2026, 11, 23, 8, 0),
        }
    )


def test_check_order_accepts_equal_moments():
    moment = ams(2026, 11, 23, 8, 0)
    check_order({"occurred_from": moment, "occurred_to": moment, "discovered_at": moment, "aware_at": moment})


def test_check_order_accepts_missing_moments():
    check_order({})
    check_order({"aware_at": ams(2026, 11, 23, 8, 0), "discovered_at": None, "occurred_from": None, "occurred_to": None})
    # Only an end: nothing to compare it with.
    check_order({"occurred_to": ams(2026, 11, 23, 8, 0)})


def test_discovery_after_awareness_is_refused():
    with pytest.raises(InvalidInput) as info:
        check_order({"aware_at": ams(2026, 11, 23, 8, 0), "discovered_at": ams(2026, 11, 23, 8, 1)})
    assert str(info.value).startswith("--discovered: discovery comes after awareness")


def test_order_is_compared_as_instants_not_wall_times():
    # 10:30 +02:00 is 08:30 UTC, before 09:00 UTC: accepted although the wall time reads later.
    check_order(
        {
            "aware_at": datetime(2026, 7, 1, 9, 0, tzinfo=UTC),
            "discovered_at": pendulum.datetime(2026, 7, 1, 10, 30, tz=AMS),
        }
    )
    # And the other way round: 09:30 +02:00 (07:30 UTC) is after 07:00 UTC.
    with pytest.raises(InvalidInput, match="^--discovered:"):
        check_order(
            {
                "aware_at": datetime(2026, 7, 1, 7, 0, tzinfo=UTC),
                "discovered_at": pendulum.datetime(2026, 7, 1, 9, 30, tz=AMS),
            }
        )


def test_occurrence_range_is_compared_as_instants():
    # Start 10:30 +02:00 = 08:30 UTC; end 09:00 UTC is half an hour later although its wall time reads earlier.
    check_order(
        {
            "occurred_from": pendulum.datetime(2026, 7, 1, 10, 30, tz=AMS),
            "occurred_to": datetime(2026, 7, 1, 9, 0, tzinfo=UTC),
        }
    )
    # Start 10:30 +02:00 (08:30 UTC) is after a discovery at 08:00 UTC.
    with pytest.raises(InvalidInput, match="^--occurred: the breach began after"):
        check_order(
            {
                "aware_at": datetime(2026, 7, 1, 8, 0, tzinfo=UTC),
                "discovered_at": datetime(2026, 7, 1, 8, 0, tzinfo=UTC),
                "occurred_from": pendulum.datetime(2026, 7, 1, 10, 30, tz=AMS),
            }
        )


def test_occurrence_starting_after_discovery_is_refused():
    with pytest.raises(InvalidInput) as info:
        check_order(
            {
                "aware_at": ams(2026, 11, 23, 8, 0),
                "discovered_at": ams(2026, 11, 22, 8, 0),
                "occurred_from": ams(2026, 11, 22, 9, 0),
            }
        )
    assert str(info.value).startswith("--occurred: the breach began after it was discovered")


def test_range_ending_before_it_starts_is_refused():
    with pytest.raises(InvalidInput) as info:
        check_order(
            {
                "aware_at": ams(2026, 11, 23, 8, 0),
                "discovered_at": ams(2026, 11, 23, 8, 0),
                "occurred_from": ams(2026, 11, 21, 8, 0),
                "occurred_to": ams(2026, 11, 20, 8, 0),
            }
        )
    assert str(info.value).startswith("--occurred: the range ends before it starts")


def test_discovery_is_checked_before_the_occurrence():
    # Both wrong: the discovery/awareness message comes first.
    with pytest.raises(InvalidInput, match="^--discovered:"):
        check_order(
            {
                "aware_at": ams(2026, 11, 20, 8, 0),
                "discovered_at": ams(2026, 11, 22, 8, 0),
                "occurred_from": ams(2026, 11, 23, 8, 0),
            }
        )


def test_a_bare_number_is_an_id_of_the_year_given():
    from breach.records.incidents import normalise_ref

    assert normalise_ref("14", year=2026) == "DL-2026-014"
    with pytest.raises(InvalidInput):
        normalise_ref("14")


@pytest.mark.parametrize("text, expected", [("persons", "subjects"), ("Betrokkenen", "subjects"), ("klanten", "customers"), (" AP ", "ap")])
def test_obligations_in_the_words_people_use(text, expected):
    from breach.records.incidents import obligation_name

    assert obligation_name(text) == expected


@pytest.mark.parametrize("flag, field", [("--aware", "aware_at"), ("--discovered", "discovered_at")])
def test_awareness_and_discovery_before_the_avg_applied_are_refused(flag, field):
    with pytest.raises(InvalidInput, match=f"{flag}: 2018-05-24 is before 25 May 2018"):
        check_order({field: pendulum.datetime(2018, 5, 24, 23, 59, tz="Europe/Amsterdam")})
    check_order({field: pendulum.datetime(2018, 5, 25, 0, 0, tz="Europe/Amsterdam")})


def test_a_breach_may_have_begun_before_the_avg_applied():
    check_order({
        "occurred_from": pendulum.datetime(2015, 1, 1, tz="UTC"),
        "aware_at": pendulum.datetime(2026, 11, 23, 9, 0, tz="UTC"),
    })
