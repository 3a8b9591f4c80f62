"""Incidents: opening one, changing its facts, recording notices, closing it. Every change appends
an event to the incident's timeline in the same transaction; no function edits or deletes one.

The functions take an open write session and `now`; the caller owns the transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pendulum

from breach.domain import deadlines
from breach.domain.clock import utc
from breach.domain.inputs import clean
from breach.errors import InvalidInput, NotFound, Refused
from breach.store.timeline import add_event

if TYPE_CHECKING:
    from sqlmodel import Session

    from breach.store.models import Event, Incident, Notice

Clocks = dict[str, deadlines.ClockState]

PREFIX = "DL"
_REF = re.compile(r"^(?:DL-?)?(?:(\d{4})-)?(\d{1,6})$", re.IGNORECASE | re.ASCII)
_OWNED_REF = re.compile(r"^([a-z0-9][a-z0-9-]{0,31})/(.+)$", re.IGNORECASE | re.ASCII)

MOMENTS = ("aware_at", "discovered_at", "occurred_from", "occurred_to")
ONE_LINE = ("title", "reported_by")
MULTI_LINE = (
    "description", "how_discovered", "consequences", "measures_taken", "measures_planned", "delay_reason",
    "records_note", "persons_description", "protection_detail",
)
# The letter to the persons in plain words (art. 34(2)), per language: `breach update ID --lang nl --plain-what`.
TEXT_KEYS = ("plain_what", "plain_consequences", "plain_measures")
OBLIGATION_ALIASES = {"persons": "subjects", "betrokkenen": "subjects", "klanten": "customers", "controller": "customers"}

# The facts `breach update` may change, with the word the timeline's `updated` events name each by
# (kept as the events have always been written; the register and older stores read the same words).
FACT_WORDS = {
    "title": "title",
    "description": "description",
    "how_discovered": "how-discovered",
    "reported_by": "reported-by",
    "role": "role",
    "aware_at": "aware",
    "discovered_at": "discovered",
    "occurred_from": "occurred",
    "occurred_to": "occurred",
    "customers_window_hours": "customers-window",
    "breach_types": "type",
    "data_categories": "data",
    "special_categories": "special",
    "person_categories": "persons-group",
    "persons_min": "persons",
    "persons_max": "persons",
    "records": "records",
    "consequences": "consequences",
    "measures_taken": "measures-taken",
    "measures_planned": "measures-planned",
    "cross_border": "cross-border",
    "high_risk": "high-risk",
    "other_supervisors": "other-supervisors",
    "other_dpas": "other-dpas",
    "countries": "countries",
    "other_organisations": "other-organisations",
    "ongoing": "ongoing",
    "delay_reason": "delay-reason",
    "records_basis": "records-basis",
    "records_note": "records-note",
    "persons_description": "persons-description",
    "protection_detail": "protection-detail",
    "harms": "harms",
    "extortion": "extortion",
    "subjects_informed_by": "persons-informed-by",
    "texts": "plain texts",
}


def format_ref(year: int, number: int) -> str:
    return f"{PREFIX}-{year}-{number:03d}"


def normalise_ref(text: str, year: int | None = None) -> str:
    """`dl-2026-1`, `2026-001` and `DL-2026-001` all name DL-2026-001; a bare `1` is number 1 of `year`."""
    match = _REF.match(text.strip())
    if not match or (match.group(1) is None and year is None):
        raise InvalidInput(f"'{text}' is not a breach id (expected DL-YYYY-NNN, e.g. DL-2026-001)")
    return format_ref(int(match.group(1) or year), int(match.group(2)))


def obligation_name(text: str) -> str:
    """`ap`, `customers`, `subjects`, and the words people use for them (`persons`, `betrokkenen`, `klanten`)."""
    name = text.strip().lower()
    name = OBLIGATION_ALIASES.get(name, name)
    if name not in deadlines.OBLIGATIONS:
        raise InvalidInput(f"'{text}' is not an obligation (accepted: {', '.join(deadlines.OBLIGATIONS)})")
    return name


def owner_named(text: str) -> str | None:
    """The short name `short/DL-2026-001` starts with, else None."""
    owned = _OWNED_REF.match(text.strip())
    return owned.group(1).lower() if owned else None


def find(session: Session, text: str, year: int | None = None, org_id: int | None = None) -> Incident:
    """The breach an id names in organisation `org_id`; `short/DL-2026-001` names one of another organisation.
    In a write transaction its row is locked (FOR UPDATE, a no-op on SQLite, whose writer holds the whole
    store): on PostgreSQL two commands on one breach then run one after the other, and the second reads what
    the first committed, as with SQLite's BEGIN IMMEDIATE."""
    from sqlmodel import select

    from breach.store.models import Incident

    owned = _OWNED_REF.match(text.strip())
    if owned:
        from breach.records import orgs

        org_id = orgs.named(session, owned.group(1)).id
        text = owned.group(2)
    ref = normalise_ref(text, year)
    query = select(Incident).where(Incident.ref == ref)
    if org_id is not None:
        query = query.where(Incident.org_id == org_id)
    if session.info.get("writer"):
        query = query.with_for_update()
    found = session.exec(query.limit(2)).all()
    if len(found) > 1:
        raise Refused(f"{ref} names a breach of more than one organisation; write it as NAME/{ref} "
                      "(`breach orgs list` shows the names)")
    if not found:
        raise NotFound(f"no breach {text.strip() if owned is None else owned.group(0)} in this store; "
                       "{breach_list} shows the ids", mentions=("breach_list",))
    return found[0]


