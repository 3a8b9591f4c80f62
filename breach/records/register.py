"""The breach register (AVG art. 33 lid 5): every breach, reported or not, with what was known,
decided and done, and when. Exported as CSV, JSON, Markdown or a printable HTML page.

Exports stream: breaches are read in batches of `BATCH` (server-side where the database can), the
notices, decisions, assessments and chain heads of a batch with one indexed query each, and every
record is written out before the next batch is read. Memory stays flat however big the register.

Each record carries its timeline's chain length and head (`breach.store.chain`), so a register kept
elsewhere can later prove the store's timelines were not rewritten (`breach verify --against`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from breach.documents.render import environment
from breach.errors import InvalidInput
from breach.records.register_words import (  # noqa: F401  (the names the register's callers know)
    FACT_KEYS,
    ISO_MINUTES,
    LABELS,
    Formatter,
    first_notice,
    has_facts,
    overview,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection


BATCH = 1000
FORMATS = ("csv", "json", "md", "html")
STATUSES = ("open", "closed", "void")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REGISTER_FORMAT = "breach-register/1"


# ---------------------------------------------------------------- reading the store


@dataclass
class Filter:
    status: str | None = None
    aware_from: datetime | None = None  # inclusive, UTC
    aware_before: datetime | None = None  # exclusive, UTC
    text: str = ""  # the selection as the export's header shows it; empty: every breach
    org_id: int | None = None  # the organisation's breaches only (None: every organisation's)


def select(tz: str, *, first_day: str | None = None, last_day: str | None = None, status: str | None = None,
           org_id: int | None = None) -> Filter:
    """The breaches an export selects: those the organisation became aware of from the local date
    `first_day` up to and including `last_day`, and with `status` (open, closed or void); any may be left out."""
    if status is not None and status.strip().lower() not in STATUSES:
        raise InvalidInput(f"'{status}' is not a status (accepted: {', '.join(STATUSES)})", field="status")
    where = Filter(
        org_id=org_id,
        status=status.strip().lower() if status else None,
        aware_from=local_day(first_day, tz, "first_day") if first_day else None,
        aware_before=local_day(last_day, tz, "last_day", end=True) if last_day else None,
    )
    if where.aware_from and where.aware_before and where.aware_before <= where.aware_from:
        raise InvalidInput("the period ends before it starts (give {last_day} on or after {first_day})",
                           field="last_day", mentions=("last_day", "first_day"))
    period = f"{first_day or '…'} – {last_day or '…'}" if (first_day or last_day) else ""
    where.text = ", ".join(part for part in (period, status or "") if part)
    return where


@dataclass
class Totals:
    """Filled while the records stream, read by the writers' footers."""

    breaches: int = 0
    events: int = 0


def records(connection: Connection, where: Filter, totals: Totals | None = None, *, answers: bool = True,
            entries: bool = False, signals: bool = False, assessed: bool = True,
            owners: dict[int, str] | None = None) -> Iterator[dict[str, Any]]:
    """One dict per breach, in id order; instants stay aware datetimes (the writers format them).
    Without `answers` the assessments leave out the answers they rest on (the CSV has no column for
    them, and decoding them was a tenth of its export). With `signals`, a breach opened from a signal
    carries `signal_received_at`: when that signal came in. Without `assessed` no assessment is read (the
    figures need none; decoding them was a fifth of `breach stats`). With `owners` ({organisation id: short
    name}), each record names its `organisation`."""
    from breach.records import controllers
    from breach.store import chain

    totals = totals if totals is not None else Totals()
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(_incidents_query(where))
    for batch in result.mappings().partitions():
        ids = (batch[0]["id"], batch[-1]["id"])
        told = controllers.register_facts(connection, ids)  # a processor's controllers, which were told when
        notices = controllers.without_controllers(_grouped(connection, _notice_columns(), ids))
        decisions = _grouped(connection, _decision_columns(), ids)
        assessments = _grouped(connection, _assessment_columns(answers), ids) if assessed else {}
        events = _grouped(connection, _event_columns(), ids) if entries else {}
        received = _signals_received(connection, ids) if signals else {}
        heads = chain.chain_heads_between(connection, *ids)
        for row in batch:
            length, head = heads.get(row["id"], (0, None))
            totals.breaches += 1
            totals.events += length
            record = _record(row, notices.get(row["id"], []), decisions.get(row["id"], []), assessments.get(row["id"], []),
                             length, head)
            record["controllers"] = told.get(row["id"], [])
            if entries:  # the timeline's own lines (the readable register): moment, kind, text; never per-person data
                record["timeline"]["entries"] = events.get(row["id"], [])
            if signals:
                record["signal_received_at"] = received.get(row["id"])
            if owners is not None:
                record["organisation"] = owners.get(row["org_id"], str(row["org_id"]))
            yield record


