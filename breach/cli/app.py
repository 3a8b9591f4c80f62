"""What every `breach` command shares: the group that turns refusals into one line, the `App` state
(data home, clock, config, store), and the small helpers command modules use (find, emit_json, moment).

Command modules (`cli/incidents.py`, `cli/assess.py`, ...) register on `app`; `cli/main.py` imports
them all. Each command parses its input, calls one function of `records`/`domain`, renders the result.
Nothing here imports a command module.

Only typer is imported at module level: sqlmodel, jinja2 and the rest load inside the commands that
need them, so `breach --help` and shell completion stay fast.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from breach import __version__
from breach.cli import fields
from breach.cli.lazy import LazyGroup
from breach.errors import BreachError

if TYPE_CHECKING:
    from breach.domain.clock import Clock

EXIT_USAGE = 2
EXIT_INTERNAL = 70
EXIT_BROKEN_PIPE = 141  # as a shell reports a command stopped by SIGPIPE


class BreachGroup(LazyGroup):
    """Turns every refusal into one line on stderr and a non-zero exit; no traceback reaches a user.

    A refusal names its field as the domain does; the line names it as this command line does
    (`breach.cli.fields`: the flag, or the argument of the command that ran)."""

    invoked: str | None = None  # the command that ran, for the names of its arguments

    def resolve_command(self, ctx, args):
        name, command, rest = super().resolve_command(ctx, args)
        self.invoked = name
        return name, command, rest

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from typer import Abort
        from typer._click.exceptions import ClickException, NoArgsIsHelpError

        os.umask(0o077)
        _notes.clear()
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            if code == 130:  # typer turns Ctrl-C into a silent Exit(130)
                raise KeyboardInterrupt
            for line in _notes:
                typer.echo(line, err=True)
        except NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help())
            code = 0
        except BreachError as exc:
            _fail(fields.message(exc, self.invoked), exc.exit_code)
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


_notes: list[str] = []
"""Notes for after the command (`note_after`): a refusal stays the one line on stderr."""


def _say(line: str) -> None:
    typer.echo(line, err=True)


def note_after(line: str) -> None:
    """Say `line` on stderr once the command has done its work; not at all when it is refused."""
    if line not in _notes:
        _notes.append(line)


def _fail(message: str, code: int):
    from breach.errors import printable

    typer.echo(f"Error: {printable(message)}", err=True)  # an echoed ESC or U+202E must not reach the terminal raw
    sys.exit(code)


def _unexpected(exc: Exception) -> str:
    """One line: a driver's message may run on (libpq adds a hint line to a refused connection)."""
    if type(exc).__module__.startswith("sqlalchemy"):
        detail = getattr(exc, "orig", None) or exc
        if _first_line(detail) == "database is locked":  # SQLite's busy timeout ran out
            from breach.store.sqlite import BUSY_TIMEOUT_MS

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
    """What every command shares: the data home, the clock, the organisation it works for (`--org`), and
    lazily the config, the store and the organisation's profile and settings."""

    home: Path
    clock: Clock | None = None
    org_wanted: str | None = None
    _config: object = field(default=None, repr=False)
    _store: object = field(default=None, repr=False)
    _org: object = field(default=None, repr=False)
    _profile: object = field(default=None, repr=False)

    @property
    def config(self):
        from breach.config import Config

        if self._config is None:
            self._config = Config(self.home)
        return self._config

    @property
    def org(self):
        """The organisation row (detached): `--org`, else BREACH_ORG, else `breach orgs use`, else the only one."""
        if self._org is None:
            from breach.config import machine_user
            from breach.records import orgs

            self._org = orgs.current(self.store, self._wanted(), self.config, self.now(), machine_user(), _say)
        return self._org

    def org_in(self, session):
        """`org`, resolved in the caller's open transaction when not yet known: a second write transaction
        opened inside a write one would wait for itself on SQLite."""
        if self._org is None and session.info.get("writer"):
            from breach.config import machine_user
            from breach.records import orgs

            self._org = orgs.settle(session, self._wanted(), self.config, self.now(), machine_user(), _say)
        return self.org

    def _wanted(self) -> str | None:
        return self.org_wanted or os.environ.get("BREACH_ORG") or self.config.org

    def prepare_orgs(self) -> None:
        """For commands about the organisations themselves: the store's first one exists, and an older
        config.toml has moved in, without choosing one."""
        from breach.config import machine_user
        from breach.records import orgs

        orgs.current(self.store, None, self.config, self.now(), machine_user(), _say, choose=False)

    def org_changed(self, org) -> None:
        """After a command changed the organisation: later reads in this process see the new row."""
        self._org, self._profile = org, None

    @property
    def profile(self):
        """The organisation's profile, or the defaults with one line on stderr saying how to set it."""
        from breach.config import Profile
        from breach.records import orgs

        if self._profile is None:
            if orgs.has_profile(self.org):
                self._profile = orgs.profile_of(self.org)
            else:
                note_after(
                    "note: no organisation profile yet; using the defaults (controller, Europe/Amsterdam, "
                    "AP 72 h, customers 24 h, Dutch). Set it with `breach init`."
                )
                self._profile = Profile()
        return self._profile

    def find(self, session, text: str, now):
        """The breach an id names in this organisation; `short/DL-...` names another's. A bare number counts
        in the current year where the organisation is."""
        from breach.records import incidents, orgs

        owner = incidents.owner_named(text)
        if owner is not None:  # `short/DL-...` (as reminders show it) needs no organisation chosen
            return incidents.find(session, text, now.in_tz(orgs.profile_of(orgs.named(session, owner)).timezone).year)
        org = self.org_in(session)
        return incidents.find(session, text, now.in_tz(self.profile.timezone).year, org_id=org.id)

    def across(self) -> tuple[dict[int, str], str]:
        """For a view across every organisation (`--all-orgs`): ({organisation id: short name}, the time zone to
        show moments in: the chosen organisation's, else the first one's)."""
        from breach.errors import Refused
        from breach.records import orgs

        try:
            tz = self.profile.timezone
        except Refused:  # several organisations, none chosen: fine for a view across them
            with self.store.read() as session:
                tz = orgs.profile_of(orgs.first(session, self.now())).timezone
        with self.store.read() as session:
            return orgs.shorts(session), tz

    def settings(self):
        """The organisation's reminder settings (schedule.Settings)."""
        from breach.records import orgs

        return orgs.settings_of(self.org)

    def triage_hours(self) -> int:
        from breach.records import orgs

        return orgs.triage_hours(self.org)

    @property
    def store(self):
        if self._store is None:
            self._store = self.config.open_store()
        return self._store

    @staticmethod
    def of(ctx: typer.Context) -> App:
        return ctx.obj

    def now(self):
        if self.clock is None:
            from breach.domain.clock import edge_clock

            self.clock = edge_clock()
        return self.clock()


