"""What the terminal shows of an incident: plain text for people, one JSON document for scripts.

The JSON shape is the scripting interface: keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pendulum

from breach.domain import deadlines
from breach.domain.clock import format_local, format_span, iso_local

CLOCK_NAMES = {"ap": "AP", "customers": "customers", "subjects": "subjects"}
MOMENT_KEYS = {"at", "aware_at", "discovered_at", "occurred_from", "occurred_to", "deadline_at", "next_try_at"}

_FACTS = (
    ("description", "what happened"),
    ("how_discovered", "how discovered"),
    ("reported_by", "reported by"),
    ("breach_types", "kind of breach"),
    ("data_categories", "data"),
    ("special_categories", "special categories"),
    ("person_categories", "groups of persons"),
    ("persons", "number of persons"),
    ("records", "number of records"),
    ("consequences", "likely consequences"),
    ("measures_taken", "measures taken"),
    ("measures_planned", "measures planned"),
    ("cross_border", "cross-border"),
    ("high_risk", "high risk to persons"),
    ("other_supervisors", "other supervisors"),
    ("countries", "countries"),
    ("other_dpas", "other DPAs"),
    ("other_organisations", "other organisations"),
    ("ongoing", "ongoing"),
    ("delay_reason", "delay motivation"),
    ("records_basis", "records basis"),
    ("records_note", "records note"),
    ("persons_description", "groups described"),
    ("protection_detail", "protection detail"),
    ("harms", "consequences (9.2)"),
    ("extortion", "extortion"),
    ("subjects_informed_by", "persons informed by"),
    ("texts", "plain texts"),
)


def persons_text(incident) -> str | None:
    low, high = incident.persons_min, incident.persons_max
    if low is None:
        return None
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}-{high}"


def _told(state: deadlines.ClockState) -> str:
    """`12 of 40 told`: a customers clock of a breach with controllers, each told on its own."""
    return "" if state.of is None else f"{state.told:,} of {state.of:,} controllers told"


def _clock_line(state: deadlines.ClockState, now: datetime, tz: str, ref: str) -> str:
    line = _clock_words(state, now, tz, ref)
    if state.of is None:
        return line
    return line + (f"; all {state.of:,} controllers told" if state.told >= state.of
                   else f"; {_told(state)} (`breach controllers {ref}`)")


def _clock_words(state: deadlines.ClockState, now: datetime, tz: str, ref: str) -> str:
    name = f"{CLOCK_NAMES[state.obligation]:<11}"
    if state.status == deadlines.NOT_APPLICABLE:
        return f"{name} not applicable: {state.basis}"
    if state.status == deadlines.UNDECIDED:
        elapsed = format_span((pendulum.instance(now) - state.since).total_seconds())
        return (
            f"{name} to be decided: tell the persons without undue delay if the risk to them is high "
            f"({elapsed} since awareness; weigh it with `breach assess {ref}`, "
            f"record it with `breach decide {ref} subjects yes|no`)"
        )
    if state.status in (deadlines.MET, deadlines.LATE):
        when = format_local(state.done_at, tz)
        late = " LATE" if state.status == deadlines.LATE else ""
        due = f" (deadline {format_local(state.deadline, tz)})" if state.deadline else ""
        return f"{name} notified {when}{late}{due}"
    if state.deadline is None:
        elapsed = format_span((pendulum.instance(now) - state.since).total_seconds())
        return f"{name} open, no fixed hours: {elapsed} since awareness"
    left = state.seconds_left(now)
    if left is not None and left < 0:
        return f"{name} {format_local(state.deadline, tz)}  OVERDUE by {format_span(left)}"
    return f"{name} {format_local(state.deadline, tz)}  {format_span(left)} left"


def clock_lines(states: dict[str, deadlines.ClockState], now: datetime, tz: str, ref: str) -> list[str]:
    return [_clock_line(state, now, tz, ref) for state in states.values()]


def _fact_value(incident, name: str) -> Any:
    if name == "persons":
        return persons_text(incident)
    value = getattr(incident, name, None)
    if name == "texts":
        return "; ".join(f"{lang}: {', '.join(keys)}" for lang, keys in value.items()) if value else None
    if isinstance(value, list) and not value and name in ("other_supervisors", "other_dpas", "other_organisations", "harms", "countries"):
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) if value else None
    return value


def opened_text(incident, states, now: datetime, tz: str) -> str:
    lines = [f"Opened {incident.ref}: {incident.title}", f"{'aware':<11} {format_local(incident.aware_at, tz)}"]
    lines += clock_lines(states, now, tz, incident.ref)
    lines.append(
        f"next: record the facts with `breach update {incident.ref} --help`; "
        f"`breach show {incident.ref}` shows the clocks and the timeline"
    )
    return "\n".join(lines)


def show_text(incident, states, events, notices, now: datetime, tz: str, *, assessed=None, decisions=(),
              language: str = "nl") -> str:
    status = incident.status if incident.status == "open" else f"{incident.status} {format_local(incident.closed_at, tz)}"
    lines = [
        f"{incident.ref}  {incident.title}",
        f"status      {status}" + (f": {incident.close_reason}" if incident.close_reason else ""),
        f"role        {incident.role}",
    ]
    if incident.occurred_from:
        occurred = format_local(incident.occurred_from, tz)
        if incident.occurred_to and incident.occurred_to != incident.occurred_from:
            occurred += f" to {format_local(incident.occurred_to, tz)}"
        lines.append(f"occurred    {occurred}")
    if incident.discovered_at:
        lines.append(f"discovered  {format_local(incident.discovered_at, tz)}")
    else:
        lines.append(f"discovered  not recorded (`breach update {incident.ref} --discovered WHEN`)")
    lines.append(f"aware       {format_local(incident.aware_at, tz)}  (the clocks start here)")
    lines += ["", "Clocks"]
    outer = deadlines.deadline_1182(incident)
    for state in states.values():
        lines.append("  " + _clock_line(state, now, tz, incident.ref))
        if state.status != deadlines.NOT_APPLICABLE:
            lines.append(f"  {'':<11} basis: {state.basis}")
        if state.obligation == "ap" and state.running and outer != state.deadline:
            lines.append(
                f"  {'':<11} note: read with Regulation 1182/71 the period could start at the next full hour "
                f"and end {format_local(outer, tz)}; plan on the earlier deadline above"
            )
    if notices:
        lines += ["", "Notifications"]
    notices, to_controllers = _to_controllers(notices)
    for at, late, reference, number in to_controllers:
        line = f"  {'customers':<11} {format_local(at, tz)}" + (" LATE" if late else "")
        line += f"  to {number:,} controller{'s' if number != 1 else ''}" + (f"  reference {reference}" if reference else "")
        lines.append(line)
    for notice in notices:
        line = f"  {CLOCK_NAMES[notice.obligation]:<11} {format_local(notice.at, tz)}" + (" LATE" if notice.late else "")
        if notice.reference:
            line += f"  reference {notice.reference}"
        lines.append(line)
        if notice.delay_reason:
            lines.append(f"  {'':<11} reasons for the delay: {notice.delay_reason}")
        if getattr(notice, "count", None) is not None or getattr(notice, "channels", None):
            told = [str(notice.count)] if notice.count is not None else []
            lines.append(f"  {'':<11} told: {' '.join(told + [', '.join(notice.channels or [])]).strip()}")
    lines += ["", "Assessment"]
    if assessed is None:
        lines.append(f"  none yet: `breach assess {incident.ref}` weighs the risk and recommends both decisions")
    else:
        lines += assessment_lines(assessed, tz, language)
        from breach.domain.assessment import stale_facts

        stale = stale_facts(assessed, incident)
        if stale:
            lines.append(f"  stale: facts changed since ({', '.join(sorted(stale))}); run `breach assess {incident.ref}` again")
    if decisions:
        lines += ["", "Decisions"]
        lines += decision_lines(decisions, tz)
    facts = [(label, _fact_value(incident, name)) for name, label in _FACTS]
    known = [(label, value) for label, value in facts if value not in (None, "")]
    lines += ["", "Facts"]
    lines += [f"  {label:<20} {value}" for label, value in known] or [f"  (none recorded yet: `breach update {incident.ref} --help`)"]
    lines += ["", "Timeline"]
    lines += [f"  {format_local(event.at, tz)}  {event.kind:<10} {event_text(event, tz)}" for event in events]
    return "\n".join(lines)


def _to_controllers(notices) -> tuple[list, list[tuple]]:
    """(the notices to no controller, [(at, late, reference, how many controllers)]): a breach that concerns
    thousands of controllers shows how many were told at each moment, not a line per controller."""
    plain, grouped = [], {}
    for notice in notices:
        if getattr(notice, "controller_id", None) is None:
            plain.append(notice)
            continue
        group = (notice.at, notice.late, notice.reference)
        grouped[group] = grouped.get(group, 0) + 1
    return plain, [(*group, number) for group, number in grouped.items()]


def event_text(event, tz: str) -> str:
    """The stored text, with the moment a notification was made (which may differ from when it was recorded)."""
    if event.kind in ("notified", "followup") and event.data.get("at"):
        obligation = event.data["obligation"]
        rest = event.text.removeprefix(obligation)
        return f"{obligation} at {format_local(pendulum.parse(event.data['at']), tz)}{rest}"
    return event.text


def _local_data(data: dict, tz: str) -> dict:
    """Event data with its moments (stored as UTC) in the organisation's zone, like every time in --json."""

    def convert(value):
        if isinstance(value, str):
            return iso_local(pendulum.parse(value), tz)
        if isinstance(value, list):
            return [convert(item) for item in value]
        return value

    return {key: convert(value) if key in MOMENT_KEYS else value for key, value in data.items()}


