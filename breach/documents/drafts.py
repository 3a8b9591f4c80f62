"""The three documents a breach asks for: the AP notification, the notice to customers, the letter to
the persons concerned. One context per document, built from the recorded facts, the clocks, the
notices already made, the organisation profile and (once assessed) the risk assessment.

A fact not yet known is a visible marker ("[NOG INVULLEN: …]"), never a blank and never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from breach.documents import render
from breach.domain import deadlines, vocabulary
from breach.domain.assessment import Answers, ap_form_answers, lead_authority, stale_facts
from breach.errors import InvalidInput, Refused

DOCUMENTS = ("ap", "customers", "subjects")
# Documents that --recipients merges into one letter per addressee: the persons concerned, and the
# business customers (controllers) a processor informs. The AP notification goes to one authority.
MERGED = ("customers", "subjects")
FORMATS = ("md", "txt", "html", "eml", "docx")

# Advice to the persons, matched to what leaked; the templates hold the wording of each topic.
ADVICE_BY_DATA = {
    "password": {"credentials"},
    "phishing": {"name", "email", "phone", "contact", "address", "credentials", "iban", "creditcard", "birthdate"},
    "bank": {"iban", "financial", "debts", "benefits"},
    "creditcard": {"creditcard"},
    "identity": {"id-document"},  # a birth date alone is no identity-fraud warning (it feeds phishing)
    "bsn": {"bsn"},
}
ADVICE_ORDER = (
    "cc-mailing", "password", "phishing", "bank", "creditcard", "identity", "bsn", "extortion", "sensitive", "keep-informed",
)

# What the form's question 9.1 offers that follows for certain from the nature of the breach.
_CONTROLLER_CONSEQUENCES = {
    "confidentiality": (
        "Onbevoegden hebben kennis kunnen nemen van de gegevens",
        "Unauthorised persons may have seen the data",
    ),
    "integrity": (
        "Er worden binnen uw eigen organisatie mogelijk onjuiste, onvolledige of achterhaalde persoonsgegevens gebruikt",
        "Incorrect, incomplete or outdated personal data may be used within the organisation",
    ),
}

# The letter to the persons names their data in plain words (art. 34(2): clear and plain language), not
# in the AP form's terms. A category without a plain label (an `other:` text) keeps its own wording.
PLAIN_DATA = {
    "name": ("Uw naam", "Your name"),
    "gender": ("Uw geslacht", "Your gender"),
    "birthdate": ("Uw geboortedatum of leeftijd", "Your date of birth or age"),
    "bsn": ("Uw burgerservicenummer (BSN)", "Your citizen service number (BSN)"),
    "contact": ("Uw contactgegevens", "Your contact details"),
    "address": ("Uw adres", "Your address"),
    "email": ("Uw e-mailadres", "Your e-mail address"),
    "phone": ("Uw telefoonnummer", "Your telephone number"),
    "credentials": (
        "Uw inloggegevens (zoals gebruikersnaam en wachtwoord) of klantnummer",
        "Your login details (such as user name and password) or customer number",
    ),
    "financial": ("Uw financiële gegevens", "Your financial details"),
    "iban": ("Uw bankrekeningnummer (IBAN)", "Your bank account number (IBAN)"),
    "creditcard": ("Uw creditcardgegevens", "Your credit card details"),
    "debts": ("Gegevens over uw schulden", "Information about your debts"),
    "benefits": ("Gegevens over uw uitkering", "Information about your benefits"),
    "id-document": (
        "Een kopie van uw paspoort, identiteitskaart of ander identiteitsbewijs",
        "A copy of your passport, identity card or other identity document",
    ),
    "location": ("Gegevens over waar u bent geweest (locatiegegevens)", "Information about where you have been (location data)"),
    "criminal": ("Gegevens over strafbare feiten of veroordelingen", "Information about criminal offences or convictions"),
    "unknown": ("Welke gegevens het precies zijn, weten wij nog niet", "We do not yet know exactly which data"),
}
PLAIN_SPECIAL = {
    "ethnicity": ("Gegevens over uw afkomst", "Information about your ethnic origin"),
    "political": ("Uw politieke opvattingen", "Your political opinions"),
    "religion": ("Uw geloof of levensovertuiging", "Your religion or beliefs"),
    "union": ("Uw lidmaatschap van een vakbond", "Your trade union membership"),
    "sexual": ("Gegevens over uw seksuele leven of seksuele gerichtheid", "Information about your sex life or sexual orientation"),
    "health": ("Gegevens over uw gezondheid", "Information about your health"),
    "genetic": ("Genetische gegevens over u", "Genetic data about you"),
    "biometric": ("Biometrische gegevens, zoals uw vingerafdruk of gezichtsscan", "Biometric data, such as your fingerprint or a face scan"),
}

# What a follow-up to the AP names as new or changed: the recorded fact, with the form's question.
_CHANGED = {
    "cross_border": ("gevolgen voor personen in andere landen (2.1)", "persons in other countries (2.1)"),
    "occurred_from": ("start- en einddatum van de inbreuk (4.1)", "start and end of the breach (4.1)"),
    "occurred_to": ("start- en einddatum van de inbreuk (4.1)", "start and end of the breach (4.1)"),
    "discovered_at": ("moment van ontdekking en kennisname (4.2)", "moments of discovery and awareness (4.2)"),
    "aware_at": ("moment van ontdekking en kennisname (4.2)", "moments of discovery and awareness (4.2)"),
    "how_discovered": ("hoe de inbreuk is ontdekt (4.3)", "how the breach was discovered (4.3)"),
    "breach_types": ("aard van de inbreuk (5.1)", "nature of the breach (5.1)"),
    "description": ("beschrijving van het incident (5.3)", "description of the incident (5.3)"),
    "data_categories": ("betrokken persoonsgegevens (6.1)", "personal data concerned (6.1)"),
    "special_categories": ("bijzondere persoonsgegevens (6.2)", "special categories of data (6.2)"),
    "records": ("aantal gegevensrecords (6.3)", "number of records (6.3)"),
    "person_categories": ("groepen betrokkenen (7.1)", "groups of persons (7.1)"),
    "persons_min": ("aantal betrokkenen (7.3)", "number of persons (7.3)"),
    "persons_max": ("aantal betrokkenen (7.3)", "number of persons (7.3)"),
    "assessed": ("beoordeling van de gevolgen en de ernst (8.1, 9.2, 9.3)", "assessment of the consequences and severity (8.1, 9.2, 9.3)"),
    "consequences": ("gevolgen voor de betrokkenen (9.2)", "consequences for the persons (9.2)"),
    "high_risk": ("informeren van de betrokkenen (10.1)", "informing the persons (10.1)"),
    "measures_taken": ("genomen maatregelen (10.2)", "measures taken (10.2)"),
    "measures_planned": ("voorgenomen maatregelen (10.2)", "measures planned (10.2)"),
}


def changed_since(events: Iterable, since, language: str) -> list[str]:
    """What the timeline records as updated, corrected or assessed after `since`, as the AP form's
    questions, in the form's order, each once."""
    import pendulum

    i = 0 if language == "nl" else 1
    after = pendulum.instance(since)
    fields: set[str] = set()
    for event in events:
        if pendulum.instance(event.at) <= after:
            continue
        if event.kind in ("updated", "corrected"):
            fields.update(event.data or {})
        elif event.kind == "assessed":
            fields.add("assessed")
    found: list[str] = []
    for name, words in _CHANGED.items():
        if name in fields and words[i] not in found:
            found.append(words[i])
    return found


