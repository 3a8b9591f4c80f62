"""The three documents in both languages and every format, against golden files, and how their
content follows the facts: initial or follow-up, late, processor, assessment, advice per data category.

Golden files are reviewed by eye before they are committed:
`BREACH_UPDATE_GOLDEN=1 python -m pytest tests/documents/test_drafts.py` rewrites them.
"""

from __future__ import annotations

import email
import io
import os
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from pathlib import Path

import pendulum
import pytest

from breach.config import Profile
from breach.documents import drafts
from breach.domain import deadlines
from breach.errors import Refused

GOLDEN = Path(__file__).parents[1] / "golden" / "drafts"
AMS = "Europe/Amsterdam"


@dataclass
class Incident:
    ref: str = "DL-2026-012"
    title: str = "Webwinkel gehackt: klantaccounts ingezien"
    role: str = "controller"
    aware_at: datetime = pendulum.datetime(2026, 11, 20, 16, 30, tz=AMS)
    discovered_at: datetime | None = pendulum.datetime(2026, 11, 20, 15, 45, tz=AMS)
    occurred_from: datetime | None = pendulum.datetime(2026, 11, 18, 2, 0, tz=AMS)
    occurred_to: datetime | None = pendulum.datetime(2026, 11, 20, 15, 0, tz=AMS)
    ap_window_hours: int = 72
    customers_window_hours: int = 24
    high_risk: bool | None = True
    description: str | None = (
        "Via een lek in een plug-in van onze webwinkel heeft een onbekende partij toegang gekregen tot de "
        "klantaccounts. Het lek is gedicht."
    )
    how_discovered: str | None = "Onze hostingpartij meldde verdachte inlogpogingen."
    reported_by: str | None = None
    breach_types: list = field(default_factory=lambda: ["confidentiality"])
    data_categories: list = field(default_factory=lambda: ["name", "address", "email", "phone", "credentials", "iban"])
    special_categories: list = field(default_factory=list)
    person_categories: list = field(default_factory=lambda: ["customers"])
    persons_min: int | None = 1200
    persons_max: int | None = 1500
    records: int | None = 4300
    consequences: str | None = "Phishing uit naam van de webwinkel en misbruik van accounts met hetzelfde wachtwoord."
    measures_taken: str | None = "Plug-in verwijderd; alle wachtwoorden ongeldig gemaakt; hostingpartij laat de logbestanden onderzoeken."
    measures_planned: str | None = None
    cross_border: bool | None = False
    other_supervisors: list | None = None
    other_dpas: list | None = None
    countries: list | None = None
    other_organisations: list | None = None
    ongoing: bool | None = None
    delay_reason: str | None = None
    records_basis: str | None = None
    records_note: str | None = None
    persons_description: str | None = None
    protection_detail: str | None = None
    harms: list | None = None
    extortion: bool | None = None
    subjects_informed_by: str | None = None
    texts: dict | None = None


@dataclass
class Notice:
    obligation: str
    at: datetime
    deadline_at: datetime | None
    late: bool
    reference: str | None = None
    delay_reason: str | None = None
    count: int | None = None
    channels: list | None = None


def stored_assessment(**answers):
    """An assessment as `breach assess` stores it, from the answers given."""
    from breach.domain import assessment
    from breach.store.models import Assessment

    result = assessment.assess(assessment.Answers(**answers))
    return Assessment(
        incident_id=1, at=NOW, answers=result.answers.to_dict(), enisa_score=result.enisa.score,
        enisa_band=result.enisa.band, ap_severity=result.ap_severity, severity_explanation=result.explanations["nl"],
        recommend_ap=result.recommendation.notify_ap, recommend_subjects=result.recommendation.inform_subjects, reasons={},
    )


PROFILE = Profile(
    name="Voorbeeld Webwinkel", address="De Kerkegaarden 26", postcode="7471 VP", city="Goor", kvk="54305446",
    email="info@voorbeeldwinkel.nl", phone="0547 700213", dpo_name="Sanne de Vries", dpo_email="privacy@voorbeeldwinkel.nl",
    dpo_appointed="yes",
)
# Monday 23 November 2026 10:00 +01:00: 65.5 hours after awareness, 6.5 hours before the AP deadline.
NOW = pendulum.datetime(2026, 11, 23, 10, 0, tz=AMS)
RECIPIENT = {"name": "Jan Jansen", "email": "jan@example.nl", "address": "Markt 3", "postcode": "7471 AB", "city": "Goor"}


@dataclass
class Event:
    at: datetime
    kind: str
    data: dict = field(default_factory=dict)


def context(document: str, language: str, incident=None, notices=(), now=NOW, assessment=None, profile=PROFILE,
            events=(), decisions=()) -> dict:
    incident = incident or Incident()
    decided = {d.obligation: d.notify for d in decisions}
    states = deadlines.clock_states(incident, list(notices), now, decided)
    return drafts.document_context(document, incident, states, list(notices), profile, now, language, assessment, events,
                                   decisions)


def draft(document: str, language: str, fmt: str = "md", recipient=None, **kwargs):
    drafter = drafts.Drafter(document, language, fmt, sender=drafts.sender(PROFILE), date=NOW)
    return drafter.render({**context(document, language, **kwargs), "recipient": recipient})


