"""The `breach` command. Each command parses its input, calls one domain function, renders the result.

Only typer is imported at module level: sqlmodel, jinja2 and the rest load inside the commands that
need them, so `breach --help` and shell completion stay fast.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer
from typer.core import TyperGroup

from breach import __version__
from breach.errors import BreachError

if TYPE_CHECKING:
    from breach.domain.clock import Clock

EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_BROKEN_PIPE = 141  # as a shell reports a command stopped by SIGPIPE


class BreachGroup(TyperGroup):
    """Turns every refusal into one line on stderr and a non-zero exit; no traceback reaches a user.

    Its sub-commands may be lazy (`lazy_group`): until one runs, or its own help is asked, it is a
    stub with its name and help text, which is all the help listing and shell completion read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.builders: dict = {}  # name -> build the real command, for the sub-commands still stubs

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            _uncoerced(param)
        return params

    def resolve_command(self, ctx, args):
        if args and args[0] in self.builders:
            self.commands[args[0]] = self.builders.pop(args[0])()
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            for param in command.get_params(ctx):
                _uncoerced(param)
        return name, command, rest

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from typer import Abort
        from typer._click.exceptions import ClickException, NoArgsIsHelpError

        os.umask(0o077)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            if code == 130:  # typer turns Ctrl-C into a silent Exit(130)
                raise KeyboardInterrupt
        except NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help())
            code = 0
        except BreachError as exc:
            _fail(str(exc), exc.exit_code)
        except ClickException as exc:
            hint = f" (see `{exc.ctx.command_path} --help`)" if getattr(exc, "ctx", None) else ""
            _fail(exc.format_message() + hint, exc.exit_code or EXIT_USAGE)
        except (Abort, KeyboardInterrupt):
            _fail("aborted; nothing was written", 130)
        except Exception as exc:
            if os.environ.get("BREACH_DEBUG"):
                raise
            _fail(_unexpected(exc), EXIT_INTERNAL)
        sys.exit(code or 0)


def _fail(message: str, code: int):
    typer.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _unexpected(exc: Exception) -> str:
    """One line: a driver's message may run on (libpq adds a hint line to a refused connection)."""
    if type(exc).__module__.startswith("sqlalchemy"):
        detail = getattr(exc, "orig", None) or exc
        if _first_line(detail) == "database is locked":  # SQLite's busy timeout ran out
            from breach.store.engine import BUSY_TIMEOUT_MS

            return (f"the store is busy: another breach command (a restore, a schema upgrade?) kept it locked for more "
                    f"than {BUSY_TIMEOUT_MS // 1000} s; nothing was written, try again when it is done")
        return f"the database refused the operation ({_first_line(detail)}); nothing was written"
    return f"unexpected {type(exc).__name__}: {_first_line(exc)} (BREACH_DEBUG=1 shows the traceback)"


def _first_line(exc: object) -> str:
    return (str(exc).strip().splitlines() or [""])[0].strip()


app = typer.Typer(
    cls=BreachGroup,
    help="Record a personal-data breach, run its legal clocks, and draft what the law asks.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class App:
    """What every command shares: the data home, the clock, and lazily the config and the store."""

    home: Path
    clock: Optional["Clock"] = None
    _config: object = field(default=None, repr=False)
    _store: object = field(default=None, repr=False)
    _profile: object = field(default=None, repr=False)

    @property
    def config(self):
        from breach.config import Config

        if self._config is None:
            self._config = Config(self.home)
        return self._config

    @property
    def profile(self):
        """The saved profile, or the defaults with one line on stderr saying how to set it."""
        from breach.config import Profile

        if self._profile is None:
            if self.config.has_profile:
                self._profile = self.config.profile()
            else:
                typer.echo(
                    "note: no organisation profile yet; using the defaults (controller, Europe/Amsterdam, "
                    "AP 72 h, customers 24 h, Dutch). Set it with `breach init`.",
                    err=True,
                )
                self._profile = Profile()
        return self._profile

    @property
    def store(self):
        from breach.config import DATABASE_NAME, ensure_private_dir
        from breach.store.engine import Store, sqlite_url

        if self._store is None:
            url = self.config.database_url
            if not url:
                ensure_private_dir(self.home)
                url = sqlite_url(self.home / DATABASE_NAME)
            self._store = Store(url)
        return self._store

    def now(self):
        if self.clock is None:
            from breach.domain.clock import environment_clock, system_clock

            self.clock = environment_clock() or system_clock
        return self.clock()


def _version(value: bool):
    if value:
        typer.echo(f"breach {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    home: Optional[str] = typer.Option(
        None, "--home", metavar="DIR", help="Data home (default: $BREACH_HOME, else the platform's user data folder)."
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
):
    """Record a personal-data breach, run its legal clocks, and draft what the law asks."""
    from breach.config import data_home

    if ctx.obj is None:
        ctx.obj = App(home=data_home(home))
    elif home:
        ctx.obj.home = data_home(home)


def _app(ctx: typer.Context) -> App:
    return ctx.obj


def _find(session, text: str, now, tz: str):
    """The breach an id names; a bare number counts in the current year where the organisation is."""
    from breach.records import incidents

    return incidents.find(session, text, now.in_tz(tz).year)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _emit_json(doc) -> None:
    typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))


def _moment(text: str, field_name: str, tz: str, now):
    from breach.domain.clock import parse_moment

    moment = parse_moment(text, tz, now, field=field_name)
    if moment.note:
        typer.echo(f"note: {moment.note}", err=True)
    return moment.instant


def _range(text: str, tz: str, now):
    """`--occurred WHEN` or `START..END`: the instants (start, end or None)."""
    from breach.domain.clock import parse_range

    first, second = parse_range(text, tz, now, field="--occurred")
    for moment in (first, second):
        if moment is not None and moment.note:
            typer.echo(f"note: {moment.note}", err=True)
    return first.instant, second.instant if second else None


# ---------------------------------------------------------------- init


