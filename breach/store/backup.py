"""Backups of the whole store, and restoring one into an empty store.

Two forms, told apart by their content, never by the file name:

- a SQLite file (stores on SQLite): SQLite's online backup API copies every page inside ONE read
  transaction, so the copy is a committed state even while other commands write (WAL: writers do not
  wait for it). The copy is switched out of WAL mode so that it is one self-contained file.
- JSON Lines (any store; the only form for PostgreSQL): a header line (format, version, schema
  revision, created_at, rows per table), then per table (in foreign-key order) a section line and one
  line per row, then an end line. All of it is read in one snapshot (PostgreSQL: REPEATABLE READ READ
  ONLY; SQLite: one read transaction) and streamed, so memory stays flat however big the store.
  Instants are written as ISO 8601 in UTC with microseconds (`2026-11-23T08:30:00.000000+00:00`):
  the timeline's seals hash them, so they must come back to the microsecond.

Restoring copies the rows as they are, primary keys included: the timeline keeps its seals (nothing
is re-sealed, `breach verify` checks them), the id counter keeps its numbers, references between
tables stay. It runs in one transaction: all of the backup or nothing.

Both forms hold the channels' URLs, tokens included: backup files are created 0600.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from breach.errors import InvalidInput, Refused

FORMAT = "breach-backup"
VERSION = 1
FORMATS = ("sqlite", "json")
SQLITE_MAGIC = b"SQLite format 3\x00"
BATCH = 1000
_MAX_HEADER_LINE = 1 << 20

NOUNS = {
    "incident": ("breach", "breaches"),
    "event": ("timeline event", "timeline events"),
    "notice": ("notification", "notifications"),
    "controller": ("controller concerned", "controllers concerned"),
    "assessment": ("assessment", "assessments"),
    "decision": ("decision", "decisions"),
    "channel": ("channel", "channels"),
    "delivery": ("reminder delivery", "reminder deliveries"),
    "ack": ("acknowledgement", "acknowledgements"),
}
"""The tables a person counts; the others (seals, chain heads, counters, ...) are in every backup too."""

OTHER_NOUNS = {
    "event_seal": ("timeline seal", "timeline seals"),
    "event_chain": ("timeline chain head", "timeline chain heads"),
    "counter": ("id counter", "id counters"),
    "store_info": ("store fact", "store facts"),
    "remindrun": ("remind run", "remind runs"),
    "heartbeat": ("heartbeat", "heartbeats"),
    "organisation": ("organisation", "organisations"),
    "org_event": ("organisation change", "organisation changes"),
}


BOOKKEEPING = {"remindrun", "store_info", "heartbeat"}
"""Rows a store may hold and still count as empty for a restore, which replaces them: a scheduled
`breach remind` (cron, every few minutes) records its runs also on the new store waiting for the restore,
and a `breach calendar` there gives it an identity (the backup's keeps the old calendar's events)."""


def _pristine_organisation(connection) -> bool:
    """The store holds only the first organisation a command made in a new store, untouched: no profile, no
    settings, no event but its creation. A restore replaces it as it replaces the bookkeeping."""
    from sqlalchemy import select

    from breach.store.models import Organisation, OrgEvent

    orgs = connection.execute(select(Organisation.__table__)).mappings().all()
    if len(orgs) != 1 or orgs[0]["profile"] or orgs[0]["settings"]:
        return False
    kinds = {kind for (kind,) in connection.execute(select(OrgEvent.__table__.c.kind))}
    return kinds <= {"created"}


def _counted(n: int, table: str) -> str:
    one, many = NOUNS.get(table) or OTHER_NOUNS.get(table) or (f"{table} row", f"{table} rows")
    return f"{n} {one if n == 1 else many}"


@dataclass
class Summary:
    """What a backup holds, or what a restore loaded."""

    file: Path
    format: str  # sqlite | json
    schema: str | None
    created_at: datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)  # every table, in foreign-key order
    timeline_problems: int = 0  # a restore: problems for which `breach verify` will not call the restored store intact
    problems: list[str] = field(default_factory=list)  # a restore: each of them, as `breach verify` names it

    def describe(self) -> str:
        """`3 breaches, 12 timeline events, 1 channel`: the tables a person counts, breaches and events always."""
        return ", ".join(
            _counted(self.counts.get(table, 0), table)
            for table in NOUNS if self.counts.get(table) or table in ("incident", "event")
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "format": self.format,
            "schema": self.schema,
            "created_at": _instant_text(self.created_at) if self.created_at else None,
            "rows": self.counts,
        }


def tables() -> list:
    """Every table of `breach.store.models` that holds data, parents before children."""
    from sqlmodel import SQLModel

    import breach.store.models  # noqa: F401  (registers the tables)

    return [table for table in SQLModel.metadata.sorted_tables if table.name != "alembic_version"]


def default_format(store) -> str:
    return "sqlite" if store.engine.dialect.name == "sqlite" else "json"


def check_format(text: str | None, store) -> str:
    if text is None:
        return default_format(store)
    kind = text.strip().lower()
    if kind not in FORMATS:
        raise InvalidInput(f"--format: '{text}' is not a backup format (accepted: {', '.join(FORMATS)})")
    if kind == "sqlite" and store.engine.dialect.name != "sqlite":
        raise InvalidInput("--format: a PostgreSQL store is backed up as json (sqlite copies a SQLite store only)")
    return kind


# ---------------------------------------------------------------- values


def _plain_utc(value: datetime) -> datetime:
    """An instant as an aware stdlib datetime in UTC; a naive one is UTC already (SQLite keeps no zone).

    Not `clock.utc`: a backup streams a million of them, and pendulum's instance is 9x slower."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _instant_text(value: datetime) -> str:
    return _plain_utc(value).isoformat(timespec="microseconds")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return _instant_text(value)
    raise TypeError(f"{type(value).__name__} cannot be written to a backup")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_default)


