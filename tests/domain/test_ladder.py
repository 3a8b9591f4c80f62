"""The escalation ladder as pure functions: who is paged when nobody answers, and when it stops."""

from __future__ import annotations

import pendulum
import pytest

from breach.domain import deadlines, schedule
from breach.domain.ladder import Answer, Ladder, Page, climb, rung_of
from breach.domain.schedule import AckFact, Settings, Target
from breach.errors import ConfigError
from tests.domain.test_schedule import AMS, AWARE, Facts

LADDER = Ladder()
DPO, BACKUP, BOARD = Target("c1"), Target("c2", ("backup",)), Target("c3", ("management",))
EVERYONE = (DPO, BACKUP, BOARD)
T12 = AWARE.add(hours=60)  # the AP 12h step (high: climbs after 30 min)


def test_rungs_untagged_and_dpo_first_then_backup_then_management():
    assert rung_of((), LADDER) == 0 and rung_of(("dpo",), LADDER) == 0
    assert rung_of(("backup",), LADDER) == 1 and rung_of(("management", "backup"), LADDER) == 1
    assert rung_of(("management",), LADDER) == 2 and rung_of(("finance",), LADDER) is None


def page(step: str, channel: str, rung: int, at, obligation: str = "ap") -> Page:
    return Page(obligation, step, channel, rung, at)


def test_without_an_ack_the_step_climbs_after_each_wait_and_stops_at_the_top():
    assert climb("ap", "12h", 30, [0, 1, 2], [], [], T12).rung == 0
    pages = [page("12h", "c1", 0, T12)]
    assert climb("ap", "12h", 30, [0, 1, 2], pages, [], T12.add(minutes=29)).rung == 0
    at_30 = climb("ap", "12h", 30, [0, 1, 2], pages, [], T12.add(minutes=30))
    assert (at_30.rung, at_30.next_rung, at_30.next_at) == (1, 2, None)  # backup not paged yet: no clock for the next
    pages.append(page("12h", "c2", 1, T12.add(minutes=30)))
    waiting = climb("ap", "12h", 30, [0, 1, 2], pages, [], T12.add(minutes=45))
    assert (waiting.rung, waiting.next_at) == (1, T12.add(minutes=60))
    assert climb("ap", "12h", 30, [0, 1, 2], pages, [], T12.add(minutes=60)).rung == 2
    pages.append(page("12h", "c3", 2, T12.add(minutes=60)))
    top = climb("ap", "12h", 30, [0, 1, 2], pages, [], T12.add(hours=3))
    assert (top.rung, top.next_at, top.next_rung) == (2, None, None)


def test_an_empty_rung_is_skipped_and_a_wait_of_0_never_climbs():
    pages = [page("12h", "c1", 0, T12)]
    assert climb("ap", "12h", 30, [0, 2], pages, [], T12.add(minutes=30)).rung == 2
    assert climb("ap", "12h", 0, [0, 1, 2], pages, [], T12.add(hours=5)).rung == 0


def test_an_ack_freezes_the_climb_at_the_rungs_already_paged():
    pages = [page("12h", "c1", 0, T12), page("12h", "c2", 1, T12.add(minutes=30))]
    stopped = climb("ap", "12h", 30, [0, 1, 2], pages, [Answer(None, T12.add(minutes=34))], T12.add(hours=2))
    assert (stopped.rung, stopped.acked_at, stopped.next_at) == (1, T12.add(minutes=34), None)
    other_clock = climb("ap", "12h", 30, [0, 1, 2], pages, [Answer("customers", T12.add(minutes=34))], T12.add(hours=2))
    assert other_clock.rung == 2  # an ack of the customers clock does not answer the AP's


def test_a_rung_held_by_quiet_hours_does_not_climb_it_counts_from_when_it_was_paged():
    held_until = T12.add(hours=3)  # the dpo's channel was not paged before then
    assert climb("ap", "12h", 30, [0, 1, 2], [], [], held_until).rung == 0
    pages = [page("12h", "c1", 0, held_until)]
    assert climb("ap", "12h", 30, [0, 1, 2], pages, [], held_until.add(minutes=29)).rung == 0
    assert climb("ap", "12h", 30, [0, 1, 2], pages, [], held_until.add(minutes=30)).rung == 1


def test_an_unanswered_step_carries_its_rung_to_the_next_step_an_ack_resets_it():
    pages = [page("12h", "c1", 0, T12), page("12h", "c2", 1, T12.add(minutes=30)), page("12h", "c3", 2, T12.add(minutes=60))]
    t4 = T12.add(hours=8)
    carried = climb("ap", "4h", 30, [0, 1, 2], pages, [], t4)
    assert (carried.rung, carried.start) == (2, 2)  # T-4 pages all three at once
    answered = climb("ap", "4h", 30, [0, 1, 2], pages, [Answer("ap", T12.add(hours=2))], t4)
    assert (answered.rung, answered.start) == (0, 0)


def test_the_opened_alert_climbs_and_an_ack_of_any_clock_answers_it():
    pages = [page("opened", "c1", 0, AWARE, "opened")]
    assert climb("opened", "opened", 120, [0, 1, 2], pages, [], AWARE.add(hours=2)).rung == 1
    answered = climb("opened", "opened", 120, [0, 1, 2], pages, [Answer("ap", AWARE.add(minutes=5))], AWARE.add(hours=2))
    assert answered.rung == 0


