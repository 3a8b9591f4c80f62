"""Signals (reports before a breach is opened), the users of `breach serve`, and `serve` itself."""

from __future__ import annotations

import typer

from breach.cli.app import App, app, emit_json
from breach.errors import InvalidInput


def signal_json(signal, now, tz: str) -> dict:
    from breach.domain.clock import iso_local
    from breach.records import signals

    state = signals.triage_of(signal, now)
    return {
        "id": signal.id, "receipt": signal.receipt, "status": signal.status, "source": signal.source,
        "what": signal.what, "noticed_at": iso_local(signal.noticed_at, tz), "noticed_text": signal.noticed_text,
        "data_involved": signal.data_involved, "reporter": signal.reporter, "contact": signal.contact,
        "received_at": iso_local(signal.received_at, tz), "triage_hours": signal.triage_hours,
        "triage_due_at": iso_local(state.due_at, tz), "triage_overdue": state.overdue,
        "incident_id": signal.incident_id, "decided_at": iso_local(signal.decided_at, tz),
        "decided_by": signal.decided_by, "reason": signal.reason,
    }


@app.command()
def signal(
    ctx: typer.Context,
    what: str = typer.Argument(..., help="What happened, in the finder's words."),
    noticed: str | None = typer.Option(None, "--noticed", metavar="WHEN", help="When the finder noticed it."),
    data_involved: str | None = typer.Option(None, "--data-involved", help="What personal data may be involved."),
    reporter: str | None = typer.Option(None, "--reporter", help="Who reports it."),
    contact: str | None = typer.Option(None, "--contact", help="How to reach the reporter."),
):
    """Record a signal: a report that may be a breach. Its triage clock runs until it is opened or dismissed.

    Example: breach signal "Mailing sent to the wrong list" --noticed "today 08:50" --reporter "Anna (sales)"
    """
    from breach.domain.clock import format_local
    from breach.records import signals

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    facts = signals.Report(what=what, noticed=noticed, data_involved=data_involved, reporter=reporter,
                           contact=contact, language=prof.language, source="cli")
    hours = a.triage_hours()
    with a.store.write() as session:
        found = signals.report(session, facts, prof.timezone, now, hours, a.org.id, strict=True)
        state = signals.triage_of(found, now)
    typer.echo(f"Signal {found.id} recorded, receipt {found.receipt}; triage by {format_local(state.due_at, prof.timezone)} "
               f"(open it with `breach open --from-signal {found.id}` or `breach dismiss {found.id} --reason ...`)")


@app.command("signals")
def signals_(
    ctx: typer.Context,
    show_all: bool = typer.Option(False, "--all", help="Also signals opened as a breach or dismissed."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """List the open signals, the one whose triage runs out first first (--all: every signal, newest first)."""
    from breach.domain.clock import format_local, format_span
    from breach.records import signals

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    tz = prof.timezone
    with a.store.read() as session:
        found = signals.listing(session, org_id=a.org.id) if show_all else signals.open_signals(session, a.org.id)
        refs = _refs(session, [s.incident_id for s in found if s.incident_id])
    if as_json:
        emit_json([signal_json(s, now, tz) | {"breach": refs.get(s.incident_id)} for s in found])
        return
    if not found:
        typer.echo("No signals." if show_all else "No open signals.")
        return
    for s in found:
        state = signals.triage_of(s, now)
        if s.status == "open":
            left = state.seconds_left
            mark = f"OVERDUE by {format_span(-left)}" if left < 0 else f"{format_span(left)} left"
            status = f"triage {format_local(state.due_at, tz)} {mark}"
        elif s.status == "opened":
            status = f"opened as {refs.get(s.incident_id, '?')}"
        else:
            status = f"dismissed: {s.reason}"
        first = s.what.splitlines()[0]
        typer.echo(f"{s.id:>4}  {s.receipt}  {format_local(s.received_at, tz)}  {status}\n      {first[:100]}")


def _refs(session, ids: list[int]) -> dict[int, str]:
    from sqlmodel import select

    from breach.store.models import Incident

    if not ids:
        return {}
    return {i.id: i.ref for i in session.exec(select(Incident).where(Incident.id.in_(ids)))}


@app.command()
def dismiss(
    ctx: typer.Context,
    signal_id: str = typer.Argument(..., metavar="SIGNAL", help="The signal's number or receipt."),
    reason: str = typer.Option(..., "--reason", help="Why this is not a personal-data breach (kept in the register)."),
    by: str | None = typer.Option(None, "--by", help="Who decides."),
):
    """Dismiss a signal: not a personal-data breach. It stays, with the reason, in the register.

    Example: breach dismiss 3 --reason "test message, no personal data" --by "J. de Vries (FG)"
    """
    from breach.records import signals

    a = App.of(ctx)
    now = a.now()
    with a.store.write() as session:
        found = signals.dismiss(session, signals.find(session, signal_id, org_id=a.org_in(session).id), reason, by, now)
    typer.echo(f"Dismissed signal {found.id} ({found.receipt})")


users_app = typer.Typer(help="The people who may sign in to `breach serve`.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="The name to sign in with."),
    email: str = typer.Option(..., "--email", help="The user's e-mail address."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from the first line of stdin."),
):
    """Add a user of `breach serve`. The password is asked twice (not echoed) and kept as an argon2 hash.

    Example: breach users add jdevries --email fg@example.nl
    """
    import sys

    from breach.records import users

    a = App.of(ctx)
    now = a.now()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True)
        if typer.prompt("Again", hide_input=True) != password:
            raise InvalidInput("the two entries differ; nothing was written", field="password")
    users.check_password(password)
    with a.store.write() as session:
        user = users.add(session, name, email, password, now)
    typer.echo(f"Added user {user.name} <{user.email}>")


@users_app.command("list")
def users_list(ctx: typer.Context):
    """List the users of `breach serve`."""
    from breach.records import users

    a = App.of(ctx)
    with a.store.read() as session:
        found = users.listing(session)
    for user in found:
        typer.echo(f"{user.name:<20} {user.email}" + ("  (disabled)" if user.disabled else ""))
    if not found:
        typer.echo("No users yet: add one with `breach users add NAME --email ADDRESS`.")


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (behind a reverse proxy: keep 127.0.0.1)."),
    port: int = typer.Option(8470, "--port", min=1, max=65535, help="Port to listen on."),
):
    """Serve the report form (/melden) and the team's dashboard. Needs `pip install 'breach[web]'`.

    Example: breach serve --port 8470
    """
    try:
        import uvicorn  # noqa: F401
    except ImportError:
        raise InvalidInput("the web server is not installed (install it with: pip install 'breach[web]')") from None
    from breach.web import server

    a = App.of(ctx)
    server.run(a.home, host, port, clock=a.clock, org=a.org_wanted)
