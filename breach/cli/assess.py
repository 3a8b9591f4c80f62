"""Weighing the risk and recording the decisions: assess (the interview on a terminal) and decide."""

from __future__ import annotations

import sys

import typer

from breach.cli.app import App, app, emit_json, find


def _interactive(no_input: bool) -> bool:
    return sys.stdin.isatty() and not no_input


def _ask(name: str, parse, default: str | None = None, **words):
    """One question on the terminal, asked again until the answer is accepted."""
    from breach.domain.questions import QUESTIONS
    from breach.errors import InvalidInput

    question, accepted = (text.format(**words) for text in QUESTIONS[name])
    typer.echo(f"\n{question}")
    typer.echo(f"  ({accepted})")
    while True:
        answer = typer.prompt(" ", default=default if default is not None else "", show_default=bool(default),
                              prompt_suffix="> ")
        try:
            return parse(answer)
        except InvalidInput as exc:
            typer.echo(f"  {exc}", err=True)


def _reason_text(text: str) -> str:
    from breach.domain import inputs
    from breach.errors import InvalidInput

    reason = inputs.clean(text, "--dpc-reason")
    if not reason:
        raise InvalidInput("--dpc-reason: empty (expected why the context changes the score)")
    return reason


def _parsers():
    """Answer name -> function(text) -> value, shared by flags and prompts."""
    from breach.domain import assessment, inputs, vocabulary

    def listed(fact):
        return lambda text: tuple(vocabulary.parse_list(fact, [text]))

    def cause(text):
        found = vocabulary.parse_list("incident_kind", [text]) if text.strip() else []
        if len(found) > 1:
            from breach.errors import InvalidInput

            raise InvalidInput(f"--cause: give one kind of incident, not {len(found)}")
        return found[0] if found else None

    def yes_no(name):
        return lambda text: inputs.parse_yes_no(text, f"--{name}")

    parsers = {
        "data_categories": listed("data_categories"),
        "special_categories": listed("special_categories"),
        "person_categories": listed("person_categories"),
        "persons": inputs.parse_persons,
        "cause": cause,
    }
    for name in ("protected", "identification", "confidentiality", "integrity", "availability"):
        parsers[name] = lambda text, name=name: assessment.parse_choice(text, name)
    for name in ("malicious", "backup", "recovered", "trusted", "contained", "disproportionate"):
        parsers[name] = yes_no(name)
    return parsers


