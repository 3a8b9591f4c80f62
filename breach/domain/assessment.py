"""How serious is a breach, and must the AP and the persons be told? Pure functions of the answers.

Three layers, each shown to the user with its parts so the reasoning can be checked:

1. The ENISA severity score (ENISA, "Recommendations for a methodology of the assessment of severity
   of personal data breaches", 2013): SE = DPC x EI + CB, with its bands low / medium / high / very high.
2. The AP form's own four-level severity (verwaarloosbaar / beperkt / aanzienlijk / zeer groot) and
   the explanation the form requires, in the organisation's language.
3. A recommendation for both decisions. ENISA's bands are not a legal test, so the recommendation
   applies the law's two thresholds (art. 33(1): notify the AP unless a risk is unlikely; art. 34(1):
   inform the persons when the risk is high, unless an art. 34(3) exception holds) with grounds taken
   from the EDPB guidelines. `breach.domain.edpb.cite` adds the EDPB example that resembles the case
   (the catalogue reads these answers and scores, so it builds on this module, not the other way round).

The decision stays the user's (`breach decide`); the recommendation is a reasoned starting point.
Storing an assessment is `breach.records.assessments`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, Protocol

from breach.domain import vocabulary
from breach.domain.numbers import decimal, number_range
from breach.errors import InvalidInput

# ENISA scales ---------------------------------------------------------------------------------

IDENTIFICATION = {"negligible": 0.25, "limited": 0.5, "significant": 0.75, "maximum": 1.0}
CONFIDENTIALITY = {"none": 0.0, "exposed": 0.0, "known": 0.25, "unknown": 0.5}
INTEGRITY = {"none": 0.0, "altered": 0.0, "recoverable": 0.25, "unrecoverable": 0.5}
AVAILABILITY = {"none": 0.0, "recoverable": 0.0, "temporary": 0.25, "permanent": 0.5}
MALICIOUS = 0.5
PROTECTION = ("no", "encrypted", "hashed", "unintelligible")
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

# A basic score other than its class's: ENISA Table 1 gives financial data "with no significant insight
# (e.g. bare account numbers)" a 2. An IBAN alone shows no balance or transaction; data that do are
# recorded as `financial` and keep the class's 3.
CATEGORY_SCORE = {"iban": 2}

# Data that let a stranger pose as the person or get into their accounts (recital 85: identity theft
# or fraud). ENISA scores an id number as simple data; the EDPB treats its exposure as a high risk.
IDENTITY_FRAUD_DATA = ("bsn", "id-document", "credentials", "creditcard")
DIRECT_IDENTIFIERS = ("name", "email", "address", "contact", "phone", "bsn", "id-document")
VULNERABLE_GROUPS = ("minors", "patients", "vulnerable")

# Below this many persons a non-malicious slip of low ENISA severity counts as minor (the EDPB's
# "only a minor number of e-mail addresses", Guidelines 9/2022 Annex B, example x). The tool's own line.
FEW_PERSONS = 100

Risk = Literal["unlikely", "risk", "high"]
UNLIKELY, RISK, HIGH = "unlikely", "risk", "high"


# The answers ----------------------------------------------------------------------------------


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

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(self)
        for name in ("data_categories", "special_categories", "person_categories"):
            doc[name] = list(doc[name])
        return doc

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Answers:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in doc.items() if k in known}
        for name in ("data_categories", "special_categories", "person_categories"):
            if name in values:
                values[name] = tuple(values[name] or ())
        return cls(**values)


CHOICES = {
    "protected": PROTECTION,
    "identification": tuple(IDENTIFICATION),
    "confidentiality": tuple(CONFIDENTIALITY),
    "integrity": tuple(INTEGRITY),
    "availability": tuple(AVAILABILITY),
}


def parse_choice(value: str, name: str) -> str:
    """One of the accepted words for a question (confidentiality: `known`), case-insensitive."""
    word = value.strip().lower()
    if word not in CHOICES[name]:
        raise InvalidInput(f"'{value}' is not an answer (accepted: {', '.join(CHOICES[name])})", field=name)
    return word


def parse_dpc(value: str) -> int:
    word = value.strip()
    if word not in ("1", "2", "3", "4"):
        raise InvalidInput(f"'{value}' is not a DPC score (accepted: 1, 2, 3, 4)", field="dpc")
    return int(word)


def check(answers: Answers) -> None:
    """Refuse answers that do not fit the method: an adjusted DPC needs its reason (ENISA leaves the
    size of the adjustment to the assessor, so the register must say why)."""
    basic, _ = basic_dpc(answers)
    if answers.dpc is not None and answers.dpc != basic and not (answers.dpc_reason or "").strip():
        raise InvalidInput(
            f"{answers.dpc} differs from the basic score {basic} of the data; give the reason with {{dpc_reason}} TEXT",
            field="dpc", mentions=("dpc_reason",),
        )
    if not answers.data_categories and not answers.special_categories:
        raise InvalidInput(
            "no kinds of personal data recorded (give {data_categories}, e.g. {data_categories} name,email)",
            field="data_categories", mentions=("data_categories",),
        )


def suggested_identification(data_categories) -> str:
    """ENISA annex 2: a name with an address, e-mail or date of birth identifies directly."""
    return "maximum" if any(c in DIRECT_IDENTIFIERS for c in data_categories) else "limited"


# ENISA arithmetic -----------------------------------------------------------------------------


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


def data_class(category: str) -> str:
    return DATA_CLASS.get(category, SIMPLE)


def basic_dpc(answers: Answers) -> tuple[int, str | None]:
    """The basic DPC: the highest class among the data (special categories are sensitive: 4)."""
    if answers.special_categories:
        return CLASS_SCORE[SENSITIVE], answers.special_categories[0]
    best, source = 0, None
    for category in answers.data_categories:
        score = CATEGORY_SCORE.get(category, CLASS_SCORE[data_class(category)])
        if score > best:
            best, source = score, category
    return max(best, CLASS_SCORE[SIMPLE]), source


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


def enisa(answers: Answers) -> Enisa:
    basic, source = basic_dpc(answers)
    dpc = answers.dpc if answers.dpc is not None else basic
    ei = IDENTIFICATION[answers.identification]
    parts = circumstances(answers)
    cb = sum(parts.values())
    score = severity_score(dpc, ei, cb)
    klass = SENSITIVE if answers.special_categories else data_class(source) if source else SIMPLE
    return Enisa(dpc, basic, klass, source, ei, cb, parts, score, band(score))


# The recommendation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    risk: Risk
    grounds: tuple[str, ...]
    notify_ap: bool
    inform_subjects: bool
    exception: Literal["34(3)(b)", "34(3)(c)"] | None  # the art. 34(3) exception that applies
    reasons: dict[str, dict[str, str]]


def _persons_few(answers: Answers) -> bool:
    return answers.persons_max is not None and answers.persons_max < FEW_PERSONS


def _availability_lost(answers: Answers) -> bool:
    """Unavailable beyond a quick restore, or without a working backup to restore from."""
    return answers.availability in ("temporary", "permanent") or (
        answers.availability == "recoverable" and answers.backup is False
    )


def unlikely_grounds(answers: Answers, score: Enisa) -> tuple[str, ...]:
    """Why a risk to the persons is unlikely (art. 33(1)); empty when none holds."""
    grounds = []
    confidential_only = answers.integrity in ("none", "altered") and not _availability_lost(answers)
    if answers.protected != "no" and confidential_only:
        grounds.append("protected")  # EDPB 01/2021 cases 01, 06, 10; 9/2022 annex B i
    if answers.confidentiality == "none" and confidential_only:
        grounds.append("restored")  # EDPB 01/2021 case 01; 9/2022 annex B iii
    if (
        answers.confidentiality == "known" and answers.trusted and answers.recovered
        and not answers.malicious and confidential_only
    ):
        grounds.append("trusted-recipient")  # EDPB 01/2021 case 09
    if (
        answers.confidentiality in ("exposed", "known") and not answers.malicious and confidential_only
        and score.band == "low" and (answers.recovered or _persons_few(answers))
        and not any(c in IDENTITY_FRAUD_DATA for c in answers.data_categories)
    ):
        grounds.append("minor-slip")  # EDPB 01/2021 cases 13, 15; 9/2022 annex B x
    return tuple(grounds)


def high_risk_grounds(answers: Answers, score: Enisa) -> tuple[str, ...]:
    """Why the risk to the persons is high (art. 34(1)); empty when none holds."""
    grounds = []
    exposed = answers.confidentiality != "none" and answers.protected == "no"
    if score.score >= 3:
        grounds.append("enisa")
    if exposed and answers.confidentiality == "unknown" and answers.malicious and score.ei >= 0.75:
        grounds.append("malicious-unknown")  # data in the hands of people whose intentions are unknown or malicious
    if exposed and any(c in IDENTITY_FRAUD_DATA for c in answers.data_categories):
        grounds.append("identity-fraud")
    if any(g in VULNERABLE_GROUPS for g in answers.person_categories) and score.score >= 2:
        grounds.append("vulnerable")
    return tuple(grounds)


def recommend(answers: Answers, score: Enisa) -> Recommendation:
    unlikely = unlikely_grounds(answers, score)
    high = () if unlikely else high_risk_grounds(answers, score)
    risk = UNLIKELY if unlikely else HIGH if high else RISK
    exception = None
    inform = risk == HIGH
    if inform and answers.contained:
        exception, inform = "34(3)(b)", False
    elif inform and answers.disproportionate:
        exception = "34(3)(c)"
    grounds = unlikely or high
    reasons = {
        "ap": {lang: _ap_reason(risk, grounds, answers, score, lang) for lang in ("en", "nl")},
        "subjects": {lang: _subjects_reason(risk, high, exception, score, answers, lang) for lang in ("en", "nl")},
    }
    return Recommendation(risk, grounds, risk != UNLIKELY, inform, exception, reasons)


def ap_severity(risk: str, score: Enisa) -> str:
    """The AP form's four levels: negligible when a risk is unlikely; otherwise from ENISA's band,
    at least considerable when the risk is high (so the form's answer agrees with the art. 34 advice)."""
    if risk == UNLIKELY:
        return "negligible"
    if score.band == "very-high":
        return "very-high"
    if risk == HIGH:
        return "considerable"
    return "limited"


# Words ----------------------------------------------------------------------------------------


def _score_words(score: Enisa, lang: str) -> str:
    nl, en = BAND_LABELS[score.band]
    if lang == "nl":
        return f"ENISA-ernstscore {decimal(score.score, lang)} ({nl})"
    return f"ENISA severity {decimal(score.score)} ({en})"


def _score_is(score: Enisa, lang: str) -> str:
    nl, en = BAND_LABELS[score.band]
    if lang == "nl":
        return f"de ENISA-ernstscore is {decimal(score.score, lang)} ({nl})"
    return f"the ENISA severity is {decimal(score.score)} ({en})"


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" en " if lang == "nl" else " and ") + items[-1]


