"""The EDPB's worked examples, to cite the one that resembles a breach.

Sources: EDPB Guidelines 01/2021 on examples regarding personal data breach notification (cases 01-18,
with the Board's conclusion for the AP and the persons) and Guidelines 9/2022, Annex B (examples i-x).
Each entry holds the Board's outcome and a test on the answers that picks out the example's facts.

An example is cited only when its outcome agrees with the tool's recommendation, so a citation never
contradicts the advice next to it; `None` as an outcome is the Board's "depends on the data".
The catalogue is ordered from the most specific facts to the most general: the first match wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from breach.domain.assessment import (
    FINANCIAL,
    IDENTITY_FRAUD_DATA,
    Answers,
    Enisa,
    Recommendation,
    Result,
    data_class,
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
    fits: Callable[[Answers, Enisa], bool]

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


def _malicious_outage(a: Answers) -> bool:
    """Ransomware and the like: an attack that takes the data away, not a theft of a device."""
    return a.malicious and a.availability != "none" and a.cause in (None, "hacking")


def _no_disclosure(a: Answers) -> bool:
    return a.confidentiality in ("none", "exposed") or a.protected != "no"


def _financial(a: Answers) -> bool:
    return any(data_class(c) == FINANCIAL for c in a.data_categories)


def _mail(a: Answers) -> bool:
    return a.cause in ("wrong-recipient-email", "cc-instead-of-bcc")


def _post(a: Answers) -> bool:
    return a.cause in ("wrong-recipient-post", "post-returned-opened")


def _health_care(a: Answers) -> bool:
    return "health" in a.special_categories or "patients" in a.person_categories


def _slip(a: Answers) -> bool:
    return not a.malicious and a.confidentiality == "known"


CATALOGUE: tuple[Example, ...] = (
    Example("01/2021-03", G01, "case 03", "Ransomware with backup and without exfiltration in a hospital",
            "Ransomware met back-up en zonder exfiltratie in een ziekenhuis", True, True,
            lambda a, s: _malicious_outage(a) and a.availability in ("temporary", "permanent") and _health_care(a)
            and _no_disclosure(a)),
    Example("01/2021-04", G01, "case 04", "Ransomware without backup and with exfiltration",
            "Ransomware zonder back-up en met exfiltratie", True, True,
            lambda a, s: _malicious_outage(a) and a.confidentiality == "unknown" and a.protected == "no"),
    Example("01/2021-01", G01, "case 01", "Ransomware with proper backup and without exfiltration",
            "Ransomware met goede back-up en zonder exfiltratie", False, False,
            lambda a, s: _malicious_outage(a) and a.backup is True and _no_disclosure(a)),
    Example("01/2021-02", G01, "case 02", "Ransomware without proper backup",
            "Ransomware zonder goede back-up", True, False,
            lambda a, s: _malicious_outage(a) and a.backup is False and _no_disclosure(a)),
    Example("9/2022-iv", G09, "example iv", "Ransomware encrypts all data; no backup, the data cannot be restored",
            "Ransomware versleutelt alle gegevens; geen back-up, de gegevens zijn niet te herstellen", True, None,
            lambda a, s: _malicious_outage(a) and not a.backup),
    Example("01/2021-06", G01, "case 06", "Exfiltration of hashed passwords from a website",
            "Exfiltratie van gehashte wachtwoorden van een website", False, False,
            lambda a, s: a.malicious and a.confidentiality != "none" and a.protected == "hashed"),
    Example("01/2021-10", G01, "case 10", "Stolen material storing encrypted personal data",
            "Gestolen apparatuur met versleutelde persoonsgegevens", False, False,
            lambda a, s: a.protected in ("encrypted", "unintelligible") and a.confidentiality != "none"),
    Example("01/2021-12", G01, "case 12", "Stolen paper files with sensitive data",
            "Gestolen papieren dossiers met gevoelige gegevens", True, True,
            lambda a, s: a.cause == "device-lost-stolen" and a.protected == "no" and a.malicious
            and (bool(a.special_categories) or "criminal" in a.data_categories)),
    Example("01/2021-11", G01, "case 11", "Stolen material storing non-encrypted personal data",
            "Gestolen apparatuur met onversleutelde persoonsgegevens", True, True,
            lambda a, s: a.cause == "device-lost-stolen" and a.protected == "no" and a.malicious),
    Example("01/2021-07", G01, "case 07", "Credential stuffing attack on a banking website",
            "Credential stuffing op de website van een bank", True, True,
            lambda a, s: a.malicious and a.confidentiality == "unknown" and "credentials" in a.data_categories
            and _financial(a)),
    Example("9/2022-vi", G09, "example vi", "User names, passwords and purchase history published online by an attacker",
            "Gebruikersnamen, wachtwoorden en aankoopgeschiedenis door een aanvaller online gezet", True, True,
            lambda a, s: a.malicious and a.confidentiality == "unknown" and "credentials" in a.data_categories),
    Example("01/2021-18", G01, "case 18", "Email exfiltration",
            "Exfiltratie van e-mail", True, True,
            lambda a, s: a.malicious and a.confidentiality == "unknown" and _financial(a) and a.protected == "no"),
    Example("01/2021-05", G01, "case 05", "Exfiltration of job application data from a website",
            "Exfiltratie van sollicitatiegegevens van een website", True, True,
            lambda a, s: a.malicious and a.confidentiality == "unknown" and a.protected == "no"),
    Example("01/2021-17", G01, "case 17", "Identity theft",
            "Identiteitsfraude", True, True,
            lambda a, s: a.malicious and a.integrity in ("recoverable", "unrecoverable") and a.confidentiality == "known"),
    Example("01/2021-08", G01, "case 08", "Exfiltration of business data by an employee",
            "Een (oud-)medewerker neemt bedrijfsgegevens mee", True, False,
            lambda a, s: a.malicious and a.confidentiality == "known"),
    Example("01/2021-09", G01, "case 09", "Accidental transmission of data to a trusted third party",
            "Gegevens per ongeluk naar een vertrouwde derde gestuurd", False, False,
            lambda a, s: _slip(a) and a.trusted and a.recovered),
    Example("9/2022-x", G09, "example x", "Direct marketing e-mail with the addresses in the to or cc field",
            "Marketingmail met de adressen in het aan- of cc-veld", None, None,
            lambda a, s: _slip(a) and a.cause == "cc-instead-of-bcc" and not a.special_categories),
    Example("9/2022-ix", G09, "example ix", "Students' data sent to a mailing list with over 1000 recipients",
            "Gegevens van studenten naar een mailinglijst met meer dan 1000 ontvangers", True, None,
            lambda a, s: _slip(a) and _mail(a) and "students" in a.person_categories),
    Example("01/2021-14", G01, "case 14", "Highly confidential personal data sent by mail by mistake",
            "Zeer vertrouwelijke persoonsgegevens per vergissing gemaild", True, True,
            lambda a, s: _slip(a) and _mail(a) and (any(c in IDENTITY_FRAUD_DATA for c in a.data_categories) or s.dpc >= 3)),
    Example("01/2021-15", G01, "case 15", "Personal data sent by mail by mistake",
            "Persoonsgegevens per vergissing gemaild", False, False,
            lambda a, s: _slip(a) and _mail(a)),
    Example("9/2022-v", G09, "example v", "A bank statement sent to the wrong customer",
            "Een bankafschrift bij de verkeerde klant", True, True,
            lambda a, s: _slip(a) and _financial(a)),
    Example("01/2021-13", G01, "case 13", "Postal mail mistake (orders sent to the wrong customers)",
            "Post verkeerd bezorgd (bestellingen bij de verkeerde klanten)", False, False,
            lambda a, s: _slip(a) and _post(a)),
    Example("01/2021-16", G01, "case 16", "Postal mail mistake (insurance letters with another customer's data)",
            "Post verkeerd bezorgd (verzekeringsbrieven met gegevens van een andere klant)", True, False,
            lambda a, s: _slip(a) and _post(a)),
    Example("9/2022-viii", G09, "example viii", "Medical records in a hospital unavailable for 30 hours",
            "Medische dossiers in een ziekenhuis 30 uur niet beschikbaar", True, True,
            lambda a, s: a.availability in ("temporary", "permanent") and _health_care(a)),
    Example("9/2022-iii", G09, "example iii", "A power outage of a few minutes at a call centre",
            "Een stroomstoring van enkele minuten in een callcenter", False, False,
            lambda a, s: not a.malicious and a.confidentiality == "none" and a.integrity == "none"
            and a.availability in ("recoverable", "temporary")),
)

BY_KEY = {example.key: example for example in CATALOGUE}


def resembling(answers: Answers, score: Enisa, advice: Recommendation) -> Example | None:
    """The first example whose facts fit and whose outcome agrees with the recommendation."""
    for example in CATALOGUE:
        if example.ap is not None and example.ap != advice.notify_ap:
            continue
        if example.subjects is not None and example.subjects != advice.inform_subjects:
            continue
        if example.fits(answers, score):
            return example
    return None


def cite(result: Result) -> Result:
    """The assessment with the key of the example that resembles it (None when none does)."""
    match = resembling(result.answers, result.enisa, result.recommendation)
    return replace(result, example=match.key if match else None)


def find(key: str | None) -> Example | None:
    return BY_KEY.get(key) if key else None
