"""Weighing the risk and recording the decisions: assess (the interview on a terminal) and decide."""

from __future__ import annotations

import sys

import typer

from breach.cli import fields
from breach.cli.app import App, app, emit_json
from breach.errors import InvalidInput


def _interactive(no_input: bool) -> bool:
    return sys.stdin.isatty() and not no_input


def _ask(question) -> dict:
    """One question on the terminal, asked again until the reply is accepted; the values it sets."""
    text, accepted = question.text
    typer.echo(f"\n{text}")
    typer.echo(f"  ({accepted})")
    while True:
        answer = typer.prompt(" ", default=question.default if question.default is not None else "",
                              show_default=bool(question.default), prompt_suffix="> ")
        try:
            return question.reply(answer)
        except InvalidInput as exc:
            typer.echo(f"  {fields.message(exc, 'assess')}", err=True)


def _gather(incident, given: dict, interactive: bool) -> dict:
    """The answers: the incident's facts, then the flags, then (on a terminal) questions for the rest."""
    from breach.domain import questions

    values = questions.starting_values(incident, given)
    if interactive:
        known = questions.reused(incident, given)
        if known:
            typer.echo(f"Using what {incident.ref} records ({questions.recorded_summary(known)}); "
                       "change it with `breach update`.")
        while (question := questions.next_question(values, given)) is not None:
            values.update(_ask(question))
    missing = questions.still_needed(values)
    if missing:
        flags = ", ".join(fields.name(name) for name in missing)
        raise InvalidInput(f"missing answers: {flags} (give them as flags, or run `breach assess` on a terminal to be asked)")
    return values


@app.command()
def assess(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    data: list[str] | None = typer.Option(None, help="Kinds of personal data (as `breach update --data`)."),
    special: list[str] | None = typer.Option(None, help="Special categories (as `breach update --special`)."),
    persons_group: list[str] | None = typer.Option(None, help="Groups of persons (as `breach update`)."),
    persons: str | None = typer.Option(None, metavar="N|MIN-MAX", help="Number of persons: 120, or 100-250."),
    cause: str | None = typer.Option(None, metavar="KIND", help="What happened: hacking, wrong-recipient-email, device-lost-stolen, ... (the AP form's list)."),
    protected: str | None = typer.Option(None, metavar="no|encrypted|hashed|unintelligible", help="Protection of the data beforehand (encrypted: the key is safe)."),
    identification: str | None = typer.Option(None, metavar="LEVEL", help="negligible, limited, significant, maximum (default: maximum when the data hold a name, address, e-mail...)."),
    confidentiality: str | None = typer.Option(None, metavar="none|exposed|known|unknown", help="Seen by whom: nobody, possibly (no sign), known recipients, unknown people."),
    integrity: str | None = typer.Option(None, metavar="none|altered|recoverable|unrecoverable", help="Changed: no; no misuse; misused but recoverable; misused, not recoverable."),
    availability: str | None = typer.Option(None, metavar="none|recoverable|temporary|permanent", help="Unavailable: no; briefly; for a while; for good."),
    malicious: str | None = typer.Option(None, metavar="yes|no", help="Done on purpose (theft, hacking, phishing)."),
    backup: str | None = typer.Option(None, metavar="yes|no", help="A working backup exists."),
    recovered: str | None = typer.Option(None, metavar="yes|no", help="The recipients returned or deleted the data."),
    trusted: str | None = typer.Option(None, metavar="yes|no", help="Every recipient is bound to confidentiality."),
    contained: str | None = typer.Option(None, metavar="yes|no", help="Measures since make the high risk unlikely (art. 34(3)(b))."),
    disproportionate: str | None = typer.Option(None, metavar="yes|no", help="Informing each person takes disproportionate effort (art. 34(3)(c))."),
    dpc: str | None = typer.Option(None, metavar="1-4", help="Adjust ENISA's data processing context score (needs --dpc-reason)."),
    dpc_reason: str | None = typer.Option(None, "--dpc-reason", help="Why the DPC differs from the basic score of the data."),
    special_persons: str | None = typer.Option(None, metavar="N", help="Of the persons, how many the special categories concern (default: all)."),
    special_nature: str | None = typer.Option(None, metavar="full|specific|general|trivial", help="What the special data reveal: the data themselves; a specific condition; a general assumption; no substantial insight."),
    financial: str | None = typer.Option(None, metavar="contract|amounts|account|statement|history|card", help="What the financial data show at most (ENISA 1-4)."),
    credentials_open: str | None = typer.Option(None, metavar="simple|behavioural|financial|sensitive", help="What the leaked credentials give access to."),
    protected_data: list[str] | None = typer.Option(None, metavar="KINDS", help="The kinds of data --protected covers, e.g. credentials (default: all)."),
    exfiltration: str | None = typer.Option(None, metavar="excluded|unknown|confirmed", help="Logs or forensics on data leaving: nobody copied them; not known; copied."),
    unavailable: str | None = typer.Option(None, metavar="DURATION", help="How long the data were unavailable: 45m, 30h, 5d."),
    availability_effect: str | None = typer.Option(None, metavar="none|delays|harm", help="What the unavailability did: nothing; delays; care or safety affected."),
    recipients: str | None = typer.Option(None, metavar="N", help="How many people received the data."),
    recipient_kind: str | None = typer.Option(None, metavar="colleague|professional|customer|public", help="Who received them (professional: bound to secrecy)."),
    cross_border: str | None = typer.Option(None, metavar="yes|no", help="Persons in other EU countries involved (the AP as lead authority, art. 56); recorded on the breach."),
    no_input: bool = typer.Option(False, "--no-input", help="Never ask, also on a terminal."),
    as_json: bool = typer.Option(False, "--json", help="Print the assessment as one JSON document."),
):
    """Weigh the risk of a breach: the ENISA score, the AP form's severity, and a recommendation for both
    decisions (tell the AP? tell the persons?) with reasons and the EDPB examples nearest by facts.

    On a terminal the missing answers are asked; every answer is also a flag. Facts the breach already
    records are reused; answers it lacked are recorded on it (a timeline event).

    Example: breach assess DL-2026-001 --protected no --confidentiality known --integrity none --availability none --malicious no
    """
    from breach.cli import views
    from breach.domain import assessment, questions
    from breach.domain.deadlines import DONE
    from breach.records import assessments, incidents

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    given = questions.given({
        "data_categories": data, "special_categories": special, "person_categories": persons_group,
        "persons": persons, "cause": cause, "protected": protected, "identification": identification,
        "confidentiality": confidentiality, "integrity": integrity, "availability": availability,
        "malicious": malicious, "backup": backup, "recovered": recovered, "trusted": trusted,
        "contained": contained, "disproportionate": disproportionate, "dpc": dpc, "dpc_reason": dpc_reason,
        "special_persons": special_persons, "special_nature": special_nature, "financial": financial,
        "credentials_open": credentials_open, "protected_data": protected_data, "exfiltration": exfiltration,
        "unavailable_hours": unavailable, "availability_effect": availability_effect, "recipients": recipients,
        "recipient_kind": recipient_kind, "cross_border": cross_border,
    })
    with a.store.read() as session:
        incident = a.find(session, id, now)
    values = _gather(incident, given, _interactive(no_input))
    result = assessment.assess(questions.answers_from(values))
    with a.store.write() as session:
        incident = a.find(session, id, now)
        changes = questions.incident_changes(incident, values)
        if changes:
            incidents.update_facts(session, incident, changes, now)
        row = assessments.record(session, incident, result, now, prof.language)
        states = incidents.clocks(session, incident, now)
    if as_json:
        emit_json({"id": incident.ref, "recorded_facts": sorted(changes), **views.assessment_json(row, prof.timezone)})
        return
    typer.echo(f"{incident.ref}  {incident.title}")
    if changes:
        typer.echo(f"recorded on the breach: {', '.join(fields.flags(changes))}")
    for name in questions.not_applying(values, given):
        typer.echo(f"note: {fields.name(name)} does not apply to these answers; kept as given")
    for name, reading in questions.assumed(values):
        typer.echo(f"note: {fields.name(name)} not given: {reading}")
    typer.echo("\n".join(views.assessment_lines(row, prof.timezone, prof.language)))
    if incident.role == "processor":
        typer.echo("note: as processor you tell the controller (the customers clock); the controller weighs these recommendations")
        return
    undecided = [s.obligation for s in states.values() if s.obligation in ("ap", "subjects") and s.status not in DONE]
    if undecided:
        typer.echo(f"next: record the decisions: `breach decide {incident.ref} ap|subjects yes|no --reason TEXT --by NAME`")


