"""`breach remind`: find what is due, claim it, send it, record it. Exactly once per step and channel.

1. Plan (read): the current clocks of every open breach (through `incidents.clocks_many`, so whatever
   the clocks come to depend on, reminders follow) give the wanted steps per channel (`schedule`).
2. Claim (a worker's worth at a time, see `run`): one INSERT ... ON CONFLICT DO NOTHING RETURNING per
   step and channel on the unique key (incident, obligation, step, channel); a failed one whose back-off
   has passed is re-claimed by one UPDATE ... RETURNING. Both are single atomic statements on SQLite and
   PostgreSQL: a process sends only what its own statement returned, so overlapping runs never send twice.
   Claims are stamped with the store's clock (`claim_clock`), so a lease holds across machines.
3. Send (no transaction open): per channel, concurrently with a bound.
4. Record (a short write transaction per batch of outcomes, as they return, with the next claims): sent
   or failed per channel, each with its event on the timeline. A kill leaves only the sends in flight
   claimed and unrecorded; `doctor` names such pending claims.

A clock that was met (`breach notified`) or a breach that was closed yields no wanted step, so its
pending and failed reminders are never sent again: cancellation needs no bookkeeping.

A run works for one organisation or for each of a store's in turn (`notify.scopes`): each breach with its
own organisation's settings, time zone, language and channels; one `remind_run` row per run.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, TypedDict

from breach.domain import deadlines, schedule
from breach.domain.clock import format_local, utc
from breach.domain.schedule import AckFact, Paged, Target
from breach.errors import Refused
from breach.notify import channels, dispatch, escalation, messages, signal_alerts
from breach.notify.escalation import sending
from breach.notify.scopes import Scope
from breach.records import incidents
from breach.store.timeline import add_event

if TYPE_CHECKING:
    import pendulum
    from sqlmodel import Session

    from breach.store.engine import Store
    from breach.store.models import Delivery, Incident

TERMINAL = Target("terminal")
SIGNAL = "signal"  # an Item about a new signal (`notify.signal_alerts`), not a clock
TERMINAL_SHOWN = "the terminal"  # the channel an item names when no channel is configured
CLAIM_LEASE_MINUTES = 15  # a claim whose process died unconfirmed is taken over after this

# The values of `store.models.DeliveryStatus`, one name each.
CLAIMED: Final = "claimed"
SENT: Final = "sent"
FAILED: Final = "failed"
GAVE_UP: Final = "gave_up"
CANCELLED: Final = "cancelled"

ItemStatus = Literal["sent", "failed", "gave_up", "held", "due"]  # what `remind` reports of one reminder
HELD: Final = "held"  # quiet hours: goes out when they end
DUE: Final = "due"  # dry run: would be sent


@dataclass
class Item:
    """One reminder to one channel, as `breach remind` reports it."""

    ref: str
    obligation: str
    step: str
    channel: str
    title: str
    body: str
    status: ItemStatus
    due_at: datetime
    error: str | None = None
    next_try_at: datetime | None = None
    attempt: int = 1
    org: str = ""  # the organisation's short name
    tz: str | None = None  # the organisation's time zone: its moments are shown there


@dataclass
class Report:
    items: list[Item] = field(default_factory=list)
    no_channels: bool = False
    continues: list[str] = field(default_factory=list)  # dry run: clocks whose repeats go on past the listed ones
    unreached: list[str] = field(default_factory=list)  # the organisations with no channel (short names)
    shared: bool = False  # the store keeps more than one organisation

    def having(self, status: ItemStatus) -> list[Item]:
        return [i for i in self.items if i.status == status]

    def note_channels(self, scope: Scope, by_key: dict) -> None:
        self.shared = self.shared or scope.shared
        if not by_key:
            self.no_channels = True
            self.unreached.append(scope.short)


@dataclass
class _Plan:
    incident: Incident
    states: dict[str, deadlines.ClockState]
    wanted: schedule.Wanted
    scope: Scope | None = None  # the organisation whose breach it is
    by_key: dict[str, channels.Channel] = field(default_factory=dict)  # that organisation's channels
    reassess: bool = False  # facts changed after the latest assessment: the message says to run it again


def claim_token() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class _Loaded:
    """What planning reads, for the organisations of one run at once (a query per table, not per
    organisation: a store of 30 clients costs about what one organisation with their breaches does)."""

    rows: dict[int, list]  # {org id: [(incident, clocks)]}
    found: dict[int, list[channels.Channel]]  # {org id: its channels}
    acks: dict[int, list[AckFact]]
    paged: dict[int, list[Paged]]
    pages: dict[int, list]
    done: dict[tuple, Delivery]


def _load(session: Session, scopes: list[Scope], home: Path, now: datetime) -> _Loaded:
    """The organisations' open breaches with their clocks, their channels, the acks and what already
    reached each channel."""
    from sqlmodel import select

    from breach.store.models import Ack, Delivery

    wanted = {scope.org_id for scope in scopes}
    if len(wanted) == 1:
        [only] = wanted
        found_incidents = incidents.open_incidents(session, org_id=only)
    else:
        found_incidents = [i for i in incidents.open_incidents(session) if i.org_id in wanted]
    rows: dict[int, list] = {org_id: [] for org_id in wanted}
    for incident, states in incidents.clocks_many(session, found_incidents, now):
        rows[incident.org_id].append((incident, states))
    stored = channels.stored_of(session, wanted)
    found = {scope.org_id: stored[scope.org_id] + (channels.from_file(scope.settings.config_file, home)
                                                    if scope.settings.config_file else [])
             for scope in scopes}
    ids = [incident.id for incident in found_incidents]
    acks: dict[int, list[AckFact]] = {i: [] for i in ids}
    paged: dict[int, list[Paged]] = {i: [] for i in ids}
    pages: dict[int, list] = {i: [] for i in ids}
    done: dict[tuple, Delivery] = {}
    for start in range(0, len(ids), CLAIM_CHUNK):
        chunk = ids[start:start + CLAIM_CHUNK]
        for ack in session.exec(select(Ack).where(Ack.incident_id.in_(chunk)).order_by(Ack.id)):
            acks[ack.incident_id].append(AckFact(ack.obligation, ack.at))
        for d in session.exec(select(Delivery).where(Delivery.incident_id.in_(chunk)).order_by(Delivery.id)):
            done[(d.incident_id, d.obligation, d.step, d.channel)] = d
            pages[d.incident_id] += escalation.pages_of(d)
            if d.status == SENT:
                series = d.step.split("-")[0].replace("day", "daily")
                paged[d.incident_id].append(Paged(d.obligation, series, d.channel, d.sent_at))
    return _Loaded(rows=rows, found=found, acks=acks, paged=paged, pages=pages, done=done)


def plan(
    session: Session, scope: Scope, home: Path, now: datetime, loaded: _Loaded | None = None,
) -> tuple[list[_Plan], dict[str, channels.Channel], dict[tuple, Delivery]]:
    """(plans, channels by key, deliveries so far) of one organisation for `now`; `loaded`: what `_load`
    read for this organisation and others of the run (read here when not given)."""
    settings, tz = scope.settings, scope.tz
    got = loaded if loaded is not None else _load(session, [scope], home, now)
    found = got.found[scope.org_id]
    targets = [c.target for c in found] or [TERMINAL]
    by_key = {c.key: c for c in found}
    plans = []
    for incident, states in got.rows[scope.org_id]:
        wanted = schedule.wanted(incident, states, targets, settings, now, tz, got.acks[incident.id],
                                 got.paged[incident.id], got.pages[incident.id])
        settled = partial(_settled, got.done, incident.id)
        plans += [_Plan(incident, states, want, scope, by_key) for want in once_per_url(wanted, by_key, settled)]
    if plans:
        from breach.records import assessments

        stale = assessments.stale_ids(session, list({p.incident.id: p.incident for p in plans}.values()))
        for p in plans:
            p.reassess = p.incident.id in stale
    return plans, by_key, got.done


def _settled(done: dict[tuple, Delivery], incident_id: int, want: schedule.Wanted) -> bool:
    """Sent or given up already: no run sends it again."""
    row = done.get((incident_id, want.step.obligation, want.step.name, want.target.key))
    return row is not None and row.status in (SENT, GAVE_UP)


def once_per_url(
    wanted: list[schedule.Wanted], by_key: dict[str, channels.Channel],
    settled: Callable[[schedule.Wanted], bool] = lambda want: False,
) -> list[schedule.Wanted]:
    """A service stored twice, or also in the apprise config file, gets each step once (apprise's
    normalised URL tells them apart); one that may send now goes before one held by quiet hours.

    A step `settled` on every channel (and held on none) is kept as it is: nothing of it is sent
    whichever copy is kept, and apprise, which the comparison needs, is not loaded for nothing."""
    steps: dict[tuple, list[schedule.Wanted]] = {}
    for want in wanted:
        steps.setdefault((want.step.obligation, want.step.name), []).append(want)
    done = {step for step, wants in steps.items() if all(settled(w) and not w.held for w in wants)}
    seen, out = set(), []
    for want in sorted(wanted, key=lambda w: w.held):
        if (want.step.obligation, want.step.name) in done:
            out.append(want)
            continue
        channel = by_key.get(want.target.key)
        same = (want.step.obligation, want.step.name, channel.identity if channel else want.target.key)
        if same not in seen:
            seen.add(same)
            out.append(want)
    return out


def _insert(session: Session):
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def _key(p: _Plan) -> tuple:
    return (p.incident.id, p.wanted.step.obligation, p.wanted.step.name, p.wanted.target.key)


CLAIM_CHUNK = 500


def claim_clock(session: Session, now: datetime) -> pendulum.DateTime:
    """The instant a claim is stamped with and its lease measured from: the store's clock.

    A lease compares the instant one process claimed a reminder with the instant another looks at it,
    possibly on another machine: both must be read from one clock, or two machines whose clocks differ
    by more than the lease each send everything. PostgreSQL is the one thing every machine that runs
    `remind` shares, so its clock_timestamp() is that clock, whatever a client's clock or BREACH_NOW says.
    A SQLite store is a file on one machine, whose processes share its clock: the tool's `now` is the
    store's clock there (and BREACH_NOW moves it in tests). Refusing to run on a measured skew was the
    other way; it needs the database's time to measure against all the same, and would stop reminders
    during a breach on a machine whose clock is merely off, where using that time makes the skew harmless.
    Only claims and leases use it: what a reminder says and when it is due stay on the tool's `now`."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import func, select

        return utc(session.execute(select(func.clock_timestamp())).scalar_one())
    return utc(now)


