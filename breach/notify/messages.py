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
        # titles: what and when first, the id last
        "title_ap": "AP-melding",
        "title_customers": "Klanten informeren",
        "title_customers_processor": "Verwerkingsverantwoordelijke informeren",
        "title_subjects": "Betrokkenen informeren",
        "title_before": "{what}: nog {left} · {ref}",
        "title_deadline": "{what}: termijn verloopt nu · {ref}",
        "title_overdue": "TE LAAT: {what} {ref}, al {late}",
        "title_no_hours": "{what}: nog niet gedaan · {ref}",
        "title_opened": "Nieuw datalek {ref}",
        "title_opened_clock": "Nieuw datalek {ref} · {what}: nog {left}",
        "title_opened_overdue": "Nieuw datalek {ref} · TE LAAT: {what}, al {late}",
        # the first line: the next action in words
        "act_ap_before": "Meld het datalek vóór {when} bij de Autoriteit Persoonsgegevens.",
        "act_ap_deadline": "Meld het datalek nu bij de Autoriteit Persoonsgegevens; de termijn verloopt.",
        "act_ap_overdue": "Meld het datalek alsnog bij de Autoriteit Persoonsgegevens en geef daarbij de reden "
                          "van de vertraging (art. 33 lid 1 AVG).",
        "act_customers_before": "Informeer vóór {when} de klanten van wie gegevens betrokken zijn, zoals met hen afgesproken.",
        "act_customers_deadline": "Informeer nu de klanten van wie gegevens betrokken zijn; de afgesproken termijn verloopt.",
        "act_customers_overdue": "Informeer de klanten van wie gegevens betrokken zijn alsnog; de afgesproken termijn "
                                 "is verstreken.",
        "act_customers_processor_before": "Informeer vóór {when} de verwerkingsverantwoordelijke over het datalek "
                                          "(art. 33 lid 2 AVG).",
        "act_customers_processor_deadline": "Informeer nu de verwerkingsverantwoordelijke; de afgesproken termijn verloopt.",
        "act_customers_processor_overdue": "Informeer de verwerkingsverantwoordelijke alsnog, zonder verdere vertraging "
                                           "(art. 33 lid 2 AVG).",
        "act_subjects": "Informeer de betrokkenen onverwijld (art. 34 lid 1 AVG); u weet al {elapsed} van het datalek.",
        "opened_first": "Er is een datalek geregistreerd.",
        "opened_none": "Er is een datalek geregistreerd; er loopt (nog) geen termijn.",
        "deadline_line": "- {what}: uiterlijk {when}",
        "escalated": "Na {wait} heeft nog niemand dit bevestigd; daarom krijgt u het nu ook.",
        "hint_button": "Pakt u dit op? Tik op ‘Gezien’{rest}",
        "hint_link": "Pakt u dit op? Open de link hieronder en kies ‘Gezien’{rest}",
        "hint_words": "Pakt u dit op? Bevestig het met de opdracht onderaan{rest}",
        "hint_next": "; anders gaat dit over {wait} naar {next}.",
        "seen": "Gezien: {url}",
        "deadline": "Termijn: {when}",
        "draft": "Concept bekijken: {command}",
        "done": "Gedaan? Leg het vast: {command}",
        "show": "Stand van zaken: {command}",
        "ack": "Bevestig dat u ermee bezig bent: {command}",
        "persons": "Aantal betrokkenen: {persons}",
        "reassess": "Na de risicobeoordeling zijn de feiten gewijzigd; voer de beoordeling opnieuw uit: {command}",
        "hours": "{h} uur",
        "org": "Organisatie: {name}",
        "controllers": "Verwerkingsverantwoordelijken geïnformeerd: {told} van {of}; wie nog niet: {command}",
        "notices": "kennisgevingen",
        "test_title": "breach: testbericht (geen datalek)",
        "test_body": "Dit kanaal ontvangt herinneringen bij datalekken. Er hoeft niets te gebeuren.",
    },
    "en": {
        "ap": "AP notification",
        "customers": "customer notification",
        "customers_processor": "notification to the controller",
        "subjects": "tell the persons",
        "title_ap": "AP notification",
        "title_customers": "Tell the customers",
        "title_customers_processor": "Tell the controller",
        "title_subjects": "Tell the persons",
        "title_before": "{what}: {left} left · {ref}",
        "title_deadline": "{what}: due now · {ref}",
        "title_overdue": "OVERDUE: {what} {ref}, {late} late",
        "title_no_hours": "{what}: not done yet · {ref}",
        "title_opened": "New breach {ref}",
        "title_opened_clock": "New breach {ref} · {what}: {left} left",
        "title_opened_overdue": "New breach {ref} · OVERDUE: {what}, {late} late",
        "act_ap_before": "Notify the Dutch Data Protection Authority (AP) of the breach by {when}.",
        "act_ap_deadline": "Notify the AP of the breach now; the deadline is here.",
        "act_ap_overdue": "Notify the AP now and give the reasons for the delay (GDPR art. 33(1)).",
        "act_customers_before": "Tell the customers whose data is involved by {when}, as agreed with them.",
        "act_customers_deadline": "Tell the customers whose data is involved now; the agreed deadline is here.",
        "act_customers_overdue": "Tell the customers whose data is involved without further delay; the agreed "
                                 "deadline has passed.",
        "act_customers_processor_before": "Tell the controller about the breach by {when} (GDPR art. 33(2)).",
        "act_customers_processor_deadline": "Tell the controller now; the agreed deadline is here.",
        "act_customers_processor_overdue": "Tell the controller without further delay (GDPR art. 33(2)).",
        "act_subjects": "Tell the persons concerned without undue delay (GDPR art. 34(1)); you have known of the "
                        "breach for {elapsed}.",
        "opened_first": "A personal-data breach was recorded.",
        "opened_none": "A personal-data breach was recorded; no clock runs (yet).",
        "deadline_line": "- {what}: due {when}",
        "escalated": "Nobody has acknowledged this within {wait}, so it now comes to you as well.",
        "hint_button": "On it? Tap ‘Seen’{rest}",
        "hint_link": "On it? Open the link below and choose ‘Seen’{rest}",
        "hint_words": "On it? Confirm it with the command at the bottom{rest}",
        "hint_next": "; otherwise it goes to {next} in {wait}.",
        "seen": "Seen: {url}",
        "deadline": "Deadline: {when}",
        "draft": "A draft to check: {command}",
        "done": "Done? Record it: {command}",
        "show": "Where things stand: {command}",
        "ack": "Acknowledge: {command}",
        "persons": "Persons concerned: {persons}",
        "reassess": "Facts changed after the risk assessment; run it again: {command}",
        "hours": "{h} h",
        "org": "Organisation: {name}",
        "controllers": "Controllers told: {told} of {of}; who is left: {command}",
        "notices": "notices",
        "test_title": "breach: test message (no breach)",
        "test_body": "This channel receives breach reminders. Nothing needs to be done.",
    },
}
ACK_LABEL = {"nl": "Gezien", "en": "Seen"}


