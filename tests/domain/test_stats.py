"""The register's figures (`breach.domain.stats`) from register records, worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from breach.domain import stats
from breach.errors import InvalidInput

AWARE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def record(status="open", notices=(), decisions=(), signal=None):
    return {
        "status": status, "aware_at": AWARE, "signal_received_at": signal,
        "notifications": [{"obligation": o, "at": at, "late": late, "count": count} for o, at, late, count in notices],
        "decisions": [{"obligation": o, "notify": notify, "departs": departs} for o, notify, departs in decisions],
    }


def at(hours: float) -> datetime:
    return datetime.fromtimestamp(AWARE.timestamp() + hours * 3600, tz=UTC)


def test_the_figures_leave_void_out_and_count_what_the_ap_asks():
    found = stats.figures([
        record(notices=[("ap", at(10), False, None), ("subjects", at(30), False, 40), ("subjects", at(50), False, 5)]),
        record("closed", notices=[("ap", at(80), True, None), ("ap", at(90), False, None)],
               decisions=[("ap", True, True), ("subjects", False, False)], signal=at(-6)),
        record("closed", decisions=[("ap", False, False), ("ap", False, True)], signal=at(-2)),
        record(notices=[("subjects", at(5), False, None)]),
        record("void", notices=[("ap", at(1), False, None)], decisions=[("ap", True, True)], signal=at(-100)),
    ])
    assert found.as_dict() == {
        "breaches": 4, "void": 1, "open": 2, "closed": 2,
        "ap_notified": 2, "ap_in_time": 1, "ap_decided_not": 1, "ap_hours_median": 45.0,
        "from_signal": 2, "signal_hours_median": 4.0,
        "subjects_informed": 2, "persons_informed": 45, "persons_unknown": 1,
        "against_advice": 2,
    }


def test_no_breaches_no_medians():
    found = stats.figures([record("void")])
    assert found.breaches == 0 and found.void == 1
    assert found.ap_hours_median is None and found.signal_hours_median is None


@pytest.mark.parametrize("text", ["26", "twintig", "２０２６", "-2026", "20266", ""])
def test_a_year_is_four_ascii_digits(text):
    with pytest.raises(InvalidInput) as refused:
        stats.check_year(text)
    assert refused.value.field == "year"


def test_a_year_is_read():
    assert stats.check_year(" 2026 ") == 2026 and stats.check_year(None) is None
