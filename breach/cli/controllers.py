"""`breach controllers`: the controllers a processor's breach concerns, each with its customers clock."""

from __future__ import annotations

from pathlib import Path

import typer

from breach.cli.app import App, app, emit_json
from breach.errors import InvalidInput

USAGE = "expected `breach controllers ID` or `breach controllers add ID FILE.csv`"


@app.command()
def controllers(
    ctx: typer.Context,
    what: str = typer.Argument(..., metavar="ID|add", help="Breach id, or `add` followed by the id and the file."),
    rest: list[str] | None = typer.Argument(None, metavar="[ID FILE.csv]", help="With add: the breach and the CSV file."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """The controllers a processor's breach concerns: each with its customers clock (deadline; open, met,
    late or overdue; when told). `add ID FILE.csv` adds more from a CSV with a header: naam/name,
    contactpersoon, e-mail, kenmerk/reference, key, aantal/persons (a comma, semicolon or tab separates).

    Example: breach controllers add DL-2026-001 clients.csv;  breach controllers DL-2026-001
    """
    if what.strip().lower() == "add":
        if len(rest or []) != 2:
            raise InvalidInput(f"add needs the breach id and the CSV file ({USAGE})")
        _add(ctx, rest[0], Path(rest[1]), as_json)
        return
    if rest:
        raise InvalidInput(f"unexpected {' '.join(rest)} ({USAGE})")
    _list(ctx, what, as_json)


def _add(ctx: typer.Context, id: str, path: Path, as_json: bool) -> None:
    from breach.records import controllers as records

    a = App.of(ctx)
    now = a.now()
    rows = records.read(path)
    with a.store.write() as session:
        incident = a.find(session, id, now)
        made = records.add(session, incident, rows, now)
        total = len(records.of(session, incident))
    if as_json:
        emit_json({"id": incident.ref, "added": len(made), "controllers": total})
        return
    typer.echo(f"{incident.ref}: added {len(made):,} controller{'s' if len(made) != 1 else ''} ({total:,} in all); "
               f"`breach controllers {incident.ref}` shows their clocks")


def _list(ctx: typer.Context, id: str, as_json: bool) -> None:
    from breach.cli import views
    from breach.domain.clock import format_local, iso_local
    from breach.records import controllers as records

    a = App.of(ctx)
    tz = a.profile.timezone
    now = a.now()
    with a.store.read() as session:
        incident = a.find(session, id, now)
        rows = records.listing(session, incident, now)
    if as_json:
        emit_json({"id": incident.ref, "controllers": [
            {"key": t.controller.key, "name": t.controller.name, "contact": t.controller.contact,
             "email": t.controller.email, "reference": t.controller.reference, "persons": t.controller.persons,
             "added_at": iso_local(t.controller.added_at, tz), "notices": t.notices,
             "customers": views.clock_json(t.clock, now, tz)}
            for t in rows]})
        return
    if not rows:
        typer.echo(f"{incident.ref} has no controllers (add them with `breach controllers add {incident.ref} FILE.csv`)")
        return
    told = sum(1 for t in rows if t.clock.done_at is not None)
    typer.echo(f"{incident.ref}  {incident.title}: {told:,} of {len(rows):,} controllers told")
    width = min(max(len(t.controller.key) for t in rows), 24)
    for t in rows:
        clock = t.clock
        if clock.done_at is not None:
            state = f"told {format_local(clock.done_at, tz)}" + (" LATE" if clock.status == "late" else "")
        elif clock.deadline is None:
            state = "open, no fixed hours"
        else:
            left = clock.seconds_left(now)
            state = (f"OVERDUE since {format_local(clock.deadline, tz)}" if left < 0
                     else f"open, deadline {format_local(clock.deadline, tz)}")
        persons = f", {t.controller.persons:,} persons" if t.controller.persons is not None else ""
        typer.echo(f"  {t.controller.key:<{width}}  {t.controller.name}{persons}: {state}")
