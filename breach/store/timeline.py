"""Appending to a breach's timeline: the one way an event row is made.

The row is sealed into its breach's hash chain by the session hook of `breach.store.chain` in the
transaction that adds it; nothing ever updates or deletes one.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from sqlmodel import Session

    from breach.store.models import Event

EventKind = Literal[
    "opened", "updated", "corrected", "note", "assessed", "decided", "notified", "followup", "drafted",
    "closed", "voided", "reminded", "remind_failed", "ack", "from_signal", "controllers",
]


def add_event(session: Session, incident_id: int, kind: EventKind, at: datetime, text: str,
           data: dict[str, Any] | None = None) -> Event:
    """Add one event to the timeline of breach `incident_id`; sealed when the session flushes."""
    from breach.store.models import Event

    event = Event(incident_id=incident_id, at=at, kind=kind, text=text, data=data or {})
    session.add(event)
    return event
