"""Signals: reports that something may have gone wrong, before anyone has judged it a breach.

A signal comes from the report form (`breach serve`, /melden) or `breach signal`. The finder's words
and moment are kept as given, with a receipt number (random: it says nothing about how many reports
there are). It ends in one of two ways, each recorded with who decided and why, and never deleted:
opened as a breach (`open_as_breach`: the moment of awareness is decided then, with its reason, on
the new breach's timeline) or dismissed (`dismiss`: the reason stays in the register).

The functions take an open session and `now`; the caller owns the transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pendulum

from breach.domain import triage
from breach.domain.clock import format_local, parse_moment, utc
from breach.domain.inputs import clean
from breach.errors import InvalidInput, NotFound, Refused
from breach.records import incidents
from breach.store.timeline import add_event

if TYPE_CHECKING:
    from sqlmodel import Session

    from breach.store.models import Incident, Signal

RECEIPT_PREFIX = "MLD"
_RECEIPT_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B: read out over the phone
SOURCES = ("form", "cli")

# The most each field may hold: a report is a few paragraphs, not a file.
LIMITS = {"what": 5000, "data_involved": 2000, "reporter": 200, "contact": 200, "noticed_text": 100}


@dataclass
class Report:
    what: str
    noticed: str | None = None  # as the finder wrote it
    data_involved: str | None = None
    reporter: str | None = None
    contact: str | None = None
    language: str = "nl"
    source: str = "form"


def new_receipt() -> str:
    code = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(8))
    return f"{RECEIPT_PREFIX}-{code[:4]}-{code[4:]}"


def _field(value: str | None, name: str, *, multiline: bool = False) -> str | None:
    text = clean(value, name, multiline=multiline)
    if text is not None and len(text) > LIMITS[name]:
        raise InvalidInput(f"{len(text)} characters (accepted: at most {LIMITS[name]})", field=name)
    return text


def noticed_moment(text: str | None, tz: str, now: datetime, *, strict: bool) -> datetime | None:
    """The finder's moment as an instant, when it reads as one. `strict` (the CLI): refuse what does not;
    otherwise (a stranger on the form) keep their words and leave the instant out."""
    if not text:
        return None
    try:
        return parse_moment(text.replace("T", " ", 1) if "T" in text[:11] else text, tz,
                            pendulum.instance(now), field="noticed").instant
    except InvalidInput:
        if strict:
            raise
        return None


def report(session: Session, facts: Report, tz: str, now: datetime, triage_hours: int, org_id: int, *,
           strict: bool = False) -> Signal:
    """Record a signal; the next `breach remind` pages the privacy officer (`notify.signal_alerts`).
    Nothing of the store is read back to the reporter."""
    from breach.store.models import Signal

    what = _field(facts.what, "what", multiline=True)
    if not what:
        raise InvalidInput("empty (expected what happened, in a few sentences)", field="what")
    if facts.source not in SOURCES:
        raise InvalidInput(f"'{facts.source}' is not a source (accepted: {', '.join(SOURCES)})", field="source")
    noticed_text = _field(facts.noticed, "noticed_text")
    signal = Signal(
        receipt=new_receipt(),
        source=facts.source,
        what=what,
        noticed_at=noticed_moment(noticed_text, tz, now, strict=strict),
        noticed_text=noticed_text,
        data_involved=_field(facts.data_involved, "data_involved", multiline=True),
        reporter=_field(facts.reporter, "reporter"),
        contact=_field(facts.contact, "contact"),
        language=facts.language if facts.language in ("nl", "en") else "nl",
        received_at=now,
        org_id=org_id,
        triage_hours=triage.check_hours(triage_hours),
    )
    session.add(signal)
    session.flush()
    return signal


def find(session: Session, text: str | int, *, lock: bool = False, org_id: int | None = None) -> Signal:
    """A signal by its number (`12`, `S12`, `#12`) or its receipt (`MLD-ABCD-EFGH`); with `org_id`, only one
    reported to that organisation (the numbers run across the store)."""
    from sqlmodel import select

    from breach.store.models import Signal

    value = str(text).strip().upper()
    number = value.removeprefix("#").removeprefix("S").removeprefix("-")
    if number.isdigit() and len(number) <= 9:
        query = select(Signal).where(Signal.id == int(number))
    elif value.startswith(RECEIPT_PREFIX + "-") and len(value) <= 32:
        query = select(Signal).where(Signal.receipt == value)
    else:
        raise InvalidInput(f"'{text}' is not a signal (expected its number, e.g. 12, or its receipt, MLD-XXXX-XXXX)",
                           field="signal")
    if lock or session.info.get("writer"):
        query = query.with_for_update()
    found = session.exec(query).first()
    if found is None or (org_id is not None and found.org_id != org_id):
        where = "this store" if found is None else "this organisation"
        raise NotFound(f"no signal {value} in {where}; `breach signals --all` lists them")
    return found


def listing(session: Session, *, status: str | None = None, org_id: int | None = None) -> list[Signal]:
    """Signals, newest first; `status` one of open, opened, dismissed (default: every one); of organisation
    `org_id` (default: of every one)."""
    from sqlmodel import select

    from breach.store.models import Signal

    query = select(Signal).order_by(Signal.received_at.desc(), Signal.id.desc())
    if org_id is not None:
        query = query.where(Signal.org_id == org_id)
    if status is not None:
        query = query.where(Signal.status == triage.check_status(status))
    return list(session.exec(query))


def open_signals(session: Session, org_id: int | None = None) -> list[Signal]:
    """The open signals (of organisation `org_id`, else of every one), the one whose triage runs out first first."""
    found = listing(session, status="open", org_id=org_id)
    found.sort(key=lambda s: (triage_of(s, s.received_at).due_at, s.id))
    return found


def triage_of(signal: Signal, now: datetime) -> triage.TriageState:
    return triage.triage_state(signal.received_at, signal.triage_hours, signal.status, now)


def _still_open(signal: Signal) -> None:
    if signal.status != "open":
        how = "opened as a breach" if signal.status == "opened" else "dismissed"
        raise Refused(f"signal {signal.id} was {how} already ({signal.reason or ''})".replace(" ()", ""))


def fill_facts(facts: incidents.OpenFacts, signal: Signal, *, given_description: bool, given_reporter: bool) -> None:
    """What the signal says and the opener did not: the title (its first line), the description, the reporter."""
    if not (facts.title or "").strip():
        first = signal.what.strip().splitlines()[0].strip()
        facts.title = first if len(first) <= 80 else first[:79].rstrip() + "…"
    if not given_description:
        facts.description = signal.what
    if not given_reporter and signal.reporter:
        facts.reported_by = signal.reporter


def open_as_breach(
    session: Session, signal: Signal, facts: incidents.OpenFacts, reason: str | None, by: str | None,
    now: pendulum.DateTime, year: int, tz: str, org_id: int,
) -> Incident:
    """Open a breach from the signal. The moment of awareness is decided here, and why: the breach's
    timeline says from which signal it came, when the report came in and when the finder noticed."""
    why = clean(reason, "aware_reason", multiline=True)
    if not why:
        raise InvalidInput(
            "empty (expected why the organisation became aware at that moment, e.g. 'the report was "
            "credible on receipt' or 'confirmed with IT at 10:40')", field="aware_reason",
        )
    who = clean(by, "by")
    _still_open(signal)
    if signal.org_id != org_id:
        from breach.records import orgs

        owner = orgs.shorts(session).get(signal.org_id, signal.org_id)
        raise Refused(f"signal {signal.id} was reported to organisation {owner}; open it there ({{org}} {owner})",
                      mentions=("org",))
    incident = incidents.open_incident(session, facts, now, year, org_id)
    signal.status = "opened"
    signal.incident_id = incident.id
    signal.decided_at = now
    signal.decided_by = who
    signal.reason = why
    session.add(signal)
    add_event(
        session, incident.id, "from_signal", now,
        f"opened from signal {signal.id} ({signal.receipt}), received {format_local(signal.received_at, tz)}; "
        f"aware {format_local(facts.aware_at, tz)}: {why}" + (f", by {who}" if who else ""),
        {
            "signal": signal.id,
            "receipt": signal.receipt,
            "received_at": utc(signal.received_at).isoformat(),
            "noticed_at": utc(signal.noticed_at).isoformat() if signal.noticed_at else None,
            "noticed_text": signal.noticed_text,
            "aware_at": utc(facts.aware_at).isoformat(),
            "reason": why,
            "by": who,
        },
    )
    return incident


def dismiss(session: Session, signal: Signal, reason: str | None, by: str | None, now: datetime) -> Signal:
    """Dismiss the signal: not a breach of personal data. The reason is required and stays in the register."""
    why = clean(reason, "reason", multiline=True)
    if not why:
        raise InvalidInput(
            "empty (expected why this is not a personal-data breach, e.g. 'test message, no personal data')",
            field="reason",
        )
    _still_open(signal)
    signal.status = "dismissed"
    signal.decided_at = now
    signal.decided_by = clean(by, "by")
    signal.reason = why
    session.add(signal)
    return signal
