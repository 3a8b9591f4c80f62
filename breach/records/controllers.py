"""The controllers a processor's breach concerns (issue 18): one processor's incident can reach thousands
of client organisations, and each must be told (AVG art. 33 lid 2; the processing agreement's hours).

Each controller gets its own customers clock (`domain.deadlines.controller_clocks`: the breach's awareness
and customers window), its own notice (`breach draft ID customers --controller KEY`) and its own
`notified customers --controller KEY`; the breach's customers clock is done when every one was told.

The list comes from a CSV file, read as mail merge reads its recipients (bounded size and lines, the
delimiter sniffed, Dutch headers): every row is checked before anything is written, a broken row is
refused naming its line. Rows are only ever added, each add one `controllers` event holding what was
added, so `breach verify` proves the rows (`store.replay`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breach.domain import deadlines
from breach.errors import BreachError, InvalidInput, NotFound, Refused
from breach.records import incidents
from breach.store.timeline import add_event

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlmodel import Session

    from breach.store.models import Controller, Incident, Notice

LABEL = "--controllers"
ALL = "all"

# The header words accepted per column (lower case, without spaces, dashes, dots or underscores).
COLUMNS = {
    "name": ("naam", "name", "organisatie", "organisation", "organization", "verwerkingsverantwoordelijke",
             "controller", "klant", "client", "bedrijf", "company"),
    "contact": ("contactpersoon", "contact", "contactperson", "tav", "attn"),
    "email": ("email", "emailadres", "mail", "mailadres"),
    "key": ("key", "sleutel", "code", "kort", "short"),
    "reference": ("kenmerk", "referentie", "reference", "ref", "uwkenmerk", "klantnummer"),
    "persons": ("aantal", "persons", "personen", "betrokkenen", "aantalbetrokkenen", "aantalpersonen", "count"),
}
_WORD = {word: column for column, words in COLUMNS.items() for word in words}
ACCEPTED = ("naam/name (required), contactpersoon/contact, e-mail/email, kenmerk/reference, key/code, "
            "aantal/persons")
_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$", re.ASCII)
_COUNT = re.compile(r"^(?:\d+|\d{1,3}(?:\.\d{3})+)$", re.ASCII)  # 1200, or 1.200 as Dutch writes it


@dataclass(frozen=True)
class Row:
    """One controller as the file gives it, checked."""

    line: int
    key: str
    name: str
    contact: str | None = None
    email: str | None = None
    reference: str | None = None
    persons: int | None = None


def _header_word(text: str) -> str:
    return re.sub(r"[\s._-]+", "", text.strip().lower())


def _header(fields: list[str], label: str) -> dict[str, int]:
    """{column: position} of the columns the file has; other columns are left out."""
    found: dict[str, int] = {}
    for position, text in enumerate(fields):
        column = _WORD.get(_header_word(text))
        if column is None:
            continue
        if column in found:
            raise InvalidInput(f"{label} line 1: '{fields[found[column]].strip()}' and '{text.strip()}' both give the "
                               f"{column} (expected each column once; accepted: {ACCEPTED})")
        found[column] = position
    if "name" not in found:
        given = ", ".join(value.strip() for value in fields if value.strip()) or "nothing"
        raise InvalidInput(f"{label} line 1: the header has {given}; expected a header row with the controller's "
                           f"name (accepted columns: {ACCEPTED})")
    return found


def key_of(text: str) -> str:
    """A name made into a key: lower case ASCII letters, digits and dashes (`Bakkerij Jansen B.V.` is
    `bakkerij-jansen-b-v`)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:64]


def check_key(text: str, where: str) -> str:
    key = text.strip().lower()
    if key == ALL:
        raise InvalidInput(f"{where}: '{ALL}' is not a key (it names every controller on the command line)")
    if not _KEY.match(key):
        raise InvalidInput(f"{where}: '{text.strip()}' is not a key (accepted: letters a-z, digits, '.', '_' and "
                           "'-', at most 64, starting with a letter or digit, e.g. kl-0042)")
    return key


def _row(line: int, values: dict[str, str], label: str) -> Row:
    from breach.documents.mailmerge import valid_email
    from breach.domain.inputs import clean

    where = f"{label} line {line}"
    try:
        name = clean(values.get("name"), "name")
        contact = clean(values.get("contact"), "contact")
        email = clean(values.get("email"), "email", limit=254)
        reference = clean(values.get("reference"), "reference")
        given_key = clean(values.get("key"), "key")
    except BreachError as exc:
        raise InvalidInput(f"{where}: {exc.named()}") from None
    if not name:
        raise InvalidInput(f"{where}: the name is empty (every controller needs its name)")
    if email and not valid_email(email):
        raise InvalidInput(f"{where}: '{email}' is not an e-mail address (expected name@example.nl, or leave it empty)")
    persons = None
    count = (values.get("persons") or "").strip()
    if count:
        if not _COUNT.match(count):
            raise InvalidInput(f"{where}: '{count}' is not a number of persons (accepted: digits such as 1200 or "
                               "1.200, or leave it empty)")
        persons = int(count.replace(".", ""))
    key = check_key(given_key or reference or key_of(name) or "", where)
    return Row(line, key, name, contact, email, reference, persons)


