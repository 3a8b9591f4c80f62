"""The one rule behind `doctor` and the staleness warning of `list` and `open`: facts and now in, problems out."""

from __future__ import annotations

import pendulum

from breach.domain.schedule import Target
from breach.notify import health
from breach.notify.channels import Channel
from breach.notify.dispatch import Outcome

NOW = pendulum.datetime(2026, 11, 23, 12, 0, tz="UTC")


def channel(key: str) -> Channel:
    return Channel(Target(key), f"json://127.0.0.1/{key}", "stored", masked_url=f"json://127.0.0.1/{key}")


def test_remind_is_stale_after_more_than_15_minutes():
    assert health.remind_run(None, NOW) == health.Problem(health.NEVER_RAN)
    assert health.remind_run(NOW.subtract(minutes=15), NOW) is None
    assert health.remind_run(NOW.subtract(minutes=17), NOW) == health.Problem(health.STALE, seconds=17 * 60)


def test_what_was_not_looked_at_gives_no_problem():
    assert health.problems(health.Facts(last_run=NOW), NOW) == []
    assert [p.kind for p in health.problems(health.Facts(last_run=None), NOW)] == [health.NEVER_RAN]


def test_problems_come_in_the_order_doctor_names_them():
    a, b = channel("c1"), channel("c2")
    facts = health.Facts(
        last_run=NOW.subtract(hours=2), scheduler=[], channels=[a, b], refused=["x.yml: bad entry"],
        delivery={"c1": {"last_sent": None, "last_error": "boom", "waiting": 1, "gave_up": 0}},
        tested={"c1": Outcome(False, "refused"), "c2": Outcome(True)},
    )
    found = health.problems(facts, NOW)
    assert [(p.kind, p.subject) for p in found] == [
        (health.STALE, None), (health.NO_SCHEDULER, None), (health.REFUSED, "x.yml: bad entry"),
        (health.UNDELIVERED, a.shown), (health.NO_ANSWER, a.shown),
    ]
    assert health.problems(health.Facts(last_run=NOW, scheduler=["user crontab"], channels=[]), NOW) == [
        health.Problem(health.NO_CHANNEL)
    ]


def test_claims_without_an_outcome_are_named_instead_of_never_ran():
    from breach.notify.reminders import Pending

    claims = Pending(3, NOW.subtract(minutes=20), 20 * 60)
    assert health.problems(health.Facts(last_run=None, pending=claims), NOW) == [
        health.Problem(health.PENDING, seconds=20 * 60, count=3)
    ]
    assert [p.kind for p in health.problems(health.Facts(last_run=NOW, pending=claims), NOW)] == [health.PENDING]
