"""How serious is a breach, and must the AP and the persons be told? Pure functions of the answers.

Three layers, each shown to the user with its parts so the reasoning can be checked:

1. The ENISA severity score (`breach.domain.scoring`): SE = DPC x EI + CB, with its bands.
2. The AP form's own four-level severity (verwaarloosbaar / beperkt / aanzienlijk / zeer groot) and
   the explanation the form requires, in the organisation's language. It follows ENISA's band; where
   a ground of the recommendation overrides the band, the adjustment is kept and explained.
3. A recommendation for both decisions. ENISA's bands are not a legal test, so the recommendation
   applies the law's two thresholds (art. 33(1): notify the AP unless a risk is unlikely; art. 34(1):
   inform the persons when the risk is high, unless an art. 34(3) exception holds) with grounds taken
   from the EDPB guidelines and, where it is stricter, the Dutch AP (`breach.domain.dutch`).
   `breach.domain.edpb.cite` adds the EDPB examples nearest by facts, whatever their outcome.

The decision stays the user's (`breach decide`); the recommendation is a reasoned starting point.
Storing an assessment is `breach.records.assessments`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

from breach.domain import dutch, vocabulary, wording
from breach.domain.answers import (  # noqa: F401  (the names callers know from this module)
    AVAILABILITY,
    CHOICES,
    CONFIDENTIALITY,
    IDENTIFICATION,
    INTEGRITY,
    PROTECTION,
    Answers,
    parse_choice,
    parse_dpc,
)
from breach.domain.scoring import (  # noqa: F401  # noqa: F401  (what the answers show, shared with the wording)
    ACCESS_CAUSES,
    ATTACK_CAUSES,
    BAND_LABELS,
    BEHAVIOURAL,
    CLASS_SCORE,
    DATA_CLASS,
    DIRECT_IDENTIFIERS,
    FEW_PERSONS,
    FEW_RECIPIENTS,
    FINANCIAL,
    FINANCIAL_CATEGORIES,
    IDENTITY_FRAUD_DATA,
    LARGE,
    MALICIOUS,
    MALICIOUS_CAUSES,
    QUICK_HOURS,
    SENSITIVE,
    SIMPLE,
    VULNERABLE_GROUPS,
    Enisa,
    all_protected,
    band,
    basic_dpc,
    circumstances,
    confidentiality_only,
    data_class,
    enisa,
    quick,
    readable,
    readable_fraud_data,
    severity_score,
    special_share,
    suggested_identification,
    trusted,
)
from breach.errors import InvalidInput

Risk = Literal["unlikely", "risk", "high"]
UNLIKELY, RISK, HIGH = "unlikely", "risk", "high"


def check(answers: Answers) -> None:
    """Refuse answers that do not fit the method or each other: an adjusted DPC needs its reason (ENISA
    leaves the size of the adjustment to the assessor, so the register must say why)."""
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
    a = answers
    if a.special_persons is not None:
        if not a.special_categories:
            raise InvalidInput("given without special categories of data (give {special_categories} too)",
                               field="special_persons", mentions=("special_categories",))
        if a.persons_max is not None and a.special_persons > a.persons_max:
            raise InvalidInput(f"{a.special_persons} is more than the {a.persons_max} persons involved",
                               field="special_persons")
    if a.special_nature is not None and not a.special_categories:
        raise InvalidInput("given without special categories of data (give {special_categories} too)",
                           field="special_nature", mentions=("special_categories",))
    if a.financial is not None and not any(c in FINANCIAL_CATEGORIES for c in a.data_categories):
        raise InvalidInput(f"given without financial data (accepted with {{data_categories}} {', '.join(FINANCIAL_CATEGORIES)})",
                           field="financial", mentions=("data_categories",))
    if a.credentials_open is not None and "credentials" not in a.data_categories:
        raise InvalidInput("given without credentials among the data ({data_categories} credentials)",
                           field="credentials_open", mentions=("data_categories",))
    if a.protected_data:
        if a.protected == "no":
            raise InvalidInput("given with {protected} no (say how they were protected)", field="protected_data",
                               mentions=("protected",))
        stray = [c for c in a.protected_data if c not in a.data_categories + a.special_categories]
        if stray:
            raise InvalidInput(f"'{stray[0]}' is not among the data of this breach (accepted: "
                               f"{', '.join(a.data_categories + a.special_categories)})", field="protected_data")
    if a.exfiltration == "confirmed" and a.confidentiality in ("none", "exposed"):
        raise InvalidInput("confirmed, but {confidentiality} says nobody has the data: answer {confidentiality} "
                           "unknown, or known if you know who has them", field="exfiltration",
                           mentions=("confidentiality",))
    if a.availability == "none":
        for name in ("unavailable_hours", "availability_effect"):
            if getattr(a, name) not in (None, "none", 0):
                raise InvalidInput("given with {availability} none (say how the data were unavailable)",
                                   field=name, mentions=("availability",))
    if a.recipients == 0:
        raise InvalidInput("0 (expected the number of people who received the data, 1 or more)", field="recipients")


# The recommendation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    risk: Risk
    grounds: tuple[str, ...]
    notify_ap: bool
    inform_subjects: bool
    exception: Literal["34(3)(b)", "34(3)(c)"] | None  # the art. 34(3) exception that applies
    reasons: dict[str, dict[str, str]]
    subjects_scope: dict[str, Any] = field(default_factory=lambda: {"all": True, "persons": None})
    authority: dict[str, Any] = field(default_factory=dict)
    dutch_lines: tuple[str, ...] = ()  # keys of `dutch.LINES` that apply


def unlikely_grounds(answers: Answers, score: Enisa) -> tuple[str, ...]:
    """Why a risk to the persons is unlikely (art. 33(1)); empty when none holds."""
    a, grounds = answers, []
    only = confidentiality_only(a)
    if all_protected(a) and only:
        grounds.append("protected")  # EDPB 01/2021 cases 01, 06, 10; 9/2022 annex B i
    if a.confidentiality == "none" and only and (not a.malicious or a.exfiltration == "excluded"):
        grounds.append("restored")  # 9/2022 annex B iii; after an attack only with evidence that nothing left
    if a.confidentiality == "exposed" and a.exfiltration == "excluded" and only:
        grounds.append("no-access")  # 01/2021 case 01: the logs show no data left
    if a.confidentiality == "known" and trusted(a) and a.recovered and not a.malicious and only:
        grounds.append("trusted-recipient")  # EDPB 01/2021 case 09
    if (
        a.confidentiality in ("exposed", "known") and not a.malicious and only and score.band == "low"
        and a.persons_max is not None and a.persons_max < FEW_PERSONS
        and (a.recipients is None or a.recipients < FEW_RECIPIENTS) and not readable_fraud_data(a)
    ):
        grounds.append("minor-slip")  # EDPB 01/2021 cases 13, 15; 9/2022 annex B x
    return tuple(grounds)


def high_risk_grounds(answers: Answers, score: Enisa) -> tuple[str, ...]:
    """Why the risk to the persons is high (art. 34(1)); empty when none holds."""
    a, grounds = answers, []
    exposed = a.confidentiality != "none" and bool(score.readable)
    if score.score >= 3:
        grounds.append("enisa")
    if exposed and a.confidentiality == "unknown" and a.malicious and score.ei >= 0.75 and a.exfiltration != "excluded":
        grounds.append("malicious-unknown")  # data in the hands of people whose intentions are unknown or malicious
    if exposed and readable_fraud_data(a):
        grounds.append("identity-fraud")  # EDPB 01/2021 case 14
    if any(g in VULNERABLE_GROUPS for g in a.person_categories) and score.score >= 2 and (
        exposed or a.availability_effect == "harm"
    ):
        grounds.append("vulnerable")
    if a.availability_effect == "harm":
        grounds.append("availability-harm")  # EDPB 01/2021 case 03; 9/2022 annex B viii
    if a.cause == "ransomware" and a.exfiltration != "excluded" and not all_protected(a):
        grounds.append("ransomware-ap")  # the Dutch AP's line (dutch.AP_RANSOMWARE)
    return tuple(grounds)


def _scope(answers: Answers, score: Enisa, high: tuple[str, ...]) -> dict[str, Any]:
    """Whom to inform: all persons, or only those whose special data leaked when the risk to the
    others is not high (ENISA scores the individual)."""
    share = special_share(answers)
    if share is None or not high:
        return {"all": True, "persons": None}
    rest = replace(answers, special_categories=(), special_persons=None, special_nature=None,
                   persons_min=answers.persons_min - share, persons_max=None if answers.persons_max is None
                   else answers.persons_max - share)
    if high_risk_grounds(rest, enisa(rest)):
        return {"all": True, "persons": None}
    return {"all": False, "persons": share}


def authority(answers: Answers) -> dict[str, Any]:
    """To which authority, on which basis: the AP as lead supervisory authority (art. 56(1)) when
    persons in other EU countries are involved, else as the competent authority (art. 55(1))."""
    lead = answers.cross_border is True
    return {"to": "AP", "lead": lead, "basis": "art. 56(1)" if lead else "art. 55(1)"}


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
    scope = _scope(answers, score, high) if inform else {"all": True, "persons": None}
    lines = tuple(line.key for line in dutch.applying(answers))
    reasons = {
        "ap": {lang: wording.ap_reason(risk, grounds, answers, score, lang) for lang in ("en", "nl")},
        "subjects": {lang: wording.subjects_reason(risk, high, exception, score, answers, scope, lang)
                     for lang in ("en", "nl")},
    }
    return Recommendation(risk, grounds, risk != UNLIKELY, inform, exception, reasons, scope, authority(answers), lines)


LEVELS = ("negligible", "limited", "considerable", "very-high")
BAND_LEVEL = {"low": "negligible", "medium": "limited", "high": "considerable", "very-high": "very-high"}


def ap_severity(risk: str, score: Enisa, answers: Answers | None = None,
                grounds: tuple[str, ...] = ()) -> str:
    """The AP form's four levels (see `severity_adjustments` for how they follow ENISA's band)."""
    return severity_adjustments(risk, score, answers, grounds)[0]


def severity_adjustments(risk: str, score: Enisa, answers: Answers | None = None,
                         grounds: tuple[str, ...] = ()) -> tuple[str, tuple[dict[str, str], ...]]:
    """The AP form's level and every step where it departs from ENISA's band, with the ground that
    moves it: negligible when a risk is unlikely (unintelligible data, no access: ENISA's closing
    criteria); at least limited when a risk is not unlikely (art. 33(1)); at least considerable when the
    risk is high; one step up for a high risk to LARGE persons or more (ENISA: the number of persons)."""
    level = BAND_LEVEL[score.band]
    steps: list[dict[str, str]] = []

    def move(ground: str, to: str) -> None:
        nonlocal level
        steps.append({"ground": ground, "direction": "lowers" if LEVELS.index(to) < LEVELS.index(level) else "raises",
                      "from": level, "to": to})
        level = to

    if risk == UNLIKELY:
        if level != "negligible":
            move(grounds[0] if grounds else "unlikely", "negligible")
        return level, tuple(steps)
    if risk == HIGH and LEVELS.index(level) < 2:
        move(next((g for g in grounds if g != "enisa"), "high"), "considerable")
    elif level == "negligible":
        move("notifiable", "limited")
    large = answers is not None and answers.persons_min is not None and answers.persons_min >= LARGE
    if risk == HIGH and large and level == "considerable":
        move("scale", "very-high")
    return level, tuple(steps)


# The whole assessment -------------------------------------------------------------------------

consequences = wording.consequences
weighed_consequences = wording.weighed_consequences


@dataclass(frozen=True)
class Result:
    answers: Answers
    enisa: Enisa
    recommendation: Recommendation
    ap_severity: str
    explanations: dict[str, str]
    example: str | None = None  # the key of the nearest EDPB example, once cited (`edpb.cite`)
    adjustments: tuple[dict[str, str], ...] = ()  # where the AP severity departs from ENISA's band, and why
    examples: tuple[Any, ...] = ()  # the nearest EDPB examples (`edpb.Match`), once cited


def explanation(answers: Answers, severity: str, score: Enisa, lang: str) -> str:
    """The explanation the AP form requires with its severity question, in `lang` (nl or en). The
    adjustments are named when `severity` is the level these answers give (a stored older assessment
    with another level keeps its own words)."""
    advice = recommend(answers, score)
    level, steps = severity_adjustments(advice.risk, score, answers, advice.grounds)
    unlikely = advice.grounds if advice.risk == UNLIKELY else ()
    return wording.explanation(answers, severity, score, lang, unlikely, steps if level == severity else ())


def assess(answers: Answers) -> Result:
    """Score, severity, explanation and recommendation; `edpb.cite` adds the nearest examples."""
    check(answers)
    score = enisa(answers)
    advice = recommend(answers, score)
    severity, steps = severity_adjustments(advice.risk, score, answers, advice.grounds)
    unlikely = advice.grounds if advice.risk == UNLIKELY else ()
    texts = {lang: wording.explanation(answers, severity, score, lang, unlikely, steps) for lang in ("nl", "en")}
    return Result(answers, score, advice, severity, texts, adjustments=steps)


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


def _protection(answers: Answers, language: str) -> str:
    text = vocabulary.label("protection", answers.protected, language)
    if answers.protected == "no" or not answers.protected_data:
        return text
    covered = ", ".join(wording._kind(c, language) for c in answers.protected_data)
    rest = "overige gegevens niet" if language == "nl" else "other data not"
    return f"{text} ({covered}); {rest}"


lead_authority = wording.authority_text


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
        "protection": _protection(answers, language),
        "consequences": [vocabulary.label("consequences", k, language)
                         for k in consequences(answers, professional_secrecy=professional_secrecy)],
        "consequence_keys": weighed_consequences(answers, professional_secrecy=professional_secrecy),
        "severity": severity_label(assessment, language),
        "severity_explanation": explanation(answers, assessment.ap_severity, score, language),
        "incident_kind": vocabulary.form_kind(answers.cause, language) if answers.cause else None,
        "lead_authority": wording.authority_text(answers.cross_border, language),
    }