def docx_text(data: bytes) -> str:
    """A Word file as reviewable text: one line per paragraph, `style | text`, bold runs in **…**, then the footer."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = []
    for paragraph in document.paragraphs:
        text = "".join(f"**{run.text}**" if run.bold else run.text for run in paragraph.runs)
        lines.append(f"{paragraph.style.name} | {text}")
    lines.append("footer | " + document.sections[0].footer.paragraphs[0].text)
    return "\n".join(lines) + "\n"


def as_golden(output, fmt: str) -> bytes:
    if fmt == "docx":
        return docx_text(output).encode("utf-8")
    return output if isinstance(output, bytes) else output.encode("utf-8")


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("BREACH_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{name} differs from its golden file"


@pytest.mark.parametrize("fmt", drafts.FORMATS)
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("document", drafts.DOCUMENTS)
def test_every_document_language_and_format_matches_its_golden_file(document, language, fmt):
    output, _missing = draft(document, language, fmt)
    extension = "docx.txt" if fmt == "docx" else fmt
    check_golden(f"{document}.{language}.{extension}", as_golden(output, fmt))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_merged_letter_addresses_the_person(language):
    output, _ = draft("subjects", language, "md", recipient=RECIPIENT)
    check_golden(f"subjects.recipient.{language}.md", as_golden(output, "md"))
    assert "Jan Jansen\nMarkt 3\n7471 AB Goor\n" in output
    assert ("Geachte Jan Jansen," if language == "nl" else "Dear Jan Jansen,") in output


@pytest.mark.parametrize(
    ("language", "said", "unsaid"),
    [("nl", "Wij zijn hiervan sinds 21 november 2026 op de hoogte.", "ontdekt op"),
     ("en", "We have known about it since 21 November 2026.", "discovered it on")],
)
def test_without_a_recorded_discovery_the_letter_says_since_when_we_know(language, said, unsaid):
    unknown = Incident(discovered_at=None, aware_at=pendulum.datetime(2026, 11, 21, 9, 0, tz=AMS))
    output, _ = draft("subjects", language, incident=unknown)
    check_golden(f"subjects.undiscovered.{language}.md", as_golden(output, "md"))
    assert said in output and unsaid not in output


# ---------------------------------------------------------------- markers


def test_the_markers_name_exactly_the_facts_not_recorded():
    _, missing = draft("subjects", "nl")
    assert missing == ["wat er is gebeurd, in gewone taal", "gevolgen in gewone taal", "maatregelen in gewone taal"]
    _, missing = draft("customers", "en")
    assert missing == [  # the controller's own AP form asks them: the customers notice gives them once assessed
        "nature of the incident (e.g. e-mail to the wrong recipient, hacking, theft or loss)",
        "encrypted, hashed, protected otherwise or not protected (breach assess)",
        "severity: negligible, limited, considerable or very high (breach assess)",
        "explanation of the severity",
        "who informs the persons (breach update --persons-informed-by us|controller|undecided)",
        "measures planned",
    ]


def test_an_incident_with_almost_nothing_known_still_drafts_with_markers():
    bare = Incident(
        discovered_at=None, occurred_from=None, occurred_to=None, description=None, how_discovered=None,
        breach_types=[], data_categories=[], person_categories=[], persons_min=None, persons_max=None, records=None,
        consequences=None, measures_taken=None, high_risk=None, cross_border=None,
    )
    for document in drafts.DOCUMENTS:
        text, missing = draft(document, "nl", incident=bare)
        what = "wat er is gebeurd, in gewone taal" if document == "subjects" else "wat er is gebeurd"
        assert what in missing, document
        assert f"[NOG INVULLEN: {what}]" in text
        assert "Ter vergelijking" not in text  # nothing recorded, no hint
    text, missing = draft("ap", "nl", incident=bare)
    assert "aantal betrokkenen (exact, of een minimum en een maximum)" in missing
    assert "of de betrokkenen worden geïnformeerd (hoog risico, art. 34 AVG, breach decide ID subjects)" in missing


# ---------------------------------------------------------------- the AP notification


def test_an_initial_notification_in_time_says_so_and_gives_the_deadline():
    text, _ = draft("ap", "nl")
    assert "**Soort melding:** eerste melding" in text
    assert "uiterlijk donderdag 23 november 2026, 16:30 uur, 72 uur na kennisname" not in text  # not the wrong day
    assert "uiterlijk maandag 23 november 2026, 16:30 uur, 72 uur na kennisname" in text
    assert "Niet van toepassing, mits u de melding vóór maandag 23 november 2026, 16:30 uur indient." in text
    assert "Nieuw of gewijzigd" not in text


def test_a_notification_after_the_deadline_asks_for_the_reasons_for_the_delay():
    late = NOW.add(hours=8)
    text, missing = draft("ap", "nl", now=late)
    assert "de termijn van 72 uur verliep op maandag 23 november 2026, 16:30 uur" in text
    assert "motivering voor de vertraging (art. 33 lid 1 AVG)" in missing
    assert "motivering voor de vertraging" in text and "redenen voor de vertraging" not in text
    recorded, missing = draft("ap", "nl", now=late, incident=Incident(delay_reason="De logbestanden kwamen pas dinsdag."))
    assert "De logbestanden kwamen pas dinsdag." in recorded.split("**4.5")[1] and not any("vertraging" in m for m in missing)
    assert "Niet van toepassing" not in text.split("**4.5")[1].split("##")[0]


def test_a_follow_up_names_the_earlier_ap_reference_and_the_recorded_delay_reason():
    first = Notice("ap", pendulum.datetime(2026, 11, 23, 18, 0, tz=AMS), pendulum.datetime(2026, 11, 23, 16, 30, tz=AMS),
                   True, reference="M-2026-104233", delay_reason="De hostingpartij leverde de logbestanden pas maandagavond.")
    text, missing = draft("ap", "nl", notices=[first], now=NOW.add(days=2))
    assert text.startswith("# Aanvulling op melding M-2026-104233 (datalek DL-2026-012)")
    assert ("de eerste melding (meldnummer M-2026-104233) is gedaan op maandag 23 november 2026, 18:00 uur, "
            "na afloop van de termijn van 72 uur (die verliep op maandag 23 november 2026, 16:30 uur)") in text
    assert "aanvulling op de melding van maandag 23 november 2026, 18:00 uur, meldnummer M-2026-104233 (art. 33 lid 4 AVG)" in text
    assert "Een aanvulling op melding M-2026-104233." in text
    assert "De hostingpartij leverde de logbestanden pas maandagavond." in text
    assert not any("vertraging" in gap or "meldnummer" in gap for gap in missing)
    english, _ = draft("ap", "en", notices=[first], now=NOW.add(days=2))
    assert "reference M-2026-104233 (GDPR Art. 33(4))" in english


def test_a_follow_up_without_a_recorded_reference_asks_for_it():
    first = Notice("ap", pendulum.datetime(2026, 11, 22, 9, 0, tz=AMS), pendulum.datetime(2026, 11, 23, 16, 30, tz=AMS), False)
    _, missing = draft("ap", "nl", notices=[first])
    assert "meldnummer van de eerdere melding" in missing


def test_the_assessment_answers_kind_protection_consequences_and_severity():
    from breach.domain import assessment

    stored = stored_assessment(
        data_categories=("name", "email", "credentials", "iban"), person_categories=("customers",), persons_min=1200,
        persons_max=1500, cause="hacking", protected="no", confidentiality="unknown", malicious=True,
    )
    form = assessment.ap_form_answers(stored, "nl", Incident())  # the explanation uses the current facts
    text, missing = draft("ap", "nl", assessment=stored)
    assert "**5.2 Wat is de aard van het incident?**\nHacking, malware (bijv. ransomware) en/of phishing\n" in text
    assert "versleuteld, gehasht of op een andere manier onbegrijpelijk of ontoegankelijk voor onbevoegden?**\nNee\n" in text
    consequences = text.split("**9.2")[1].split("**9.3")[0]
    assert "- Identiteitsdiefstal of -fraude\n- Financieel verlies\n" in consequences
    assert consequences.strip().endswith(  # the recorded fact, verbatim, in the form's "Anders, namelijk" field
        "- Anders, namelijk: Phishing uit naam van de webwinkel en misbruik van accounts met hetzelfde wachtwoord.")
    severity = text.split("**9.3")[1].split("##")[0]
    assert f"\n{form['severity']}\n" in severity and form["severity"] in ("Verwaarloosbaar", "Beperkt", "Aanzienlijk", "Zeer groot")
    assert f"Toelichting: {form['severity_explanation']}" in severity
    assert not any(gap.startswith(("ernst", "toelichting op de ernst", "aard van het incident", "versleuteld")) for gap in missing)
    english, _ = draft("ap", "en", assessment=stored)
    assert assessment.ap_form_answers(stored, "en")["severity"] in english.split("**9.3")[1]


def test_without_an_assessment_the_severity_is_a_marker():
    _, missing = draft("ap", "nl")
    assert "ernst: verwaarloosbaar, beperkt, aanzienlijk of zeer groot (breach assess)" in missing
    assert "toelichting op de ernst" in missing
    assert "versleuteld, gehasht, anders beschermd of niet beschermd (breach assess)" in missing


def test_a_processor_does_not_draft_the_ap_notification():
    with pytest.raises(Refused, match="the controller notifies the AP"):
        drafts.check_applies("ap", Incident(role="processor"))


def test_persons_told_and_not_told_are_answered_from_the_facts():
    told = Notice("subjects", pendulum.datetime(2026, 11, 22, 12, 0, tz=AMS), None, False)
    text, missing = draft("ap", "nl", notices=[told])
    assert "Ja. Wij hebben de betrokkenen op zondag 22 november 2026, 12:00 uur geïnformeerd." in text
    assert "aantal geïnformeerde personen (breach notified ID subjects --count N)" in missing
    text, missing = draft("ap", "nl", incident=Incident(high_risk=False))
    assert "waarschijnlijk geen hoog risico" in text
    assert "toelichting op die keuze (breach decide ID subjects no --reason)" in missing


# ---------------------------------------------------------------- customers


def test_a_processor_tells_the_controller_when_its_own_clock_may_have_started():
    text, _ = draft("customers", "nl", incident=Incident(role="processor"))
    assert "Als verwerker verwerken wij persoonsgegevens in uw opdracht." in text
    assert "heeft u in beginsel kennis van het datalek zodra wij u erover informeren" in text
    assert "ontvangt u het op maandag 23 november 2026, 10:00 uur, dan verloopt die termijn op donderdag 26 november 2026, 10:00 uur." in text
    assert "## Voor zakelijke klanten" not in text
    english, _ = draft("customers", "en", incident=Incident(role="processor"))
    assert "it expires on Thursday 26 November 2026, 10:00." in english


def test_a_second_customers_notice_is_an_update_of_the_first():
    first = Notice("customers", pendulum.datetime(2026, 11, 21, 9, 0, tz=AMS), pendulum.datetime(2026, 11, 21, 16, 30, tz=AMS), False)
    text, _ = draft("customers", "nl", notices=[first])
    assert text.splitlines()[6].startswith("# Aanvulling: melding van een datalek")
    assert "Dit bericht vult ons bericht van zaterdag 21 november 2026, 09:00 uur aan." in text


# ---------------------------------------------------------------- subjects: advice


@pytest.mark.parametrize(
    ("data", "special", "topics"),
    [
        (["name"], [], ["phishing", "keep-informed"]),
        (["credentials"], [], ["password", "phishing", "keep-informed"]),
        (["iban"], [], ["phishing", "bank", "keep-informed"]),
        (["creditcard"], [], ["phishing", "creditcard", "keep-informed"]),
        (["bsn"], [], ["bsn", "keep-informed"]),
        (["birthdate"], [], ["phishing", "keep-informed"]),  # a birth date alone: no identity-fraud warning
        (["id-document", "name", "bsn"], [], ["phishing", "identity", "keep-informed"]),
        (["other:verslagen"], ["health"], ["sensitive", "keep-informed"]),
        (["criminal"], [], ["sensitive", "keep-informed"]),
        ([], [], ["keep-informed"]),
    ],
)
def test_advice_matches_the_data_that_leaked(data, special, topics):
    assert drafts.advice_topics(data, special) == topics


def test_extortion_and_a_cc_mailing_bring_their_own_advice():
    assert drafts.advice_topics(["name"], ["health"], extortion=True) == ["phishing", "extortion", "sensitive", "keep-informed"]
    assert drafts.advice_topics(["email"], [], cause="cc-instead-of-bcc")[0] == "cc-mailing"
    for language, says in (("nl", ("betaal niets", "Allen beantwoorden", "BKR", "Belastingdienst", "Wij houden u op de hoogte")),
                           ("en", ("do not pay", "Reply all", "BKR", "Belastingdienst", "We will keep you informed"))):
        stored = stored_assessment(data_categories=("email", "bsn"), cause="cc-instead-of-bcc", confidentiality="known")
        text, _ = draft("subjects", language, incident=Incident(data_categories=["email", "bsn"], extortion=True), assessment=stored)
        assert all(word in text for word in says), language
        letter, _ = draft("customers", language, incident=Incident(data_categories=["email", "bsn"], extortion=True), assessment=stored)
        assert "BKR" in letter and ("aanvulling" in letter if language == "nl" else "supplement" in letter)


def test_each_advice_topic_has_its_paragraph_in_both_languages():
    every = Incident(data_categories=["credentials", "email", "iban", "creditcard", "id-document"], special_categories=["health"])
    expected = {
        "nl": ["Wijzig uw wachtwoord.", "Pas op voor nepberichten (phishing).", "Controleer uw bankrekening.",
               "Laat uw creditcard blokkeren.", "Let op identiteitsfraude.", "Gevoelige gegevens.", "Wij houden u op de hoogte."],
        "en": ["Change your password.", "Watch out for fake messages (phishing).", "Check your bank account.",
               "Have your credit card blocked.", "Watch out for identity fraud.", "Sensitive data.", "We will keep you informed."],
    }
    for language, heads in expected.items():
        text, _ = draft("subjects", language, incident=every)
        positions = [text.index(f"- **{head}**") for head in heads]
        assert positions == sorted(positions), language


def test_no_data_categories_means_no_specific_advice_but_the_general_one():
    text, _ = draft("subjects", "nl", incident=Incident(data_categories=[]))
    assert "- **Merkt u iets vreemds?**" in text
    assert "phishing" not in text


# ---------------------------------------------------------------- formats


def test_html_escapes_every_recorded_fact():
    hostile = Incident(description="<script>alert('x')</script> & <b>vet</b>", title="<img src=x onerror=alert(1)>")
    html, _ = draft("subjects", "nl", "html", incident=hostile)
    assert "<script>" not in html and "<b>vet</b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in html
    html, _ = draft("ap", "en", "html", incident=hostile)
    assert "<script>" not in html


def test_html_markers_are_listed_as_in_the_markdown():
    _, from_html = draft("ap", "nl", "html")
    _, from_md = draft("ap", "nl", "md")
    assert from_html == from_md


def test_the_email_draft_is_a_utf8_message_outlook_opens_as_a_draft():
    data, _ = draft("subjects", "nl", "eml", recipient=RECIPIENT)
    message = email.message_from_bytes(data, policy=policy.default)
    assert message["To"] == "jan@example.nl"
    assert message["From"] == "Voorbeeld Webwinkel <privacy@voorbeeldwinkel.nl>"
    assert message["Subject"] == "Belangrijk: uw persoonsgegevens zijn betrokken bij een datalek"
    assert message["X-Unsent"] == "1"
    assert message["Date"].datetime == NOW
    assert message.get_content_charset() == "utf-8"
    body = message.get_content().replace("\r\n", "\n")
    assert body.startswith("Geachte Jan Jansen,\n")
    assert "Markt 3" not in body  # no postal address block in an e-mail
    assert "# " not in body and "**" not in body


def test_a_word_draft_holds_the_same_words_with_headings_and_bold():
    data, _ = draft("subjects", "nl", "docx")
    text = docx_text(data)
    assert "Heading 1 | Belangrijk: uw persoonsgegevens zijn betrokken bij een datalek" in text
    assert "List Bullet | **Wijzig uw wachtwoord.** Doe dat bij ons" in text
    assert text.rstrip().endswith("footer | Voorbeeld Webwinkel · kenmerk DL-2026-012")


def test_a_word_draft_keeps_markup_in_facts_as_text():
    data, _ = draft("subjects", "nl", "docx", incident=Incident(description="a < b & <w:p> c"))
    assert "a < b & <w:p> c" in docx_text(data)


def test_the_shipped_word_templates_are_what_the_build_script_makes():
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("build_letter_docx", root / "tools" / "build_letter_docx.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    for language in ("nl", "en"):
        assert builder.build(language) == (root / "breach" / "documents" / "templates" / language / "letter.docx").read_bytes(), language


def test_no_marker_holds_the_separator_of_the_missing_facts_line():
    """`breach draft` lists the markers separated by '; ' on stderr."""
    import re

    root = Path(__file__).resolve().parents[2] / "breach" / "documents" / "templates"
    for template in root.glob("*/*.j2"):
        for marker in re.findall(r"\[(?:NOG INVULLEN|TO FILL IN): ([^\]]+)\]", template.read_text(encoding="utf-8")):
            assert ";" not in marker, (template.name, marker)
    bare = Incident(description=None, measures_taken=None, occurred_from=None, occurred_to=None, records=None)
    for document in drafts.DOCUMENTS:
        for language in ("nl", "en"):
            assert not any(";" in gap for gap in draft(document, language, incident=bare)[1])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_assessed_ap_notification_matches_its_golden_file(language):
    stored = stored_assessment(
        data_categories=("name", "address", "email", "phone", "credentials", "iban"), person_categories=("customers",),
        persons_min=1200, persons_max=1500, records=4300, cause="hacking", protected="no", confidentiality="unknown",
        malicious=True,
    )
    output, _ = draft("ap", language, assessment=stored)
    check_golden(f"ap.assessed.{language}.md", as_golden(output, "md"))


# ---------------------------------------------------------------- the FG review (follow-ups, form gaps, plain letters)


def test_a_follow_up_to_an_in_time_notification_says_so_and_names_what_changed_after_it():
    first = Notice("ap", pendulum.datetime(2026, 11, 22, 9, 0, tz=AMS), pendulum.datetime(2026, 11, 23, 16, 30, tz=AMS),
                   False, reference="M-2026-104233")
    events = [
        Event(pendulum.datetime(2026, 11, 21, 9, 0, tz=AMS), "updated", {"description": ["a", "b"]}),  # before: not new
        Event(pendulum.datetime(2026, 11, 24, 9, 0, tz=AMS), "updated", {"measures_taken": [None, "x"], "records": [1, 2]}),
        Event(pendulum.datetime(2026, 11, 24, 10, 0, tz=AMS), "corrected", {"occurred_to": [None, "y"]}),
        Event(pendulum.datetime(2026, 11, 24, 11, 0, tz=AMS), "note", {}),
    ]
    changed = Incident(records=2, measures_taken="x", occurred_to=None, ongoing=True)
    text, missing = draft("ap", "nl", notices=[first], now=NOW.add(days=2), events=events, incident=changed)
    opening = text.split("**Nieuw of gewijzigd sinds de melding van zondag 22 november 2026, 09:00 uur (meldnummer M-2026-104233):**\n")[1]
    assert opening.split("\n\n")[0].splitlines() == [  # old -> new; the end moment went back to what it was
        "- 6.3 Aantal gegevensrecords: was 1; nu 2.", "- 10.2 Genomen maatregelen: was niet ingevuld; nu \u201cx\u201d.",
    ]
    assert ("- **Termijn:** de eerste melding (meldnummer M-2026-104233) is gedaan op zondag 22 november 2026, 09:00 uur, "
            "binnen 72 uur na kennisname. Deze aanvulling volgt zonder onredelijke vertraging (art. 33 lid 4 AVG).") in text
    assert "uiterlijk maandag 23 november" not in text  # no deadline that passed long ago
    assert "Niet van toepassing: de eerste melding is binnen 72 uur na kennisname gedaan." in text
    assert not any("nieuw of gewijzigd" in gap for gap in missing)
    unchanged, _ = draft("ap", "nl", notices=[first], now=NOW.add(days=2))
    assert "- Geen gewijzigde feiten; deze aanvulling bevestigt de eerdere melding." in unchanged
    english, _ = draft("ap", "en", notices=[first], now=NOW.add(days=2), events=events, incident=changed)
    assert english.startswith("# Supplement to notification M-2026-104233 (personal data breach DL-2026-012)")
    assert "- 6.3 Number of records: was 1; now 2." in english


def test_the_ap_draft_as_email_cannot_pass_for_a_notification():
    data, _ = draft("ap", "nl", "eml")
    message = email.message_from_bytes(data, policy=policy.default)
    assert message["Subject"] == "CONCEPT – niet versturen: antwoorden voor het Meldformulier datalekken (DL-2026-012)"
    assert message["To"] is None
    english = email.message_from_bytes(draft("ap", "en", "eml")[0], policy=policy.default)
    assert english["Subject"].startswith("DRAFT – do not send:")


def test_the_ap_draft_has_the_form_questions_the_review_found_missing():
    text, missing = draft("ap", "nl")
    assert "- Registratienummer FG: [NOG INVULLEN: registratienummer van de FG (breach init --dpo-registration)]" in text
    assert "**5.4 Ondersteunende documentatie**\nBijlagen zijn niet verplicht." in text
    assert "**7.2 Nadere omschrijving van de groep(en)**" in text
    assert text.index("**7.1") < text.index("**7.2") < text.index("**7.3")
    assert "hoe dit aantal is vastgesteld (breach update --records-basis counted|estimated --records-note)" in missing
    assert "Op vrijdag 20 november 2026, 16:30 uur stond met redelijke zekerheid vast dat persoonsgegevens waren getroffen" in text
    assert any(gap.startswith("welke techniek") for gap in missing)  # not assessed: protection unknown
    unprotected = stored_assessment(data_categories=("name",), cause="hacking", protected="no", confidentiality="unknown")
    _, missing = draft("ap", "nl", assessment=unprotected)
    assert not any(gap.startswith("welke techniek") for gap in missing)  # "Nee" needs no technique


def test_moments_read_as_dutch_letters_write_them_the_offset_only_where_it_matters():
    from breach.documents import render

    for document in drafts.DOCUMENTS:
        assert "(UTC" not in draft(document, "nl")[0], document
    assert "uiterlijk maandag 23 november 2026, 16:30 uur, 72 uur na kennisname" in draft("ap", "nl")[0]
    autumn = pendulum.datetime(2026, 10, 25, 0, 30, tz="UTC")  # 02:30 summer time, an hour that comes twice
    assert render.long_moment(autumn, AMS, "nl") == "zondag 25 oktober 2026, 02:30 uur (UTC+02:00)"
    assert render.long_moment(autumn, AMS, "nl", offset=False) == "zondag 25 oktober 2026, 02:30 uur"
    assert render.long_moment(NOW, AMS, "en") == "Monday 23 November 2026, 10:00"
    abroad = Profile(**{**PROFILE.__dict__, "timezone": "Europe/London"})
    assert "09:00 uur (UTC+00:00)" in draft("customers", "nl", profile=abroad)[0]  # not Dutch time: the offset stays


def test_the_persons_letter_speaks_plainly():
    text, _ = draft("subjects", "nl", incident=Incident(
        breach_types=["confidentiality", "integrity", "availability-temporary"], special_categories=["health"],
        data_categories=["name", "iban", "other:CV"]))
    assert ("Het gevolg is dat anderen uw gegevens mogelijk hebben gezien, dat uw gegevens mogelijk zijn gewijzigd "
            "en dat uw gegevens tijdelijk niet beschikbaar waren.") in text
    assert "- Uw naam\n- Uw bankrekeningnummer (IBAN)\n- CV\n- Gegevens over uw gezondheid (bijzonder gevoelig)\n" in text
    assert "Het datalek vond plaats tussen 18 en 20 november 2026." in text
    assert "Geachte heer, mevrouw," in text
    assert "Plug-in verwijderd" not in text.split("[Ter vergelijking")[0]  # the AP wording is only a hint to rewrite
    ongoing, _ = draft("subjects", "nl", incident=Incident(occurred_to=None))
    assert "Het datalek begon op 18 november 2026." in ongoing
    english, _ = draft("subjects", "en", incident=Incident(occurred_to=None, breach_types=["confidentiality", "availability-temporary"]))
    assert "The breach began on 18 November 2026." in english
    assert "As a result, others may have seen your data and your data was unavailable for some time." in english


def test_the_customers_notice_advises_and_keeps_the_duty_section_for_business_customers():
    text, _ = draft("customers", "nl")
    advice = text.split("## Wat u of de betrokkenen kunnen doen\n")[1].split("##")[0]
    assert "**Wachtwoorden wijzigen.**" in advice and "**Bankrekening controleren.**" in advice
    assert "## Voor zakelijke klanten: uw eigen meldplicht" in text
    assert "onze functionaris voor gegevensbescherming, Sanne de Vries, privacy@voorbeeldwinkel.nl" in text


def test_the_ap_draft_names_the_ap_as_lead_authority_for_a_cross_border_breach():
    lead = draft("ap", "nl", incident=Incident(cross_border=True))[0]
    assert "leidende toezichthouder (art. 56 lid 1 AVG)" in lead
    assert "lead supervisory authority (art. 56(1) GDPR)" in draft("ap", "en", incident=Incident(cross_border=True))[0]
    assert "art. 56" not in draft("ap", "nl", incident=Incident(cross_border=False))[0]


def test_the_ap_draft_reads_the_richer_answers():
    stored = stored_assessment(
        data_categories=("name", "email"), special_categories=("health",), persons_min=15, persons_max=15,
        special_persons=2, special_nature="trivial", cause="wrong-recipient-email", confidentiality="known",
        recipients=15, recovered=True)
    facts = Incident(data_categories=["name", "email"], special_categories=["health"], persons_min=15, persons_max=15)
    text = draft("ap", "nl", assessment=stored, incident=facts)[0]  # the explanation reads the current facts
    assert "Bij 2 van de 15 personen gaat het ook om bijzondere persoonsgegevens (gezondheid), van geringe aard (zonder wezenlijk inzicht)." in text
    assert "De gegevens kwamen bij 15 ontvangers." in text
    ransom = stored_assessment(data_categories=("name", "address"), cause="ransomware", confidentiality="exposed",
                               availability="temporary", unavailable_hours=120, availability_effect="delays",
                               malicious=True, backup=False, exfiltration="excluded")
    text = draft("ap", "nl", assessment=ransom)[0]
    assert "Hacking, malware (bijv. ransomware) en/of phishing" in text
    assert "Uit logbestanden of forensisch onderzoek blijkt dat er geen gegevens zijn weggenomen." in text
    assert "De gegevens waren 5 dagen niet beschikbaar; dat gaf vertraging" in text
    hashed = stored_assessment(data_categories=("name", "email", "credentials"), cause="hacking", protected="hashed",
                               protected_data=("credentials",), confidentiality="unknown", malicious=True)
    assert "Gehasht (toegangs- of identificatiegegevens" in draft("ap", "nl", assessment=hashed)[0]


def test_an_open_ended_number_of_persons_in_the_ap_draft():
    text = draft("ap", "nl", incident=Incident(persons_min=100001, persons_max=None))[0]
    assert "minimaal 100.001, maximaal onbekend" in text
    assert "at least 100,001, at most unknown" in draft("ap", "en", incident=Incident(persons_min=100001, persons_max=None))[0]



# ---------------------------------------------------------------- issue 15: the legal errors


@pytest.mark.parametrize("role", ["controller", "processor"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_customers_follow_up_does_not_restart_the_controllers_72_hours(role, language):
    first = Notice("customers", pendulum.datetime(2026, 11, 21, 9, 0, tz=AMS), None, False)
    later = NOW.add(days=4)  # Friday 27 November, 10:00
    text, _ = draft("customers", language, notices=[first], now=later, incident=Incident(role=role))
    assert ("zaterdag 21 november 2026, 09:00 uur" if language == "nl" else "Saturday 21 November 2026, 09:00") in text
    assert "30 november 2026" not in text and "30 November 2026" not in text  # never now + 72 hours
    assert ("niet opnieuw gaan lopen" if language == "nl" else "has not started again") in text
    if role == "processor":
        assert ("verliep op dinsdag 24 november 2026, 09:00 uur" if language == "nl"
                else "expired on Tuesday 24 November 2026, 09:00") in text


def test_the_first_customers_notice_still_counts_from_receipt():
    text, _ = draft("customers", "nl", incident=Incident(role="processor"))
    assert "loopt dus vanaf het moment dat u dit bericht ontvangt" in text


def test_92_prints_the_users_own_text_verbatim_on_its_own_line():
    own = "ICT-afdeling zag een export van 812 loonstroken. Onbekenden kunnen die lezen."
    stored = stored_assessment(data_categories=("name",), cause="hacking", confidentiality="unknown", malicious=True)
    text, _ = draft("ap", "nl", assessment=stored, incident=Incident(consequences=own, data_categories=["name"]))
    assert f"\n- Anders, namelijk: {own}\n" in text


def test_92_recorded_harms_replace_the_rules_and_keep_the_forms_order():
    stored = stored_assessment(data_categories=("name", "bsn"), cause="hacking", confidentiality="unknown", malicious=True)
    incident = Incident(harms=["reputation", "discrimination"], consequences=None, data_categories=["name", "bsn"])
    text, missing = draft("ap", "nl", assessment=stored, incident=incident)
    block = text.split("**9.2")[1].split("**9.3")[0]
    assert block.strip().splitlines()[1:] == ["- Discriminatie of uitsluiting", "- Reputatieschade"]
    assert not any("--harms" in gap for gap in missing)
    _, missing = draft("ap", "nl", assessment=stored, incident=Incident(data_categories=["name", "bsn"]))
    assert any("--harms" in gap for gap in missing)  # the rules' plausible ones are to check


def test_101_reads_the_recorded_decision_and_a_voluntary_notice_with_its_count_and_channel():
    from types import SimpleNamespace

    decision = SimpleNamespace(obligation="subjects", notify=False, reason="Alleen namen en e-mailadressen, bij bekende ontvangers.",
                               decided_by="Sandra Smit, eigenaar", at=pendulum.datetime(2026, 11, 20, 17, 0, tz=AMS))
    not_told, missing = draft("ap", "nl", incident=Incident(high_risk=False), decisions=[decision])
    assert "Toelichting: Alleen namen en e-mailadressen, bij bekende ontvangers. (Besluit van 20 november 2026, genomen door Sandra Smit, eigenaar.)" in not_told
    assert not any("toelichting op die keuze" in gap for gap in missing)
    told = Notice("subjects", pendulum.datetime(2026, 11, 21, 10, 45, tz=AMS), None, False, count=2400, channels=["email"])
    text, missing = draft("ap", "nl", incident=Incident(high_risk=False), decisions=[decision], notices=[told])
    assert "Ja, uit eigen beweging." in text
    assert "**10.1.3 Aan hoeveel personen heeft u de inbreuk gemeld?** 2.400" in text
    assert "**10.1.7 Op welke wijze zijn de betrokkenen geïnformeerd?** Per e-mail" in text
    assert not any("10.1" in gap or "geïnformeerde" in gap for gap in missing)


def test_93_uses_the_current_facts_and_says_the_assessment_needs_a_new_run():
    stored = stored_assessment(data_categories=("name", "bsn"), persons_min=780, persons_max=820, cause="hacking",
                               confidentiality="unknown", malicious=True)
    now_812 = Incident(data_categories=["name", "bsn"], persons_min=812, persons_max=812)
    text, _ = draft("ap", "nl", assessment=stored, incident=now_812)
    severity = text.split("**9.3")[1].split("## 10")[0]
    assert "812 personen" in severity and "780" not in severity.split("**Let op:**")[0]
    assert "**Let op:** na de risicobeoordeling van" in severity and "was minimaal 780, maximaal 820, nu 812" in severity
    assert "breach assess DL-2026-012" in severity
    same = Incident(data_categories=["name", "bsn"], persons_min=780, persons_max=820, records=None, person_categories=[])
    fresh = stored_assessment(data_categories=("name", "bsn"), persons_min=780, persons_max=820, cause="hacking",
                              confidentiality="unknown", malicious=True)
    assert "**Let op:**" not in draft("ap", "nl", assessment=fresh, incident=same)[0]


def test_a_follow_up_lists_the_net_change_since_the_last_notice():
    first = Notice("ap", pendulum.datetime(2026, 11, 22, 9, 0, tz=AMS), None, False, reference="M-1")
    events = [
        Event(pendulum.datetime(2026, 11, 23, 9, 0, tz=AMS), "updated", {"persons_min": [1200, 50], "persons_max": [1500, 50]}),
        Event(pendulum.datetime(2026, 11, 23, 10, 0, tz=AMS), "updated", {"persons_min": [50, 52], "persons_max": [50, 52]}),
        Event(pendulum.datetime(2026, 11, 23, 11, 0, tz=AMS), "updated", {"records": [4300, 10]}),
        Event(pendulum.datetime(2026, 11, 23, 12, 0, tz=AMS), "updated", {"records": [10, 4300]}),  # undone
    ]
    text, _ = draft("ap", "nl", notices=[first], now=NOW.add(days=2), events=events,
                    incident=Incident(persons_min=52, persons_max=52))
    listed = text.split("(meldnummer M-1):**\n")[1].split("\n\n")[0].splitlines()
    assert listed == ["- 7.3 Aantal betrokkenen: was minimaal 1.200, maximaal 1.500; nu 52."]
    second = Notice("ap", pendulum.datetime(2026, 11, 23, 10, 30, tz=AMS), None, False, reference="M-1")
    text, _ = draft("ap", "nl", notices=[first, second], now=NOW.add(days=2), events=events,
                    incident=Incident(persons_min=52, persons_max=52))
    assert "Geen gewijzigde feiten" in text  # the base is the last notice, after the persons changed


def test_without_an_fg_no_draft_calls_the_contact_one():
    no_fg = Profile(**{**PROFILE.__dict__, "dpo_appointed": "no", "contact_function": "eigenaar"})
    for document in drafts.DOCUMENTS:
        for language in ("nl", "en"):
            drafter = drafts.Drafter(document, language, "md")
            text, _ = drafter.render({**context(document, language, profile=no_fg), "recipient": None})
            lowered = text.lower()
            assert "functionaris voor gegevensbescherming" not in lowered.replace(
                "geen functionaris voor gegevensbescherming aangesteld", "")
            assert "functionaris gegevensbescherming" not in lowered
            assert "data protection officer" not in lowered.replace("not appointed a data protection officer", "")
    text, _ = drafts.Drafter("ap", "nl", "md").render({**context("ap", "nl", profile=no_fg), "recipient": None})
    assert "- Registratienummer FG: niet van toepassing; wij hebben geen functionaris voor gegevensbescherming aangesteld" in text
    assert "- Functie: eigenaar" in text


def test_markers_are_highlighted_in_html_and_word():
    import docx

    page, _ = draft("subjects", "nl", "html")
    assert '<mark class="todo">[NOG INVULLEN: gevolgen in gewone taal]</mark>' in page
    document = docx.Document(io.BytesIO(draft("subjects", "nl", "docx")[0]))
    marked = [run.text for p in document.paragraphs for run in p.runs if 'w:fill="FFFF00"' in run._r.xml]
    assert "[NOG INVULLEN: gevolgen in gewone taal]" in marked
    assert all(text.startswith("[NOG INVULLEN:") for text in marked)


def test_two_lists_a_blank_line_apart_stay_two_lists_in_html_and_text():
    from breach.documents import formats

    markdown = "**Nieuw:**\n- a\n- b\n\n- **Soort melding:** c\n"
    assert formats.to_html(markdown, "nl").count("<ul>") == 2
    assert formats.to_txt(markdown) == "Nieuw:\n\n- a\n- b\n\n- Soort melding: c\n"


def test_per_recipient_columns_reach_each_merged_letter():
    customers = drafts.Drafter("customers", "nl", "md").merge(context("customers", "nl", incident=Incident(role="processor")))
    visser, _ = customers({"name": "Bakkerij Visser", "soort": "organisatie", "aantal": "48", "address": "Markt 1",
                           "postcode": "7471 AB", "city": "Goor"})
    assert "Geachte heer/mevrouw," in visser
    assert "- Aantal betrokkenen (bij benadering): 48 van uw organisatie (van in totaal 1.200 tot 1.500 bij dit datalek)" in visser
    hendriks, _ = customers({"name": "Bouwbedrijf Hendriks B.V.", "contactpersoon": "mevrouw K. de Jong", "address": "Weg 2",
                             "postcode": "7471 AC", "city": "Goor"})
    assert "Bouwbedrijf Hendriks B.V.\nT.a.v. mevrouw K. de Jong\nWeg 2\n" in hendriks and "Geachte mevrouw De Jong," in hendriks
    persons = drafts.Drafter("subjects", "nl", "md").merge(context("subjects", "nl", incident=Incident(role="processor")))
    bakker, _ = persons({"name": "Mevrouw A. Bakker", "werkgever": "Bakkerij Visser", "address": "Markt 3", "postcode": "7471 AB",
                         "city": "Goor"})
    assert "Geachte mevrouw Bakker," in bakker and "Mevrouw A. Bakker\nMarkt 3\n" in bakker
    assert ("U ontvangt deze brief van Voorbeeld Webwinkel. Wij werken in opdracht van uw werkgever, Bakkerij Visser. "
            "Daarvoor verwerken wij gegevens van u. Wij schrijven u namens en in overleg met Bakkerij Visser.") in bakker
    assert "zoals vastgelegd voor de AP" not in bakker


def test_a_users_text_followed_by_our_words_gets_its_full_stop():
    text, _ = draft("subjects", "nl", incident=Incident(description="De schijf was niet versleuteld"))
    assert "De schijf was niet versleuteld. Schrijf hierboven" in text
    page, _ = draft("subjects", "nl", "html", incident=Incident(description="A & B"))
    assert "A &amp; B. Schrijf hierboven" in page


def test_a_word_letter_is_dutch_by_the_organisation_dated_now_and_keeps_its_reference_whole():
    import zipfile

    import docx

    data = draft("customers", "nl", "docx")[0]
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.language == "nl-NL" and document.core_properties.author == "Voorbeeld Webwinkel"
    assert document.core_properties.created.replace(tzinfo=None) == NOW.in_tz("UTC").naive()
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:val="nl-NL"' in styles and 'w:val="en-US"' not in styles.split("</w:docDefaults>")[0]
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "DL\u20112026\u2011012" in body and "DL-2026-012" not in body
    english = docx.Document(io.BytesIO(draft("customers", "en", "docx")[0]))
    assert english.core_properties.language == "en-GB"


FULL_PROFILE = Profile(**{**PROFILE.__dict__, "dpo_registration": "FG001234", "sector": "Detailhandel", "professional_secrecy": "no"})
FULL = dict(
    other_supervisors=[], other_organisations=[], records_basis="counted", records_note="Geteld in de database.",
    persons_description="Klanten met een account.", measures_planned="Plug-ins automatisch bijwerken.", harms=["identity-fraud"],
    subjects_informed_by="us",
)


def test_an_ap_draft_with_every_fact_recorded_has_no_marker_and_each_fact_removed_brings_back_its_own():
    stored = stored_assessment(data_categories=("name", "address", "email", "phone", "credentials", "iban"),
                               person_categories=("customers",), persons_min=1200, persons_max=1500, records=4300,
                               cause="hacking", confidentiality="unknown", malicious=True)
    _, missing = draft("ap", "nl", incident=Incident(**FULL), assessment=stored, profile=FULL_PROFILE)
    assert missing == []
    for name, empty in (("other_supervisors", None), ("other_organisations", None), ("records_basis", None),
                        ("persons_description", None), ("measures_planned", None)):
        values = {**FULL, name: empty, **({"records_note": None} if name == "records_basis" else {})}
        _, missing = draft("ap", "nl", incident=Incident(**values), assessment=stored, profile=FULL_PROFILE)
        assert len(missing) == 1, (name, missing)
    for key, flag in (("sector", "--sector"), ("dpo_registration", "--dpo-registration")):
        bare = Profile(**{**FULL_PROFILE.__dict__, key: ""})
        _, missing = draft("ap", "nl", incident=Incident(**FULL), assessment=stored, profile=bare)
        assert len(missing) == 1 and flag in missing[0], (key, missing)


def test_a_customers_notice_and_a_persons_letter_with_every_fact_recorded_have_no_marker():
    texts = {"nl": {"plain_what": "Wat er gebeurde.", "plain_consequences": "Wat het betekent.", "plain_measures": "Wat wij deden."}}
    stored = stored_assessment(data_categories=("name",), cause="hacking", confidentiality="unknown", malicious=True)
    for document in ("customers", "subjects"):
        _, missing = draft(document, "nl", incident=Incident(**FULL, texts=texts), assessment=stored, profile=FULL_PROFILE)
        assert missing == [], document
    _, missing = draft("subjects", "nl", incident=Incident(**FULL, texts={"nl": {"plain_what": "x"}}), profile=FULL_PROFILE)
    assert missing == ["gevolgen in gewone taal", "maatregelen in gewone taal"]


def test_the_english_ap_draft_names_the_answers_that_quote_the_organisations_own_text_untranslated():
    english, _ = draft("ap", "en")
    note = next(line for line in english.splitlines() if line.startswith("**Not translated:**"))
    assert note == ("**Not translated:** The answers to questions 4.3, 5.3, 9.2 and 10.2 quote the organisation's own text "
                    "as recorded; they have not been translated and may be in Dutch.")
    assert english.index(note) < english.index("## 1.")  # read before the first answer is copied
    dutch, _ = draft("ap", "nl")
    assert "Not translated" not in dutch and "niet vertaald" not in dutch
    bare = Incident(description=None, how_discovered=None, consequences=None, measures_taken=None)
    assert "Not translated" not in draft("ap", "en", incident=bare)[0]
    only = Incident(description="Laptop gestolen uit de auto.", how_discovered=None, consequences=None, measures_taken=None)
    assert ("**Not translated:** The answer to question 5.3 quotes the organisation's own text as recorded; it has not "
            "been translated and may be in Dutch.") in draft("ap", "en", incident=only)[0]
    for letter in ("customers", "subjects"):
        assert "Not translated" not in draft(letter, "en")[0]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_advice_gives_the_numbers_and_sites_of_the_helpdesks_it_names(language):
    """Checked against the public pages (2026-12): CMI 088-900 10 00 (rvig.nl, rijksoverheid.nl's contactgids),
    Fraudehelpdesk 088-786 73 72 (fraudehelpdesk.nl), police 0900-8844 (politie.nl)."""
    persons, _ = draft("subjects", language, incident=Incident(data_categories=["name", "bsn"], extortion=True))
    assert "088-900 10 00, www.rvig.nl" in persons
    assert "088-786 73 72, www.fraudehelpdesk.nl" in persons
    assert "0900-8844" in persons and "politie.nl" in persons
    identity, _ = draft("subjects", language, incident=Incident(data_categories=["name", "id-document"]))
    assert "088-900 10 00, www.rvig.nl" in identity
    for data in (["name", "bsn"], ["name", "id-document"]):
        assert "088-900 10 00, www.rvig.nl" in draft("customers", language, incident=Incident(data_categories=data))[0]