_PROTECTED = {
    "encrypted": ("versleuteld, en de sleutel was niet in handen van onbevoegden",
                  "encrypted, and the key was not in the hands of unauthorised people"),
    "hashed": ("gehasht met een actuele methode", "hashed with a current method"),
    "unintelligible": ("op een andere manier onbegrijpelijk gemaakt", "made unintelligible in another way"),
}

_HIGH_WORDS = {
    "malicious-unknown": ("de gegevens zijn met kwade opzet in handen van onbekenden gekomen",
                          "the data are in the hands of unknown people with malicious intent"),
    "identity-fraud": ("de gegevens maken identiteitsfraude of toegang tot accounts mogelijk",
                       "the data allow identity fraud or access to accounts"),
    "vulnerable": ("het gaat om kwetsbare personen", "the persons are vulnerable"),
}


def _high_factors(high: tuple[str, ...], score: Enisa, lang: str) -> str:
    """`because ...`: the grounds for a high risk, the ENISA score last."""
    i = 0 if lang == "nl" else 1
    words = [_HIGH_WORDS[g][i] for g in high if g != "enisa"]
    if "enisa" in high:
        return _join(words + [_score_is(score, lang)], lang)
    return _join(words, lang) + "; " + _score_words(score, lang)


def _unlikely_why(ground: str, answers: Answers, score: Enisa, lang: str) -> str:
    """Why a risk is unlikely, as a clause: 'the data were encrypted, ...'."""
    nl = lang == "nl"
    if ground == "protected":
        how = _PROTECTED[answers.protected][0 if nl else 1]
        return (f"de gegevens waren {how} en dus onbegrijpelijk voor onbevoegden" if nl
                else f"the data were {how}, so unintelligible to anyone not authorised")
    if ground == "restored":
        return ("alleen de beschikbaarheid was geraakt en de gegevens zijn zonder moeite hersteld" if nl
                else "only the availability was affected and the data were restored without difficulty")
    if ground == "trusted-recipient":
        return ("de gegevens kwamen alleen bij een ontvanger met een geheimhoudingsplicht, die ze heeft teruggegeven "
                "of verwijderd" if nl
                else "the data reached only a recipient bound to confidentiality, who returned or deleted them")
    if nl:
        extent = "de gegevens zijn teruggegeven of verwijderd" if answers.recovered else f"het gaat om minder dan {FEW_PERSONS} personen"
        return f"het was een vergissing zonder kwade opzet, de ontvangers zijn bekend, {extent} en {_score_is(score, lang)}"
    extent = "the data were returned or deleted" if answers.recovered else f"fewer than {FEW_PERSONS} persons are involved"
    return f"it was a slip without malicious intent, the recipients are known, {extent} and {_score_is(score, lang)}"