def claim(
    session: Session, plans: list[_Plan], done: dict[tuple, Delivery], token: str, now: datetime,
) -> list[tuple[_Plan, int, int]]:
    """(plan, delivery id, attempt) for every step this process won. New keys are claimed by one
    INSERT ... ON CONFLICT DO NOTHING RETURNING per chunk; keys seen failed (or claimed by a process that
    died, or cancelled and now wanted again) when planning are re-claimed by one UPDATE ... RETURNING
    each, which only matches a row still in that state. Keys seen sent or given up are not tried at all."""
    from sqlalchemy import and_, or_, update

    from breach.store.models import Delivery

    at = claim_clock(session, now)
    by_key = {_key(p): p for p in plans}
    fresh = [p for k, p in by_key.items() if k not in done]
    again = [p for k, p in by_key.items() if k in done and done[k].status in (FAILED, CLAIMED, CANCELLED)]
    won: list[tuple[_Plan, int, int]] = []
    columns = (Delivery.incident_id, Delivery.obligation, Delivery.step, Delivery.channel)
    for start in range(0, len(fresh), CLAIM_CHUNK):
        rows = [
            dict(incident_id=p.incident.id, obligation=p.wanted.step.obligation, step=p.wanted.step.name,
                 channel=p.wanted.target.key, due_at=p.wanted.step.due, status=CLAIMED, attempts=1,
                 claimed_by=token, claimed_at=at, **escalation.claimed(p, now))
            for p in fresh[start:start + CLAIM_CHUNK]
        ]
        statement = (
            _insert(session)(Delivery)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["incident_id", "obligation", "step", "channel"])
            .returning(Delivery.id, Delivery.attempts, *columns)
        )
        for row in session.execute(statement):
            won.append((by_key[tuple(row[2:])], row[0], row[1]))
    lease = at.subtract(minutes=CLAIM_LEASE_MINUTES)
    for p in again:
        incident_id, obligation, step, channel = _key(p)
        retry = (
            update(Delivery)
            .where(Delivery.incident_id == incident_id, Delivery.obligation == obligation,
                   Delivery.step == step, Delivery.channel == channel)
            .where(or_(
                and_(Delivery.status == FAILED, Delivery.next_try_at <= now),
                and_(Delivery.status == CLAIMED, Delivery.claimed_at <= lease),
                Delivery.status == CANCELLED,  # wanted again (a corrected fact, a changed decision)
            ))
            .values(status=CLAIMED, claimed_by=token, claimed_at=at, attempts=Delivery.attempts + 1)
            .returning(Delivery.id, Delivery.attempts)
        )
        row = session.execute(retry).first()
        if row is not None:
            won.append((p, row[0], row[1]))
    return won


