"""Recording an acknowledgement of one delivery: from a signed link (`breach serve`'s POST) once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from breach.errors import Refused
from breach.store.timeline import add_event

if TYPE_CHECKING:
    from sqlmodel import Session

OPENED = "opened"


@dataclass(frozen=True)
class AckResult:
    ref: str
    obligation: str | None  # None: the opened alert (it answers every clock)
    step: str
    channel: str
    recorded: bool  # False: this delivery was acknowledged already (a second tap is no error)


def ack_delivery(session: Session, delivery_id: int, now: datetime, *, via: str = "link", by: str | None = None) -> AckResult:
    """Record that the reader of one delivery is on it: once per delivery (INSERT ... ON CONFLICT DO
    NOTHING on `uq_ack_delivery`), refused for an unknown delivery or a breach no longer open."""
    from breach.store.models import Ack, Delivery, Incident

    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        raise Refused("this acknowledge link names no reminder of this store")
    incident = session.get(Incident, delivery.incident_id)
    if incident is None or incident.status != "open":
        raise Refused(f"{incident.ref if incident else '?'}: nothing to acknowledge: the breach is closed")
    obligation = None if delivery.obligation == OPENED else delivery.obligation
    statement = (
        _dialect_insert(session)(Ack)
        .values(incident_id=incident.id, obligation=obligation, at=now, step=delivery.step, channel=delivery.channel,
                delivery_id=delivery.id, by=by, via=via)
        .on_conflict_do_nothing(index_elements=["delivery_id"])
        .returning(Ack.id)
    )
    recorded = session.execute(statement).first() is not None
    if recorded:
        what = f"{delivery.obligation} ({delivery.step})" if obligation else "the breach opened alert"
        add_event(
            session, incident.id, "ack", now,
            f"acknowledged {what} via {via} on channel {delivery.channel}: the climb stops; repeats stop for the "
            "channels already paged",
            {"obligation": obligation, "step": delivery.step, "channel": delivery.channel, "via": via, "by": by,
             "rung": delivery.rung, "delivery": delivery.id},
        )
    return AckResult(incident.ref, obligation, delivery.step, delivery.channel, recorded)


def ack_by_token(session: Session, token: str, now: datetime) -> AckResult:
    """What `breach serve` calls on `POST /ack/{token}`: verify the link, then record the ack once."""
    from breach.notify import ack_links

    secret = ack_links.secret_of(session, create=False)
    if secret is None:
        raise ack_links.LinkRefused("this acknowledge link is not valid")
    return ack_delivery(session, ack_links.verify(secret, token, now), now, via="link")


def _dialect_insert(session):
    """INSERT with ON CONFLICT for the store's dialect (SQLite or PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


@dataclass(frozen=True)
class Paging:
    """Who was paged for what (one row per delivery) and who acknowledged, for `breach show`."""

    pages: list[dict]
    acks: list[dict]


def paging(session: Session, incident) -> Paging:
    from sqlmodel import select

    from breach.domain.clock import utc
    from breach.store.models import Ack, Delivery

    def moment(value):
        return utc(value) if value is not None else None

    pages = [
        {"obligation": d.obligation, "step": d.step, "level": d.level, "rung": d.rung, "channel": d.channel,
         "first_at": moment(d.first_at or d.sent_at or d.claimed_at), "sent_at": moment(d.sent_at), "status": d.status}
        for d in session.exec(select(Delivery).where(Delivery.incident_id == incident.id).order_by(Delivery.id))
    ]
    answered = [
        {"obligation": a.obligation, "step": a.step, "at": moment(a.at), "by": a.by, "via": a.via, "channel": a.channel}
        for a in session.exec(select(Ack).where(Ack.incident_id == incident.id).order_by(Ack.id))
    ]
    return Paging(pages, answered)
