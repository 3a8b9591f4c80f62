"""Paging the privacy officer about a new signal (a report of `breach serve`'s form or `breach signal`).

A signal is not a breach yet, so it has no clocks and no timeline: the hours before someone opens it
are where organisations lose the 72. The next `breach remind` (cron, `breach watch`) sends each new
signal once to the first rung of the ladder (the privacy officer: untagged channels and `dpo`), as a
high-urgency message that names the receipt and the triage deadline, never the finder's words.

Once per signal, on any number of machines: the signal is claimed by one atomic UPDATE of its
`paged_at` (NULL -> now) before anything is sent; when no channel took the message the claim is
given back, so the next run tries again. A process killed between the claim and the send leaves the
signal claimed and unsent: it stays on the dashboard and in `breach signals` with its triage clock,
which is the safer way round than paging the officer twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from breach.domain.clock import format_local
from breach.domain.ladder import rung_of
from breach.domain.schedule import Settings
from breach.domain.triage import triage_state
from breach.notify import dispatch

if TYPE_CHECKING:
    from breach.notify.channels import Channel
    from breach.store.engine import Store

WORDS = {
    "nl": {
        "title": "Melding mogelijk datalek {receipt}: beoordelen vóór {due}",
        "body": ("Iemand meldde een mogelijk datalek. Beoordeel de melding: open het als datalek (de 72 uur lopen "
                 "vanaf het moment van kennisname) of wijs het af met een reden.\n"
                 "Termijn voor de beoordeling: {due_long}\n"
                 "Meldingen bekijken: breach signals (of op het dashboard)\n"
                 "Openen: breach open --from-signal {number} --aware WANNEER --aware-reason TEKST\n"
                 "Afwijzen: breach dismiss {number} --reason TEKST"),
    },
    "en": {
        "title": "Possible breach reported, {receipt}: triage by {due}",
        "body": ("Someone reported a possible breach. Triage it: open it as a breach (the 72 hours run from the "
                 "moment of awareness) or dismiss it with a reason.\n"
                 "Triage deadline: {due_long}\n"
                 "See the reports: breach signals (or on the dashboard)\n"
                 "Open: breach open --from-signal {number} --aware WHEN --aware-reason TEXT\n"
                 "Dismiss: breach dismiss {number} --reason TEXT"),
    },
}


@dataclass(frozen=True)
class Sent:
    receipt: str
    channel: str  # as shown (masked)
    title: str
    body: str
    outcome: dispatch.Outcome


def first_rung(found: list[Channel], settings: Settings) -> list[Channel]:
    return [c for c in found if rung_of(c.target.tags, settings.ladder) == 0]


def run(store: Store, found: list[Channel], settings: Settings, now: datetime, tz: str, language: str,
        send: Callable[..., dispatch.Outcome] = dispatch.send) -> list[Sent]:
    """Page each signal not paged yet; one `Sent` per signal and channel."""
    from sqlalchemy import update
    from sqlmodel import select

    from breach.store.models import Signal

    officers = first_rung(found, settings)
    if not officers:
        return []
    with store.read() as session:
        waiting = [(s.id, s.receipt, s.received_at, s.triage_hours, s.status)
                   for s in session.exec(select(Signal).where(Signal.status == "open", Signal.paged_at.is_(None)))]
    results = []
    for signal_id, receipt, received_at, hours, status in waiting:
        with store.write() as session:
            claimed = session.execute(
                update(Signal).where(Signal.id == signal_id, Signal.paged_at.is_(None)).values(paged_at=now)
                .returning(Signal.id)
            ).first()
        if claimed is None:  # another run took it
            continue
        due = triage_state(received_at, hours, status, now).due_at
        words = WORDS[language]
        title = words["title"].format(receipt=receipt, due=format_local(due, tz))
        body = words["body"].format(due_long=format_local(due, tz), number=signal_id)
        outcomes = [Sent(receipt, c.shown, title, body, send(c.url, title, body, level="high")) for c in officers]
        results += outcomes
        if not any(sent.outcome.ok for sent in outcomes):
            with store.write() as session:
                session.execute(update(Signal).where(Signal.id == signal_id).values(paged_at=None))
    return results
