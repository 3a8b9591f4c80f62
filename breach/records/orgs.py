"""Organisations: the one a store starts with and the clients an external FG adds, each with the profile
letters need and the reminder settings the clocks need (issue 18). They live in the store, so every
machine on one register drafts under the same letterhead; every change is an `org_event` with who and
when, and nothing is ever deleted.

Which organisation a command works for: `--org`, else `BREACH_ORG`, else the machine's `breach orgs
use`, else the only one there is. With more than one, breach ids are shown with the short name before
them (`bakkerij/DL-2026-003`); within an organisation they stay `DL-YYYY-NNN`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from breach.config import Profile, check_settings, profile_from, triage_hours_from
from breach.errors import ConfigError, InvalidInput, NotFound, Refused

if TYPE_CHECKING:
    from sqlmodel import Session

    from breach.config import Config
    from breach.domain.schedule import Settings
    from breach.store.models import Incident, Organisation, OrgEvent

FIRST = "main"
_SHORT = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")


def check_short(text: str) -> str:
    """A short name: what people type after --org and what prefixes the organisation's ids."""
    short = (text or "").strip().lower()
    if not _SHORT.match(short):
        raise InvalidInput(f"'{text}' is not a short name (expected 1 to 32 lower-case letters, digits and dashes, "
                           "e.g. bakkerij-jansen)", field="short")
    return short


def listing(session: Session) -> list[Organisation]:
    from sqlmodel import select

    from breach.store.models import Organisation

    return list(session.exec(select(Organisation).order_by(Organisation.short)))


def overview(session: Session) -> list[dict]:
    """Per organisation: its short name, its name, its breaches and how many are open (void ones left out)."""
    from sqlalchemy import func
    from sqlmodel import select

    from breach.store.models import Incident

    counts = {(org_id, status): n for org_id, status, n in session.exec(
        select(Incident.org_id, Incident.status, func.count()).group_by(Incident.org_id, Incident.status))}
    rows = []
    for org in listing(session):
        mine = {status: n for (org_id, status), n in counts.items() if org_id == org.id}
        rows.append({"short": org.short, "name": (org.profile or {}).get("name", ""), "open": mine.get("open", 0),
                     "breaches": sum(n for status, n in mine.items() if status != "void")})
    return rows


def shorts(session: Session) -> dict[int, str]:
    """{organisation id: short name}: what a view across organisations prefixes ids with."""
    return {org.id: org.short for org in listing(session)}


def named(session: Session, short: str) -> Organisation:
    from sqlmodel import select

    from breach.store.models import Organisation

    found = session.exec(select(Organisation).where(Organisation.short == short.strip().lower())).first()
    if found is None:
        known = ", ".join(org.short for org in listing(session))
        raise NotFound(f"no organisation '{short}' in this store (known: {known}; `breach orgs add` adds one)",
                       field="org")
    return found


def chosen(session: Session, wanted: str | None) -> Organisation:
    """The organisation a command works for: the one named, else the only one."""
    if wanted:
        return named(session, wanted)
    orgs = listing(session)
    if len(orgs) == 1:
        return orgs[0]
    names = ", ".join(org.short for org in orgs)
    raise Refused(f"this store keeps {len(orgs)} organisations ({names}); name one with {{org}}, BREACH_ORG or "
                  "`breach orgs use NAME`", mentions=("org",))


def first(session: Session, now) -> Organisation:
    """The store's first organisation, created in a new store (a migrated one has it from 0007): the one a
    machine's config.toml of an older release belongs to."""
    from sqlmodel import select

    from breach.store.models import Organisation

    found = session.exec(select(Organisation).order_by(Organisation.id)).first()
    if found is not None:
        return found
    # Two first commands on a new PostgreSQL store may both get here (SQLite's writer holds the whole store):
    # one insert wins, the other finds its row.
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    made = session.execute(
        insert(Organisation).values(short=FIRST, profile={}, settings={}, created_at=now)
        .on_conflict_do_nothing(index_elements=["short"]).returning(Organisation.id)
    ).scalar()
    org = session.exec(select(Organisation).where(Organisation.short == FIRST)).one()
    if made is not None:
        _event(session, org, now, "created", None, f"organisation {FIRST} added", {})
    return org