def check_document(text: str) -> str:
    name = text.strip().lower()
    name = {"persons": "subjects", "betrokkenen": "subjects", "klanten": "customers", "controller": "customers"}.get(
        name, name
    )
    if name not in DOCUMENTS:
        raise InvalidInput(f"'{text}' is not a document (accepted: {', '.join(DOCUMENTS)})")
    return name


def check_format(text: str) -> str:
    name = text.strip().lower().lstrip(".")
    name = {"markdown": "md", "text": "txt", "htm": "html", "email": "eml", "word": "docx"}.get(name, name)
    if name not in FORMATS:
        raise InvalidInput(f"--format: '{text}' is not a format (accepted: {', '.join(FORMATS)})")
    return name


def check_applies(document: str, incident) -> None:
    if document == "ap" and incident.role == "processor":
        raise Refused(
            f"{incident.ref} is recorded with role processor: the controller notifies the AP; "
            f"draft the notice to the controller with `breach draft {incident.ref} customers`"
        )


def advice_topics(data_categories: Iterable[str], special_categories: Iterable[str], *, extortion: bool | None = None,
                  cause: str | None = None) -> list[str]:
    """The advice topics that fit the leaked data, in a fixed order, as the AP and the Fraudehelpdesk give
    them: a BSN (it cannot be changed; BKR; fake messages), an identity document, extortion (do not pay),
    a CC mailing (delete it, never "reply all"); and always the promise to keep the reader informed."""
    data = set(data_categories)
    topics = {topic for topic, keys in ADVICE_BY_DATA.items() if data & keys}
    if "identity" in topics:
        topics.discard("bsn")  # a copy of an identity document: the identity-fraud advice covers the BSN on it
    if list(special_categories) or "criminal" in data:
        topics.add("sensitive")
    if extortion:
        topics.add("extortion")
    if cause == "cc-instead-of-bcc":
        topics.add("cc-mailing")
    topics.add("keep-informed")
    return [topic for topic in ADVICE_ORDER if topic in topics]


