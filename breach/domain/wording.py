"""The words of an assessment, in the organisation's language (nl) and English: the reasons of both
recommendations and the explanation the AP form asks with its severity question. Pure; the grounds
themselves are `breach.domain.assessment`'s.
"""

from __future__ import annotations

from typing import Any

from breach.domain import dutch, vocabulary
from breach.domain.answers import Answers
from breach.domain.numbers import decimal, number_range
from breach.domain.scoring import (
    BAND_LABELS,
    FEW_PERSONS,
    FINANCIAL,
    IDENTITY_FRAUD_DATA,
    VULNERABLE_GROUPS,
    Enisa,
    data_class,
    quick,
    readable,
    special_share,
    trusted,
)

UNLIKELY, RISK, HIGH = "unlikely", "risk", "high"

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
    "availability-harm": ("doordat de gegevens niet beschikbaar waren, raakte het de zorg of de veiligheid van de betrokkenen",
                          "the data being unavailable affected the persons' care or safety"),
    "ransomware-ap": ("het gaat om ransomware en niet is aangetoond dat er geen gegevens zijn weggenomen (bron: "
                      f"{dutch.AP_RANSOMWARE[0]})",
                      "it is ransomware and it is not shown that no data left (source: "
                      f"{dutch.AP_RANSOMWARE[0]})"),
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
    if ground == "no-access":
        return ("logbestanden of forensisch onderzoek tonen aan dat niemand de gegevens heeft ingezien of weggenomen, "
                "en de systemen zijn snel hersteld" if nl
                else "logs or forensics show that nobody accessed or copied the data, and the systems were restored quickly")
    if ground == "trusted-recipient":
        return ("de gegevens kwamen alleen bij een ontvanger met een geheimhoudingsplicht, die ze heeft teruggegeven "
                "of verwijderd" if nl
                else "the data reached only a recipient bound to confidentiality, who returned or deleted them")
    if nl:
        extent = f"het gaat om minder dan {FEW_PERSONS} personen"
        if answers.recovered:
            extent += " en de gegevens zijn teruggegeven of verwijderd"
        return f"het was een vergissing zonder kwade opzet, {extent}, en {_score_is(score, lang)}"
    extent = f"fewer than {FEW_PERSONS} persons are involved"
    if answers.recovered:
        extent += " and the data were returned or deleted"
    return f"it was a slip without malicious intent, {extent}, and {_score_is(score, lang)}"


def _authority(answers: Answers, lang: str) -> str:
    text = authority_text(answers.cross_border, lang)
    return " " + text if text else ""


def authority_text(cross_border: bool | None, lang: str) -> str | None:
    """The lead authority sentence when persons in other EU countries are involved (art. 56 GDPR)."""
    if cross_border is not True:
        return None
    if lang == "nl":
        return ("Meld bij de AP als leidende toezichthouder (art. 56 lid 1 AVG) als de (hoofd)vestiging in Nederland "
                "is; de AP betrekt de andere betrokken toezichthouders (art. 60 AVG). Zie EDPB-richtsnoeren 9/2022, "
                "bijlage B, voorbeeld vi.")
    return ("Notify the AP as lead supervisory authority (art. 56(1) GDPR) when the (main) establishment is in the "
            "Netherlands; the AP involves the other supervisory authorities concerned (art. 60 GDPR). See EDPB "
            "Guidelines 9/2022, Annex B, example vi.")


def _dutch_lines(answers: Answers, lang: str) -> str:
    lines = dutch.applying(answers)
    if not lines:
        return ""
    nl = lang == "nl"
    said = "; ".join(f"{line.effect(lang)} ({'bron' if nl else 'source'}: {line.source})" for line in lines)
    return (f" Nederlandse lijn: {said}." if nl else f" Dutch line: {said}.")


def ap_reason(risk: str, grounds: tuple[str, ...], answers: Answers, score: Enisa, lang: str) -> str:
    return _ap_reason(risk, grounds, answers, score, lang) + _authority(answers, lang) + _dutch_lines(answers, lang)


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
        if not quick(answers):
            factors.append("de gegevens zijn niet snel en zonder gevolgen weer beschikbaar" if nl
                           else "the data were not available again quickly and without consequences")
        if answers.malicious and answers.confidentiality == "none" and answers.exfiltration != "excluded":
            factors.append("niet is vastgesteld dat er geen gegevens zijn weggenomen" if nl
                           else "it is not established that no data left")
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