def _signals_received(connection: Connection, ids: tuple[int, int]) -> dict[int, datetime]:
    """{incident id: when the first signal it was opened from came in}, for a batch of breaches."""
    from sqlalchemy import select

    from breach.store.models import Signal

    t = Signal.__table__
    rows = connection.execute(
        select(t.c.incident_id, t.c.received_at).where(t.c.incident_id.between(*ids))
        .order_by(t.c.incident_id, t.c.received_at.desc())
    )
    return dict(rows.all())  # the earliest last, so it stays


def figures(connection: Connection, tz: str, year: int | None = None, org_id: int | None = None):
    """`breach stats`: the figures (`breach.domain.stats`) of the breaches organisation `org_id` (None: every
    organisation) became aware of in the local `year` (every year without one), read as the register streams them."""
    from breach.domain import stats

    where = select(tz, first_day=f"{year}-01-01", last_day=f"{year}-12-31", org_id=org_id) if year else Filter(org_id=org_id)
    return stats.figures(records(connection, where, answers=False, signals=True, assessed=False))


def figures_per_organisation(connection: Connection, tz: str, owners: dict[int, str], year: int | None = None):
    """`breach stats` across organisations: (every organisation's figures, {short name: its figures}), one pass."""
    from breach.domain import stats

    where = select(tz, first_day=f"{year}-01-01", last_day=f"{year}-12-31") if year else Filter()
    overall, per = stats.figures_per(records(connection, where, answers=False, signals=True, assessed=False,
                                             owners=owners), "organisation")
    return overall, {short: per.get(short, stats.Figures()) for short in sorted(owners.values())}


KEY_LISTS = ("breach_types", "data_categories", "special_categories", "person_categories")
UNUSED = ("created_at",)  # when the breach was recorded: the register gives when the organisation became aware


def _incidents_query(where: Filter):
    """The selected breaches, their lists of vocabulary keys as stored text (see `_keys`)."""
    from sqlalchemy import String, select, type_coerce

    from breach.store.models import Incident

    incidents = Incident.__table__
    columns = [type_coerce(column, String).label(column.name) if column.name in KEY_LISTS else column
               for column in incidents.c if column.name not in UNUSED]
    query = select(*columns).order_by(incidents.c.id)
    if where.org_id is not None:
        query = query.where(incidents.c.org_id == where.org_id)
    if where.status:
        query = query.where(incidents.c.status == where.status)
    if where.aware_from is not None:
        query = query.where(incidents.c.aware_at >= where.aware_from)
    if where.aware_before is not None:
        query = query.where(incidents.c.aware_at < where.aware_before)
    return query


# The columns of a breach's notices, decisions and assessments, named and ordered as in its record.


def _notice_columns() -> list:
    from breach.store.models import Notice

    t = Notice.__table__
    return [t.c.obligation, t.c.at, t.c.deadline_at.label("deadline"), t.c.late, t.c.reference, t.c.delay_reason,
            t.c.count, t.c.controller_id]


def _event_columns() -> list:
    from breach.store.models import Event

    t = Event.__table__
    return [t.c.at, t.c.kind, t.c.text]


def _decision_columns() -> list:
    from breach.store.models import Decision

    t = Decision.__table__
    return [t.c.obligation, t.c.notify, t.c.reason, t.c.decided_by, t.c.at, t.c.recommended, t.c.departs]


def _assessment_columns(answers: bool = True) -> list:
    from breach.store.models import Assessment

    t = Assessment.__table__
    return [t.c.at, t.c.enisa_score, t.c.enisa_band, t.c.ap_severity, t.c.severity_explanation, t.c.recommend_ap,
            t.c.recommend_subjects, t.c.reasons, t.c.example] + ([t.c.answers] if answers else [])