def list_text(rows: list[tuple[Any, dict]], now: datetime, tz: str, owners: dict[int, str] | None = None) -> str:
    """`breach list`; with `owners` (a queue across organisations) each id has its organisation's short name."""
    from breach.records.orgs import label

    if not rows:
        return "No breaches to show."
    lines = []
    for incident, states in rows:
        summary = []
        for state in states.values():
            short = state.obligation
            if state.of is not None and state.running:
                next_due = f", next deadline {format_local(state.deadline, tz)}" if state.deadline else ""
                left = state.seconds_left(now)
                mark = "" if left is None else f" (OVERDUE {format_span(left)})" if left < 0 else f" ({format_span(left)} left)"
                summary.append(f"{short}: {_told(state)}{next_due}{mark}")
            elif state.running and state.deadline:
                left = state.seconds_left(now)
                mark = f"OVERDUE {format_span(left)}" if left < 0 else f"{format_span(left)} left"
                summary.append(f"{short} {format_local(state.deadline, tz)} ({mark})")
            elif state.status != deadlines.NOT_APPLICABLE:
                summary.append(f"{short} {state.status.replace('_', ' ')}")
        status = "" if incident.status == "open" else f" [{incident.status}]"
        lines.append(f"{label(incident, owners)}  {incident.title}{status}")
        lines.append("    " + "; ".join(summary))
    return "\n".join(lines)