def allocate_ref(session: Session, year: int, org_id: int) -> str:
    """The next id for `year` in the organisation: one upsert on its counter row (`ORG/DL-YYYY`), so two
    writers never get the same number."""
    from breach.store.models import Counter

    prefix = f"{org_id}/{PREFIX}-{year}"
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = (
        insert(Counter)
        .values(prefix=prefix, last=1)
        .on_conflict_do_update(index_elements=[Counter.prefix], set_={"last": Counter.last + 1})
        .returning(Counter.last)
    )
    return format_ref(year, session.execute(statement).scalar_one())


AVG_APPLIES = pendulum.datetime(2018, 5, 25, tz="Europe/Amsterdam")


def check_order(facts: dict[str, Any]) -> None:
    """Occurrence before discovery, discovery no later than awareness, both on or after the day the AVG
    began to apply (a typo such as 1026 for 2026 would otherwise open a breach decades overdue).
    Future moments are refused when parsed."""
    aware, discovered = facts.get("aware_at"), facts.get("discovered_at")
    start, end = facts.get("occurred_from"), facts.get("occurred_to")
    for field, moment in (("aware_at", aware), ("discovered_at", discovered)):
        if moment and utc(moment) < AVG_APPLIES:
            raise InvalidInput(
                f"{pendulum.instance(moment).to_date_string()} is before 25 May 2018, when the AVG/GDPR "
                "began to apply (accepted: a moment on or after 2018-05-25)",
                field=field,
            )
    if discovered and aware and utc(discovered) > utc(aware):
        raise InvalidInput(
            "discovery comes after awareness; the organisation becomes aware when it "
            "discovers the breach or later (give {discovered_at} at or before {aware_at})",
            field="discovered_at", mentions=("discovered_at", "aware_at"),
        )
    known_by = discovered or aware
    if start and known_by and utc(start) > utc(known_by):
        raise InvalidInput(
            "the breach began after it was discovered (give a start at or before {discovered_at}/{aware_at})",
            field="occurred_from", mentions=("discovered_at", "aware_at"),
        )
    if start and end and utc(end) < utc(start):
        raise InvalidInput("the range ends before it starts (expected START/END with START first)", field="occurred_to")



@dataclass
class OpenFacts:
    title: str
    aware_at: pendulum.DateTime
    discovered_at: pendulum.DateTime | None
    occurred_from: pendulum.DateTime | None
    occurred_to: pendulum.DateTime | None
    description: str | None
    reported_by: str | None
    role: str
    ap_window_hours: int
    customers_window_hours: int


