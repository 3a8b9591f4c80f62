"""The triage clock of a signal: from the moment a report comes in until someone opens it as a breach
or dismisses it. Not a legal deadline: the organisation's own promise to look within hours, because
the hours before a breach is opened are where the 72 are lost. Pure: facts and now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import pendulum

from breach.domain.clock import utc
from breach.errors import InvalidInput

DEFAULT_HOURS = 4
MOST_HOURS = 72  # a triage slower than the AP window would defeat its purpose

SignalStatus = Literal["open", "opened", "dismissed"]
STATUSES: tuple[SignalStatus, ...] = ("open", "opened", "dismissed")


@dataclass(frozen=True)
class TriageState:
    due_at: pendulum.DateTime
    running: bool  # the signal is still open
    overdue: bool  # open and past its triage moment
    seconds_left: float  # negative when overdue; 0 when no longer running


def triage_state(received_at: datetime, hours: int, status: str, now: datetime) -> TriageState:
    due = utc(received_at).add(hours=hours)
    running = status == "open"
    left = (due - utc(now)).total_seconds() if running else 0.0
    return TriageState(due_at=due, running=running, overdue=running and left < 0, seconds_left=left)


def check_hours(value: object, field: str = "triage_hours") -> int:
    """Whole hours, 1 to 72 (`[signals] triage_hours` in config.toml)."""
    text = str(value).strip().lower().removesuffix("h").removesuffix("u").strip()
    if not text.isdigit() or not 1 <= int(text) <= MOST_HOURS:
        raise InvalidInput(f"'{value}' is not a triage window (accepted: whole hours, 1 to {MOST_HOURS})", field=field)
    return int(text)


def check_status(text: str) -> SignalStatus:
    value = text.strip().lower()
    if value not in STATUSES:
        raise InvalidInput(f"'{text}' is not a signal status (accepted: {', '.join(STATUSES)})", field="status")
    return value  # type: ignore[return-value]