def clock_json(state: deadlines.ClockState, now: datetime, tz: str) -> dict[str, Any]:
    left = state.seconds_left(now) if state.running else None
    return {
        "deadline": iso_local(state.deadline, tz),
        "status": state.status,
        "done_at": iso_local(state.done_at, tz),
        "seconds_left": None if left is None else int(left),
        "basis": state.basis,
    } | ({} if state.of is None else {"controllers": state.of, "told": state.told})


# The facts of the AP form's remaining questions and the letters' texts (issue 15), as recorded.
FORM_FACTS = (
    "other_supervisors", "other_dpas", "countries", "other_organisations", "ongoing", "delay_reason", "records_basis",
    "records_note", "persons_description", "protection_detail", "harms", "extortion", "subjects_informed_by", "texts",
)


def incident_json(incident, states, now: datetime, tz: str, *, events=None, notices=None, assessed=None,
                  decisions=None) -> dict[str, Any]:
    """`assessed` and `decisions` are included when `decisions` is given (show): the latest assessment
    (or null) and every decision, oldest first."""
    doc: dict[str, Any] = {
        "id": incident.ref,
        "title": incident.title,
        "status": incident.status,
        "role": incident.role,
        "aware_at": iso_local(incident.aware_at, tz),
        "discovered_at": iso_local(incident.discovered_at, tz),
        "occurred_from": iso_local(incident.occurred_from, tz),
        "occurred_to": iso_local(incident.occurred_to, tz),
        "clocks": {name: clock_json(state, now, tz) for name, state in states.items()},
        "windows": {"ap": incident.ap_window_hours, "customers": incident.customers_window_hours},
        "description": incident.description,
        "how_discovered": incident.how_discovered,
        "reported_by": incident.reported_by,
        "breach_types": list(incident.breach_types),
        "data_categories": list(incident.data_categories),
        "special_categories": list(incident.special_categories),
        "person_categories": list(incident.person_categories),
        "persons": {"min": incident.persons_min, "max": incident.persons_max},
        "records": incident.records,
        "consequences": incident.consequences,
        "measures_taken": incident.measures_taken,
        "measures_planned": incident.measures_planned,
        "cross_border": incident.cross_border,
        "high_risk": incident.high_risk,
        **{name: getattr(incident, name, None) for name in FORM_FACTS},
        "closed_at": iso_local(incident.closed_at, tz),
        "close_reason": incident.close_reason,
    }
    if notices is not None:
        doc["notices"] = [
            {
                "obligation": n.obligation,
                "at": iso_local(n.at, tz),
                "deadline": iso_local(n.deadline_at, tz),
                "late": n.late,
                "reference": n.reference,
                "delay_reason": n.delay_reason,
                "count": getattr(n, "count", None),
                "channels": getattr(n, "channels", None),
            }
            for n in notices
        ]
    if decisions is not None:
        doc["assessment"] = assessment_json(assessed, tz)
        doc["decisions"] = [decision_json(d, tz) for d in decisions]
    if events is not None:
        doc["timeline"] = [
            {"at": iso_local(e.at, tz), "kind": e.kind, "text": event_text(e, tz), "data": _local_data(e.data, tz)}
            for e in events
        ]
    return doc


