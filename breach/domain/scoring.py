"""The ENISA severity score of a breach: SE = DPC x EI + CB (ENISA, "Recommendations for a methodology
of the assessment of severity of personal data breaches", 2013), with the parts kept for the output.

The DPC follows ENISA's Table 1 and its adjusting factors where the answers give them: the detail of
financial data (the fact of a contract 1 ... full card data 4), the nature of special data (the
diagnosis 4 ... no substantial insight 1), the class of data that leaked credentials open (ENISA:
credentials count as the data they give access to), and special data that concern only some of the
persons (ENISA scores the individual: two groups, each with its own score; the breach takes the worst).
Data that were protected (encrypted, hashed) do not count; when nothing was readable the score is that
of the data as such, and unintelligibility is weighed after it (ENISA's closing criterion).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from breach.domain.answers import (
    AVAILABILITY,
    CONFIDENTIALITY,
    FINANCIAL_DETAIL,
    IDENTIFICATION,
    INTEGRITY,
    SPECIAL_NATURE,
    Answers,
)

MALICIOUS = 0.5
BAND_LABELS = {
    "low": ("laag", "low"), "medium": ("gemiddeld", "medium"),
    "high": ("hoog", "high"), "very-high": ("zeer hoog", "very high"),
}

# ENISA's four data classes and their basic DPC score; a list of data takes its highest class.
SIMPLE, BEHAVIOURAL, FINANCIAL, SENSITIVE = "simple", "behavioural", "financial", "sensitive"
CLASS_SCORE = {SIMPLE: 1, BEHAVIOURAL: 2, FINANCIAL: 3, SENSITIVE: 4}
DATA_CLASS = {
    "location": BEHAVIOURAL,
    "financial": FINANCIAL, "iban": FINANCIAL, "creditcard": FINANCIAL, "debts": FINANCIAL, "benefits": FINANCIAL,
    "criminal": SENSITIVE,
}  # every other category (name, contact, bsn, ...) is simple data; special categories are sensitive

# A basic score other than its class's, when the breach does not say what its financial data show
# (`financial`): ENISA Table 1 gives "bare account numbers" a 2 and full credit card data that could
# enable fraud a 4.
CATEGORY_SCORE = {"iban": 2, "creditcard": 4}

DIRECT_IDENTIFIERS = ("name", "email", "address", "contact", "phone", "bsn", "id-document")


@dataclass(frozen=True)
class Enisa:
    dpc: int
    dpc_basic: int
    dpc_class: str
    dpc_source: str | None
    ei: float
    cb: float
    cb_parts: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    band: str = "low"
    parts: dict[str, int] = field(default_factory=dict)  # each kind of data with its DPC
    groups: tuple[dict[str, Any], ...] = ()  # persons with and without the special data, when they differ
    readable: tuple[str, ...] = ()  # the kinds of data that were not protected


def data_class(category: str) -> str:
    return DATA_CLASS.get(category, SIMPLE)


def readable(answers: Answers) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The kinds of data (ordinary, special) that anyone could read: all of them without protection,
    those `protected_data` leaves out when it is given, none when the protection covered everything."""
    if answers.protected == "no":
        return answers.data_categories, answers.special_categories
    if not answers.protected_data:
        return (), ()
    return (tuple(c for c in answers.data_categories if c not in answers.protected_data),
            tuple(c for c in answers.special_categories if c not in answers.protected_data))


def all_protected(answers: Answers) -> bool:
    data, special = readable(answers)
    return answers.protected != "no" and not data and not special


def _financial_score(answers: Answers, category: str) -> int:
    """`financial` describes the most revealing financial data of the breach, so it scores every
    financial kind; without it each kind keeps its default."""
    if answers.financial:
        return FINANCIAL_DETAIL[answers.financial]
    return CATEGORY_SCORE.get(category, CLASS_SCORE[FINANCIAL])


def dpc_parts(answers: Answers, data, special) -> dict[str, int]:
    """The DPC of each kind of data, in the order given (special data as one part)."""
    parts: dict[str, int] = {}
    for category in data:
        klass = data_class(category)
        if klass == FINANCIAL:
            parts[category] = _financial_score(answers, category)
        elif category == "credentials":
            opens = answers.credentials_open or SIMPLE
            parts[category] = _financial_score(answers, "financial") if opens == FINANCIAL else CLASS_SCORE[opens]
        else:
            parts[category] = CLASS_SCORE[klass]
    if special:
        parts["special"] = SPECIAL_NATURE[answers.special_nature or "full"]
    return parts


def _best(parts: dict[str, int], special) -> tuple[int, str | None]:
    if not parts:
        return CLASS_SCORE[SIMPLE], None
    source = max(parts, key=lambda k: parts[k])  # the first of the highest
    return max(parts[source], CLASS_SCORE[SIMPLE]), (special[0] if source == "special" else source)