def subjects_reason(risk: str, high: tuple[str, ...], exception: str | None, score: Enisa, answers: Answers,
                    scope: dict[str, Any], lang: str) -> str:
    text = _subjects_reason(risk, high, exception, score, answers, lang)
    if scope.get("all", True) or scope.get("persons") is None:
        return text
    share, rest = scope["persons"], (answers.persons_min or 0) - scope["persons"]
    if lang == "nl":
        return (text + f" Informeer de {share} personen van wie bijzondere persoonsgegevens zijn gelekt; voor de "
                f"andere {rest} is het risico niet hoog.")
    return text + f" Inform the {share} persons whose special categories of data leaked; for the other {rest} the risk is not high."


def _subjects_reason(risk: str, high: tuple[str, ...], exception: str | None, score: Enisa, answers: Answers,
                     lang: str) -> str:
    nl = lang == "nl"
    if risk == UNLIKELY:
        return ("Betrokkenen niet informeren: een risico is niet waarschijnlijk, een hoog risico dus evenmin (art. 34 lid 1 AVG)."
                if nl else "Do not inform the persons: a risk is unlikely, so a high risk is too (art. 34(1) GDPR).")
    if risk == RISK:
        absent = []
        if not any(c in IDENTITY_FRAUD_DATA for c in readable(answers)[0]):
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
    if high is None:
        return ("ten minste " if nl else "at least ") + number_range(low, low, lang) + (" personen" if nl else " persons")
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


_NATURE = {"full": ("", ""), "specific": (", die wijzen op een bepaalde aandoening of overtuiging", ", pointing to a specific condition or belief"),
           "general": (", van algemene aard", ", of a general nature"),
           "trivial": (", van geringe aard (zonder wezenlijk inzicht)", ", of a trivial nature (no substantial insight)")}
_FINANCIAL = {
    "contract": ("alleen het bestaan van een overeenkomst", "only that a contract exists"),
    "amounts": ("bedragen (zoals een premie of een factuur), zonder inzicht in de financiële situatie",
                "amounts (such as a premium or an invoice), without insight into the financial situation"),
    "account": ("rekeningnummers, zonder saldo of transacties", "account numbers, without balances or transactions"),
    "statement": ("saldi, een afschrift of inkomen", "balances, a statement or income"),
    "history": ("een transactiegeschiedenis", "a transaction history"),
    "card": ("betaalkaartgegevens waarmee betaald kan worden", "payment card data that can be used to pay"),
}
_RECIPIENT = {"colleague": ("collega", "colleague", "collega's", "colleagues"),
              "professional": ("ontvanger met een beroepsgeheim", "recipient bound to professional secrecy",
                               "ontvangers met een beroepsgeheim", "recipients bound to professional secrecy"),
              "customer": ("particulier", "private person", "particulieren", "private persons"),
              "public": ("ontvanger", "recipient", "ontvangers", "recipients")}
_EFFECT = {"none": ("dat had geen gevolgen voor de betrokkenen", "that had no consequences for the persons"),
           "delays": ("dat gaf vertraging (bijvoorbeeld in leveringen of betalingen)", "that caused delays (e.g. in deliveries or payments)"),
           "harm": ("dat raakte de zorg of de veiligheid van de betrokkenen", "that affected the persons' care or safety")}
GROUND_WORDS = {
    "protected": ("de gegevens waren onbegrijpelijk voor onbevoegden", "the data were unintelligible to anyone not authorised"),
    "restored": ("alleen de beschikbaarheid was kort geraakt", "only the availability was briefly affected"),
    "no-access": ("onderzoek toont aan dat niemand de gegevens heeft ingezien of weggenomen", "investigation shows nobody accessed or copied the data"),
    "trusted-recipient": ("de ontvanger heeft een geheimhoudingsplicht en heeft de gegevens verwijderd", "the recipient is bound to secrecy and deleted the data"),
    "minor-slip": ("het was een kleine vergissing met weinig personen", "it was a minor slip with few persons"),
    "notifiable": ("een risico is niet onwaarschijnlijk, dus de gevolgen zijn niet verwaarloosbaar (art. 33 lid 1 AVG)",
                   "a risk is not unlikely, so the consequences are not negligible (art. 33(1) GDPR)"),
    "identity-fraud": ("de gegevens maken identiteitsfraude mogelijk; ENISA telt een identificatienummer als eenvoudig "
                       "gegeven, de EDPB (richtsnoeren 01/2021, casus 14) ziet het uitlekken ervan als hoog risico",
                       "the data allow identity fraud; ENISA counts an identification number as simple data, the EDPB "
                       "(Guidelines 01/2021, case 14) sees its disclosure as a high risk"),
    "scale": ("het hoge risico treft een groot aantal personen (ENISA weegt het aantal na de score)",
              "the high risk concerns a large number of persons (ENISA weighs the number after the score)"),
}