def _version(value: bool):
    if value:
        typer.echo(f"breach {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    home: str | None = typer.Option(
        None, "--home", metavar="DIR", help="Data home (default: $BREACH_HOME, else the platform's user data folder)."
    ),
    org: str | None = typer.Option(
        None, "--org", metavar="NAME",
        help="The organisation to work for (default: $BREACH_ORG, else `breach orgs use`, else the only one).",
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
):
    """Record a personal-data breach, run its legal clocks, and draft what the law asks."""
    from breach.config import data_home

    if ctx.obj is None:
        ctx.obj = App(home=data_home(home))
    elif home:
        ctx.obj.home = data_home(home)
    if org:
        ctx.obj.org_wanted = org




def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def emit_json(doc) -> None:
    typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))


def moment(text: str, field_name: str, tz: str, now):
    """The instant `text` names; `field_name`: the domain's name of the field (`aware_at`)."""
    from breach.domain.clock import parse_moment

    moment = parse_moment(text, tz, now, field=field_name)
    if moment.note:
        typer.echo(f"note: {moment.named_note(fields.name)}", err=True)
    return moment.instant


def moment_range(text: str, tz: str, now):
    """`--occurred WHEN` or `START..END`: the instants (start, end or None)."""
    from breach.domain.clock import parse_range

    first, second = parse_range(text, tz, now, field="occurred")
    for moment in (first, second):
        if moment is not None and moment.note:
            typer.echo(f"note: {moment.named_note(fields.name)}", err=True)
    return first.instant, second.instant if second else None


def database_label(a: App) -> str:
    from breach.config import DATABASE_NAME

    url = a.config.database_url
    if not url:
        return str(a.home / DATABASE_NAME)
    from breach.store.engine import masked_url

    try:
        return masked_url(url)
    except Exception:
        return "(a database URL that cannot be parsed)"