def test_the_wait_is_elapsed_minutes_across_the_autumn_change():
    first = pendulum.datetime(2026, 10, 25, 0, 45, tz="UTC")  # 02:45 CEST
    pages = [page("12h", "c1", 0, first)]
    then = climb("ap", "12h", 30, [0, 1, 2], pages, [], first.add(minutes=29))
    assert then.rung == 0 and then.next_at.in_tz(AMS).format("HH:mm Z") == "02:15 +01:00"  # 02:15 CET, 30 min later


def wanted_at(facts, now, pages=(), acks=(), settings=None):
    states = deadlines.clock_states(facts, facts.notices, now)
    return schedule.wanted(facts, states, list(EVERYONE), settings or Settings(), now, AMS, acks=acks, pages=pages)


def test_wanted_follows_the_climb_and_marks_the_escalated_rungs():
    facts = Facts(customers_window_hours=0)
    first = [(w.target.key, w.escalated) for w in wanted_at(facts, T12) if w.step.obligation == "ap"]
    assert first == [("c1", False)]
    pages = [page("12h", "c1", 0, T12)]
    later = [w for w in wanted_at(facts, T12.add(minutes=30), pages) if w.step.obligation == "ap"]
    assert [(w.target.key, w.escalated, w.level, w.wait) for w in later] == [("c1", False, "high", 30), ("c2", True, "high", 30)]
    acked = wanted_at(facts, T12.add(minutes=30), pages, [AckFact("ap", T12.add(minutes=10))])
    assert [w.target.key for w in acked if w.step.obligation == "ap"] == ["c1"]


def test_the_deadline_still_reaches_management_at_once_by_its_tag():
    facts = Facts(customers_window_hours=0)
    at_deadline = [w.target.key for w in wanted_at(facts, AWARE.add(hours=72)) if w.step.obligation == "ap"]
    assert at_deadline == ["c1", "c3"]


def test_per_step_waits_and_the_ladder_are_configurable():
    settings = Settings.from_config({"reminders": {
        "ladder": {"rungs": ["fg", "directie"], "wait_minutes": {"high": 10}, "labels": {"directie": "Anna"}},
        "ap": {"wait_minutes": {"12h": 20}}, "opened_wait_minutes": 5,
    }})
    assert settings.ladder.rungs == ("fg", "directie") and settings.ladder.wait["high"] == 10
    assert settings.ladder.label(1, "nl") == "Anna" and settings.ladder.label(0, "nl") == "fg"
    assert Ladder().label(1, "nl") == "de vervanger" and Ladder().label(2, "en") == "management"
    assert {"fg", "directie"} <= settings.named_tags()
    step = schedule.Step("ap", "12h", "before", T12, 12)
    assert schedule.wait_of(step, "high", settings) == 20
    assert schedule.wait_of(schedule.Step("ap", "4h", "before", T12, 4), "high", settings) == 10
    assert schedule.wait_of(schedule.Step("opened", "opened", "opened", AWARE), "ordinary", settings) == 5


@pytest.mark.parametrize(("section", "message"), [
    ({"rungs": []}, "rungs must be 1 to 5 different tags"),
    ({"rungs": ["a", "a"]}, "rungs must be 1 to 5 different tags"),
    ({"wait_minutes": {"soon": 3}}, "'soon' in wait_minutes is not a level"),
    ({"wait_minutes": {"high": 2000}}, "wait_minutes.high must be whole minutes, 0"),
    ({"climb": 1}, "unknown key 'climb'"),
])
def test_a_wrong_ladder_is_refused_naming_the_key(section, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_config({"reminders": {"ladder": section}})


def test_an_ack_given_after_the_step_fell_due_but_before_it_went_out_answers_it():
    pages = [page("opened", "c1", 0, AWARE.add(hours=3), "opened")]  # held by quiet hours until then
    answers = [Answer(None, AWARE.add(minutes=1))]
    assert climb("opened", "opened", 120, [0, 1, 2], pages, answers, AWARE.add(hours=6), since=AWARE).rung == 0
    assert climb("opened", "opened", 120, [0, 1, 2], pages, answers, AWARE.add(hours=6)).rung == 1  # without `since`


def test_a_signal_pages_the_lowest_staffed_rung_then_climbs_after_the_high_wait():
    from breach.domain.ladder import Ladder, signal_rung

    ladder, start = Ladder(), pendulum.datetime(2026, 11, 23, 23, 10, tz="Europe/Amsterdam")
    assert signal_rung(None, None, start, {0, 2}, ladder) == 0
    assert signal_rung(None, None, start, {2}, ladder) == 2  # no officer's channel: the first staffed rung
    assert signal_rung(0, start, start.add(minutes=29), {0, 2}, ladder) is None
    assert signal_rung(0, start, start.add(minutes=30), {0, 2}, ladder) == 2  # the empty backup rung is skipped
    assert signal_rung(2, start, start.add(hours=5), {0, 2}, ladder) is None  # the top: nowhere higher
    assert signal_rung(None, None, start, set(), ladder) is None