# ---------------------------------------------------------------- assessment and decisions

_EI_WORDS = {
    "negligible": "negligible: extremely hard to link the data to a person",
    "limited": "limited: the persons can be identified under certain conditions",
    "significant": "significant: the persons can be identified relatively easily",
    "maximum": "maximum: the persons can be identified directly from the data",
}
_CB_WORDS = {
    ("confidentiality", "known"): "confidentiality: known recipients",
    ("confidentiality", "unknown"): "confidentiality: unknown recipients",
    ("integrity", "recoverable"): "integrity: altered, possibly misused, recoverable",
    ("integrity", "unrecoverable"): "integrity: altered, possibly misused, not recoverable",
    ("availability", "temporary"): "availability: temporarily unavailable",
    ("availability", "permanent"): "availability: lost for good",
}


def _wrap(label: str, text: str, width: int = 100) -> list[str]:
    import textwrap

    lines = textwrap.wrap(text, width=width - 16, break_on_hyphens=False) or [""]
    return [f"  {label:<14}{lines[0]}"] + [f"  {'':<14}{line}" for line in lines[1:]]


_FEATURE_EN = {
    "family": "kind of incident", "conf": "who saw the data", "protected": "protection", "avail": "availability",
    "dpc": "kind of data", "malicious": "intent", "effect": "effect of the unavailability", "idfraud": "identity data",
    "trusted": "recipient's secrecy", "exfil": "evidence on data leaving", "integ": "integrity",
    "vulnerable": "vulnerable persons", "scale": "number of persons", "recovered": "return of the data",
    "backup": "backup",
}