def run(
    store: Store, scopes: Iterable[Scope], home: Path, now: datetime,
    *, send: Callable[..., dispatch.Outcome] = dispatch.send,
) -> Report:
    """Send what is due now for each organisation of `scopes`, each breach with its own organisation's
    settings and channels; record each outcome on the timeline as soon as it is known; note the run once.

    One snapshot plans every organisation. Claims go out a worker's worth at a time, across organisations
    (`dispatch.run_streamed`: one slow service of one client does not hold up the others); each batch of
    outcomes is recorded, with the next claims, in one short transaction. A process killed mid-send leaves
    only the sends in flight claimed (uncertain: they go out again after the lease), and what it never
    started unclaimed, so the next run sends it at once."""
    token = claim_token()
    report = Report()
    scopes = list(scopes)
    org_ids = [scope.org_id for scope in scopes]
    with store.read() as session:
        loaded = _load(session, scopes, home, now)
        planned = [(scope, *plan(session, scope, home, now, loaded)[:2]) for scope in scopes]
        links = {scope.org_id for scope in scopes if escalation.links_wanted(session, scope.settings, now)}
        stale = unwanted(session, org_ids, {_key(p) for _, plans, _ in planned for p in plans})
        signals = signal_alerts.waiting(session, org_ids)
    if stale:
        with store.write() as session:
            cancel(session, stale)
    plans = [p for _, some, _ in planned for p in some]
    for scope, _, by_key in planned:
        report.note_channels(scope, by_key)
    report.items += [_item(p, p.by_key, None, HELD, 0, p.scope) for p in plans if p.wanted.held]
    order = {id(p): n for n, p in enumerate(plans)}
    waiting = deque(p for p in plans if not p.wanted.held)
    sent: list[tuple[_Plan, Item]] = []

    def step(finished: list, room: int) -> list | None:
        """Record what finished, claim up to `room` more: one transaction."""
        if not finished and (not room or not waiting):
            return None if not waiting else []
        with store.write() as session:
            for job, outcome in finished:
                p = job[0]
                sent.append((p, _record(session, *job, outcome, p.by_key, p.scope, token, now)))
            _mark_sent(session, [job[1] for job, outcome in finished if outcome.ok], token, now)
            for scope, paged in _by_scope([job[0] for job, outcome in finished if outcome.ok]):
                escalation.note_ladder(session, {p.incident.id for p in paged}, scope.settings, paged[0].by_key, now)
            window = [waiting.popleft() for _ in range(min(room, len(waiting)))]
            won = claim(session, window, loaded.done, token, now) if window else []
            for scope, ours in _by_scope([w[0] for w in won]):
                if scope.org_id in links:
                    mine = {id(p) for p in ours}
                    escalation.add_links(session, [w for w in won if id(w[0]) in mine], ours[0].by_key,
                                         scope.settings, scope.language, now)
        jobs = [(p, delivery_id, attempt, _text(p, now, p.scope)) for p, delivery_id, attempt in won]
        return jobs if jobs or waiting else None

    def work(job) -> dispatch.Outcome:
        p, _, _, text = job
        if p.wanted.target.key == TERMINAL.key:
            return dispatch.Outcome(True)
        return send(p.by_key[p.wanted.target.key].url, text.title, text.body, **sending(p))

    if waiting:
        dispatch.run_streamed(step, work)
    report.items += [item for _, item in sorted(sent, key=lambda pair: order[id(pair[0])])]
    for scope, _, by_key in planned:
        report.items += [
            Item(alert.receipt, SIGNAL, "new", alert.channel, alert.title, alert.body,
                 SENT if alert.outcome.ok else FAILED, now, error=alert.outcome.error, org=scope.short, tz=scope.tz)
            for alert in signal_alerts.run(store, list(by_key.values()), scope, now, send, signals[scope.org_id])]
    with store.write() as session:
        note_run(session, now, len(report.having(SENT)), len(report.having(FAILED)) + len(report.having(GAVE_UP)))
    return report


