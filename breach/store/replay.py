"""The facts proved by the timeline: each breach's sealed events replayed and compared with its rows.

The seals (`breach.store.chain`) prove that no event was changed; the rows the register, the clocks
and the letters read (incident, notice, decision, assessment) are plain rows. Every change to them is
made with an event that holds the values (`opened` the facts given at opening, `updated`/`corrected`
[old, new] per fact, `closed` the moment and reason, `notified`/`followup` the notice, `decided` the
decision, `assessed` the assessment), so replaying the events gives what each row must hold. A row
that differs was edited behind the tool's back, and each differing fact is named.

Events written before this release did not hold every fact: `opened` lacked the discovery and
occurrence moments, the description, who reported it and the id; `assessed` lacked the answers, the
severity explanation and the reasons. Such a fact is proved from the first later event that changed
it (its old and new value), and until then it is counted as not provable, never as a difference.

Streams the store in batches of breaches (one indexed query per table and batch).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from breach.store.chain import BATCH, Break, Report

UNKNOWN: Any = object()  # a fact the events of older releases did not record

OPENED_SINCE = ("ref", "discovered_at", "occurred_from", "occurred_to", "description", "reported_by")
"""Facts `breach open` sets that its `opened` event holds only since this release."""

OPENED_ALWAYS = ("aware_at", "role", "ap_window_hours", "customers_window_hours")

AT_OPENING: dict[str, Any] = {
    "status": "open", "how_discovered": None, "breach_types": [], "data_categories": [], "special_categories": [],
    "person_categories": [], "persons_min": None, "persons_max": None, "records": None, "consequences": None,
    "measures_taken": None, "measures_planned": None, "cross_border": None, "high_risk": None, "closed_at": None,
    "close_reason": None,
}
"""Facts `breach open` does not set: what every breach starts with."""

ASSESSED_SINCE = ("answers", "severity_explanation", "reasons")
ASSESSED_ALWAYS = ("enisa_score", "enisa_band", "ap_severity", "recommend_ap", "recommend_subjects", "example")
NOTICE_FACTS = ("obligation", "at", "deadline_at", "late", "reference", "delay_reason", "controller_id")
CONTROLLER_FACTS = ("key", "name", "contact", "email", "reference", "persons")
DECISION_FACTS = {"obligation": "obligation", "notify": "notify", "reason": "reason", "decided_by": "by",
                  "recommended": "recommended", "departs": "departs"}
REPLAYED = ("opened", "updated", "corrected", "closed", "voided", "notified", "followup", "decided", "assessed",
            "controllers")
MOMENTS = {"aware_at", "discovered_at", "occurred_from", "occurred_to", "created_at", "closed_at", "at",
           "deadline_at", "recorded_at", "added_at"}


@dataclass
class Facts:
    """What the replay found: the rows that differ, and the facts older events cannot prove."""

    breaches: int = 0
    breaks: list[Break] = field(default_factory=list)
    unprovable: dict[str, int] = field(default_factory=dict)  # {"incident.description": breaches, ...}
    unprovable_breaches: int = 0


def _instant(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, str):
        try:
            return _instant(datetime.fromisoformat(value))
        except ValueError:
            return value
    return value


def _same(name: str, stored: Any, expected: Any) -> bool:
    if stored == expected:
        return True
    if name in MOMENTS:
        if isinstance(stored, datetime) and isinstance(expected, str):
            at = stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored
            if at.isoformat() == expected:  # in UTC, as the events write them: the fast path
                return True
        return _instant(stored) == _instant(expected)
    if isinstance(stored, bool) or isinstance(expected, bool):
        return stored is None and expected is None or (stored is not None and expected is not None
                                                         and bool(stored) == bool(expected))
    return stored == expected


def shown(value: Any, moment: Callable[[datetime], str]) -> str:
    """A value as a message names it; text with its control characters escaped."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return moment(_instant(value))
    if isinstance(value, list):
        return "[" + ", ".join(shown(item, moment) for item in value) + "]" if value else "none"
    if isinstance(value, dict):
        return "(a different set of values)"
    if isinstance(value, str):
        from breach.errors import printable

        text = printable(value)
        return repr(text[:57] + "..." if len(text) > 60 else text)
    return str(value)


def verify(connection, describe, moment: Callable[[datetime], str]) -> tuple[Report, Facts]:
    """The seals (`chain.verify`) and the facts they prove, in one walk over the events: (report, facts).
    `describe` names an event, `moment` shows an instant in a message."""
    from breach.store import chain

    replayer = _Replayer(connection, moment)
    report = chain.verify(connection, describe, visit=replayer.visit)
    return report, replayer.facts


