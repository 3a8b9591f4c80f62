"""The three cases of issue 15, recorded through the commands with every fact the drafts ask, on a real
store: a coach's stolen laptop (no FG), a bookkeeping office's phished mailbox (controller and processor,
cross-border, an FG), a webshop's newsletter in CC (late, told voluntarily). With all facts recorded,
no draft holds a marker; the drafts are golden files (tests/golden/drafts/cases/), read by a Dutch
privacy lawyer's eye before they were committed.
"""

from __future__ import annotations

import pendulum
import pytest

from tests.documents.test_drafts import check_golden

AMS = "Europe/Amsterdam"


def at(clock, text: str) -> None:
    clock.set(pendulum.parse(text, tz=AMS))


def ok(result):
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def coach(cli, clock) -> None:
    at(clock, "2026-11-23T13:27:00")
    ok(cli("init", "--name", "JessWorks", "--address", "Egelantierstraat 11", "--postcode", "1214EA", "--city", "Hilversum",
           "--kvk", "12345678", "--email", "info@jessworks.nl", "--phone", "035 123 4567", "--dpo-name", "Jess de Wit",
           "--dpo-email", "info@jessworks.nl", "--dpo", "no", "--contact-function", "eigenaar", "--sector", "Zorg en welzijn (coaching)",
           "--reporter-function", "eigenaar", "--professional-secrecy", "no", "--no-input"))
    ok(cli("open", "Laptop met cliëntdossiers gestolen", "--aware", "today 09:15", "--discovered", "today 08:50",
           "--occurred", "2026-11-22 22:00/2026-11-23 08:50", "--description",
           "Uit de auto van de coach is in de nacht van 22 op 23 november 2026 een laptop gestolen. Op de laptop stonden de "
           "cliëntdossiers met verslagen van coachgesprekken. De schijf was niet versleuteld.", "--reported-by", "Jess de Wit"))
    ok(cli("update", "1", "--type", "confidentiality,availability-temporary", "--data",
           "name,address,email,phone,other:verslagen van coachgesprekken", "--special", "health", "--persons-group", "customers",
           "--persons", "40-60", "--records", "55", "--records-basis", "counted", "--records-note",
           "Eén dossier per cliënt van de afgelopen twee jaar, geteld in de back-up.",
           "--how-discovered", "De coach trof 's ochtends haar auto opengebroken aan; de laptoptas was weg.",
           "--consequences", "Onbekenden kunnen de verslagen van coachgesprekken lezen, waarin gezondheidsinformatie staat. "
           "Dat kan leiden tot schaamte, reputatieschade of chantage.",
           "--measures-taken", "Aangifte gedaan bij de politie; het account van de laptop op afstand geblokkeerd; alle wachtwoorden "
           "gewijzigd; de dossiers teruggezet uit de back-up.",
           "--measures-planned", "Alle apparaten krijgen volledige schijfversleuteling (BitLocker); dossiers alleen nog in de "
           "versleutelde cloudomgeving.", "--cross-border", "no", "--other-supervisors", "none", "--other-organisations", "none",
           "--persons-description", "Cliënten van de coachingpraktijk (volwassenen) van de afgelopen twee jaar.",
           "--harms", "discrimination,reputation", "--extortion", "no", "--persons-informed-by", "us"))
    ok(cli("update", "1", "--lang", "nl", "--plain-what",
           "In de nacht van 22 op 23 november is mijn auto opengebroken. Daarbij is mijn laptop gestolen. Op die laptop "
           "stonden de verslagen van onze gesprekken. De laptop was niet extra beveiligd.",
           "--plain-consequences", "Wie de laptop heeft, kan de verslagen van onze gesprekken lezen. Daarin staat ook "
           "informatie over uw gezondheid. Ik weet niet of iemand dat heeft gedaan.",
           "--plain-measures", "Ik heb aangifte gedaan bij de politie en de laptop op afstand geblokkeerd. Alle wachtwoorden "
           "zijn gewijzigd. Voortaan worden alle apparaten volledig versleuteld."))
    ok(cli("update", "1", "--lang", "en", "--plain-what",
           "In the night of 22 to 23 November my car was broken into and my laptop was stolen. It held the notes of our sessions.",
           "--plain-consequences", "Whoever has the laptop can read the notes of our sessions, which include information about your health.",
           "--plain-measures", "I reported the theft to the police and blocked the laptop remotely. All passwords were changed."))
    at(clock, "2026-11-23T14:57:00")
    ok(cli("assess", "1", "--cause", "device-lost-stolen", "--protected", "no", "--confidentiality", "unknown", "--integrity",
           "none", "--availability", "temporary", "--backup", "yes", "--malicious", "yes", "--no-input"))
    ok(cli("decide", "1", "ap", "yes", "--by", "Jess de Wit (eigenaar)", "--reason", "Gezondheidsgegevens onversleuteld in handen van onbekenden"))
    ok(cli("decide", "1", "subjects", "yes", "--by", "Jess de Wit (eigenaar)", "--reason", "Hoog risico: gezondheidsgegevens, kwade opzet"))
    at(clock, "2026-11-23T16:00:00")


