"""The legal clocks of a breach, as pure functions of its facts, its notices and `now`.

| clock       | length                          | basis                                  |
|-------------|---------------------------------|----------------------------------------|
| `ap`        | awareness + 72 elapsed hours    | AVG/GDPR art. 33 lid 1                  |
| `customers` | awareness + the contract's hours| the processing agreement (art. 33 lid 2)|
| `subjects`  | none: "without undue delay"     | AVG/GDPR art. 34                        |

Deadlines are elapsed hours computed in UTC, so they are exact across a DST change. Lateness is
decided once, when the first notice is recorded, and kept on that notice: a later correction of the
awareness time changes the timeline, not whether a notification was on time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol

import pendulum

from breach.domain.clock import utc

Obligation = Literal["ap", "customers", "subjects"]
ClockStatus = Literal["open", "met", "late", "overdue", "not_applicable", "undecided"]
Role = Literal["controller", "processor"]
IncidentStatus = Literal["open", "closed"]

OBLIGATIONS: tuple[Obligation, ...] = ("ap", "customers", "subjects")

OPEN, MET, LATE, OVERDUE, NOT_APPLICABLE, UNDECIDED = (
    "open", "met", "late", "overdue", "not_applicable", "undecided",
)
RUNNING = (OPEN, OVERDUE)  # a clock still running: reminders are owed until it is met
DONE = (MET, LATE)  # a clock met by a notice, in time or late


class ClockFacts(Protocol):
    """What the clocks read from an incident."""

    role: Role
    aware_at: datetime
    ap_window_hours: int
    customers_window_hours: int
    high_risk: bool | None


class BreachStatus(Protocol):
    status: IncidentStatus


class NoticeFacts(Protocol):
    obligation: Obligation
    at: datetime
    deadline_at: datetime | None
    late: bool


@dataclass(frozen=True)
class ClockState:
    obligation: Obligation
    status: ClockStatus
    basis: str
    deadline: pendulum.DateTime | None
    done_at: pendulum.DateTime | None
    since: pendulum.DateTime
    # customers of a processor's breach with controllers: how many were told, of how many (else None)
    told: int | None = None
    of: int | None = None

    @property
    def running(self) -> bool:
        """Open or overdue: the obligation is still to be met."""
        return self.status in RUNNING

    def seconds_left(self, now: datetime) -> float | None:
        """Positive while time is left, negative once the deadline has passed; None without a deadline."""
        if self.deadline is None:
            return None
        return (self.deadline - pendulum.instance(now)).total_seconds()



def basis(obligation: str, facts: ClockFacts, decided: bool | None = None) -> str:
    if obligation == "ap" and decided is False and facts.role != "processor":
        return "decided not to notify the AP (AVG art. 33 lid 1); the reasons are in the register (lid 5)"
    if obligation == "customers" and decided is False and facts.role != "processor":
        return "decided: no customer's data is concerned (the reasons are in the register)"
    if obligation == "subjects" and facts.role != "processor":
        if decided is True:
            return "decided to inform the persons: AVG art. 34, without undue delay; no fixed hours"
        if decided is False:
            return "decided not to inform the persons (AVG art. 34; reasons in the register)"
    if obligation == "ap":
        if facts.role == "processor":
            return "AVG art. 33 lid 1 binds the controller, not us: the customers clock is the one that binds us"
        return f"AVG art. 33 lid 1: {facts.ap_window_hours} hours after becoming aware"
    if obligation == "customers":
        if facts.role == "processor":
            if facts.customers_window_hours == 0:
                return "AVG art. 33 lid 2: tell the controller without undue delay; no hours agreed"
            return (
                f"AVG art. 33 lid 2 and the processing agreement: tell the controller within "
                f"{facts.customers_window_hours} hours after becoming aware"
            )
        if facts.customers_window_hours == 0:
            return "no customer notification window agreed"
        return f"agreed with customers: {facts.customers_window_hours} hours after becoming aware"
    if facts.role == "processor":
        return "AVG art. 34 binds the controller: it decides whether and how the persons are told"
    return "AVG art. 34: without undue delay when the risk to the persons is high; no fixed hours"


def deadline(obligation: str, facts: ClockFacts) -> pendulum.DateTime | None:
    """The conservative deadline: awareness plus the window in elapsed hours; None where no hours apply."""
    aware = utc(facts.aware_at)
    if obligation == "ap" and facts.role != "processor":
        return aware.add(hours=facts.ap_window_hours)
    if obligation == "customers" and facts.customers_window_hours > 0:
        return aware.add(hours=facts.customers_window_hours)
    return None


def deadline_1182(facts: ClockFacts) -> pendulum.DateTime | None:
    """The AP deadline as Regulation 1182/71 art. 3(1) reads a period in hours: it starts at the next
    full hour. Commentary only: the tool never shows it as the deadline."""
    if facts.role == "processor":
        return None
    aware = utc(facts.aware_at)
    start = aware if aware == aware.start_of("hour") else aware.start_of("hour").add(hours=1)
    return start.add(hours=facts.ap_window_hours)


def applies(obligation: str, facts: ClockFacts, decided: bool | None = None) -> bool | None:
    """Whether the duty applies: True, False, or None while it is still to be decided.

    `decided` is the organisation's recorded decision (`breach decide`) for `ap`, `customers` or `subjects`; it
    overrides the interim `high_risk` fact. Only "no" to the AP changes the ap clock: the AP duty is
    the default that a documented decision can lift."""
    if obligation == "ap":
        return facts.role != "processor" and decided is not False
    if obligation == "customers":  # a processor's is the law's (art. 33(2)); a controller's a promise it made
        return facts.role == "processor" or (facts.customers_window_hours > 0 and decided is not False)
    if facts.role == "processor":
        return False
    return decided if decided is not None else facts.high_risk


def is_late(obligation: str, facts: ClockFacts, at: datetime) -> tuple[pendulum.DateTime | None, bool]:
    """The deadline a notice made at `at` is measured against, and whether it came after it."""
    due = deadline(obligation, facts)
    return due, due is not None and utc(at) > due


def clock_state(
    obligation: str,
    facts: ClockFacts,
    notices: Iterable[NoticeFacts],
    now: datetime,
    decisions: Mapping[str, bool] | None = None,
    controllers: int = 0,
) -> ClockState:
    """`decisions`: the latest recorded decision per obligation ("ap", "subjects": notify or not).
    `controllers`: how many controllers a processor's breach concerns (`controllers_state`)."""
    if obligation == "customers" and controllers:
        return controllers_state(facts, notices, now, controllers, decisions)
    decided = (decisions or {}).get(obligation)
    ours = sorted((n for n in notices if n.obligation == obligation), key=lambda n: utc(n.at))
    since = utc(facts.aware_at)
    why = basis(obligation, facts, decided)
    if ours:
        first = ours[0]
        frozen = utc(first.deadline_at) if first.deadline_at is not None else None
        return ClockState(obligation, LATE if first.late else MET, why, frozen, utc(first.at), since)
    applicable = applies(obligation, facts, decided)
    if applicable is None:
        return ClockState(obligation, UNDECIDED, why, None, None, since)
    if not applicable:
        return ClockState(obligation, NOT_APPLICABLE, why, None, None, since)
    due = deadline(obligation, facts)
    status = OVERDUE if due is not None and utc(now) > due else OPEN
    return ClockState(obligation, status, why, due, None, since)