def assessment_lines(row, tz: str, language: str) -> list[str]:
    """The latest assessment: the ENISA score with its parts, the AP severity, both recommendations."""
    from breach.domain import assessment, edpb, vocabulary

    answers = assessment.Answers.from_dict(row.answers)
    score = assessment.enisa(answers)
    num = "{:g}".format
    lines = [
        f"  assessed      {format_local(row.at, tz)}",
        f"  ENISA         SE {num(row.enisa_score)} ({row.enisa_band.replace('-', ' ')}) = "
        f"DPC {num(score.dpc)} x EI {num(score.ei)} + CB {num(score.cb)}",
    ]
    basic = f"basic {score.dpc_basic}" + (f" from {score.dpc_source}" if score.dpc_source else "")
    dpc = f"{score.dpc_class} data ({basic})"
    if score.dpc != score.dpc_basic:
        dpc = f"adjusted from {score.dpc_basic}: {answers.dpc_reason}"
    lines.append(f"    DPC {num(score.dpc):<8}{dpc}")
    lines.append(f"    EI  {num(score.ei):<8}{_EI_WORDS[answers.identification]}")
    parts = [
        f"{_CB_WORDS.get((name, getattr(answers, name)), 'malicious intent')} +{num(value)}"
        for name, value in score.cb_parts.items()
    ]
    lines.append(f"    CB  {num(score.cb):<8}{'; '.join(parts) or 'nothing adds to the severity'}")
    nl_label = vocabulary.label("ap_severity", row.ap_severity, "nl")
    lines.append(f"  AP severity   {vocabulary.label('ap_severity', row.ap_severity, 'en').lower()} ({nl_label.lower()})")
    for step in (row.reasons or {}).get("adjustments", []):
        lines.append(f"    ENISA {num(row.enisa_score)} ({row.enisa_band.replace('-', ' ')}) -> {step['to']}: "
                     f"{step['direction']} from {step['from']} by {step['ground']}")
    for group in (row.reasons or {}).get("enisa", {}).get("groups", []):
        lines.append(f"    group {group['group']:<8}{group['persons']} persons: DPC {group['dpc']}, SE {num(group['score'])} "
                     f"({group['band'].replace('-', ' ')})")
    lines += _wrap("explanation", row.severity_explanation)
    reasons = row.reasons or {}
    lines += _wrap("AP", reasons.get("ap", {}).get("en") or ("notify" if row.recommend_ap else "do not notify"))
    lines += _wrap("persons", reasons.get("subjects", {}).get("en") or ("inform" if row.recommend_subjects else "do not inform"))
    matches = reasons.get("examples")
    if matches:
        for i, match in enumerate(matches):
            example = edpb.find(match["key"])
            if example is None:
                continue
            mark = "agrees" if match.get("agrees", True) else "differs"
            text = f"{example.citation('en')} ({example.outcome()}; {round(100 * match['similarity'])}% alike, {mark})"
            if match.get("why"):
                text += f": {match['why']['en']}"
            elif match.get("differs"):
                text += "; differs in " + ", ".join(_FEATURE_EN.get(d[0], d[0]) for d in match["differs"][:3])
            lines += _wrap("EDPB example" if i == 0 else "", text)
    else:
        example = edpb.find(row.example)
        if example is not None:
            lines += _wrap("EDPB example", f"{example.citation('en')} ({example.outcome()})")
        else:
            lines += _wrap("EDPB example", "none of the EDPB's examples resembles this case with the same outcome")
    return lines


def decision_lines(decisions, tz: str) -> list[str]:
    from breach.records.decisions import WORDS

    lines = []
    for d in decisions:
        mark = "" if d.recommended is None else " (departs from the recommendation)" if d.departs else " (as recommended)"
        lines.append(f"  {format_local(d.at, tz)}  {WORDS[(d.obligation, d.notify)]}{mark}, by {d.decided_by}")
        if d.reason:
            lines.append(f"  {'':<28}reason: {d.reason}")
    return lines


