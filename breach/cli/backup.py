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
    yes: bool = typer.Option(False, "--yes", help="Restore also when the backup brings reminder channels (listed, masked)."),
    as_json: bool = typer.Option(False, "--json", help="Print what was restored as JSON."),
):
    """Load a backup into an empty store (SQLite or PostgreSQL), all of it or nothing.

    Ids, timeline seals and the id counter come back as they were; the restored timelines and the facts
    they prove are checked as `breach verify` checks them (each difference is named, exit 1), and the
    next `breach open` continues the numbering. A backup that brings reminder channels lists them
    (masked) and is restored only with --yes: an edited backup could page an outside service.

    Example: BREACH_DATABASE_URL=postgresql+psycopg://breach@db/breach breach restore --yes breach-Mon.db
    """
    from breach.config import Profile
    from breach.domain.clock import local
    from breach.errors import printable
    from breach.records import restoring
    from breach.store import backup

    a = App.of(ctx)
    source = backup.open_backup(file)
    where = database_label(a)

    def moment(instant) -> str:  # called inside the restore's transaction: the restored profile is not readable yet
        return local(instant, Profile().timezone).format("YYYY-MM-DD HH:mm Z")

    summary = restoring.restore(a.store, source, where=where, yes=yes, moment=moment)
    for problem in summary.problems:
        typer.echo(printable(problem), err=True)
    if summary.timeline_problems:
        typer.echo(
            f"warning: the restored store is NOT intact ({summary.timeline_problems} problem(s), named above): the "
            "backup was changed after it was written, or its store had been; it was restored, since it may be the "
            "only copy left",
            err=True,
        )
    if as_json:
        emit_json({**summary.as_json(), "store": where, "timelines_intact": not summary.timeline_problems,
                   "problems": summary.problems})
    else:
        typer.echo(f"Restored {file} ({summary.format}) into {where}: {summary.describe()}")
    if summary.timeline_problems:
        raise typer.Exit(1)