def _ap_reason(risk: str, grounds: tuple[str, ...], answers: Answers, score: Enisa, lang: str) -> str:
    nl = lang == "nl"
    if risk != UNLIKELY:
        factors = []
        if answers.confidentiality in ("known", "unknown") and answers.protected == "no":
            factors.append("onbevoegden hebben de gegevens" if nl else "unauthorised people have the data")
        elif answers.confidentiality == "exposed" and answers.protected == "no":
            factors.append("onbevoegden kunnen de gegevens hebben ingezien" if nl else "unauthorised people may have seen the data")
        if answers.integrity in ("recoverable", "unrecoverable"):
            factors.append("de gegevens zijn gewijzigd en mogelijk misbruikt" if nl else "the data were altered and possibly misused")
        if answers.malicious:
            factors.append("er was sprake van kwade opzet" if nl else "the breach was deliberate")
        if _availability_lost(answers):
            factors.append("de gegevens zijn niet (zonder moeite) beschikbaar" if nl else "the data are not (easily) available")
        if not factors:
            factors.append("geen van de gronden voor een onwaarschijnlijk risico doet zich voor" if nl
                           else "none of the grounds for an unlikely risk holds")
        if nl:
            return (f"Melden bij de AP, binnen 72 uur (art. 33 lid 1 AVG): een risico voor de betrokkenen is niet "
                    f"onwaarschijnlijk, want {_join(factors, lang)}; {_score_words(score, lang)}.")
        return (f"Notify the AP within 72 hours (art. 33(1) GDPR): a risk to the persons is not unlikely, as "
                f"{_join(factors, lang)}; {_score_words(score, lang)}.")
    why = _unlikely_why(grounds[0], answers, score, lang)
    if nl:
        return (f"Niet melden bij de AP: {why}. Een risico voor de betrokkenen is daardoor niet waarschijnlijk "
                "(art. 33 lid 1 AVG); leg deze afweging vast in het register (lid 5).")
    return (f"Do not notify the AP: {why}. A risk to the persons is therefore unlikely (art. 33(1) GDPR); "
            "keep this reasoning in the register (art. 33(5)).")


