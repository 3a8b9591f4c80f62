"""The text of a reminder, in the profile's language, short enough for a phone's lock screen.

Chat and push services are third parties: by default a reminder carries the breach id, the
obligation, the local deadline with the time left and the next command, never the facts of the
breach. A channel added with `--detail` also gets the title and the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pendulum

from breach.documents import render
from breach.domain import deadlines
from breach.domain.schedule import OPENED, Step

if TYPE_CHECKING:
    from breach.store.models import Incident

WORDS = {
    "nl": {
        "ap": "AP-melding",
        "customers": "melding aan klanten",
        "customers_processor": "melding aan de verwerkingsverantwoordelijke",
        "subjects": "betrokkenen informeren",
        "todo_ap": "Meld het datalek bij de Autoriteit Persoonsgegevens (art. 33 AVG).",
        "todo_customers": "Informeer de klanten van wie gegevens betrokken zijn, zoals afgesproken.",
        "todo_customers_processor": "Informeer de verwerkingsverantwoordelijke zonder onredelijke vertraging (art. 33 lid 2 AVG).",
        "todo_subjects": "Informeer de betrokkenen onverwijld (art. 34 lid 1 AVG).",
        "due": "{what} uiterlijk {when} (nog {left})",
        "due_now": "{what}: termijn verloopt nu ({when})",
        "overdue": "{what} TE LAAT sinds {when} ({left})",
        "no_hours": "{what}: nog niet gedaan ({elapsed} sinds kennisname)",
        "opened": "Datalek geregistreerd",
        "opened_body": "Er is een datalek geregistreerd. De termijnen lopen:",
        "opened_none": "Er is een datalek geregistreerd; er loopt (nog) geen termijn.",
        "deadline_line": "- {what}: uiterlijk {when}",
        "deadline": "Termijn: {when}",
        "draft": "Concept bekijken: {command}",
        "done": "Gedaan? Leg het vast: {command}",
        "show": "Stand van zaken: {command}",
        "ack": "Bevestig dat u ermee bezig bent: {command}",
        "detail": "Omschrijving: {title}",
        "persons": "Aantal betrokkenen: {persons}",
        "test_title": "breach: testbericht",
        "test_body": "Dit kanaal ontvangt herinneringen bij datalekken. Er hoeft niets te gebeuren.",
    },
    "en": {
        "ap": "AP notification",
        "customers": "customer notification",
        "customers_processor": "notification to the controller",
        "subjects": "tell the persons",
        "todo_ap": "Notify the Dutch Data Protection Authority (AP) of the breach (GDPR art. 33).",
        "todo_customers": "Tell the customers whose data is involved, as agreed.",
        "todo_customers_processor": "Tell the controller without undue delay (GDPR art. 33(2)).",
        "todo_subjects": "Tell the persons concerned without undue delay (GDPR art. 34(1)).",
        "due": "{what} due {when} ({left} left)",
        "due_now": "{what}: the deadline is now ({when})",
        "overdue": "{what} OVERDUE since {when} ({left})",
        "no_hours": "{what}: not done yet ({elapsed} since awareness)",
        "opened": "Breach recorded",
        "opened_body": "A personal-data breach was recorded. The clocks run:",
        "opened_none": "A personal-data breach was recorded; no clock runs (yet).",
        "deadline_line": "- {what}: due {when}",
        "deadline": "Deadline: {when}",
        "draft": "A draft to check: {command}",
        "done": "Done? Record it: {command}",
        "show": "Where things stand: {command}",
        "ack": "Acknowledge: {command}",
        "detail": "Title: {title}",
        "persons": "Persons concerned: {persons}",
        "test_title": "breach: test message",
        "test_body": "This channel receives breach reminders. Nothing needs to be done.",
    },
}


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def span(seconds: float, language: str) -> str:
    return render.span(seconds, language)


def short_moment(instant: datetime, tz: str, language: str) -> str:
    """`di 24 nov 12:00` / `Tue 24 Nov 12:00`: what fits on a lock screen."""
    local = pendulum.instance(instant).in_tz(tz)
    return local.format("ddd D MMM HH:mm", locale=language).replace(".", "")


def long_moment(instant: datetime, tz: str, language: str) -> str:
    return render.long_moment(instant, tz, language)


def _what(obligation: str, role: str, language: str) -> str:
    key = "customers_processor" if obligation == "customers" and role == "processor" else obligation
    return WORDS[language][key]


def _todo(obligation: str, role: str, language: str) -> str:
    key = "todo_customers_processor" if obligation == "customers" and role == "processor" else f"todo_{obligation}"
    return WORDS[language][key]


def clock_headline(state: deadlines.ClockState, role: str, now: datetime, tz: str, language: str) -> str:
    words = WORDS[language]
    what = _what(state.obligation, role, language)
    if state.deadline is None:
        elapsed = span((pendulum.instance(now) - state.since).total_seconds(), language)
        return words["no_hours"].format(what=what, elapsed=elapsed)
    left = state.seconds_left(now)
    when = short_moment(state.deadline, tz, language)
    key = "overdue" if left < 0 else "due_now" if left < 60 else "due"
    return words[key].format(what=what, when=when, left=span(left, language))


def reminder(
    incident: Incident, step: Step, states: dict[str, deadlines.ClockState], now: datetime, tz: str, language: str,
    *, detail: bool = False,
) -> Message:
    """Title: which breach, which obligation, the local deadline and the time left. Body: what to do next,
    with the exact `breach` commands."""
    words = WORDS[language]
    ref = incident.ref
    lines: list[str] = []
    if step.obligation == OPENED:
        running = [s for s in states.values() if s.running]
        nearest = min((s for s in running if s.deadline), key=lambda s: s.deadline, default=None)
        title = f"{ref} · {words['opened']}"
        if nearest is not None:
            title += " · " + clock_headline(nearest, incident.role, now, tz, language)
        lines.append(words["opened_body"] if running else words["opened_none"])
        for state in running:
            what = _what(state.obligation, incident.role, language)
            if state.deadline is not None:
                lines.append(words["deadline_line"].format(what=what, when=long_moment(state.deadline, tz, language)))
            else:
                lines.append("- " + clock_headline(state, incident.role, now, tz, language))
        lines.append(words["show"].format(command=f"breach show {ref}"))
    else:
        state = states[step.obligation]
        title = f"{ref} · " + clock_headline(state, incident.role, now, tz, language)
        lines.append(_todo(step.obligation, incident.role, language))
        if state.deadline is not None:
            lines.append(words["deadline"].format(when=long_moment(state.deadline, tz, language)))
        lines.append(words["draft"].format(command=f"breach draft {ref} {step.obligation}"))
        lines.append(words["done"].format(command=f"breach notified {ref} {step.obligation}"))
        lines.append(words["show"].format(command=f"breach show {ref}"))
        lines.append(words["ack"].format(command=f"breach ack {ref}"))
    if detail:
        lines.append(words["detail"].format(title=incident.title))
        if incident.persons_min is not None:
            persons = render.number_range(incident.persons_min, incident.persons_max, language, dash=True)
            lines.append(words["persons"].format(persons=persons))
    return Message(title, "\n".join(lines))


def test_message(language: str) -> Message:
    return Message(WORDS[language]["test_title"], WORDS[language]["test_body"])