@app.command()
def init(
    ctx: typer.Context,
    name: Optional[str] = typer.Option(None, help="Organisation name."),
    address: Optional[str] = typer.Option(None, help="Street and number."),
    postcode: Optional[str] = typer.Option(None, help="Postcode."),
    city: Optional[str] = typer.Option(None, help="City."),
    kvk: Optional[str] = typer.Option(None, help="KvK number (8 digits)."),
    email: Optional[str] = typer.Option(None, help="Contact e-mail."),
    phone: Optional[str] = typer.Option(None, help="Contact phone."),
    dpo_name: Optional[str] = typer.Option(None, help="Privacy officer (FG/DPO) name."),
    dpo_email: Optional[str] = typer.Option(None, help="Privacy officer (FG/DPO) e-mail."),
    timezone: Optional[str] = typer.Option(None, help="Time zone (default Europe/Amsterdam)."),
    role: Optional[str] = typer.Option(None, help="controller (default) or processor."),
    ap_window: Optional[str] = typer.Option(None, help="AP window in hours (default 72)."),
    customers_window: Optional[str] = typer.Option(None, help="Customers window in hours (default 24; 0: none)."),
    language: Optional[str] = typer.Option(None, help="Letters and reminders: nl (default) or en."),
    no_input: bool = typer.Option(False, "--no-input", help="Never prompt, also on a terminal."),
):
    """Set the organisation profile that letters and clocks need.

    Flags set fields; on a terminal the missing ones are asked, with the current value as default.

    Example: breach init --name "Voorbeeld BV" --kvk 12345678 --dpo-email fg@voorbeeld.nl
    """
    from breach.config import FIELD_HELP, Profile, validate_field
    from breach.errors import ConfigError, InvalidInput

    a = _app(ctx)
    given = {
        "name": name, "address": address, "postcode": postcode, "city": city, "kvk": kvk, "email": email,
        "phone": phone, "dpo_name": dpo_name, "dpo_email": dpo_email, "timezone": timezone, "role": role,
        "ap_window": ap_window, "customers_window": customers_window, "language": language,
    }
    current = Profile()
    if a.config.has_profile:  # a file that is not TOML is refused here: init must not overwrite it blindly
        try:
            current = a.config.profile()
        except ConfigError as exc:
            typer.echo(f"note: {exc}; starting from the defaults", err=True)
    values = {}
    for item in fields(Profile):
        if given[item.name] is not None:
            values[item.name] = validate_field(item.name, given[item.name])
    interactive = sys.stdin.isatty() and not no_input
    for item in fields(Profile):
        if item.name in values:
            continue
        default = getattr(current, item.name)
        if not interactive:
            values[item.name] = default
            continue
        while True:
            answer = typer.prompt(FIELD_HELP[item.name], default=str(default), show_default=str(default) != "")
            try:
                values[item.name] = validate_field(item.name, answer)
                break
            except InvalidInput as exc:
                typer.echo(f"  {exc}", err=True)
    profile = Profile(**values)
    a.config.save_profile(profile)
    typer.echo(f"Profile saved to {a.config.path}")
    _print_profile(profile)


def _print_profile(profile) -> None:
    from breach.config import FIELD_HELP

    for item in fields(profile):
        value = getattr(profile, item.name)
        typer.echo(f"  {FIELD_HELP[item.name]:<48} {value if value != '' else '-'}")


@app.command()
def profile(ctx: typer.Context):
    """Show the organisation profile and where the data lives."""
    a = _app(ctx)
    typer.echo(f"data home  {a.home}")
    typer.echo(f"config     {a.config.path}")
    typer.echo(f"database   {_masked_url(a)}")
    _print_profile(a.profile)


def _masked_url(a: App) -> str:
    from breach.config import DATABASE_NAME

    url = a.config.database_url
    if not url:
        return str(a.home / DATABASE_NAME)
    from breach.store.engine import masked_url

    try:
        return masked_url(url)
    except Exception:
        return "(a database URL that cannot be parsed)"


# ---------------------------------------------------------------- open, list, show


