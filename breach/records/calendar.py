"""Deadlines as an iCalendar file: a second, independent reminder on every phone that syncs a calendar.

Each clock with fixed hours (`ap`, `customers`) becomes one event at its deadline (an exact UTC
instant) with alarms at the steps of the reminders' schedule (`alarm_hours`). UIDs derive from the store's identity, the breach id
and the obligation, so importing a newer file updates the same event: SEQUENCE is the number of
events on the breach's timeline, which grows with every change. A clock that no longer runs (met,
lifted by a decision) is written as a cancelled event, so a re-import takes its alarms off the phone.

The text says which breach and which obligation and what to run, never the breach's facts: a
calendar is read on lock screens and synced to other companies' servers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breach.documents.render import long_moment
from breach.domain import deadlines
from breach.domain.clock import utc
from breach.domain.schedule import DEFAULT_PLANS

if TYPE_CHECKING:
    from sqlmodel import Session

    from breach.store.models import Incident

CALENDAR_OBLIGATIONS = ("ap", "customers")


def alarm_hours(plans: Mapping[str, Any] | None = None) -> dict[str, tuple[int, ...]]:
    """Hours before each deadline at which the calendar's alarms ring: the steps of the reminders'
    schedule (`[reminders]` in config.toml, else `schedule.DEFAULT_PLANS`), so that the phone's
    calendar and `breach remind` speak at the same moments. 0 is the deadline itself."""
    plans = DEFAULT_PLANS if plans is None else plans
    return {
        name: tuple(sorted(set(plans[name].before), reverse=True)) + ((0,) if plans[name].at_deadline else ())
        for name in CALENDAR_OBLIGATIONS
        if name in plans
    }

PRODID = "-//breach//breach register//NL"


def written_by_us(path: Path) -> bool:
    """Whether `path` is a calendar this tool wrote: `calendar --out` rewrites it on every run (the
    stable UIDs make a re-import update the events), while any other file needs --force."""
    try:
        with path.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return False
    return head.startswith(b"BEGIN:VCALENDAR") and f"PRODID:{PRODID}".encode() in head

_WORDS = {
    "nl": {
        "summary": {"ap": "Datalek {ref}: termijn melding AP", "customers": "Datalek {ref}: termijn informeren klanten",
                    "controller": "Datalek {ref}: termijn informeren verwerkingsverantwoordelijke"},
        "deadline": "Uiterlijk {when}.",
        "met": "Deze termijn loopt niet meer.",
        "closed": "Datalek gesloten; deze termijn loopt niet meer.",
        "void": "Datalek vervallen (ten onrechte of als oefening geopend); deze termijn loopt niet meer.",
        "show": "Bekijk de stand: breach show {ref}",
        "done": "Gemeld? Leg het vast: breach notified {ref} {obligation}",
        "alarm": "Datalek {ref}: nog {hours} uur ({what})",
        "alarm_now": "Datalek {ref}: termijn verloopt nu ({what})",
        "what": {"ap": "melding AP", "customers": "klanten", "controller": "verwerkingsverantwoordelijke"},
    },
    "en": {
        "summary": {"ap": "Breach {ref}: deadline to notify the AP", "customers": "Breach {ref}: deadline to tell the customers",
                    "controller": "Breach {ref}: deadline to tell the controller"},
        "deadline": "Due by {when}.",
        "met": "This deadline no longer runs.",
        "closed": "Breach closed; this deadline no longer runs.",
        "void": "Breach void (opened by mistake or in practice); this deadline no longer runs.",
        "show": "See where things stand: breach show {ref}",
        "done": "Done? Record it: breach notified {ref} {obligation}",
        "alarm": "Breach {ref}: {hours} h left ({what})",
        "alarm_now": "Breach {ref}: deadline now ({what})",
        "what": {"ap": "notify the AP", "customers": "customers", "controller": "controller"},
    },
}


@dataclass(frozen=True)
class Deadline:
    """One clock of one breach as the calendar shows it."""

    ref: str
    obligation: str
    role: str
    at: datetime
    running: bool
    sequence: int
    closed: bool = False  # the breach is closed or voided
    void: bool = False
    org_id: int = 1
    owner: str = ""  # the organisation's name, where one store keeps several (an FG's phone holds all their calendars)


def deadlines_of(incident: Incident, states: dict[str, deadlines.ClockState], sequence: int, owner: str = ""
                 ) -> list[Deadline]:
    """The calendar entries of one breach: each clock with fixed hours, running or not. A clock of a
    breach that is no longer open does not run, whatever it read when the breach was closed."""
    found = []
    closed = incident.status != "open"
    for obligation in CALENDAR_OBLIGATIONS:
        state = states[obligation]
        due = state.deadline or deadlines.deadline(obligation, incident)
        if due is None:
            continue
        found.append(Deadline(incident.ref, obligation, incident.role, due, state.running and not closed, sequence, closed,
                              incident.status == "void", incident.org_id, owner))
    return found


def trigger(hours: int) -> str:
    """`-PT48H`: exact hours before the start. (A timedelta would be written `-P2D`, nominal days.)"""
    return f"-PT{hours}H" if hours else "PT0S"


def uid(store_identity: str, ref: str, obligation: str, org_id: int = 1) -> str:
    """Stable per store, breach and clock; an organisation after the first has its id in it (each numbers
    its breaches from DL-YYYY-001), the first keeps the UIDs of before there were several."""
    owner = f"-o{org_id}" if org_id != 1 else ""
    return f"{ref}-{obligation}{owner}-{store_identity}@breach"


def calendar(
    entries: Iterable[Deadline], store_identity: str, now: datetime, language: str, tz: str,
    leads: Mapping[str, tuple[int, ...]] | None = None,
) -> bytes:
    """The .ics file (RFC 5545) for these deadlines; `leads`: `alarm_hours()` of the reminders' schedule."""
    from icalendar import Alarm, Calendar, Event

    words = _WORDS[language]
    leads = alarm_hours() if leads is None else leads
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for entry in entries:
        party = "controller" if entry.obligation == "customers" and entry.role == "processor" else entry.obligation
        event = Event()
        event.add("uid", uid(store_identity, entry.ref, entry.obligation, entry.org_id))
        event.add("sequence", entry.sequence)
        event.add("dtstamp", now)
        event.add("dtstart", entry.at)
        summary = words["summary"][party].format(ref=entry.ref)
        event.add("summary", f"{entry.owner}: {summary}" if entry.owner else summary)
        lines = [words["deadline"].format(when=long_moment(entry.at, tz, language))]
        if not entry.running:
            lines.append(words["void"] if entry.void else words["closed"] if entry.closed else words["met"])
        lines.append(words["show"].format(ref=entry.ref))
        if not entry.void:  # a void breach takes no notice: the hint would be refused
            lines.append(words["done"].format(ref=entry.ref, obligation=entry.obligation))
        event.add("description", "\n".join(lines))
        event.add("status", "CONFIRMED" if entry.running else "CANCELLED")
        event.add("transp", "TRANSPARENT")
        if entry.running:
            for hours in leads.get(entry.obligation, ()):
                if utc(entry.at).subtract(hours=hours) <= utc(now):
                    continue  # already past when the file is written: a phone would ring at once
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm["trigger"] = trigger(hours)
                text = words["alarm"] if hours else words["alarm_now"]
                alarm.add("description", text.format(ref=entry.ref, hours=hours, what=words["what"][party]))
                event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


