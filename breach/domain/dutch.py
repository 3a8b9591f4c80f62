"""The Dutch AP's published lines where they are stricter than the EDPB's examples, with their source.

The recommendation follows them (`breach.domain.assessment`); the reasons name the source, and when
the nearest EDPB example's outcome differs, the citation names both (`breach.domain.edpb`).

- Ransomware: the AP's page "Datalek door ransomware" (files encrypted by ransomware means someone
  had access to them; without investigation the extent cannot be known) and its report on the
  breaches of 2021 (ransomware breaches are as good as always to be reported to the AP and the
  victims). Applied as the AP reasons: notify unless it is shown that no data left and the systems
  were restored quickly; inform the persons unless it is shown that no data left.
- E-mail with the addresses in to/cc: the AP fined PVV Overijssel (2021) for not reporting an e-mail
  whose visible addressees revealed their political views; with 9/2022 Annex B example x (a large
  number of addresses, or sensitive ones) such a slip is reported.
- A letter or e-mail with a BSN (or an identity document) to the wrong person: no current AP page
  states this line. The AP's policy rules under the former Wbp (Beleidsregels meldplicht
  datalekken, Stcrt. 2015, 46128, section 4.2.1) counted data that can be misused for identity fraud
  as sensitive; those rules lapsed on 25 May 2018. Kept as the tool's reading until the AP publishes
  a current source; the source text says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from breach.domain.answers import Answers

AP_RANSOMWARE = ("AP, \"Datalek door ransomware\"; AP, Rapportage datalekken 2021",
                 "https://www.autoriteitpersoonsgegevens.nl/themas/beveiliging/datalekken/datalek-door-ransomware")
AP_PVV = ("AP, boete PVV Overijssel voor het niet melden van een datalek (2021)",
          "https://autoriteitpersoonsgegevens.nl/en/current/pvv-overijssel-fined-for-failing-to-report-data-breach")
AP_BSN = ("AP, Beleidsregels meldplicht datalekken (Stcrt. 2015, 46128), par. 4.2.1; vervallen per 25 mei 2018, "
          "geen actuele AP-bron gevonden",
          "https://zoek.officielebekendmakingen.nl/stcrt-2015-46128.html")

_SLIPS = ("wrong-recipient-email", "cc-instead-of-bcc", "wrong-recipient-post", "post-returned-opened", "post-lost")
FEW_ADDRESSES = 100  # as assessment.FEW_PERSONS


@dataclass(frozen=True)
class Line:
    key: str
    source: str
    url: str
    applies: Callable[[Answers], bool]
    effect_nl: str
    effect_en: str

    def effect(self, language: str) -> str:
        return self.effect_nl if language == "nl" else self.effect_en


def _many(a: Answers) -> bool:
    return a.persons_max is None or a.persons_max >= FEW_ADDRESSES or (a.recipients or 0) >= FEW_ADDRESSES


def _readable_id(a: Answers) -> bool:
    if a.protected != "no" and (not a.protected_data or any(c in a.protected_data for c in ("bsn", "id-document"))):
        return False
    return any(c in a.data_categories for c in ("bsn", "id-document"))


LINES = (
    Line("ap-ransomware", *AP_RANSOMWARE, lambda a: a.cause == "ransomware",
         "de AP ziet een datalek door ransomware als vrijwel altijd te melden bij de AP en de slachtoffers, tenzij "
         "aangetoond is dat er geen gegevens zijn weggenomen (en, voor de AP, dat de systemen snel zijn hersteld)",
         "the AP treats a ransomware breach as practically always to be reported to the AP and the victims, unless it "
         "is shown that no data left (and, for the AP, that the systems were restored quickly)"),
    Line("ap-cc", *AP_PVV, lambda a: a.cause == "cc-instead-of-bcc" and (bool(a.special_categories) or _many(a)),
         "een e-mail met zichtbare adressen moet bij de AP gemeld worden als het om veel adressen gaat of als de lijst "
         "iets gevoeligs verraadt (zoals politieke voorkeur)",
         "an e-mail with visible addresses is to be reported to the AP when it concerns many addresses or the list "
         "reveals something sensitive (such as political views)"),
    Line("ap-bsn", *AP_BSN, lambda a: a.cause in _SLIPS and _readable_id(a),
         "een brief of e-mail met een BSN of een kopie identiteitsbewijs bij de verkeerde ontvanger is te melden "
         "(risico op identiteitsfraude), ook als de ontvanger hem terugstuurt",
         "a letter or e-mail with a BSN or an identity document copy to the wrong recipient is to be reported (risk "
         "of identity fraud), also when the recipient returns it"),
)
BY_KEY = {line.key: line for line in LINES}


def applying(answers: Answers) -> tuple[Line, ...]:
    return tuple(line for line in LINES if line.applies(answers))