def _subjects_reason(risk: str, high: tuple[str, ...], exception: str | None, score: Enisa, answers: Answers,
                     lang: str) -> str:
    nl = lang == "nl"
    if risk == UNLIKELY:
        return ("Betrokkenen niet informeren: een risico is niet waarschijnlijk, een hoog risico dus evenmin (art. 34 lid 1 AVG)."
                if nl else "Do not inform the persons: a risk is unlikely, so a high risk is too (art. 34(1) GDPR).")
    if risk == RISK:
        absent = []
        if not any(c in IDENTITY_FRAUD_DATA for c in answers.data_categories):
            absent.append("geen gegevens voor identiteitsfraude" if nl else "no data for identity fraud")
        if not any(g in VULNERABLE_GROUPS for g in answers.person_categories):
            absent.append("geen kwetsbare personen" if nl else "no vulnerable persons")
        if not (answers.malicious and answers.confidentiality == "unknown"):
            absent.append("geen kwaadwillende onbekenden" if nl else "no malicious strangers")
        if nl:
            rest = f" en er zijn {_join(absent, lang)} in het spel" if absent else ""
            return (f"Betrokkenen niet informeren: het risico voor hen is niet hoog, want {_score_is(score, lang)}{rest}. "
                    "Art. 34 lid 1 AVG vraagt een mededeling alleen bij een hoog risico.")
        rest = f" and {_join(absent, lang)} are involved" if absent else ""
        return (f"Do not inform the persons: the risk to them is not high, as {_score_is(score, lang)}{rest}. "
                "Art. 34(1) GDPR asks it only for a high risk.")
    factors = _high_factors(high, score, lang)
    if exception == "34(3)(b)":
        return (f"Betrokkenen hoeven niet geïnformeerd te worden: het risico zou hoog zijn, want {factors}; maar de "
                "maatregelen die sindsdien zijn genomen zorgen dat het zich waarschijnlijk niet meer voordoet "
                "(art. 34 lid 3 sub b AVG). Leg die maatregelen vast in het register." if nl
                else f"No need to inform the persons: the risk would be high, as {factors}; but the measures taken since "
                "ensure it is no longer likely to materialise (art. 34(3)(b) GDPR). Record those measures in the register.")
    if exception == "34(3)(c)":
        return (f"Betrokkenen informeren via een openbare mededeling: het risico is hoog, want {factors}; ieder "
                "afzonderlijk informeren vergt een onevenredige inspanning (art. 34 lid 3 sub c AVG). De mededeling "
                "moet hen even doeltreffend bereiken." if nl
                else f"Inform the persons by a public communication: the risk is high, as {factors}; informing each "
                "one would take disproportionate effort (art. 34(3)(c) GDPR). It must reach them equally effectively.")
    return (f"Betrokkenen onverwijld informeren (art. 34 lid 1 AVG): het risico voor hen is hoog, want {factors}." if nl
            else f"Inform the persons without undue delay (art. 34(1) GDPR): the risk to them is high, as {factors}.")