def current(store, wanted: str | None, config: Config, now, by: str | None, announce, *,
            choose: bool = True) -> Organisation:
    """The organisation a command works for (see the module's docstring); without `choose`, the first one
    (a command about the organisations themselves). The first time a store is used from a data home whose
    config.toml still holds tables the store keeps now, they move in (`adopt_config`) and `announce` says so."""
    from breach.config import STORE_KEPT

    with store.read() as session:
        orgs = listing(session)
        if orgs and not any(name in config.data for name in STORE_KEPT):
            return chosen(session, wanted) if choose else first(session, now)
    with store.write() as session:
        org = settle(session, wanted, config, now, by, announce, choose=choose)
    return org


def settle(session: Session, wanted: str | None, config: Config, now, by: str | None, announce, *,
           choose: bool = True) -> Organisation:
    """`current` inside the caller's write transaction: the first organisation made if need be, an older
    config.toml moved in, the one wanted chosen. config.toml is rewritten (and `announce` says so) only once
    that transaction has committed: a command refused after this leaves the file as it was."""
    from sqlalchemy import event

    owner = first(session, now)
    adopted = adopt_config(session, owner, config, now, by)
    if adopted.found:
        short = owner.short

        def rewrite(_session) -> None:
            adopted.kept_as = str(config.keep_only_machine())
            announce(f"note: {adopted.line(short, config.path)}")

        event.listen(session, "after_commit", rewrite, once=True)
    return chosen(session, wanted) if choose else owner


def add(session: Session, short: str, name: str, now, by: str | None) -> Organisation:
    from breach.domain.inputs import clean

    short = check_short(short)
    if any(org.short == short for org in listing(session)):
        raise Refused(f"an organisation '{short}' exists already (`breach orgs list` shows them)", field="short")
    title = clean(name, "name")
    if not title:
        raise InvalidInput("empty (expected the organisation's name as letters show it, e.g. Bakkerij Jansen B.V.)",
                           field="name")
    return _create(session, short, Profile(name=title), now, by)


def _create(session: Session, short: str, profile: Profile | None, now, by: str | None) -> Organisation:
    from breach.store.models import Organisation

    org = Organisation(short=short, profile=_stored(profile) if profile else {}, settings={}, created_at=now)
    session.add(org)
    session.flush()
    _event(session, org, now, "created", by, f"organisation {short} added", {})
    return org


def profile_of(org: Organisation) -> Profile:
    return profile_from(org.profile, f"the profile of organisation {org.short}") if org.profile else Profile()


def has_profile(org: Organisation) -> bool:
    return bool(org.profile)


def settings_of(org: Organisation) -> Settings:
    """The reminder schedule, quiet hours, ladder and `[serve]` of this organisation (schedule.Settings)."""
    from breach.domain.schedule import Settings

    return Settings.from_config(org.settings, f"the settings of organisation {org.short}")


def triage_hours(org: Organisation) -> int:
    return triage_hours_from(org.settings, f"the settings of organisation {org.short}")


@dataclass
class Change:
    """What one change did: {field: (old, new)} of exactly what differs."""

    changed: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.changed)


def set_profile(session: Session, org: Organisation, profile: Profile, now, by: str | None,
                how: str = "profile") -> Change:
    """Store the profile; one event names each field with its old and new value. Nothing changed: no event."""
    before = profile_of(org)
    change = Change({item.name: (getattr(before, item.name), getattr(profile, item.name)) for item in fields(Profile)
                     if getattr(before, item.name) != getattr(profile, item.name) or (how == "adopted" and not org.profile)})
    if not change and org.profile:
        return change
    org.profile = _stored(profile)
    org.changed_at = now
    session.add(org)
    names = ", ".join(change.changed) or "none"
    text = (f"profile moved in from config.toml ({names})" if how == "adopted"
            else f"profile changed: {names}")
    _event(session, org, now, how, by, text, {"changes": {k: list(v) for k, v in change.changed.items()}})
    return change