def read(path: Path, label: str = LABEL) -> list[Row]:
    """Every row of the file, checked; refused at the first broken row (nothing is written: the caller
    adds the rows only when the whole file is read)."""
    from breach.documents import mailmerge

    found: list[Row] = []
    lines: dict[str, int] = {}
    with mailmerge._open(path, label) as handle:
        rows = mailmerge._reader(handle, label)
        first = next(rows, None)
        if first is None:
            raise InvalidInput(f"{label}: {path} is empty (expected a header row and one row per controller)")
        columns = _header(first[1], label)
        width = len(first[1])
        for line, fields in rows:
            if len(fields) != width:
                raise InvalidInput(f"{label} line {line}: {len(fields)} fields, the header has {width} "
                                   f"({', '.join(value.strip() for value in first[1])})")
            row = _row(line, {column: fields[position] for column, position in columns.items()}, label)
            if row.key in lines:
                raise InvalidInput(f"{label} line {line}: the key '{row.key}' is on line {lines[row.key]} too "
                                   "(expected one key per controller: give a key or kenmerk column)")
            lines[row.key] = line
            found.append(row)
    if not found:
        raise InvalidInput(f"{label}: {path} has a header but no controllers")
    return found


def add(session: Session, incident: Incident, rows: list[Row], now: datetime) -> list[Controller]:
    """Add the controllers to a processor's breach, in one `controllers` event; a key the breach has already
    is refused (nothing added)."""
    from breach.store.models import Controller

    incidents.refuse_void(incident)
    if incident.role != "processor":
        raise Refused(f"{incident.ref} is recorded with role {incident.role}: controllers are concerned in a "
                      "processor's breach (record the role with `breach update ID --role processor` first)")
    have = {c.key for c in of(session, incident)}
    for row in rows:
        if row.key in have:
            raise InvalidInput(f"{LABEL} line {row.line}: {incident.ref} has a controller '{row.key}' already "
                               "(expected new keys; `breach controllers ID` lists them)")
    made = [Controller(incident_id=incident.id, key=row.key, name=row.name, contact=row.contact, email=row.email,
                       reference=row.reference, persons=row.persons, added_at=now) for row in rows]
    session.add_all(made)
    session.flush()
    text = f"controller {made[0].key} added" if len(made) == 1 else f"{len(made):,} controllers added"
    add_event(session, incident.id, "controllers", now, text,
              {"controllers": [{name: getattr(c, name) for name in FACTS} for c in made]})
    return made


FACTS = ("id", "key", "name", "contact", "email", "reference", "persons")
"""What a `controllers` event records of each controller added (its `added_at` is the event's moment)."""


def of(session: Session, incident: Incident) -> list[Controller]:
    """The breach's controllers, in the order they were added."""
    from sqlmodel import select

    from breach.store.models import Controller

    return list(session.exec(select(Controller).where(Controller.incident_id == incident.id).order_by(Controller.id)))


def named(session: Session, incident: Incident, key: str, *, untold: bool = False) -> list[Controller]:
    """The controller a key names, or with `all` every one (`untold`: every one not yet told)."""
    found = of(session, incident)
    if not found:
        raise Refused(f"{incident.ref} has no controllers; add them with `breach controllers add {incident.ref} FILE.csv`"
                      ", or leave out {controller}", mentions=("controller",))
    if key.strip().lower() == ALL:
        if not untold:
            return found
        first = deadlines.first_per_controller(incidents.notices(session, incident))
        left = [c for c in found if c.id not in first]
        if not left:
            raise Refused(f"every controller of {incident.ref} was told already ({len(found):,}); a follow-up "
                          "goes to one at a time: {controller} KEY", mentions=("controller",))
        return left
    wanted = key.strip().lower()
    for controller in found:
        if controller.key == wanted:
            return [controller]
    raise NotFound(f"{incident.ref} has no controller '{key.strip()}' (`breach controllers {incident.ref}` lists "
                   f"the keys; {ALL} names every one)", field="controller")


def record(session: Session, incident: Incident, key: str, at: datetime, now: datetime, *,
           reference: str | None = None, by: str | None = None) -> list[Notice]:
    """`breach notified ID customers --controller KEY|all`: one notice per controller told, in one event."""
    told = named(session, incident, key, untold=key.strip().lower() == ALL)
    return incidents.record_controller_notices(session, incident, "customers", at, now, told, reference=reference, by=by)


@dataclass
class Told:
    """One controller with its customers clock and the notices it was given."""

    controller: Controller
    clock: deadlines.ClockState
    notices: int

    @property
    def told_at(self):
        return self.clock.done_at


def listing(session: Session, incident: Incident, now: datetime) -> list[Told]:
    """Every controller of the breach with its customers clock, in the order they were added."""
    found = of(session, incident)
    made = incidents.notices(session, incident)
    clocks = deadlines.controller_clocks(incident, [c.id for c in found], made, now)
    counts: dict[int, int] = {}
    for notice in made:
        if notice.controller_id is not None:
            counts[notice.controller_id] = counts.get(notice.controller_id, 0) + 1
    return [Told(c, clocks[c.id], counts.get(c.id, 0)) for c in found]


