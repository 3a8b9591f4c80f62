"""What breach writes for people: the internal summary, the drafts and render, the templates."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import typer

from breach.cli.app import App, app, count


@app.command()
def summary(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    lang: str | None = typer.Option(None, "--lang", help="nl or en (default: the profile's language)."),
    out: Path | None = typer.Option(None, "--out", help="Write to this new file instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace the --out file if it exists."),
):
    """An internal summary of a breach (Markdown), in the profile's language, for management or the board."""
    from breach.documents import form, render
    from breach.records import assessments, decisions, incidents

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    language = render.check_language((lang or prof.language).lower())
    with a.store.read() as session:
        incident = a.find(session, id, now)
        states = incidents.clocks(session, incident, now)
        notices = incidents.notices(session, incident)
        decided = decisions.all_of(session, incident)
        latest = assessments.latest(session, incident)
    context = render.incident_context(incident, states, prof, now, language)
    context.update(form.summary_extra(incident, states, notices, decided, latest, language, prof.timezone, now))
    text = render.render("summary.md.j2", language, context, user_dir=a.home / "templates")
    missing = render.missing_facts(text, language)
    if out:
        from breach.store.files import write_output

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
    lang: str | None = typer.Option(None, "--lang", help="nl or en (default: the profile's language)."),
    fmt: str = typer.Option("md", "--format", metavar="md|txt|html|eml|docx", help="Output format (default md)."),
    out: Path | None = typer.Option(None, "--out", metavar="PATH", help="Write to this file (with --recipients: this new folder)."),
    recipients: Path | None = typer.Option(
        None, "--recipients", metavar="FILE.csv", help="One letter per person: a CSV with a header, 'name' and 'email' or 'address'."
    ),
    controller: str | None = typer.Option(
        None, "--controller", metavar="KEY|all", help="customers of a breach with controllers: the notice to one (KEY), or to every one (all, with --out DIR)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace the --out file if it exists."),
    allow_open: bool = typer.Option(
        False, "--allow-open", help="With --recipients or --controller all: write the letters although facts are still to fill in."
    ),
):
    """Draft the AP notification, the notice to customers, or the letter to the persons concerned.

    Facts not yet recorded appear as [NOG INVULLEN: ...] and are listed on stderr; a mail merge
    refuses while any remain, unless --allow-open. A draft written with --out (and every merge) is
    recorded on the timeline (document, language, format, number of letters; never the persons); a
    preview on stdout is not.

    A processor's breach with controllers: --controller KEY drafts the notice to one, addressed to it with its
    own number of persons; --controller all --out DIR writes one per controller.

    Examples: breach draft DL-2026-001 ap;  breach draft 1 subjects --recipients persons.csv --out letters/
    """
    from breach.documents import drafts, mailmerge, render
    from breach.domain.assessment import stale_facts
    from breach.errors import InvalidInput
    from breach.records import assessments, decisions, incidents
    from breach.store.files import check_output

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    language = render.check_language((lang or prof.language).lower())
    name = drafts.check_document(document)
    fmt = drafts.check_format(fmt)
    if recipients is not None and out is None:
        raise InvalidInput("--recipients needs --out DIR, the new folder for the letters")
    if recipients is not None and name not in drafts.MERGED:
        raise InvalidInput(f"--recipients: the {name} draft is one document, not a letter per person (accepted with: {', '.join(drafts.MERGED)})")
    if recipients is None and fmt == "docx" and out is None:
        raise InvalidInput("--format docx needs --out FILE.docx (a Word file is not written to the terminal)")
    if controller is not None:
        _draft_controllers(ctx, id, name, controller, recipients, language, fmt, out, force, allow_open)
        return
    if recipients is not None:
        mailmerge.prepare_target(out)
        checked = mailmerge.check(recipients, need_email=fmt == "eml")
    elif out is not None:
        check_output(out, force=force)
    with a.store.read() as session:
        incident = a.find(session, id, now)
        drafts.check_applies(name, incident)
        states = incidents.clocks(session, incident, now)
        notices = incidents.notices(session, incident)
        latest = assessments.latest(session, incident)
        events = incidents.timeline(session, incident)
        decided = decisions.all_of(session, incident)
    if name == "customers" and states["customers"].of:  # a processor's controllers: each has its own notice
        notices = [n for n in notices if n.controller_id is None]
        typer.echo(f"note: {incident.ref} concerns {states['customers'].of:,} controllers; --controller KEY drafts the "
                   "notice to one, addressed to it, --controller all --out DIR one per controller", err=True)
    context = drafts.document_context(name, incident, states, notices, prof, now, language, latest, events, decided)
    drafter = drafts.Drafter(name, language, fmt, a.home / "templates", sender=drafts.sender(prof), date=now)
    if latest is not None and stale_facts(latest, incident):
        typer.echo(f"warning: facts changed after the risk assessment; run `breach assess {incident.ref}` again", err=True)
    if recipients is None:
        text, missing = drafter.render(context)
        _deliver(a, id, now, name, language, fmt, text, out, force)
    else:
        shared = drafter.render({**context, "recipient": None})[1]
        if shared and not allow_open:
            raise InvalidInput(
                f"--recipients: {count(len(shared), 'fact', 'facts')} still to fill in ({'; '.join(shared)}); "
                f"record them, or add --allow-open to write {count(checked.rows, 'letter', 'letters')} with markers"
            )
        from breach.documents import printfile

        print_file = printfile.file_name(language, fmt)
        staging = mailmerge.staging_folder(out)
        try:
            with _progress(checked.rows) as progress:
                missing = mailmerge.write_letters(
                    recipients, checked, staging, drafter.merge(context),
                    drafter.suffix, workers=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1,
                    print_file=print_file, progress=progress,
                )
            with a.store.write() as session:
                incidents.record_draft(session, a.find(session, id, now), name, language, fmt, checked.rows, now)
                mailmerge.move_into_place(staging, out)
        finally:
            mailmerge.discard(staging)
        typer.echo(f"Wrote {count(checked.rows, 'letter', 'letters')} to {out}"
                   + (f", and all of them in one file to print: {out / print_file}" if print_file else ""))
    if missing:
        typer.echo(f"still to fill in: {'; '.join(missing)}", err=True)