def _gather(incident, given: dict, interactive: bool) -> dict:
    """The answers: the incident's facts, then the flags, then (on a terminal) questions for the rest."""
    from breach.domain import assessment, questions
    from breach.errors import InvalidInput

    parse = _parsers()
    values = {**questions.from_incident(incident), **given}
    if interactive:
        known = {name: value for name, value in questions.from_incident(incident).items() if name not in given}
        if known:
            typer.echo(f"Using what {incident.ref} records ({questions.recorded_summary(known)}); "
                       "change it with `breach update`.")
        for name in ("data_categories", "special_categories", "person_categories"):
            if name not in values:
                values[name] = _ask(name, lambda t, n=name: parse[n](t) if t.strip() else ())
        if "persons_min" not in values:
            values["persons_min"], values["persons_max"] = _ask("persons", parse["persons"], "unknown")
        if "cause" not in given:
            values["cause"] = _ask("cause", parse["cause"])
        for name in questions.still_needed(values):
            values[name] = _ask(name, parse[name])
        if values.get("backup") is None and values.get("availability") not in (None, "none"):
            values["backup"] = _ask("backup", parse["backup"])
        if "identification" not in values:
            suggested = assessment.suggested_identification(values.get("data_categories", ()))
            values["identification"] = _ask("identification", parse["identification"], suggested)
        if "dpc" not in values:
            basic, _ = assessment.basic_dpc(questions.answers_from(values))
            klass = assessment.enisa(questions.answers_from(values)).dpc_class
            values["dpc"] = _ask("dpc", lambda t: assessment.parse_dpc(t or str(basic)), str(basic), basic=basic, klass=klass)
            if values["dpc"] != basic and not values.get("dpc_reason"):
                values["dpc_reason"] = _ask("dpc_reason", _reason_text)
        if values.get("confidentiality") in ("exposed", "known") and "recovered" not in values:
            values["recovered"] = _ask("recovered", parse["recovered"], "no")
        if values.get("confidentiality") == "known" and "trusted" not in values:
            values["trusted"] = _ask("trusted", parse["trusted"], "no")
        preliminary = assessment.assess(questions.answers_from(values))
        if preliminary.recommendation.risk == assessment.HIGH:
            for name in ("contained", "disproportionate"):
                if name not in values:
                    values[name] = _ask(name, parse[name], "no")
    missing = questions.still_needed(values)
    if missing:
        flags = ", ".join(questions.FLAGS[name] for name in missing)
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
    no_input: bool = typer.Option(False, "--no-input", help="Never ask, also on a terminal."),
    as_json: bool = typer.Option(False, "--json", help="Print the assessment as one JSON document."),
):
    """Weigh the risk of a breach: the ENISA score, the AP form's severity, and a recommendation for both
    decisions (tell the AP? tell the persons?) with reasons and the EDPB example that resembles it.

    On a terminal the missing answers are asked; every answer is also a flag. Facts the breach already
    records are reused; answers it lacked are recorded on it (a timeline event).

    Example: breach assess DL-2026-001 --protected no --confidentiality known --integrity none --availability none --malicious no
    """
    from breach.cli import views
    from breach.domain import assessment, inputs, questions
    from breach.records import assessments, incidents

    a = App.of(ctx)
    prof = a.profile
    now = a.now()
    parse = _parsers()
    given: dict = {}
    for name, value in (("data_categories", data), ("special_categories", special), ("person_categories", persons_group)):
        if value:
            given[name] = parse[name](",".join(value))
    if persons is not None:
        given["persons_min"], given["persons_max"] = parse["persons"](persons)
    for name, value in (
        ("cause", cause), ("protected", protected), ("identification", identification),
        ("confidentiality", confidentiality), ("integrity", integrity), ("availability", availability),
        ("malicious", malicious), ("backup", backup), ("recovered", recovered), ("trusted", trusted),
        ("contained", contained), ("disproportionate", disproportionate),
    ):
        if value is not None:
            given[name] = parse[name](value)
    if dpc is not None:
        given["dpc"] = assessment.parse_dpc(dpc)
    if dpc_reason is not None:
        given["dpc_reason"] = inputs.clean(dpc_reason, "--dpc-reason")
    with a.store.read() as session:
        incident = find(session, id, now, prof.timezone)
    values = _gather(incident, given, _interactive(no_input))
    result = assessment.assess(questions.answers_from(values))
    with a.store.write() as session:
        incident = find(session, id, now, prof.timezone)
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
        typer.echo(f"recorded on the breach: {', '.join(sorted({incidents.FACT_FLAGS[n] for n in changes}))}")
    typer.echo("\n".join(views.assessment_lines(row, prof.timezone, prof.language)))
    if incident.role == "processor":
        typer.echo("note: as processor you tell the controller (the customers clock); the controller weighs these recommendations")
        return
    undecided = [s.obligation for s in states.values() if s.obligation in ("ap", "subjects") and s.status not in ("met", "late")]
    if undecided:
        typer.echo(f"next: record the decisions: `breach decide {incident.ref} ap|subjects yes|no --reason TEXT --by NAME`")


@app.command()
def decide(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", help="Breach id."),
    obligation: str = typer.Argument(..., metavar="ap|subjects", help="Which decision: notify the AP, or inform the persons."),
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
    notify = inputs.parse_yes_no(answer, "yes|no")
    with a.store.write() as session:
        incident = find(session, id, now, prof.timezone)
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
    elif decision.recommended is None:
        typer.echo(f"note: no assessment yet; `breach assess {incident.ref}` records the reasoning behind it")
    typer.echo("\n".join(views.clock_lines({name: states[name]}, now, prof.timezone, incident.ref)))
