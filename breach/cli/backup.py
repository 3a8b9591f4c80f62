"""The backup commands: backup, restore. Thin: parse, call `breach.store.backup`, render one line."""

from __future__ import annotations

from pathlib import Path

import typer

from breach.cli.app import App, app, database_label, emit_json


@app.command("backup")
def backup_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help="The backup file to write (new, 0600; an existing one only with --force)."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    format: str | None = typer.Option(
        None, "--format", metavar="sqlite|json", help="sqlite: a copy of the SQLite file (the default on SQLite); "
        "json: JSON Lines, for any store (the default on PostgreSQL)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
):
    """Write a consistent copy of the whole store while other commands keep running.

    The copy holds everything, the channels' URLs and tokens too: keep it as safe as the store.
    Load it into an empty store with `breach restore FILE`, on SQLite or PostgreSQL.

    Example (cron, nightly): breach backup --force ~/backups/breach-$(date +%a).db
    """
    from breach.store import backup

    a = App.of(ctx)
    store = a.store
    summary = backup.backup(store, file, force=force, kind=backup.check_format(format, store), now=a.now())
    if as_json:
        emit_json(summary.as_json())
        return
    typer.echo(f"Backed up {database_label(a)} to {file} ({summary.format}): {summary.describe()}")


@app.command()
def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help="A file written by `breach backup` (SQLite copy or JSON Lines)."),
    as_json: bool = typer.Option(False, "--json", help="Print what was restored as JSON."),
):
    """Load a backup into an empty store (SQLite or PostgreSQL), all of it or nothing.

    Ids, timeline seals and the id counter come back as they were: `breach verify` checks the
    restored timelines, and the next `breach open` continues the numbering.

    Example: BREACH_DATABASE_URL=postgresql+psycopg://breach@db/breach breach restore breach-Mon.db
    """
    from breach.store import backup

    a = App.of(ctx)
    source = backup.open_backup(file)
    where = database_label(a)
    summary = backup.restore(a.store, source, where=where)
    if summary.timeline_problems:
        typer.echo(
            f"warning: the restored timelines are NOT intact ({summary.timeline_problems} problem(s)): the backup was "
            "changed after it was written, or its store had been; `breach verify` names them",
            err=True,
        )
    if as_json:
        emit_json({**summary.as_json(), "store": where, "timelines_intact": not summary.timeline_problems})
        return
    typer.echo(f"Restored {file} ({summary.format}) into {where}: {summary.describe()}")