def _by_scope(plans: list[_Plan]) -> list[tuple[Scope, list[_Plan]]]:
    """The plans grouped by organisation, in their order."""
    groups: dict[int, tuple[Scope, list[_Plan]]] = {}
    for p in plans:
        groups.setdefault(p.scope.org_id, (p.scope, []))[1].append(p)
    return list(groups.values())


def _text(p: _Plan, now: datetime, scope: Scope, *, hint: bool = True) -> messages.Message:
    return messages.reminder(p.incident, p.wanted.step, p.states, now, scope.tz, scope.language,
                             detail=p.wanted.target.detail, reassess=p.reassess, ref=scope.label(p.incident),
                             org=scope.named(p.wanted.target.detail), breach=scope.command(),
                             hint=escalation.hint(p, scope.settings, scope.language) if hint else None)


def _shown(p: _Plan, by_key: dict[str, channels.Channel]) -> str:
    key = p.wanted.target.key
    return TERMINAL_SHOWN if key == TERMINAL.key else by_key[key].shown


def _item(p: _Plan, by_key: dict[str, channels.Channel], text: messages.Message | None, status: ItemStatus,
          attempt: int, scope: Scope) -> Item:
    return Item(
        scope.label(p.incident), p.wanted.step.obligation, p.wanted.step.name, _shown(p, by_key),
        text.title if text else "", text.body if text else "", status, p.wanted.step.due, attempt=attempt,
        org=scope.short, tz=scope.tz,
    )