class BadValue(ValueError):
    pass


def _decoder(column) -> Callable[[Any], Any]:
    """Check one JSON value against the column it goes into, and turn it into what the column takes."""
    from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String, TypeDecorator

    kind = column.type
    while isinstance(kind, TypeDecorator):  # sqlmodel's AutoString is a String underneath
        kind = kind.impl_instance
    nullable = column.nullable

    def checked(convert: Callable[[Any], Any], expected: str) -> Callable[[Any], Any]:
        def decode(value: Any) -> Any:
            if value is None:
                if nullable:
                    return None
                raise BadValue("is empty (null), and the column requires a value")
            try:
                return convert(value)
            except (TypeError, ValueError):
                raise BadValue(f"{json.dumps(value, ensure_ascii=False)[:60]} is not {expected}") from None
        return decode

    if isinstance(kind, JSON):
        return lambda value: value
    if isinstance(kind, DateTime):
        return checked(_parse_instant, "an instant (ISO 8601 with an offset)")
    if isinstance(kind, Boolean):
        return checked(_exact(bool), "true or false")
    if isinstance(kind, Integer):
        return checked(_exact(int), "a whole number")
    if isinstance(kind, Float):
        return checked(_number, "a number")
    if isinstance(kind, String):
        return checked(_exact(str), "text")
    raise BadValue(f"column {column.name} has a type a backup cannot restore ({kind})")


def _exact(kind: type) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if type(value) is not kind:
            raise TypeError
        return value
    return convert


def _number(value: Any) -> float:
    if type(value) not in (int, float):
        raise TypeError
    return value


