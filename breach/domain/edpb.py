"""The EDPB's worked examples, and the ones nearest to a breach by its facts.

Sources: EDPB Guidelines 01/2021 on examples regarding personal data breach notification (cases 01-18,
with the Board's conclusion for the AP and the persons) and Guidelines 9/2022, Annex B (examples i-x).
Each entry holds the Board's outcome and the example's facts as `breach assess` answers would state
them. Facts and outcomes of cases 02-18 and of Annex B were entered from the guidelines as the project
reads them (see the project's legal reference); the citations name case numbers and titles only.

The nearest examples are found by the facts alone, whatever their outcome: when the nearest one's
outcome differs from the recommendation, the citation says so and names where this breach differs
(and, where a Dutch AP line is stricter, that the advice follows the AP). Keys never change: the
register resolves stored keys with `find`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from breach.domain import dutch
from breach.domain.assessment import (
    ACCESS_CAUSES,
    IDENTITY_FRAUD_DATA,
    VULNERABLE_GROUPS,
    Answers,
    Enisa,
    Recommendation,
    Result,
    enisa,
    readable,
    trusted,
)

G01 = "EDPB Guidelines 01/2021"
G09 = "EDPB Guidelines 9/2022, Annex B"


@dataclass(frozen=True)
class Example:
    key: str
    source: str
    number: str
    title_en: str
    title_nl: str
    ap: bool | None
    subjects: bool | None
    facts: Answers

    def citation(self, language: str = "en") -> str:
        title = self.title_nl if language == "nl" else self.title_en
        if language == "nl":
            number = self.number.replace("case", "casus").replace("example", "voorbeeld")
            source = self.source.replace("Guidelines", "Richtsnoeren").replace("Annex", "bijlage")
            return f"{source}, {number}: {title}"
        return f"{self.source}, {self.number}: {title}"

    def outcome(self) -> str:
        words = {True: "yes", False: "no", None: "depends on the data"}
        return f"AP {words[self.ap]}, persons {words[self.subjects]}"


def _a(data=(), special=(), groups=(), persons=None, **kw) -> Answers:
    low, high = persons if isinstance(persons, tuple) else (persons, persons)
    return Answers(data_categories=data, special_categories=special, person_categories=groups, persons_min=low,
                   persons_max=high, **kw)


_NAC = ("name", "contact", "address")
CATALOGUE: tuple[Example, ...] = (
    Example("01/2021-01", G01, "case 01", "Ransomware with proper backup and without exfiltration",
            "Ransomware met goede back-up en zonder exfiltratie", False, False,
            _a(_NAC, groups=("customers", "employees"), persons=(30, 50), cause="ransomware", protected="encrypted",
               confidentiality="exposed", availability="recoverable", unavailable_hours=4, availability_effect="none",
               malicious=True, backup=True, exfiltration="excluded")),
    Example("01/2021-02", G01, "case 02", "Ransomware without proper backup",
            "Ransomware zonder goede back-up", True, False,
            _a(_NAC, groups=("customers", "employees"), persons=(30, 50), cause="ransomware", confidentiality="exposed",
               availability="temporary", unavailable_hours=120, availability_effect="delays", malicious=True,
               backup=False, exfiltration="excluded")),
    Example("01/2021-03", G01, "case 03", "Ransomware with backup and without exfiltration in a hospital",
            "Ransomware met back-up en zonder exfiltratie in een ziekenhuis", True, True,
            _a(("name", "address", "birthdate"), ("health",), ("patients", "employees"), (1000, 5000),
               special_nature="full", cause="ransomware", confidentiality="exposed", availability="temporary",
               unavailable_hours=48, availability_effect="harm", malicious=True, backup=True, exfiltration="excluded")),
    Example("01/2021-04", G01, "case 04", "Ransomware without backup and with exfiltration",
            "Ransomware zonder back-up en met exfiltratie", True, True,
            _a(("name", "address", "id-document", "creditcard"), groups=("customers", "employees"), persons=5000,
               financial="card", cause="ransomware", confidentiality="unknown", availability="permanent",
               malicious=True, backup=False, exfiltration="confirmed")),
    Example("01/2021-05", G01, "case 05", "Exfiltration of job application data from a website",
            "Exfiltratie van sollicitatiegegevens van een website", True, True,
            _a(("name", "email", "address", "phone", "other:CV"), persons=213, cause="hacking",
               confidentiality="unknown", malicious=True, exfiltration="confirmed")),
    Example("01/2021-06", G01, "case 06", "Exfiltration of hashed passwords from a website",
            "Exfiltratie van gehashte wachtwoorden van een website", False, False,
            _a(("credentials",), persons=1200, cause="hacking", protected="hashed", identification="limited",
               confidentiality="unknown", malicious=True, exfiltration="confirmed")),
    Example("01/2021-07", G01, "case 07", "Credential stuffing attack on a banking website",
            "Credential stuffing op de website van een bank", True, True,
            _a(("name", "gender", "birthdate", "other:fiscal code", "credentials", "financial"), groups=("customers",),
               persons=(2000, 100000), financial="statement", credentials_open="financial",
               cause="credential-stuffing", confidentiality="unknown", malicious=True)),
    Example("01/2021-08", G01, "case 08", "Exfiltration of business data by an employee",
            "Een (oud-)medewerker neemt bedrijfsgegevens mee", True, False,
            _a(_NAC, groups=("customers",), cause="insider", confidentiality="known", recipients=1, malicious=True)),
    Example("01/2021-09", G01, "case 09", "Accidental transmission of data to a trusted third party",
            "Gegevens per ongeluk naar een vertrouwde derde gestuurd", False, False,
            _a(("name", "contact", "financial"), groups=("customers",), persons=24, financial="amounts",
               cause="wrong-recipient-email", confidentiality="known", recipients=1, recipient_kind="professional",
               recovered=True)),
    Example("01/2021-10", G01, "case 10", "Stolen material storing encrypted personal data",
            "Gestolen apparatuur met versleutelde persoonsgegevens", False, False,
            _a(("name", "birthdate", "other:education"), groups=("minors",), cause="device-lost-stolen",
               protected="encrypted", confidentiality="unknown", availability="recoverable", malicious=True,
               backup=True)),
    Example("01/2021-11", G01, "case 11", "Stolen material storing non-encrypted personal data",
            "Gestolen apparatuur met onversleutelde persoonsgegevens", True, True,
            _a(("name", "gender", "address", "birthdate"), groups=("customers",), persons=(100001, None),
               cause="device-lost-stolen", confidentiality="unknown", availability="recoverable", malicious=True,
               backup=True)),
    Example("01/2021-12", G01, "case 12", "Stolen paper files with sensitive data",
            "Gestolen papieren dossiers met gevoelige gegevens", True, True,
            _a(("name",), ("health",), ("patients",), special_nature="full", cause="device-lost-stolen",
               confidentiality="unknown", availability="permanent", malicious=True, backup=False)),
    Example("01/2021-13", G01, "case 13", "Postal mail mistake (orders sent to the wrong customers)",
            "Post verkeerd bezorgd (bestellingen bij de verkeerde klanten)", False, False,
            _a(("name", "address", "other:order"), groups=("customers",), persons=2, cause="wrong-recipient-post",
               confidentiality="known", recipients=2, recovered=True)),
    Example("01/2021-14", G01, "case 14", "Highly confidential personal data sent by mail by mistake",
            "Zeer vertrouwelijke persoonsgegevens per vergissing gemaild", True, True,
            _a(("name", "email", "address", "bsn"), persons=60000, cause="wrong-recipient-email",
               confidentiality="known", recipients=60000)),
    Example("01/2021-15", G01, "case 15", "Personal data sent by mail by mistake",
            "Persoonsgegevens per vergissing gemaild", False, False,
            _a(("name", "email"), ("health",), persons=15, special_persons=2, special_nature="trivial",
               cause="wrong-recipient-email", confidentiality="known", recipients=15, recovered=True)),
    Example("01/2021-16", G01, "case 16", "Postal mail mistake (insurance letters with another customer's data)",
            "Post verkeerd bezorgd (verzekeringsbrieven met gegevens van een andere klant)", True, False,
            _a(("name", "address", "birthdate", "financial", "other:licence plate"), groups=("customers",), persons=1,
               financial="amounts", cause="wrong-recipient-post", confidentiality="known", recipients=1)),
    Example("01/2021-17", G01, "case 17", "Identity theft",
            "Identiteitsfraude", True, True,
            _a(("name", "address", "email", "financial"), groups=("customers",), persons=1, financial="amounts",
               cause="social-engineering", confidentiality="known", recipients=1, integrity="recoverable",
               malicious=True)),
    Example("01/2021-18", G01, "case 18", "Email exfiltration",
            "Exfiltratie van e-mail", True, True,
            _a(("name", "financial"), groups=("employees",), persons=99, financial="statement", cause="phishing",
               confidentiality="unknown", malicious=True, exfiltration="confirmed")),
    Example("9/2022-i", G09, "example i", "An encrypted backup on a USB key stolen in a break-in",
            "Een versleutelde back-up op een USB-stick gestolen bij een inbraak", False, False,
            _a(("name", "address"), cause="device-lost-stolen", protected="encrypted", confidentiality="unknown",
               availability="recoverable", malicious=True, backup=True)),
    Example("9/2022-ii", G09, "example ii", "Personal data exfiltrated from an online service in a cyber attack",
            "Persoonsgegevens bij een cyberaanval van een onlinedienst weggenomen", True, None,
            _a(("name", "email"), cause="hacking", confidentiality="unknown", malicious=True, exfiltration="confirmed")),
    Example("9/2022-iii", G09, "example iii", "A power outage of a few minutes at a call centre",
            "Een stroomstoring van enkele minuten in een callcenter", False, False,
            _a(("name", "contact"), groups=("customers",), availability="recoverable", unavailable_hours=0.1,
               availability_effect="none")),
    Example("9/2022-iv", G09, "example iv", "Ransomware encrypts all data; no backup, the data cannot be restored",
            "Ransomware versleutelt alle gegevens; geen back-up, de gegevens zijn niet te herstellen", True, None,
            _a(("name", "address"), cause="ransomware", confidentiality="exposed", availability="permanent",
               malicious=True, backup=False, exfiltration="excluded")),
    Example("9/2022-v", G09, "example v", "A bank statement sent to the wrong customer",
            "Een bankafschrift bij de verkeerde klant", True, True,
            _a(("name", "address", "iban", "financial"), groups=("customers",), persons=1, financial="statement",
               cause="wrong-recipient-post", confidentiality="known", recipients=1)),
    Example("9/2022-vi", G09, "example vi", "User names, passwords and purchase history published online by an attacker",
            "Gebruikersnamen, wachtwoorden en aankoopgeschiedenis door een aanvaller online gezet", True, True,
            _a(("name", "email", "credentials", "other:purchase history"), groups=("customers",), cause="hacking",
               confidentiality="unknown", malicious=True, exfiltration="confirmed", cross_border=True)),
    Example("9/2022-vii", G09, "example vii", "A hosting processor finds a flaw that let any user see any account",
            "Een hostingverwerker vindt een fout waardoor elke gebruiker elk account kon inzien", True, None,
            _a(("name", "address", "email"), groups=("customers",), cause="software-error", confidentiality="exposed",
               exfiltration="unknown")),
    Example("9/2022-viii", G09, "example viii", "Medical records in a hospital unavailable for 30 hours",
            "Medische dossiers in een ziekenhuis 30 uur niet beschikbaar", True, True,
            _a(("name", "birthdate"), ("health",), ("patients",), special_nature="full", cause="hacking",
               availability="temporary", unavailable_hours=30, availability_effect="harm", malicious=True, backup=True)),
    Example("9/2022-ix", G09, "example ix", "Students' data sent to a mailing list with over 1000 recipients",
            "Gegevens van studenten naar een mailinglijst met meer dan 1000 ontvangers", True, None,
            _a(("name", "email", "other:grades"), groups=("students",), cause="wrong-recipient-email",
               confidentiality="known", recipients=1000)),
    Example("9/2022-x", G09, "example x", "Direct marketing e-mail with the addresses in the to or cc field",
            "Marketingmail met de adressen in het aan- of cc-veld", False, False,
            _a(("email",), persons=40, cause="cc-instead-of-bcc", identification="significant",
               confidentiality="known", recipients=40)),
)

BY_KEY = {example.key: example for example in CATALOGUE}


# Nearness by facts -----------------------------------------------------------------------------

_FAMILY = {
    "ransomware": "ransomware", "hacking": "attack", "phishing": "attack", "credential-stuffing": "attack",
    "insider": "insider", "social-engineering": "social", "device-lost-stolen": "device",
    "wrong-recipient-post": "post", "post-returned-opened": "post", "post-lost": "post",
    "wrong-recipient-email": "email", "cc-instead-of-bcc": "cc", "wrong-file": "access",
    **{c: "access" for c in ACCESS_CAUSES},
}
_NEAR = {frozenset(p) for p in (("email", "cc"), ("email", "post"), ("attack", "ransomware"), ("attack", "social"),
                                ("insider", "attack"), ("access", "attack"))}
_ORDERED = {"conf": ("none", "exposed", "known", "unknown"), "avail": ("none", "recoverable", "temporary", "permanent")}
WEIGHTS = {"family": 3, "conf": 2, "protected": 2, "avail": 2, "dpc": 2, "malicious": 1.5, "effect": 1.5,
           "idfraud": 1.5, "trusted": 1.5, "exfil": 1, "integ": 1, "vulnerable": 1, "scale": 1, "recovered": 1,
           "backup": 0.5}

FEATURE_WORDS = {  # feature -> (nl, en)
    "family": ("soort incident", "kind of incident"), "conf": ("wie de gegevens zag", "who saw the data"),
    "protected": ("beveiliging", "protection"), "avail": ("beschikbaarheid", "availability"),
    "dpc": ("aard van de gegevens (ENISA-DPC)", "kind of data (ENISA DPC)"), "malicious": ("kwade opzet", "malicious intent"),
    "effect": ("gevolg van de onbeschikbaarheid", "effect of the unavailability"),
    "idfraud": ("gegevens voor identiteitsfraude", "data for identity fraud"),
    "trusted": ("ontvanger met geheimhoudingsplicht", "recipient bound to secrecy"),
    "exfil": ("bewijs over weggenomen gegevens", "evidence on data leaving"), "integ": ("integriteit", "integrity"),
    "vulnerable": ("kwetsbare personen", "vulnerable persons"), "scale": ("aantal personen", "number of persons"),
    "recovered": ("gegevens teruggekregen of verwijderd", "data returned or deleted"), "backup": ("back-up", "backup"),
}


def _family(a: Answers) -> str:
    if a.cause in _FAMILY:
        return _FAMILY[a.cause]
    if a.cause is None and not a.malicious and a.confidentiality == "none" and a.availability != "none":
        return "outage"
    return "other"


def _scale(a: Answers) -> int | None:
    n = a.persons_min
    if n is None:
        return None
    return 0 if n < 100 else 1 if n < 1000 else 2 if n < 100000 else 3


def features(a: Answers, score: Enisa | None = None) -> dict[str, Any]:
    """The facts the EDPB's reasoning turns on, one value each."""
    score = score or enisa(a)
    data, special = readable(a)
    protected = "none" if a.protected == "no" else "part" if (data or special) else "all"
    return {
        "family": _family(a), "conf": a.confidentiality, "protected": protected, "avail": a.availability,
        "dpc": score.dpc, "malicious": a.malicious, "effect": a.availability_effect or "none",
        "idfraud": any(c in IDENTITY_FRAUD_DATA for c in data), "trusted": trusted(a),
        "exfil": a.exfiltration or "unknown", "integ": a.integrity in ("recoverable", "unrecoverable"),
        "vulnerable": any(g in VULNERABLE_GROUPS for g in a.person_categories), "scale": _scale(a),
        "recovered": a.recovered, "backup": a.backup if a.availability != "none" else None,
    }


