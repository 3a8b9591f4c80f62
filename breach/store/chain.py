"""The tamper-evident timeline: every event is sealed into a hash chain, one chain per breach.

A seal (table `event_seal`) holds SHA-256(previous hash + canonical content of the event); the
breach's chain head (table `event_chain`) holds the number of sealed events and the last hash.
Sealing happens in ONE place: a session hook of the session class the Store hands out, so every
`session.add(Event(...))` anywhere is sealed in the transaction that adds it, and a changed or
deleted Event object is refused there.

Why one chain per breach and not one for the store:
- Two writers (PostgreSQL later) contend only when they write the same breach: the writer locks
  that breach's head row before it inserts (before_flush), so chain order is insertion order and
  a chain never forks (a unique (incident, position) backs this up). One store-wide chain would
  serialise every write on one row.
- A broken chain taints one breach, not everything recorded after it.
- What per-breach chains alone cannot see is covered separately: a deleted last event leaves the
  head longer than the chain; an event inserted with plain SQL has no seal; a breach deleted with
  all its rows leaves a gap in the numbers the id counter handed out. Someone who rewrites a whole
  chain and its head consistently is caught only against a copy kept elsewhere: the export carries
  every chain's length and head, and `breach verify --against EXPORT` checks the store against it.

Events recorded before sealing existed (a store of the first release) are sealed when the store
is upgraded, marked `adopted`, and the head records how many and when: the chain vouches for them
from that moment on, not for what happened to them before.
"""

from __future__ import annotations

import hashlib
import json
from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from operator import attrgetter
from typing import Any

from breach.errors import Refused

GENESIS = "0" * 64
BATCH = 1000

_SESSION_CLASS = None


# ---------------------------------------------------------------- hashing


_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)  # made once: verify encodes every event


def canonical(event) -> str:
    """The sealed content of an event row: sorted, compact JSON; the moment in UTC with microseconds."""
    at: datetime = event.at
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    doc = {
        "v": 1,
        "id": event.id,
        "incident_id": event.incident_id,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "kind": event.kind,
        "text": event.text,
        "data": event.data,
    }
    return _CANONICAL_JSON.encode(doc)


def seal_hash(prev_hash: str, event) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(event)}".encode()).hexdigest()


# ---------------------------------------------------------------- sealing


def session_class():
    """The Session class the Store uses: sqlmodel's, with the sealing hooks registered once."""
    global _SESSION_CLASS
    if _SESSION_CLASS is None:
        from sqlalchemy import event
        from sqlmodel import Session

        class SealingSession(Session):
            """A session whose flushes seal new timeline events and refuse changed or deleted ones."""

        event.listen(SealingSession, "before_flush", _before_flush)
        event.listen(SealingSession, "after_flush", _after_flush)
        _SESSION_CLASS = SealingSession
    return _SESSION_CLASS


def _is_event(obj) -> bool:
    return getattr(type(obj), "__tablename__", None) == "event"


def _before_flush(session, _flush_context, _instances) -> None:
    from sqlalchemy import select

    from breach.store.models import EventChain

    for obj in session.deleted:
        if _is_event(obj):
            raise Refused(f"the timeline is append-only: event {obj.id} cannot be deleted")
    for obj in session.dirty:
        if _is_event(obj) and session.is_modified(obj):
            raise Refused(f"the timeline is append-only: event {obj.id} cannot be changed")
    incident_ids = sorted({obj.incident_id for obj in session.new if _is_event(obj)})
    if incident_ids:  # lock the heads before the events get their ids: chain order is insertion order
        table = EventChain.__table__
        session.connection().execute(
            select(table.c.incident_id).where(table.c.incident_id.in_(incident_ids)).with_for_update()
        ).all()


def _after_flush(session, _flush_context) -> None:
    ids = sorted(obj.id for obj in session.new if _is_event(obj))
    if ids:
        connection = session.connection()
        for start in range(0, len(ids), BATCH):
            seal_rows(connection, _event_rows(connection, ids[start:start + BATCH]))


def _event_rows(connection, ids: list[int]):
    from sqlalchemy import select

    from breach.store.models import Event

    table = Event.__table__
    return connection.execute(select(table).where(table.c.id.in_(ids)).order_by(table.c.incident_id, table.c.id)).all()