def _parse_instant(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError
    return parsed.astimezone(UTC)


# ---------------------------------------------------------------- writing


def backup(store, path: Path, *, force: bool, kind: str, now: datetime) -> Summary:
    """Write a backup of `store` to `path` (a new file, or any regular file with `force`)."""
    from breach.store.files import check_output

    check_output(path, force=force, flag="backup file")
    _not_the_store(store, path)
    with store.read():  # a store used for the first time gets its schema: its backup is a valid one
        pass
    if kind == "sqlite":
        return _publish(path, force, lambda tmp: _write_sqlite(store, tmp))
    return _publish(path, force, lambda tmp: _write_json_file(store, tmp, now))


def _not_the_store(store, path: Path) -> None:
    """`--force` onto the store's own file (or its -wal/-shm) would replace the live database."""
    if store.engine.dialect.name != "sqlite" or not store.engine.url.database:
        return
    database = Path(store.engine.url.database).resolve()
    target = path.resolve()
    if target in (database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        raise InvalidInput(f"backup file: {path} is the store itself (expected a file outside it; nothing was written)")


def _publish(path: Path, force: bool, write: Callable[[Path], Summary]) -> Summary:
    """Write into a staged private file beside `path`, then put it in place in one step: with `force` a
    rename over the old file; without, a hard link that fails if a file appeared meanwhile."""
    from breach.store.files import staged

    with staged(path, replace=force) as (_fd, tmp):
        summary = write(tmp)
    summary.file = path
    return summary


def _write_sqlite(store, tmp: Path) -> Summary:
    import sqlite3

    from breach.store.sqlite import copy_sqlite

    copy_sqlite(store.engine.url.database, tmp)
    target = sqlite3.connect(tmp)
    try:
        return _sqlite_summary(target, tmp)
    finally:
        target.close()


def _sqlite_summary(connection, path: Path) -> Summary:
    schema = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    counts = {t.name: connection.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in tables()}
    return Summary(path, "sqlite", schema[0] if schema else None, None, counts)


def _write_json_file(store, tmp: Path, now: datetime) -> Summary:
    with tmp.open("w", encoding="utf-8") as handle:
        summary = write_json(store, handle, now)
        handle.flush()
    return summary


def write_json(store, out: TextIO, now: datetime) -> Summary:
    """Stream every table to `out` as JSON Lines, read in one consistent snapshot."""
    from sqlalchemy import func, select

    from breach.store.models import alembic_version

    with store.read() as session:  # the store's one snapshot (PostgreSQL: REPEATABLE READ, READ ONLY)
        connection = session.connection()
        schema = connection.execute(select(alembic_version.c.version_num)).scalar()
        all_tables = tables()
        counts = {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one() for t in all_tables}
        created_at = _plain_utc(now)
        header = {"format": FORMAT, "version": VERSION, "schema": schema, "created_at": _instant_text(created_at),
                  "dialect": store.engine.dialect.name, "rows": counts}
        out.write(_ENCODER.encode(header) + "\n")
        streaming = connection.execution_options(stream_results=True, yield_per=BATCH)
        for table in all_tables:
            columns = [c.name for c in table.columns]
            out.write(_ENCODER.encode({"table": table.name, "columns": columns, "rows": counts[table.name]}) + "\n")
            written = 0
            for row in streaming.execute(select(table).order_by(*table.primary_key.columns)):
                out.write(_ENCODER.encode(list(row)) + "\n")
                written += 1
            if written != counts[table.name]:  # cannot happen in one snapshot; a backup must not lie
                raise RuntimeError(f"table {table.name}: counted {counts[table.name]} rows, read {written}")
        out.write(_ENCODER.encode({"end": FORMAT, "rows": sum(counts.values())}) + "\n")
    return Summary(Path(), "json", schema, created_at, counts)


# ---------------------------------------------------------------- reading a backup


@dataclass
class Section:
    table: Any  # sqlalchemy Table
    rows: Iterator[dict[str, Any]]


class Source:
    """A backup file opened for restoring: its header facts, then its tables' rows as a stream."""

    path: Path
    format: str
    schema: str | None
    created_at: datetime | None

    def sections(self) -> Iterator[Section]:
        raise NotImplementedError

    def close(self) -> None:
        pass


NOT_A_BACKUP = "is not a breach backup (expected a file written by `breach backup`: a SQLite copy or JSON Lines)"


def open_backup(path: Path) -> Source:
    """Recognise a backup by its first bytes; refuse anything else in one line."""
    from breach.store.files import open_input

    with open_input(path, "a backup file written by `breach backup`", mode="rb") as handle:
        start = handle.read(len(SQLITE_MAGIC))
    if start == SQLITE_MAGIC:
        return SqliteSource(path)
    return JsonSource(path)


class JsonSource(Source):
    def __init__(self, path: Path):
        self.path = path
        self.format = "json"
        self._handle = path.open("r", encoding="utf-8", newline="\n")
        try:
            first = self._handle.readline(_MAX_HEADER_LINE)
            header = json.loads(first)
        except (UnicodeDecodeError, ValueError):
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            self.close()
            raise InvalidInput(f"{path} {NOT_A_BACKUP}")
        if header.get("version") != VERSION:
            self.close()
            raise InvalidInput(
                f"{path} is a breach backup of format version {header.get('version')}; this breach reads version "
                f"{VERSION} (restore it with the breach release that wrote it)"
            )
        self.header = header
        self.schema = header.get("schema")
        try:
            self.created_at = _parse_instant(header.get("created_at"))
        except (TypeError, ValueError):
            self.created_at = None
        self.counts: dict[str, int] = header.get("rows") if isinstance(header.get("rows"), dict) else {}
        self._line = 1

    def close(self) -> None:
        self._handle.close()

    def _fail(self, problem: str) -> InvalidInput:
        return InvalidInput(f"{self.path} line {self._line}: {problem} (nothing was restored)")

    def _next(self) -> Any:
        try:
            text = self._handle.readline()
        except UnicodeDecodeError:
            raise self._fail("not UTF-8 text: the file is damaged") from None
        self._line += 1
        if not text:
            self._line -= 1
            raise InvalidInput(
                f"{self.path} ends after line {self._line}, before the backup's end marker: it is truncated "
                "(nothing was restored)"
            )
        try:
            return json.loads(text)
        except ValueError:
            ending = "" if text.endswith("\n") else " (the file ends in the middle of it: truncated)"
            raise self._fail(f"not valid JSON{ending}") from None

    def sections(self) -> Iterator[Section]:
        known = {t.name: t for t in tables()}
        seen: list[str] = []
        while True:
            item = self._next()
            if isinstance(item, dict) and item.get("end") == FORMAT:
                break
            if not isinstance(item, dict) or "table" not in item:
                raise self._fail("expected the start of a table or the end marker")
            name = item["table"]
            table = known.get(name)
            if table is None:
                raise self._fail(f"table '{name}' is not one of this breach's tables")
            if name in seen:
                raise self._fail(f"table '{name}' appears twice")
            seen.append(name)
            expected = [c.name for c in table.columns]
            if item.get("columns") != expected:
                raise self._fail(f"table {name} has columns {item.get('columns')}; this breach expects {expected}")
            count = item.get("rows")
            if type(count) is not int or count < 0 or count != self.counts.get(name, count):
                raise self._fail(f"table {name}: its row count {count!r} does not match the header's")
            yield Section(table, self._rows(table, count))
        missing = [name for name in known if name not in seen]
        if missing:
            raise self._fail(f"the end marker comes before table(s) {', '.join(missing)}: the backup is incomplete")
        total = sum(self.counts.values())
        if item.get("rows") != total:
            raise self._fail(f"the end marker counts {item.get('rows')} rows, the header {total}")
        if self._handle.readline():
            self._line += 1
            raise self._fail("text after the backup's end marker")

    def _rows(self, table, count: int) -> Iterator[dict[str, Any]]:
        columns = list(table.columns)
        names = [c.name for c in columns]
        decoders = [_decoder(c) for c in columns]
        for number in range(1, count + 1):
            values = self._next()
            if not isinstance(values, list) or len(values) != len(columns):
                raise self._fail(f"table {table.name}, row {number}: expected a list of {len(columns)} values")
            row = {}
            for name, decode, value in zip(names, decoders, values, strict=True):
                try:
                    row[name] = decode(value)
                except BadValue as exc:
                    raise self._fail(f"table {table.name}, row {number}, column {name}: {exc}") from None
            yield row


class SqliteSource(Source):
    def __init__(self, path: Path):
        import sqlite3

        from sqlalchemy import create_engine

        self.path = path
        self.format = "sqlite"
        self.created_at = None
        uri = f"{path.resolve().as_uri()}?mode=ro"
        try:
            probe = sqlite3.connect(uri, uri=True)
            try:
                check = probe.execute("PRAGMA quick_check").fetchone()[0]
                names = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                schema = probe.execute("SELECT version_num FROM alembic_version").fetchone() if "alembic_version" in names else None
            finally:
                probe.close()
        except sqlite3.Error as exc:
            raise InvalidInput(f"{path}: the SQLite backup cannot be read ({exc}); it is damaged or truncated") from None
        if check != "ok":
            raise InvalidInput(f"{path}: the SQLite backup is damaged ({check}); nothing was restored")
        if schema is None:
            raise InvalidInput(f"{path} is a SQLite database but not a breach store or backup (it has no schema revision)")
        self.schema = schema[0]
        self._tables = names
        self._engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))

    def close(self) -> None:
        self._engine.dispose()

    def sections(self) -> Iterator[Section]:
        import sqlite3

        from sqlalchemy import select
        from sqlalchemy.exc import DBAPIError

        try:
            with self._engine.connect() as connection, connection.begin():
                for table in tables():
                    if table.name not in self._tables:
                        raise InvalidInput(f"{self.path}: the backup lacks table {table.name} (nothing was restored)")
                    result = connection.execution_options(yield_per=BATCH).execute(select(table).order_by(*table.primary_key.columns))
                    yield Section(table, self._rows(result))
        except (sqlite3.Error, DBAPIError) as exc:
            raise self._damaged(exc) from None

    def _rows(self, result) -> Iterator[dict[str, Any]]:
        import sqlite3

        from sqlalchemy.exc import DBAPIError

        try:
            for row in result.mappings():
                yield {key: _plain_utc(value) if isinstance(value, datetime) else value for key, value in row.items()}
        except (sqlite3.Error, DBAPIError, ValueError) as exc:
            raise self._damaged(exc) from None

    def _damaged(self, exc: Exception) -> InvalidInput:
        return InvalidInput(f"{self.path}: the SQLite backup cannot be read ({exc}); nothing was restored")


