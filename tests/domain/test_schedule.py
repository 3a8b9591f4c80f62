"""The reminder schedule as pure functions of clocks, settings and now: no store, no network."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pendulum
import pytest

from breach.domain import deadlines, schedule
from breach.domain.schedule import AckFact, Paged, Settings, Target
from breach.errors import ConfigError

AMS = "Europe/Amsterdam"
AWARE = pendulum.datetime(2026, 11, 23, 9, 0, tz=AMS)  # AP deadline Thu 26 Nov 09:00, customers Tue 24 Nov 09:00


@dataclass
class Facts:
    role: str = "controller"
    aware_at: datetime = AWARE
    ap_window_hours: int = 72
    customers_window_hours: int = 24
    high_risk: bool | None = None
    status: str = "open"
    created_at: datetime = AWARE
    ref: str = "DL-2026-001"
    id: int = 1
    title: str = "Laptop gestolen"
    persons_min: int | None = None
    persons_max: int | None = None
    notices: list = field(default_factory=list)


def at(hours: float, minutes: int = 0) -> pendulum.DateTime:
    return AWARE.add(hours=int(hours), minutes=minutes)


def current(facts: Facts, now, obligation: str, settings: Settings | None = None):
    settings = settings or Settings()
    states = deadlines.clock_states(facts, facts.notices, now)
    return schedule.current_step(states[obligation], settings.plans[obligation], now)


ONE_CHANNEL = (Target("c1"),)


def wanted(facts: Facts, now, targets=ONE_CHANNEL, settings: Settings | None = None, **kwargs):
    states = deadlines.clock_states(facts, facts.notices, now)
    return schedule.wanted(facts, states, list(targets), settings or Settings(), now, AMS, **kwargs)


def names(items) -> list[tuple[str, str]]:
    return sorted((w.step.obligation, w.step.name) for w in items)


def test_the_default_ap_steps_fall_due_48_24_12_4_1_hours_before_at_the_deadline_and_every_4_hours_after():
    facts = Facts(customers_window_hours=0)
    states = deadlines.clock_states(facts, [], AWARE)
    steps = list(schedule.clock_steps(states["ap"], Settings().plans["ap"], AWARE, at(72 + 9)))
    deadline = AWARE.add(hours=72)
    assert [(s.name, s.due) for s in steps] == [
        ("48h", deadline.subtract(hours=48)),
        ("24h", deadline.subtract(hours=24)),
        ("12h", deadline.subtract(hours=12)),
        ("4h", deadline.subtract(hours=4)),
        ("1h", deadline.subtract(hours=1)),
        ("deadline", deadline),
        ("overdue-1", deadline.add(hours=4)),
        ("overdue-2", deadline.add(hours=8)),
    ]


def test_the_default_customer_steps_are_12_4_1_hours_before_and_the_deadline():
    states = deadlines.clock_states(Facts(), [], AWARE)
    steps = list(schedule.clock_steps(states["customers"], Settings().plans["customers"], AWARE, at(24)))
    assert [s.name for s in steps] == ["12h", "4h", "1h", "deadline"]


def test_before_the_first_step_nothing_of_a_clock_is_due():
    assert current(Facts(), at(1), "ap") is None


def test_only_the_most_recent_missed_step_is_wanted_not_a_burst():
    # 61 hours in: 48h (due at 24), 24h (at 48) and 12h (at 60) were all missed; only 12h is wanted.
    step = current(Facts(), at(61), "ap")
    assert (step.name, step.due) == ("12h", AWARE.add(hours=60))


def test_overdue_repeats_are_numbered_from_the_deadline():
    step = current(Facts(), at(72 + 9), "ap")
    assert step.name == "overdue-2" and step.due == AWARE.add(hours=80)


def test_a_met_clock_wants_nothing():
    facts = Facts()
    facts.notices = [_notice("ap", at(70))]
    assert current(facts, at(71), "ap") is None
    assert ("ap", "1h") not in names(wanted(facts, at(71)))


def _notice(obligation, when):
    @dataclass
    class Notice:
        obligation: str
        at: datetime
        deadline_at: datetime | None
        late: bool

    return Notice(obligation, when, AWARE.add(hours=72), False)


def test_the_persons_clock_without_hours_reminds_daily_from_awareness_while_open():
    facts = Facts(high_risk=True)
    assert current(facts, at(0, 1), "subjects").name == "day-0"
    assert current(facts, at(49), "subjects").name == "day-2"
    assert current(Facts(high_risk=None), at(49), "subjects") is None  # undecided: no reminder


def test_a_closed_breach_wants_nothing():
    assert wanted(Facts(status="closed"), at(61)) == []


def test_the_opened_alert_is_wanted_from_the_moment_the_breach_was_recorded():
    assert names(wanted(Facts(), at(0, 1))) == [("opened", "opened")]


def test_untagged_channels_get_everything_and_tagged_ones_only_steps_naming_their_tag():
    everyone, management = Target("c1"), Target("c2", ("management",))
    early = wanted(Facts(customers_window_hours=0), at(61), targets=(everyone, management))
    assert {(w.step.name, w.target.key) for w in early if w.step.obligation == "ap"} == {("12h", "c1")}
    late = wanted(Facts(customers_window_hours=0), at(72), targets=(everyone, management))
    assert {(w.step.name, w.target.key) for w in late if w.step.obligation == "ap"} == {("deadline", "c1"), ("deadline", "c2")}
    unclimbed = wanted(Facts(customers_window_hours=0), at(69), targets=(everyone, management))
    assert {(w.step.name, w.target.key) for w in unclimbed if w.step.obligation == "ap"} == {("4h", "c1")}  # until nobody answers


def test_quiet_hours_hold_early_steps_and_release_them_when_they_end():
    settings = Settings.from_config({"reminders": {"quiet_hours": {"*": "22:00-07:00"}}})
    facts = Facts(customers_window_hours=0)
    night = AWARE.add(hours=39)  # Wed 00:00, 33 h before the AP deadline: the 48h step is current
    held = [w for w in wanted(facts, night, settings=settings) if w.step.obligation == "ap"]
    assert [(w.step.name, w.held) for w in held] == [("48h", True)]
    morning = pendulum.datetime(2026, 11, 25, 7, 0, tz=AMS)
    released = [w for w in wanted(facts, morning, settings=settings) if w.step.obligation == "ap"]
    assert [(w.step.name, w.held) for w in released] == [("48h", False)]


def test_quiet_hours_never_hold_the_last_12_hours_of_a_clock_nor_after_it():
    settings = Settings.from_config({"reminders": {"quiet_hours": {"*": "20:00-08:00"}}})
    facts = Facts(aware_at=pendulum.datetime(2026, 11, 20, 11, 0, tz=AMS), created_at=AWARE, customers_window_hours=0)
    # AP deadline Mon 23 Nov 11:00. At 23:00 the evening before 12 h are left: not held.
    evening = pendulum.datetime(2026, 11, 22, 23, 0, tz=AMS)
    ap = [w for w in wanted(facts, evening, settings=settings) if w.step.obligation == "ap"]
    assert [(w.step.name, w.held) for w in ap] == [("12h", False)]
    # At 22:59 12 h 01 m are left: the same step waits.
    before = [w for w in wanted(facts, evening.subtract(minutes=1), settings=settings) if w.step.obligation == "ap"]
    assert [(w.step.name, w.held) for w in before] == [("24h", True)]
    night_after = pendulum.datetime(2026, 11, 24, 2, 0, tz=AMS)
    overdue = [w for w in wanted(facts, night_after, settings=settings) if w.step.obligation == "ap"]
    assert [(w.step.name, w.held) for w in overdue] == [("overdue-3", False)]


def test_quiet_hours_are_per_tag():
    settings = Settings.from_config({"reminders": {"quiet_hours": {"management": "22:00-07:00"}}})
    night = pendulum.datetime(2026, 11, 24, 23, 30, tz=AMS)
    assert schedule.quiet(Target("c2", ("management",)), settings, night, AMS)
    assert not schedule.quiet(Target("c1"), settings, night, AMS)
    assert not schedule.quiet(Target("c2", ("management",)), settings, night.add(hours=8), AMS)


def test_an_ack_stops_repeats_of_the_current_step_for_channels_already_paged_only():
    facts = Facts(customers_window_hours=0)
    deadline = AWARE.add(hours=72)
    paged = [Paged("ap", "overdue", "c1", deadline.add(hours=4))]
    acks = [AckFact(None, deadline.add(hours=5))]
    later = deadline.add(hours=8, minutes=1)  # overdue-2 is current
    got = wanted(facts, later, targets=(Target("c1"), Target("c3")), acks=acks, paged=paged)
    assert {(w.step.name, w.target.key) for w in got if w.step.obligation == "ap"} == {("overdue-2", "c3")}


def test_an_ack_never_stops_the_deadline_alarm_the_first_overdue_alarm_or_later_steps():
    facts = Facts(customers_window_hours=0)
    deadline = AWARE.add(hours=72)
    acks = [AckFact("ap", deadline.subtract(hours=3))]
    paged = [Paged("ap", "before", "c1", deadline.subtract(hours=4))]
    for moment, step in ((deadline.subtract(minutes=59), "1h"), (deadline, "deadline"), (deadline.add(hours=4), "overdue-1")):
        got = wanted(facts, moment, acks=acks, paged=paged)
        assert [w.step.name for w in got if w.step.obligation == "ap"] == [step]


def test_an_ack_for_another_clock_does_not_silence_this_one():
    deadline = AWARE.add(hours=72)
    facts = Facts(customers_window_hours=0)
    paged = [Paged("ap", "overdue", "c1", deadline.add(hours=4))]
    got = wanted(facts, deadline.add(hours=8), acks=[AckFact("subjects", deadline.add(hours=5))], paged=paged)
    assert [w.step.name for w in got if w.step.obligation == "ap"] == ["overdue-2"]


def test_upcoming_lists_every_step_in_a_window_in_order():
    facts = Facts(customers_window_hours=0)
    states = deadlines.clock_states(facts, [], at(60))
    steps, more = schedule.upcoming(facts, states, Settings(), at(60), at(73))
    assert [(s.obligation, s.name) for s in steps] == [
        ("ap", "4h"), ("ap", "1h"), ("ap", "deadline"),
    ]
    assert more == []


def test_upcoming_lists_a_few_repeats_per_clock_then_says_they_go_on():
    facts = Facts(customers_window_hours=0)
    states = deadlines.clock_states(facts, [], at(73))
    steps, more = schedule.upcoming(facts, states, Settings(), at(73), at(73 + 24 * 1000))
    assert [s.name for s in steps] == ["overdue-1", "overdue-2", "overdue-3"]
    assert more == [schedule.Continues("ap", 4)]


def test_the_current_step_of_a_clock_aware_in_1900_is_computed_not_counted_up_to(monkeypatch):
    facts = Facts(aware_at=pendulum.datetime(1900, 1, 1, tz="UTC"), customers_window_hours=0)
    now = pendulum.datetime(2026, 11, 23, 12, tz="UTC")
    made = []
    real_make = schedule._make
    monkeypatch.setattr(schedule, "_make", lambda *args: made.append(args) or real_make(*args))
    step = current(facts, now, "ap")
    deadline = facts.aware_at.add(hours=72)
    repeats = int((now - deadline).total_seconds() // (4 * 3600))
    assert step.name == f"overdue-{repeats}" and step.due == deadline.add(hours=4 * repeats)
    assert len(made) <= 10  # the one-off steps and the last repeat, not every repeat since 1900


def test_settings_from_config_override_a_clock_and_its_escalation_tags():
    settings = Settings.from_config({"reminders": {
        "customers": {"before": [2], "repeat_hours": 1, "tags": {"deadline": ["board"]}},
        "retry_minutes": [1, 2],
    }})
    plan = settings.plans["customers"]
    assert plan.before == (2,) and plan.repeat_hours == 1 and plan.tags == {"deadline": ("board",)}
    assert settings.retry_minutes == (1, 2)
    assert "board" in settings.named_tags() and "management" in settings.named_tags()  # ap keeps its defaults


@pytest.mark.parametrize(
    ("section", "named"),
    [
        ({"bogus": 1}, "unknown key 'bogus'"),
        ({"quiet_hours": {"*": "22-7"}}, "'22-7' is not a quiet window"),
        ({"ap": {"before": ["48"]}}, "before must be a list of whole hours"),
        ({"ap": {"repeat_hours": 0}}, "repeat_hours must be whole hours"),
        ({"ap": {"tags": {"soon": ["x"]}}}, "'soon' in tags is not a step"),
        ({"retry_minutes": "5"}, "retry_minutes must be a list"),
        ({"opened_tags": "management"}, "opened_tags must be a list"),
    ],
)
def test_a_wrong_reminder_setting_is_refused_naming_it(section, named):
    with pytest.raises(ConfigError, match=named):
        Settings.from_config({"reminders": section})


# ---------------------------------------------------------------- urgency


def level_at(facts: Facts, now, obligation: str, settings: Settings | None = None) -> tuple[str, str]:
    settings = settings or Settings()
    states = deadlines.clock_states(facts, facts.notices, now)
    step = schedule.current_step(states[obligation], settings.plans[obligation], now) if obligation != "opened" \
        else schedule.opened_step(facts, settings)
    return step.name, schedule.level(step, states, settings, now)


def test_the_level_rises_towards_the_deadline():
    facts = Facts(customers_window_hours=0)
    deadline = AWARE.add(hours=72)
    expected = [(48, "48h", "ordinary"), (24, "24h", "ordinary"), (12, "12h", "high"), (4, "4h", "high"), (1, "1h", "urgent")]
    for hours, name, level in expected:
        assert level_at(facts, deadline.subtract(hours=hours), "ap") == (name, level)
    assert level_at(facts, deadline, "ap") == ("deadline", "urgent")
    assert level_at(facts, deadline.add(hours=8), "ap") == ("overdue-2", "urgent")
    assert level_at(facts, AWARE, "opened") == ("opened", "ordinary")
    assert level_at(Facts(high_risk=True, customers_window_hours=0), AWARE.add(hours=25), "subjects") == ("day-1", "ordinary")


def test_a_step_sent_late_is_as_loud_as_the_time_left_and_urgency_overrides_a_steps_own_level():
    facts = Facts(customers_window_hours=0)
    deadline = AWARE.add(hours=72)
    assert level_at(facts, deadline.subtract(hours=11), "ap") == ("12h", "high")
    assert level_at(facts, deadline.subtract(minutes=50), "ap") == ("1h", "urgent")
    late_opened = Facts(created_at=deadline.subtract(hours=2), customers_window_hours=0)
    assert level_at(late_opened, deadline.subtract(hours=2), "opened") == ("opened", "high")
    settings = Settings.from_config({"reminders": {"ap": {"urgency": {"24h": "high", "1h": "high"}}}})
    assert level_at(facts, deadline.subtract(hours=24), "ap", settings) == ("24h", "high")
    assert level_at(facts, deadline.subtract(hours=1), "ap", settings) == ("1h", "urgent")  # the last hour still rises


def test_quiet_hours_hold_only_ordinary_steps():
    settings = Settings.from_config({"reminders": {"quiet_hours": {"*": "22:00-07:00"}}})
    facts = Facts(aware_at=pendulum.datetime(2026, 11, 21, 3, 30, tz=AMS), created_at=AWARE, customers_window_hours=0)
    # AP deadline Tue 24 Nov 03:30: the 4h step falls at 23:30, inside the window, and is high.
    night = pendulum.datetime(2026, 11, 23, 23, 30, tz=AMS)
    ap = [w for w in wanted(facts, night, settings=settings) if w.step.obligation == "ap"]
    assert [(w.step.name, w.level, w.held) for w in ap] == [("4h", "high", False)]
    early = pendulum.datetime(2026, 11, 22, 23, 30, tz=AMS)
    ap = [w for w in wanted(facts, early, settings=settings) if w.step.obligation == "ap"]
    assert [(w.step.name, w.level, w.held) for w in ap] == [("48h", "ordinary", True)]


@pytest.mark.parametrize(("section", "message"), [
    ({"ap": {"urgency": {"24h": "loud"}}}, "urgency.24h must be one of ordinary, high, urgent"),
    ({"ap": {"urgency": {"soon": "high"}}}, "'soon' is not a step"),
    ({"ap": {"wait_minutes": {"12h": -1}}}, "wait_minutes.12h must be whole minutes"),
    ({"ap": {"wait_minutes": "20"}}, "wait_minutes must be a table"),
])
def test_a_wrong_urgency_or_wait_is_refused_naming_it(section, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_config({"reminders": section})


def test_a_step_made_high_by_its_urgency_is_not_held_even_far_from_the_deadline():
    settings = Settings.from_config({"reminders": {"quiet_hours": {"*": "22:00-07:00"}, "ap": {"urgency": {"48h": "high"}}}})
    facts = Facts(aware_at=pendulum.datetime(2026, 11, 21, 23, 30, tz=AMS), created_at=AWARE, customers_window_hours=0)
    night = pendulum.datetime(2026, 11, 22, 23, 30, tz=AMS)  # the 48h step, at night, 48 h before the deadline
    ap = [w for w in wanted(facts, night, settings=settings) if w.step.obligation == "ap"]
    assert [(w.step.name, w.level, w.held) for w in ap] == [("48h", "high", False)]