def check(connection, moment: Callable[[datetime], str]) -> Facts:
    """The facts alone (the seals are checked too, and their report dropped)."""
    return verify(connection, lambda row, position: str(position), moment)[1]


class _Replayer:
    """Fed each breach's sealed events in id order; reads the breach's rows a batch of breaches at a time."""

    def __init__(self, connection, moment: Callable[[datetime], str]):
        self.connection = connection
        self.moment = moment
        self.facts = Facts()
        self.last = -1
        self.rows: dict[int, Any] = {}
        self.tables: dict[str, dict[int, list]] = {}

    def _load(self, first: int) -> None:
        from sqlalchemy import String, select, type_coerce

        from breach.store.models import Incident

        incidents = Incident.__table__
        columns = [type_coerce(column, String).label(column.name) if column.name in KEY_LISTS else column
                   for column in incidents.c]
        batch = self.connection.execute(
            select(*columns).where(incidents.c.id >= first).order_by(incidents.c.id).limit(BATCH)
        ).mappings().all()
        if not batch:
            self.rows, self.last = {}, first
            return
        self.rows = {row["id"]: {**row, **{name: _keys(row[name]) for name in KEY_LISTS}} for row in batch}
        self.last = batch[-1]["id"]
        ids = (batch[0]["id"], self.last)
        self.tables = {name: _grouped(self.connection, name, ids) for name in TABLES}

    def visit(self, incident_id: int, walked: list) -> None:
        if incident_id > self.last:
            self._load(incident_id)
        row = self.rows.get(incident_id)
        if row is None:  # a chain without its breach: `chain.verify` names it
            return
        self.facts.breaches += 1
        events = [{"kind": e.kind, "text": e.text, "at": e.at, "data": e.data} for e in walked
                  if e.id is not None and e.kind in REPLAYED]
        _breach(self.facts, row, events, *(self.tables[name].get(incident_id, []) for name in TABLES), self.moment)


KEY_LISTS = ("breach_types", "data_categories", "special_categories", "person_categories")
TABLES = ("notice", "decision", "assessment", "controller")


@lru_cache(maxsize=4096)
def _decoded(text: str) -> tuple:
    return tuple(json.loads(text))


def _keys(stored: Any) -> Any:
    """A list of vocabulary keys read as text (few distinct lists: decoded once each), as a list."""
    if isinstance(stored, str):
        try:
            return list(_decoded(stored))
        except ValueError:
            return stored
    return stored


def _grouped(connection, name: str, ids: tuple[int, int]) -> dict[int, list[Any]]:
    from sqlalchemy import select

    from breach.store import models

    table = {"notice": models.Notice, "decision": models.Decision, "assessment": models.Assessment,
             "controller": models.Controller}[name].__table__
    query = select(table).where(table.c.incident_id.between(*ids)).order_by(table.c.incident_id, table.c.id)
    grouped: dict[int, list[Any]] = {}
    for row in connection.execute(query).mappings():
        grouped.setdefault(row["incident_id"], []).append(row)
    return grouped


def _breach(facts: Facts, row, events: list, notices: list, decisions: list, assessments: list, controllers: list,
            moment: Callable[[datetime], str]) -> None:
    ref = row["ref"]
    expected, notified, decided, assessed, added = _replay(events)
    found: list[str] = []

    def differs(what: str, name: str, stored: Any, wanted: Any) -> None:
        if name in MOMENTS:
            stored, wanted = _instant(stored), _instant(wanted)
        found.append(f"{ref}: {what}.{name} is {shown(stored, moment)} in the store, "
                     f"the timeline says {shown(wanted, moment)}")

    unknown: list[str] = []
    if expected is None:
        found.append(f"{ref}: its facts cannot be proved: the timeline has no `opened` event")
    else:
        for name, wanted in expected.items():
            if wanted is UNKNOWN:
                unknown.append(f"incident.{name}")
            elif not _same(name, row[name], wanted):
                differs("incident", name, row[name], wanted)
    _pair(found, "notice", notices, notified, NOTICE_FACTS + ("recorded_at",), differs, ref, moment)
    _pair(found, "decision", decisions, decided, tuple(DECISION_FACTS) + ("at",), differs, ref, moment)
    by_id = {a["id"]: a for a in assessments}
    for assessment_id, wanted in assessed.items():
        stored = by_id.pop(assessment_id, None)
        if stored is None:
            found.append(f"{ref}: the timeline records assessment {assessment_id} of {moment(_instant(wanted['at']))}, "
                         "the store has no row for it (it was removed)")
            continue
        for name, value in wanted.items():
            if value is UNKNOWN:
                unknown.append(f"assessment.{name}")
            elif not _same(name, stored[name], value):
                differs(f"assessment {assessment_id}", name, stored[name], value)
    for stored in by_id.values():
        found.append(f"{ref}: assessment {stored['id']} is in the store, the timeline has no `assessed` event for it "
                     "(it was added behind the tool's back)")
    _controllers(found, controllers, added, differs, ref)
    facts.breaks += [Break(ref, "differs", message) for message in found]
    if unknown:
        facts.unprovable_breaches += 1
        for name in dict.fromkeys(unknown):
            facts.unprovable[name] = facts.unprovable.get(name, 0) + 1