def coach_followup(cli, clock) -> None:
    at(clock, "2026-11-24T10:00:00")
    ok(cli("notified", "1", "ap", "--at", "2026-11-24 10:00", "--reference", "M-2026-123456"))
    at(clock, "2026-11-24T12:30:00")
    ok(cli("notified", "1", "subjects", "--at", "2026-11-24 12:00", "--count", "52", "--channel", "letter,phone"))
    at(clock, "2026-11-26T11:00:00")
    ok(cli("update", "1", "--persons", "52"))
    ok(cli("assess", "1", "--cause", "device-lost-stolen", "--protected", "no", "--confidentiality", "unknown", "--integrity",
           "none", "--availability", "temporary", "--backup", "yes", "--malicious", "yes", "--no-input"))


def bookkeeping(cli, clock, role: str) -> None:
    at(clock, "2026-12-03T11:00:00")
    ok(cli("init", "--name", "Je zaak voor Elkaar B.V.", "--address", "Ambachtweg 12", "--postcode", "2841LZ", "--city",
           "Moordrecht", "--kvk", "23456789", "--email", "team@jezaakvoorelkaar.nl", "--phone", "0182 123 456", "--dpo-name",
           "Mr. P. Smit", "--dpo-email", "privacy@jezaakvoorelkaar.nl", "--role", role, "--customers-window", "24",
           "--dpo", "yes", "--dpo-registration", "FG012345", "--sector", "Zakelijke dienstverlening (salarisadministratie)",
           "--professional-secrecy", "no", "--no-input"))
    ok(cli("open", "Phishing: mailbox salarisadministratie overgenomen", "--aware", "2026-12-03 10:00", "--discovered",
           "2026-12-02 16:30", "--occurred", "2026-11-30 08:15/2026-12-02 16:40", "--description",
           "Een medewerker van de salarisadministratie heeft op 30 november 2026 haar inloggegevens ingevuld op een nagemaakte "
           "Microsoft 365-inlogpagina. Daarna had een onbekende tot 2 december 2026 16:40 toegang tot haar mailbox. In de "
           "mailbox stonden loonstroken, jaaropgaven en verzuimmeldingen van werknemers van onze klanten.",
           "--reported-by", "M. Jansen, IT-beheer"))
    ok(cli("update", "1", "--type", "confidentiality", "--data", "name,address,birthdate,bsn,iban,financial", "--special", "health",
           "--persons-group", "employees", "--persons", "780-820", "--records", "2350", "--cross-border", "yes",
           "--countries", "DE,BE", "--other-dpas", "none", "--other-supervisors", "none",
           "--other-organisations", "Verwerker van de mailomgeving: Microsoft Ireland Operations Ltd.",
           "--records-basis", "counted", "--records-note", "Geteld in de export van de mailbox: loonstroken, jaaropgaven en verzuimmeldingen.",
           "--persons-description", "Werknemers van 14 klanten (mkb-werkgevers), van wie enkele in Duitsland en België wonen.",
           "--how-discovered", "Klanten meldden op 2 december 2026 een verdachte e-mail vanuit de mailbox; het onderzoek van de "
           "aanmeldlogboeken bevestigde op 3 december om 10:00 dat de mailbox is ingezien en gesynchroniseerd.",
           "--consequences", "Met BSN, naam, geboortedatum en IBAN kan identiteitsfraude worden gepleegd. De verzuimmeldingen "
           "bevatten gezondheidsgegevens. De aanvaller kan de werknemers benaderen met phishing of afpersing.",
           "--measures-taken", "Wachtwoord gereset en alle sessies ingetrokken; doorstuurregel verwijderd; tweestapsverificatie "
           "verplicht voor alle accounts; aangifte gedaan.",
           "--measures-planned", "Loonstroken alleen nog via het beveiligde portaal; phishingtraining voor alle medewerkers.",
           "--harms", "identity-fraud,financial-loss,discrimination,reputation", "--extortion", "yes",
           "--persons-informed-by", "us" if role == "controller" else "controller"))
    ok(cli("update", "1", "--lang", "nl", "--plain-what",
           "Een medewerker van ons kantoor is op 30 november 2026 in een valse e-mail getrapt. Daardoor kon een onbekende "
           "tot 2 december in haar mailbox kijken. Daarin stonden ook uw loonstroken en verzuimmeldingen.",
           "--plain-consequences", "De onbekende kan uw naam, adres, burgerservicenummer, bankrekeningnummer en gegevens "
           "over uw verzuim hebben gezien. Hij kan die gebruiken om u te misleiden of onder druk te zetten.",
           "--plain-measures", "Wij hebben de toegang direct geblokkeerd, alle wachtwoorden gewijzigd en aangifte gedaan. "
           "Loonstroken sturen wij voortaan alleen nog via ons beveiligde portaal."))
    ok(cli("update", "1", "--lang", "en", "--plain-what",
           "On 30 November 2026 an employee of our office fell for a fake e-mail. A stranger could then read her mailbox "
           "until 2 December. It held your payslips and sick-leave reports.",
           "--plain-consequences", "The stranger may have seen your name, address, citizen service number, bank account and sick-leave details.",
           "--plain-measures", "We blocked the access at once, changed all passwords and reported the crime to the police."))
    at(clock, "2026-12-03T12:00:00")
    ok(cli("assess", "1", "--cause", "hacking", "--protected", "no", "--confidentiality", "unknown", "--integrity", "none",
           "--availability", "none", "--malicious", "yes", "--no-input"))
    if role == "controller":
        ok(cli("decide", "1", "ap", "yes", "--by", "Mr. P. Smit (FG)"))
        ok(cli("decide", "1", "subjects", "yes", "--by", "Mr. P. Smit (FG)"))
    at(clock, "2026-12-03T14:00:00")