def clock_states(
    facts: ClockFacts,
    notices: Iterable[NoticeFacts],
    now: datetime,
    decisions: Mapping[str, bool] | None = None,
    controllers: int = 0,
) -> dict[str, ClockState]:
    notices = list(notices)
    return {name: clock_state(name, facts, notices, now, decisions, controllers) for name in OBLIGATIONS}


def _controller_of(notice: NoticeFacts) -> int | None:
    return getattr(notice, "controller_id", None)


def _instant(moment: datetime) -> datetime:
    """A moment to compare with others: aware as stored, a naive one read as UTC (pendulum is too slow for
    the thousands of notices of a processor's controllers)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def first_per_controller(notices: Iterable[NoticeFacts]) -> dict[int, NoticeFacts]:
    """{controller id: its first customers notice}: the one that fixed its met or late."""
    first: dict[int, NoticeFacts] = {}
    for notice in notices:
        controller = _controller_of(notice)
        if notice.obligation != "customers" or controller is None:
            continue
        known = first.get(controller)
        if known is None or _instant(notice.at) < _instant(known.at):
            first[controller] = notice
    return first


def controllers_state(
    facts: ClockFacts,
    notices: Iterable[NoticeFacts],
    now: datetime,
    controllers: int,
    decisions: Mapping[str, bool] | None = None,
) -> ClockState:
    """The breach's customers clock when it concerns `controllers` controllers, each with its own clock
    (`controller_clocks`): done only when every one was told, late when any was told late; until then
    open or overdue by the breach's customers deadline, which every controller's clock shares. A notice
    that names no controller (recorded before the controllers were) counts for none of them; a controller
    added after every other was told runs the clock again until it is told too."""
    first = first_per_controller(notices)
    told = len(first)
    since = utc(facts.aware_at)
    why = basis("customers", facts, (decisions or {}).get("customers"))
    if told >= controllers:
        late = any(n.late for n in first.values())
        last = max(first.values(), key=lambda n: _instant(n.at))
        due = [n.deadline_at for n in first.values() if n.deadline_at is not None]
        frozen = utc(min(due, key=_instant)) if due else None
        return ClockState("customers", LATE if late else MET, why, frozen, utc(last.at), since, told, controllers)
    if applies("customers", facts, (decisions or {}).get("customers")) is False:
        return ClockState("customers", NOT_APPLICABLE, why, None, None, since, told, controllers)
    due = deadline("customers", facts)
    status = OVERDUE if due is not None and utc(now) > due else OPEN
    return ClockState("customers", status, why, due, None, since, told, controllers)


def controller_clocks(
    facts: ClockFacts, controller_ids: Iterable[int], notices: Iterable[NoticeFacts], now: datetime
) -> dict[int, ClockState]:
    """{controller id: its customers clock}: from the breach's awareness, with the breach's customers window,
    met or late by the first notice that named it."""
    mine: dict[int, list[NoticeFacts]] = {}
    for notice in notices:
        if notice.obligation == "customers" and _controller_of(notice) is not None:
            mine.setdefault(_controller_of(notice), []).append(notice)
    return {cid: clock_state("customers", facts, mine.get(cid, ()), now) for cid in controller_ids}


def next_deadline(states: dict[str, ClockState]) -> pendulum.DateTime | None:
    """The nearest deadline still to be met, for ordering the list of open breaches."""
    pending = [s.deadline for s in states.values() if s.running and s.deadline]
    return min(pending) if pending else None


def running_clocks(rows: Iterable[tuple[BreachStatus, Mapping[str, ClockState]]]) -> list[ClockState]:
    """The clocks still running of the open breaches among (incident, clocks) rows: the ones that
    reminders are owed for (a closed breach keeps its unmet clocks in the register, not in reminders)."""
    return [state for incident, states in rows if incident.status == "open" for state in states.values() if state.running]