def _grouped(connection: Connection, columns: list, ids: tuple[int, int]) -> dict[int, list[dict[str, Any]]]:
    """{incident id: [{column name: value}, ...]} for the breaches with ids from `ids[0]` to `ids[1]`
    (a batch, in id order), in the order they happened. A range, not a list of ids: compiling an IN
    of a thousand ids for every batch cost more than the rows of breaches a filter left out."""
    from sqlalchemy import select

    table = columns[0].table
    first, last = ids
    rows = connection.execute(
        select(table.c.incident_id, *columns)
        .where(table.c.incident_id.between(first, last))
        .order_by(table.c.incident_id, table.c.at, table.c.id)
    )
    names = [column.name for column in columns]
    grouped: dict[int, list[dict[str, Any]]] = {}
    for incident_id, *values in rows:
        grouped.setdefault(incident_id, []).append(dict(zip(names, values, strict=True)))
    return grouped


@lru_cache(maxsize=1024)
def _decoded_keys(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def _keys(stored: str | list) -> list[str]:
    """A list of vocabulary keys from its stored JSON, decoded once per distinct list: a register
    repeats the same few, and decoding them breach by breach took some 15% of a CSV export.
    (A driver that decodes JSON itself hands over the list.)"""
    return list(_decoded_keys(stored)) if isinstance(stored, str) else list(stored)


def _notifications(notices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The notices, `follow_up` set on every one after the first of its obligation."""
    seen: set[str] = set()
    for notice in notices:
        notice["follow_up"] = notice["obligation"] in seen
        seen.add(notice["obligation"])
    return notices


def _record(row, notices: list[dict], decisions: list[dict], assessments: list[dict], length: int,
            head: str | None) -> dict[str, Any]:
    notifications = _notifications(notices)
    return {
        "id": row["ref"],
        "title": row["title"],
        "status": row["status"],
        "role": row["role"],
        "occurred_from": row["occurred_from"],
        "occurred_to": row["occurred_to"],
        "discovered_at": row["discovered_at"],
        "aware_at": row["aware_at"],
        "windows": {"ap": row["ap_window_hours"], "customers": row["customers_window_hours"]},
        "description": row["description"],
        "how_discovered": row["how_discovered"],
        "reported_by": row["reported_by"],
        "breach_types": _keys(row["breach_types"]),
        "data_categories": _keys(row["data_categories"]),
        "special_categories": _keys(row["special_categories"]),
        "person_categories": _keys(row["person_categories"]),
        "persons": {"min": row["persons_min"], "max": row["persons_max"]},
        "records": row["records"],
        "consequences": row["consequences"],
        "measures_taken": row["measures_taken"],
        "measures_planned": row["measures_planned"],
        "cross_border": row["cross_border"],
        "high_risk": row["high_risk"],
        "assessment": assessments[-1] if assessments else None,
        "assessments": len(assessments),
        "decisions": decisions,
        "notifications": notifications,
        "ap_reference": next((n["reference"] for n in notifications if n["obligation"] == "ap" and n["reference"]), None),
        "closed_at": row["closed_at"],
        "close_reason": row["close_reason"],
        "timeline": {"events": length, "chain_head": head},
        "void": row["status"] == "void",
    }


# ---------------------------------------------------------------- CSV


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (the OWASP advice)."""
    return "'" + value if value[:1] in _FORMULA_FIRST else value


def csv_row(record: dict, f: Formatter) -> list[Any]:
    """One breach as the cells under `csv_header`, each text neutralised (see `neutralise`)."""
    cells = (_fact_cells(record, f) + _assessment_cells(record["assessment"], f) + _decision_cells(record["decisions"], f)
             + _notification_cells(record, f) + _closing_cells(record, f))
    return [
        ("'" + value if value[:1] in _FORMULA_FIRST else value) if type(value) is str else ("" if value is None else value)
        for value in cells
    ]


def _fact_cells(record: dict, f: Formatter) -> list[Any]:
    return [
        record["id"], record["title"], f.word(record["status"]), f.word(record["role"]),
        f.moment(record["occurred_from"]), f.moment(record["occurred_to"]), f.moment(record["discovered_at"]),
        f.moment(record["aware_at"]), record["description"], record["how_discovered"], record["reported_by"],
        f.items("breach_types", record["breach_types"]), f.items("data_categories", record["data_categories"]),
        f.items("special_categories", record["special_categories"]),
        f.items("person_categories", record["person_categories"]),
        f.persons(record["persons"]), record["records"], record["consequences"], record["measures_taken"],
        record["measures_planned"], f.flag(record["cross_border"]), f.flag(record["high_risk"]),
    ]


def _assessment_cells(assessment: dict | None, f: Formatter) -> list[Any]:
    if assessment is None:
        return [""] * 9
    return [
        f.moment(assessment["at"]), f.score(assessment["enisa_score"]), f.band(assessment["enisa_band"]),
        f.severity(assessment["ap_severity"]), assessment["severity_explanation"], f.flag(assessment["recommend_ap"]),
        f.flag(assessment["recommend_subjects"]), f.reasons(assessment["reasons"]), f.example(assessment["example"]),
    ]


def _decision_cells(decisions: list[dict], f: Formatter) -> list[Any]:
    """The latest decision for the AP and for the persons, then every earlier one in one cell."""
    latest = {d["obligation"]: d for d in decisions}
    ap, subjects = latest.get("ap"), latest.get("subjects")
    earlier = [d for d in decisions if d is not ap and d is not subjects]
    return [
        *_latest_decision_cells(ap, f), *_latest_decision_cells(subjects, f),
        " | ".join(f"{f.word(d['obligation'])}: {f.decision(d)}" for d in earlier),
    ]


def _latest_decision_cells(d: dict | None, f: Formatter) -> list[Any]:
    if d is None:
        return [""] * 5
    return [f.flag(d["notify"]), d["reason"], d["decided_by"], f.moment(d["at"]), f.flag(d["departs"])]


def _notification_cells(record: dict, f: Formatter) -> list[Any]:
    """The first notice per obligation in its columns, follow-ups together in one cell."""
    first = {n["obligation"]: n for n in record["notifications"] if not n["follow_up"]}
    ap, customers, subjects = first.get("ap"), first.get("customers"), first.get("subjects")
    cells: list[Any] = (
        [f.moment(ap["at"]), f.moment(ap["deadline"]), f.flag(ap["late"]), record["ap_reference"], ap["delay_reason"]]
        if ap else ["", "", "", record["ap_reference"], ""]
    )
    cells += [f.moment(customers["at"]), f.flag(customers["late"])] if customers else ["", ""]
    cells.append(f.moment(subjects["at"]) if subjects else "")
    cells.append(" | ".join(f.notice(n) for n in record["notifications"] if n["follow_up"]))
    return cells


def _closing_cells(record: dict, f: Formatter) -> list[Any]:
    from breach.records.controllers import csv_cells

    return [f.moment(record["closed_at"]), record["close_reason"], record["timeline"]["events"], record["timeline"]["chain_head"],
            f.flag(record["void"])] + csv_cells(record.get("controllers"))


def csv_header(f: Formatter) -> list[str]:
    L = f.labels
    names = [
        "id", "title", "status", "role", "occurred_from", "occurred_to", "discovered_at", "aware_at", "description",
        "how_discovered", "reported_by", "breach_types", "data_categories", "special_categories", "person_categories",
        "persons", "records", "consequences", "measures_taken", "measures_planned", "cross_border", "high_risk",
        "assessed_at", "enisa", "enisa_band", "ap_severity", "severity_explanation", "recommend_ap",
        "recommend_subjects", "reasons", "example",
    ]
    header = [L[name] for name in names]
    for obligation in ("decision_ap", "decision_subjects"):
        header += [L[obligation]] + [f"{L[obligation]} ({L[part]})" for part in ("decision_reason", "decided_by", "decided_at", "departs")]
    header.append(L["earlier_decisions"])
    header += [L[name] for name in ("ap_notified", "ap_deadline", "ap_late", "ap_reference", "delay_reason",
                                    "customers_notified", "customers_late", "subjects_notified", "follow_ups",
                                    "closed_at", "close_reason", "timeline_events", "chain_head", "voided",
                                    "controllers", "controllers_told", "controllers_late")]
    return header


def write_csv(out: TextIO, rows: Iterable[dict], f: Formatter, delimiter: str) -> None:
    """UTF-8 with a byte order mark, so Excel (also with Dutch settings) reads the accents right."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(csv_header(f))
    for record in rows:
        writer.writerow(csv_row(record, f))


# ---------------------------------------------------------------- JSON


def write_json(out: TextIO, rows: Iterable[dict], meta: dict, totals: Totals, tz: str) -> None:
    """One JSON document, written a breach at a time (never built in memory)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tz)

    def moment(value):
        if isinstance(value, datetime):
            return value.astimezone(zone).isoformat()
        raise TypeError(f"cannot write {type(value).__name__} as JSON")

    encode = json.JSONEncoder(ensure_ascii=False, default=moment).encode
    out.write('{"register": ' + encode(meta) + ',\n "breaches": [')
    first = True
    for record in rows:
        out.write("\n  " if first else ",\n  ")
        out.write(encode(record))
        first = False
    out.write("\n ],\n " + f'"totals": {json.dumps({"breaches": totals.breaches, "timeline_events": totals.events})}' + "\n}\n")


# ---------------------------------------------------------------- Markdown and HTML


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})


