"""The two decisions the law asks of every breach: tell the AP (art. 33)? tell the persons (art. 34)?
And one the organisation's own agreements ask: tell the customers? (A fact of the agreements, not a
risk judgement: no assessment is needed; a processor's customers clock is the law's, art. 33(2).)

The decision is the organisation's; the latest assessment only recommends. A decision against the
recommendation is allowed and marked `departs`, so the register shows it was a deliberate choice.
The latest decision per obligation counts (`incidents.clocks` reads it): "no" for the AP lifts the ap
clock, "yes" or "no" for the persons settles the subjects clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from breach.domain.inputs import clean
from breach.errors import InvalidInput, Refused
from breach.records import assessments, incidents
from breach.store.timeline import add_event

if TYPE_CHECKING:
    from sqlmodel import Session

    from breach.store.models import Decision, Incident

DECIDED = ("ap", "customers", "subjects")
WORDS = {
    ("customers", True): "tell the customers",
    ("customers", False): "no customer's data is concerned: the customers are not told",
    ("ap", True): "notify the AP",
    ("ap", False): "do not notify the AP",
    ("subjects", True): "inform the persons",
    ("subjects", False): "do not inform the persons",
}


def obligation_name(text: str) -> str:
    name = incidents.obligation_name(text)
    if name not in DECIDED:
        raise InvalidInput(
            f"'{text}' is not decided here (accepted: ap, customers, subjects)"
        )
    return name


def decide(
    session: Session, incident: Incident, obligation: str, notify: bool, reason: str | None, by: str | None,
    now: datetime,
) -> Decision:
    """Record a decision; refused (nothing written) when the law or the register would be served badly:
    a "no" without reasons (art. 33(5) asks the reasoning), a "no" without any assessment to rest on,
    a "no" after the notification was already made, or a processor deciding for its controller."""
    from breach.store.models import Decision

    incidents.refuse_void(incident)
    obligation = obligation_name(obligation)
    why = clean(reason, "reason", multiline=True)
    who = clean(by, "by")
    if incident.role == "processor" and obligation == "customers":
        raise Refused(
            f"{incident.ref} is recorded with role processor: AVG art. 33 lid 2 binds you by law to tell the controller; "
            f"if no controller's data is concerned, close the breach with that reason (`breach close {incident.ref} "
            "--reason TEXT`)"
        )
    if not notify and not why:
        raise Refused(
            f"a decision not to {WORDS[(obligation, True)]} needs its reasons for the register (AVG art. 33 lid 5): "
            "add {reason} TEXT",
            mentions=("reason",),
        )
    if not who:
        raise InvalidInput("empty (expected the name of who decides, e.g. {by} 'J. de Vries (FG)')", field="by",
                           mentions=("by",))
    if incident.role == "processor":
        raise Refused(
            f"{incident.ref} is recorded with role processor: the controller decides whether the AP and the persons "
            "are told (AVG art. 33/34); tell the controller and record it with "
            f"`breach notified {incident.ref} customers`"
        )
    latest = assessments.latest(session, incident) if obligation != "customers" else None
    if latest is None and not notify and obligation != "customers":
        raise Refused(
            f"{incident.ref} has no assessment yet: a decision not to notify must rest on one; "
            f"run `breach assess {incident.ref}` first"
        )
    if not notify:
        made = [n for n in incidents.notices(session, incident) if n.obligation == obligation]
        if made:
            raise Refused(
                f"{incident.ref}: the {obligation} notification was already recorded "
                f"({made[0].at.isoformat()}); a decision not to notify would contradict the register"
            )
    recommended = None
    if latest is not None and obligation != "customers":
        recommended = latest.recommend_ap if obligation == "ap" else latest.recommend_subjects
    departs = recommended is not None and recommended != notify
    decision = Decision(
        incident_id=incident.id,
        obligation=obligation,
        notify=notify,
        reason=why,
        decided_by=who,
        at=now,
        recommended=recommended,
        departs=departs,
    )
    session.add(decision)
    text = f"{obligation}: {WORDS[(obligation, notify)]}"
    if obligation == "customers":
        text += " (a fact of the agreements: no assessment needed)"
    elif recommended is None:
        text += " (no assessment)"
    else:
        text += " (departs from the recommendation)" if departs else " (as recommended)"
    text += f", by {who}"
    add_event(
        session, incident.id, "decided", now,
        text,
        {
            "obligation": obligation,
            "notify": notify,
            "reason": why,
            "by": who,
            "recommended": recommended,
            "departs": departs,
            "assessment_id": latest.id if latest is not None else None,
        },
    )
    return decision


def all_of(session: Session, incident: Incident) -> list[Decision]:
    """Every decision of an incident, oldest first."""
    from sqlmodel import select

    from breach.store.models import Decision

    return list(
        session.exec(select(Decision).where(Decision.incident_id == incident.id).order_by(Decision.at, Decision.id))
    )
