"""The commands on the register: export, verify, calendar, stats."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from breach.cli.app import EXIT_BROKEN_PIPE, App, app, count, emit_json
from breach.errors import printable


@app.command("export")
def export(
    ctx: typer.Context,
    format: str = typer.Option("csv", "--format", metavar="csv|json|md|html", help="Output format."),
    out: Path | None = typer.Option(None, "--out", metavar="FILE", help="Write to this new file (0600, atomically) instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace the --out file if it exists."),
    from_: str | None = typer.Option(None, "--from", metavar="DATE", help="Breaches the organisation became aware of on or after this local date."),
    to: str | None = typer.Option(None, "--to", metavar="DATE", help="Breaches the organisation became aware of on or before this local date."),
    status: str | None = typer.Option(None, "--status", metavar="open|closed|void", help="Only open, closed or void breaches."),
    delimiter: str | None = typer.Option(None, "--delimiter", metavar="CHAR", help="CSV separator (default ; for Dutch, , for English)."),
    lang: str | None = typer.Option(None, "--lang", metavar="nl|en", help="Language of the register (default: the profile's)."),
):
    """Export the breach register that AVG article 33(5) asks for: every breach, reported or not.

    Facts, moments, the assessment, decisions with reasons and who took them, notifications, closing,
    and each timeline's chain head.

    CSV is UTF-8 with a byte order mark for Excel; cells that a spreadsheet would run as a formula are
    neutralised. Keep an export elsewhere: `breach verify --against FILE` checks the store against it.

    Example: breach export --format csv --from 2026-01-01 --to 2026-12-31 --out register-2026.csv
    """
    from breach.documents import render
    from breach.records import register
    from breach.store.files import private_output

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    tz = prof.timezone
    kind = register.check_format(format)
    language = render.check_language((lang or prof.language).lower())
    where = register.select(tz, first_day=from_, last_day=to, status=status, org_id=a.org.id)
    spec = register.Export(
        format=kind, language=language, tz=tz, where=where, delimiter=register.delimiter(delimiter, language),
        organisation=prof.name, exported_at=now, selection=where.text, user_dir=a.home / "templates",
    )
    with a.store.read() as session:
        connection = session.connection()
        if out is None:
            try:
                totals = register.write(sys.stdout, connection, spec)
                sys.stdout.flush()
            except BrokenPipeError:  # `breach export | head`: the reader has seen enough
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                raise typer.Exit(EXIT_BROKEN_PIPE) from None
        else:
            with private_output(out, force=force, newline="" if kind == "csv" else None) as handle:
                totals = register.write(handle, connection, spec)
    if out is not None:
        typer.echo(f"Wrote {out}: {count(totals.breaches, 'breach', 'breaches')}, "
                   f"{count(totals.events, 'timeline event', 'timeline events')}")


@app.command()
def verify(
    ctx: typer.Context,
    against: Path | None = typer.Option(
        None, "--against", metavar="EXPORT", help="Also check the store against a register export (CSV or JSON) kept elsewhere."
    ),
):
    """Check that no timeline event was changed, removed or inserted behind the tool's back, and that
    every fact the register, the clocks and the letters show is the one the timeline recorded.

    Every event is sealed in a hash chain per breach; the events are replayed and compared with the
    breach, notice, decision and assessment rows. Exit 0: intact; exit 1: the first timeline problem
    of each breach whose timeline is not intact, and each row and fact that differs from its timeline.
    """
    from breach.domain.clock import format_local, local
    from breach.records import against as against_export
    from breach.store import replay

    a = App.of(ctx)
    tz = a.profile.timezone

    def describe(row, position: int) -> str:
        return f"{position} ({row.kind}, {format_local(row.at, tz)})"

    with a.store.read() as session:
        connection = session.connection()
        report, facts = replay.verify(connection, describe, lambda instant: local(instant, tz).format("YYYY-MM-DD HH:mm Z"))
        report.breaks += facts.breaks
        if against is not None:
            report.breaks += against_export.compare(connection, against)
    for problem in report.breaks:
        typer.echo(printable(problem.message))
    checked = f"{count(report.events, 'timeline event', 'timeline events')} in {count(report.chains, 'breach', 'breaches')}"
    if against is not None:
        checked += f", and against {against}"
    if not report.intact:
        typer.echo(f"NOT intact: {len(report.breaks)} problem(s) found checking {checked}", err=True)
        raise typer.Exit(1)
    typer.echo(f"intact: {checked}")
    for line in replay.lines(facts):
        typer.echo(line)
    if report.adopted:
        typer.echo(
            f"note: {report.adopted} events recorded before sealing existed were sealed when the store was "
            "upgraded; the chain vouches for them from that moment on"
        )


@app.command("calendar")
def calendar_(
    ctx: typer.Context,
    id: str | None = typer.Argument(None, metavar="[ID]", help="One breach (default: every open breach, and those closed in the last 30 days, cancelled)."),
    out: Path | None = typer.Option(
        None, "--out", metavar="FILE.ics", help="Write to this file (0600) instead of stdout; a calendar written by breach is rewritten."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an --out file that is not a calendar written by breach."),
    lang: str | None = typer.Option(None, "--lang", metavar="nl|en", help="Language of the events (default: the profile's)."),
):
    """The deadlines as an iCalendar file, with alarms at the steps of the reminders' schedule: a
    second reminder on every phone that syncs a calendar. Import it again after a change: the same events are updated.

    The events name the breach id and the obligation, never the breach's facts.

    Example: breach calendar --out datalekken.ics
    """
    from breach.documents import render
    from breach.records import calendar, incidents, orgs
    from breach.store import chain

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    language = render.check_language((lang or prof.language).lower())
    if out is not None:  # before the store is touched: a refused --out writes nothing, not even the store's identity
        from breach.store.files import check_output

        check_output(out, force=force, ours=calendar.written_by_us)
    with a.store.write() as session:
        found = [a.find(session, id, now)] if id else calendar.shown_breaches(session, now, a.org.id)
        identity = calendar.store_identity(session)
        lengths = chain.chain_heads(session.connection(), [i.id for i in found])
        owner = prof.name if len(orgs.shorts(session)) > 1 else ""
        entries = [
            entry
            for incident, states in incidents.clocks_many(session, found, now)
            for entry in calendar.deadlines_of(incident, states, lengths.get(incident.id, (0, ""))[0], owner)
        ]
    leads = calendar.alarm_hours(a.settings().plans)
    text = calendar.calendar(entries, identity, now, language, prof.timezone, leads).decode("utf-8")
    if out is None:
        typer.echo(text, nl=False)
        return
    from breach.store.files import write_output

    write_output(out, text, force=force, ours=calendar.written_by_us)
    running = sum(entry.running for entry in entries)
    typer.echo(f"Wrote {out}: {running} running deadline(s)" + (f", {len(entries) - running} no longer running" if len(entries) > running else ""))


@app.command()
def stats(
    ctx: typer.Context,
    year: str | None = typer.Option(None, "--year", metavar="YYYY", help="Only breaches the organisation became aware of in this year."),
    all_orgs: bool = typer.Option(False, "--all-orgs", help="Per organisation and overall, for every organisation of the store."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """The register's figures as the AP and auditors ask them: breaches (void left out), AP notices and how
    many within 72 hours, median hours to the AP notice and from a signal to awareness, persons informed,
    decisions against the advice.

    Example: breach stats --year 2026
    """
    from breach.cli import views
    from breach.domain import stats as figures_of
    from breach.records import register

    a = App.of(ctx)
    chosen = figures_of.check_year(year)
    if all_orgs:
        owners, tz = a.across()
        with a.store.read() as session:
            overall, per = register.figures_per_organisation(session.connection(), tz, owners, chosen)
        if as_json:
            emit_json({"year": chosen, **overall.as_dict(),
                       "organisations": {short: found.as_dict() for short, found in per.items()}})
        else:
            typer.echo(views.stats_per_org_text(overall, per, chosen))
        return
    tz = a.profile.timezone
    with a.store.read() as session:
        found = register.figures(session.connection(), tz, chosen, a.org.id)
    if as_json:
        emit_json({"year": chosen, **found.as_dict()})
    else:
        typer.echo(views.stats_text(found, chosen))