# ---------------------------------------------------------------- restoring


def restore(store, source: Source, *, where: str, moment: Callable[[datetime], str] = _instant_text,
            vet: Callable[[Any], None] | None = None) -> Summary:
    """Load an opened backup (`open_backup`, which refuses what is not a backup before any store is
    touched) into `store`, which must be empty and of the backup's schema revision; closes `source`.

    `where` names the store in messages (a path, or a URL without its password); `moment` shows an
    instant in them. `vet(connection)` sees the loaded rows before they are committed, and may refuse
    them (nothing is restored then)."""
    from sqlalchemy import delete, func, insert, select
    from sqlalchemy.exc import IntegrityError

    from breach.store.models import RemindRun, alembic_version

    path = source.path
    try:
        with store.write() as session:
            connection = session.connection()
            postgres = connection.dialect.name == "postgresql"
            if postgres:
                _lock(connection)
            revision = connection.execute(select(alembic_version.c.version_num)).scalar()
            if source.schema != revision:
                raise Refused(_other_schema(path, source, revision))
            held = {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one() for t in tables()}
            if _pristine_organisation(connection):
                held_bookkeeping = BOOKKEEPING | {"organisation", "org_event"}
            else:
                held_bookkeeping = BOOKKEEPING
            if any(n for table, n in held.items() if table not in held_bookkeeping):
                raise Refused(
                    f"the store {where} is not empty ({_holds(held)}): restore only into an empty store (a new --home, "
                    "or a new database in BREACH_DATABASE_URL); nothing was restored"
                )
            runs = [dict(row._mapping) for row in connection.execute(select(RemindRun.__table__))]
            for table in reversed(tables()):  # children first: a row another refers to goes last
                if held[table.name]:
                    connection.execute(delete(table))
            counts: dict[str, int] = {}
            for section in source.sections():
                n = 0
                batch: list[dict[str, Any]] = []
                for row in section.rows:
                    batch.append(row)
                    if len(batch) == BATCH:
                        connection.execute(insert(section.table), batch)
                        n += len(batch)
                        batch = []
                if batch:
                    connection.execute(insert(section.table), batch)
                    n += len(batch)
                counts[section.table.name] = n
            if postgres:
                _reset_sequences(connection)
            _keep_later_runs(connection, runs)
            if vet is not None:
                vet(connection)
            problems = _timeline_problems(connection, moment)
    except IntegrityError as exc:
        detail = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
        raise InvalidInput(f"{path}: its rows do not fit together ({detail}); the backup is damaged, nothing was restored") from None
    finally:
        source.close()
    return Summary(path, source.format, source.schema, source.created_at, counts, len(problems), problems)


