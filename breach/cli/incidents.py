"""The commands that record a breach and its facts: open, list, show, update, note, notified, close, void."""

from __future__ import annotations

from pathlib import Path

import typer

from breach.cli import fields
from breach.cli.app import App, app, emit_json, moment, moment_range
from breach.errors import InvalidInput


@app.command("open")
def open_(
    ctx: typer.Context,
    title: str | None = typer.Argument(None, help="A short title, e.g. 'Laptop with client files stolen' (with --from-signal: the signal's first line)."),
    aware: str = typer.Option("now", "--aware", metavar="WHEN", help="When the organisation became aware: the clocks start here."),
    discovered: str | None = typer.Option(None, "--discovered", metavar="WHEN", help="When it was discovered (the AP form asks it; not assumed when left out)."),
    occurred: str | None = typer.Option(None, "--occurred", metavar="WHEN[/WHEN]", help="When it happened, or START/END."),
    description: str | None = typer.Option(None, "--description", help="What happened."),
    reported_by: str | None = typer.Option(None, "--reported-by", help="Who reported it."),
    role: str | None = typer.Option(None, "--role", help="controller or processor (default: the profile's)."),
    customers_window: str | None = typer.Option(
        None, "--customers-window", metavar="HOURS", help="This breach's customer window (default: the profile's)."
    ),
    controllers_csv: Path | None = typer.Option(
        None, "--controllers", metavar="FILE.csv", help="With --role processor: the controllers concerned, each with its customers clock (naam, contactpersoon, e-mail, kenmerk, aantal)."
    ),
    from_signal: str | None = typer.Option(None, "--from-signal", metavar="SIGNAL", help="Open the breach a signal reports (its number or receipt)."),
    aware_reason: str | None = typer.Option(None, "--aware-reason", help="With --from-signal: why the organisation became aware at --aware."),
    by: str | None = typer.Option(None, "--by", help="With --from-signal: who decides."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """Open a breach: record the facts and start the clocks.

    From a signal, the moment of awareness is decided now: give --aware and --aware-reason.

    WHEN: ISO 8601 with offset or Z, a local date-time (2026-11-23 09:15), now, today HH:MM, yesterday HH:MM.

    Example: breach open "Mailing sent with all addresses in CC" --aware "today 09:15"
    """
    from breach.cli import reminder_views, views
    from breach.config import parse_window, validate_field
    from breach.domain.clock import local
    from breach.notify import health, reminders
    from breach.records import controllers, incidents, signals

    a = App.of(ctx)
    concerned = controllers.read(controllers_csv) if controllers_csv is not None else []  # a bad file: one line
    prof = a.profile
    now = a.now()
    tz = prof.timezone
    aware_at = moment(aware, "aware_at", tz, now)
    discovered_at = moment(discovered, "discovered_at", tz, now) if discovered else None
    occurred_from, occurred_to = moment_range(occurred, tz, now) if occurred else (None, None)
    if from_signal is None and title is None:
        raise InvalidInput("missing (expected a short title, or --from-signal SIGNAL)", field="title")
    if from_signal is None and (aware_reason or by):
        raise InvalidInput("only with --from-signal (the awareness of a breach opened directly is --aware)", field="aware_reason")
    facts = incidents.OpenFacts(
        title=title or "",
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
    if controllers_csv is not None and facts.role != "processor":
        raise InvalidInput("a processor's breach concerns controllers: give --role processor with it (or record "
                           "the processor role in the profile)", field="controllers")
    with a.store.write() as session:
        if from_signal is None:
            incident = incidents.open_incident(session, facts, now, local(now, tz).year, a.org.id)
        else:
            found = signals.find(session, from_signal)
            signals.fill_facts(facts, found, given_description=description is not None, given_reporter=reported_by is not None)
            incident = signals.open_as_breach(session, found, facts, aware_reason, by, now, local(now, tz).year, tz,
                                              a.org.id)
        if concerned:
            controllers.add(session, incident, concerned, now)
        states = incidents.clocks(session, incident, now)
        last_remind = reminders.last_run(session)
    if as_json:
        emit_json(views.incident_json(incident, states, now, tz))
    else:
        typer.echo(views.opened_text(incident, states, now, tz))
    warning = reminder_views.stale_warning(health.remind_run(last_remind, now))
    if warning:
        typer.echo(f"warning: the 'breach opened' alert goes out with the next `breach remind`, and {warning}", err=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    show_all: bool = typer.Option(False, "--all", help="Also closed and void breaches."),
    all_orgs: bool = typer.Option(False, "--all-orgs", help="One queue across every organisation of the store."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """List open breaches, nearest deadline first (--all: every breach; --all-orgs: of every organisation)."""
    from breach.cli import reminder_views, views
    from breach.domain import deadlines
    from breach.notify import health, reminders
    from breach.records import incidents

    a = App.of(ctx)
    now = a.now()
    owners, tz = a.across() if all_orgs else (None, a.profile.timezone)
    with a.store.read() as session:
        rows = incidents.listing(session, now, closed=show_all, org_id=None if all_orgs else a.org.id)
        last_remind = reminders.last_run(session)
    if as_json:
        emit_json([views.incident_json(i, states, now, tz) | ({"organisation": owners.get(i.org_id)} if owners else {})
                   for i, states in rows])
    else:
        typer.echo(views.list_text(rows, now, tz, owners))
    warning = reminder_views.stale_warning(health.remind_run(last_remind, now)) if deadlines.running_clocks(rows) else None
    if warning:
        typer.echo(f"warning: {warning}", err=True)


@app.command()
def show(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id, e.g. DL-2026-001."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
):
    """Show a breach: facts, clocks with their legal basis, and the timeline."""
    from breach.cli import reminder_views, views
    from breach.notify import channels
    from breach.records import acks, assessments, decisions, incidents

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    settings = a.settings()
    with a.store.read() as session:
        incident = a.find(session, id, now)
        notices = incidents.notices(session, incident)
        events = incidents.timeline(session, incident)
        states = incidents.clocks(session, incident, now)
        assessed = assessments.latest(session, incident)
        decided = decisions.all_of(session, incident)
        paged = acks.paging(session, incident)
        shown = channels.labels(channels.all_channels(session, incident.org_id, settings, a.home)) if paged.pages and not as_json else {}
    rungs = settings.ladder.rungs
    if as_json:
        emit_json({**views.incident_json(incident, states, now, prof.timezone, events=events, notices=notices,
                                         assessed=assessed, decisions=decided), **reminder_views.paging_json(paged, rungs)})
    else:
        typer.echo(views.show_text(incident, states, events, notices, now, prof.timezone, assessed=assessed,
                                   decisions=decided, language=prof.language)
                   + reminder_views.paging_text(paged, rungs, shown, prof.timezone))


@app.command()
def update(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    title: str | None = typer.Option(None, help="Title."),
    description: str | None = typer.Option(None, help="What happened."),
    how_discovered: str | None = typer.Option(None, help="How the breach was discovered."),
    reported_by: str | None = typer.Option(None, help="Who reported it."),
    role: str | None = typer.Option(None, help="controller or processor."),
    aware: str | None = typer.Option(None, metavar="WHEN", help="Correct the moment of awareness."),
    discovered: str | None = typer.Option(None, metavar="WHEN", help="Correct the moment of discovery."),
    occurred: str | None = typer.Option(None, metavar="WHEN[/WHEN]", help="When it happened, or START/END."),
    customers_window: str | None = typer.Option(None, metavar="HOURS", help="The customer window of this breach."),
    kind: list[str] | None = typer.Option(
        None, "--type", help="Kind of breach: confidentiality, integrity, availability-temporary, availability-permanent."
    ),
    data: list[str] | None = typer.Option(
        None, help="Kinds of personal data, comma-separated or repeated (name, email, bsn, ...; other:TEXT)."
    ),
    special: list[str] | None = typer.Option(
        None, help="Special categories: ethnicity, political, religion, union, sexual, health, genetic, biometric."
    ),
    persons_group: list[str] | None = typer.Option(
        None, help="Groups of persons: employees, customers, students, patients, minors, vulnerable, other:TEXT."
    ),
    persons: str | None = typer.Option(None, metavar="N|MIN-MAX", help="Number of persons: 120, or a range 100-250."),
    records: str | None = typer.Option(None, metavar="N", help="Approximate number of records."),
    consequences: str | None = typer.Option(None, help="Likely consequences."),
    measures_taken: str | None = typer.Option(None, help="Measures taken."),
    measures_planned: str | None = typer.Option(None, help="Measures planned."),
    cross_border: str | None = typer.Option(None, metavar="yes|no", help="Persons in other EU countries involved."),
    high_risk: str | None = typer.Option(
        None, metavar="yes|no|unknown", help="Likely high risk to the persons (then they must be told, art. 34)."
    ),
    other_supervisors: list[str] | None = typer.Option(
        None, metavar="none|afm,dnb,...", help="Other supervisors notified (AP form 1.3): afm, dnb, rdi, igj, ilt, onderwijs, nctv, other:TEXT; none."
    ),
    other_dpas: list[str] | None = typer.Option(
        None, metavar="none|TEXT", help="Privacy supervisors of other countries notified (2.2), repeated; none."
    ),
    countries: list[str] | None = typer.Option(None, metavar="DE,BE", help="Countries of the persons abroad (2.1), ISO codes."),
    other_organisations: list[str] | None = typer.Option(
        None, metavar="none|TEXT", help="Other organisations involved (3.3), one per option, e.g. 'Verwerker: Microsoft'; none."
    ),
    ongoing: str | None = typer.Option(None, metavar="yes|no", help="The breach is still going on (4.1)."),
    delay_reason: str | None = typer.Option(None, help="Motivering for a late AP notification (4.5, art. 33 lid 1)."),
    records_basis: str | None = typer.Option(None, metavar="counted|estimated", help="How --records was established (6.3)."),
    records_note: str | None = typer.Option(None, help="Explanation of the number of records (6.3)."),
    persons_description: str | None = typer.Option(None, help="The groups of persons described (7.2)."),
    protection_detail: str | None = typer.Option(None, help="How the data were protected, and whether the key is safe (8.1)."),
    harms: list[str] | None = typer.Option(
        None, metavar="none|KEYS", help="Consequences for the persons checked (9.2): discrimination, identity-fraud, financial-loss, "
        "reputation, professional-secrecy, pseudonymisation, no-access, loss-of-control; none. Replaces the rules."
    ),
    extortion: str | None = typer.Option(None, metavar="yes|no", help="Someone threatens to publish the data."),
    persons_informed_by: str | None = typer.Option(
        None, metavar="us|controller|undecided", help="Who informs the persons (the customers notice)."
    ),
    text_lang: str | None = typer.Option(None, "--lang", metavar="nl|en", help="Language of --plain-* (default: the profile's)."),
    plain_what: str | None = typer.Option(None, help="The letter to the persons: what happened, in plain words."),
    plain_consequences: str | None = typer.Option(None, help="The letter to the persons: the consequences, in plain words."),
    plain_measures: str | None = typer.Option(None, help="The letter to the persons: what we did, in plain words."),
    as_json: bool = typer.Option(False, "--json", help="Print the breach as one JSON document."),
):
    """Record or correct the facts the AP form asks. Every change is a new timeline event.

    Lists (--type, --data, --special, --persons-group) replace the recorded list.

    Example: breach update DL-2026-001 --type confidentiality --data name,email --persons 100-250
    """
    from breach.cli import views
    from breach.config import parse_window, validate_field
    from breach.domain import inputs, vocabulary
    from breach.records import incidents

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    tz = prof.timezone
    changes: dict = {}
    if title is not None:
        changes["title"] = title.strip()
    for name, value in (
        ("description", description), ("how_discovered", how_discovered),
        ("reported_by", reported_by), ("consequences", consequences), ("measures_taken", measures_taken),
        ("measures_planned", measures_planned), ("delay_reason", delay_reason), ("records_note", records_note),
        ("persons_description", persons_description), ("protection_detail", protection_detail),
    ):
        if value is not None:
            changes[name] = value.strip() or None
    if role is not None:
        changes["role"] = validate_field("role", role)
    if aware is not None:
        changes["aware_at"] = moment(aware, "aware_at", tz, now)
    if discovered is not None:
        changes["discovered_at"] = moment(discovered, "discovered_at", tz, now)
    if occurred is not None:
        changes["occurred_from"], changes["occurred_to"] = moment_range(occurred, tz, now)
    if customers_window is not None:
        changes["customers_window_hours"] = parse_window(customers_window, "--customers-window", allow_zero=True)
    for fact, values in (
        ("breach_types", kind), ("data_categories", data), ("special_categories", special),
        ("person_categories", persons_group),
    ):
        if values:
            changes[fact] = vocabulary.parse_list(fact, values)
    if persons is not None:
        changes["persons_min"], changes["persons_max"] = inputs.parse_persons(persons)
    if records is not None:
        changes["records"] = inputs.parse_count(records, "records")
    if cross_border is not None:
        changes["cross_border"] = inputs.parse_yes_no(cross_border, "cross_border")
    if high_risk is not None:
        changes["high_risk"] = inputs.parse_yes_no(high_risk, "high_risk", unknown=True)
    if other_supervisors:
        changes["other_supervisors"] = vocabulary.parse_answered_list("other_supervisors", other_supervisors)
    if harms:
        changes["harms"] = vocabulary.parse_answered_list("harms", harms)
    for name, values in (("other_dpas", other_dpas), ("other_organisations", other_organisations)):
        if values:
            items = [inputs.clean(v, name) for v in values]
            changes[name] = [] if [v.lower() for v in items if v] in (["none"], ["nee"], ["geen"]) else [v for v in items if v]
    if countries:
        changes["countries"] = vocabulary.parse_countries(countries)
    if ongoing is not None:
        changes["ongoing"] = inputs.parse_yes_no(ongoing, "ongoing")
    if extortion is not None:
        changes["extortion"] = inputs.parse_yes_no(extortion, "extortion")
    if records_basis is not None:
        changes["records_basis"] = vocabulary.parse_one_of(records_basis, vocabulary.RECORDS_BASIS, "records_basis")
    if persons_informed_by is not None:
        changes["subjects_informed_by"] = vocabulary.parse_one_of(persons_informed_by, vocabulary.INFORMED_BY, "subjects_informed_by")
    plain = {"plain_what": plain_what, "plain_consequences": plain_consequences, "plain_measures": plain_measures}
    if any(v is not None for v in plain.values()):
        language = vocabulary.parse_one_of(text_lang or prof.language, vocabulary.LANGUAGES, "lang")
        changes["texts"] = {language: {k: v for k, v in plain.items() if v is not None}}
    elif text_lang is not None:
        raise InvalidInput("--lang names the language of --plain-what, --plain-consequences or --plain-measures: give one of them")
    if not changes:
        raise InvalidInput("nothing to update: give at least one fact (see `breach update --help`)")
    with a.store.write() as session:
        incident = a.find(session, id, now)
        changed = incidents.update_facts(session, incident, changes, now)
        states = incidents.clocks(session, incident, now)
    if as_json:
        emit_json(views.incident_json(incident, states, now, tz))
        return
    if not changed:
        typer.echo(f"{incident.ref}: nothing changed (the facts were already recorded so)")
        return
    typer.echo(f"Updated {incident.ref}: {', '.join(fields.flags(changed))}")
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

    a = App.of(ctx)
    now = a.now()
    with a.store.write() as session:
        incident = a.find(session, id, now)
        incidents.add_note(session, incident, text, now)
    typer.echo(f"Noted on {incident.ref}")


@app.command()
def notified(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    obligation: str = typer.Argument(..., metavar="ap|customers|subjects", help="Which obligation was met."),
    at: str = typer.Option("now", "--at", metavar="WHEN", help="When the notification was made (default now)."),
    reference: str | None = typer.Option(None, "--reference", help="The AP's meldnummer or your own reference."),
    delay_reason: str | None = typer.Option(
        None, "--delay-reason", help="Reasons for a late AP notification (AVG art. 33 lid 1)."
    ),
    told: str | None = typer.Option(None, "--count", metavar="N", help="How many persons were told (subjects; AP form 10.1)."),
    channel: list[str] | None = typer.Option(
        None, "--channel", metavar="letter,email,...", help="How they were told: letter, email, phone, sms, website, in-person, newspaper, other:TEXT."
    ),
    controller: str | None = typer.Option(
        None, "--controller", metavar="KEY|all", help="customers of a processor's breach with controllers: the one told, or all not yet told."
    ),
):
    """Record that an obligation was met: the AP, the customers, or the persons were told.

    A second notice for the same obligation is a follow-up (AVG art. 33 lid 4). A breach with controllers
    names the one told with --controller KEY, or --controller all for every one not yet told.

    Example: breach notified DL-2026-001 ap --reference M-123456
    """
    from breach.domain import inputs, vocabulary
    from breach.domain.clock import format_local
    from breach.records import controllers, incidents

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    name = incidents.obligation_name(obligation)
    when = moment(at, "at", prof.timezone, now)
    number = inputs.parse_count(told, "count") if told is not None else None
    channels = vocabulary.parse_list("channels", channel) if channel else None
    if controller is not None:
        if name != "customers":
            raise InvalidInput(f"a controller is told the customers notice, not the {name} one (give customers)",
                               field="controller")
        if delay_reason or number is not None or channels:
            raise InvalidInput("with --controller: --at and --reference (--delay-reason, --count and --channel are "
                               "for the AP and the persons)", field="controller")
        with a.store.write() as session:
            incident = a.find(session, id, now)
            made = controllers.record(session, incident, controller, when, now, reference=reference)
            every = controller.strip().lower() == controllers.ALL
            whom = f"{len(made):,} controller{'s' if len(made) != 1 else ''}" if every else controller.strip().lower()
            states = incidents.clocks(session, incident, now)
        late = " (late)" if made[0].late else ""
        typer.echo(f"{incident.ref}: customers notified to {whom} {format_local(made[0].at, prof.timezone)}{late}; "
                   + views_told(states["customers"]))
        return
    with a.store.write() as session:
        incident = a.find(session, id, now)
        notice = incidents.record_notice(
            session, incident, name, when, now, reference=reference, delay_reason=delay_reason,
            count=number, channels=channels,
        )
    typer.echo(f"{incident.ref}: {name} notified {format_local(notice.at, prof.timezone)}" + (" (late)" if notice.late else ""))


def views_told(state) -> str:
    if state.of is None:
        return ""
    if state.told >= state.of:
        return f"all {state.of:,} controllers told"
    return f"{state.told:,} of {state.of:,} controllers told"


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

    a = App.of(ctx)
    now = a.now()
    with a.store.write() as session:
        incident = a.find(session, id, now)
        pending = incidents.close(session, incident, reason, now, force=force)
    typer.echo(f"Closed {incident.ref}")
    if pending:
        typer.echo(f"warning: closed with obligations not recorded as met: {', '.join(pending)}", err=True)


@app.command()
def void(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    reason: str = typer.Option(..., "--reason", help="Why it is void (opened by mistake, in practice)."),
    by: str | None = typer.Option(None, "--by", help="Who voids it."),
):
    """Void a breach opened by mistake or in practice. Nothing is deleted: it stays on the timeline and in
    the register (marked void), and is left out of reminders, the calendar, `list` and `stats`.

    Example: breach void DL-2026-004 --reason "opened in practice" --by "J. de Vries"
    """
    from breach.records import incidents

    a = App.of(ctx)
    now = a.now()
    with a.store.write() as session:
        incident = a.find(session, id, now)
        incidents.void(session, incident, reason, by, now)
    typer.echo(f"Voided {incident.ref}")
