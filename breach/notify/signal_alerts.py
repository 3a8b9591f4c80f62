"""Paging the privacy officer about a new signal (a report of `breach serve`'s form or `breach signal`).

A signal is not a breach yet, so it has no clocks and no timeline: the hours before someone opens it
are where organisations lose the 72. The next `breach remind` (cron, `breach watch`) sends each new
signal to the first staffed rung of the ladder (the privacy officer: untagged channels and `dpo`), as
a high-urgency message that names the receipt and the triage deadline, never the finder's words;
while nobody opens or dismisses it, it climbs a rung after the high level's wait (30 min by default:
the backup person, then management), as breach reminders do (`domain.ladder.signal_rung`).

Each step once, on any number of machines: it is claimed by one atomic UPDATE of `paged_rung` and
`paged_at` (from the values this run read) before anything is sent; when no channel took the
message the step is given back, so the next run tries again. A process killed between the claim and the send leaves the
signal claimed and unsent: it stays on the dashboard and in `breach signals` with its triage clock,
which is the safer way round than paging the officer twice.

A signal belongs to an organisation: it pages that organisation's ladder only, with its settings, time
zone and language. In a store of several, the message names the organisation and its commands carry
`--org`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from breach.domain.ladder import SIGNAL_LEVEL, rung_of, signal_rung
from breach.domain.schedule import Settings
from breach.domain.triage import triage_state
from breach.notify import dispatch, messages

if TYPE_CHECKING:
    from breach.notify.channels import Channel
    from breach.notify.scopes import Scope
    from breach.store.engine import Store

WORDS = {
    "nl": {
        "title": "Melding mogelijk datalek {receipt}: beoordelen vóór {due}",
        "body": ("Iemand meldde een mogelijk datalek. Beoordeel de melding: open het als datalek (de 72 uur lopen "
                 "vanaf het moment van kennisname) of wijs het af met een reden.\n"
                 "Termijn voor de beoordeling: {due_long}\n"
                 "Meldingen bekijken: {breach} signals (of op het dashboard)\n"
                 "Openen: {breach} open --from-signal {number} --aware WANNEER --aware-reason TEKST\n"
                 "Afwijzen: {breach} dismiss {number} --reason TEKST"),
        "escalated": "Na {wait} min heeft nog niemand de melding beoordeeld; daarom krijgt u haar nu ook.",
    },
    "en": {
        "title": "Possible breach reported, {receipt}: triage by {due}",
        "body": ("Someone reported a possible breach. Triage it: open it as a breach (the 72 hours run from the "
                 "moment of awareness) or dismiss it with a reason.\n"
                 "Triage deadline: {due_long}\n"
                 "See the reports: {breach} signals (or on the dashboard)\n"
                 "Open: {breach} open --from-signal {number} --aware WHEN --aware-reason TEXT\n"
                 "Dismiss: {breach} dismiss {number} --reason TEXT"),
        "escalated": "Nobody has triaged it within {wait} min; that is why you get it now too.",
    },
}


@dataclass(frozen=True)
class Sent:
    receipt: str
    channel: str  # as shown (masked)
    title: str
    body: str
    outcome: dispatch.Outcome


def waiting(session, org_ids: list[int]) -> dict[int, list[tuple]]:
    """{org id: its open signals, as `run` reads them}, for several organisations in one query."""
    from sqlmodel import select

    from breach.store.models import Signal

    found: dict[int, list[tuple]] = {org_id: [] for org_id in org_ids}
    for s in session.exec(select(Signal).where(Signal.status == "open", Signal.org_id.in_(org_ids))):
        found[s.org_id].append((s.id, s.receipt, s.received_at, s.triage_hours, s.status, s.paged_rung, s.paged_at))
    return found


def run(store: Store, found: list[Channel], scope: Scope, now: datetime,
        send: Callable[..., dispatch.Outcome] = dispatch.send, open_signals: list[tuple] | None = None) -> list[Sent]:
    """Page each open signal of the organisation of `scope` that is due (`ladder.signal_rung`) on its
    channels `found`; one `Sent` per signal and channel. `open_signals`: what `waiting` read for it (read
    here when not given)."""
    from sqlalchemy import update

    from breach.store.models import Signal

    settings, tz, language = scope.settings, scope.tz, scope.language
    rungs: dict[int, list[Channel]] = {}
    for channel in found:
        rung = rung_of(channel.target.tags, settings.ladder)
        if rung is not None:
            rungs.setdefault(rung, []).append(channel)
    if not rungs:
        return []
    if open_signals is None:
        with store.read() as session:
            open_signals = waiting(session, [scope.org_id])[scope.org_id]
    results = []
    for signal_id, receipt, received_at, hours, status, paged_rung, paged_at in open_signals:
        target = signal_rung(paged_rung, paged_at, now, rungs, settings.ladder)
        if target is None:
            continue
        same = (Signal.paged_rung.is_(None) if paged_rung is None else Signal.paged_rung == paged_rung)
        with store.write() as session:  # the claim: one run, on one machine, takes this step
            claimed = session.execute(
                update(Signal).where(Signal.id == signal_id, Signal.status == "open", same)
                .values(paged_rung=target, paged_at=now).returning(Signal.id)
            ).first()
        if claimed is None:
            continue
        title, body = _words(language, receipt, signal_id, triage_state(received_at, hours, status, now).due_at, tz,
                             escalated=paged_rung is not None, settings=settings, scope=scope)
        outcomes = [Sent(receipt, c.shown, title, body, send(c.url, title, body, level=SIGNAL_LEVEL))
                    for c in rungs[target]]
        results += outcomes
        if not any(sent.outcome.ok for sent in outcomes):  # nobody heard it: give the step back for the next run
            with store.write() as session:
                session.execute(update(Signal).where(Signal.id == signal_id, Signal.paged_rung == target)
                                .values(paged_rung=paged_rung, paged_at=paged_at))
    return results


def _words(language: str, receipt: str, number: int, due: datetime, tz: str, *, escalated: bool,
           settings: Settings, scope: Scope) -> tuple[str, str]:
    words = WORDS[language]
    title = words["title"].format(receipt=receipt, due=messages.short_moment(due, tz, language))
    if scope.shared:
        title += f" · {scope.short}"
    body = words["body"].format(due_long=messages.long_moment(due, tz, language), number=number,
                                breach=scope.command())
    if escalated:
        body = words["escalated"].format(wait=settings.ladder.wait.get(SIGNAL_LEVEL, 0)) + "\n" + body
    return title, body