def bookkeeping_followup(cli, clock, role: str) -> None:
    if role == "controller":
        at(clock, "2026-12-04T15:30:00")
        ok(cli("notified", "1", "ap", "--at", "2026-12-04 15:00", "--reference", "M-2026-200100"))
        ok(cli("notified", "1", "customers", "--at", "2026-12-04 09:00"))
    else:
        ok(cli("notified", "1", "customers", "--at", "2026-12-03 14:00"))
    at(clock, "2026-12-08T10:00:00")
    ok(cli("update", "1", "--persons", "812", "--records", "2412"))


def webshop(cli, clock) -> None:
    at(clock, "2026-11-20T11:00:00")
    ok(cli("init", "--name", "bsmart", "--address", "De Kerkegaarden 26", "--postcode", "7471VP", "--city", "Goor", "--kvk",
           "54305446", "--email", "info@smartorganized.nl", "--phone", "0547 700213", "--dpo-name", "Sandra Smit",
           "--dpo-email", "info@smartorganized.nl", "--dpo", "no", "--contact-function", "eigenaar", "--sector",
           "Detailhandel (webwinkel)", "--professional-secrecy", "no", "--no-input"))
    ok(cli("open", "Nieuwsbrief verstuurd met alle adressen in CC", "--aware", "2026-11-20 10:20", "--discovered",
           "2026-11-20 10:20", "--occurred", "2026-11-20 10:02", "--description",
           "De nieuwsbrief van 20 november 2026 is om 10:02 verstuurd met alle 2.400 ontvangers in het cc-veld in plaats van "
           "bcc. Iedere ontvanger kon de e-mailadressen (en bij een deel de naam) van alle andere ontvangers zien.",
           "--reported-by", "Sandra Smit"))
    ok(cli("update", "1", "--type", "confidentiality", "--data", "name,email", "--persons-group", "customers", "--persons", "2400",
           "--records", "2400", "--records-basis", "counted", "--records-note", "Het aantal adressen in het cc-veld.",
           "--cross-border", "no", "--ongoing", "no", "--other-supervisors", "none", "--other-organisations", "none",
           "--persons-description", "Abonnees van de nieuwsbrief: klanten van de webwinkel.",
           "--how-discovered", "Binnen twintig minuten kwamen de eerste antwoorden van ontvangers aan allen binnen.",
           "--consequences", "Ontvangers kunnen elkaars e-mailadres zien en gebruiken; kans op spam en phishing uit naam van de webwinkel.",
           "--measures-taken", "Om 10:45 heeft iedere ontvanger per e-mail (in bcc) een excuus ontvangen, met het verzoek de "
           "nieuwsbrief te verwijderen en niet op allen beantwoorden te klikken.",
           "--measures-planned", "Geen losse mailings meer uit het eigen mailprogramma; nieuwsbrieven via de nieuwsbriefdienst.",
           "--harms", "none", "--delay-reason",
           "De eigenaar was tot 23 november op een beurs in het buitenland en wist niet dat een cc-fout gemeld moet worden."))
    ok(cli("update", "1", "--lang", "nl", "--plain-what",
           "Op 20 november om 10:02 hebben wij onze nieuwsbrief verstuurd. Door een fout konden alle ontvangers elkaars e-mailadres zien.",
           "--plain-consequences", "Andere ontvangers kunnen uw e-mailadres zien. U kunt daardoor meer ongewenste e-mail krijgen.",
           "--plain-measures", "Wij hebben alle ontvangers om 10:45 gevraagd de e-mail te verwijderen. Nieuwsbrieven versturen "
           "wij voortaan alleen nog via een nieuwsbriefdienst."))
    ok(cli("update", "1", "--lang", "en", "--plain-what",
           "On 20 November at 10:02 we sent our newsletter. By mistake, every recipient could see the others' e-mail addresses.",
           "--plain-consequences", "Other recipients can see your e-mail address. You may receive more unwanted e-mail.",
           "--plain-measures", "At 10:45 we asked all recipients to delete the e-mail. From now on we send newsletters only "
           "through a newsletter service."))
    ok(cli("assess", "1", "--cause", "cc-instead-of-bcc", "--protected", "no", "--confidentiality", "known", "--integrity",
           "none", "--availability", "none", "--malicious", "no", "--no-input"))
    ok(cli("decide", "1", "ap", "yes", "--by", "Sandra Smit (eigenaar)"))
    ok(cli("decide", "1", "subjects", "no", "--by", "Sandra Smit (eigenaar)", "--reason",
           "Alleen namen en e-mailadressen, bij bekende ontvangers (klanten); geen hoog risico."))
    ok(cli("notified", "1", "subjects", "--at", "2026-11-20 10:45", "--count", "2400", "--channel", "email"))
    at(clock, "2026-11-24T10:30:00")