def _level(key: str, lang: str) -> str:
    return vocabulary.label("ap_severity", key, lang).lower()


def adjustment_sentence(step: dict[str, str], lang: str) -> str:
    nl = lang == "nl"
    ground = step["ground"]
    why = GROUND_WORDS.get(ground) or _HIGH_WORDS.get(ground) or ("", "")
    why_text = why[0 if nl else 1]
    if nl:
        how = "hoger" if step["direction"] == "raises" else "lager"
        return (f"De ernst is {how} gesteld dan de ENISA-score aangeeft ({_level(step['to'], lang)} in plaats van "
                f"{_level(step['from'], lang)}): {why_text}.")
    how = "higher" if step["direction"] == "raises" else "lower"
    return (f"The severity is set {how} than the ENISA score indicates ({_level(step['to'], lang)} instead of "
            f"{_level(step['from'], lang)}): {why_text}.")


def _details(answers: Answers, score: Enisa, lang: str) -> list[str]:
    """What the richer answers add to the explanation, one sentence each."""
    nl, i, out = lang == "nl", 0 if lang == "nl" else 1, []
    share = special_share(answers)
    if answers.special_categories and (share is not None or answers.special_nature not in (None, "full")):
        kinds = _join([vocabulary.label("special_categories", c, lang).lower() for c in answers.special_categories], lang)
        nature = _NATURE[answers.special_nature or "full"][i]
        if share is not None:
            out.append(f"Bij {share} van de {answers.persons_min} personen gaat het ook om bijzondere persoonsgegevens "
                       f"({kinds}){nature}." if nl
                       else f"For {share} of the {answers.persons_min} persons the data include special categories "
                       f"({kinds}){nature}.")
        else:
            out.append(f"De bijzondere persoonsgegevens ({kinds}) zijn{nature[1:]}." if nl
                       else f"The special categories of data ({kinds}) are{nature[1:]}.")
    if answers.financial:
        detail = _FINANCIAL[answers.financial][i]
        out.append(f"De financiële gegevens zijn {detail}." if nl else f"The financial data are {detail}.")
    if answers.recipients is not None:
        one, one_en, many, many_en = _RECIPIENT.get(answers.recipient_kind or "public")
        n = answers.recipients
        who = (one if n == 1 else many) if nl else (one_en if n == 1 else many_en)
        count = ("één" if nl else "one") if n == 1 else number_range(n, n, lang)
        out.append(f"De gegevens kwamen bij {count} {who}." if nl else f"The data reached {count} {who}.")
    if answers.exfiltration == "excluded":
        out.append("Uit logbestanden of forensisch onderzoek blijkt dat er geen gegevens zijn weggenomen." if nl
                   else "Logs or forensic investigation show that no data left.")
    elif answers.exfiltration == "confirmed":
        out.append("Vastgesteld is dat er gegevens zijn weggenomen." if nl else "It is established that data left.")
    elif answers.malicious and answers.confidentiality != "unknown":
        out.append("Niet is vastgesteld dat er geen gegevens zijn weggenomen." if nl
                   else "It is not established that no data left.")
    if answers.availability != "none" and (answers.unavailable_hours is not None or answers.availability_effect):
        span = _hours(answers.unavailable_hours, lang) if answers.unavailable_hours is not None else None
        first = ((f"De gegevens waren {span} niet beschikbaar" if span else "De gegevens waren niet beschikbaar") if nl
                 else (f"The data were unavailable for {span}" if span else "The data were unavailable"))
        effect = _EFFECT[answers.availability_effect][i] if answers.availability_effect else None
        out.append(first + (f"; {effect}." if effect else "."))
    if answers.protected != "no" and answers.protected_data:
        covered = _join([_kind(c, lang) for c in answers.protected_data], lang)
        rest = [c for c in readable(answers)[0] + readable(answers)[1]]
        how = vocabulary.label("protection", answers.protected, lang).lower()
        text = (f"Beveiligd ({how}): {covered}; niet beveiligd: {_join([_kind(c, lang) for c in rest], lang)}." if nl
                else f"Protected ({how}): {covered}; not protected: {_join([_kind(c, lang) for c in rest], lang)}.")
        out.append(text)
    return out