def md_escape(value: Any) -> str:
    """Facts as literal Markdown text: no emphasis, links, HTML or tables sneak in; a line that would
    start a heading or a list is escaped; lines stay inside their list item."""
    import re

    if value is None:
        return ""
    lines = []
    for line in str(value).translate(_MD_SPECIAL).splitlines():
        line = re.sub(r"^(\s*)([#+=-])", r"\1\\\2", line)
        lines.append(re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", line))
    return "\n    ".join(lines)


def write_template(out: TextIO, name: str, language: str, rows: Iterable[dict], meta: dict, totals: Totals,
                   f: Formatter, user_dir: Path | None, overview_rows: Iterable[dict] = ()) -> None:
    """Render a register template (shared by both languages; labels come from LABELS) piece by piece."""
    env = environment(language, user_dir, autoescape=name.endswith(".html.j2"))
    env.filters["md"] = md_escape
    env.globals.update(first_notice=first_notice, has_facts=has_facts, overview=overview)
    template = env.get_template(name)
    for piece in template.generate(records=rows, overview_records=overview_rows, meta=meta, totals=totals, f=f, L=f.labels):
        out.write(piece)


# ---------------------------------------------------------------- the export


@dataclass
class Export:
    format: str
    language: str
    tz: str
    where: Filter = field(default_factory=Filter)
    delimiter: str = ","
    organisation: str = ""
    exported_at: datetime | None = None
    selection: str = ""
    user_dir: Path | None = None


def local_day(text: str, tz: str, field: str, *, end: bool = False) -> datetime:
    """The UTC instant a local date starts (`end`: the instant the day after starts)."""
    import re

    import pendulum

    value = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    dutch = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value)
    try:
        if iso:
            year, month, day = (int(part) for part in iso.groups())
        elif dutch:
            day, month, year = (int(part) for part in dutch.groups())
        else:
            raise ValueError
        start = pendulum.datetime(year, month, day, tz=tz)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a date (expected YYYY-MM-DD or DD-MM-YYYY, e.g. 2026-11-23)",
                           field=field) from None
    return (start.add(days=1) if end else start).in_tz("UTC")


