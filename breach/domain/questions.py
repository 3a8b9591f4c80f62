"""The questions of `breach assess` in plain language, how an answer is read, and which question
follows from the answers so far: the interview, as pure functions of the incident's facts and the
answers given. A front end does only the asking (`next_question`, then `reply` with what was typed).

Facts the incident already holds (kinds of data, groups and number of persons, the kind of breach)
are reused, not asked twice. Questions that only some breaches need come only when the answers so
far call for them: the backup once data are unavailable, the recipients' return and secrecy once they
are known, the art. 34(3) exceptions once the preliminary assessment finds a high risk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from breach.domain import answers as answers_module
from breach.domain import assessment, inputs, vocabulary
from breach.errors import InvalidInput

YES_NO = "yes, no"

QUESTIONS: dict[str, tuple[str, str]] = {
    "data_categories": ("Which kinds of personal data are involved?",
                        "comma-separated: name, gender, birthdate, bsn, contact, address, email, phone, credentials, "
                        "financial, iban, creditcard, debts, benefits, id-document, location, criminal, unknown, other:TEXT"),
    "special_categories": ("Special categories of data involved? (blank: none)",
                           "ethnicity, political, religion, union, sexual, health, genetic, biometric"),
    "person_categories": ("Which groups of persons? (blank: skip)",
                          "employees, customers, students, patients, minors, vulnerable, other:TEXT"),
    "persons": ("How many persons?", "a number, a range such as 100-250, or unknown"),
    "cause": ("What happened? (blank: skip)",
              "wrong-recipient-email, cc-instead-of-bcc, wrong-recipient-post, post-returned-opened, post-lost, "
              "authorisations, network-share, device-lost-stolen, published, hacking, wrong-file, other:TEXT"),
    "protected": ("Were the data protected beforehand, so that nobody without access could read them?",
                  "no; encrypted (and the key is safe); hashed (current, salted method); unintelligible (made "
                  "unreadable another way). Encryption by ransomware does not count."),
    "confidentiality": ("Could people who should not see the data have seen them?",
                        "none: no; exposed: possibly, but no sign that anyone did (lost, left open); known: yes, "
                        "recipients we know (a mis-sent e-mail, a colleague); unknown: yes, people we do not know "
                        "(a thief, a hacker, published)"),
    "integrity": ("Were the data changed?",
                  "none: no; altered: changed, no sign of misuse, the original is there; recoverable: changed and "
                  "possibly misused, can be restored; unrecoverable: changed and possibly misused, cannot be restored"),
    "availability": ("Are the data unavailable?",
                     "none: no; recoverable: briefly, restored without difficulty; temporary: for a while; "
                     "permanent: lost for good"),
    "backup": ("Is there a working backup of the data?", YES_NO),
    "malicious": ("Was it done on purpose (theft, hacking, phishing, an insider)?", YES_NO),
    "identification": ("How easily can the persons be identified from these data?",
                       "maximum: directly (a name with an address, e-mail or birth date); significant: relatively "
                       "easily; limited: under certain conditions; negligible: extremely hard"),
    "dpc": ("ENISA scores these data {basic} ({klass} data) on its 1-4 scale. Does the context make them tell more, or less?",
            "1-4, blank keeps {basic}. More: the amount or the organisation reveals health, money or habits (a "
            "pharmacy, a debt counsellor), or the persons are vulnerable. Less: the data were public already or reveal little"),
    "dpc_reason": ("Why does the context change the score? (kept in the register)", "one line"),
    "recovered": ("Did the recipients return or delete the data?", YES_NO),
    "trusted": ("Are all recipients bound to confidentiality (a colleague, a professional bound to secrecy, a "
                "contracted supplier)?", YES_NO),
    "special_nature": ("What do the special categories of data reveal?",
                       "full: the data themselves (a diagnosis, test results, the file); specific: they point to a "
                       "specific condition or belief; general: a general assumption (was in hospital, on sick leave); "
                       "trivial: no substantial insight or already public (a food preference such as 'lactose "
                       "intolerant'). Blank: full"),
    "special_persons": ("Of the persons, how many do the special categories concern? (blank: all)", "a number"),
    "financial": ("What do the financial data show, at most?",
                  "contract: only that a contract exists; amounts: a premium, an invoice, one payment; account: "
                  "account numbers without balances; statement: balances, a month's statement, income; history: "
                  "a transaction history; card: payment card data usable to pay. Blank: as the kinds of data say"),
    "credentials_open": ("What do the leaked credentials give access to?",
                         "simple: an account with basic data; behavioural: habits, history; financial: money, "
                         "payments; sensitive: health or other special data. Blank: simple"),
    "protected_data": ("Which of the data did the protection cover? (blank: all of them)",
                       "comma-separated kinds of data, e.g. credentials (passwords hashed, user names not)"),
    "exfiltration": ("Do logs or forensic investigation show whether data left?",
                     "excluded: they show nobody unauthorised accessed or copied the data; unknown: not known (no "
                     "logs, not investigated); confirmed: data were copied"),
    "unavailable_hours": ("How long were (or are) the data unavailable? (blank: not known)",
                          "a duration: 45m, 30h, 5d"),
    "availability_effect": ("What did the unavailability do to the persons?",
                            "none: nothing they noticed; delays: orders, deliveries or payments delayed; harm: care, "
                            "treatment or safety affected"),
    "recipients": ("How many people received the data? (blank: not known)", "a number, 1 or more"),
    "recipient_kind": ("Who received them?",
                       "colleague: someone in the organisation; professional: bound to professional secrecy or a "
                       "contracted supplier; customer: a private person; public: a list, or the public"),
    "cross_border": ("Are persons in other EU countries involved?", YES_NO),
    "contained": ("Have measures taken since made the high risk unlikely to happen (e.g. accounts blocked before "
                  "anyone used them)?", YES_NO),
    "disproportionate": ("Would informing each person individually take disproportionate effort (then a public "
                         "notice instead)?", YES_NO),
}

class IncidentFacts(Protocol):
    """What the interview reads from an incident (a `breach.store.models.Incident` row)."""

    data_categories: list[str]
    special_categories: list[str]
    person_categories: list[str]
    persons_min: int | None
    persons_max: int | None
    records: int | None
    breach_types: list[str]
    cross_border: bool | None


# Incident facts an answer may fill in or correct (answer name -> Incident field names).
INCIDENT_FACTS = ("data_categories", "special_categories", "person_categories", "persons_min", "persons_max", "records",
                  "cross_border")


def recorded_summary(known: dict[str, Any]) -> str:
    """`data: name, email; persons: 100-250` for the facts reused from the incident."""
    parts = []
    for name, value in known.items():
        if name == "persons_max":
            continue
        if name == "persons_min":
            high = known.get("persons_max")
            parts.append(f"persons: {value}" + ("+" if high is None else f"-{high}" if high != value else ""))
        elif isinstance(value, tuple):
            parts.append(f"{name.replace('_', ' ')}: {', '.join(value)}")
        else:
            parts.append(f"{name.replace('_', ' ')}: {value}")
    return "; ".join(parts)


def from_incident(incident: IncidentFacts) -> dict[str, Any]:
    """What the incident already tells: its facts, and the kind of breach where it was recorded."""
    known: dict[str, Any] = {}
    for name in ("data_categories", "special_categories", "person_categories"):
        if getattr(incident, name):
            known[name] = tuple(getattr(incident, name))
    if incident.persons_min is not None:
        known["persons_min"], known["persons_max"] = incident.persons_min, incident.persons_max
    if incident.records is not None:
        known["records"] = incident.records
    if getattr(incident, "cross_border", None) is not None:
        known["cross_border"] = incident.cross_border
    types = set(incident.breach_types or ())
    if types:
        if "confidentiality" not in types:
            known["confidentiality"] = "none"
        if "integrity" not in types:
            known["integrity"] = "none"
        if "availability-permanent" in types:
            known["availability"] = "permanent"
        elif "availability-temporary" not in types:
            known["availability"] = "none"
    return known


def still_needed(values: Mapping[str, Any]) -> list[str]:
    """The answers without which no assessment can be made, in the order they are asked."""
    needed = []
    if not values.get("data_categories") and not values.get("special_categories"):
        needed.append("data_categories")
    for name in ("protected", "confidentiality", "integrity", "availability", "malicious"):
        if values.get(name) is None:
            needed.append(name)
    if applies("backup", values) and values.get("backup") is None:
        needed.append("backup")
    return needed


def _financial(values: Mapping[str, Any]) -> bool:
    return any(c in assessment.FINANCIAL_CATEGORIES for c in values.get("data_categories") or ())


# Which question applies, given the answers so far: the interview asks nothing else, and a flag given
# for a question that does not apply is kept but reported (`not_applying`).
APPLIES = {
    "recovered": lambda v: v.get("confidentiality") == "known" or (
        v.get("confidentiality") == "exposed" and not v.get("malicious")
        and v.get("cause") not in (*assessment.ATTACK_CAUSES, "post-lost")),
    "trusted": lambda v: v.get("confidentiality") == "known",
    "recipients": lambda v: v.get("confidentiality") == "known",
    "recipient_kind": lambda v: v.get("confidentiality") == "known",
    "backup": lambda v: v.get("availability") in ("temporary", "permanent") or (
        v.get("cause") == "ransomware" and v.get("availability") not in (None, "none")),
    "unavailable_hours": lambda v: v.get("availability") not in (None, "none"),
    "availability_effect": lambda v: v.get("availability") not in (None, "none"),
    "exfiltration": lambda v: v.get("cause") in assessment.ATTACK_CAUSES or (
        bool(v.get("malicious")) and v.get("cause") is None and v.get("confidentiality") not in (None, "none")) or (
        v.get("confidentiality") == "exposed" and v.get("cause") in assessment.ACCESS_CAUSES),
    "special_persons": lambda v: bool(v.get("special_categories")),
    "special_nature": lambda v: bool(v.get("special_categories")),
    "financial": _financial,
    "credentials_open": lambda v: "credentials" in (v.get("data_categories") or ()),
    "protected_data": lambda v: v.get("protected") not in (None, "no")
    and len(tuple(v.get("data_categories") or ()) + tuple(v.get("special_categories") or ())) > 1,
}


def applies(name: str, values: Mapping[str, Any]) -> bool:
    return APPLIES[name](values) if name in APPLIES else True


ASSUMED = {
    "financial": "financial data scored by their kinds (a statement: ENISA 3); amounts (a premium, an invoice) score 2",
    "special_nature": "special categories scored as the data themselves (ENISA 4); say general or trivial when they "
                      "reveal little",
    "exfiltration": "not known whether data left: after an attack that keeps the AP notification",
}


def assumed(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The questions that apply but went unanswered, with the conservative reading taken instead."""
    return [(name, text) for name, text in ASSUMED.items() if applies(name, values) and values.get(name) is None]