def _record(
    session: Session, p: _Plan, delivery_id: int, attempt: int, text: messages.Message, outcome: dispatch.Outcome,
    by_key: dict[str, channels.Channel], scope: Scope, token: str, now: datetime,
) -> Item:
    from sqlalchemy import update

    from breach.store.models import Delivery

    settings, tz = scope.settings, scope.tz
    item = _item(p, by_key, text, SENT, attempt, scope)
    values: dict = {}
    if not outcome.ok:
        item.error = outcome.error
        values["error"] = outcome.error
        if attempt <= len(settings.retry_minutes):
            item.status = FAILED
            item.next_try_at = utc(now).add(minutes=settings.retry_minutes[attempt - 1])
            values.update(status=FAILED, next_try_at=item.next_try_at)
        else:
            item.status = GAVE_UP
            values.update(status=GAVE_UP, next_try_at=None)
    if values:
        session.execute(update(Delivery).where(Delivery.id == delivery_id, Delivery.claimed_by == token).values(**values))
    what = f"{item.obligation} {item.step}" if item.obligation != schedule.OPENED else "breach opened alert"
    what += escalation.level_words(p)
    if item.status == SENT:
        kind, line = "reminded", f"{what} to {item.channel}{escalation.escalated_words(p)}"
    elif item.status == FAILED:
        kind = "remind_failed"
        line = f"{what} to {item.channel} failed (try {attempt}; next try {format_local(item.next_try_at, tz)}): {item.error}"
    else:
        kind, line = "remind_failed", f"{what} to {item.channel} failed (try {attempt}, the last): {item.error}"
    add_event(
        session, p.incident.id, kind, now,
        line,
        {"obligation": item.obligation, "step": item.step, "channel": item.channel, "attempt": attempt,
         "status": item.status, "error": item.error,
         "next_try_at": item.next_try_at.isoformat() if item.next_try_at else None, **escalation.event_data(p)},
    )
    return item


def unwanted(session: Session, org_ids: list[int], wanted_keys: set[tuple]) -> list[int]:
    """The failed reminders of the organisations `org_ids` (those a run works for) that are no longer wanted
    (the clock was met, the breach closed, a later step superseded it, an ack silenced it): they will never
    be retried (`cancel`). Another organisation's are its own run's to judge."""
    from sqlmodel import select

    from breach.store.models import Delivery, Incident

    failed = (select(Delivery.id, Delivery.incident_id, Delivery.obligation, Delivery.step, Delivery.channel)
              .join(Incident, Incident.id == Delivery.incident_id)
              .where(Delivery.status == FAILED, Incident.org_id.in_(org_ids)))
    return [row[0] for row in session.exec(failed) if tuple(row[1:]) not in wanted_keys]


def cancel(session: Session, stale: list[int]) -> None:
    """Mark failed reminders no longer wanted as cancelled, for `doctor` (one still failed only)."""
    from sqlalchemy import update

    from breach.store.models import Delivery

    for start in range(0, len(stale), CLAIM_CHUNK):
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(stale[start:start + CLAIM_CHUNK]), Delivery.status == FAILED)
            .values(status=CANCELLED, next_try_at=None)
        )