def open_incident(session: Session, facts: OpenFacts, now: pendulum.DateTime, year: int, org_id: int) -> Incident:
    from breach.store.models import Incident

    title = clean(facts.title, "title")
    if not title:
        raise InvalidInput("empty (expected a short title such as 'Laptop with client files stolen')", field="title")
    values = {
        "aware_at": facts.aware_at,
        "discovered_at": facts.discovered_at,
        "occurred_from": facts.occurred_from,
        "occurred_to": facts.occurred_to,
    }
    check_order(values)
    incident = Incident(
        ref=allocate_ref(session, year, org_id),
        org_id=org_id,
        title=title,
        role=facts.role,
        description=clean(facts.description, "description", multiline=True),
        reported_by=clean(facts.reported_by, "reported_by"),
        ap_window_hours=facts.ap_window_hours,
        customers_window_hours=facts.customers_window_hours,
        created_at=now,
        **values,
    )
    session.add(incident)
    session.flush()
    add_event(
        session, incident.id, "opened", now,
        title,
        {  # every fact set here, so that `breach verify` can prove each (`breach.store.replay`)
            "aware_at": utc(incident.aware_at).isoformat(),
            "role": facts.role,
            "ap_window_hours": facts.ap_window_hours,
            "customers_window_hours": facts.customers_window_hours,
            "ref": incident.ref,
            **{name: _jsonable(getattr(incident, name)) for name in MOMENTS[1:]},
            "description": incident.description,
            "reported_by": incident.reported_by,
        },
    )
    return incident


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc(value).isoformat()
    return value


def update_facts(
    session: Session, incident: Incident, changes: dict[str, Any], now: pendulum.DateTime
) -> dict[str, tuple[Any, Any]]:
    """Apply the changed facts; one `updated` event (or `corrected`, when a moment moved) records old and new."""

    refuse_void(incident)
    changes = dict(changes)
    for name in ONE_LINE + MULTI_LINE:
        if name in changes:
            changes[name] = clean(changes[name], name, multiline=name in MULTI_LINE)
    if "texts" in changes:  # {language: {key: text or None}}, merged into what is recorded
        merged = {lang: dict(keys) for lang, keys in (incident.texts or {}).items()}
        for lang, keys in changes["texts"].items():
            for key, text in keys.items():
                text = clean(text, key, multiline=True)
                if text is None:
                    merged.get(lang, {}).pop(key, None)
                else:
                    merged.setdefault(lang, {})[key] = text
        changes["texts"] = {lang: keys for lang, keys in merged.items() if keys} or None
    changed: dict[str, tuple[Any, Any]] = {}
    for name, new in changes.items():
        old = getattr(incident, name)
        if isinstance(old, datetime) and isinstance(new, datetime):
            same = utc(old) == utc(new)
        else:
            same = old == new
        if not same:
            changed[name] = (old, new)
    if not changed:
        return changed
    check_order({name: changes.get(name, getattr(incident, name)) for name in MOMENTS})
    if "title" in changed and not changes["title"]:
        raise InvalidInput("empty (expected a short title)", field="title")
    if "aware_at" in changed:
        made = [n for n in notices(session, incident) if utc(n.at) < utc(changes["aware_at"])]
        if made:
            raise InvalidInput(
                f"the {made[0].obligation} notification of {utc(made[0].at).isoformat()} would come "
                "before awareness (give a moment of awareness at or before the first notification)",
                field="aware_at",
            )
    for name, (_, new) in changed.items():
        setattr(incident, name, new)
    kind = "corrected" if set(MOMENTS) & set(changed) else "updated"
    text = ", ".join(sorted({FACT_WORDS[name] for name in changed}))
    if "aware_at" in changed:
        text += " (notices already recorded keep the status they had when they were made)"
    session.add(incident)
    add_event(
        session, incident.id, kind, now,
        text,
        {name: [_jsonable(old), _jsonable(new)] for name, (old, new) in changed.items()},
    )
    return changed


def add_note(session: Session, incident: Incident, text: str, now: pendulum.DateTime, *, by: str | None = None) -> None:
    """A note on the timeline; `by`: who wrote it (the signed-in user of `breach serve`), kept with it."""
    body = clean(text, "text", multiline=True)
    if not body:
        raise InvalidInput("empty (expected the note to add to the timeline)", field="text")
    add_event(session, incident.id, "note", now, body + (f" (by {by})" if by else ""), {"by": by} if by else None)


def notices(session: Session, incident: Incident) -> list[Notice]:
    from sqlmodel import select

    from breach.store.models import Notice

    return list(session.exec(select(Notice).where(Notice.incident_id == incident.id).order_by(Notice.at, Notice.id)))


def timeline(session: Session, incident: Incident) -> list[Event]:
    from sqlmodel import select

    from breach.store.models import Event

    return list(session.exec(select(Event).where(Event.incident_id == incident.id).order_by(Event.id)))