def _persons_words(answers: Answers, lang: str) -> str:
    low, high = answers.persons_min, answers.persons_max
    nl = lang == "nl"
    if low is None:
        return "een onbekend aantal personen" if nl else "an unknown number of persons"
    if low == high == 1:
        return "één persoon" if nl else "one person"
    return number_range(low, high, lang) + (" personen" if nl else " persons")


def _data_words(answers: Answers, lang: str) -> str:
    def lower(text: str) -> str:
        first = text.split()[0]
        return text if len(first) > 1 and first.isalpha() and first.isupper() else text[:1].lower() + text[1:]

    items = [lower(vocabulary.label("data_categories", c, lang)) for c in answers.data_categories if c != "unknown"]
    if answers.special_categories:
        special = _join([lower(vocabulary.label("special_categories", c, lang)) for c in answers.special_categories], lang)
        items.append(f"bijzondere persoonsgegevens ({special})" if lang == "nl" else f"special categories of data ({special})")
    if not items:
        return "persoonsgegevens van onbekende aard" if lang == "nl" else "personal data of unknown kinds"
    return _join(items, lang)


_CIRCUMSTANCES = {
    ("confidentiality", "exposed"): ("onbevoegden kunnen de gegevens hebben ingezien, maar er zijn geen aanwijzingen dat dat is gebeurd",
                                     "unauthorised people may have seen the data, with no sign that anyone did"),
    ("confidentiality", "known"): ("de gegevens zijn bij bekende, onbevoegde ontvangers terechtgekomen",
                                   "the data reached known recipients who were not entitled to them"),
    ("confidentiality", "unknown"): ("de gegevens zijn in handen van onbekenden gekomen",
                                     "the data came into the hands of unknown people"),
    ("integrity", "altered"): ("de gegevens zijn gewijzigd, zonder aanwijzingen voor misbruik; het origineel is er nog",
                               "the data were altered, with no sign of misuse; the original is available"),
    ("integrity", "recoverable"): ("de gegevens zijn gewijzigd en mogelijk misbruikt, maar te herstellen",
                                   "the data were altered and possibly misused, but can be restored"),
    ("integrity", "unrecoverable"): ("de gegevens zijn gewijzigd en mogelijk misbruikt, en niet te herstellen",
                                     "the data were altered and possibly misused, and cannot be restored"),
    ("availability", "recoverable"): ("de gegevens waren kort niet beschikbaar en zonder moeite te herstellen",
                                      "the data were briefly unavailable and could be restored without difficulty"),
    ("availability", "temporary"): ("de gegevens zijn tijdelijk niet beschikbaar", "the data are temporarily unavailable"),
    ("availability", "permanent"): ("de gegevens zijn blijvend verloren", "the data are lost for good"),
}

