"""The AP form's answers that come from the facts of issue 15: the other supervisors and organisations,
the countries, the FG and the reporter, the explanations of 6.3, 7.2 and 8.1, the consequences of 9.2 as
ticked or to check, 10.1 from the decision and the notice, and what a follow-up changed (old -> new).

A fact not yet recorded is a marker that names the command that records it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from breach.documents import render
from breach.domain import vocabulary

# ISO 3166 codes of the EEA countries as the form's 2.1 names them; another code is printed as given.
COUNTRIES = {
    "AT": ("Oostenrijk", "Austria"), "BE": ("België", "Belgium"), "BG": ("Bulgarije", "Bulgaria"),
    "CY": ("Cyprus", "Cyprus"), "CZ": ("Tsjechië", "Czechia"), "DE": ("Duitsland", "Germany"),
    "DK": ("Denemarken", "Denmark"), "EE": ("Estland", "Estonia"), "ES": ("Spanje", "Spain"),
    "FI": ("Finland", "Finland"), "FR": ("Frankrijk", "France"), "GR": ("Griekenland", "Greece"),
    "HR": ("Kroatië", "Croatia"), "HU": ("Hongarije", "Hungary"), "IE": ("Ierland", "Ireland"),
    "IS": ("IJsland", "Iceland"), "IT": ("Italië", "Italy"), "LI": ("Liechtenstein", "Liechtenstein"),
    "LT": ("Litouwen", "Lithuania"), "LU": ("Luxemburg", "Luxembourg"), "LV": ("Letland", "Latvia"),
    "MT": ("Malta", "Malta"), "NL": ("Nederland", "Netherlands"), "NO": ("Noorwegen", "Norway"),
    "PL": ("Polen", "Poland"), "PT": ("Portugal", "Portugal"), "RO": ("Roemenië", "Romania"),
    "SE": ("Zweden", "Sweden"), "SI": ("Slovenië", "Slovenia"), "SK": ("Slowakije", "Slovakia"),
}

# What a follow-up names as changed: the form's question and label, in the form's order.
CHANGED = {
    "other_supervisors": ("1.3", "Andere toezichthouders", "Other supervisors"),
    "cross_border": ("2.1", "Gevolgen voor personen in andere landen", "Persons in other countries"),
    "countries": ("2.1", "Landen", "Countries"),
    "other_dpas": ("2.2", "Andere privacytoezichthouders", "Other data protection authorities"),
    "other_organisations": ("3.3", "Andere betrokken organisaties", "Other organisations involved"),
    "occurred_from": ("4.1", "Startdatum", "Start"),
    "occurred_to": ("4.1", "Einddatum", "End"),
    "ongoing": ("4.1", "Inbreuk duurt voort", "Breach ongoing"),
    "discovered_at": ("4.2", "Moment van ontdekking", "Moment of discovery"),
    "aware_at": ("4.2", "Moment van kennisname", "Moment of awareness"),
    "how_discovered": ("4.3", "Hoe ontdekt", "How discovered"),
    "delay_reason": ("4.5", "Motivering voor de vertraging", "Reasons for the delay"),
    "breach_types": ("5.1", "Aard van de inbreuk", "Nature of the breach"),
    "description": ("5.3", "Beschrijving van het incident", "Description of the incident"),
    "data_categories": ("6.1", "Persoonsgegevens", "Personal data"),
    "special_categories": ("6.2", "Bijzondere persoonsgegevens", "Special categories"),
    "records": ("6.3", "Aantal gegevensrecords", "Number of records"),
    "records_note": ("6.3", "Toelichting op het aantal", "Explanation of the number"),
    "person_categories": ("7.1", "Groepen betrokkenen", "Groups of persons"),
    "persons_description": ("7.2", "Omschrijving van de groepen", "Description of the groups"),
    "persons": ("7.3", "Aantal betrokkenen", "Number of persons"),
    "protection_detail": ("8.1", "Toelichting op de beveiliging", "Explanation of the protection"),
    "harms": ("9.2", "Gevolgen voor de betrokkenen", "Consequences for the persons"),
    "consequences": ("9.2", "Anders, namelijk", "Other, namely"),
    "measures_taken": ("10.2", "Genomen maatregelen", "Measures taken"),
    "measures_planned": ("10.2", "Voorgenomen maatregelen", "Measures planned"),
}
_LIST_FACTS = {
    "breach_types": "breach_types", "data_categories": "data_categories", "special_categories": "special_categories",
    "person_categories": "person_categories", "other_supervisors": "other_supervisors", "harms": "consequences",
}
_MOMENTS = ("occurred_from", "occurred_to", "discovered_at", "aware_at")


def _nothing(language: str) -> str:
    return "Nee" if language == "nl" else "No"


def value_text(name: str, value: Any, language: str, tz: str) -> str:
    """A recorded value as the form shows it: labels for keys, Dutch numbers, moments, quoted text."""
    nl = language == "nl"
    if value is None or value == "" or value == []:
        if value == []:
            answered = name in ("other_supervisors", "other_dpas", "other_organisations", "harms", "countries")
            return _nothing(language) if answered else ("geen" if nl else "none")
        return "niet ingevuld" if nl else "not given"
    if name == "persons":
        low, high = value
        if low is None:
            return "onbekend" if nl else "unknown"
        if low == high:
            return render.number(low, language)
        return (f"minimaal {render.number(low, language)}, maximaal {render.number(high, language)}" if nl
                else f"at least {render.number(low, language)}, at most {render.number(high, language)}")
    if name in _MOMENTS:
        import pendulum

        return render.long_moment(pendulum.parse(value) if isinstance(value, str) else value, tz, language)
    if isinstance(value, bool):
        return ("Ja" if value else "Nee") if nl else ("Yes" if value else "No")
    if isinstance(value, int):
        return render.number(value, language)
    if name in _LIST_FACTS:
        return "; ".join(vocabulary.label(_LIST_FACTS[name], key, language) for key in value)
    if name == "countries":
        return countries_text(value, language)
    if isinstance(value, list):
        return "; ".join(value)
    return f"\u201c{value}\u201d" if nl else f"\u201c{value}\u201d"


def countries_text(codes: Iterable[str], language: str) -> str:
    i = 0 if language == "nl" else 1
    return ", ".join(COUNTRIES[c][i] if c in COUNTRIES else c for c in codes)


def changes_since(events: Iterable, since, incident, language: str, tz: str) -> list[str]:
    """What changed since `since` (the last notice), net per fact: the value at `since` (the `old` of the
    first change after it) against the current value; a change that was undone is not listed."""
    import pendulum

    after = pendulum.instance(since)
    then: dict[str, Any] = {}
    assessed = False
    for event in events:
        if pendulum.instance(event.at) <= after:
            continue
        if event.kind in ("updated", "corrected"):
            for name, pair in (event.data or {}).items():
                if isinstance(pair, (list, tuple)) and len(pair) == 2 and name not in then:
                    then[name] = pair[0]
        elif event.kind == "assessed":
            assessed = True
    nl = language == "nl"
    i = 1 if nl else 2
    lines: list[tuple[int, str]] = []
    order = list(CHANGED)
    if "persons_min" in then or "persons_max" in then:
        old = (then.get("persons_min", incident.persons_min), then.get("persons_max", incident.persons_max))
        then["persons"] = old
    for name in order:
        if name not in then:
            continue
        if name == "persons":
            old, new = then["persons"], (incident.persons_min, incident.persons_max)
        else:
            old, new = then[name], getattr(incident, name, None)
        if name in _MOMENTS:
            same = (old is None and new is None) or (
                old is not None and new is not None and pendulum.parse(old) == pendulum.instance(new)
            ) if isinstance(old, str) or old is None else old == new
        else:
            same = old == new
        if same:
            continue
        question = CHANGED[name]
        was, now = value_text(name, old, language, tz), value_text(name, new, language, tz)
        lines.append((order.index(name), f"{question[0]} {question[i]}: " + (f"was {was}; nu {now}." if nl else f"was {was}; now {now}.")))
    if assessed:
        lines.append((len(order), "8.1, 9.2, 9.3: nieuwe risicobeoordeling (zie hieronder)." if nl
                      else "8.1, 9.2, 9.3: new risk assessment (see below)."))
    return [text for _, text in sorted(lines, key=lambda pair: pair[0])]


def stale_note(stale: dict, assessed_at, incident, language: str, tz: str) -> str | None:
    """The warning above the form answers when facts changed after the risk assessment."""
    if not stale:
        return None
    nl = language == "nl"
    parts = []
    if "persons_min" in stale or "persons_max" in stale:
        old = (stale.get("persons_min", (incident.persons_min,))[0], stale.get("persons_max", (incident.persons_max,))[0])
        parts.append((CHANGED["persons"][1 if nl else 2].lower(), value_text("persons", old, language, tz),
                      value_text("persons", (incident.persons_min, incident.persons_max), language, tz)))
    for name in ("data_categories", "special_categories", "person_categories", "records"):
        if name in stale:
            old, new = stale[name]
            parts.append((CHANGED[name][1 if nl else 2].lower(), value_text(name, old, language, tz) or "-",
                          value_text(name, new, language, tz)))
    when = render.long_moment(assessed_at, tz, language)
    listed = "; ".join(f"{what}: was {old}, {'nu' if nl else 'now'} {new}" for what, old, new in parts)
    if nl:
        return (f"**Let op:** na de risicobeoordeling van {when} zijn feiten gewijzigd ({listed}). De toelichting bij 9.3 "
                f"gebruikt de huidige feiten; de ernst is nog die van de eerdere beoordeling. Voer `breach assess "
                f"{incident.ref}` opnieuw uit voordat u dit indient.")
    return (f"**Note:** facts changed after the risk assessment of {when} ({listed}). The explanation at 9.3 uses "
            f"the current facts; the severity is still that of the earlier assessment. Run `breach assess "
            f"{incident.ref}` again before you submit this.")


def answered_list(values: list[str] | None, fact: str | None, language: str, todo: str) -> str:
    """A list the form asks: None is a marker, [] is "Nee", else the labels."""
    if values is None:
        return todo
    if not values:
        return _nothing(language)
    if fact is None:
        return "; ".join(values)
    return "; ".join(vocabulary.label(fact, key, language) for key in values)


def consequence_lines(ticked: list[str], check: list[str], own: str | None, language: str) -> list[str]:
    """9.2 as lines in the form's order: the ticked boxes, those to check as markers, then the user's own text
    verbatim ("Anders, namelijk")."""
    nl = language == "nl"
    todo = render.TODO[language].format
    lines = []
    for key in vocabulary.CONSEQUENCES:
        label = vocabulary.label("consequences", key, language)
        if key in ticked:
            lines.append(label)
        elif key in check:
            lines.append(label + " " + todo(
                "controleer of dit gevolg zich kan voordoen, en leg de gevolgen vast met breach update --harms" if nl
                else "check whether this consequence may occur, and record the consequences with breach update --harms"))
    if own:
        lines.append(("Anders, namelijk: " if nl else "Other, namely: ") + own)
    return lines


def informed_answer(decision, notice, language: str, tz: str, channels_of) -> dict[str, Any]:
    """10.1 from the latest decision on the persons and the first notice to them."""
    nl = language == "nl"
    out: dict[str, Any] = {"decision": None, "count": None, "channels": None, "voluntary": False}
    if decision is not None:
        out["decision"] = {
            "notify": decision.notify,
            "reason": decision.reason,
            "by": decision.decided_by,
            "at": render.day(decision.at, tz, language),
        }
    if notice is not None:
        count = getattr(notice, "count", None)
        channels = getattr(notice, "channels", None)
        out["count"] = render.number(count, language) if count is not None else None
        out["channels"] = "; ".join(channels_of(c) for c in channels) if channels else None
        out["voluntary"] = decision is not None and not decision.notify
    del nl
    return out


def summary_extra(incident, states, notices, decisions, assessment, language: str, tz: str, now) -> dict[str, Any]:
    """What the internal summary adds to the facts: the decisions and who took them, the severity, the
    notices with their meldnummer, and a warning while the persons must still be told."""
    from breach.domain.assessment import ap_form_answers, severity_label

    nl = language == "nl"

    def moment(value):
        return render.long_moment(value, tz, language, offset=False)

    decided = [
        {
            "obligation": {"ap": "Melding aan de AP" if nl else "Notification to the AP",
                           "subjects": "Informeren van de betrokkenen" if nl else "Informing the persons"}.get(d.obligation, d.obligation),
            "notify": ("ja" if d.notify else "nee") if nl else ("yes" if d.notify else "no"),
            "by": d.decided_by,
            "at": moment(d.at),
            "reason": d.reason,
            "departs": bool(getattr(d, "departs", False)),
        }
        for d in decisions
    ]
    told = [
        {"obligation": n.obligation, "at": moment(n.at), "reference": getattr(n, "reference", None), "late": n.late}
        for n in notices
    ]
    state = states.get("subjects")
    not_told = None
    if state is not None and state.status in ("open", "overdue"):
        since = [d for d in decisions if d.obligation == "subjects" and d.notify]
        start = since[-1].at if since else state.since
        elapsed = render.span((now - start).total_seconds(), language)
        not_told = (f"**Betrokkenen nog niet geïnformeerd**, terwijl dit moet (sinds {moment(start)}, {elapsed})." if nl
                    else f"**Persons not yet informed**, although they must be (since {moment(start)}, {elapsed}).")
    return {
        "decisions": decided,
        "notices": told,
        "not_told": not_told,
        "severity": severity_label(assessment, language) if assessment is not None else None,
        "severity_explanation": ap_form_answers(assessment, language, incident)["severity_explanation"] if assessment is not None else None,
    }


def untranslated(context: dict[str, Any], incident) -> str | None:
    """The note of an English AP draft naming the answers that quote the organisation's own text as
    recorded (a description typed in Dutch is not translated), or None when no answer does."""
    def given(value) -> bool:
        return bool(value) and not str(value).startswith("[")

    ap, decision = context["ap"], (context["informed"] or {}).get("decision") or {}
    questions = [number for number, shown in (
        ("4.3", given(incident.how_discovered)),
        ("4.5", ap["late"] and given(ap["delay_reason"])),
        ("5.3", given(incident.description)),
        ("6.3", given(getattr(incident, "records_note", None))),
        ("7.2", given(getattr(incident, "persons_description", None))),
        ("8.1", context["protected_key"] != "no" and given(getattr(incident, "protection_detail", None))),
        ("9.2", given(incident.consequences)),
        ("10.1", given(decision.get("reason"))),
        ("10.2", given(incident.measures_taken) or given(incident.measures_planned)),
    ) if shown]
    parts = ["the list of what changed"] if ap["followup"] and ap["changed"] else []
    if questions:
        listed = questions[0] if len(questions) == 1 else ", ".join(questions[:-1]) + " and " + questions[-1]
        parts.append(f"the answer{'s' if len(questions) > 1 else ''} to question{'s' if len(questions) > 1 else ''} {listed}")
    if not parts:
        return None
    one = len(parts) == 1 and len(questions) <= 1
    text = " and ".join(parts)
    return (f"**Not translated:** {text[0].upper()}{text[1:]} {'quotes' if one else 'quote'} the organisation's own text "
            f"as recorded; {'it has' if one else 'they have'} not been translated and may be in Dutch.")