def _mark_sent(session: Session, ids: list[int], token: str, now: datetime) -> None:
    from sqlalchemy import update

    from breach.store.models import Delivery

    for start in range(0, len(ids), CLAIM_CHUNK):
        chunk = ids[start:start + CLAIM_CHUNK]
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(chunk), Delivery.claimed_by == token)
            .values(status=SENT, sent_at=now, next_try_at=None, error=None)
        )


def note_run(session: Session, now: datetime, sent: int, failed: int) -> None:
    """Once per `remind` invocation, with the totals of every organisation it ran for. One upsert: two `remind` runs on one host at once (on PostgreSQL, where writers do not queue
    for the whole store) must not both INSERT the host's row and fail the run that recorded its sends."""
    from breach.store.models import RemindRun

    host = socket.gethostname()[:128] or "localhost"
    statement = _insert(session)(RemindRun).values(host=host, at=now, sent=sent, failed=failed)
    session.execute(statement.on_conflict_do_update(
        index_elements=[RemindRun.host],
        set_={"at": statement.excluded.at, "sent": statement.excluded.sent, "failed": statement.excluded.failed},
        where=RemindRun.at <= statement.excluded.at,
    ))


def last_run(session: Session) -> datetime | None:
    from sqlalchemy import func
    from sqlmodel import select

    from breach.store.models import RemindRun

    value = session.exec(select(func.max(RemindRun.at))).first()
    return None if value is None else utc(value)


def dry_run(store: Store, scopes: Iterable[Scope], home: Path, now: datetime, until: datetime | None) -> Report:
    """What `remind` would send now for each organisation of `scopes`, and the steps that fall due up to
    `until`, without sending or claiming."""
    report = Report()
    scopes = list(scopes)
    with store.read() as session:
        loaded = _load(session, scopes, home, now)
        planned = [(scope, plan(session, scope, home, now, loaded)) for scope in scopes]
        ahead = until is not None and utc(until) > utc(now)
        stale: set[int] = set()
        if ahead:
            from breach.records import assessments

            stale = assessments.stale_ids(session, [i for scope in scopes for i, _ in loaded.rows[scope.org_id]])
    for scope, (plans, by_key, done) in planned:
        _dry_run_one(scope, plans, by_key, done, loaded.rows[scope.org_id] if ahead else None, now, until, report,
                     stale)
    return report


def _dry_run_one(scope: Scope, plans: list[_Plan], by_key: dict[str, channels.Channel], done: dict[tuple, Delivery],
                 rows: list | None, now: datetime, until: datetime | None, report: Report, stale: set[int]) -> None:
    settings, tz, language = scope.settings, scope.tz, scope.language
    report.note_channels(scope, by_key)
    targets = [c.target for c in by_key.values()] or [TERMINAL]
    for p in plans:
        previous = done.get((p.incident.id, p.wanted.step.obligation, p.wanted.step.name, p.wanted.target.key))
        if previous is not None and not (
            previous.status == FAILED and previous.next_try_at is not None and utc(previous.next_try_at) <= utc(now)
        ):
            continue
        text = _text(p, now, scope, hint=False)
        report.items.append(_item(p, by_key, text, HELD if p.wanted.held else DUE, 0, scope))
    for incident, states in rows or []:
        steps, more = schedule.upcoming(incident, states, settings, now, until)
        report.continues += [f"{scope.label(incident)} {c.obligation}: … and every {c.every_hours} h until met"
                             for c in more]
        for step in steps:
            for want in once_per_url([schedule.Wanted(step, t) for t in targets if schedule.routed(step, t)], by_key):
                at_step = _states_at(incident, states, step.due)
                text = messages.reminder(incident, step, at_step, step.due, tz, language, detail=want.target.detail,
                                         reassess=incident.id in stale, ref=scope.label(incident),
                                         org=scope.named(want.target.detail), breach=scope.command())
                report.items.append(_item(_Plan(incident, at_step, want), by_key, text, DUE, 0, scope))


def _states_at(
    incident: Incident, states: dict[str, deadlines.ClockState], moment: datetime,
) -> dict[str, deadlines.ClockState]:
    """The clocks as they will read at `moment` if nothing is recorded before then."""
    out = {}
    for name, state in states.items():
        if state.status == deadlines.OPEN and state.deadline is not None and utc(moment) > state.deadline:
            state = deadlines.ClockState(name, deadlines.OVERDUE, state.basis, state.deadline, None, state.since)
        out[name] = state
    return out