_LEVEL_WORDS = {
    "negligible": ("Naar verwachting merken de betrokkenen er niets van, of hooguit enig ongemak.",
                   "The persons are expected to notice nothing, or at most some inconvenience."),
    "limited": ("De betrokkenen kunnen ongemak ondervinden dat zij zonder grote problemen te boven komen.",
                "The persons may meet inconveniences they will overcome without serious problems."),
    "considerable": ("De gevolgen voor de betrokkenen kunnen ernstig zijn, maar zijn met de nodige moeite te herstellen.",
                     "The persons may suffer significant consequences they can overcome only with serious difficulty."),
    "very-high": ("De gevolgen voor de betrokkenen kunnen ernstig en blijvend zijn.",
                  "The persons may suffer significant or irreversible consequences they may not overcome."),
}


def explanation(answers: Answers, severity: str, score: Enisa, lang: str) -> str:
    """The explanation the AP form requires with its severity question, in `lang` (nl or en)."""
    nl = lang == "nl"
    i = 0 if nl else 1
    sentences = [
        (f"Het datalek betreft de volgende gegevens van {_persons_words(answers, lang)}: {_data_words(answers, lang)}." if nl
         else f"The breach concerns the following data of {_persons_words(answers, lang)}: {_data_words(answers, lang)}.")
    ]
    happened = [_CIRCUMSTANCES[(name, getattr(answers, name))][i]
                for name in ("confidentiality", "integrity", "availability")
                if (name, getattr(answers, name)) in _CIRCUMSTANCES]
    if happened:
        text = _join(happened, lang)
        if answers.malicious:
            text += "; er was sprake van kwade opzet" if nl else "; the breach was deliberate"
        sentences.append(text[:1].upper() + text[1:] + ".")
    elif answers.malicious:
        sentences.append("Er was sprake van kwade opzet." if nl else "The breach was deliberate.")
    unlikely = unlikely_grounds(answers, score) if severity == "negligible" and score.band != "low" else ()
    eased = []
    if answers.protected != "no" and unlikely[:1] != ("protected",):
        eased.append(("de gegevens waren " if nl else "the data were ") + _PROTECTED[answers.protected][i])
    if answers.recovered:
        eased.append("de gegevens zijn teruggegeven of door de ontvanger verwijderd" if nl
                     else "the data were returned, or deleted by the recipient")
    if answers.trusted:
        eased.append("de ontvanger heeft een geheimhoudingsplicht" if nl else "the recipient is bound to confidentiality")
    if answers.availability != "none" and answers.backup is not None:
        eased.append(("er is een werkende back-up" if answers.backup else "er is geen werkende back-up") if nl
                     else ("a working backup exists" if answers.backup else "there is no working backup"))
    if eased:
        text = _join(eased, lang)
        sentences.append(text[:1].upper() + text[1:] + ".")
    if unlikely:
        why = _unlikely_why(unlikely[0], answers, score, lang)
        sentences.append(f"De ENISA-score weegt vooral de aard van de gegevens. Een risico is hier niet waarschijnlijk: {why}."
                         if nl else f"The ENISA score weighs mostly the kind of data. A risk is unlikely here: {why}.")
    sentences.append(_LEVEL_WORDS[severity][i])
    nl_band, en_band = BAND_LABELS[score.band]
    sentences.append(f"Ernstscore volgens de ENISA-methode: {decimal(score.score, lang)} ({nl_band})." if nl
                     else f"Severity score by the ENISA method: {decimal(score.score)} ({en_band}).")
    return " ".join(sentences)