def webshop_followup(cli, clock) -> None:
    ok(cli("notified", "1", "ap", "--at", "2026-11-24 10:00", "--reference", "M-2026-198765"))
    at(clock, "2026-11-26T10:00:00")
    ok(cli("update", "1", "--persons", "2398"))


def drafts_without_markers(cli, case: str, documents, languages=("nl", "en")) -> None:
    for document in documents:
        for language in languages:
            result = ok(cli("draft", "1", document, "--lang", language))
            assert "still to fill in" not in result.stderr, (case, document, language, result.stderr)
            assert "[NOG INVULLEN" not in result.stdout and "[TO FILL IN" not in result.stdout
            check_golden(f"cases/{case}.{document}.{language}.md", result.stdout.encode("utf-8"))
            page = ok(cli("draft", "1", document, "--lang", language, "--format", "html")).stdout
            assert '<mark class="todo">' not in page


def merged_letter(cli, tmp_path) -> None:
    """A merge with every fact recorded needs no --allow-open; each letter greets its reader properly."""
    persons = tmp_path / "werknemers.csv"
    persons.write_text("name,address,postcode,city\nMevrouw A. Bakker,Dorpsstraat 4,2841 AB,Moordrecht\n"
                       "Dhr. P. de Vries-Jansen,Kerkweg 9,2841 AC,Moordrecht\n", encoding="utf-8")
    out = tmp_path / "brieven"
    result = ok(cli("draft", "1", "subjects", "--recipients", str(persons), "--out", str(out)))
    assert "still to fill in" not in result.stderr
    letters = sorted(p for p in out.iterdir() if p.name[0].isdigit())
    assert len(letters) == 2 and "Geachte heer De Vries-Jansen," in letters[1].read_text(encoding="utf-8")
    check_golden("cases/2-bookkeeping-controller.merged-letter.nl.md", letters[0].read_bytes())


pytestmark = pytest.mark.sqlite_only


def test_the_coach_case_with_every_fact_recorded_drafts_without_a_marker(cli, clock):
    coach(cli, clock)
    drafts_without_markers(cli, "1-coach", ("ap", "subjects", "customers"))
    coach_followup(cli, clock)
    drafts_without_markers(cli, "1-coach-followup", ("ap", "subjects"), ("nl",))


@pytest.mark.parametrize("role", ["controller", "processor"])
def test_the_bookkeeping_case_with_every_fact_recorded_drafts_without_a_marker(cli, clock, role, tmp_path):
    bookkeeping(cli, clock, role)
    documents = ("ap", "customers", "subjects") if role == "controller" else ("customers", "subjects")
    drafts_without_markers(cli, f"2-bookkeeping-{role}", documents)
    if role == "controller":
        merged_letter(cli, tmp_path)
    bookkeeping_followup(cli, clock, role)
    drafts_without_markers(cli, f"2-bookkeeping-{role}-followup", documents[:-1] if role == "controller" else ("customers",), ("nl",))


def test_the_webshop_case_with_every_fact_recorded_drafts_without_a_marker(cli, clock):
    webshop(cli, clock)
    drafts_without_markers(cli, "3-webshop", ("ap", "subjects"))
    webshop_followup(cli, clock)
    drafts_without_markers(cli, "3-webshop-followup", ("ap",), ("nl",))