def _mismatch(name: str, this: Any, theirs: Any) -> float:
    if this == theirs:
        return 0.0
    if name == "family":
        return 0.5 if frozenset((this, theirs)) in _NEAR else 1.0
    if name in _ORDERED:
        order = _ORDERED[name]
        return abs(order.index(this) - order.index(theirs)) / 3
    if name == "dpc":
        return abs(this - theirs) / 3
    if name == "scale":
        return 0.5 if this is None or theirs is None else abs(this - theirs) / 3
    if name == "backup" and (this is None or theirs is None):
        return 0.0
    return 1.0


@dataclass(frozen=True)
class Match:
    example: Example
    similarity: float
    shared: tuple[str, ...]
    differs: tuple[tuple[str, Any, Any], ...]  # (feature, this breach, the example), most weighty first
    agrees: bool
    why: dict[str, str] | None  # when the outcome differs: where this breach differs, per language

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.example.key, "citation": self.example.citation("en"), "ap": self.example.ap,
                "subjects": self.example.subjects, "similarity": round(self.similarity, 3),
                "shared": list(self.shared), "differs": [list(d) for d in self.differs], "agrees": self.agrees,
                "why": self.why}


_FACTS = {example.key: features(example.facts) for example in CATALOGUE}


_SCALE = {0: ("minder dan 100", "fewer than 100"), 1: ("100 tot 1.000", "100 to 1,000"),
          2: ("1.000 tot 100.000", "1,000 to 100,000"), 3: ("100.000 of meer", "100,000 or more")}