def not_applying(values: Mapping[str, Any], given: Mapping[str, Any]) -> list[str]:
    """The answers given up front for questions that do not apply to these answers (ignored by the
    interview, reported to the user; the weighing reads them as given)."""
    return [name for name in given if name in APPLIES and given[name] not in (None, False, ()) and not applies(name, values)]


def breach_types(values: Mapping[str, Any]) -> list[str]:
    """The AP form's kind of breach, from the answers."""
    types = []
    if values.get("confidentiality", "none") != "none":
        types.append("confidentiality")
    if values.get("integrity", "none") != "none":
        types.append("integrity")
    if values.get("availability") == "permanent":
        types.append("availability-permanent")
    elif values.get("availability") in ("temporary", "recoverable"):
        types.append("availability-temporary")
    return types


def incident_changes(incident: IncidentFacts, values: Mapping[str, Any]) -> dict[str, Any]:
    """Facts to record on the incident: what the answers say that the incident lacks or says otherwise
    (an answer given as a flag corrects the fact, as `breach update` would; the change is an event)."""
    changes: dict[str, Any] = {}
    for name in INCIDENT_FACTS:
        if name in values and values[name] is not None:
            new = list(values[name]) if isinstance(values[name], tuple) else values[name]
            if new != getattr(incident, name):
                changes[name] = new
    types = breach_types(values)
    if types and set(types) != set(incident.breach_types or ()):
        changes["breach_types"] = types
    return changes