def record_notice(
    session: Session,
    incident: Incident,
    obligation: str,
    at: pendulum.DateTime,
    now: pendulum.DateTime,
    *,
    reference: str | None = None,
    delay_reason: str | None = None,
    by: str | None = None,
    count: int | None = None,
    channels: list[str] | None = None,
    controllers: list | None = None,
):
    """Record that an obligation was met. The first notice fixes met or late; later ones are follow-ups
    (AVG art. 33 lid 4). A late first AP notice without the reasons for the delay is refused.

    `controllers`: the controllers of a processor's breach told (`records.controllers`): one notice each, in
    one `notified` (or `followup`) event; returns the first. A breach with controllers names them."""
    from breach.store.models import Notice

    refuse_void(incident)
    obligation = obligation_name(obligation)
    if controllers:
        return record_controller_notices(session, incident, obligation, at, now, controllers, reference=reference,
                                         by=by)[0]
    if obligation == "customers" and controller_counts(session, [incident.id]):
        raise Refused(f"{incident.ref} concerns several controllers, each with its own customers clock: name the one "
                      "told with {controller} KEY, or {controller} all for every one not yet told "
                      f"(`breach controllers {incident.ref}` lists them)", mentions=("controller",))
    if obligation == "ap" and incident.role == "processor":
        raise Refused(
            f"{incident.ref} is recorded with role processor: the controller notifies the AP; "
            "record the notice to the controller with `breach notified ID customers`"
        )
    if utc(at) < utc(incident.aware_at):
        raise InvalidInput("the notification is earlier than the moment of awareness (give a later {at})",
                           field="at", mentions=("at",))
    earlier = [n for n in notices(session, incident) if n.obligation == obligation]
    reason = clean(delay_reason, "delay_reason", multiline=True)
    if reason is None and obligation == "ap":
        reason = incident.delay_reason  # recorded before, with `breach update --delay-reason`
    reference = clean(reference, "reference")
    if earlier:
        first = earlier[0]
        if utc(at) < utc(first.at):
            raise InvalidInput(
                f"a follow-up cannot come before the first {obligation} notification "
                f"({utc(first.at).isoformat()}); give a later {{at}}",
                field="at", mentions=("at",),
            )
        due, late = first.deadline_at, first.late
        kind = "followup"
    else:
        due, late = deadlines.is_late(obligation, incident, at)
        kind = "notified"
        if late and obligation == "ap" and reason is None:
            raise Refused(
                "this AP notification comes after the 72-hour deadline; AVG art. 33 lid 1 asks for the "
                "reasons for the delay: add {delay_reason} TEXT",
                mentions=("delay_reason",),
            )
    notice = Notice(
        incident_id=incident.id,
        obligation=obligation,
        at=at,
        deadline_at=due,
        late=late,
        reference=reference,
        delay_reason=reason,
        recorded_at=now,
        count=count,
        channels=channels or None,
    )
    session.add(notice)
    if kind == "followup":
        text = f"{obligation} (follow-up, art. 33 lid 4)"
    else:
        text = obligation + ("" if due is None else " (late)" if late else " (in time)")
    if notice.reference:
        text += f", reference {notice.reference}"
    if by:
        text += f", recorded by {by}"
    add_event(
        session, incident.id, kind, now,
        text,
        {
            "obligation": obligation,
            "at": utc(at).isoformat(),
            "deadline_at": _jsonable(due),
            "late": late,
            "reference": notice.reference,
            "delay_reason": reason,
            "count": count,
            "channels": channels or None,
        } | ({"by": by} if by else {}),
    )
    return notice


