"""The organisation profile: init (asks on a terminal for what flags leave out) and profile."""

from __future__ import annotations

import sys
from dataclasses import fields

import typer

from breach.cli.app import App, app, database_label


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
):
    """Set the organisation profile that letters and clocks need.

    Flags set fields; on a terminal the missing ones are asked, with the current value as default.

    Example: breach init --name "Voorbeeld BV" --kvk 12345678 --dpo-email fg@voorbeeld.nl
    """
    from breach.config import FIELD_HELP, Profile, validate_field
    from breach.errors import ConfigError, InvalidInput, printable

    a = App.of(ctx)
    given = {
        "name": name, "address": address, "postcode": postcode, "city": city, "kvk": kvk, "email": email,
        "phone": phone, "dpo_name": dpo_name, "dpo_email": dpo_email, "timezone": timezone, "role": role,
        "ap_window": ap_window, "customers_window": customers_window, "language": language,
        "sector": sector, "dpo_appointed": dpo, "dpo_registration": dpo_registration,
        "contact_function": contact_function, "reporter_name": reporter_name, "reporter_function": reporter_function,
        "reporter_email": reporter_email, "professional_secrecy": professional_secrecy,
    }
    current = Profile()
    if a.config.has_profile:  # a file that is not TOML is refused here: init must not overwrite it blindly
        try:
            current = a.config.profile()
        except ConfigError as exc:
            typer.echo(printable(f"note: {exc}; starting from the defaults"), err=True)
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
    a = App.of(ctx)
    typer.echo(f"data home  {a.home}")
    typer.echo(f"config     {a.config.path}")
    typer.echo(f"database   {database_label(a)}")
    _print_profile(a.profile)
