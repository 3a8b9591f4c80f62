"""The triage clock of a signal: pure facts and now."""

from __future__ import annotations

import pendulum
import pytest

from breach.domain import triage
from breach.errors import InvalidInput

RECEIVED = pendulum.datetime(2026, 11, 23, 22, 10, tz="Europe/Amsterdam")


def test_an_open_signal_runs_for_its_hours_then_is_overdue():
    running = triage.triage_state(RECEIVED, 4, "open", RECEIVED.add(hours=3, minutes=59))
    assert running.running and not running.overdue and running.seconds_left == 60
    assert running.due_at == RECEIVED.add(hours=4).in_tz("UTC")
    late = triage.triage_state(RECEIVED, 4, "open", RECEIVED.add(hours=4, seconds=1))
    assert late.overdue and late.seconds_left == -1


@pytest.mark.parametrize("status", ["opened", "dismissed"])
def test_a_decided_signal_no_longer_runs(status):
    state = triage.triage_state(RECEIVED, 4, status, RECEIVED.add(hours=9))
    assert not state.running and not state.overdue and state.seconds_left == 0


def test_the_triage_window_is_whole_hours_up_to_the_ap_window():
    assert triage.check_hours("4") == 4 and triage.check_hours("8h") == 8 and triage.check_hours(72) == 72
    for wrong in ("0", "73", "x", "1.5", ""):
        with pytest.raises(InvalidInput) as refused:
            triage.check_hours(wrong)
        assert refused.value.field == "triage_hours" and "1 to 72" in str(refused.value)