def recipient(controller: Controller, language: str = "nl") -> dict[str, Any]:
    """A controller as a letter's addressee (the columns a recipients CSV gives mail merge): the organisation
    greets its contact person (`documents.salutation`), `aantal` gives its own number of persons."""
    from breach.documents.render import number

    return {
        "name": controller.name, "contactpersoon": controller.contact or "", "email": controller.email or "",
        "soort": "organisatie", "kenmerk": controller.reference or "", "address": "", "postcode": "", "city": "",
        "aantal": number(controller.persons, language) if controller.persons is not None else "",
        "key": controller.key,
    }


@dataclass
class Letters:
    """Controllers whose notices read alike (the same notices before, the same clock): one context drafts them."""

    controllers: list[Controller]
    notices: list[Notice]  # the breach's notices as this group's letters see them: their own customers ones
    clock: deadlines.ClockState


def letters(session: Session, incident: Incident, key: str, now: datetime) -> list[Letters]:
    """The customers notices to draft for `key` (one controller, or `all`), grouped so that the controllers
    told alike share one context: the first notice to the untold ones, a follow-up to each told one."""
    chosen = named(session, incident, key)
    made = incidents.notices(session, incident)
    others = [n for n in made if n.obligation != "customers"]
    mine: dict[int, list] = {}
    for notice in made:
        if notice.obligation == "customers" and notice.controller_id is not None:
            mine.setdefault(notice.controller_id, []).append(notice)
    clocks = deadlines.controller_clocks(incident, [c.id for c in chosen], made, now)
    groups: dict[tuple, Letters] = {}
    for controller in chosen:
        told = mine.get(controller.id, [])
        signature = (clocks[controller.id].status, tuple((n.at, n.reference, n.late, n.deadline_at) for n in told))
        group = groups.get(signature)
        if group is None:
            groups[signature] = Letters([controller], others + told, clocks[controller.id])
        else:
            group.controllers.append(controller)
    return list(groups.values())


# ---------------------------------------------------------------- the register


def register_facts(connection: Connection, ids: tuple[int, int]) -> dict[int, list[dict[str, Any]]]:
    """{incident id: [{key, name, reference, persons, added_at, told_at, deadline, late, notices}, ...]} for a batch of
    breaches (ids from `ids[0]` to `ids[1]`), for the register: which controllers were told when. Only the
    breaches that have controllers are in it; two indexed queries a batch."""
    from sqlalchemy import select

    from breach.store.models import Controller, Notice

    c = Controller.__table__
    rows = connection.execute(
        select(c.c.incident_id, c.c.id, c.c.key, c.c.name, c.c.reference, c.c.persons, c.c.added_at)
        .where(c.c.incident_id.between(*ids)).order_by(c.c.incident_id, c.c.id)
    ).mappings().all()
    if not rows:
        return {}
    n = Notice.__table__
    first: dict[int, Any] = {}
    notices: dict[int, int] = {}
    for controller_id, at, deadline, late in connection.execute(
        select(n.c.controller_id, n.c.at, n.c.deadline_at, n.c.late)
        .where(n.c.incident_id.between(*ids), n.c.controller_id.is_not(None)).order_by(n.c.at, n.c.id)
    ):
        first.setdefault(controller_id, (at, deadline, late))
        notices[controller_id] = notices.get(controller_id, 0) + 1
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        at, deadline, late = first.get(row["id"], (None, None, None))
        grouped.setdefault(row["incident_id"], []).append({
            "key": row["key"], "name": row["name"], "reference": row["reference"], "persons": row["persons"],
            "added_at": row["added_at"], "told_at": at, "deadline": deadline, "late": late,
            "notices": notices.get(row["id"], 0),
        })
    return grouped


def without_controllers(notices: dict[int, list[dict[str, Any]]]) -> dict[int, list[dict[str, Any]]]:
    """A batch's notices without the ones to a controller (the register lists those per controller, not
    thousands of follow-ups of one customers notice), and without the column that told them apart."""
    for incident_id, found in notices.items():
        if any(n["controller_id"] is not None for n in found):
            notices[incident_id] = [n for n in found if n["controller_id"] is None]
        for notice in notices[incident_id]:
            del notice["controller_id"]
    return notices


def summary(told: list[dict[str, Any]] | None) -> dict[str, int | None]:
    """The counts a register row gives: controllers, told, late, and the persons they stand for."""
    told = told or []
    persons = [t["persons"] for t in told if t["persons"] is not None]
    return {
        "controllers": len(told),
        "told": sum(1 for t in told if t["told_at"] is not None),
        "late": sum(1 for t in told if t["late"]),
        "persons": sum(persons) if persons else None,
    }


def csv_cells(told: list[dict[str, Any]] | None) -> list[Any]:
    """The register's CSV cells: how many controllers, how many told, how many late (empty without any)."""
    if not told:
        return ["", "", ""]
    counts = summary(told)
    return [counts["controllers"], counts["told"], counts["late"]]