def _kind(category: str, lang: str) -> str:
    fact = "special_categories" if category in vocabulary.SPECIAL_CATEGORIES else "data_categories"
    text = vocabulary.label(fact, category, lang)
    return text if text.isupper() else text[:1].lower() + text[1:]


def _hours(hours: float, lang: str) -> str:
    nl = lang == "nl"
    if hours < 1:
        n = round(hours * 60)
        return f"{n} minuten" if nl else f"{n} minutes"
    if hours >= 48:
        n = decimal(round(hours / 24, 1), lang)
        return f"{n} dagen" if nl else f"{n} days"
    n = decimal(round(hours, 1), lang)
    return f"{n} uur" if nl else f"{n} hours"


def explanation(answers: Answers, severity: str, score: Enisa, lang: str, unlikely: tuple[str, ...] = (),
                adjustments: tuple[dict[str, str], ...] = ()) -> str:
    """The explanation the AP form requires with its severity question, in `lang` (nl or en): the data,
    what happened, what eases it, every ground that moves the severity away from ENISA's band, the
    level in words and the ENISA score last."""
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
    sentences += _details(answers, score, lang)
    unlikely = unlikely if severity == "negligible" and score.band != "low" else ()
    eased = []
    if answers.protected != "no" and unlikely[:1] != ("protected",) and not answers.protected_data:
        eased.append(("de gegevens waren " if nl else "the data were ") + _PROTECTED[answers.protected][i])
    if answers.recovered:
        eased.append("de gegevens zijn teruggegeven of door de ontvanger verwijderd" if nl
                     else "the data were returned, or deleted by the recipient")
    if trusted(answers) and answers.recipient_kind != "professional":
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
    sentences += [adjustment_sentence(step, lang) for step in adjustments if step["direction"] == "raises"]
    sentences.append(_LEVEL_WORDS[severity][i])
    nl_band, en_band = BAND_LABELS[score.band]
    sentences.append(f"Ernstscore volgens de ENISA-methode: {decimal(score.score, lang)} ({nl_band})." if nl
                     else f"Severity score by the ENISA method: {decimal(score.score)} ({en_band}).")
    return " ".join(sentences)


def consequences(answers: Answers, *, professional_secrecy: bool = False) -> list[str]:
    """The AP form's possible consequences for the persons that the facts prove (keys of
    `vocabulary.CONSEQUENCES`, in the form's order); `weighed_consequences` also gives those the facts
    only make plausible."""
    return weighed_consequences(answers, professional_secrecy=professional_secrecy)[0]


def weighed_consequences(answers: Answers, *, professional_secrecy: bool = False) -> tuple[list[str], list[str]]:
    """(ticked, to check), each in the form's order. A box is ticked only when a fact proves it, to be
    checked when the facts make it plausible, otherwise left out: no professional secrecy for an
    organisation that has none (the profile says), no "no access" with a working backup, no "loss of
    control" for every exposure. Only data the recipients could read count (`readable`)."""
    ticked: set[str] = set()
    check: set[str] = set()
    readable_data, special_data = readable(answers)
    data = set(readable_data)
    exposed = answers.confidentiality != "none" and bool(data or special_data)
    strangers = answers.confidentiality == "unknown"
    special = bool(special_data) or "criminal" in data
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
    unavailable = answers.availability in ("temporary", "permanent") or (
        answers.availability == "recoverable" and answers.availability_effect == "harm"
    )
    if unavailable:
        if answers.backup is False or answers.availability_effect == "harm":
            ticked.add("no-access")
        elif answers.backup is None:
            check.add("no-access")
    check -= ticked
    order = list(vocabulary.CONSEQUENCES)
    return [k for k in order if k in ticked], [k for k in order if k in check]