@app.command("open")
def open_(
    ctx: typer.Context,
    title: str = typer.Argument(..., help="A short title, e.g. 'Laptop with client files stolen'."),
    aware: str = typer.Option("now", "--aware", metavar="WHEN", help="When the organisation became aware: the clocks start here."),
    discovered: Optional[str] = typer.Option(None, "--discovered", metavar="WHEN", help="When it was discovered (the AP form asks it; not assumed when left out)."),
    occurred: Optional[str] = typer.Option(None, "--occurred", metavar="WHEN[/WHEN]", help="When it happened, or START/END."),
    description: Optional[str] = typer.Option(None, "--description", help="What happened."),
    reported_by: Optional[str] = typer.Option(None, "--reported-by", help="Who reported it."),
    role: Optional[str] = typer.Option(None, "--role", help="controller or processor (default: the profile's)."),
    customers_window: Optional[str] = typer.Option(
        None, "--customers-window", metavar="HOURS", help="This breach's customer window (default: the profile's)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """Open a breach: record the facts and start the clocks.

    WHEN: ISO 8601 with offset or Z, a local date-time (2026-11-23 09:15), now, today HH:MM, yesterday HH:MM.

    Example: breach open "Mailing sent with all addresses in CC" --aware "today 09:15"
    """
    from breach.records import incidents
    from breach.notify import reminders
    from breach.cli import views
    from breach.domain.clock import local
    from breach.config import parse_window, validate_field

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    tz = prof.timezone
    aware_at = _moment(aware, "--aware", tz, now)
    discovered_at = _moment(discovered, "--discovered", tz, now) if discovered else None
    occurred_from, occurred_to = _range(occurred, tz, now) if occurred else (None, None)
    facts = incidents.OpenFacts(
        title=title,
        aware_at=aware_at,
        discovered_at=discovered_at,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        description=description,
        reported_by=reported_by,
        role=validate_field("role", role) if role else prof.role,
        ap_window_hours=prof.ap_window,
        customers_window_hours=(
            parse_window(customers_window, "--customers-window", allow_zero=True)
            if customers_window is not None
            else prof.customers_window
        ),
    )
    with a.store.write() as session:
        incident = incidents.open_incident(session, facts, now, year=local(now, tz).year)
        states = incidents.clocks(session, incident, now)
        last_remind = reminders.last_run(session)
    if as_json:
        _emit_json(views.incident_json(incident, states, now, tz))
    else:
        typer.echo(views.opened_text(incident, states, now, tz))
    warning = reminders.stale_warning(last_remind, now)
    if warning:
        typer.echo(f"warning: the 'breach opened' alert goes out with the next `breach remind`, and {warning}", err=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    show_all: bool = typer.Option(False, "--all", help="Also closed breaches."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """List open breaches, nearest deadline first (--all: every breach)."""
    from breach.domain import deadlines
    from breach.records import incidents
    from breach.notify import reminders
    from breach.cli import views

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    with a.store.read() as session:
        found = incidents.all_incidents(session) if show_all else incidents.open_incidents(session)
        rows = incidents.clocks_many(session, found, now)
        last_remind = reminders.last_run(session)
    far = now.add(years=1000)
    rows.sort(key=lambda row: (row[0].status != "open", deadlines.next_deadline(row[1]) or far, row[0].id))
    if as_json:
        _emit_json([views.incident_json(i, states, now, prof.timezone) for i, states in rows])
    else:
        typer.echo(views.list_text(rows, now, prof.timezone))
    running = any(
        state.status in (deadlines.OPEN, deadlines.OVERDUE)
        for incident, states in rows if incident.status == "open" for state in states.values()
    )
    warning = reminders.stale_warning(last_remind, now) if running else None
    if warning:
        typer.echo(f"warning: {warning}", err=True)


@app.command()
def show(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id, e.g. DL-2026-001."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """Show a breach: facts, clocks with their legal basis, and the timeline."""
    from breach.records import incidents
    from breach.cli import views

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    from breach.domain import assessment
    from breach.records import decisions

    with a.store.read() as session:
        incident = _find(session, id, now, prof.timezone)
        notices = incidents.notices(session, incident)
        events = incidents.timeline(session, incident)
        states = incidents.clocks(session, incident, now)
        assessed = assessment.latest(session, incident)
        decided = decisions.all_of(session, incident)
    if as_json:
        _emit_json(views.incident_json(incident, states, now, prof.timezone, events=events, notices=notices,
                                       assessed=assessed, decisions=decided))
    else:
        typer.echo(views.show_text(incident, states, events, notices, now, prof.timezone, assessed=assessed,
                                   decisions=decided, language=prof.language))


# ---------------------------------------------------------------- update, note


@app.command()
def update(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    title: Optional[str] = typer.Option(None, help="Title."),
    description: Optional[str] = typer.Option(None, help="What happened."),
    how_discovered: Optional[str] = typer.Option(None, help="How the breach was discovered."),
    reported_by: Optional[str] = typer.Option(None, help="Who reported it."),
    role: Optional[str] = typer.Option(None, help="controller or processor."),
    aware: Optional[str] = typer.Option(None, metavar="WHEN", help="Correct the moment of awareness."),
    discovered: Optional[str] = typer.Option(None, metavar="WHEN", help="Correct the moment of discovery."),
    occurred: Optional[str] = typer.Option(None, metavar="WHEN[/WHEN]", help="When it happened, or START/END."),
    customers_window: Optional[str] = typer.Option(None, metavar="HOURS", help="The customer window of this breach."),
    kind: Optional[List[str]] = typer.Option(
        None, "--type", help="Kind of breach: confidentiality, integrity, availability-temporary, availability-permanent."
    ),
    data: Optional[List[str]] = typer.Option(
        None, help="Kinds of personal data, comma-separated or repeated (name, email, bsn, ...; other:TEXT)."
    ),
    special: Optional[List[str]] = typer.Option(
        None, help="Special categories: ethnicity, political, religion, union, sexual, health, genetic, biometric."
    ),
    persons_group: Optional[List[str]] = typer.Option(
        None, help="Groups of persons: employees, customers, students, patients, minors, vulnerable, other:TEXT."
    ),
    persons: Optional[str] = typer.Option(None, metavar="N|MIN-MAX", help="Number of persons: 120, or a range 100-250."),
    records: Optional[str] = typer.Option(None, metavar="N", help="Approximate number of records."),
    consequences: Optional[str] = typer.Option(None, help="Likely consequences."),
    measures_taken: Optional[str] = typer.Option(None, help="Measures taken."),
    measures_planned: Optional[str] = typer.Option(None, help="Measures planned."),
    cross_border: Optional[str] = typer.Option(None, metavar="yes|no", help="Persons in other EU countries involved."),
    high_risk: Optional[str] = typer.Option(
        None, metavar="yes|no|unknown", help="Likely high risk to the persons (then they must be told, art. 34)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the breach as one JSON document."),
):
    """Record or correct the facts the AP form asks. Every change is a new timeline event.

    Lists (--type, --data, --special, --persons-group) replace the recorded list.

    Example: breach update DL-2026-001 --type confidentiality --data name,email --persons 100-250
    """
    from breach.records import incidents
    from breach.cli import views
    from breach.domain import vocabulary
    from breach.config import parse_window, validate_field
    from breach.errors import InvalidInput

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    tz = prof.timezone
    changes: dict = {}
    if title is not None:
        changes["title"] = title.strip()
    for name, value in (
        ("description", description), ("how_discovered", how_discovered),
        ("reported_by", reported_by), ("consequences", consequences), ("measures_taken", measures_taken),
        ("measures_planned", measures_planned),
    ):
        if value is not None:
            changes[name] = value.strip() or None
    if role is not None:
        changes["role"] = validate_field("role", role)
    if aware is not None:
        changes["aware_at"] = _moment(aware, "--aware", tz, now)
    if discovered is not None:
        changes["discovered_at"] = _moment(discovered, "--discovered", tz, now)
    if occurred is not None:
        changes["occurred_from"], changes["occurred_to"] = _range(occurred, tz, now)
    if customers_window is not None:
        changes["customers_window_hours"] = parse_window(customers_window, "--customers-window", allow_zero=True)
    for fact, values in (
        ("breach_types", kind), ("data_categories", data), ("special_categories", special),
        ("person_categories", persons_group),
    ):
        if values:
            changes[fact] = vocabulary.parse_list(fact, values)
    if persons is not None:
        changes["persons_min"], changes["persons_max"] = incidents.parse_persons(persons)
    if records is not None:
        changes["records"] = incidents.parse_count(records, "--records")
    if cross_border is not None:
        changes["cross_border"] = incidents.parse_yes_no(cross_border, "--cross-border")
    if high_risk is not None:
        changes["high_risk"] = incidents.parse_yes_no(high_risk, "--high-risk", unknown=True)
    if not changes:
        raise InvalidInput("nothing to update: give at least one fact (see `breach update --help`)")
    with a.store.write() as session:
        incident = _find(session, id, now, prof.timezone)
        changed = incidents.update_facts(session, incident, changes, now)
        states = incidents.clocks(session, incident, now)
    if as_json:
        _emit_json(views.incident_json(incident, states, now, tz))
        return
    if not changed:
        typer.echo(f"{incident.ref}: nothing changed (the facts were already recorded so)")
        return
    flags = sorted({incidents.FACT_FLAGS[name] for name in changed})
    typer.echo(f"Updated {incident.ref}: {', '.join(flags)}")
    if changed.keys() & {"aware_at", "role", "customers_window_hours", "high_risk"}:
        typer.echo("\n".join(views.clock_lines(states, now, tz, incident.ref)))


@app.command()
def note(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    text: str = typer.Argument(..., help="The note."),
):
    """Add a note to a breach's timeline."""
    from breach.records import incidents

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    with a.store.write() as session:
        incident = _find(session, id, now, prof.timezone)
        incidents.add_note(session, incident, text, now)
    typer.echo(f"Noted on {incident.ref}")


# ---------------------------------------------------------------- notified, close


@app.command()
def notified(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    obligation: str = typer.Argument(..., metavar="ap|customers|subjects", help="Which obligation was met."),
    at: str = typer.Option("now", "--at", metavar="WHEN", help="When the notification was made (default now)."),
    reference: Optional[str] = typer.Option(None, "--reference", help="The AP's meldnummer or your own reference."),
    delay_reason: Optional[str] = typer.Option(
        None, "--delay-reason", help="Reasons for a late AP notification (AVG art. 33 lid 1)."
    ),
):
    """Record that an obligation was met: the AP, the customers, or the persons were told.

    A second notice for the same obligation is a follow-up (AVG art. 33 lid 4).

    Example: breach notified DL-2026-001 ap --reference M-123456
    """
    from breach.records import incidents
    from breach.domain.clock import format_local

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    name = incidents.obligation_name(obligation)
    when = _moment(at, "--at", prof.timezone, now)
    with a.store.write() as session:
        incident = _find(session, id, now, prof.timezone)
        notice = incidents.record_notice(
            session, incident, name, when, now, reference=reference, delay_reason=delay_reason
        )
    typer.echo(f"{incident.ref}: {name} notified {format_local(notice.at, prof.timezone)}" + (" (late)" if notice.late else ""))


@app.command()
def close(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    reason: str = typer.Option(..., "--reason", help="Why the breach is closed."),
    force: bool = typer.Option(False, "--force", help="Close although an obligation is still open or overdue."),
):
    """Close a breach. It stays in the register.

    A breach with an open or overdue obligation closes only with --force; the register keeps the unmet obligation.
    """
    from breach.records import incidents

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    with a.store.write() as session:
        incident = _find(session, id, now, prof.timezone)
        pending = incidents.close(session, incident, reason, now, force=force)
    typer.echo(f"Closed {incident.ref}")
    if pending:
        typer.echo(f"warning: closed with obligations not recorded as met: {', '.join(pending)}", err=True)


# ---------------------------------------------------------------- assess, decide


def _interactive(no_input: bool) -> bool:
    return sys.stdin.isatty() and not no_input


def _ask(name: str, parse, default: Optional[str] = None, **words):
    """One question on the terminal, asked again until the answer is accepted."""
    from breach.errors import InvalidInput
    from breach.domain.questions import QUESTIONS

    question, accepted = (text.format(**words) for text in QUESTIONS[name])
    typer.echo(f"\n{question}")
    typer.echo(f"  ({accepted})")
    while True:
        answer = typer.prompt(" ", default=default if default is not None else "", show_default=bool(default),
                              prompt_suffix="> ")
        try:
            return parse(answer)
        except InvalidInput as exc:
            typer.echo(f"  {exc}", err=True)


def _reason_text(text: str) -> str:
    from breach.records import incidents
    from breach.errors import InvalidInput

    reason = incidents.clean(text, "--dpc-reason")
    if not reason:
        raise InvalidInput("--dpc-reason: empty (expected why the context changes the score)")
    return reason


def _parsers():
    """Answer name -> function(text) -> value, shared by flags and prompts."""
    from breach.domain import assessment, vocabulary
    from breach.records import incidents

    def listed(fact):
        return lambda text: tuple(vocabulary.parse_list(fact, [text]))

    def cause(text):
        found = vocabulary.parse_list("incident_kind", [text]) if text.strip() else []
        if len(found) > 1:
            from breach.errors import InvalidInput

            raise InvalidInput(f"--cause: give one kind of incident, not {len(found)}")
        return found[0] if found else None

    def yes_no(name):
        return lambda text: incidents.parse_yes_no(text, f"--{name}")

    parsers = {
        "data_categories": listed("data_categories"),
        "special_categories": listed("special_categories"),
        "person_categories": listed("person_categories"),
        "persons": incidents.parse_persons,
        "cause": cause,
    }
    for name in ("protected", "identification", "confidentiality", "integrity", "availability"):
        parsers[name] = lambda text, name=name: assessment.parse_choice(text, name)
    for name in ("malicious", "backup", "recovered", "trusted", "contained", "disproportionate"):
        parsers[name] = yes_no(name)
    return parsers


def _gather(incident, given: dict, interactive: bool) -> dict:
    """The answers: the incident's facts, then the flags, then (on a terminal) questions for the rest."""
    from breach.domain import assessment, questions
    from breach.errors import InvalidInput

    parse = _parsers()
    values = {**questions.from_incident(incident), **given}
    if interactive:
        known = {name: value for name, value in questions.from_incident(incident).items() if name not in given}
        if known:
            typer.echo(f"Using what {incident.ref} records ({questions.recorded_summary(known)}); "
                       "change it with `breach update`.")
        for name in ("data_categories", "special_categories", "person_categories"):
            if name not in values:
                values[name] = _ask(name, lambda t, n=name: parse[n](t) if t.strip() else ())
        if "persons_min" not in values:
            values["persons_min"], values["persons_max"] = _ask("persons", parse["persons"], "unknown")
        if "cause" not in given:
            values["cause"] = _ask("cause", parse["cause"])
        for name in questions.still_needed(values):
            values[name] = _ask(name, parse[name])
        if values.get("backup") is None and values.get("availability") not in (None, "none"):
            values["backup"] = _ask("backup", parse["backup"])
        if "identification" not in values:
            suggested = assessment.suggested_identification(values.get("data_categories", ()))
            values["identification"] = _ask("identification", parse["identification"], suggested)
        if "dpc" not in values:
            basic, _ = assessment.basic_dpc(questions.answers_from(values))
            klass = assessment.enisa(questions.answers_from(values)).dpc_class
            values["dpc"] = _ask("dpc", lambda t: assessment.parse_dpc(t or str(basic)), str(basic), basic=basic, klass=klass)
            if values["dpc"] != basic and not values.get("dpc_reason"):
                values["dpc_reason"] = _ask("dpc_reason", _reason_text)
        if values.get("confidentiality") in ("exposed", "known") and "recovered" not in values:
            values["recovered"] = _ask("recovered", parse["recovered"], "no")
        if values.get("confidentiality") == "known" and "trusted" not in values:
            values["trusted"] = _ask("trusted", parse["trusted"], "no")
        preliminary = assessment.assess(questions.answers_from(values))
        if preliminary.recommendation.risk == assessment.HIGH:
            for name in ("contained", "disproportionate"):
                if name not in values:
                    values[name] = _ask(name, parse[name], "no")
    missing = questions.still_needed(values)
    if missing:
        flags = ", ".join(questions.FLAGS[name] for name in missing)
        raise InvalidInput(f"missing answers: {flags} (give them as flags, or run `breach assess` on a terminal to be asked)")
    return values


@app.command()
def assess(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    data: Optional[List[str]] = typer.Option(None, help="Kinds of personal data (as `breach update --data`)."),
    special: Optional[List[str]] = typer.Option(None, help="Special categories (as `breach update --special`)."),
    persons_group: Optional[List[str]] = typer.Option(None, help="Groups of persons (as `breach update`)."),
    persons: Optional[str] = typer.Option(None, metavar="N|MIN-MAX", help="Number of persons: 120, or 100-250."),
    cause: Optional[str] = typer.Option(None, metavar="KIND", help="What happened: hacking, wrong-recipient-email, device-lost-stolen, ... (the AP form's list)."),
    protected: Optional[str] = typer.Option(None, metavar="no|encrypted|hashed|unintelligible", help="Protection of the data beforehand (encrypted: the key is safe)."),
    identification: Optional[str] = typer.Option(None, metavar="LEVEL", help="negligible, limited, significant, maximum (default: maximum when the data hold a name, address, e-mail...)."),
    confidentiality: Optional[str] = typer.Option(None, metavar="none|exposed|known|unknown", help="Seen by whom: nobody, possibly (no sign), known recipients, unknown people."),
    integrity: Optional[str] = typer.Option(None, metavar="none|altered|recoverable|unrecoverable", help="Changed: no; no misuse; misused but recoverable; misused, not recoverable."),
    availability: Optional[str] = typer.Option(None, metavar="none|recoverable|temporary|permanent", help="Unavailable: no; briefly; for a while; for good."),
    malicious: Optional[str] = typer.Option(None, metavar="yes|no", help="Done on purpose (theft, hacking, phishing)."),
    backup: Optional[str] = typer.Option(None, metavar="yes|no", help="A working backup exists."),
    recovered: Optional[str] = typer.Option(None, metavar="yes|no", help="The recipients returned or deleted the data."),
    trusted: Optional[str] = typer.Option(None, metavar="yes|no", help="Every recipient is bound to confidentiality."),
    contained: Optional[str] = typer.Option(None, metavar="yes|no", help="Measures since make the high risk unlikely (art. 34(3)(b))."),
    disproportionate: Optional[str] = typer.Option(None, metavar="yes|no", help="Informing each person takes disproportionate effort (art. 34(3)(c))."),
    dpc: Optional[str] = typer.Option(None, metavar="1-4", help="Adjust ENISA's data processing context score (needs --dpc-reason)."),
    dpc_reason: Optional[str] = typer.Option(None, "--dpc-reason", help="Why the DPC differs from the basic score of the data."),
    no_input: bool = typer.Option(False, "--no-input", help="Never ask, also on a terminal."),
    as_json: bool = typer.Option(False, "--json", help="Print the assessment as one JSON document."),
):
    """Weigh the risk of a breach: the ENISA score, the AP form's severity, and a recommendation for both
    decisions (tell the AP? tell the persons?) with reasons and the EDPB example that resembles it.

    On a terminal the missing answers are asked; every answer is also a flag. Facts the breach already
    records are reused; answers it lacked are recorded on it (a timeline event).

    Example: breach assess DL-2026-001 --protected no --confidentiality known --integrity none --availability none --malicious no
    """
    from breach.domain import assessment, questions
    from breach.records import incidents
    from breach.cli import views

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    parse = _parsers()
    given: dict = {}
    for name, value in (("data_categories", data), ("special_categories", special), ("person_categories", persons_group)):
        if value:
            given[name] = parse[name](",".join(value))
    if persons is not None:
        given["persons_min"], given["persons_max"] = parse["persons"](persons)
    for name, value in (
        ("cause", cause), ("protected", protected), ("identification", identification),
        ("confidentiality", confidentiality), ("integrity", integrity), ("availability", availability),
        ("malicious", malicious), ("backup", backup), ("recovered", recovered), ("trusted", trusted),
        ("contained", contained), ("disproportionate", disproportionate),
    ):
        if value is not None:
            given[name] = parse[name](value)
    if dpc is not None:
        given["dpc"] = assessment.parse_dpc(dpc)
    if dpc_reason is not None:
        given["dpc_reason"] = incidents.clean(dpc_reason, "--dpc-reason")
    with a.store.read() as session:
        incident = _find(session, id, now, prof.timezone)
    values = _gather(incident, given, _interactive(no_input))
    result = assessment.assess(questions.answers_from(values))
    with a.store.write() as session:
        incident = _find(session, id, now, prof.timezone)
        changes = questions.incident_changes(incident, values)
        if changes:
            incidents.update_facts(session, incident, changes, now)
        row = assessment.record(session, incident, result, now, prof.language)
        states = incidents.clocks(session, incident, now)
    if as_json:
        _emit_json({"id": incident.ref, "recorded_facts": sorted(changes), **views.assessment_json(row, prof.timezone)})
        return
    typer.echo(f"{incident.ref}  {incident.title}")
    if changes:
        typer.echo(f"recorded on the breach: {', '.join(sorted({incidents.FACT_FLAGS[n] for n in changes}))}")
    typer.echo("\n".join(views.assessment_lines(row, prof.timezone, prof.language)))
    if incident.role == "processor":
        typer.echo("note: as processor you tell the controller (the customers clock); the controller weighs these recommendations")
        return
    undecided = [s.obligation for s in states.values() if s.obligation in ("ap", "subjects") and s.status not in ("met", "late")]
    if undecided:
        typer.echo(f"next: record the decisions: `breach decide {incident.ref} ap|subjects yes|no --reason TEXT --by NAME`")


@app.command()
def decide(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    obligation: str = typer.Argument(..., metavar="ap|subjects", help="Which decision: notify the AP, or inform the persons."),
    answer: str = typer.Argument(..., metavar="yes|no", help="The decision."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why (required for no: the register keeps it, art. 33(5))."),
    by: str = typer.Option(..., "--by", metavar="NAME", help="Who decides."),
    as_json: bool = typer.Option(False, "--json", help="Print the decision and the clocks as one JSON document."),
):
    """Record the decision to notify the AP or inform the persons, with who decided and why.

    A decision may depart from the latest assessment's recommendation; the register marks it. "no" for
    the AP lifts the 72-hour clock; "yes" for the persons starts the subjects clock.

    Example: breach decide DL-2026-001 subjects no --reason "data encrypted, key safe" --by "J. de Vries (FG)"
    """
    from breach.records import decisions, incidents
    from breach.cli import views

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    name = decisions.obligation_name(obligation)
    notify = incidents.parse_yes_no(answer, "yes|no")
    with a.store.write() as session:
        incident = _find(session, id, now, prof.timezone)
        decision = decisions.decide(session, incident, name, notify, reason, by, now)
        states = incidents.clocks(session, incident, now)
    if as_json:
        _emit_json({"id": incident.ref, "decision": views.decision_json(decision, prof.timezone),
                    "clocks": {n: views.clock_json(s, now, prof.timezone) for n, s in states.items()}})
        return
    typer.echo(f"{incident.ref}: decision recorded: {decisions.WORDS[(name, notify)]}, by {decision.decided_by}")
    if decision.departs:
        advice = decisions.WORDS[(name, bool(decision.recommended))]
        typer.echo(f"note: this departs from the latest assessment's recommendation ({advice}); the register marks it")
    elif decision.recommended is None:
        typer.echo(f"note: no assessment yet; `breach assess {incident.ref}` records the reasoning behind it")
    typer.echo("\n".join(views.clock_lines({name: states[name]}, now, prof.timezone, incident.ref)))


# ---------------------------------------------------------------- documents


@app.command()
def summary(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    lang: Optional[str] = typer.Option(None, "--lang", help="nl or en (default: the profile's language)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write to this new file instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace the --out file if it exists."),
):
    """An internal summary of a breach (Markdown), in the profile's language, for management or the board."""
    from breach.records import incidents
    from breach.documents import render as letters

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    language = letters.check_language((lang or prof.language).lower())
    with a.store.read() as session:
        incident = _find(session, id, now, prof.timezone)
        states = incidents.clocks(session, incident, now)
    context = letters.incident_context(incident, states, prof, now, language)
    text = letters.render("summary.md.j2", language, context, user_dir=a.home / "templates")
    missing = letters.missing_facts(text, language)
    if out:
        from breach.config import write_output

        write_output(out, text, force=force)
        typer.echo(f"Wrote {out}")
    else:
        typer.echo(text, nl=False)
    if missing:
        typer.echo(f"still to fill in: {', '.join(missing)}", err=True)



@app.command()
def draft(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    document: str = typer.Argument(..., metavar="ap|customers|subjects", help="Which document to draft."),
    lang: Optional[str] = typer.Option(None, "--lang", help="nl or en (default: the profile's language)."),
    fmt: str = typer.Option("md", "--format", metavar="md|txt|html|eml|docx", help="Output format (default md)."),
    out: Optional[Path] = typer.Option(None, "--out", metavar="PATH", help="Write to this file (with --recipients: this new folder)."),
    recipients: Optional[Path] = typer.Option(
        None, "--recipients", metavar="FILE.csv", help="One letter per person: a CSV with a header, 'name' and 'email' or 'address'."
    ),
    force: bool = typer.Option(False, "--force", help="Replace the --out file if it exists."),
):
    """Draft the AP notification, the notice to customers, or the letter to the persons concerned.

    Facts not yet recorded appear as [NOG INVULLEN: ...] and are listed on stderr. The drafting
    is recorded on the timeline (document, language, format, number of letters; never the persons).

    Examples: breach draft DL-2026-001 ap;  breach draft 1 subjects --recipients persons.csv --out letters/
    """
    from breach.domain import assessment as assessing
    from breach.documents import drafts, render as letters, mailmerge
    from breach.records import incidents
    from breach.config import check_output, write_output
    from breach.errors import InvalidInput

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    language = letters.check_language((lang or prof.language).lower())
    name = drafts.check_document(document)
    fmt = drafts.check_format(fmt)
    if recipients is not None and out is None:
        raise InvalidInput("--recipients needs --out DIR, the new folder for the letters")
    if recipients is not None and name not in drafts.MERGED:
        raise InvalidInput(f"--recipients: the {name} draft is one document, not a letter per person (accepted with: {', '.join(drafts.MERGED)})")
    if recipients is None and fmt == "docx" and out is None:
        raise InvalidInput("--format docx needs --out FILE.docx (a Word file is not written to the terminal)")
    if recipients is not None:
        mailmerge.prepare_target(out)
        checked = mailmerge.check(recipients, need_email=fmt == "eml")
    elif out is not None:
        check_output(out, force=force)
    with a.store.read() as session:
        incident = _find(session, id, now, prof.timezone)
        drafts.check_applies(name, incident)
        states = incidents.clocks(session, incident, now)
        notices = incidents.notices(session, incident)
        latest = assessing.latest(session, incident)
        events = incidents.timeline(session, incident) if name == "ap" else []
    context = drafts.document_context(name, incident, states, notices, prof, now, language, latest, events)
    drafter = drafts.Drafter(name, language, fmt, a.home / "templates", sender=drafts.sender(prof), date=now)
    if recipients is None:
        text, missing = drafter.render(context)
        with a.store.write() as session:
            incidents.record_draft(session, _find(session, id, now, prof.timezone), name, language, fmt, 1, now)
            if out:
                write_output(out, text, force=force)
        if out:
            typer.echo(f"Wrote {out}")
        elif isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
        else:
            typer.echo(text, nl=False)
    else:
        staging = mailmerge.staging_folder(out)
        try:
            missing = mailmerge.write_letters(
                recipients, checked, staging, drafter.merge(context),
                drafter.suffix, workers=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1,
            )
            with a.store.write() as session:
                incidents.record_draft(session, _find(session, id, now, prof.timezone), name, language, fmt, checked.rows, now)
                mailmerge.move_into_place(staging, out)
        finally:
            mailmerge.discard(staging)
        typer.echo(f"Wrote {_count(checked.rows, 'letter', 'letters')} to {out}")
    if missing:
        typer.echo(f"still to fill in: {'; '.join(missing)}", err=True)


templates_app = typer.Typer(help="List the templates, or copy one to edit it.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")


@templates_app.command("list")
def templates_list(ctx: typer.Context):
    """List the shipped templates and the user's copies that override them."""
    from breach.documents import render as letters

    a = _app(ctx)
    for name, source in letters.template_listing(a.home / "templates"):
        typer.echo(f"{name:<28} {source}")


@templates_app.command("copy")
def templates_copy(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="NAME", help="LANG/FILE (nl/subjects.md.j2) or FILE in the profile's language."),
    force: bool = typer.Option(False, "--force", help="Overwrite a copy you made before."),
):
    """Copy a shipped template into <data home>/templates/<lang>/, where it overrides the shipped one.

    Example: breach templates copy nl/subjects.md.j2
    """
    from breach.documents import render as letters

    a = _app(ctx)
    language = "" if "/" in name else a.profile.language
    target = letters.copy_template(name, a.home / "templates", language, force=force)
    typer.echo(f"Copied to {target}; edit it there (breach templates list shows which copy is used)")


# ---------------------------------------------------------------- register, verify


@app.command("export")
def export(
    ctx: typer.Context,
    format: str = typer.Option("csv", "--format", metavar="csv|json|md|html", help="Output format."),
    out: Optional[Path] = typer.Option(None, "--out", metavar="FILE", help="Write to this new file (0600, atomically) instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace the --out file if it exists."),
    from_: Optional[str] = typer.Option(None, "--from", metavar="DATE", help="Breaches the organisation became aware of on or after this local date."),
    to: Optional[str] = typer.Option(None, "--to", metavar="DATE", help="Breaches the organisation became aware of on or before this local date."),
    status: Optional[str] = typer.Option(None, "--status", metavar="open|closed", help="Only open or only closed breaches."),
    delimiter: Optional[str] = typer.Option(None, "--delimiter", metavar="CHAR", help="CSV separator (default ; for Dutch, , for English)."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="nl|en", help="Language of the register (default: the profile's)."),
):
    """Export the breach register that AVG article 33(5) asks for: every breach, reported or not.

    Facts, moments, the assessment, decisions with reasons and who took them, notifications, closing,
    and each timeline's chain head.

    CSV is UTF-8 with a byte order mark for Excel; cells that a spreadsheet would run as a formula are
    neutralised. Keep an export elsewhere: `breach verify --against FILE` checks the store against it.

    Example: breach export --format csv --from 2026-01-01 --to 2026-12-31 --out register-2026.csv
    """
    from breach.documents import render as letters
    from breach.records import register
    from breach.config import private_output
    from breach.errors import InvalidInput

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    tz = prof.timezone
    kind = register.check_format(format)
    language = letters.check_language((lang or prof.language).lower())
    if status is not None and status.strip().lower() not in register.STATUSES:
        raise InvalidInput(f"--status: '{status}' is not a status (accepted: {', '.join(register.STATUSES)})")
    where = register.Filter(
        status=status.strip().lower() if status else None,
        aware_from=register.local_day(from_, tz, "--from") if from_ else None,
        aware_before=register.local_day(to, tz, "--to", end=True) if to else None,
    )
    if where.aware_from and where.aware_before and where.aware_before <= where.aware_from:
        raise InvalidInput("--to: the period ends before it starts (give --to on or after --from)")
    selection = ", ".join(part for part in (
        f"{from_ or '…'} – {to or '…'}" if (from_ or to) else "", status or "") if part)
    spec = register.Export(
        format=kind, language=language, tz=tz, where=where,
        delimiter=register.check_delimiter(delimiter) if delimiter else (";" if language == "nl" else ","),
        organisation=prof.name, exported_at=now, selection=selection, user_dir=a.home / "templates",
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
        typer.echo(f"Wrote {out}: {_count(totals.breaches, 'breach', 'breaches')}, "
                   f"{_count(totals.events, 'timeline event', 'timeline events')}")


@app.command()
def verify(
    ctx: typer.Context,
    against: Optional[Path] = typer.Option(
        None, "--against", metavar="EXPORT", help="Also check the store against a register export (CSV or JSON) kept elsewhere."
    ),
):
    """Check that no timeline event was changed, removed or inserted behind the tool's back.

    Every event is sealed in a hash chain per breach. Exit 0: intact; exit 1: the first problem of
    each breach whose timeline is not intact.
    """
    from breach.store import chain
    from breach.records import register
    from breach.domain.clock import format_local

    a = _app(ctx)
    tz = a.profile.timezone

    def describe(row, position: int) -> str:
        return f"{position} ({row.kind}, {format_local(row.at, tz)})"

    with a.store.read() as session:
        connection = session.connection()
        report = chain.verify(connection, describe)
        if against is not None:
            report.breaks += register.compare(connection, against)
    for problem in report.breaks:
        typer.echo(problem.message)
    checked = f"{_count(report.events, 'timeline event', 'timeline events')} in {_count(report.chains, 'breach', 'breaches')}"
    if against is not None:
        checked += f", and against {against}"
    if not report.intact:
        typer.echo(f"NOT intact: {len(report.breaks)} problem(s) found checking {checked}", err=True)
        raise typer.Exit(1)
    typer.echo(f"intact: {checked}")
    if report.adopted:
        typer.echo(
            f"note: {report.adopted} events recorded before sealing existed were sealed when the store was "
            "upgraded; the chain vouches for them from that moment on"
        )


@app.command("calendar")
def calendar_(
    ctx: typer.Context,
    id: Optional[str] = typer.Argument(None, metavar="[ID]", help="One breach (default: every open breach)."),
    out: Optional[Path] = typer.Option(
        None, "--out", metavar="FILE.ics", help="Write to this file (0600) instead of stdout; a calendar written by breach is rewritten."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an --out file that is not a calendar written by breach."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="nl|en", help="Language of the events (default: the profile's)."),
):
    """The deadlines as an iCalendar file, with alarms at the steps of the reminders' schedule: a
    second reminder on every phone that syncs a calendar. Import it again after a change: the same events are updated.

    The events name the breach id and the obligation, never the breach's facts.

    Example: breach calendar --out datalekken.ics
    """
    from breach.store import chain
    from breach.records import calendar as ics, incidents
    from breach.documents import render as letters

    a = _app(ctx)
    prof = a.profile
    now = a.now()
    language = letters.check_language((lang or prof.language).lower())
    with a.store.write() as session:
        found = [_find(session, id, now, prof.timezone)] if id else incidents.open_incidents(session)
        found.sort(key=lambda incident: incident.id)
        identity = ics.store_identity(session)
        lengths = chain.chain_heads(session.connection(), [i.id for i in found])
        entries = [
            entry
            for incident, states in incidents.clocks_many(session, found, now)
            for entry in ics.deadlines_of(incident, states, lengths.get(incident.id, (0, ""))[0])
        ]
    leads = ics.alarm_hours(a.config.reminder_settings().plans)
    text = ics.calendar(entries, identity, now, language, prof.timezone, leads).decode("utf-8")
    if out is None:
        typer.echo(text, nl=False)
        return
    from breach.config import write_output

    write_output(out, text, force=force, ours=ics.written_by_us)
    running = sum(entry.running for entry in entries)
    typer.echo(f"Wrote {out}: {running} running deadline(s)" + (f", {len(entries) - running} no longer running" if len(entries) > running else ""))


def lazy_group(typer_app: typer.Typer) -> BreachGroup:
    """The click group typer would build for `typer_app`, except that each command and sub-group is
    built only when it runs. Typer builds every command's parameters up front (signatures, type
    hints, converters): a third of the start-up of `breach --help` and of each TAB."""
    import copy
    import inspect
    from functools import partial

    from typer.core import TyperCommand
    from typer.main import (
        get_command, get_command_from_info, get_command_name, get_group_from_info, solve_typer_info_defaults,
    )

    shell = copy.copy(typer_app)
    shell.registered_commands, shell.registered_groups = [], []
    group = get_command(shell)
    options = {"pretty_exceptions_short": typer_app.pretty_exceptions_short, "rich_markup_mode": typer_app.rich_markup_mode}
    for info in typer_app.registered_commands:
        name = info.name or get_command_name(info.callback.__name__)
        text = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
        group.commands[name] = TyperCommand(name=name, help=text, short_help=info.short_help, hidden=info.hidden,
                                            deprecated=info.deprecated, rich_markup_mode=typer_app.rich_markup_mode)
        group.builders[name] = partial(get_command_from_info, info, **options)
    for info in typer_app.registered_groups:
        solved = solve_typer_info_defaults(info)
        if not solved.name:  # merged into this group: its commands are typer's to place
            return get_command(typer_app)
        group.commands[solved.name] = TyperGroup(
            name=solved.name, help=solved.help, short_help=solved.short_help, hidden=solved.hidden,
            deprecated=solved.deprecated, rich_markup_mode=typer_app.rich_markup_mode,
        )
        group.builders[solved.name] = partial(get_group_from_info, info, suggest_commands=typer_app.suggest_commands, **options)
    return group


def _uncoerced(param) -> None:
    """typer coerces an option's value through a pydantic TypeAdapter that it builds on first use, even
    for an option not given: on every TAB that imports pydantic for the group's own options alone (a
    tenth of a second), and each command pays for the adapters of `--help` and its flags. Text and
    flags need no coercion: they get typer's pass-through, which checks the type."""
    from typer._coercion import PassThroughRuntimeParam

    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and descriptor.annotation in (str, bool) and descriptor.file_annotation is None \
            and param._runtime_param is None:
        param._runtime_param = PassThroughRuntimeParam(parameter_info=descriptor.parameter_info,
                                                       annotation=descriptor.annotation)


def main() -> None:
    lazy_group(app)()


from breach.cli import remind as cli_remind  # noqa: E402,F401  (registers remind, watch, ack, channels, doctor)
from breach.cli import db as cli_db  # noqa: E402,F401  (registers db status, db upgrade)
from breach.cli import backup as cli_backup  # noqa: E402,F401  (registers backup, restore)
