"""`breach orgs`: the organisations one store keeps (an external FG's clients), and which one this machine
works for."""

from __future__ import annotations

import typer

from breach.cli.app import App, app, emit_json

orgs_app = typer.Typer(help="The organisations this store keeps: add one per client, choose one per machine.",
                       no_args_is_help=True)
app.add_typer(orgs_app, name="orgs")


@orgs_app.command("add")
def orgs_add(
    ctx: typer.Context,
    short: str = typer.Argument(..., metavar="NAME", help="Short name: lower-case letters, digits, dashes."),
    name: str = typer.Option(..., "--name", help="The organisation's name as letters show it."),
    by: str | None = typer.Option(None, "--by", metavar="NAME", help="Who adds it (default: login@machine)."),
):
    """Add an organisation; then `breach --org NAME init` gives it its profile.

    Example: breach orgs add bakkerij --name "Bakkerij Jansen B.V."
    """
    from breach.config import machine_user
    from breach.records import orgs

    a = App.of(ctx)
    a.prepare_orgs()
    with a.store.write() as session:
        org = orgs.add(session, short, name, a.now(), by or machine_user())
    typer.echo(f"Added organisation {org.short} ({name}); give it its profile with "
               f"`breach --org {org.short} init`, its settings with `breach --org {org.short} settings import`")


@orgs_app.command("list")
def orgs_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print one JSON document.")):
    """List the organisations, with their open breaches; `*` marks the one this machine works for."""
    from breach.records import orgs

    a = App.of(ctx)
    current = _current_short(a)
    with a.store.read() as session:
        rows = orgs.overview(session)
    if as_json:
        emit_json([row | {"current": row["short"] == current} for row in rows])
        return
    for row in rows:
        mark = "*" if row["short"] == current else " "
        typer.echo(f"{mark} {row['short']:<20} {row['name'] or '-':<40} {row['open']} open, {row['breaches']} in all")


def _current_short(a: App) -> str | None:
    from breach.errors import Refused

    try:
        return a.org.short
    except Refused:  # several, none chosen
        return None


@orgs_app.command("use")
def orgs_use(
    ctx: typer.Context,
    short: str | None = typer.Argument(None, metavar="NAME", help="The organisation; leave out with --clear."),
    clear: bool = typer.Option(False, "--clear", help="Forget the choice (then --org or BREACH_ORG decide)."),
):
    """Remember on this machine which organisation commands work for (config.toml's `org`)."""
    from breach.errors import InvalidInput
    from breach.records import orgs

    a = App.of(ctx)
    if clear or short is None:
        if not clear:
            raise InvalidInput("missing (expected an organisation's short name, or --clear)", field="short")
        a.config.use_org(None)
        typer.echo("This machine no longer names an organisation; --org or BREACH_ORG choose one")
        return
    a.org_wanted = short
    org = a.org
    with a.store.read() as session:
        orgs.named(session, org.short)
    a.config.use_org(org.short)
    typer.echo(f"This machine works for {org.short} (until `breach orgs use` names another)")