def set_settings(session: Session, org: Organisation, tables: dict, now, by: str | None, where: str,
                 how: str = "settings") -> Change:
    """Replace the reminder, signal and serve tables (checked first, naming `where` and the key)."""
    check_settings(tables, where)
    before = org.settings or {}
    change = Change({name: (before.get(name), tables.get(name)) for name in sorted(set(before) | set(tables))
                     if before.get(name) != tables.get(name)})
    if not change:
        return change
    org.settings = dict(tables)
    org.changed_at = now
    session.add(org)
    text = (f"settings moved in from config.toml ({', '.join(change.changed)})" if how == "adopted"
            else f"settings changed: {', '.join(f'[{name}]' for name in change.changed)}")
    _event(session, org, now, how, by, text, {"changes": {k: list(v) for k, v in change.changed.items()}})
    return change


def history(session: Session, org: Organisation) -> list[OrgEvent]:
    from sqlmodel import select

    from breach.store.models import OrgEvent

    return list(session.exec(select(OrgEvent).where(OrgEvent.org_id == org.id).order_by(OrgEvent.id)))


def _event(session: Session, org: Organisation, now, kind: str, by: str | None, text: str, data: dict) -> None:
    from breach.store.models import OrgEvent

    session.add(OrgEvent(org_id=org.id, at=now, kind=kind, by=by, text=text, data=data))


def _stored(profile: Profile) -> dict:
    return asdict(profile)


@dataclass
class Adopted:
    """What `adopt_config` did with a machine's config.toml."""

    moved: list[str] = field(default_factory=list)  # tables moved into the store
    same: list[str] = field(default_factory=list)  # tables the store held already, equal
    kept_as: str | None = None  # where config.toml as it was is kept
    found: bool = False  # config.toml held tables the store keeps: rewrite it once the store has committed

    def line(self, org: str, path) -> str | None:
        if not self.kept_as:
            return None
        parts = []
        if self.moved:
            parts.append(f"moved {', '.join(f'[{name}]' for name in self.moved)} from {path} into the store "
                         f"(organisation {org}), where every machine on this register reads them")
        if self.same:
            parts.append(f"{', '.join(f'[{name}]' for name in self.same)} of {path} equal the store's")
        return f"{'; '.join(parts)}; config.toml now keeps only what is per machine, the file as it was is {self.kept_as}"


def adopt_config(session: Session, org: Organisation, config: Config, now, by: str | None) -> Adopted:
    """Move the tables an older release kept in config.toml (`config.STORE_KEPT`) into the store, once.

    A table the store holds no value for moves in (an event says so); one equal to the store's goes; one
    that differs is refused, naming the tables, because two machines must not draft under two letterheads
    (`breach init` and `breach settings import` change the store's, for every machine)."""
    found = config.kept_elsewhere()
    if not found:
        return Adopted()
    done = Adopted()
    differs = []
    if "organisation" in found:
        profile = profile_from(found["organisation"], str(config.path))
        if not org.profile:
            set_profile(session, org, profile, now, by, how="adopted")
            done.moved.append("organisation")
        elif profile_of(org) == profile:
            done.same.append("organisation")
        else:
            differs.append("organisation")
    tables = {name: value for name, value in found.items() if name != "organisation"}
    if tables:
        held = org.settings or {}
        clash = [name for name in tables if name in held and held[name] != tables[name]]
        differs += clash
        new = {name: value for name, value in tables.items() if name not in held}
        done.same += [name for name in tables if name in held and held[name] == tables[name]]
        if new and not clash:
            set_settings(session, org, {**held, **new}, now, by, str(config.path), how="adopted")
            done.moved += sorted(new)
    if differs:
        raise ConfigError(
            f"{config.path}: {', '.join(f'[{name}]' for name in differs)} differ from what the store keeps for "
            f"organisation {org.short} (every machine reads the store's now); change the store's with `breach init` "
            "or `breach settings import`, then remove the table from config.toml"
        )
    done.found = True
    return done


def label(incident: Incident, owners: dict[int, str] | None) -> str:
    """The id as a view shows it: `DL-2026-001`, with the short name before it when the store keeps more than
    one organisation (`owners`: `shorts(session)`)."""
    if owners and len(owners) > 1:
        return f"{owners.get(incident.org_id, incident.org_id)}/{incident.ref}"
    return incident.ref