def basic_dpc(answers: Answers) -> tuple[int, str | None]:
    """The DPC the data give (the highest part), with the kind of data it comes from."""
    data, special = readable(answers)
    if not data and not special:
        data, special = answers.data_categories, answers.special_categories
    return _best(dpc_parts(answers, data, special), special)


def suggested_identification(data_categories) -> str:
    """ENISA annex 2: a name with an address, e-mail or date of birth identifies directly."""
    return "maximum" if any(c in DIRECT_IDENTIFIERS for c in data_categories) else "limited"


def circumstances(answers: Answers) -> dict[str, float]:
    """CB, element by element. Elements that add nothing are left out."""
    parts = {
        "confidentiality": CONFIDENTIALITY[answers.confidentiality],
        "integrity": INTEGRITY[answers.integrity],
        "availability": AVAILABILITY[answers.availability],
        "malicious": MALICIOUS if answers.malicious else 0.0,
    }
    return {name: value for name, value in parts.items() if value}


def severity_score(dpc: float, ei: float, cb: float) -> float:
    """SE = DPC x EI + CB."""
    return dpc * ei + cb


def band(score: float) -> str:
    """ENISA's bands: low SE < 2, medium 2 <= SE < 3, high 3 <= SE < 4, very high SE >= 4."""
    if score >= 4:
        return "very-high"
    if score >= 3:
        return "high"
    if score >= 2:
        return "medium"
    return "low"


def special_share(answers: Answers) -> int | None:
    """How many persons the special data concern, when that is fewer than all of them."""
    low, special = answers.persons_min, answers.special_persons
    if readable(answers)[1] and special is not None and low is not None and special < low:
        return special
    return None


def enisa(answers: Answers) -> Enisa:
    data, special = readable(answers)
    shown = tuple(data) + tuple(special)
    if not shown:  # nothing readable: the data as such (their protection is weighed after the score)
        data, special = answers.data_categories, answers.special_categories
    parts = dpc_parts(answers, data, special)
    basic, source = _best(parts, special)
    dpc = answers.dpc if answers.dpc is not None else basic
    ei = IDENTIFICATION[answers.identification]
    cb_parts = circumstances(answers)
    cb = sum(cb_parts.values())
    score = severity_score(dpc, ei, cb)
    klass = SENSITIVE if source in special else data_class(source) if source else SIMPLE
    groups: tuple[dict[str, Any], ...] = ()
    share = special_share(answers)
    if share is not None and answers.dpc is None:
        rest, _ = _best(dpc_parts(answers, data, ()), ())
        groups = tuple(
            {"group": name, "persons": persons, "dpc": d, "score": severity_score(d, ei, cb),
             "band": band(severity_score(d, ei, cb))}
            for name, persons, d in (("special", share, basic), ("rest", answers.persons_min - share, rest))
        )
    return Enisa(dpc, basic, klass, source, ei, cb, cb_parts, score, band(score), parts, groups, shown)


# What the answers show (the grounds of `breach.domain.assessment` and its wording read these) ----------

# Data that let a stranger pose as the person or get into their accounts (recital 85: identity theft
# or fraud). ENISA scores an id number as simple data; the EDPB treats its exposure as a high risk.
IDENTITY_FRAUD_DATA = ("bsn", "id-document", "credentials", "creditcard")
VULNERABLE_GROUPS = ("minors", "patients", "vulnerable")

# The tool's own lines where the EDPB gives words, not numbers: "a minor number of e-mail addresses"
# (9/2022 Annex B x), "restored within a few hours" (01/2021 case 01), "a large number" of persons.
FEW_PERSONS = 100
FEW_RECIPIENTS = 100
QUICK_HOURS = 24
LARGE = 10_000

ATTACK_CAUSES = ("hacking", "ransomware", "phishing", "credential-stuffing")
MALICIOUS_CAUSES = (*ATTACK_CAUSES, "social-engineering", "insider")
ACCESS_CAUSES = ("authorisations", "network-share", "software-error", "published")
FINANCIAL_CATEGORIES = tuple(c for c, k in DATA_CLASS.items() if k == FINANCIAL)


def trusted(a: Answers) -> bool:
    """Every recipient is bound to confidentiality: said so, or a colleague or a professional."""
    return a.trusted or a.recipient_kind in ("colleague", "professional")


def quick(a: Answers) -> bool:
    """Available again soon and without harm: at most briefly unavailable (under QUICK_HOURS) and
    without delays or harm. A backup is how that is reached; its absence alone decides nothing."""
    return (a.availability in ("none", "recoverable") and a.availability_effect in (None, "none")
            and (a.unavailable_hours is None or a.unavailable_hours < QUICK_HOURS))


def confidentiality_only(a: Answers) -> bool:
    return a.integrity in ("none", "altered") and quick(a)


def readable_fraud_data(a: Answers) -> bool:
    return any(c in IDENTITY_FRAUD_DATA for c in readable(a)[0])