def record_controller_notices(session: Session, incident: Incident, obligation: str, at: pendulum.DateTime,
                              now: pendulum.DateTime, controllers: list, *, reference: str | None = None,
                              by: str | None = None) -> list[Notice]:
    """One customers notice per controller (`records.controllers`), in one event that names them: first notices,
    or the follow-up to one controller."""
    from breach.store.models import Notice

    refuse_void(incident)
    if obligation != "customers":
        raise InvalidInput(f"a controller is told the customers notice, not the {obligation} one "
                           "(give customers, or leave out {controller})", field="controller", mentions=("controller",))
    if utc(at) < utc(incident.aware_at):
        raise InvalidInput("the notification is earlier than the moment of awareness (give a later {at})",
                           field="at", mentions=("at",))
    reference = clean(reference, "reference")
    first = {n.controller_id: n for n in reversed(notices(session, incident))
             if n.obligation == "customers" and n.controller_id is not None}
    told = [c for c in controllers if c.id in first]
    if told and len(controllers) > 1:  # `--controller all` names the ones not yet told: their notices share one deadline
        raise Refused(f"{told[0].key} was told before: record a follow-up one controller at a time")
    for controller in told:
        if utc(at) < utc(first[controller.id].at):
            raise InvalidInput(
                f"a follow-up cannot come before the first notification of {controller.key} "
                f"({utc(first[controller.id].at).isoformat()}); give a later {{at}}", field="at", mentions=("at",))
    made = []
    for controller in controllers:
        if told:
            due, late = first[controller.id].deadline_at, first[controller.id].late
        else:
            due, late = deadlines.is_late(obligation, incident, at)
        made.append(Notice(incident_id=incident.id, obligation=obligation, at=at, deadline_at=due, late=late,
                           reference=reference, recorded_at=now, controller_id=controller.id))
    session.add_all(made)
    whom = controllers[0].key if len(controllers) == 1 else f"{len(controllers):,} controllers"
    if told:
        kind, text = "followup", f"customers (follow-up, art. 33 lid 4) to {whom}"
    else:
        kind = "notified"
        text = f"customers to {whom}" + ("" if made[0].deadline_at is None else " (late)" if made[0].late else " (in time)")
    if reference:
        text += f", reference {reference}"
    if by:
        text += f", recorded by {by}"
    add_event(
        session, incident.id, kind, now, text,
        {
            "obligation": obligation, "at": utc(at).isoformat(), "deadline_at": _jsonable(made[0].deadline_at),
            "late": made[0].late, "reference": reference, "delay_reason": None, "count": None, "channels": None,
            "controllers": [c.id for c in controllers], "keys": [c.key for c in controllers],
        } | ({"by": by} if by else {}),
    )
    session.flush()
    return made


def close(session: Session, incident: Incident, reason: str, now: pendulum.DateTime, *, force: bool = False) -> list[str]:
    """Close the breach; returns the obligations still open or overdue (refused unless `force`)."""

    why = clean(reason, "reason", multiline=True)
    if not why:
        raise InvalidInput("empty (expected why the breach is closed, e.g. 'measures taken, all notices sent')", field="reason")
    refuse_void(incident)
    if incident.status == "closed":
        raise Refused(f"{incident.ref} was closed already")
    states = clocks(session, incident, now)
    pending = [s.obligation for s in states.values() if s.running]
    if pending and not force:
        raise Refused(
            f"{incident.ref} still has {', '.join(pending)} open or overdue: record the notification with "
            "`breach notified`, or close anyway with {force} (the register keeps the unmet obligation)",
            mentions=("force",),
        )
    incident.status = "closed"
    incident.closed_at = now
    incident.close_reason = why
    session.add(incident)
    add_event(session, incident.id, "closed", now, why, {"open_obligations": pending})
    return pending


def void(session: Session, incident: Incident, reason: str, by: str | None, now: pendulum.DateTime) -> None:
    """Mark a breach opened by mistake or in practice void: it stays in the store and on the timeline (a
    `voided` event), and is left out of reminders, the calendar, `breach list` and the figures."""

    why = clean(reason, "reason", multiline=True)
    if not why:
        raise InvalidInput("empty (expected why the breach is void, e.g. 'opened in practice')", field="reason")
    who = clean(by, "by") if by is not None else None
    refuse_void(incident)
    incident.status = "void"
    if incident.closed_at is None:  # when it stopped running: the calendar cancels its events from then
        incident.closed_at = now
    session.add(incident)
    add_event(session, incident.id, "voided", now, why + (f", by {who}" if who else ""),
              {"reason": why} | ({"by": who} if who else {}))


def refuse_void(incident: Incident) -> None:
    """A void breach takes no further facts, notices or decisions."""
    if incident.status == "void":
        raise Refused(f"{incident.ref} is void (opened by mistake or in practice): it takes no further changes")


