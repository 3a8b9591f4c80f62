"""The register's words: the column labels in both languages, and the `Formatter` that writes a record's
values the way the register's reader expects them (Dutch dates and decimal commas, or English)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from breach.domain import edpb
from breach.domain.assessment import BAND_LABELS
from breach.domain.vocabulary import label

ISO_MINUTES = "%Y-%m-%d %H:%M %z"


LABELS = {
    "nl": {
        "register": "Datalekregister", "organisation": "Organisatie", "exported": "Geëxporteerd op",
        "time_zone": "Tijdzone", "selection": "Selectie", "all": "alle datalekken", "count": "Aantal datalekken",
        "events": "Gebeurtenissen in de tijdlijnen", "none": "Geen datalekken in deze selectie.",
        "id": "Kenmerk", "title": "Titel", "status": "Status", "role": "Rol",
        "occurred_from": "Ontstaan vanaf", "occurred_to": "Ontstaan tot", "discovered_at": "Ontdekt",
        "aware_at": "Kennisname (start van de termijnen)", "description": "Omschrijving", "how_discovered": "Hoe ontdekt",
        "reported_by": "Gemeld door", "breach_types": "Aard van de inbreuk", "data_categories": "Soorten persoonsgegevens",
        "special_categories": "Bijzondere persoonsgegevens", "person_categories": "Groepen betrokkenen",
        "persons": "Aantal betrokkenen", "records": "Aantal records", "consequences": "Gevolgen",
        "measures_taken": "Genomen maatregelen", "measures_planned": "Voorgenomen maatregelen",
        "cross_border": "Grensoverschrijdend", "high_risk": "Hoog risico voor betrokkenen",
        "assessed_at": "Risicobeoordeling op", "enisa": "ENISA-score", "enisa_band": "ENISA-niveau",
        "ap_severity": "Ernst (AP-formulier)", "severity_explanation": "Toelichting ernst",
        "recommend_ap": "Advies: melden bij de AP", "recommend_subjects": "Advies: betrokkenen informeren",
        "reasons": "Onderbouwing advies", "example": "Vergelijkbaar EDPB-voorbeeld",
        "decision_ap": "Besluit: melden bij de AP", "decision_subjects": "Besluit: betrokkenen informeren",
        "decision_customers": "Besluit: klanten informeren",
        "decision_reason": "reden", "decided_by": "besloten door", "decided_at": "besloten op",
        "departs": "wijkt af van advies", "earlier_decisions": "Eerdere besluiten",
        "ap_notified": "Gemeld bij de AP op", "ap_deadline": "Termijn AP", "ap_late": "AP-melding te laat",
        "ap_reference": "Meldnummer AP", "delay_reason": "Reden vertraging",
        "customers_notified": "Klanten/verwerkingsverantwoordelijke geïnformeerd op", "customers_late": "Klanten te laat geïnformeerd",
        "subjects_notified": "Betrokkenen geïnformeerd op", "follow_ups": "Vervolgmeldingen",
        "closed_at": "Afgesloten op", "close_reason": "Reden afsluiting",
        "voided": "Vervallen (ten onrechte of als oefening geopend)",
        "controllers": "Verwerkingsverantwoordelijken betrokken", "controllers_told": "Verwerkingsverantwoordelijken geïnformeerd",
        "controllers_late": "Verwerkingsverantwoordelijken te laat geïnformeerd", "controller_not_told": "nog niet geïnformeerd",
        "overview": "Overzicht", "customers_deadline": "Termijn klanten", "aware_short": "Kennisname",
        "timeline_events": "Aantal gebeurtenissen in de tijdlijn", "chain_head": "Controlehash van de tijdlijn (kop van de keten)",
        "facts": "Feiten", "assessment": "Risicobeoordeling", "decisions": "Besluiten", "notifications": "Meldingen",
        "closing": "Afsluiting", "timeline": "Tijdlijn", "no_assessment": "nog geen risicobeoordeling",
        "cause": "Oorzaak (aard van het incident)", "protection": "Maatregelen vooraf (versleuteling, hashing)",
        "entries": "Gebeurtenissen",
        "no_decision": "nog geen besluit", "no_facts": "nog geen feiten vastgelegd", "no_notifications": "nog geen meldingen",
        "yes": "ja", "no": "nee", "open": "open", "closed": "gesloten", "void": "vervallen",
        "controller": "verwerkingsverantwoordelijke", "processor": "verwerker",
        "ap": "AP", "customers": "klanten", "subjects": "betrokkenen", "follow_up": "vervolgmelding", "late": "te laat", "exception": "uitzondering",
        "check": "Controleer de opslag later tegen dit register met `breach verify --against BESTAND` (een CSV- of JSON-export).",
    },
    "en": {
        "register": "Breach register", "organisation": "Organisation", "exported": "Exported on",
        "time_zone": "Time zone", "selection": "Selection", "all": "all breaches", "count": "Number of breaches",
        "events": "Events in the timelines", "none": "No breaches in this selection.",
        "id": "Id", "title": "Title", "status": "Status", "role": "Role",
        "occurred_from": "Occurred from", "occurred_to": "Occurred until", "discovered_at": "Discovered",
        "aware_at": "Aware (clocks start)", "description": "Description", "how_discovered": "How discovered",
        "reported_by": "Reported by", "breach_types": "Kind of breach", "data_categories": "Kinds of personal data",
        "special_categories": "Special categories", "person_categories": "Groups of persons",
        "persons": "Number of persons", "records": "Number of records", "consequences": "Consequences",
        "measures_taken": "Measures taken", "measures_planned": "Measures planned",
        "cross_border": "Cross-border", "high_risk": "High risk to persons",
        "assessed_at": "Assessed on", "enisa": "ENISA score", "enisa_band": "ENISA band",
        "ap_severity": "Severity (AP form)", "severity_explanation": "Severity explained",
        "recommend_ap": "Advice: notify the AP", "recommend_subjects": "Advice: inform the persons",
        "reasons": "Reasons for the advice", "example": "Similar EDPB example",
        "decision_ap": "Decision: notify the AP", "decision_subjects": "Decision: inform the persons",
        "decision_customers": "Decision: tell the customers",
        "decision_reason": "reason", "decided_by": "decided by", "decided_at": "decided on",
        "departs": "departs from the advice", "earlier_decisions": "Earlier decisions",
        "ap_notified": "AP notified on", "ap_deadline": "AP deadline", "ap_late": "AP notice late",
        "ap_reference": "AP reference", "delay_reason": "Reasons for the delay",
        "customers_notified": "Customers/controller told on", "customers_late": "Customers late",
        "subjects_notified": "Persons informed on", "follow_ups": "Follow-up notices",
        "closed_at": "Closed on", "close_reason": "Reason for closing",
        "voided": "Void (opened by mistake or in practice)",
        "controllers": "Controllers concerned", "controllers_told": "Controllers told",
        "controllers_late": "Controllers told late", "controller_not_told": "not told yet",
        "overview": "Overview", "customers_deadline": "Customers deadline", "aware_short": "Aware",
        "timeline_events": "Timeline events", "chain_head": "Timeline hash (chain head)",
        "facts": "Facts", "assessment": "Risk assessment", "decisions": "Decisions", "notifications": "Notifications",
        "closing": "Closing", "timeline": "Timeline", "no_assessment": "not assessed yet",
        "cause": "Cause (nature of the incident)", "protection": "Protection beforehand (encryption, hashing)",
        "entries": "Events",
        "no_decision": "no decision yet", "no_facts": "no facts recorded yet", "no_notifications": "no notifications yet",
        "yes": "yes", "no": "no", "open": "open", "closed": "closed", "void": "void",
        "controller": "controller", "processor": "processor",
        "ap": "AP", "customers": "customers", "subjects": "persons", "follow_up": "follow-up", "late": "late", "exception": "exception",
        "check": "Check the store against this register later with `breach verify --against FILE` (a CSV or JSON export).",
    },
}


class Formatter:
    """Turns record values into the text a person reads, in one language and time zone."""

    def __init__(self, language: str, tz: str, moment_format: str = ISO_MINUTES):
        from zoneinfo import ZoneInfo

        self.language = language
        self.labels = LABELS[language]
        self.zone = ZoneInfo(tz)
        self.moment_format = moment_format
        if moment_format == ISO_MINUTES:  # the common case, without strftime's cost
            self.moment = self._iso_minutes

    def _iso_minutes(self, value: datetime | None) -> str:
        if value is None:
            return ""
        text = value.astimezone(self.zone).isoformat(" ", "minutes")
        return text[:16] + " " + text[16:]

    def moment(self, value: datetime | None) -> str:
        """`2026-11-23 09:15 +01:00` (or the format given): the local time with its offset."""
        if value is None:
            return ""
        local = value.astimezone(self.zone)
        text = local.strftime(self.moment_format)
        return text[:-2] + ":" + text[-2:] if self.moment_format.endswith("%z") else text

    def score(self, value: float | None) -> str:
        """`2,5` in Dutch (what Excel with Dutch settings reads as a number), `2.5` in English."""
        if value is None:
            return ""
        text = f"{value:g}"
        return text.replace(".", ",") if self.language == "nl" else text

    def band(self, key: str | None) -> str:
        if key is None:
            return ""
        nl, en = BAND_LABELS.get(key, (key, key))
        return nl if self.language == "nl" else en

    def severity(self, key: str | None) -> str:
        if key is None:
            return ""
        try:
            return label("ap_severity", key, self.language)
        except KeyError:
            return key

    def cause(self, answers: dict | None) -> str:
        """The nature of the incident (the AP form's 5.2) an assessment recorded."""
        key = (answers or {}).get("cause")
        return label("incident_kind", key, self.language) if key else ""

    def protection(self, answers: dict | None) -> str:
        key = (answers or {}).get("protected")
        return label("protection", key, self.language) if key else ""

    def entry(self, event: dict) -> str:
        return f"{self.moment(event['at'])} · {event['kind']} · {event['text']}"

    def example(self, key: str | None) -> str:
        found = edpb.find(key) if key else None
        return found.citation(self.language) if found else (key or "")

    def flag(self, value: bool | None) -> str:
        return "" if value is None else self.labels["yes" if value else "no"]

    def items(self, fact: str, keys: list[str]) -> str:
        return _item_labels(fact, tuple(keys), self.language)

    def word(self, key: str | None) -> str:
        return "" if key is None else self.labels.get(key, key)

    @staticmethod
    def persons(persons: dict) -> str:
        low, high = persons["min"], persons["max"]
        if low is None:
            return ""
        if high is None:
            return f"{low}+"
        return str(low) if low == high else f"{low}-{high}"

    def reasons(self, reasons: Any) -> str:
        """The advice's reasons as `breach assess` stores them ({"ap": {"nl": ..., "en": ...}, "subjects":
        ..., "exception": ...}) in this language; any other shape as it is."""
        if isinstance(reasons, dict) and ("ap" in reasons or "subjects" in reasons):
            parts = []
            for key in ("ap", "subjects"):
                value = reasons.get(key)
                if isinstance(value, dict):
                    value = value.get(self.language) or next(iter(value.values()), None)
                if value:
                    parts.append(f"{self.word(key)}: {value}")
            if reasons.get("exception"):
                parts.append(f"{self.labels['exception']}: art. {reasons['exception']}")
            return " ".join(part[:1].upper() + part[1:] + ("" if part.endswith(".") else ".") for part in parts)
        if isinstance(reasons, dict):
            return "; ".join(f"{key}: {value}" for key, value in sorted(reasons.items()))
        if isinstance(reasons, list):
            return "; ".join(str(item) for item in reasons)
        return "" if reasons is None else str(reasons)

    def decision(self, d: dict) -> str:
        parts = [self.flag(d["notify"])]
        if d["reason"]:
            parts.append(f"{self.labels['decision_reason']}: {d['reason']}")
        parts.append(f"{self.labels['decided_by']}: {d['decided_by']}")
        parts.append(f"{self.labels['decided_at']}: {self.moment(d['at'])}")
        if d["departs"]:
            parts.append(self.labels["departs"])
        return "; ".join(parts)

    def notice(self, n: dict) -> str:
        text = f"{self.word(n['obligation'])} {self.moment(n['at'])}"
        if n["late"]:
            text += f" ({self.labels['late']})"
        if n["reference"]:
            text += f", {n['reference']}"
        if n["delay_reason"]:
            text += f"; {self.labels['delay_reason'].lower()}: {n['delay_reason']}"
        return text


@lru_cache(maxsize=1024)
def _item_labels(fact: str, keys: tuple[str, ...], language: str) -> str:
    """Labels of a list of keys, made once per distinct list (a register repeats the same few)."""
    return "; ".join(label(fact, key, language) for key in keys)


FACT_KEYS = (
    "description", "how_discovered", "reported_by", "consequences", "measures_taken", "measures_planned",
    "breach_types", "data_categories", "special_categories", "person_categories", "records", "cross_border", "high_risk",
)


def has_facts(record: dict) -> bool:
    return record["persons"]["min"] is not None or any(record[key] not in (None, [], "") for key in FACT_KEYS)


def overview(record: dict, f: Formatter) -> list[str]:
    """A breach's row in the register's overview: its deadlines (where hours apply) and when each was met."""
    from types import SimpleNamespace

    from breach.domain import deadlines

    facts = SimpleNamespace(role=record["role"], aware_at=record["aware_at"], ap_window_hours=record["windows"]["ap"],
                            customers_window_hours=record["windows"]["customers"], high_risk=record["high_risk"])
    first = {n["obligation"]: n for n in record["notifications"] if not n["follow_up"]}
    cells = []
    for obligation in ("ap", "customers"):
        due = deadlines.deadline(obligation, facts)
        cells.append(f.moment(due) if due is not None else "-")
        notice = first.get(obligation)
        if obligation == "customers" and record.get("controllers"):  # a processor's controllers: how many were told
            told = record["controllers"]
            cells.append(f"{sum(1 for c in told if c['told_at'] is not None)} / {len(told)}")
            continue
        cells.append("" if notice is None else f.moment(notice["at"]) + (f" ({f.labels['late']})" if notice["late"] else ""))
    subjects = first.get("subjects")
    cells.append("" if subjects is None else f.moment(subjects["at"]))
    return cells


def first_notice(record: dict, obligation: str) -> dict | None:
    return next((n for n in record["notifications"] if n["obligation"] == obligation and not n["follow_up"]), None)