def answers_from(values: Mapping[str, Any]) -> assessment.Answers:
    fields = {name for name in assessment.Answers.__dataclass_fields__}
    clean = {k: v for k, v in values.items() if k in fields and v is not None}
    if "identification" not in clean:
        clean["identification"] = assessment.suggested_identification(clean.get("data_categories", ()))
    return assessment.Answers(**clean)


# Reading an answer ----------------------------------------------------------------------------

LISTED = ("data_categories", "special_categories", "person_categories")
CHOICES = ("protected", "identification", "confidentiality", "integrity", "availability", "financial", "special_nature",
           "credentials_open", "exfiltration", "availability_effect", "recipient_kind")
YES_NO_ANSWERS = ("malicious", "backup", "recovered", "trusted", "contained", "disproportionate", "cross_border")
COUNTS = ("special_persons", "recipients")
# Questions a blank reply leaves unanswered (the weighing takes its conservative reading).
OPTIONAL = ("special_persons", "special_nature", "financial", "credentials_open", "protected_data", "exfiltration",
            "unavailable_hours", "availability_effect", "recipients", "recipient_kind")
# Every answer that may be given up front (`breach assess --confidentiality known`), in the order
# they are read: the first one that is not accepted is the one refused.
GIVEN = (*LISTED, "persons", "cause", "protected", "identification", "confidentiality", "integrity", "availability",
         "malicious", "backup", "recovered", "trusted", "contained", "disproportionate", "dpc", "dpc_reason",
         "special_persons", "special_nature", "financial", "credentials_open", "protected_data", "exfiltration",
         "unavailable_hours", "availability_effect", "recipients", "recipient_kind", "cross_border")