def consequences(answers: Answers, *, professional_secrecy: bool = False) -> list[str]:
    """The AP form's possible consequences for the persons that the facts prove (keys of
    `vocabulary.CONSEQUENCES`, in the form's order). `to_check` gives those the facts only make plausible."""
    return weighed_consequences(answers, professional_secrecy=professional_secrecy)[0]


def weighed_consequences(answers: Answers, *, professional_secrecy: bool = False) -> tuple[list[str], list[str]]:
    """(ticked, to check), each in the form's order. A box is ticked only when a fact proves it, to be
    checked when the facts make it plausible, otherwise left out (the rules of issue 15)."""
    ticked: set[str] = set()
    check: set[str] = set()
    exposed = answers.confidentiality != "none" and answers.protected == "no"
    strangers = answers.confidentiality == "unknown"
    data = set(answers.data_categories)
    special = bool(answers.special_categories) or "criminal" in data
    if exposed:
        if special:
            check.add("discrimination")
        if data & set(IDENTITY_FRAUD_DATA):
            ticked.add("identity-fraud")
        elif ({"birthdate", "address"} <= data and answers.malicious) or (strangers and answers.malicious):
            check.add("identity-fraud")
        if any(data_class(c) == FINANCIAL for c in data):
            (ticked if answers.malicious or strangers else check).add("financial-loss")
        if special:
            (ticked if strangers else check).add("reputation")
        if professional_secrecy:
            ticked.add("professional-secrecy")
        if strangers:
            check.add("loss-of-control")
        elif answers.confidentiality in ("known", "exposed") and not answers.recovered:
            check.add("loss-of-control")
    if answers.protected == "unintelligible" and answers.confidentiality != "none" and answers.malicious:
        check.add("pseudonymisation")
    if answers.availability in ("temporary", "permanent"):
        if answers.backup is False:
            ticked.add("no-access")
        elif answers.backup is None:
            check.add("no-access")
    check -= ticked
    order = list(vocabulary.CONSEQUENCES)
    return [k for k in order if k in ticked], [k for k in order if k in check]


