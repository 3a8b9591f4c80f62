"""What `breach assess` asks, as one value: the answers, their accepted words (English keys, Dutch
words too) and how a typed answer is read. Scoring and weighing them is `breach.domain.assessment`.

Every field added after the first release has a default, so assessments stored before it (the
`answers` JSON of an Assessment row) still load.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from breach.domain import vocabulary
from breach.errors import InvalidInput

IDENTIFICATION = {"negligible": 0.25, "limited": 0.5, "significant": 0.75, "maximum": 1.0}
CONFIDENTIALITY = {"none": 0.0, "exposed": 0.0, "known": 0.25, "unknown": 0.5}
INTEGRITY = {"none": 0.0, "altered": 0.0, "recoverable": 0.25, "unrecoverable": 0.5}
AVAILABILITY = {"none": 0.0, "recoverable": 0.0, "temporary": 0.25, "permanent": 0.5}
PROTECTION = ("no", "encrypted", "hashed", "unintelligible")

# ENISA Table 1, financial data: the score of the most revealing financial data in the breach.
FINANCIAL_DETAIL = {"contract": 1, "amounts": 2, "account": 2, "statement": 3, "history": 4, "card": 4}
# ENISA Table 1, sensitive data: the adjusting factor "nature of the data" (4: the diagnosis itself;
# 1: no substantial insight, e.g. a food preference).
SPECIAL_NATURE = {"full": 4, "specific": 3, "general": 2, "trivial": 1}
CREDENTIALS_OPEN = ("simple", "behavioural", "financial", "sensitive")
EXFILTRATION = ("excluded", "unknown", "confirmed")
AVAILABILITY_EFFECT = ("none", "delays", "harm")
RECIPIENT_KIND = ("colleague", "professional", "customer", "public")

CHOICES: dict[str, tuple[str, ...]] = {
    "protected": PROTECTION,
    "identification": tuple(IDENTIFICATION),
    "confidentiality": tuple(CONFIDENTIALITY),
    "integrity": tuple(INTEGRITY),
    "availability": tuple(AVAILABILITY),
    "financial": tuple(FINANCIAL_DETAIL),
    "special_nature": tuple(SPECIAL_NATURE),
    "credentials_open": CREDENTIALS_OPEN,
    "exfiltration": EXFILTRATION,
    "availability_effect": AVAILABILITY_EFFECT,
    "recipient_kind": RECIPIENT_KIND,
}

# The words of a Dutch interview for the same keys (the interview runs in the profile's language).
DUTCH_CHOICES: dict[str, dict[str, str]] = {
    "protected": {"nee": "no", "geen": "no", "versleuteld": "encrypted", "encryptie": "encrypted",
                  "gehasht": "hashed", "onbegrijpelijk": "unintelligible", "onleesbaar": "unintelligible"},
    "identification": {"verwaarloosbaar": "negligible", "beperkt": "limited", "aanzienlijk": "significant",
                       "maximaal": "maximum"},
    "confidentiality": {"geen": "none", "niemand": "none", "mogelijk": "exposed", "bekend": "known",
                        "onbekend": "unknown"},
    "integrity": {"geen": "none", "gewijzigd": "altered", "herstelbaar": "recoverable",
                  "onherstelbaar": "unrecoverable"},
    "availability": {"geen": "none", "kort": "recoverable", "hersteld": "recoverable", "tijdelijk": "temporary",
                     "blijvend": "permanent", "permanent": "permanent"},
    "financial": {"contract": "contract", "bedragen": "amounts", "rekeningnummer": "account",
                  "afschrift": "statement", "historie": "history", "betaalkaart": "card"},
    "special_nature": {"volledig": "full", "specifiek": "specific", "algemeen": "general", "gering": "trivial"},
    "credentials_open": {"eenvoudig": "simple", "gedrag": "behavioural", "financieel": "financial",
                         "gevoelig": "sensitive"},
    "exfiltration": {"uitgesloten": "excluded", "onbekend": "unknown", "bevestigd": "confirmed"},
    "availability_effect": {"geen": "none", "vertraging": "delays", "schade": "harm"},
    "recipient_kind": {"collega": "colleague", "beroepsgeheim": "professional", "klant": "customer",
                       "publiek": "public"},
}


@dataclass(frozen=True)
class Answers:
    """What `breach assess` asks. The incident's facts are copied in, so a stored assessment shows
    what it rested on even after the facts change."""

    data_categories: tuple[str, ...] = ()
    special_categories: tuple[str, ...] = ()
    person_categories: tuple[str, ...] = ()
    persons_min: int | None = None
    persons_max: int | None = None
    records: int | None = None
    cause: str | None = None
    protected: str = "no"
    identification: str = "maximum"
    confidentiality: str = "none"
    integrity: str = "none"
    availability: str = "none"
    malicious: bool = False
    backup: bool | None = None
    recovered: bool = False
    trusted: bool = False
    contained: bool = False
    disproportionate: bool = False
    dpc: int | None = None
    dpc_reason: str | None = None
    # added by issue 14; the defaults read an older assessment as it was weighed then
    special_persons: int | None = None  # of the persons, how many the special data concern (None: all)
    special_nature: str | None = None  # SPECIAL_NATURE (None: full)
    financial: str | None = None  # FINANCIAL_DETAIL (None: per category)
    credentials_open: str | None = None  # the class of data the credentials open (None: simple)
    protected_data: tuple[str, ...] = ()  # the kinds `protected` covers (empty: all of them)
    exfiltration: str | None = None  # EXFILTRATION: logs or forensics on data leaving (None: not known)
    unavailable_hours: float | None = None
    availability_effect: str | None = None  # AVAILABILITY_EFFECT
    recipients: int | None = None
    recipient_kind: str | None = None  # RECIPIENT_KIND
    cross_border: bool | None = None  # persons in other EU countries (copied from the incident)

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        for name in TUPLES:
            doc[name] = list(doc[name])
        return doc

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Answers:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in doc.items() if k in known}
        for name in TUPLES:
            if name in values:
                values[name] = tuple(values[name] or ())
        return cls(**values)


TUPLES = ("data_categories", "special_categories", "person_categories", "protected_data")


def fold(word: str) -> str:
    return vocabulary.fold(word)


def parse_choice(value: str, name: str) -> str:
    """One of the accepted words for a question (confidentiality: `known`, or Dutch `bekend`), case-insensitive."""
    word = fold(value)
    if word in CHOICES[name]:
        return word
    dutch = DUTCH_CHOICES.get(name, {})
    if word in dutch:
        return dutch[word]
    accepted = ", ".join(CHOICES[name])
    words = ", ".join(dutch)
    raise InvalidInput(f"'{value}' is not an answer (accepted: {accepted}) (in Dutch: {words})", field=name)


def parse_dpc(value: str) -> int:
    word = value.strip()
    if word not in ("1", "2", "3", "4"):
        raise InvalidInput(f"'{value}' is not a DPC score (accepted: 1, 2, 3, 4)", field="dpc")
    return int(word)


_UNITS = {"m": 1 / 60, "min": 1 / 60, "minuten": 1 / 60, "minutes": 1 / 60, "h": 1, "u": 1, "uur": 1, "hours": 1,
          "d": 24, "dag": 24, "dagen": 24, "days": 24, "w": 168, "weken": 168, "weeks": 168}


def parse_duration(value: str, name: str = "unavailable_hours") -> float:
    """How long data were unavailable, in hours: `45m`, `30h`, `5d`; Dutch `30u`, `5 dagen` too."""
    found = re.fullmatch(r"(\d{1,6}(?:[.,]\d+)?)\s*([a-z]+)", value.strip().lower())
    if not found or found.group(2) not in _UNITS:
        raise InvalidInput(f"'{value}' is not a duration (expected e.g. 45m, 30h, 5d; Dutch 30u, 5 dagen)", field=name)
    return round(float(found.group(1).replace(",", ".")) * _UNITS[found.group(2)], 4)