def _cause(text: str) -> str | None:
    found = vocabulary.parse_list("incident_kind", [text]) if text.strip() else []
    if len(found) > 1:
        raise InvalidInput(f"give one kind of incident, not {len(found)}", field="cause")
    return found[0] if found else None


def _kinds(text: str) -> tuple[str, ...]:
    """Kinds of data or special categories, in one list (for `protected_data`)."""
    found: list[str] = []
    for item in (part.strip() for part in text.split(",") if part.strip()):
        try:
            found += vocabulary.parse_list("data_categories", [item])
        except InvalidInput:
            try:
                found += vocabulary.parse_list("special_categories", [item])
            except InvalidInput:
                raise InvalidInput(f"'{item}' is not a kind of data (accepted: the keys of --data and --special)",
                                   field="protected_data") from None
    return tuple(dict.fromkeys(found))


def parse(name: str, text: str) -> Any:
    """The value of answer `name` as typed; refused with what is accepted. A blank reply to an
    optional question leaves it unanswered (None)."""
    if name in OPTIONAL and not text.strip():
        return () if name == "protected_data" else None
    if name == "protected_data":
        return _kinds(text)
    if name in COUNTS:
        return inputs.parse_count(text, name)
    if name == "unavailable_hours":
        return answers_module.parse_duration(text)
    if name in LISTED:
        return tuple(vocabulary.parse_list(name, [text]))
    if name == "persons":
        return inputs.parse_persons(text)
    if name == "cause":
        return _cause(text)
    if name in CHOICES:
        return assessment.parse_choice(text, name)
    if name in YES_NO_ANSWERS:
        return inputs.parse_yes_no(text, name)
    if name == "dpc":
        return assessment.parse_dpc(text)
    if name == "dpc_reason":
        return inputs.clean(text, "dpc_reason")
    raise KeyError(name)


