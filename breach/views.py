"""What the terminal shows of an incident: plain text for people, one JSON document for scripts.

The JSON shape is the scripting interface: keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pendulum

from breach import deadlines
from breach.clock import format_local, format_span, iso_local

CLOCK_NAMES = {"ap": "AP", "customers": "customers", "subjects": "subjects"}
MOMENT_KEYS = {"at", "aware_at", "discovered_at", "occurred_from", "occurred_to", "deadline_at"}

_FACTS = (
    ("description", "what happened"),
    ("how_discovered", "how discovered"),
    ("reported_by", "reported by"),
    ("breach_types", "kind of breach"),
    ("data_categories", "data"),
    ("special_categories", "special categories"),
    ("person_categories", "groups of persons"),
    ("persons", "number of persons"),
    ("records", "number of records"),
    ("consequences", "likely consequences"),
    ("measures_taken", "measures taken"),
    ("measures_planned", "measures planned"),
    ("cross_border", "cross-border"),
    ("high_risk", "high risk to persons"),
)


def persons_text(incident) -> str | None:
    low, high = incident.persons_min, incident.persons_max
    if low is None:
        return None
    return str(low) if low == high else f"{low}-{high}"


def _clock_line(state: deadlines.ClockState, now: datetime, tz: str, ref: str) -> str:
    name = f"{CLOCK_NAMES[state.obligation]:<11}"
    if state.status == deadlines.NOT_APPLICABLE:
        return f"{name} not applicable: {state.basis}"
    if state.status == deadlines.UNDECIDED:
        elapsed = format_span((pendulum.instance(now) - state.since).total_seconds())
        return (
            f"{name} to be decided: tell the persons without undue delay if the risk to them is high "
            f"({elapsed} since awareness; record it with `breach update {ref} --high-risk yes|no`)"
        )
    if state.status in (deadlines.MET, deadlines.LATE):
        when = format_local(state.done_at, tz)
        late = " LATE" if state.status == deadlines.LATE else ""
        due = f" (deadline {format_local(state.deadline, tz)})" if state.deadline else ""
        return f"{name} notified {when}{late}{due}"
    if state.deadline is None:
        elapsed = format_span((pendulum.instance(now) - state.since).total_seconds())
        return f"{name} open, no fixed hours: {elapsed} since awareness"
    left = state.seconds_left(now)
    if left is not None and left < 0:
        return f"{name} {format_local(state.deadline, tz)}  OVERDUE by {format_span(left)}"
    return f"{name} {format_local(state.deadline, tz)}  {format_span(left)} left"


def clock_lines(states: dict[str, deadlines.ClockState], now: datetime, tz: str, ref: str) -> list[str]:
    return [_clock_line(state, now, tz, ref) for state in states.values()]


def _fact_value(incident, name: str) -> Any:
    if name == "persons":
        return persons_text(incident)
    value = getattr(incident, name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) if value else None
    return value


def opened_text(incident, states, now: datetime, tz: str) -> str:
    lines = [f"Opened {incident.ref}: {incident.title}", f"{'aware':<11} {format_local(incident.aware_at, tz)}"]
    lines += clock_lines(states, now, tz, incident.ref)
    lines.append(
        f"next: record the facts with `breach update {incident.ref} --help`; "
        f"`breach show {incident.ref}` shows the clocks and the timeline"
    )
    return "\n".join(lines)


def show_text(incident, states, events, notices, now: datetime, tz: str) -> str:
    status = incident.status if incident.status == "open" else f"closed {format_local(incident.closed_at, tz)}"
    lines = [
        f"{incident.ref}  {incident.title}",
        f"status      {status}" + (f": {incident.close_reason}" if incident.close_reason else ""),
        f"role        {incident.role}",
    ]
    if incident.occurred_from:
        occurred = format_local(incident.occurred_from, tz)
        if incident.occurred_to and incident.occurred_to != incident.occurred_from:
            occurred += f" to {format_local(incident.occurred_to, tz)}"
        lines.append(f"occurred    {occurred}")
    if incident.discovered_at:
        lines.append(f"discovered  {format_local(incident.discovered_at, tz)}")
    else:
        lines.append(f"discovered  not recorded (`breach update {incident.ref} --discovered WHEN`)")
    lines.append(f"aware       {format_local(incident.aware_at, tz)}  (the clocks start here)")
    lines += ["", "Clocks"]
    outer = deadlines.deadline_1182(incident)
    for state in states.values():
        lines.append("  " + _clock_line(state, now, tz, incident.ref))
        if state.status != deadlines.NOT_APPLICABLE:
            lines.append(f"  {'':<11} basis: {state.basis}")
        if state.obligation == "ap" and state.status in (deadlines.OPEN, deadlines.OVERDUE) and outer != state.deadline:
            lines.append(
                f"  {'':<11} note: read with Regulation 1182/71 the period could start at the next full hour "
                f"and end {format_local(outer, tz)}; plan on the earlier deadline above"
            )
    if notices:
        lines += ["", "Notifications"]
    for notice in notices:
        line = f"  {CLOCK_NAMES[notice.obligation]:<11} {format_local(notice.at, tz)}" + (" LATE" if notice.late else "")
        if notice.reference:
            line += f"  reference {notice.reference}"
        lines.append(line)
        if notice.delay_reason:
            lines.append(f"  {'':<11} reasons for the delay: {notice.delay_reason}")
    facts = [(label, _fact_value(incident, name)) for name, label in _FACTS]
    known = [(label, value) for label, value in facts if value not in (None, "")]
    lines += ["", "Facts"]
    lines += [f"  {label:<20} {value}" for label, value in known] or [f"  (none recorded yet: `breach update {incident.ref} --help`)"]
    lines += ["", "Timeline"]
    lines += [f"  {format_local(event.at, tz)}  {event.kind:<10} {event_text(event, tz)}" for event in events]
    return "\n".join(lines)


def event_text(event, tz: str) -> str:
    """The stored text, with the moment a notification was made (which may differ from when it was recorded)."""
    if event.kind in ("notified", "followup") and event.data.get("at"):
        obligation = event.data["obligation"]
        rest = event.text.removeprefix(obligation)
        return f"{obligation} at {format_local(pendulum.parse(event.data['at']), tz)}{rest}"
    return event.text


def _local_data(data: dict, tz: str) -> dict:
    """Event data with its moments (stored as UTC) in the organisation's zone, like every time in --json."""

    def convert(value):
        if isinstance(value, str):
            return iso_local(pendulum.parse(value), tz)
        if isinstance(value, list):
            return [convert(item) for item in value]
        return value

    return {key: convert(value) if key in MOMENT_KEYS else value for key, value in data.items()}


