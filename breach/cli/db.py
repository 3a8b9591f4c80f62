"""`breach db status` and `breach db upgrade`: the store's schema revision, and upgrading it on purpose.

Any command upgrades an older store on first use anyway (`breach.store.schema`); these two let an operator
look first, and upgrade at a moment of their choosing (e.g. a shared PostgreSQL store, once).
"""

from __future__ import annotations

import typer

from breach.cli.app import App, app, database_label, emit_json

db_app = typer.Typer(help="The store's schema: its revision, and upgrading it.", rich_markup_mode=None,
                     no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("status")
def db_status(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the status as one JSON document."),
):
    """Show the database, its schema revision, the revision this breach knows, and what is pending.

    Changes nothing, also when the store is older: see `breach db upgrade`."""
    from breach.store import schema

    a = App.of(ctx)
    state = schema.status(a.store)
    if as_json:
        emit_json({"database": database_label(a), **state.as_json()})
        return
    if state.unrecognised:
        waiting = "none: no command uses a store it does not recognise"
    elif state.pending is None:
        waiting = "none: the store is NEWER than this breach; install the release that wrote it"
    elif state.revision is None:
        waiting = f"none: the next command creates the store at {state.head}"
    elif state.pending:
        waiting = f"{', '.join(state.pending)} (`breach db upgrade`, or the next command, applies them)"
    else:
        waiting = "none: the store is current"
    lines = [
        ("database", f"{state.backend} {database_label(a)}"),
        ("schema", state.revision or (
            f"none, yet it holds breach's tables ({', '.join(state.unrecognised)}): not made by breach, or damaged; "
            "restore a backup" if state.unrecognised else "none yet (a new, empty store)")),
        ("this breach", state.head),
        ("pending", waiting),
        ("backups", "\n".join(str(path) for path in state.backups) or "none"),
    ]
    for label, value in lines:
        typer.echo(f"{label:<12}" + value.replace("\n", "\n" + " " * 12))


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context):
    """Bring the store's schema to this breach's revision, in one transaction (nothing to do if it is there).

    A SQLite store is first copied next to itself (breach.db.before-NNNN-<UTC time>, private)."""
    from breach.store import schema

    store = App.of(ctx).store
    done = schema.bring_to_head(store, announce=lambda line: None)
    if done is None:
        typer.echo(f"The store is already at {schema.head()}; nothing to do.")
    else:
        line = done.line()
        typer.echo(line[0].upper() + line[1:])