def check_format(text: str) -> str:
    value = text.strip().lower()
    if value not in FORMATS:
        raise InvalidInput(f"'{text}' is not a format (accepted: {', '.join(FORMATS)})", field="format")
    return value


def delimiter(given: str | None, language: str) -> str:
    """The CSV separator: the one given, else what a spreadsheet in the register's language expects
    (; with Dutch settings, where the comma is the decimal sign; , in English)."""
    if given is not None:  # `--delimiter ''` is a mistake to say, not a wish for the default
        return check_delimiter(given)
    return ";" if language == "nl" else ","


def check_delimiter(text: str) -> str:
    value = {"tab": "\t", "\\t": "\t"}.get(text, text)
    if len(value) != 1 or value in '"\r\n' or value.isalnum():
        raise InvalidInput(f"'{text}' cannot separate CSV cells (accepted: one character such as , or ; or tab)",
                           field="delimiter")
    return value


def write(out: TextIO, connection: Connection, spec: Export) -> Totals:
    """Stream the register to `out` in `spec.format`; the totals of what was written."""
    totals = Totals()
    rows = records(connection, spec.where, totals, answers=spec.format != "csv", entries=spec.format in ("md", "html"))
    f = Formatter(spec.language, spec.tz)
    meta = {
        "format": REGISTER_FORMAT,
        "organisation": spec.organisation,
        "exported_at": spec.exported_at,
        "time_zone": spec.tz,
        "selection": spec.selection or LABELS[spec.language]["all"],
    }
    if spec.format == "csv":
        write_csv(out, rows, f, spec.delimiter)
    elif spec.format == "json":
        write_json(out, rows, meta, totals, spec.tz)
    else:  # the HTML's overview table on top reads the register once more, streaming, before the full records
        ahead = records(connection, spec.where, answers=False) if spec.format == "html" else ()
        write_template(out, f"register.{spec.format}.j2", spec.language, rows, meta, totals, f, spec.user_dir, ahead)
    return totals