def _pair(found: list[str], what: str, rows: list, wanted: list[dict], names: tuple[str, ...], differs, ref: str,
          moment) -> None:
    """Rows and the events that made them, in the order both were made."""
    for number, stored in enumerate(rows):
        label = f"{what} {stored['id']} ({stored['obligation']})"
        if number >= len(wanted):
            found.append(f"{ref}: {label} is in the store, the timeline has no event for it "
                         "(it was added behind the tool's back)")
            continue
        for name in names:
            if not _same(name, stored[name], wanted[number][name]):
                differs(label, name, stored[name], wanted[number][name])
    for missing in wanted[len(rows):]:
        found.append(f"{ref}: the timeline records a {missing['obligation']} {what} of {moment(_instant(missing['at']))}, "
                     "the store has no row for it (it was removed)")


def _controllers(found: list[str], rows: list, added: dict[int, dict], differs, ref: str) -> None:
    """The controllers of a processor's breach and the `controllers` events that added them."""
    for stored in rows:
        wanted = added.pop(stored["id"], None)
        if wanted is None:
            found.append(f"{ref}: controller {stored['key']} is in the store, the timeline has no `controllers` event "
                         "for it (it was added behind the tool's back)")
            continue
        for name, value in wanted.items():
            if not _same(name, stored[name], value):
                differs(f"controller {stored['key']}", name, stored[name], value)
    for wanted in added.values():
        found.append(f"{ref}: the timeline records controller {wanted['key']}, the store has no row for it (it was removed)")


def _replay(events: list) -> tuple[dict[str, Any] | None, list[dict], list[dict], dict[int, dict], dict[int, dict]]:
    """(the incident's facts, its notices, decisions, assessments and controllers) as its events made them."""
    incident: dict[str, Any] | None = None
    notices: list[dict] = []
    decisions: list[dict] = []
    assessments: dict[int, dict] = {}
    controllers: dict[int, dict] = {}
    for event in events:
        kind, data = event["kind"], event["data"] or {}
        if kind == "opened":
            incident = {"title": event["text"], "created_at": event["at"], **AT_OPENING}
            incident.update({name: data.get(name, UNKNOWN) for name in OPENED_ALWAYS})
            incident.update({name: data.get(name, UNKNOWN) for name in OPENED_SINCE})
        elif incident is None:
            continue
        elif kind in ("updated", "corrected"):
            for name, change in data.items():
                if name in incident and isinstance(change, list) and len(change) == 2:
                    incident[name] = change[1]
        elif kind == "closed":
            incident.update(status="closed", closed_at=event["at"], close_reason=event["text"])
        elif kind == "voided":
            incident.update(status="void", closed_at=incident.get("closed_at") or event["at"])
        elif kind in ("notified", "followup"):
            notice = {**{name: data.get(name) for name in NOTICE_FACTS}, "recorded_at": event["at"]}
            told = data.get("controllers")
            if isinstance(told, list) and told:  # one notice per controller told, in the order they were made
                notices += [{**notice, "controller_id": controller_id} for controller_id in told]
            else:
                notices.append(notice)
        elif kind == "controllers":
            for added in data.get("controllers") or ():
                if isinstance(added, dict) and isinstance(added.get("id"), int):
                    controllers[added["id"]] = {**{name: added.get(name) for name in CONTROLLER_FACTS},
                                                "added_at": event["at"]}
        elif kind == "decided":
            decisions.append({**{name: data.get(key) for name, key in DECISION_FACTS.items()}, "at": event["at"]})
        elif kind == "assessed" and isinstance(data.get("assessment_id"), int):
            assessments[data["assessment_id"]] = {
                "at": event["at"], **{name: data.get(name) for name in ASSESSED_ALWAYS},
                **{name: data.get(name, UNKNOWN) for name in ASSESSED_SINCE},
            }
    return incident, notices, decisions, assessments, controllers


def lines(facts: Facts) -> Iterator[str]:
    """The note on what the timeline of older releases cannot prove, if anything."""
    if facts.unprovable:
        names = ", ".join(sorted(facts.unprovable))
        yield (f"note: {names} of {facts.unprovable_breaches} breach(es) are not provable for events before this "
               "release (their timeline did not record them); they are proved from the next change on")