# The whole assessment -------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    answers: Answers
    enisa: Enisa
    recommendation: Recommendation
    ap_severity: str
    explanations: dict[str, str]
    example: str | None = None  # the key of the EDPB example it resembles, once cited (`edpb.cite`)


def assess(answers: Answers) -> Result:
    """Score, severity, explanation and recommendation; `edpb.cite` adds the resembling example."""
    check(answers)
    score = enisa(answers)
    advice = recommend(answers, score)
    severity = ap_severity(advice.risk, score)
    texts = {lang: explanation(answers, severity, score, lang) for lang in ("nl", "en")}
    return Result(answers, score, advice, severity, texts)


class StoredAssessment(Protocol):
    """What the AP form's answers read from a stored assessment (a `breach.store.models.Assessment` row)."""

    answers: dict[str, Any]
    ap_severity: str


def severity_label(assessment: StoredAssessment, language: str) -> str:
    """The AP form's answer to the severity question, from a stored assessment."""
    return vocabulary.label("ap_severity", assessment.ap_severity, language)


def consequences_text(assessment: StoredAssessment, language: str) -> str:
    """For the AP draft: the form's consequences and severity questions answered from a stored assessment."""
    answers = Answers.from_dict(assessment.answers)
    score = enisa(answers)
    ticked, check = weighed_consequences(answers)
    keys = [k for k in vocabulary.CONSEQUENCES if k in ticked or k in check]  # possible: proven or plausible
    nl = language == "nl"
    listed = "; ".join(vocabulary.label("consequences", k, language) for k in keys)
    first = (f"Mogelijke gevolgen voor de betrokkenen: {listed}." if nl else f"Possible consequences for the persons: {listed}.") \
        if keys else ("Geen gevolgen voor de betrokkenen te verwachten." if nl else "No consequences for the persons expected.")
    return first + " " + explanation(answers, assessment.ap_severity, score, language)


COPIED_FACTS = ("data_categories", "special_categories", "person_categories", "persons_min", "persons_max", "records")


def stale_facts(assessment: StoredAssessment, incident: Any) -> dict[str, tuple[Any, Any]]:
    """The breach's facts the assessment copied that changed since: {name: (then, now)}. When not empty,
    the assessment needs a new run (`breach assess`)."""
    then = Answers.from_dict(assessment.answers)
    changed: dict[str, tuple[Any, Any]] = {}
    for name in COPIED_FACTS:
        old, new = getattr(then, name), getattr(incident, name, None)
        if isinstance(old, tuple):
            old, new = list(old), list(new or ())
        if old != new:
            changed[name] = (old, new)
    return changed


def current_answers(assessment: StoredAssessment, incident: Any = None) -> Answers:
    """The stored answers, with the copied facts replaced by the breach's current ones (when given)."""
    answers = Answers.from_dict(assessment.answers)
    if incident is None:
        return answers
    doc = answers.to_dict()
    for name in COPIED_FACTS:
        doc[name] = getattr(incident, name, doc[name])
    return Answers.from_dict(doc)


def ap_form_answers(assessment: StoredAssessment, language: str, incident: Any = None,
                    *, professional_secrecy: bool = False) -> dict[str, Any]:
    """The AP form's questions that an assessment answers, in `language`, for the AP draft: protection
    beforehand, possible consequences, severity (one of the four levels) and its explanation. With the
    `incident`, the explanation uses its current facts (see `stale_facts`); the severity stays the stored one."""
    answers = current_answers(assessment, incident)
    score = enisa(answers)
    return {
        "protection": vocabulary.label("protection", answers.protected, language),
        "consequences": [vocabulary.label("consequences", k, language)
                         for k in consequences(answers, professional_secrecy=professional_secrecy)],
        "consequence_keys": weighed_consequences(answers, professional_secrecy=professional_secrecy),
        "severity": severity_label(assessment, language),
        "severity_explanation": explanation(answers, assessment.ap_severity, score, language),
        "incident_kind": vocabulary.label("incident_kind", answers.cause, language) if answers.cause else None,
    }