@dataclass(frozen=True)
class AckHint:
    """How the reader can acknowledge: `button` (ntfy's action), `link` (a URL to open) or `words` (the
    `breach ack` command). `next_label`/`wait_minutes`: who gets it next and after how long when nobody
    does (None: nobody); `escalated_after`: the wait after which it reached this reader (None: first rung)."""

    mode: str = "words"
    url: str | None = None
    next_label: str | None = None
    wait_minutes: int | None = None
    escalated_after: int | None = None


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


def wait_words(minutes: int, language: str) -> str:
    """`30 min`, `2 uur` / `2 h`, `1 u 30 min` / `1h 30m`."""
    if minutes < 60:
        return f"{minutes} min"
    if minutes % 60 == 0:
        return WORDS[language]["hours"].format(h=minutes // 60)
    return span(minutes * 60, language)


def _key(obligation: str, role: str) -> str:
    return "customers_processor" if obligation == "customers" and role == "processor" else obligation


def _what(obligation: str, role: str, language: str) -> str:
    return WORDS[language][_key(obligation, role)]


def _phase(state: deadlines.ClockState, now: datetime) -> str:
    left = state.seconds_left(now)
    return "overdue" if left < 0 else "deadline" if left < 60 else "before"


def action(state: deadlines.ClockState, role: str, now: datetime, tz: str, language: str) -> str:
    """The next action in words: the first line of a reminder."""
    words = WORDS[language]
    if state.deadline is None:
        elapsed = span((pendulum.instance(now) - state.since).total_seconds(), language)
        return words[f"act_{state.obligation}"].format(elapsed=elapsed)
    when = short_moment(state.deadline, tz, language)
    return words[f"act_{_key(state.obligation, role)}_{_phase(state, now)}"].format(when=when)


def title_of(state: deadlines.ClockState, role: str, ref: str, now: datetime, language: str) -> str:
    """What and when, the breach id last: `AP-melding: nog 11 u 40 min · DL-2026-004`."""
    words = WORDS[language]
    what = words[f"title_{_key(state.obligation, role)}"]
    if state.deadline is None:
        return words["title_no_hours"].format(what=what, ref=ref)
    left = state.seconds_left(now)
    phase = _phase(state, now)
    if phase == "overdue":
        return words["title_overdue"].format(what=what if what[:2].isupper() else what[0].lower() + what[1:],
                                             ref=ref, late=span(left, language))
    return words[f"title_{phase}"].format(what=what, ref=ref, left=span(left, language))


def _first(text: str, incident: Incident, detail: bool) -> str:
    """With `--detail` the breach's title leads the first line: a lock screen shows no more."""
    if not detail or not incident.title:
        return text
    title = incident.title.strip()
    return f"{title} {text}" if title[-1:] in ".!?" else f"{title}. {text}"


def _hint(hint: AckHint, language: str) -> list[str]:
    words = WORDS[language]
    rest = "."
    if hint.next_label and hint.wait_minutes:
        rest = words["hint_next"].format(wait=wait_words(hint.wait_minutes, language), next=hint.next_label)
    lines = []
    if hint.escalated_after:
        lines.append(words["escalated"].format(wait=wait_words(hint.escalated_after, language)))
    mode = hint.mode if hint.url or hint.mode == "words" else "words"
    lines.append(words[f"hint_{mode}"].format(rest=rest))
    return lines


def reminder(
    incident: Incident, step: Step, states: dict[str, deadlines.ClockState], now: datetime, tz: str, language: str,
    *, detail: bool = False, hint: AckHint | None = None, reassess: bool = False, ref: str | None = None,
    org: str | None = None, breach: str = "breach",
) -> Message:
    """Written for a lock screen. Title: what and when, the breach id last. Body: the next action in
    words, who else gets it and how to acknowledge, the deadline, and the exact `breach` commands last.
    No fact of the breach unless the channel opted in with `--detail` (then its title leads). `reassess`:
    facts changed after the latest risk assessment (`assessments.stale_ids`), one line says to run it again.

    In a store of several organisations `ref` is the id as the title shows it (`short/DL-2026-001`), `org`
    the organisation's name, the body's first line (whose breach it is), and `breach` the command with
    its `--org`, so each command in the body works for the right organisation as it is."""
    words = WORDS[language]
    hint = hint or AckHint()
    own = incident.ref
    ref = ref or own
    lines: list[str] = [words["org"].format(name=org)] if org else []
    if step.obligation == OPENED:
        running = [s for s in states.values() if s.running]
        nearest = min((s for s in running if s.deadline), key=lambda s: s.deadline, default=None)
        if nearest is not None:
            what = words[f"title_{_key(nearest.obligation, incident.role)}"]
            left = nearest.seconds_left(now)
            title = (words["title_opened_clock"].format(ref=ref, what=what, left=span(left, language)) if left >= 0 else
                     words["title_opened_overdue"].format(ref=ref, what=what.lower() if language == "nl" else what,
                                                          late=span(-left, language)))
            first = words["opened_first"] + " " + action(nearest, incident.role, now, tz, language)
        elif running:
            title = words["title_opened"].format(ref=ref)
            first = words["opened_first"] + " " + action(running[0], incident.role, now, tz, language)
        else:
            title = words["title_opened"].format(ref=ref)
            first = words["opened_none"]
        lines.append(_first(first, incident, detail))
        lines += _hint(hint, language)
        for state in running:
            what = _what(state.obligation, incident.role, language)
            if state.deadline is not None:
                lines.append(words["deadline_line"].format(what=what, when=long_moment(state.deadline, tz, language)))
        lines += _facts(incident, detail, language)
        if hint.url and hint.mode == "link":
            lines.append(words["seen"].format(url=hint.url))
        if reassess:
            lines.append(words["reassess"].format(command=f"{breach} assess {own}"))
        lines.append(words["ack"].format(command=f"{breach} ack {own}"))
        lines.append(words["show"].format(command=f"{breach} show {own}"))
    else:
        state = states[step.obligation]
        title = title_of(state, incident.role, ref, now, language)
        lines.append(_first(action(state, incident.role, now, tz, language), incident, detail))
        lines += _hint(hint, language)
        if state.deadline is not None:
            lines.append(words["deadline"].format(when=long_moment(state.deadline, tz, language)))
        lines += _facts(incident, detail, language)
        if hint.url and hint.mode == "link":
            lines.append(words["seen"].format(url=hint.url))
        if state.of is not None:  # a processor's breach with controllers: each is told apart
            lines.append(words["controllers"].format(told=state.told or 0, of=state.of,
                                                     command=f"{breach} controllers {own}"))
        if reassess:
            lines.append(words["reassess"].format(command=f"{breach} assess {own}"))
        which = " --controller all" if state.of is not None else ""
        lines.append(words["draft"].format(command=f"{breach} draft {own} {step.obligation}{which}"
                                           + (f" --out {own}-{words['notices']}" if which else "")))
        lines.append(words["done"].format(command=f"{breach} notified {own} {step.obligation}{which}"))
        lines.append(words["ack"].format(command=f"{breach} ack {own}"))
        lines.append(words["show"].format(command=f"{breach} show {own}"))
    return Message(title, "\n".join(lines))


def _facts(incident: Incident, detail: bool, language: str) -> list[str]:
    if not detail or incident.persons_min is None:
        return []
    persons = render.number_range(incident.persons_min, incident.persons_max, language, dash=True)
    return [WORDS[language]["persons"].format(persons=persons)]


def test_message(language: str) -> Message:
    return Message(WORDS[language]["test_title"], WORDS[language]["test_body"])