@app.command()
def decide(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    obligation: str = typer.Argument(..., metavar="ap|customers|subjects",
                                     help="Which decision: notify the AP, tell the customers, or inform the persons."),
    answer: str = typer.Argument(..., metavar="yes|no", help="The decision."),
    reason: str | None = typer.Option(None, "--reason", help="Why (required for no: the register keeps it, art. 33(5))."),
    by: str = typer.Option(..., "--by", metavar="NAME", help="Who decides."),
    as_json: bool = typer.Option(False, "--json", help="Print the decision and the clocks as one JSON document."),
):
    """Record the decision to notify the AP or inform the persons, with who decided and why.

    A decision may depart from the latest assessment's recommendation; the register marks it. "no" for
    the AP lifts the 72-hour clock; "yes" for the persons starts the subjects clock.

    Example: breach decide DL-2026-001 subjects no --reason "data encrypted, key safe" --by "J. de Vries (FG)"
    """
    from breach.cli import views
    from breach.domain import inputs
    from breach.records import decisions, incidents

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    name = decisions.obligation_name(obligation)
    notify = inputs.parse_yes_no(answer, "notify")
    with a.store.write() as session:
        incident = a.find(session, id, now)
        decision = decisions.decide(session, incident, name, notify, reason, by, now)
        states = incidents.clocks(session, incident, now)
    if as_json:
        emit_json({"id": incident.ref, "decision": views.decision_json(decision, prof.timezone),
                    "clocks": {n: views.clock_json(s, now, prof.timezone) for n, s in states.items()}})
        return
    typer.echo(f"{incident.ref}: decision recorded: {decisions.WORDS[(name, notify)]}, by {decision.decided_by}")
    if decision.departs:
        advice = decisions.WORDS[(name, bool(decision.recommended))]
        typer.echo(f"note: this departs from the latest assessment's recommendation ({advice}); the register marks it")
    elif decision.recommended is None and name != "customers":
        typer.echo(f"note: no assessment yet; `breach assess {incident.ref}` records the reasoning behind it")
    typer.echo("\n".join(views.clock_lines({name: states[name]}, now, prof.timezone, incident.ref)))