def _words(feature: str, value: Any, lang: str) -> str:
    nl = lang == "nl"
    if value is None:
        return "onbekend" if nl else "unknown"
    if feature == "scale":
        return _SCALE[value][0 if nl else 1]
    if isinstance(value, bool):
        return ("ja" if value else "nee") if nl else ("yes" if value else "no")
    return str(value)


def _less_strict(example: Example, advice: Recommendation) -> bool:
    return (example.ap is False and advice.notify_ap) or (example.subjects is False and advice.inform_subjects)


def _why(example: Example, differs, advice: Recommendation, answers: Answers) -> dict[str, str]:
    out = {}
    lines = dutch.applying(answers) if _less_strict(example, advice) else ()
    for lang in ("nl", "en"):
        nl = lang == "nl"
        parts = [f"{FEATURE_WORDS[f][0 if nl else 1]}: {'hier' if nl else 'here'} {_words(f, this, lang)}, "
                 f"{'daar' if nl else 'there'} {_words(f, theirs, lang)}" for f, this, theirs in differs[:3]]
        number = example.number.replace("case", "casus").replace("example", "voorbeeld") if nl else example.number
        text = f"Anders dan {number}: " if nl else f"Unlike {number}: "
        text += "; ".join(parts) if parts else ("dezelfde feiten, een andere weging" if nl else "the same facts, weighed otherwise")
        for line in lines:
            if line.key == "ap-ransomware" and "ransomware-ap" in advice.grounds:
                text += (f". De AP is hier strenger dan de EDPB; dit advies volgt de AP ({line.source})" if nl
                         else f". The Dutch AP is stricter here than the EDPB; this advice follows the AP ({line.source})")
            elif line.key != "ap-ransomware":
                text += (f". De lijn van de AP wijst dezelfde kant op ({line.source})" if nl
                         else f". The Dutch AP's line points the same way ({line.source})")
        out[lang] = text + "."
    return out