def _keep_later_runs(connection, runs: list[dict[str, Any]]) -> None:
    """A `breach remind` that ran on this store before the restore still ran: its host's run stays
    the later of the two, so `doctor` does not say that no remind has run yet."""
    from sqlalchemy import insert, select, update

    from breach.store.models import RemindRun

    table = RemindRun.__table__
    for run in runs:
        restored = connection.execute(select(table.c.at).where(table.c.host == run["host"])).scalar()
        if restored is None:
            connection.execute(insert(table).values(**run))
        elif _plain_utc(restored) < _plain_utc(run["at"]):
            connection.execute(update(table).where(table.c.host == run["host"]).values(**run))


def _timeline_problems(connection, moment: Callable[[datetime], str]) -> list[str]:
    """The seals of the rows just loaded and the facts their timelines prove, checked as `breach verify`
    checks them: a backup edited after it was written (or a copy of a store that was already tampered
    with) still restores, since it may be the only copy left, but it must not pass as intact."""
    from breach.store import replay

    report, facts = replay.verify(connection, lambda row, position: str(position), moment)
    return [problem.message for problem in report.breaks + facts.breaks]


def _other_schema(path: Path, source: Source, revision: str | None) -> str:
    """A SQLite copy of an older schema needs no older release: this one upgrades it where it lies."""
    from breach.store import schema

    known = schema.revisions()
    older = source.schema in known and revision in known and known.index(source.schema) < known.index(revision)
    if source.schema not in known and revision in known:
        how = "a newer breach wrote it: install a release that knows that schema, then restore it"
    elif older and source.format == "sqlite":
        how = ("copy it as breach.db into a new, empty data home: this breach upgrades it there on first use "
               "(e.g. `breach --home DIR db upgrade`); then back that up and restore the new backup here")
    else:
        how = "restore it with the breach release that wrote it, then upgrade that store to this release"
    return f"{path} holds schema '{source.schema}', this store has '{revision}': {how} (nothing was restored)"


def _holds(counts: dict[str, int]) -> str:
    """What a store holds, the tables a person counts first."""
    order = [*NOUNS, *(table for table in counts if table not in NOUNS)]
    return ", ".join(_counted(counts[table], table) for table in order if counts.get(table))


def _lock(connection) -> None:
    """No other writer may add rows between the emptiness check and the last insert."""
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(t.name) for t in tables())
    connection.exec_driver_sql(f"LOCK TABLE {names} IN EXCLUSIVE MODE")


def _reset_sequences(connection) -> None:
    """PostgreSQL hands out ids from sequences that the explicit ids of a restore did not move."""
    from sqlalchemy import Integer, text

    quote = connection.dialect.identifier_preparer.quote
    for table in tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        key = keys[0].name
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": key}).scalar()
        if sequence:
            connection.execute(
                text(f"SELECT setval(:s, COALESCE((SELECT MAX({quote(key)}) FROM {quote(table.name)}), 0) + 1, false)"),
                {"s": sequence},
            )