def plain_label(fact: str, key: str, language: str) -> str:
    """A data category as the letter to the persons names it; the form's label when there is no plain one."""
    plain = (PLAIN_DATA if fact == "data_categories" else PLAIN_SPECIAL).get(key)
    if plain is None:
        return vocabulary.label(fact, key, language)
    return plain[0 if language == "nl" else 1]


def document_context(
    document: str,
    incident,
    states: dict,
    notices: list,
    profile,
    now,
    language: str,
    assessment=None,
    events: Iterable = (),
    decisions: Iterable = (),
) -> dict[str, Any]:
    """Everything the template of `document` may use. `recipient` is None here; mail merge fills it per letter.

    `assessment` is the breach's latest stored assessment (`records.assessments.latest`), or None: it answers
    the form's questions on the incident kind, protection, consequences and severity. `events` is the
    breach's timeline (`incidents.timeline`): a follow-up to the AP names what changed since the first
    notification. Moments carry their UTC offset in the AP draft only; letters to customers and
    persons give the local time as people read it."""
    import pendulum

    from breach.documents import form

    nl = language == "nl"
    todo = render.TODO[language].format
    offset = document == "ap"

    def recorded(name: str):  # facts of issue 15: test doubles and older callers may lack them
        return getattr(incident, name, None)
    base = render.incident_context(incident, states, profile, now, language, offset=offset)
    tz = profile.timezone
    number = render.number

    def moment(value):
        return render.long_moment(value, tz, language, offset=offset) if value is not None else None

    def fact(value, what_nl: str, what_en: str):
        return value if value not in (None, "") else todo(what_nl if nl else what_en)

    def yes_no(value: bool | None, what_nl: str, what_en: str) -> str:
        if value is None:
            return todo(what_nl if nl else what_en)
        return ("Ja" if value else "Nee") if nl else ("Yes" if value else "No")

    def notice_facts(obligation: str) -> dict[str, Any]:
        ours = sorted((n for n in notices if n.obligation == obligation), key=lambda n: pendulum.instance(n.at))
        first = ours[0] if ours else None
        last = ours[-1] if ours else None
        state = states[obligation]
        late = first.late if first else state.status == deadlines.OVERDUE
        if first and first.delay_reason:
            reason = first.delay_reason
        elif recorded("delay_reason"):
            reason = recorded("delay_reason")
        else:
            reason = todo(
                "motivering voor de vertraging (art. 33 lid 1 AVG)" if nl
                else "reasons for the delay (GDPR Art. 33(1))"
            )
        return {
            "followup": first is not None,
            "count": len(ours),
            "first_at": moment(first.at) if first else None,
            "first_instant": first.at if first else None,
            "last_at": moment(last.at) if last else None,
            "last_reference": (last.reference or first.reference) if last else None,
            "changed": form.changes_since(events, last.at, incident, language, tz) if last else [],
            "reference": fact(first.reference if first else None, "meldnummer van de eerdere melding", "reference of the earlier notification"),
            "late": late,
            "delay_reason": reason,
            "deadline": moment(state.deadline),
        }

    low, high = incident.persons_min, incident.persons_max
    if low is None:
        persons_form = todo("aantal betrokkenen (exact, of een minimum en een maximum)" if nl else "number of persons (exact, or a minimum and a maximum)")
    elif low == high:
        persons_form = number(low, language)
    elif high is None:
        persons_form = (f"minimaal {number(low, language)}, maximaal onbekend" if nl
                        else f"at least {number(low, language)}, at most unknown")
    else:
        persons_form = (
            f"minimaal {number(low, language)}, maximaal {number(high, language)}"
            if nl
            else f"at least {number(low, language)}, at most {number(high, language)}"
        )

    persons = persons_form if low is None else render.number_range(low, high, language)
    derived = [
        _CONTROLLER_CONSEQUENCES[key][0 if nl else 1] for key in incident.breach_types if key in _CONTROLLER_CONSEQUENCES
    ]
    secrecy = getattr(profile, "professional_secrecy", "") == "yes"
    stale_note = None
    ticked: list[str] = []
    to_check: list[str] = []
    if assessment is not None:
        answers_form = ap_form_answers(assessment, language, incident, professional_secrecy=secrecy)
        severity, explanation = answers_form["severity"], answers_form["severity_explanation"]
        protection, incident_kind = answers_form["protection"], answers_form["incident_kind"]
        ticked, to_check = answers_form["consequence_keys"]
        protected = Answers.from_dict(assessment.answers).protected
        stale_note = form.stale_note(stale_facts(assessment, incident), assessment.at, incident, language, tz)
    else:
        severity = todo(
            "ernst: verwaarloosbaar, beperkt, aanzienlijk of zeer groot (breach assess)" if nl
            else "severity: negligible, limited, considerable or very high (breach assess)"
        )
        explanation = todo("toelichting op de ernst" if nl else "explanation of the severity")
        protection = todo(
            "versleuteld, gehasht, anders beschermd of niet beschermd (breach assess)" if nl
            else "encrypted, hashed, protected otherwise or not protected (breach assess)"
        )
        incident_kind, protected = None, None
    consequences = incident.consequences
    harms = recorded("harms")
    if harms is not None:  # recorded with --harms: the rules are not used
        ticked, to_check = list(harms), []
    # The form's tick boxes in its order, those to check marked, then "Anders, namelijk" verbatim.
    ap_consequence_lines = form.consequence_lines(ticked, to_check, consequences, language)
    if not ap_consequence_lines:
        ap_consequence_lines = [
            ("Geen gevolgen voor de betrokkenen te verwachten." if nl else "No consequences for the persons expected.")
            if harms is not None else todo("waarschijnlijke gevolgen voor de betrokkenen" if nl else "likely consequences for the persons")
        ]
    ap_consequences = "\n".join(ap_consequence_lines)
    incident_kind = fact(
        incident_kind,
        "aard van het incident (bijv. e-mail aan verkeerde ontvanger, hacking, diefstal of verlies)",
        "nature of the incident (e.g. e-mail to the wrong recipient, hacking, theft or loss)",
    )
    def day(value) -> str:
        return render.day(value, tz, language)

    if incident.occurred_from is None:
        occurred_plain = todo("datum van de inbreuk" if nl else "date of the breach")
    elif incident.occurred_to is None or day(incident.occurred_to) == day(incident.occurred_from):
        occurred_plain = ("op " if nl else "on ") + day(incident.occurred_from)
    else:
        occurred_plain = ("tussen " if nl else "between ") + render.day_range(
            incident.occurred_from, incident.occurred_to, tz, language
        )
    discovered_plain = day(incident.discovered_at or incident.aware_at)
    aware = pendulum.instance(incident.aware_at)
    # The controller's 72 hours run from our first notice, never from a follow-up (AVG art. 33 lid 1).
    customers_first = next(
        iter(sorted((n for n in notices if n.obligation == "customers"), key=lambda n: pendulum.instance(n.at))), None
    )
    their_start = pendulum.instance(customers_first.at) if customers_first else pendulum.instance(now)
    their_deadline = their_start.add(hours=72)

    subjects_decision = None
    for decided in decisions:
        if decided.obligation == "subjects":
            subjects_decision = decided  # oldest first: the last one counts
    subjects_first = next(
        iter(sorted((n for n in notices if n.obligation == "subjects"), key=lambda n: pendulum.instance(n.at))), None
    )

    def channel_label(key: str) -> str:
        return vocabulary.label("channels", key, language)

    informed = form.informed_answer(subjects_decision, subjects_first, language, tz, channel_label)
    appointed = getattr(profile, "dpo_appointed", "")
    if appointed == "yes":
        dpo_registration = getattr(profile, "dpo_registration", "") or todo(
            "registratienummer van de FG (breach init --dpo-registration)" if nl else "registration number of the DPO (breach init --dpo-registration)")
    elif appointed == "no":
        dpo_registration = ("niet van toepassing; wij hebben geen functionaris voor gegevensbescherming aangesteld" if nl
                            else "not applicable; we have not appointed a data protection officer")
    else:
        dpo_registration = todo("registratienummer van de FG, of: geen FG (breach init --dpo yes|no)" if nl
                                else "registration number of the DPO, or: no DPO (breach init --dpo yes|no)")
    contact_function = (
        ("functionaris gegevensbescherming" if nl else "data protection officer") if appointed == "yes"
        else getattr(profile, "contact_function", "") or todo(
            "functie van de contactpersoon (breach init --contact-function)" if nl else "function of the contact (breach init --contact-function)")
    )
    reporter_name = getattr(profile, "reporter_name", "") or profile.dpo_name
    reporter_is_contact = not getattr(profile, "reporter_name", "") or reporter_name == profile.dpo_name
    reporter_function = getattr(profile, "reporter_function", "") or (
        contact_function if reporter_is_contact and (appointed == "yes" or getattr(profile, "contact_function", ""))
        else todo("functie van de melder (breach init --reporter-function)" if nl else "function of the reporter (breach init --reporter-function)")
    )
    other_todo = {
        "other_supervisors": todo("andere toezichthouders (bijv. DNB, AFM, IGJ), of nee (breach update --other-supervisors)" if nl
                                  else "other supervisors (e.g. DNB, AFM, IGJ), or no (breach update --other-supervisors)"),
        "other_dpas": todo("andere privacytoezichthouders, of nee (breach update --other-dpas)" if nl
                           else "other data protection authorities, or no (breach update --other-dpas)"),
        "other_organisations": todo("andere betrokken organisaties (bijv. een verwerker), of nee (breach update --other-organisations)" if nl
                                    else "other organisations involved (e.g. a processor), or no (breach update --other-organisations)"),
    }
    countries = recorded("countries")
    if incident.cross_border:
        cross_border_text = ("Ja" if nl else "Yes") + (
            ": " + form.countries_text(countries, language) if countries
            else " " + todo("welke landen (breach update --countries DE,BE)" if nl else "which countries (breach update --countries DE,BE)")
        )
    else:
        cross_border_text = yes_no(incident.cross_border, "gevolgen voor personen in andere landen (ja of nee)", "persons in other countries affected (yes or no)")
    basis = recorded("records_basis")
    note = recorded("records_note")
    if basis or note:
        records_explanation = " ".join(
            part for part in (
                (vocabulary.RECORDS_BASIS[basis][0 if nl else 1] + ".") if basis else "",
                note or "",
            ) if part
        )
    else:
        records_explanation = todo("hoe dit aantal is vastgesteld (breach update --records-basis counted|estimated --records-note)" if nl
                                   else "how this number was established (breach update --records-basis counted|estimated --records-note)")
    if incident.occurred_to is not None:
        occurred_to_text = moment(incident.occurred_to)
    elif recorded("ongoing") is True:
        occurred_to_text = "De inbreuk duurt nog voort." if nl else "The breach is still going on."
    elif recorded("ongoing") is False and incident.occurred_from is not None:
        occurred_to_text = moment(incident.occurred_from) + (" (één moment)" if nl else " (a single moment)")
    else:
        occurred_to_text = todo("(mogelijke) einddatum, of: de inbreuk duurt nog voort (breach update --ongoing yes|no)" if nl
                                else "(possible) end, or: the breach is still going on (breach update --ongoing yes|no)")
    texts = (recorded("texts") or {}).get(language, {})
    informed_by = recorded("subjects_informed_by")
    processor = incident.role == "processor"
    informed_by_text = {
        "us": (("Wij informeren de betrokkenen namens u, tenzij u met ons anders afspreekt." if processor
                else "Wij informeren de betrokkenen zelf.") if nl else
               ("We inform the persons on your behalf, unless you agree otherwise with us." if processor
                else "We inform the persons ourselves.")),
        "controller": (("Dat laten wij aan u als verwerkingsverantwoordelijke; wij stellen desgewenst een conceptbrief ter beschikking."
                        if processor else "Dat doet u als verwerkingsverantwoordelijke voor uw eigen betrokkenen.") if nl else
                       ("We leave that to you as the controller; we can provide a draft letter." if processor
                        else "You do so, as the controller, for your own persons concerned.")),
        "undecided": ("Daarover is nog geen besluit genomen; wij laten het u weten." if nl
                      else "That has not been decided yet; we will let you know."),
    }.get(informed_by) or todo("wie de betrokkenen informeert (breach update --persons-informed-by us|controller|undecided)" if nl
                               else "who informs the persons (breach update --persons-informed-by us|controller|undecided)")

    base.update(
        {
            "document": document,
            "language": language,
            "now_instant": now,
            "processor": incident.role == "processor",
            "today": day(now),
            "occurred_from": fact(moment(incident.occurred_from), "(mogelijke) startdatum van de inbreuk", "(possible) start of the breach"),
            "occurred_to": occurred_to_text,
            "how_discovered": fact(incident.how_discovered, "hoe de inbreuk is ontdekt", "how the breach was discovered"),
            "records": fact(
                number(incident.records, language) if incident.records is not None else None,
                "aantal getroffen gegevensrecords (een schatting volstaat)",
                "number of records concerned (an estimate will do)",
            ),
            "persons_form": persons_form,
            "persons": persons,
            "cross_border": cross_border_text,
            "cross_border_known": incident.cross_border,
            "lead_authority": lead_authority(incident.cross_border, language),
            "high_risk": incident.high_risk,
            # open/overdue: the persons must be told; not_applicable: decided not to; undecided; met/late: told
            "subjects_duty": states["subjects"].status,
            "occurred_plain": occurred_plain,
            # a start without an end: the end is not known, or the breach goes on
            "occurred_ongoing": incident.occurred_from is not None and incident.occurred_to is None,
            "discovered_plain": discovered_plain,
            # without a recorded discovery the letters say when we knew, never a discovery date we lack
            "discovered_known": incident.discovered_at is not None,
            "aware_plain": day(incident.aware_at),
            "breach_keys": list(incident.breach_types),
            "data_list": [plain_label("data_categories", key, language) for key in incident.data_categories],
            "special_list": [plain_label("special_categories", key, language) for key in incident.special_categories],
            "data_keys": list(incident.data_categories),
            "special_keys": list(incident.special_categories),
            "advice": advice_topics(incident.data_categories, incident.special_categories, extortion=recorded("extortion"),
                                    cause=Answers.from_dict(assessment.answers).cause if assessment is not None else None),
            "controller_consequences": "; ".join(derived) if derived else todo(
                "gevolgen voor de organisatie en de gegevens" if nl else "consequences for the organisation and the data"
            ),
            "subject_consequences": fact(consequences, "waarschijnlijke gevolgen voor de betrokkenen", "likely consequences for the persons"),
            "ap_consequences": ap_consequences,
            "ap_consequence_lines": ap_consequence_lines,
            "stale_note": stale_note,
            "informed": informed,
            "other_supervisors": form.answered_list(recorded("other_supervisors"), "other_supervisors", language, other_todo["other_supervisors"]),
            "other_dpas": form.answered_list(recorded("other_dpas"), None, language, other_todo["other_dpas"]),
            "other_organisations": form.answered_list(recorded("other_organisations"), None, language, other_todo["other_organisations"]),
            "records_explanation": records_explanation,
            "persons_description": fact(recorded("persons_description"), "nadere omschrijving van de groep(en) betrokkenen (breach update --persons-description)",
                                        "description of the group(s) of persons (breach update --persons-description)"),
            "protection_detail": fact(recorded("protection_detail"), "welke techniek (bijv. versleuteling met AES-256) en of de sleutel veilig is gebleven (breach update --protection-detail)",
                                      "which technique (e.g. AES-256 encryption) and whether the key stayed safe (breach update --protection-detail)"),
            "informed_by": informed_by_text,
            "sector": fact(getattr(profile, "sector", ""), "sector van de organisatie (breach init --sector)", "sector of the organisation (breach init --sector)"),
            "dpo_registration": dpo_registration,
            "dpo_appointed": appointed == "yes",
            "contact_function": contact_function,
            "reporter": {
                "name": fact(reporter_name, "naam van de melder (breach init --reporter-name)", "name of the reporter (breach init --reporter-name)"),
                "function": reporter_function,
                "email": fact(getattr(profile, "reporter_email", "") or profile.dpo_email, "e-mailadres van de melder", "e-mail of the reporter"),
                "same_as_contact": reporter_is_contact,
            },
            "plain": {
                "what": texts.get("plain_what") or todo("wat er is gebeurd, in gewone taal" if nl else "what happened, in plain language"),
                "consequences": texts.get("plain_consequences") or todo("gevolgen in gewone taal" if nl else "consequences in plain language"),
                "measures": texts.get("plain_measures") or todo("maatregelen in gewone taal" if nl else "measures in plain language"),
                "what_given": bool(texts.get("plain_what")),
                "consequences_given": bool(texts.get("plain_consequences")),
                "measures_given": bool(texts.get("plain_measures")),
            },
            "protection": protection,
            "protected_key": protected,
            "incident_kind": incident_kind,
            "severity": severity,
            "severity_explanation": explanation,
            "ap": notice_facts("ap"),
            "customers_notice": notice_facts("customers"),
            "subjects_notice": notice_facts("subjects"),
            "aware_hours_ago": int((pendulum.instance(now) - aware).total_seconds() // 3600),
            "their_deadline": moment(their_deadline),
            "their_start": moment(their_start),
            "their_term_passed": pendulum.instance(now) > their_deadline,
            # the facts as recorded (for the AP), shown to the writer of the persons' letter as a starting point
            "recorded": {
                "description": incident.description or "",
                "consequences": incident.consequences or "",
                "measures_taken": incident.measures_taken or "",
                "measures_planned": incident.measures_planned or "",
            },
            "recipient": None,
        }
    )
    base["untranslated"] = form.untranslated(base, incident) if document == "ap" and language == "en" else None
    return base


DOCX_TEMPLATE = "letter.docx"


class Drafter:
    """One document in one language and format: the template compiled once, rendered per context.

    Mail merge renders thousands of letters through one Drafter; a single draft is a merge of one.
    """

    def __init__(self, document: str, language: str, fmt: str, user_dir=None, *, sender: str | None = None, date=None):
        self.document, self.language, self.format = document, language, fmt
        self.sender, self.date = sender, date
        self.template = render.load(f"{document}.md.j2", language, user_dir, autoescape=fmt == "html")
        if fmt == "docx":
            self.docx_template = render.find_file(DOCX_TEMPLATE, language, user_dir)
            self.docx_env = render.environment(language, user_dir, autoescape=True)

    @property
    def suffix(self) -> str:
        return "." + self.format

    def render(self, context: dict[str, Any]) -> tuple[str | bytes, list[str]]:
        """The draft and the facts still to fill in (markers in order of appearance). Sets `format` in `context`."""
        context["format"] = self.format
        return self._finish(self.template.render(context), context)

    def merge(self, context: dict[str, Any]) -> Callable[[dict[str, str]], tuple[str | bytes, list[str]]]:
        """Render one letter per person, the same bytes as `render({**context, "recipient": person})`.

        When the template keeps the person inside its blocks (`breach.documents.personal`), the shared text is
        rendered once here and each letter renders only the blocks; otherwise each letter renders whole.
        """
        context = {**context, "format": self.format}
        if self.format == "docx":
            return self._word_merge(context)
        if not self.template.shareable:
            return lambda person: self.render({**context, "recipient": person})
        letter = self.template.personal(context)

        def one_letter(person: dict[str, str]) -> tuple[str | bytes, list[str]]:
            text, missing = letter(person)
            return self._finish(text, {**context, "recipient": person}, missing)

        return one_letter

    def _word_merge(self, context: dict[str, Any]) -> Callable[[dict[str, str]], tuple[bytes, list[str]]]:
        """Word letters: the Markdown per person as for the other formats, the Word package from the
        template rendered once (`breach.documents.wordmerge`), or whole where that cannot be exact."""
        from breach.documents import wordmerge

        if self.template.shareable:
            personal = self.template.personal(context)
        else:
            def personal(person: dict[str, str]) -> tuple[str, list[str] | None]:
                return self.template.render({**context, "recipient": person}), None
        quick: list = []  # [WordLetters or None], prepared by the first letter (in each worker)

        def one_letter(person: dict[str, str]) -> tuple[bytes, list[str]]:
            text, missing = personal(person)
            if missing is None:
                missing = render.missing_facts(text, self.language)
            if not quick:
                try:
                    quick.append(wordmerge.WordLetters.prepare(
                        text, person, self.docx_template, {**context, "recipient": person}, self.docx_env))
                except Exception:  # a template that fails: the full render below names what is wrong
                    quick.append(None)
            data = quick[0].letter(text) if quick[0] is not None else None
            if data is None:
                data = self._docx(text, {**context, "recipient": person})
            return data, missing

        return one_letter

    def _finish(self, text: str, context: dict[str, Any], missing: list[str] | None = None) -> tuple[str | bytes, list[str]]:
        """The draft in its format and its markers (`missing`: already known for a merged letter, not for HTML)."""
        from breach.documents import formats

        if self.format == "html":
            import html

            return formats.to_html(text, self.language), render.missing_facts(html.unescape(text), self.language)
        if missing is None:
            missing = render.missing_facts(text, self.language)
        if self.format == "md":
            return text, missing
        if self.format == "txt":
            return formats.to_txt(text), missing
        if self.format == "eml":
            recipient = context.get("recipient") or {}
            return formats.to_eml(text, to=recipient.get("email") or None, sender=self.sender, date=self.date), missing
        return self._docx(text, context), missing

    def _docx(self, text: str, context: dict[str, Any]) -> bytes:
        """The Word letter; a Word template that is no Word file, or whose fields fail, is named in one line."""
        from zipfile import BadZipFile

        from docx.opc.exceptions import PackageNotFoundError

        from breach.documents import formats

        label = f"template {self.language}/{DOCX_TEMPLATE} ({self.docx_template})"
        try:
            with render.explained(label):
                return formats.to_docx(text, self.docx_template, context, self.docx_env)
        except (PackageNotFoundError, BadZipFile, KeyError):  # not a zip; a zip without a Word document in it
            raise render.TemplateError(
                f"{label} is not a Word file that can be read; "
                f"`breach templates copy {self.language}/{DOCX_TEMPLATE} --force` restores the shipped one"
            ) from None


def sender(profile) -> str | None:
    """The From of an e-mail draft: the privacy contact, else the organisation's address."""
    from email.headerregistry import Address

    address = profile.dpo_email or profile.email
    if not address:
        return None
    name = profile.name or ""
    return str(Address(display_name=name, addr_spec=address))
