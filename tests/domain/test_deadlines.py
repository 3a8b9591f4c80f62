"""breach.domain.deadlines: the legal clocks as pure functions of facts, notices and now.

Expected deadlines are worked out by hand as elapsed hours: Europe/Amsterdam is +01:00 in winter
and +02:00 in summer; in 2026 the clocks jump forward on Sunday 29 March and back on Sunday
25 October, so 72 hours across either change show one hour different on the wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pendulum
import pytest

from breach.domain import deadlines
from breach.domain.clock import format_local
from breach.domain.deadlines import (
    LATE,
    MET,
    NOT_APPLICABLE,
    OPEN,
    OVERDUE,
    UNDECIDED,
    clock_state,
    clock_states,
    deadline,
    deadline_1182,
    is_late,
    next_deadline,
)

AMS = "Europe/Amsterdam"
HOUR = 3600


@dataclass(frozen=True)
class Facts:
    role: str = "controller"
    aware_at: datetime = pendulum.datetime(2026, 11, 23, 9, 0, tz=AMS)
    ap_window_hours: int = 72
    customers_window_hours: int = 24
    high_risk: bool | None = None


@dataclass(frozen=True)
class Notice:
    obligation: str
    at: datetime
    deadline_at: datetime | None
    late: bool


def ams(*args) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=AMS)


def facts(**kwargs) -> Facts:
    return Facts(**kwargs)


# --- the AP deadline: awareness + 72 elapsed hours ------------------------------------------

def test_ap_deadline_is_72_hours_after_awareness():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    assert deadline("ap", f) == ams(2026, 11, 26, 9, 0)


def test_ap_deadline_across_the_spring_change_is_one_wall_hour_later():
    # Fri 27 March 10:00 +01:00 (09:00 UTC) + 72 h = Mon 30 March 09:00 UTC = 11:00 +02:00.
    f = facts(aware_at=ams(2026, 3, 27, 10, 0))
    due = deadline("ap", f)
    assert due == pendulum.datetime(2026, 3, 30, 9, 0, tz="UTC")
    assert due == ams(2026, 3, 30, 11, 0)
    assert format_local(due, AMS) == "Mon 2026-03-30 11:00 +02:00"
    assert (due - pendulum.instance(f.aware_at)).total_seconds() == 72 * HOUR


def test_ap_deadline_across_the_autumn_change_is_one_wall_hour_earlier():
    # Fri 23 October 10:00 +02:00 (08:00 UTC) + 72 h = Mon 26 October 08:00 UTC = 09:00 +01:00.
    f = facts(aware_at=ams(2026, 10, 23, 10, 0))
    due = deadline("ap", f)
    assert due == pendulum.datetime(2026, 10, 26, 8, 0, tz="UTC")
    assert format_local(due, AMS) == "Mon 2026-10-26 09:00 +01:00"
    assert (due - pendulum.instance(f.aware_at)).total_seconds() == 72 * HOUR


def test_ap_deadline_passes_a_leap_day():
    # 27 Feb 2028 12:00 + 72 h: 28 Feb, 29 Feb, then 1 March 12:00.
    f = facts(aware_at=ams(2028, 2, 27, 12, 0))
    due = deadline("ap", f)
    assert due == ams(2028, 3, 1, 12, 0)
    assert format_local(due, AMS) == "Wed 2028-03-01 12:00 +01:00"


def test_ap_deadline_in_a_common_year_reaches_2_march():
    f = facts(aware_at=ams(2027, 2, 27, 12, 0))
    assert deadline("ap", f) == ams(2027, 3, 2, 12, 0)


def test_ap_deadline_crosses_the_year_boundary():
    f = facts(aware_at=ams(2026, 12, 30, 20, 0))
    due = deadline("ap", f)
    assert due == ams(2027, 1, 2, 20, 0)
    assert format_local(due, AMS) == "Sat 2027-01-02 20:00 +01:00"


def test_the_deadline_is_kept_in_utc():
    due = deadline("ap", facts(aware_at=ams(2026, 3, 27, 10, 0)))
    assert due.utcoffset() == timedelta(0)


def test_awareness_as_a_stdlib_datetime():
    f = facts(aware_at=datetime(2026, 3, 27, 9, 0, tzinfo=UTC))
    assert deadline("ap", f) == ams(2026, 3, 30, 11, 0)


def test_a_configured_ap_window_is_used():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0), ap_window_hours=48)
    assert deadline("ap", f) == ams(2026, 11, 25, 9, 0)
    assert "48 hours" in deadlines.basis("ap", f)


# --- the customers clock --------------------------------------------------------------------

def test_customers_deadline_is_the_contract_window():
    aware = ams(2026, 11, 23, 9, 0)
    assert deadline("customers", facts(aware_at=aware)) == ams(2026, 11, 24, 9, 0)
    assert deadline("customers", facts(aware_at=aware, customers_window_hours=6)) == ams(2026, 11, 23, 15, 0)


def test_customers_window_counts_elapsed_hours_across_the_spring_change():
    # Sat 28 March 12:00 +01:00 (11:00 UTC) + 24 h = Sun 29 March 11:00 UTC = 13:00 +02:00.
    f = facts(aware_at=ams(2026, 3, 28, 12, 0))
    assert deadline("customers", f) == ams(2026, 3, 29, 13, 0)


def test_customers_window_states_its_basis():
    state = clock_state("customers", facts(customers_window_hours=6), [], ams(2026, 11, 23, 10, 0))
    assert state.status == OPEN
    assert state.deadline == ams(2026, 11, 23, 15, 0)
    assert "6 hours" in state.basis


def test_customers_window_zero_is_not_applicable():
    f = facts(customers_window_hours=0)
    assert deadline("customers", f) is None
    state = clock_state("customers", f, [], ams(2030, 1, 1, 0, 0))
    assert state.status == NOT_APPLICABLE
    assert state.deadline is None
    assert state.basis == "no customer notification window agreed"


# --- a processor ----------------------------------------------------------------------------

def test_processor_has_no_ap_clock_and_is_pointed_at_the_customers_clock():
    f = facts(role="processor", aware_at=ams(2026, 11, 23, 9, 0))
    assert deadline("ap", f) is None
    assert deadline_1182(f) is None
    state = clock_state("ap", f, [], ams(2026, 12, 31, 0, 0))
    assert state.status == NOT_APPLICABLE
    assert state.deadline is None
    assert "customers clock" in state.basis
    # The processor's own clock does run.
    customers = clock_state("customers", f, [], ams(2026, 11, 23, 10, 0))
    assert (customers.status, customers.deadline) == (OPEN, ams(2026, 11, 24, 9, 0))


# --- the subjects clock ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "high_risk, status",
    [(None, UNDECIDED), (True, OPEN), (False, NOT_APPLICABLE)],
)
def test_subjects_never_get_a_deadline(high_risk, status):
    f = facts(high_risk=high_risk)
    assert deadline("subjects", f) is None
    # Even years later it is never overdue: the law gives no hours.
    state = clock_state("subjects", f, [], ams(2030, 1, 1, 0, 0))
    assert state.status == status
    assert state.deadline is None
    assert state.seconds_left(ams(2030, 1, 1, 0, 0)) is None
    assert "art. 34" in state.basis


# --- open and overdue -----------------------------------------------------------------------

def test_open_until_and_including_the_deadline_then_overdue():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    due = ams(2026, 11, 26, 9, 0)
    at_deadline = clock_state("ap", f, [], due)
    assert at_deadline.status == OPEN
    assert at_deadline.seconds_left(due) == 0
    one_second_later = due.add(seconds=1)
    after = clock_state("ap", f, [], one_second_later)
    assert after.status == OVERDUE
    assert after.deadline == due
    assert after.seconds_left(one_second_later) == -1


def test_seconds_left_at_awareness_is_the_whole_window():
    f = facts(aware_at=ams(2026, 3, 27, 10, 0))
    state = clock_state("ap", f, [], f.aware_at)
    assert state.status == OPEN
    assert state.seconds_left(f.aware_at) == 72 * HOUR
    assert state.since == f.aware_at
    assert state.done_at is None


def test_customers_overdue_while_ap_still_open():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    now = ams(2026, 11, 24, 9, 0, 1)
    states = clock_states(f, [], now)
    assert set(states) == {"ap", "customers", "subjects"}
    assert states["customers"].status == OVERDUE
    assert states["ap"].status == OPEN
    assert states["subjects"].status == UNDECIDED


# --- met and late, frozen from the first notice ---------------------------------------------

def _first_notice(f: Facts, obligation: str, at: pendulum.DateTime) -> Notice:
    """A notice as record_notice makes it: the deadline and lateness as they stood at that moment."""
    due, late = is_late(obligation, f, at)
    return Notice(obligation, at, due, late)


def test_a_notice_in_time_is_met():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    notice = _first_notice(f, "ap", ams(2026, 11, 26, 8, 0))
    assert notice.late is False
    state = clock_state("ap", f, [notice], ams(2026, 12, 31, 0, 0))
    assert state.status == MET
    assert state.deadline == ams(2026, 11, 26, 9, 0)
    assert state.done_at == ams(2026, 11, 26, 8, 0)


def test_met_stays_met_when_awareness_is_later_moved_earlier():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    notice = _first_notice(f, "ap", ams(2026, 11, 26, 8, 0))
    corrected = replace(f, aware_at=ams(2026, 11, 20, 9, 0))  # now the notice would have been late
    assert is_late("ap", corrected, notice.at)[1] is True
    state = clock_state("ap", corrected, [notice], ams(2026, 12, 31, 0, 0))
    assert state.status == MET
    assert state.deadline == ams(2026, 11, 26, 9, 0)  # the deadline frozen on the notice
    assert state.since == ams(2026, 11, 20, 9, 0)  # the timeline does follow the correction


def test_late_stays_late_when_awareness_is_later_moved_later():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    notice = _first_notice(f, "ap", ams(2026, 11, 27, 9, 0))
    assert notice.late is True
    corrected = replace(f, aware_at=ams(2026, 11, 25, 9, 0))
    state = clock_state("ap", corrected, [notice], ams(2026, 12, 31, 0, 0))
    assert state.status == LATE
    assert state.deadline == ams(2026, 11, 26, 9, 0)
    assert state.done_at == ams(2026, 11, 27, 9, 0)


def test_the_first_notice_by_time_decides_not_the_order_given():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    first = Notice("ap", ams(2026, 11, 25, 9, 0), ams(2026, 11, 26, 9, 0), False)
    followup = Notice("ap", ams(2026, 11, 30, 9, 0), ams(2026, 11, 29, 9, 0), True)
    state = clock_state("ap", f, [followup, first], ams(2026, 12, 31, 0, 0))
    assert state.status == MET
    assert state.done_at == ams(2026, 11, 25, 9, 0)
    assert state.deadline == ams(2026, 11, 26, 9, 0)


def test_notices_of_another_obligation_do_not_count():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    customers = _first_notice(f, "customers", ams(2026, 11, 23, 10, 0))
    states = clock_states(f, [customers], ams(2026, 11, 27, 0, 0))
    assert states["customers"].status == MET
    assert states["ap"].status == OVERDUE


def test_a_subjects_notice_is_met_without_a_deadline():
    f = facts(high_risk=True)
    notice = _first_notice(f, "subjects", ams(2026, 12, 20, 9, 0))
    assert (notice.deadline_at, notice.late) == (None, False)
    state = clock_state("subjects", f, [notice], ams(2026, 12, 31, 0, 0))
    assert (state.status, state.deadline, state.done_at) == (MET, None, ams(2026, 12, 20, 9, 0))


def test_a_notice_counts_even_where_the_clock_no_longer_applies():
    # Notified the subjects, then decided the risk is not high: the notice still stands.
    f = facts(high_risk=False)
    notice = Notice("subjects", ams(2026, 11, 24, 9, 0), None, False)
    assert clock_state("subjects", f, [notice], ams(2026, 12, 1, 0, 0)).status == MET


# --- is_late --------------------------------------------------------------------------------

def test_is_late_at_and_just_after_the_deadline():
    f = facts(aware_at=ams(2026, 3, 27, 10, 0))
    due = ams(2026, 3, 30, 11, 0)
    assert is_late("ap", f, due) == (due, False)
    assert is_late("ap", f, due.add(seconds=1)) == (due, True)
    assert is_late("ap", f, f.aware_at) == (due, False)


def test_is_late_accepts_a_stdlib_datetime():
    f = facts(aware_at=ams(2026, 3, 27, 10, 0))
    at = datetime(2026, 3, 30, 9, 0, 1, tzinfo=UTC)  # one second after 11:00 +02:00
    assert is_late("ap", f, at) == (ams(2026, 3, 30, 11, 0), True)


@pytest.mark.parametrize(
    "obligation, f",
    [
        ("subjects", Facts(high_risk=True)),
        ("ap", Facts(role="processor")),
        ("customers", Facts(customers_window_hours=0)),
    ],
)
def test_is_late_without_a_deadline_is_never_late(obligation, f):
    assert is_late(obligation, f, ams(2031, 1, 1, 0, 0)) == (None, False)


# --- Regulation 1182/71: the period starts at the next full hour ----------------------------

def test_deadline_1182_starts_at_the_next_full_hour():
    # Aware 10:20 -> the period starts at 11:00 -> 72 h later is 11:00 three days on.
    f = facts(aware_at=ams(2026, 11, 23, 10, 20))
    assert deadline_1182(f) == ams(2026, 11, 26, 11, 0)
    assert deadline("ap", f) == ams(2026, 11, 26, 10, 20)


def test_deadline_1182_one_second_past_the_hour_also_waits_for_the_next():
    f = facts(aware_at=ams(2026, 11, 23, 10, 0, 1))
    assert deadline_1182(f) == ams(2026, 11, 26, 11, 0)


def test_deadline_1182_on_the_hour_equals_the_conservative_deadline():
    f = facts(aware_at=ams(2026, 11, 23, 10, 0))
    assert deadline_1182(f) == ams(2026, 11, 26, 10, 0)
    assert deadline_1182(f) == deadline("ap", f)


def test_deadline_1182_across_the_spring_change():
    # 10:20 +01:00 -> starts 11:00 +01:00 (10:00 UTC) -> +72 h = 30 March 10:00 UTC = 12:00 +02:00.
    f = facts(aware_at=ams(2026, 3, 27, 10, 20))
    assert deadline_1182(f) == ams(2026, 3, 30, 12, 0)


# --- next_deadline --------------------------------------------------------------------------

def test_next_deadline_is_the_nearest_open_one():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    states = clock_states(f, [], ams(2026, 11, 23, 10, 0))
    assert next_deadline(states) == ams(2026, 11, 24, 9, 0)  # customers before ap


def test_next_deadline_skips_met_clocks():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    customers = _first_notice(f, "customers", ams(2026, 11, 23, 12, 0))
    states = clock_states(f, [customers], ams(2026, 11, 23, 13, 0))
    assert next_deadline(states) == ams(2026, 11, 26, 9, 0)


def test_next_deadline_includes_overdue_clocks():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0))
    states = clock_states(f, [], ams(2026, 11, 30, 0, 0))
    assert states["customers"].status == states["ap"].status == OVERDUE
    assert next_deadline(states) == ams(2026, 11, 24, 9, 0)


def test_next_deadline_is_none_when_nothing_is_pending():
    f = facts(aware_at=ams(2026, 11, 23, 9, 0), high_risk=True)
    met = [
        _first_notice(f, "ap", ams(2026, 11, 24, 9, 0)),
        _first_notice(f, "customers", ams(2026, 11, 23, 12, 0)),
    ]
    states = clock_states(f, met, ams(2026, 11, 30, 0, 0))
    assert states["subjects"].status == OPEN  # open, but without hours it is not a deadline
    assert next_deadline(states) is None


def test_next_deadline_of_a_processor_without_a_window_is_none():
    f = facts(role="processor", customers_window_hours=0)
    assert next_deadline(clock_states(f, [], ams(2026, 11, 23, 10, 0))) is None


# --- a processor: art. 33(2) binds it, art. 34 does not -------------------------------------

def test_processor_without_agreed_hours_still_owes_the_controller_a_notice():
    f = facts(role="processor", customers_window_hours=0)
    state = clock_state("customers", f, [], ams(2026, 11, 30, 0, 0))
    assert (state.status, state.deadline) == (OPEN, None)
    assert "art. 33 lid 2" in state.basis


@pytest.mark.parametrize("high_risk", [None, True, False])
def test_processor_never_owes_the_persons_a_notice(high_risk):
    f = facts(role="processor", high_risk=high_risk)
    state = clock_state("subjects", f, [], ams(2026, 11, 23, 10, 0))
    assert state.status == NOT_APPLICABLE
    assert "controller" in state.basis


def test_controller_customers_basis_is_the_agreement_not_art_33_2():
    state = clock_state("customers", facts(customers_window_hours=6), [], ams(2026, 11, 23, 10, 0))
    assert "art. 33" not in state.basis and "6 hours" in state.basis


# --- recorded decisions (`breach decide`) ---------------------------------------------------

def test_a_decision_not_to_notify_the_ap_lifts_the_ap_clock():
    state = clock_state("ap", facts(), [], ams(2026, 11, 30, 9, 0), {"ap": False})
    assert (state.status, state.deadline) == (NOT_APPLICABLE, None)
    assert "decided not to notify" in state.basis


def test_a_decision_to_notify_the_ap_keeps_the_72_hours():
    state = clock_state("ap", facts(), [], ams(2026, 11, 23, 10, 0), {"ap": True})
    assert (state.status, state.deadline) == (OPEN, ams(2026, 11, 26, 9, 0))


@pytest.mark.parametrize(
    "high_risk, decided, status",
    [(None, True, OPEN), (False, True, OPEN), (True, False, NOT_APPLICABLE), (None, False, NOT_APPLICABLE)],
)
def test_the_subjects_decision_overrides_the_interim_high_risk_fact(high_risk, decided, status):
    state = clock_state("subjects", facts(high_risk=high_risk), [], ams(2026, 11, 24, 9, 0), {"subjects": decided})
    assert state.status == status
    assert state.deadline is None


def test_a_notice_made_before_a_no_decision_still_counts():
    notice = Notice("ap", ams(2026, 11, 24, 9, 0), ams(2026, 11, 26, 9, 0), False)
    state = clock_state("ap", facts(), [notice], ams(2026, 11, 30, 9, 0), {"ap": False})
    assert state.status == MET


def test_a_processor_never_owes_the_persons_a_notice_whatever_is_decided():
    state = clock_state("subjects", facts(role="processor"), [], ams(2026, 11, 24, 9, 0), {"subjects": True})
    assert state.status == NOT_APPLICABLE


# ---------------------------------------------------------------- a processor's breach with many controllers


@dataclass(frozen=True)
class ToController:
    obligation: str
    at: datetime
    deadline_at: datetime | None
    late: bool
    controller_id: int | None


def told(controller_id: int | None, at: datetime, *, late: bool = False) -> ToController:
    return ToController("customers", at, PROCESSOR.aware_at + timedelta(hours=24), late, controller_id)


PROCESSOR = Facts(role="processor")


def test_each_controller_has_its_own_customers_clock_from_the_breachs_awareness():
    notices = [told(2, PROCESSOR.aware_at + timedelta(hours=3)), told(2, PROCESSOR.aware_at + timedelta(hours=30))]
    now = PROCESSOR.aware_at + timedelta(hours=26)
    clocks = deadlines.controller_clocks(PROCESSOR, [1, 2, 3], notices, now)
    assert [clocks[n].status for n in (1, 2, 3)] == [OVERDUE, MET, OVERDUE]
    assert {clocks[n].deadline for n in (1, 3)} == {pendulum.datetime(2026, 11, 24, 9, 0, tz=AMS)}
    assert clocks[2].done_at == PROCESSOR.aware_at + timedelta(hours=3)  # the first notice counts, not the follow-up


def test_the_breachs_customers_clock_is_done_only_when_every_controller_is_told():
    now = PROCESSOR.aware_at + timedelta(hours=2)
    first, second = PROCESSOR.aware_at + timedelta(hours=1), PROCESSOR.aware_at + timedelta(hours=2)
    running = clock_state("customers", PROCESSOR, [told(1, first), told(1, second)], now, controllers=2)
    assert (running.status, running.told, running.of, running.done_at) == (OPEN, 1, 2, None)
    done = clock_state("customers", PROCESSOR, [told(1, first), told(2, second, late=True)], now, controllers=2)
    assert (done.status, done.told, done.done_at) == (LATE, 2, second)
    assert clock_state("customers", PROCESSOR, [told(1, first), told(2, second)], now, controllers=2).status == MET


def test_a_notice_that_names_no_controller_counts_for_none_of_them():
    now = PROCESSOR.aware_at + timedelta(hours=25)
    state = clock_states(PROCESSOR, [told(None, PROCESSOR.aware_at)], now, controllers=3)["customers"]
    assert (state.status, state.told, state.of) == (OVERDUE, 0, 3)
    assert clock_states(PROCESSOR, [told(None, PROCESSOR.aware_at)], now)["customers"].status == MET
    assert next_deadline(clock_states(PROCESSOR, [], now, controllers=3)) == PROCESSOR.aware_at + timedelta(hours=24)