def list_text(rows: list[tuple[Any, dict]], now: datetime, tz: str) -> str:
    if not rows:
        return "No breaches to show."
    lines = []
    for incident, states in rows:
        summary = []
        for state in states.values():
            short = state.obligation
            if state.status in (deadlines.OPEN, deadlines.OVERDUE) and state.deadline:
                left = state.seconds_left(now)
                mark = f"OVERDUE {format_span(left)}" if left < 0 else f"{format_span(left)} left"
                summary.append(f"{short} {format_local(state.deadline, tz)} ({mark})")
            elif state.status != deadlines.NOT_APPLICABLE:
                summary.append(f"{short} {state.status.replace('_', ' ')}")
        status = "" if incident.status == "open" else " [closed]"
        lines.append(f"{incident.ref}  {incident.title}{status}")
        lines.append("    " + "; ".join(summary))
    return "\n".join(lines)


def clock_json(state: deadlines.ClockState, now: datetime, tz: str) -> dict[str, Any]:
    left = state.seconds_left(now) if state.status in (deadlines.OPEN, deadlines.OVERDUE) else None
    return {
        "deadline": iso_local(state.deadline, tz),
        "status": state.status,
        "done_at": iso_local(state.done_at, tz),
        "seconds_left": None if left is None else int(left),
        "basis": state.basis,
    }


def incident_json(incident, states, now: datetime, tz: str, *, events=None, notices=None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": incident.ref,
        "title": incident.title,
        "status": incident.status,
        "role": incident.role,
        "aware_at": iso_local(incident.aware_at, tz),
        "discovered_at": iso_local(incident.discovered_at, tz),
        "occurred_from": iso_local(incident.occurred_from, tz),
        "occurred_to": iso_local(incident.occurred_to, tz),
        "clocks": {name: clock_json(state, now, tz) for name, state in states.items()},
        "windows": {"ap": incident.ap_window_hours, "customers": incident.customers_window_hours},
        "description": incident.description,
        "how_discovered": incident.how_discovered,
        "reported_by": incident.reported_by,
        "breach_types": list(incident.breach_types),
        "data_categories": list(incident.data_categories),
        "special_categories": list(incident.special_categories),
        "person_categories": list(incident.person_categories),
        "persons": {"min": incident.persons_min, "max": incident.persons_max},
        "records": incident.records,
        "consequences": incident.consequences,
        "measures_taken": incident.measures_taken,
        "measures_planned": incident.measures_planned,
        "cross_border": incident.cross_border,
        "high_risk": incident.high_risk,
        "closed_at": iso_local(incident.closed_at, tz),
        "close_reason": incident.close_reason,
    }
    if notices is not None:
        doc["notices"] = [
            {
                "obligation": n.obligation,
                "at": iso_local(n.at, tz),
                "deadline": iso_local(n.deadline_at, tz),
                "late": n.late,
                "reference": n.reference,
                "delay_reason": n.delay_reason,
            }
            for n in notices
        ]
    if events is not None:
        doc["timeline"] = [
            {"at": iso_local(e.at, tz), "kind": e.kind, "text": event_text(e, tz), "data": _local_data(e.data, tz)}
            for e in events
        ]
    return doc
