"""What the ladder and the urgency add to a reminder on its way out: how loud it is sent, which rung
it was paged on, the acknowledge hint it carries, and the words the timeline keeps. `reminders` only
calls in here, so its claim, send, record loop stays as it is."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from breach.domain.clock import utc
from breach.domain.ladder import Page
from breach.notify.messages import AckHint, wait_words

_Plan = Any  # reminders._Plan (incident, states, wanted): reminders imports this module

if TYPE_CHECKING:
    from breach.domain.schedule import Settings
    from breach.store.models import Delivery


def sending(p: _Plan) -> dict:
    """The keyword arguments of `dispatch.send` for one planned reminder."""
    return {"level": p.wanted.level, "ack": getattr(p, "ack", None)}


def claimed(p: _Plan, now: datetime) -> dict:
    """The columns a new claim writes beside the key: the rung and level it goes out at, and when the
    rung was first paged (a re-claim after a failure keeps it)."""
    return {"rung": p.wanted.rung, "level": p.wanted.level, "first_at": now}


def pages_of(d: Delivery) -> list[Page]:
    """A delivery as a page of the ladder: every one that was tried (a cancelled one only if it was)."""
    at = d.first_at or d.sent_at or d.claimed_at
    if d.status == "cancelled" and d.first_at is None:
        return []
    return [Page(d.obligation, d.step, d.channel, d.rung, utc(at))]


def hint(p: _Plan, settings: Settings, language: str) -> AckHint:
    """How the reader acknowledges, who gets it next and after how long, and whether they get it
    because nobody answered. The button or link comes with `breach serve` (ack_links); until then, words."""
    want = p.wanted
    climb = want.climb
    nxt = None
    if climb is not None and climb.next_rung is not None and want.wait and climb.acked_at is None:
        nxt = settings.ladder.label(climb.next_rung, language)
    return AckHint(
        mode=getattr(p, "ack_mode", "words"), url=getattr(p, "ack_url", None),
        next_label=nxt, wait_minutes=want.wait if nxt else None,
        escalated_after=want.wait if want.escalated else None,
    )


def level_words(p: _Plan) -> str:
    return f" ({p.wanted.level})" if p.wanted.level != "ordinary" else ""


def escalated_words(p: _Plan) -> str:
    if not p.wanted.escalated:
        return ""
    return f": escalated, not acknowledged within {wait_words(p.wanted.wait, 'en')}"


def event_data(p: _Plan) -> dict:
    return {"level": p.wanted.level, "rung": p.wanted.rung, "escalated": p.wanted.escalated}


def links_wanted(session, settings: Settings, now: datetime) -> bool:
    """Reminders carry a "Gezien" button or link only when `breach serve` can receive it: a public
    address is configured and serve's heartbeat is fresh. Otherwise the message says it in words."""
    from breach.notify import heartbeats

    return bool(settings.public_url) and heartbeats.serve_running(session, now)


NTFY_SCHEMES = ("ntfy://", "ntfys://", "https://ntfy.sh/", "http://ntfy.sh/")


def add_links(session, won: list, by_key: dict, settings: Settings, language: str, now: datetime) -> None:
    """Sign one link per claimed delivery (in the claim's transaction: the key is made once) and
    attach it to the plan: a button for ntfy, a link for everything else."""
    from breach.notify import ack_links, messages
    from breach.notify.dispatch import AckAction

    secret = ack_links.secret_of(session)
    expires = utc(now).add(hours=settings.ack_link_hours)
    for p, delivery_id, _attempt in won:
        channel = by_key.get(p.wanted.target.key)
        if channel is None:
            continue
        url = ack_links.link(settings.public_url, ack_links.make(secret, delivery_id, expires))
        p.ack = AckAction(url, messages.ACK_LABEL[language])
        p.ack_url = url
        p.ack_mode = "button" if channel.url.lower().startswith(NTFY_SCHEMES) else "link"


def ladder_words(settings: Settings, by_key: dict) -> str:
    """`ladder: dpo (2 channels) → backup (1) → management (1); climbs after 120/30/15 min (ordinary/high/urgent)`."""
    from breach.domain.ladder import rung_of

    counts = [0] * len(settings.ladder.rungs)
    for channel in by_key.values():
        rung = rung_of(channel.target.tags, settings.ladder)
        if rung is not None:
            counts[rung] += 1
    rungs = [f"{tag} ({n} channel{'s' if n != 1 else ''})" if i == 0 else f"{tag} ({n})"
             for i, (tag, n) in enumerate(zip(settings.ladder.rungs, counts, strict=True))]
    wait = settings.ladder.wait
    return (f"ladder: {' → '.join(rungs)}; climbs after {wait['ordinary']}/{wait['high']}/{wait['urgent']} min "
            "(ordinary/high/urgent)")


def note_ladder(session, incident_ids: set[int], settings: Settings, by_key: dict, now: datetime) -> None:
    """A `ladder` event on each breach paged in this run, when it is its first or the ladder changed."""
    if not incident_ids or not by_key:
        return
    from sqlalchemy import func, select

    from breach.store.models import Event
    from breach.store.timeline import add_event

    text = ladder_words(settings, by_key)
    latest = (select(func.max(Event.id)).where(Event.incident_id.in_(incident_ids), Event.kind == "ladder")
              .group_by(Event.incident_id))
    known = {row[0]: row[1] for row in session.execute(select(Event.incident_id, Event.text).where(Event.id.in_(latest)))}
    for incident_id in sorted(incident_ids):
        if known.get(incident_id) != text:
            add_event(session, incident_id, "ladder", now, text,
                      {"rungs": list(settings.ladder.rungs), "wait_minutes": dict(settings.ladder.wait)})