def resembling(answers: Answers, score: Enisa, advice: Recommendation, n: int = 3) -> tuple[Match, ...]:
    """The `n` examples nearest by facts, nearest first (catalogue order on ties), whatever their outcome."""
    mine = features(answers, score)
    total = sum(WEIGHTS.values())
    ranked = []
    for index, example in enumerate(CATALOGUE):
        theirs = _FACTS[example.key]
        cost = {f: WEIGHTS[f] * _mismatch(f, mine[f], theirs[f]) for f in WEIGHTS}
        ranked.append((1 - sum(cost.values()) / total, index, example, cost, theirs))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    matches = []
    for similarity, _, example, cost, theirs in ranked[:n]:
        shared = tuple(f for f in WEIGHTS if cost[f] == 0)
        differs = tuple((f, mine[f], theirs[f]) for f in sorted((f for f in WEIGHTS if cost[f] > 0), key=lambda f: -cost[f]))
        agrees = (example.ap in (None, advice.notify_ap)) and (example.subjects in (None, advice.inform_subjects))
        matches.append(Match(example, similarity, shared, differs, agrees,
                             None if agrees else _why(example, differs, advice, answers)))
    return tuple(matches)


def cite(result: Result) -> Result:
    """The assessment with its nearest examples (`examples`) and the key of the nearest (`example`)."""
    matches = resembling(result.answers, result.enisa, result.recommendation)
    return replace(result, example=matches[0].example.key if matches else None, examples=matches)


def find(key: str | None) -> Example | None:
    return BY_KEY.get(key) if key else None
