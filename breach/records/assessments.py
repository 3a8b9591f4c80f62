"""Assessments in the store: recording a run of `breach assess` with its timeline event, and reading
the latest one. The assessment itself is pure (`breach.domain.assessment`); recording cites the EDPB
examples nearest by facts (`breach.domain.edpb.cite`), so every stored assessment names them as
`breach assess` does. The latest assessment counts; earlier ones stay, so the register shows how the
picture changed. The caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from breach.domain import edpb
from breach.domain.assessment import Result
from breach.domain.numbers import decimal
from breach.store.timeline import add_event

if TYPE_CHECKING:
    from sqlmodel import Session

    from breach.store.models import Assessment, Incident


def latest(session: Session, incident: Incident) -> Assessment | None:
    """The latest Assessment of an incident, or None."""
    from sqlmodel import select

    from breach.store.models import Assessment

    return session.exec(
        select(Assessment).where(Assessment.incident_id == incident.id).order_by(Assessment.at.desc(), Assessment.id.desc())
    ).first()


def stale_ids(session: Session, incidents: list[Incident]) -> set[int]:
    """The ids of those breaches whose latest assessment copied facts that changed since (`stale_facts`):
    the assessment needs a new run. One query for all of them."""
    from sqlmodel import select

    from breach.domain.assessment import stale_facts
    from breach.store.models import Assessment

    by_id = {incident.id: incident for incident in incidents}
    if not by_id:
        return set()
    newest: dict[int, Assessment] = {}
    for row in session.exec(
        select(Assessment).where(Assessment.incident_id.in_(list(by_id))).order_by(Assessment.at, Assessment.id)
    ):
        newest[row.incident_id] = row  # oldest first: the last one is the latest
    return {incident_id for incident_id, row in newest.items() if stale_facts(row, by_id[incident_id])}


def record(session: Session, incident: Incident, result: Result, now: datetime, language: str) -> Assessment:
    """Store the assessment and its `assessed` timeline event."""
    from breach.store.models import Assessment

    result = edpb.cite(result)
    advice = result.recommendation
    row = Assessment(
        incident_id=incident.id,
        at=now,
        answers=result.answers.to_dict(),
        enisa_score=result.enisa.score,
        enisa_band=result.enisa.band,
        ap_severity=result.ap_severity,
        severity_explanation=result.explanations[language],
        recommend_ap=advice.notify_ap,
        recommend_subjects=advice.inform_subjects,
        reasons={
            **advice.reasons,
            "risk": advice.risk,
            "grounds": list(advice.grounds),
            "exception": advice.exception,
            "dpc": result.enisa.dpc,
            "ei": result.enisa.ei,
            "cb": result.enisa.cb_parts,
            "enisa": {"parts": result.enisa.parts, "groups": list(result.enisa.groups),
                      "readable": list(result.enisa.readable)},
            "adjustments": list(result.adjustments),
            "examples": [match.as_dict() for match in result.examples],
            "dutch_lines": list(advice.dutch_lines),
            "subjects_scope": advice.subjects_scope,
            "authority": advice.authority,
        },
        example=result.example,
    )
    session.add(row)
    session.flush()
    yes_no = {True: "yes", False: "no"}
    add_event(
        session, incident.id, "assessed", now,
        (f"ENISA {decimal(result.enisa.score)} ({result.enisa.band}), AP severity {result.ap_severity}; "
         f"recommends AP {yes_no[advice.notify_ap]}, persons {yes_no[advice.inform_subjects]}"),
        {
            "assessment_id": row.id,
            "enisa_score": result.enisa.score,
            "enisa_band": result.enisa.band,
            "ap_severity": result.ap_severity,
            "recommend_ap": advice.notify_ap,
            "recommend_subjects": advice.inform_subjects,
            "example": result.example,
            # the rest of the row, so that `breach verify` can prove each (`breach.store.replay`)
            "answers": row.answers,
            "severity_explanation": row.severity_explanation,
            "reasons": row.reasons,
        },
    )
    return row