def test_channels(
    found: Iterable[channels.Channel], language: str, send: Callable[[str, str, str], dispatch.Outcome] = dispatch.send,
) -> list[tuple[channels.Channel, dispatch.Outcome]]:
    """Send the test message to each channel; (channel, outcome) in their order."""
    text = messages.test_message(language)
    return dispatch.run_bounded(found, lambda c: send(c.url, text.title, text.body))


def ack(session: Session, incident: Incident, obligation: str | None, now: datetime, *, by: str | None = None,
        via: str = "cli") -> None:
    """Record that someone is on it: the current step stops climbing the ladder, and its repeats stop
    for the channels already paged. `by`: who (`--by`, or the signed-in user of `breach serve`)."""
    from breach.store.models import Ack

    if incident.status != "open":
        raise Refused(f"{incident.ref}: nothing to acknowledge: the breach is closed")
    if by is not None and len(by) > 128:
        from breach.errors import InvalidInput

        raise InvalidInput("at most 128 characters (a name)", field="by")
    session.add(Ack(incident_id=incident.id, obligation=obligation, at=now, by=by, via=via))
    what = obligation or "all clocks"
    who = f" by {by}" if by else ""
    add_event(
        session, incident.id, "ack", now,
        f"on it ({what}){who}: the climb stops; repeats of the current reminder stop for the channels already paged",
        {"obligation": obligation, "by": by, "via": via},
    )


PENDING_AFTER_S = 60  # a claim this old without an outcome is not a send under way but one whose process died


@dataclass(frozen=True)
class Pending:
    """Claims older than PENDING_AFTER_S with no outcome: a `remind` was killed mid-send (or still sends)."""

    count: int
    since: datetime  # the oldest claim, on the store's clock
    seconds: float  # its age, on the store's clock


def pending_claims(session: Session, now: datetime) -> Pending | None:
    """The claims no outcome was recorded for within PENDING_AFTER_S, measured on the store's clock; None if none."""
    from sqlalchemy import func, select

    from breach.store.models import Delivery

    at = claim_clock(session, now)
    count, oldest = session.execute(
        select(func.count(), func.min(Delivery.claimed_at))
        .where(Delivery.status == CLAIMED, Delivery.claimed_at <= at.subtract(seconds=PENDING_AFTER_S))
    ).one()
    if not count:
        return None
    return Pending(count, utc(oldest), (at - utc(oldest)).total_seconds())


class ChannelHealth(TypedDict):
    last_sent: datetime | None
    last_error: str | None
    waiting: int  # failed, to be retried
    gave_up: int


def delivery_health(session: Session, org_id: int | None = None) -> dict[str, ChannelHealth]:
    """Per channel key: the last sent, the last error, and how many wait for a retry or gave up; of the
    breaches of organisation `org_id` (None: of every one).

    Three grouped queries: a register of years holds a million deliveries, which Python need not see."""
    from sqlalchemy import func
    from sqlalchemy import select as plain_select

    from breach.store.models import Delivery, Incident

    def select(*columns):
        query = plain_select(*columns)
        if org_id is not None:
            query = (query.select_from(Delivery).join(Incident, Incident.id == Delivery.incident_id)
                     .where(Incident.org_id == org_id))
        return query

    health: dict[str, ChannelHealth] = {}

    def of(channel: str) -> ChannelHealth:
        return health.setdefault(channel, {"last_sent": None, "last_error": None, "waiting": 0, "gave_up": 0})

    unsent = Delivery.status.in_((FAILED, GAVE_UP))
    for channel, last in session.execute(
        select(Delivery.channel, func.max(Delivery.sent_at)).where(Delivery.status == SENT).group_by(Delivery.channel)
    ):
        of(channel)["last_sent"] = utc(last) if last is not None else None
    for channel, status, count in session.execute(
        select(Delivery.channel, Delivery.status, func.count()).where(unsent).group_by(Delivery.channel, Delivery.status)
    ):
        of(channel)["waiting" if status == FAILED else "gave_up"] = count
    latest = select(func.max(Delivery.id)).where(unsent).group_by(Delivery.channel)
    for channel, error in session.execute(plain_select(Delivery.channel, Delivery.error).where(Delivery.id.in_(latest))):
        of(channel)["last_error"] = error
    return health