def as_values(name: str, value: Any) -> dict[str, Any]:
    """The answer as the values it sets: a number of persons is its lowest and highest."""
    if name == "persons":
        return {"persons_min": value[0], "persons_max": value[1]}
    return {name: value}


def given(texts: Mapping[str, str | list[str] | None]) -> dict[str, Any]:
    """The answers given up front, read: {answer name: text, or a list of texts for a list of keys;
    None or an empty list when not given}."""
    values: dict[str, Any] = {}
    for name in GIVEN:
        text = texts.get(name)
        if isinstance(text, list):
            text = ",".join(text) if text else None
        if text is not None:
            values.update(as_values(name, parse(name, text)))
    return values


# The interview --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One question to ask: its name (the answer it gives), the default offered (an empty reply
    takes it), and the words its text is filled with."""

    name: str
    default: str | None = None
    words: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> tuple[str, str]:
        """(the question, what is accepted) in plain language."""
        question, accepted = QUESTIONS[self.name]
        return question.format(**self.words), accepted.format(**self.words)

    def reply(self, text: str) -> dict[str, Any]:
        """The values a reply sets; refused with what is accepted (then ask again)."""
        if self.name == "dpc":
            text = text or self.default or ""
        value = parse(self.name, text)
        if self.name == "dpc_reason" and not value:
            raise InvalidInput("empty (expected why the context changes the score)", field="dpc_reason")
        return as_values(self.name, value)


def starting_values(incident: IncidentFacts, given: Mapping[str, Any]) -> dict[str, Any]:
    """What the interview starts from: the incident's facts, overridden by the answers given."""
    return {**from_incident(incident), **given}


def reused(incident: IncidentFacts, given: Mapping[str, Any]) -> dict[str, Any]:
    """The incident's facts the assessment reuses: those no answer given overrides."""
    return {name: value for name, value in from_incident(incident).items() if name not in given}


def next_question(values: Mapping[str, Any], given: Mapping[str, Any]) -> Question | None:
    """The question to ask next, given the answers so far (`values`, see `starting_values`) and those
    given up front; None when the interview is over. Each question's reply goes into `values`."""
    for name in LISTED:
        if name not in values:
            return Question(name)
    if "persons_min" not in values:
        return Question("persons", default="unknown")
    if "cause" not in values:
        return Question("cause")
    needed = still_needed(values)  # the backup comes with them once the data are known to be unavailable
    if needed:
        if needed[0] == "malicious" and values.get("cause") in assessment.MALICIOUS_CAUSES:
            return Question("malicious", default="yes")  # ransomware, phishing, an insider: on purpose
        return Question(needed[0])
    if "identification" not in values:
        return Question("identification", default=assessment.suggested_identification(values.get("data_categories", ())))
    for name in ("exfiltration", "unavailable_hours", "availability_effect", "special_nature", "special_persons",
                 "financial", "credentials_open", "protected_data"):
        if name not in values and applies(name, values):
            return Question(name, default="unknown" if name == "exfiltration" else None)
    answers = answers_from(values)
    basic, _ = assessment.basic_dpc(answers)
    if "dpc" not in values:
        klass = assessment.enisa(answers).dpc_class
        return Question("dpc", default=str(basic), words={"basic": basic, "klass": klass})
    if "dpc" not in given and values["dpc"] != basic and not values.get("dpc_reason"):
        return Question("dpc_reason")
    if applies("recovered", values) and "recovered" not in values:
        return Question("recovered", default="no")
    for name in ("recipients", "recipient_kind"):
        if applies(name, values) and name not in values:
            return Question(name)
    if applies("trusted", values) and "trusted" not in values and values.get("recipient_kind") is None:
        return Question("trusted", default="no")
    exceptions = [name for name in ("contained", "disproportionate") if name not in values]
    if exceptions and preliminary(values).recommendation.risk == assessment.HIGH:
        return Question(exceptions[0], default="no")
    return None


def preliminary(values: Mapping[str, Any]) -> assessment.Result:
    """The assessment on the answers so far, to see whether the art. 34(3) exceptions need asking."""
    return assessment.assess(answers_from(values))