def assessment_json(row, tz: str) -> dict[str, Any] | None:
    if row is None:
        return None
    from breach.domain import assessment, dutch, edpb, vocabulary

    score = assessment.enisa(assessment.Answers.from_dict(row.answers))
    example = edpb.find(row.example)
    reasons = dict(row.reasons or {})
    stored = reasons.get("enisa") or {}
    return {
        "at": iso_local(row.at, tz),
        "answers": row.answers,
        "enisa": {
            "score": row.enisa_score, "band": row.enisa_band, "dpc": score.dpc, "dpc_basic": score.dpc_basic,
            "dpc_class": score.dpc_class, "ei": score.ei, "cb": score.cb, "cb_parts": score.cb_parts,
            "parts": stored.get("parts", {}), "groups": stored.get("groups", []), "readable": stored.get("readable", []),
        },
        "ap_severity": row.ap_severity,
        "ap_severity_label": {lang: vocabulary.label("ap_severity", row.ap_severity, lang) for lang in ("nl", "en")},
        "severity_explanation": row.severity_explanation,
        "risk": reasons.get("risk"),
        "grounds": reasons.get("grounds", []),
        "exception": reasons.get("exception"),
        "recommend_ap": row.recommend_ap,
        "recommend_subjects": row.recommend_subjects,
        "reasons": {"ap": reasons.get("ap"), "subjects": reasons.get("subjects")},
        "example": None if example is None else {
            "key": example.key, "citation": example.citation("en"), "ap": example.ap, "subjects": example.subjects,
        },
        # added by issue 14; rows stored before it read as empty
        "severity_adjustments": reasons.get("adjustments", []),
        "examples": reasons.get("examples", []),
        "dutch_lines": [
            {"key": key, "source": line.source, "url": line.url, "effect": {"nl": line.effect_nl, "en": line.effect_en}}
            for key in reasons.get("dutch_lines", []) if (line := dutch.BY_KEY.get(key)) is not None
        ],
        "subjects_scope": reasons.get("subjects_scope"),
        "authority": reasons.get("authority"),
    }


def decision_json(d, tz: str) -> dict[str, Any]:
    return {
        "obligation": d.obligation,
        "notify": d.notify,
        "reason": d.reason,
        "by": d.decided_by,
        "at": iso_local(d.at, tz),
        "recommended": d.recommended,
        "departs": d.departs,
    }


def stats_text(figures, year: int | None) -> str:
    """`breach stats`: the figures, one a line."""
    def median(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f} h"

    f = figures
    in_time = f"{f.ap_in_time} within the window" + (f" ({100 * f.ap_in_time / f.ap_notified:.0f}%)" if f.ap_notified else "")
    persons = f"{f.persons_informed} in {f.subjects_informed} breaches" + (
        f" ({f.persons_unknown} without a count)" if f.persons_unknown else "")
    lines = [
        f"breaches              {f.breaches} ({f.open} open, {f.closed} closed)" + (f"; {f.void} void left out" if f.void else ""),
        f"notified to the AP    {f.ap_notified}, {in_time}" + (f"; {f.ap_decided_not} decided not to" if f.ap_decided_not else ""),
        f"aware to AP notice    median {median(f.ap_hours_median)}",
        f"signal to aware       median {median(f.signal_hours_median)} ({f.from_signal} from a signal)",
        f"persons informed      {persons}",
        f"against the advice    {f.against_advice} decisions",
    ]
    return (f"{year}\n" if year else "every year\n") + "\n".join(lines)


def stats_per_org_text(overall, per: dict, year: int | None) -> str:
    """`breach stats --all-orgs`: one line per organisation, then every organisation's figures."""
    def median(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    lines = [f"{'organisation':<20} {'breaches':>8} {'open':>5} {'AP':>5} {'in 72h':>7} {'median h':>9} "
             f"{'informed':>9} {'against':>8}"]
    for short, f in per.items():
        lines.append(f"{short:<20} {f.breaches:>8} {f.open:>5} {f.ap_notified:>5} {f.ap_in_time:>7} "
                     f"{median(f.ap_hours_median):>9} {f.persons_informed:>9} {f.against_advice:>8}")
    return "\n".join(lines) + "\n\n" + stats_text(overall, year)


def org_history(events, tz: str) -> list[str]:
    """The organisation's changes, oldest first: when, who, what, and each field's old -> new value."""
    lines = []
    for event in events:
        lines.append(f"{format_local(event.at, tz)}  {event.text}" + (f" (by {event.by})" if event.by else ""))
        for name, (old, new) in (event.data.get("changes") or {}).items():
            lines.append(f"    {name}: {_shown(old)} -> {_shown(new)}")
    return lines or ["no changes recorded"]


def _shown(value) -> str:
    if value in (None, "", {}):
        return "-"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