def open_incidents(session: Session, org_id: int | None = None) -> list[Incident]:
    """The open breaches of organisation `org_id` (None: of every organisation), in the order they were opened."""
    from sqlmodel import select

    from breach.store.models import Incident

    query = select(Incident).where(Incident.status == "open")
    if org_id is not None:
        query = query.where(Incident.org_id == org_id)
    return list(session.exec(query.order_by(Incident.id)))


def listing(session: Session, now: datetime, *, closed: bool = False, org_id: int | None = None
            ) -> list[tuple[Incident, Clocks]]:
    """What `breach list` shows: the open breaches (with `closed`, every one) of organisation `org_id` (None: one
    queue across every organisation) with their clocks, open ones first, the nearest deadline still to be met
    first, then in the order they were opened."""
    found = all_incidents(session, org_id) if closed else open_incidents(session, org_id)
    rows = clocks_many(session, found, now)
    far = pendulum.instance(now).add(years=1000)
    rows.sort(key=lambda row: (row[0].status != "open", deadlines.next_deadline(row[1]) or far, row[0].id))
    return rows


def all_incidents(session: Session, org_id: int | None = None) -> list[Incident]:
    from sqlmodel import select

    from breach.store.models import Incident

    query = select(Incident)
    if org_id is not None:
        query = query.where(Incident.org_id == org_id)
    return list(session.exec(query.order_by(Incident.id)))


def notices_by_incident(session: Session, incident_ids: list[int]) -> dict[int, list[Notice]]:
    from sqlmodel import select

    from breach.store.models import Notice

    grouped: dict[int, list] = {i: [] for i in incident_ids}
    if incident_ids:
        for notice in session.exec(select(Notice).where(Notice.incident_id.in_(incident_ids)).order_by(Notice.id)):
            grouped[notice.incident_id].append(notice)
    return grouped


def latest_decisions(session: Session, incident_ids: list[int]) -> dict[int, dict[str, bool]]:
    """{incident id: {obligation: notify}}, the latest decision per obligation."""
    from sqlmodel import select

    from breach.store.models import Decision

    found: dict[int, dict[str, bool]] = {i: {} for i in incident_ids}
    if incident_ids:
        rows = session.exec(
            select(Decision).where(Decision.incident_id.in_(incident_ids)).order_by(Decision.at, Decision.id)
        )
        for decision in rows:
            found[decision.incident_id][decision.obligation] = decision.notify
    return found


def controller_counts(session: Session, incident_ids: list[int]) -> dict[int, int]:
    """{incident id: how many controllers it concerns}, for those that concern any (`records.controllers`)."""
    from sqlalchemy import func
    from sqlmodel import select

    from breach.store.models import Controller

    if not incident_ids:
        return {}
    query = select(Controller.incident_id, func.count()).group_by(Controller.incident_id)
    query = query.where(Controller.incident_id.in_(incident_ids)) if len(incident_ids) < 500 else query
    wanted = set(incident_ids)
    return {incident_id: n for incident_id, n in session.exec(query) if incident_id in wanted}


def clocks(session: Session, incident: Incident, now: datetime) -> Clocks:
    """The clocks of one incident: the one place that gathers what the clocks depend on."""
    decided = latest_decisions(session, [incident.id])[incident.id]
    concerned = controller_counts(session, [incident.id]).get(incident.id, 0)
    return deadlines.clock_states(incident, notices(session, incident), now, decided, concerned)


def clocks_many(session: Session, found: list[Incident], now: datetime) -> list[tuple[Incident, Clocks]]:
    """(incident, clocks) for many incidents with one query per table, not one per incident."""
    ids = [i.id for i in found]
    grouped = notices_by_incident(session, ids)
    decided = latest_decisions(session, ids)
    concerned = controller_counts(session, ids)
    return [(i, deadlines.clock_states(i, grouped[i.id], now, decided[i.id], concerned.get(i.id, 0))) for i in found]


def record_draft(
    session: Session, incident: Incident, document: str, language: str, fmt: str, letters: int, now: pendulum.DateTime
) -> None:
    """One timeline event per drafting: which document, language, format and how many letters, never to whom."""

    what = {"ap": "AP notification", "customers": "customers notice", "subjects": "letter to the persons"}[document]
    text = f"{what} ({language}, {fmt})" + (f", {letters} letters" if letters != 1 else "")
    add_event(
        session, incident.id, "drafted", now,
        text,
        {"document": document, "language": language, "format": fmt, "letters": letters},
    )