def seal_rows(connection, rows: Iterable[Any], *, adopted_at: datetime | None = None) -> int:
    """Append event rows (ordered by incident, then id) to their breaches' chains; the count sealed.

    `adopted_at` marks events that existed before they could be sealed (an upgrade)."""
    from sqlalchemy import insert, select, update

    from breach.store.models import EventChain, EventSeal

    heads = EventChain.__table__
    sealed = 0
    for incident_id, group in groupby(rows, key=lambda row: row.incident_id):
        head = connection.execute(select(heads).where(heads.c.incident_id == incident_id)).first()
        prev, length = (head.head, head.length) if head else (GENESIS, 0)
        seals = []
        for row in group:
            length += 1
            digest = seal_hash(prev, row)
            seals.append(
                {"event_id": row.id, "incident_id": incident_id, "position": length, "prev_hash": prev,
                 "hash": digest, "adopted": adopted_at is not None}
            )
            prev = digest
        connection.execute(insert(EventSeal.__table__), seals)
        values: dict[str, Any] = {"length": length, "head": prev}
        if adopted_at is not None:
            values.update(adopted=(head.adopted if head else 0) + len(seals), adopted_at=adopted_at)
        if head:
            connection.execute(update(heads).where(heads.c.incident_id == incident_id).values(**values))
        else:
            connection.execute(insert(heads).values(incident_id=incident_id, **values))
        sealed += len(seals)
    return sealed


