"""The reminder commands: remind, watch, ack, channels, doctor. Each parses its input, makes one call into
`notify` (or `records`), and renders the result through `cli/reminder_views.py`.

The notify modules and the views load pendulum: they are imported inside the commands, so that
`breach --help` and shell completion stay fast.

`remind`, `watch` and `doctor` work for the organisation chosen (`--org`, BREACH_ORG, `breach orgs use`)
or, with none chosen in a store of several, for every organisation in turn; `channels` and `ack` work for
the chosen one (`ack short/DL-...` names another's breach).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import typer

from breach.cli.app import App, app, emit_json
from breach.errors import BreachError, DeliveryFailed, InvalidInput, Refused, printable

if TYPE_CHECKING:
    from breach.domain.schedule import Settings
    from breach.notify.reminders import Report
    from breach.notify.scopes import Scope

channels_app = typer.Typer(
    help="Where reminders go: apprise URLs (ntfy, Pushover, Telegram, Signal, Slack, Teams, mailto, ...).",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(channels_app, name="channels")


def _settings(a: App) -> Settings:
    return a.settings()


def _scopes(a: App, *, create: bool = True) -> list[Scope]:
    """The organisations `remind`, `watch` and `doctor` work for, read afresh: the one chosen, or, when none
    is chosen in a store of several, every one in turn (cron runs one `breach remind` per store).

    Without `create`, a new store that has no organisation yet (and no config.toml tables to move in) gets
    none: the scheduled `remind` of a machine set up for a restore leaves the store empty for it."""
    from breach.config import STORE_KEPT
    from breach.notify import scopes
    from breach.records import orgs

    if not create and not (a.org_wanted or os.environ.get("BREACH_ORG")):
        with a.store.read() as session:
            if not orgs.listing(session) and not any(name in a.config.data for name in STORE_KEPT):
                return []
    try:
        org = a.org
    except Refused:
        if a.org_wanted or os.environ.get("BREACH_ORG") or a.config.org:
            raise
        with a.store.read() as session:
            return scopes.every(session)
    a.profile  # noqa: B018 -- its note when the organisation has no profile yet
    with a.store.read() as session:
        return scopes.every(session, orgs.named(session, org.short))


def _tz(found: list[Scope]) -> str:
    """The time zone store-wide moments are shown in: the organisation's (the first one's, of several)."""
    return found[0].tz if found else "Europe/Amsterdam"


def _show(report: Report, tz: str, as_json: bool, *, dry_run: bool = False, quiet: bool = False) -> None:
    """A `remind` report on stdout, and on stderr that no channel is configured."""
    from breach.cli import reminder_views

    if as_json:
        emit_json(reminder_views.report_json(report, tz, dry_run=dry_run))
    else:
        text = reminder_views.report_text(report, tz, dry_run=dry_run, quiet=quiet)
        if text:
            typer.echo(text)
    if report.no_channels:
        typer.echo(reminder_views.no_channel_warning(report), err=True)


def _check_failures(report: Report) -> None:
    """Exit status 1 once a reminder could not be delivered after its last try."""
    from breach.cli import reminder_views
    from breach.notify import reminders

    given_up = report.having(reminders.GAVE_UP)
    if given_up:
        raise DeliveryFailed(reminder_views.given_up_text(given_up))


@app.command()
def remind(
    ctx: typer.Context,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be sent; send nothing."),
    until: str | None = typer.Option(
        None, "--until", metavar="WHEN", help="With --dry-run: also what falls due up to WHEN (a moment, or 24h, 3d)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only what was sent or failed (for cron's mail)."),
):
    """Send the reminders that are due, once each, and print what was sent.

    Made for cron or a systemd timer (every minute or five); see the README. In a store of several
    organisations it runs for each in turn, unless --org (or BREACH_ORG, `breach orgs use`) names one.
    A reminder that cannot be delivered is retried with back-off; after the last try the exit status is 1.
    """
    from breach.domain.clock import parse_until
    from breach.notify import reminders

    a = App.of(ctx)
    if until is not None and not dry_run:
        raise InvalidInput("--until: only with --dry-run (remind sends what is due now)")
    now, found = a.now(), _scopes(a, create=False)
    tz = _tz(found)
    if dry_run:
        end = parse_until(until, tz, now) if until else None
        report = reminders.dry_run(a.store, found, a.home, now, end)
    else:
        report = reminders.run(a.store, found, a.home, now)
    _show(report, tz, as_json, dry_run=dry_run, quiet=quiet and not dry_run)
    _check_failures(report)


@app.command()
def watch(
    ctx: typer.Context,
    interval: float = typer.Option(60.0, "--interval", metavar="S", help="Seconds between runs (default 60)."),
):
    """Run `breach remind` in a loop in the foreground; Ctrl-C or SIGTERM stops it cleanly."""
    import signal
    import threading

    from breach.notify import heartbeats, reminders

    if not 1 <= interval <= 3600:
        raise InvalidInput(f"--interval: {interval:g} is not accepted (expected 1 to 3600 seconds)")
    a = App.of(ctx)
    _scopes(a, create=False)  # refused now, not in the loop, when --org names no organisation
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    typer.echo(f"watching: `breach remind` every {interval:g} s; Ctrl-C stops")
    started = a.now()
    try:
        while not stop.is_set():
            try:
                now = a.now()
                with a.store.write() as session:  # doctor counts a running watch as a scheduler
                    heartbeats.beat(session, heartbeats.WATCH, now, started_at=started, interval_s=round(interval))
                found = _scopes(a, create=False)  # each run reads the organisations' settings afresh
                report = reminders.run(a.store, found, a.home, now)
                if report.items:
                    _show(report, _tz(found), False)
                _check_failures(report)
            except BreachError as exc:  # a failed delivery is reported; the loop goes on
                typer.echo(printable(f"Error: {exc}"), err=True)
            stop.wait(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        try:
            with a.store.write() as session:
                heartbeats.stop(session, heartbeats.WATCH)
        except BreachError:
            pass
    typer.echo("stopped")


@app.command()
def ack(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    obligation: str | None = typer.Option(None, "--obligation", metavar="ap|customers|subjects", help="Only this clock."),
    by: str | None = typer.Option(None, "--by", metavar="NAME", help="Who is on it (shown by `breach show`)."),
):
    """Say "we are on it": the current reminder stops climbing the ladder, and its repeats stop for the
    channels already paged.

    Later steps, the deadline alarm and the first overdue alarm still go out (from the first rung again).
    Example: breach ack DL-2026-001 --by "S. de Vries"
    """
    from breach.cli import reminder_views
    from breach.notify import reminders
    from breach.records import incidents, orgs

    a = App.of(ctx)
    now = a.now()
    name = incidents.obligation_name(obligation) if obligation else None
    with a.store.write() as session:
        incident = a.find(session, id, now)
        reminders.ack(session, incident, name, now, by=by.strip() if by and by.strip() else None)
        shown = orgs.label(incident, orgs.shorts(session))
    typer.echo(reminder_views.acked_text(shown, name))


# ---------------------------------------------------------------- channels


@channels_app.command("add")
def channels_add(
    ctx: typer.Context,
    url: str = typer.Argument(..., metavar="URL", help="An apprise URL, e.g. ntfy://my-topic or mailto://..."),
    tag: list[str] | None = typer.Option(None, "--tag", help="Tag(s): the channel then gets the steps naming a tag."),
    detail: bool = typer.Option(False, "--detail", help="Also send the breach's title and counts (off: no facts)."),
):
    """Store a channel. Untagged channels get every reminder; tagged ones the steps that name their tag."""
    from breach.cli import reminder_views
    from breach.notify import channels

    a = App.of(ctx)
    now = a.now()
    tags = channels.parse_tags(tag)
    settings, org = _settings(a), a.org
    with a.store.write() as session:
        row = channels.add(session, org.id, url, tags, detail, now)
    typer.echo(reminder_views.added_text(row, tags))
    unnamed = channels.unnamed_tags(tags, settings)
    if unnamed:
        typer.echo(reminder_views.unnamed_tags_warning(unnamed), err=True)
    typer.echo(reminder_views.try_it_text(tags))


@channels_app.command("list")
def channels_list(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """List the channels, secrets masked."""
    from breach.cli import reminder_views
    from breach.notify import channels

    a = App.of(ctx)
    settings, org = _settings(a), a.org
    with a.store.read() as session:
        found = channels.all_channels(session, org.id, settings, a.home)
    for line in channels.refused(settings, a.home):
        typer.echo(reminder_views.refused_warning(line), err=True)
    if as_json:
        emit_json(reminder_views.channels_json(found))
    else:
        typer.echo(reminder_views.channels_text(found))


@channels_app.command("remove")
def channels_remove(ctx: typer.Context, number: str = typer.Argument(..., metavar="N", help="The channel's number.")):
    """Remove a stored channel (reminders already sent stay on the timelines)."""
    from breach.cli import reminder_views
    from breach.notify import channels

    a = App.of(ctx)
    org = a.org
    with a.store.write() as session:
        shown = channels.remove(session, org.id, number, org.short)
    typer.echo(reminder_views.removed_text(number, shown))


@channels_app.command("test")
def channels_test(
    ctx: typer.Context,
    tag: list[str] | None = typer.Option(None, "--tag", help="Only channels with this tag."),
):
    """Send a test message to each channel and report per channel: delivered or the error."""
    from breach.cli import reminder_views
    from breach.notify import channels, reminders

    a = App.of(ctx)
    prof, settings, org = a.profile, _settings(a), a.org
    tags = channels.parse_tags(tag)
    with a.store.read() as session:
        found = channels.to_test(channels.all_channels(session, org.id, settings, a.home), tags)
    results = reminders.test_channels(found, prof.language)
    typer.echo(reminder_views.test_text(results))
    failed = sum(not outcome.ok for _, outcome in results)
    if failed:
        raise DeliveryFailed(reminder_views.test_failed_text(failed, len(found)))


# ---------------------------------------------------------------- doctor


@app.command()
def doctor(
    ctx: typer.Context,
    send_test: bool = typer.Option(False, "--send-test", help="Also send a test message to every channel."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document: the facts and the problems (exit status 1 still means problems)."),
):
    """Check that reminders will reach someone: the last `remind` run, claims left without an outcome, the
    channels, the scheduler (a running `breach watch`, an enabled and active systemd timer, a cron line
    whose command exists)."""
    from breach.cli import reminder_views
    from breach.notify import health

    a = App.of(ctx)
    now, found = a.now(), _scopes(a)
    tz = _tz(found)
    facts = health.gather(a.store, found, a.home, now, send_test=send_test)
    problems = health.problems(facts, now)
    if as_json:
        emit_json(reminder_views.doctor_json(facts, problems, now, tz))
    else:
        typer.echo(reminder_views.doctor_text(facts, now, tz))
    if problems:
        raise Refused(reminder_views.problems_text(problems))
    if not as_json:
        typer.echo("ok")
