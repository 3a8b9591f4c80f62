"""The reminder commands: remind, watch, ack, channels, doctor. Thin: parse, call `reminders`, render."""

from __future__ import annotations

import typer

from breach.cli.app import App, app, emit_json, find
from breach.errors import Refused

channels_app = typer.Typer(
    help="Where reminders go: apprise URLs (ntfy, Pushover, Telegram, Signal, Slack, Teams, mailto, ...).",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(channels_app, name="channels")

NO_CHANNEL_WARNING = (
    "warning: no channel configured, so reminders only print here; add one with "
    "`breach channels add URL` (e.g. ntfy://my-topic or mailto://user:password@example.org)"
)


def _settings(a):
    return a.config.reminder_settings()


def _item_json(item, tz: str) -> dict:
    from breach.domain.clock import iso_local

    return {
        "id": item.ref,
        "obligation": item.obligation,
        "step": item.step,
        "channel": item.channel,
        "status": item.status,
        "due_at": iso_local(item.due_at, tz),
        "title": item.title,
        "body": item.body,
        "attempt": item.attempt,
        "error": item.error,
        "next_try_at": iso_local(item.next_try_at, tz),
    }


def _item_line(item, tz: str) -> str:
    from breach.domain.clock import format_local

    what = "breach opened" if item.obligation == "opened" else f"{item.obligation} {item.step}"
    head = f"{item.status:<8} {item.ref}  {what:<18} -> {item.channel}"
    if item.status == "failed":
        return f"{head}\n         {item.error} (try {item.attempt}; next try {format_local(item.next_try_at, tz)})"
    if item.status == "gave_up":
        return f"{head}\n         {item.error} (try {item.attempt}, the last)"
    if item.status == "held":
        return f"{head}  (quiet hours; goes out when they end)"
    if item.status == "due":
        return f"{format_local(item.due_at, tz)}  {item.ref}  {what:<18} -> {item.channel}\n         {item.title}"
    return f"{head}\n         {item.title}"


def _render(report, tz: str, as_json: bool, *, dry_run: bool = False, quiet: bool = False) -> None:
    if as_json:
        emit_json({"dry_run": dry_run, "no_channels": report.no_channels,
                    "reminders": [_item_json(i, tz) for i in report.items], "continues": report.continues})
    else:
        shown = [i for i in report.items if not (quiet and i.status == "held")]
        for item in shown:
            if item.channel == "the terminal" and item.status == "sent":
                typer.echo(f"{item.title}\n{item.body}\n")
            else:
                typer.echo(_item_line(item, tz))
        for line in report.continues:
            typer.echo(line)
        if not shown and not quiet:
            typer.echo("Nothing due." if not dry_run else "Nothing would be sent.")
    if report.no_channels:
        typer.echo(NO_CHANNEL_WARNING, err=True)


def _check_failures(report) -> None:
    from breach.errors import DeliveryFailed

    given_up = report.having("gave_up")
    if given_up:
        first = given_up[0]
        raise DeliveryFailed(
            f"{len(given_up)} reminder(s) could not be delivered after the last try (first: {first.ref} "
            f"{first.obligation} {first.step} to {first.channel}: {first.error}); check the channel with "
            "`breach channels test` and `breach doctor`"
        )


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

    Made for cron or a systemd timer (every minute or five); see the README.
    A reminder that cannot be delivered is retried with back-off; after the last try the exit status is 1.
    """
    from breach.domain.clock import parse_until
    from breach.errors import InvalidInput
    from breach.notify import reminders

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    settings = _settings(a)
    if until is not None and not dry_run:
        raise InvalidInput("--until: only with --dry-run (remind sends what is due now)")
    if dry_run:
        end = parse_until(until, prof.timezone, now) if until else None
        report = reminders.dry_run(a.store, settings, a.home, now, end, prof.timezone, prof.language)
        _render(report, prof.timezone, as_json, dry_run=True)
        return
    report = reminders.run(a.store, settings, a.home, now, prof.timezone, prof.language)
    _render(report, prof.timezone, as_json, quiet=quiet)
    _check_failures(report)


@app.command()
def watch(
    ctx: typer.Context,
    interval: float = typer.Option(60.0, "--interval", metavar="S", help="Seconds between runs (default 60)."),
):
    """Run `breach remind` in a loop in the foreground; Ctrl-C or SIGTERM stops it cleanly."""
    import signal
    import threading

    from breach.errors import BreachError, InvalidInput
    from breach.notify import reminders

    if not 1 <= interval <= 3600:
        raise InvalidInput(f"--interval: {interval:g} is not accepted (expected 1 to 3600 seconds)")
    a = App.of(ctx)
    prof = a.profile
    settings = _settings(a)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    typer.echo(f"watching: `breach remind` every {interval:g} s; Ctrl-C stops")
    try:
        while not stop.is_set():
            try:
                report = reminders.run(a.store, settings, a.home, a.now(), prof.timezone, prof.language)
                if report.items:
                    _render(report, prof.timezone, False)
                _check_failures(report)
            except BreachError as exc:  # a failed delivery is reported; the loop goes on
                typer.echo(f"Error: {exc}", err=True)
            stop.wait(interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    typer.echo("stopped")


@app.command()
def ack(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    obligation: str | None = typer.Option(None, "--obligation", metavar="ap|customers|subjects", help="Only this clock."),
):
    """Say "we are on it": stops the repeats of the current reminder for the channels already paged.

    Later steps, the deadline alarm and the first overdue alarm still go out.
    """
    from breach.notify import reminders
    from breach.records import incidents

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    name = incidents.obligation_name(obligation) if obligation else None
    with a.store.write() as session:
        incident = find(session, id, now, prof.timezone)
        reminders.ack(session, incident, name, now)
    typer.echo(f"{incident.ref}: acknowledged ({name or 'all clocks'}); later steps and alarms still go out")


# ---------------------------------------------------------------- channels


@channels_app.command("add")
def channels_add(
    ctx: typer.Context,
    url: str = typer.Argument(..., metavar="URL", help="An apprise URL, e.g. ntfy://my-topic or mailto://..."),
    tag: list[str] | None = typer.Option(None, "--tag", help="Tag(s): the channel then gets the steps naming a tag."),
    detail: bool = typer.Option(False, "--detail", help="Also send the breach's title and counts (off: no facts)."),
):
    """Store a channel. Untagged channels get every reminder; tagged ones the steps that name their tag."""
    from breach.notify import channels

    a = App.of(ctx)
    now = a.now()
    tags = channels.parse_tags(tag)
    settings = _settings(a)
    with a.store.write() as session:
        row = channels.add(session, url, tags, detail, now)
    typer.echo(f"Added channel {row.id}: {channels.masked(row.url)}" + (f"  tags: {', '.join(tags)}" if tags else ""))
    unknown = sorted(set(tags) - settings.named_tags())
    if unknown:
        typer.echo(
            f"warning: no reminder step names the tag(s) {', '.join(unknown)}, so this channel gets only tests; "
            "name them in [reminders] of config.toml or add the channel without --tag",
            err=True,
        )
    typer.echo(f"Try it: breach channels test --tag {tags[0]}" if tags else "Try it: breach channels test")


@channels_app.command("list")
def channels_list(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """List the channels, secrets masked."""
    from breach.notify import channels

    a = App.of(ctx)
    settings = _settings(a)
    with a.store.read() as session:
        found = channels.all_channels(session, settings, a.home)
    for line in channels.refused(settings, a.home):
        typer.echo(f"warning: {line}", err=True)
    rows = [
        {"id": c.key.removeprefix("c") if c.source == "stored" else c.key, "url": c.shown, "tags": list(c.target.tags),
         "detail": c.target.detail, "source": c.source}
        for c in found
    ]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        typer.echo("No channels. Add one with `breach channels add URL` (e.g. ntfy://my-topic).")
        return
    for row in rows:
        tags = ", ".join(row["tags"]) or "all reminders"
        where = "" if row["source"] == "stored" else f"  (from {row['source']})"
        typer.echo(f"{row['id']:>3}  {row['url']}\n     tags: {tags}" + ("; with detail" if row["detail"] else "") + where)


@channels_app.command("remove")
def channels_remove(ctx: typer.Context, number: str = typer.Argument(..., metavar="N", help="The channel's number.")):
    """Remove a stored channel (reminders already sent stay on the timelines)."""
    from breach.notify import channels

    a = App.of(ctx)
    with a.store.write() as session:
        shown = channels.remove(session, number)
    typer.echo(f"Removed channel {number.strip().removeprefix('#')}: {shown}")


@channels_app.command("test")
def channels_test(
    ctx: typer.Context,
    tag: list[str] | None = typer.Option(None, "--tag", help="Only channels with this tag."),
):
    """Send a test message to each channel and report per channel: delivered or the error."""
    from breach.errors import DeliveryFailed, NotFound
    from breach.notify import channels, reminders

    a = App.of(ctx)
    prof = a.profile
    settings = _settings(a)
    wanted = set(channels.parse_tags(tag))
    with a.store.read() as session:
        found = channels.all_channels(session, settings, a.home)
    if wanted:
        found = [c for c in found if wanted & set(c.target.tags)]
    if not found:
        raise NotFound("no channel to test" + (f" with tag {', '.join(sorted(wanted))}" if wanted else "")
                       + "; add one with `breach channels add URL`")
    failed = 0
    for channel, outcome in reminders.test_channels(found, prof.language):
        if outcome.ok:
            typer.echo(f"delivered  {channel.shown}")
        else:
            failed += 1
            typer.echo(f"FAILED     {channel.shown}\n           {outcome.error}")
    if failed:
        raise DeliveryFailed(f"{failed} of {len(found)} channel(s) did not accept the test message")


# ---------------------------------------------------------------- doctor


@app.command()
def doctor(
    ctx: typer.Context,
    send_test: bool = typer.Option(False, "--send-test", help="Also send a test message to every channel."),
):
    """Check that reminders will reach someone: the last `remind` run, the channels, the cron."""
    from breach.cli import reminder_views
    from breach.notify import health

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    facts = health.gather(a.store, _settings(a), a.home, now, prof.language, send_test=send_test)
    problems = health.problems(facts, now)
    typer.echo(reminder_views.doctor_text(facts, now, prof.timezone))
    if problems:
        raise Refused(reminder_views.problems_text(problems))
    typer.echo("ok")