def adopt_unsealed(connection, now: datetime) -> int:
    """Seal every event that has no seal yet (those of a store made before sealing existed)."""
    from sqlalchemy import select, tuple_

    from breach.store.models import Event, EventSeal

    events, seals = Event.__table__, EventSeal.__table__
    after = (-1, -1)
    total = 0
    while True:
        rows = connection.execute(
            select(events)
            .outerjoin(seals, seals.c.event_id == events.c.id)
            .where(seals.c.event_id.is_(None), tuple_(events.c.incident_id, events.c.id) > tuple_(*after))
            .order_by(events.c.incident_id, events.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return total
        total += seal_rows(connection, rows, adopted_at=now)
        after = (rows[-1].incident_id, rows[-1].id)


# ---------------------------------------------------------------- verifying


@dataclass(frozen=True)
class Break:
    """The first thing wrong with one breach's timeline."""

    ref: str
    kind: str  # changed, removed, inserted, missing, differs
    message: str


@dataclass
class Report:
    events: int = 0
    chains: int = 0
    adopted: int = 0
    breaks: list[Break] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


@dataclass
class _Walk:
    """One chain being walked: where it is, and whether it broke already."""

    incident_id: int
    ref: str
    head_length: int | None
    head_hash: str | None
    expected_prev: str = GENESIS
    position: int = 0
    broken: bool = False
    seen: set = field(default_factory=set)


def verify(connection, describe, visit=None) -> Report:
    """Recompute every chain, streaming. `describe(row, position)` names an event for a message;
    `visit(incident_id, rows)`, if given, sees each breach's sealed events as they are walked (in
    order: `breach.store.replay` replays them without reading the events a second time).

    Reports per breach the first event that was changed, removed or inserted behind the tool's back."""
    from sqlalchemy import func, select

    from breach.store.models import Event, EventChain, EventSeal, Incident

    events, seals, heads, incidents = Event.__table__, EventSeal.__table__, EventChain.__table__, Incident.__table__
    report = Report()
    found: dict[int, Break] = {}

    unsealed = connection.execute(
        select(events.c.incident_id, func.min(events.c.id))
        .outerjoin(seals, seals.c.event_id == events.c.id)
        .where(seals.c.event_id.is_(None))
        .group_by(events.c.incident_id)
    ).all()
    first_unsealed = {incident_id: event_id for incident_id, event_id in unsealed}

    walk_query = (
        select(
            seals.c.incident_id, seals.c.position, seals.c.prev_hash, seals.c.hash, seals.c.event_id.label("sealed_id"),
            events.c.id, events.c.incident_id.label("event_incident_id"), events.c.at, events.c.kind, events.c.text,
            events.c.data, heads.c.length.label("head_length"), heads.c.head.label("head_hash"),
            heads.c.adopted.label("head_adopted"), incidents.c.ref,
        )
        .select_from(seals)
        .outerjoin(events, events.c.id == seals.c.event_id)
        .outerjoin(heads, heads.c.incident_id == seals.c.incident_id)
        .outerjoin(incidents, incidents.c.id == seals.c.incident_id)
        .order_by(seals.c.incident_id, seals.c.position)
    )
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(walk_query)
    WalkRow = namedtuple("WalkRow", result.keys())  # a Row resolves each attribute slowly; a namedtuple does not
    for incident_id, group in groupby(map(WalkRow._make, result), key=attrgetter("incident_id")):
        walk: _Walk | None = None
        rows = list(group)
        if visit is not None:
            visit(incident_id, rows)
        for row in rows:
            if walk is None:
                walk = _Walk(incident_id, row.ref or f"breach #{incident_id}", row.head_length, row.head_hash)
                report.chains += 1
                report.adopted += row.head_adopted or 0
            report.events += row.id is not None
            if not walk.broken:
                _step(walk, row, first_unsealed, describe, connection, found)
        if walk is not None and not walk.broken:
            _end(walk, first_unsealed, describe, connection, found)

    _orphans(connection, first_unsealed, describe, found, report)
    report.breaks = [found[key] for key in sorted(found)]
    report.breaks += _removed_breaches(connection)
    return report


def _step(walk: _Walk, row, first_unsealed, describe, connection, found) -> None:
    expected_position = walk.position + 1
    unsealed = first_unsealed.get(walk.incident_id)
    if unsealed is not None and row.id is not None and unsealed < row.id:
        _inserted(walk, unsealed, describe, connection, found)
        return
    if row.id is None:
        _break(walk, found, "removed", f"{walk.ref}: timeline event {row.position} was removed (its seal remains)")
    elif row.position != expected_position or row.prev_hash != walk.expected_prev:
        if row.prev_hash in walk.seen:
            _break(walk, found, "inserted",
                   f"{walk.ref}: an event was inserted before timeline event {describe(row, row.position)} "
                   "(the chain skips it)")
        else:
            _break(walk, found, "removed",
                   f"{walk.ref}: an event before timeline event {describe(row, row.position)} was removed")
    elif row.event_incident_id != walk.incident_id or seal_hash(row.prev_hash, row) != row.hash:
        _break(walk, found, "changed",
               f"{walk.ref}: timeline event {describe(row, row.position)} was changed after it was recorded")
    if walk.broken:
        return
    walk.seen.add(walk.expected_prev)
    walk.expected_prev = row.hash
    walk.position = row.position


def _end(walk: _Walk, first_unsealed, describe, connection, found) -> None:
    unsealed = first_unsealed.get(walk.incident_id)
    if unsealed is not None:
        _inserted(walk, unsealed, describe, connection, found)
    elif walk.head_length is None:
        _break(walk, found, "removed", f"{walk.ref}: the head of its timeline chain was removed")
    elif walk.head_length > walk.position:
        missing = walk.head_length - walk.position
        _break(walk, found, "removed",
               f"{walk.ref}: the last {missing} timeline event(s) after event {walk.position} were removed")
    elif walk.head_length != walk.position or walk.head_hash != walk.expected_prev:
        _break(walk, found, "changed", f"{walk.ref}: the head of its timeline chain was changed")


def _inserted(walk: _Walk, event_id: int, describe, connection, found) -> None:
    row, position = _event_at(connection, event_id)
    _break(walk, found, "inserted",
           f"{walk.ref}: timeline event {describe(row, position)} was inserted behind the tool's back (it has no seal)")


def _break(walk: _Walk, found: dict, kind: str, message: str) -> None:
    walk.broken = True
    found[walk.incident_id] = Break(walk.ref, kind, message)


def _event_at(connection, event_id: int):
    """An event row and its place in its breach's timeline (1 is the first)."""
    from sqlalchemy import func, select

    from breach.store.models import Event

    events = Event.__table__
    row = connection.execute(select(events).where(events.c.id == event_id)).one()
    position = connection.execute(
        select(func.count()).where(events.c.incident_id == row.incident_id, events.c.id <= event_id)
    ).scalar_one()
    return row, position


def _orphans(connection, first_unsealed, describe, found, report: Report) -> None:
    """Breaches whose events have no seals at all, or whose head remains without any seal."""
    from sqlalchemy import select

    from breach.store.models import EventChain, EventSeal, Incident

    seals, heads, incidents = EventSeal.__table__, EventChain.__table__, Incident.__table__
    for incident_id, event_id in first_unsealed.items():
        if incident_id in found:
            continue
        has_seal = connection.execute(select(seals.c.event_id).where(seals.c.incident_id == incident_id).limit(1)).first()
        if has_seal is None:
            row, position = _event_at(connection, event_id)
            ref = connection.execute(select(incidents.c.ref).where(incidents.c.id == incident_id)).scalar()
            found[incident_id] = Break(
                ref or f"breach #{incident_id}", "inserted",
                f"{ref}: timeline event {describe(row, position)} was inserted behind the tool's back (it has no seal)",
            )
    bare_heads = connection.execute(
        select(heads.c.incident_id, heads.c.length, incidents.c.ref)
        .outerjoin(seals, seals.c.incident_id == heads.c.incident_id)
        .outerjoin(incidents, incidents.c.id == heads.c.incident_id)
        .where(seals.c.event_id.is_(None), heads.c.length > 0)
    ).all()
    for incident_id, length, ref in bare_heads:
        if incident_id not in found:
            name = ref or f"breach #{incident_id}"
            found[incident_id] = Break(name, "removed", f"{name}: all {length} timeline events were removed")
    headless = connection.execute(  # every breach has an `opened` event, so a chain head
        select(incidents.c.id, incidents.c.ref)
        .outerjoin(heads, heads.c.incident_id == incidents.c.id)
        .where(heads.c.incident_id.is_(None))
    )
    for incident_id, ref in headless:
        if incident_id not in found:
            found[incident_id] = Break(ref, "removed", f"{ref}: its whole timeline was removed, chain head included")


def _removed_breaches(connection) -> list[Break]:
    """Breach numbers the id counter handed out that no breach has: a breach removed with all its rows.
    Counters are keyed `ORG/DL-YYYY` (the organisation's row id)."""
    from sqlalchemy import select

    from breach.store.models import Counter, Incident, Organisation

    incidents = Incident.__table__
    last = {prefix: number for prefix, number in connection.execute(select(Counter.__table__))}
    shorts = dict(connection.execute(select(Organisation.__table__.c.id, Organisation.__table__.c.short)).all())
    refs = connection.execution_options(stream_results=True, yield_per=10 * BATCH).execute(
        select(incidents.c.org_id, incidents.c.ref)
    )
    counts: dict[str, int] = {}
    for org_id, ref in refs:
        prefix = f"{org_id}/{ref.rpartition('-')[0]}"
        counts[prefix] = counts.get(prefix, 0) + 1
    breaks = []
    for prefix, number in sorted(last.items()):
        if counts.get(prefix, 0) >= number:
            continue
        org, _, ref_prefix = prefix.partition("/")
        present = {
            int(ref.rpartition("-")[2])
            for (ref,) in connection.execute(
                select(incidents.c.ref).where(incidents.c.org_id == int(org), incidents.c.ref.like(f"{ref_prefix}-%"))
            )
        }
        gone = [n for n in range(1, number + 1) if n not in present]
        if gone:
            owner = f"{shorts.get(int(org), org)}/" if len(shorts) > 1 else ""
            shown = f"{owner}{ref_prefix}-{gone[0]:03d}"
            more = f" and {len(gone) - 1} more" if len(gone) > 1 else ""
            breaks.append(Break(shown, "missing", f"{shown}{more}: the breach was removed (its number was handed out, "
                                                  "the store has no breach with it)"))
    return breaks


def chain_heads(connection, incident_ids: list[int]) -> dict[int, tuple[int, str]]:
    """{incident id: (events sealed, chain head)} for the export."""
    from sqlalchemy import select

    from breach.store.models import EventChain

    table = EventChain.__table__
    if not incident_ids:
        return {}
    rows = connection.execute(select(table.c.incident_id, table.c.length, table.c.head).where(table.c.incident_id.in_(incident_ids)))
    return {incident_id: (length, head) for incident_id, length, head in rows}


def chain_heads_between(connection, first_id: int, last_id: int) -> dict[int, tuple[int, str]]:
    """{incident id: (events sealed, chain head)} for the breaches with ids from `first_id` to
    `last_id`: a batch of the export."""
    from sqlalchemy import select

    from breach.store.models import EventChain

    table = EventChain.__table__
    rows = connection.execute(
        select(table.c.incident_id, table.c.length, table.c.head).where(table.c.incident_id.between(first_id, last_id))
    )
    return {incident_id: (length, head) for incident_id, length, head in rows}


def hash_at(connection, incident_id: int, position: int) -> str | None:
    """The seal hash of a breach's event at `position`, to compare with an exported head."""
    from sqlalchemy import select

    from breach.store.models import EventSeal

    table = EventSeal.__table__
    return connection.execute(
        select(table.c.hash).where(table.c.incident_id == incident_id, table.c.position == position)
    ).scalar()