def _deliver(a: App, id: str, now, name: str, language: str, fmt: str, text: str | bytes, out: Path | None,
             force: bool) -> None:
    """One draft: into `out`, recorded on the timeline in the same transaction; else to stdout, recorded nowhere
    (a preview)."""
    from breach.records import incidents
    from breach.store.files import write_output

    if out:
        with a.store.write() as session:
            incidents.record_draft(session, a.find(session, id, now), name, language, fmt, 1, now)
            write_output(out, text, force=force)
        typer.echo(f"Wrote {out}")
    elif isinstance(text, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
    else:
        typer.echo(text, nl=False)


def _draft_controllers(ctx: typer.Context, id: str, name: str, key: str, recipients: Path | None, language: str, fmt: str,
                       out: Path | None, force: bool, allow_open: bool) -> None:
    """`draft ID customers --controller KEY|all`: the customers notice to one controller, or one per controller."""
    from breach.documents import mailmerge
    from breach.errors import InvalidInput
    from breach.records import controllers, drafting, incidents
    from breach.store.files import check_output

    if name != "customers":
        raise InvalidInput(f"a controller is sent the customers notice, not the {name} draft (give customers)",
                           field="controller")
    if recipients is not None:
        raise InvalidInput("--controller drafts to the breach's controllers; --recipients to the persons in a file: "
                           "give one of them", field="controller")
    every = key.strip().lower() == controllers.ALL
    if every and out is None:
        raise InvalidInput("--controller all needs --out DIR, the new folder for the notices", field="controller")
    if every:
        mailmerge.prepare_target(out)
    elif out is not None:
        check_output(out, force=force)
    a = App.of(ctx)
    now = a.now()
    with a.store.read() as session:
        drafter, groups = drafting.controller_notices(session, a.find(session, id, now), key, a.profile, now, language,
                                                      fmt, a.home / "templates")
    if not every:
        [(context, [(_, addressee)])] = groups
        text, missing = drafter.render({**context, "recipient": addressee})
        _deliver(a, id, now, name, language, fmt, text, out, force)
    else:
        total = sum(len(addressees) for _, addressees in groups)
        shared = list(dict.fromkeys(gap for context, _ in groups for gap in drafter.render({**context, "recipient": None})[1]))
        if shared and not allow_open:
            raise InvalidInput(
                f"--controller all: {count(len(shared), 'fact', 'facts')} still to fill in ({'; '.join(shared)}); "
                f"record them, or add --allow-open to write {count(total, 'notice', 'notices')} with markers"
            )
        staging = mailmerge.staging_folder(out)
        missing: list[str] = []
        try:
            for context, addressees in groups:
                missing += [gap for gap in mailmerge.write_numbered(addressees, staging, drafter.merge(context),
                                                                    drafter.suffix, len(str(total))) if gap not in missing]
            with a.store.write() as session:
                incidents.record_draft(session, a.find(session, id, now), name, language, fmt, total, now)
                mailmerge.move_into_place(staging, out)
        finally:
            mailmerge.discard(staging)
        typer.echo(f"Wrote {count(total, 'notice', 'notices')} to {out}, one per controller")
        unaddressed = [addressee["key"] for _, addressees in groups
                       for _, addressee in addressees if not addressee["email"]]
        if fmt == "eml" and unaddressed:
            more = f" and {len(unaddressed) - 5:,} more" if len(unaddressed) > 5 else ""
            typer.echo(f"warning: {count(len(unaddressed), 'controller', 'controllers')} without an e-mail address "
                       f"({', '.join(unaddressed[:5])}{more}): their .eml has no To", err=True)
    if missing:
        typer.echo(f"still to fill in: {'; '.join(missing)}", err=True)


@contextlib.contextmanager
def _progress(total: int):
    """A progress bar on stderr while letters are written, only where stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    with typer.progressbar(length=total, label="Writing letters", file=sys.stderr) as bar:
        yield bar.update


templates_app = typer.Typer(help="List the templates, or copy one to edit it.", no_args_is_help=True)


app.add_typer(templates_app, name="templates")


@templates_app.command("list")
def templates_list(ctx: typer.Context):
    """List the shipped templates and the user's copies that override them."""
    from breach.documents import render

    a = App.of(ctx)
    for name, source in render.template_listing(a.home / "templates"):
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
    from breach.documents import render

    a = App.of(ctx)
    language = "" if "/" in name else a.profile.language
    target = render.copy_template(name, a.home / "templates", language, force=force)
    typer.echo(f"Copied to {target}; edit it there (breach templates list shows which copy is used)")