RECENTLY_CLOSED_DAYS = 30


def shown_breaches(session: Session, now: datetime, org_id: int | None = None) -> list:
    """The breaches a calendar without an id holds: the open ones, and those closed or voided in the last
    30 days or with a deadline still ahead, so a re-import cancels their events (same UID) on the phone."""
    from sqlmodel import select

    from breach.records import incidents as records
    from breach.store.models import Incident

    cutoff = utc(now).subtract(days=RECENTLY_CLOSED_DAYS)
    shown = list(records.open_incidents(session, org_id))
    closed = select(Incident).where(Incident.status != "open")
    if org_id is not None:
        closed = closed.where(Incident.org_id == org_id)
    for incident in session.exec(closed):
        recent = incident.closed_at is not None and utc(incident.closed_at) >= cutoff
        ahead = any((due := deadlines.deadline(o, incident)) is not None and due > utc(now) for o in CALENDAR_OBLIGATIONS)
        if recent or ahead:
            shown.append(incident)
    return sorted(shown, key=lambda incident: incident.id)


def store_identity(session: Session) -> str:
    """The store's random identity, made on first use (inside the caller's write transaction)."""
    import uuid

    from breach.store.models import StoreInfo

    found = session.get(StoreInfo, "identity")
    if found is None:
        found = StoreInfo(key="identity", value=uuid.uuid4().hex)
        session.add(found)
        session.flush()
    return found.value
