"""The organisation: init (the profile; asks on a terminal for what flags leave out), profile, settings
(the reminder tables), and orgs (the organisations a store keeps, for an external FG)."""

from __future__ import annotations

import sys
from dataclasses import fields
from pathlib import Path

import typer

from breach.cli.app import App, app, database_label, emit_json


@app.command()
def init(
    ctx: typer.Context,
    name: str | None = typer.Option(None, help="Organisation name."),
    address: str | None = typer.Option(None, help="Street and number."),
    postcode: str | None = typer.Option(None, help="Postcode."),
    city: str | None = typer.Option(None, help="City."),
    kvk: str | None = typer.Option(None, help="KvK number (8 digits)."),
    email: str | None = typer.Option(None, help="Contact e-mail."),
    phone: str | None = typer.Option(None, help="Contact phone."),
    dpo_name: str | None = typer.Option(None, help="Privacy officer (FG/DPO) name."),
    dpo_email: str | None = typer.Option(None, help="Privacy officer (FG/DPO) e-mail."),
    timezone: str | None = typer.Option(None, help="Time zone (default Europe/Amsterdam)."),
    role: str | None = typer.Option(None, help="controller (default) or processor."),
    ap_window: str | None = typer.Option(None, help="AP window in hours (default 72)."),
    customers_window: str | None = typer.Option(None, help="Hours within which you promised customers to tell them of a breach of their data (default 24; 0: no promise)."),
    language: str | None = typer.Option(None, help="Letters and reminders: nl (default) or en."),
    sector: str | None = typer.Option(None, help="Sector, as the AP form (3.1) asks it."),
    dpo: str | None = typer.Option(None, "--dpo", metavar="yes|no", help="Is --dpo-name an appointed FG/DPO (art. 37 AVG)?"),
    dpo_registration: str | None = typer.Option(None, help="The FG's registration number at the AP."),
    contact_function: str | None = typer.Option(None, help="The privacy contact's function, when no FG is appointed."),
    reporter_name: str | None = typer.Option(None, help="Who reports to the AP (default: the privacy contact)."),
    reporter_function: str | None = typer.Option(None, help="The reporter's function (AP form 3.2)."),
    reporter_email: str | None = typer.Option(None, help="The reporter's e-mail."),
    professional_secrecy: str | None = typer.Option(
        None, metavar="yes|no", help="A statutory professional secret applies (care provider, lawyer, notary)."
    ),
    no_input: bool = typer.Option(False, "--no-input", help="Never prompt, also on a terminal."),
    by: str | None = typer.Option(None, "--by", metavar="NAME", help="Who changes it (default: login@machine)."),
):
    """Set the organisation profile that letters and clocks need.

    Flags set fields; on a terminal the missing ones are asked, with the current value as default. The
    profile lives in the store: every machine on the register sees the change, and the organisation's
    history (`breach profile --history`) names who changed what.

    Example: breach init --name "Voorbeeld BV" --kvk 12345678 --dpo-email fg@voorbeeld.nl
    """
    from breach.config import FIELD_HELP, Profile, machine_user, validate_field
    from breach.errors import InvalidInput, printable
    from breach.records import orgs

    a = App.of(ctx)
    given = {
        "name": name, "address": address, "postcode": postcode, "city": city, "kvk": kvk, "email": email,
        "phone": phone, "dpo_name": dpo_name, "dpo_email": dpo_email, "timezone": timezone, "role": role,
        "ap_window": ap_window, "customers_window": customers_window, "language": language,
        "sector": sector, "dpo_appointed": dpo, "dpo_registration": dpo_registration,
        "contact_function": contact_function, "reporter_name": reporter_name, "reporter_function": reporter_function,
        "reporter_email": reporter_email, "professional_secrecy": professional_secrecy,
    }
    current = orgs.profile_of(a.org) if orgs.has_profile(a.org) else Profile()
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
                typer.echo(printable(f"  {exc}"), err=True)
    profile = Profile(**values)
    with a.store.write() as session:
        org = orgs.named(session, a.org_in(session).short)
        change = orgs.set_profile(session, org, profile, a.now(), by or machine_user())
    a.org_changed(org)
    what = f"{len(change.changed)} field(s) changed" if change else "nothing changed"
    typer.echo(f"Profile of {org.short} saved in the store ({what})")
    _print_profile(profile)


def _print_profile(profile) -> None:
    from breach.config import FIELD_HELP

    for item in fields(profile):
        value = getattr(profile, item.name)
        typer.echo(f"  {FIELD_HELP[item.name]:<48} {value if value != '' else '-'}")


@app.command()
def profile(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    history: bool = typer.Option(False, "--history", help="Every change of the profile and settings: who, when, old -> new."),
):
    """Show the organisation profile and where the data lives."""
    from dataclasses import asdict

    from breach.records import orgs

    a = App.of(ctx)
    if not as_json and not history:  # where the data lives, also when the store cannot be reached
        typer.echo(f"data home    {a.home}")
        typer.echo(f"config       {a.config.path}")
        typer.echo(f"database     {database_label(a)}")
    prof, org = a.profile, a.org
    if history:
        with a.store.read() as session:
            events = orgs.history(session, org)
        if as_json:
            emit_json([event_json(e) for e in events])
            return
        from breach.cli import views

        for line in views.org_history(events, prof.timezone):
            typer.echo(line)
        return
    if as_json:
        emit_json({"organisation": org.short, "profile": asdict(prof), "settings": org.settings,
                   "changed_at": org.changed_at.isoformat() if org.changed_at else None,
                   "data_home": str(a.home), "database": database_label(a)})
        return
    typer.echo(f"organisation {org.short}")
    _print_profile(prof)


def event_json(event) -> dict:
    from breach.domain.clock import utc

    return {"at": utc(event.at).isoformat(), "kind": event.kind, "by": event.by, "text": event.text,
            "changes": event.data.get("changes", {})}


settings_app = typer.Typer(help="The organisation's reminder settings: schedules, tags, quiet hours, the ladder.",
                           no_args_is_help=True)
app.add_typer(settings_app, name="settings")


@settings_app.command("show")
def settings_show(ctx: typer.Context):
    """Print the settings as TOML ([reminders], [signals], [serve]): edit it, then `breach settings import`."""
    import tomli_w

    a = App.of(ctx)
    text = tomli_w.dumps(a.org.settings or {})
    typer.echo(text.rstrip("\n") if text.strip() else f"# organisation {a.org.short}: no settings yet, the defaults apply")


@settings_app.command("import")
def settings_import(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE.toml", help="A TOML file with [reminders], [signals], [serve]."),
    by: str | None = typer.Option(None, "--by", metavar="NAME", help="Who changes it (default: login@machine)."),
):
    """Replace the organisation's settings with a TOML file's (checked first; nothing changes on an error).

    Example: breach settings show > settings.toml; (edit it); breach settings import settings.toml
    """
    import tomllib

    from breach.config import machine_user
    from breach.errors import InvalidInput
    from breach.records import orgs
    from breach.store.files import open_input

    a = App.of(ctx)
    with open_input(file, "a TOML file with [reminders], [signals] or [serve]", encoding="utf-8") as handle:
        try:
            tables = tomllib.loads(handle.read())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"{file}: not valid TOML ({exc})") from None
    with a.store.write() as session:
        org = orgs.named(session, a.org_in(session).short)
        change = orgs.set_settings(session, org, tables, a.now(), by or machine_user(), str(file))
    a.org_changed(org)
    typer.echo(f"Settings of {org.short}: " + (", ".join(f"[{name}]" for name in change.changed) + " changed"
                                                  if change else "nothing changed"))
