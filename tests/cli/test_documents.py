"""`breach draft` and `breach templates` through the CLI, in-process with the fake clock and a real SQLite file."""

from __future__ import annotations

import email
import json
import stat
from email import policy

import pytest

PROFILE_ARGS = (
    "init", "--name", "Voorbeeld Webwinkel", "--address", "De Kerkegaarden 26", "--postcode", "7471VP", "--city", "Goor",
    "--kvk", "54305446", "--email", "info@voorbeeldwinkel.nl", "--phone", "0547 700213", "--dpo-name", "Sanne de Vries",
    "--dpo-email", "privacy@voorbeeldwinkel.nl", "--no-input",
)


@pytest.fixture
def breach(cli):
    """A profile and one breach, DL-2026-001, with most facts recorded."""
    assert cli(*PROFILE_ARGS).exit_code == 0
    assert cli("open", "Webwinkel gehackt", "--aware", "today 09:00", "--discovered", "today 08:30",
               "--description", "Lek in een plug-in <script>alert(1)</script> & meer").exit_code == 0
    result = cli("update", "1", "--data", "name,email,credentials", "--type", "confidentiality", "--persons", "120",
                 "--persons-group", "customers", "--measures-taken", "Plug-in verwijderd.")
    assert result.exit_code == 0, result.stderr
    return "DL-2026-001"


def timeline(cli, ref: str) -> list[dict]:
    return json.loads(cli("show", ref, "--json").stdout)["timeline"]


def drafted(cli, ref: str) -> list[dict]:
    return [event for event in timeline(cli, ref) if event["kind"] == "drafted"]


def test_draft_prints_markdown_lists_the_missing_facts_and_records_the_drafting(cli, breach, tmp_path):
    result = cli("draft", breach, "ap")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Melding datalek DL-2026-001 aan de Autoriteit Persoonsgegevens\n")
    assert "[NOG INVULLEN: sector van de organisatie (breach init --sector)]" in result.stdout
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("still to fill in: ") and "sector van de organisatie (breach init --sector); " in line
    assert drafted(cli, breach) == []  # a preview on stdout does not clutter the sealed timeline
    assert cli("draft", breach, "ap", "--out", str(tmp_path / "ap.md")).exit_code == 0
    events = drafted(cli, breach)
    assert [e["data"] for e in events] == [{"document": "ap", "language": "nl", "format": "md", "letters": 1}]
    assert events[0]["text"] == "AP notification (nl, md)"


def test_draft_in_english_as_html_escapes_the_recorded_description(cli, breach):
    result = cli("draft", breach, "subjects", "--lang", "en", "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert "<script>" not in result.stdout
    assert "Lek in een plug-in &lt;script&gt;alert(1)&lt;/script&gt; &amp; meer" in result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith("still to fill in: date of the breach")


def test_draft_writes_a_private_word_file(cli, breach, tmp_path):
    import docx

    out = tmp_path / "klanten.docx"
    result = cli("draft", breach, "customers", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Wrote {out}\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Melding van een datalek bij Voorbeeld Webwinkel (DL\u20112026\u2011001)" in paragraphs  # no line break in the id


def test_draft_an_email_to_stdout_is_a_message(cli, breach):
    result = cli("draft", breach, "customers", "--format", "eml")
    assert result.exit_code == 0, result.stderr
    message = email.message_from_string(result.stdout, policy=policy.default)
    assert message["X-Unsent"] == "1" and message["To"] is None
    assert message["Subject"] == "Melding van een datalek bij Voorbeeld Webwinkel (DL-2026-001)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("subjects", "--format", "pdf"), "--format: 'pdf' is not a format (accepted: md, txt, html, eml, docx)"),
        (("brief",), "'brief' is not a document (accepted: ap, customers, subjects)"),
        (("ap", "--lang", "de"), "--lang: 'de' is not a language (accepted: nl, en)"),
        (("ap", "--format", "docx"), "--format docx needs --out FILE.docx"),
        (("subjects", "--recipients", "x.csv"), "--recipients needs --out DIR"),
    ],
)
def test_bad_draft_arguments_get_one_line_and_nothing_is_recorded(cli, breach, args, message):
    result = cli("draft", breach, *args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {message}"), lines
    assert drafted(cli, breach) == []


def test_a_processor_is_pointed_to_the_customers_notice(cli, breach):
    assert cli("update", breach, "--role", "processor").exit_code == 0
    result = cli("draft", breach, "ap")
    assert result.exit_code == 1
    assert "the controller notifies the AP; draft the notice to the controller with `breach draft DL-2026-001 customers`" in result.stderr
    assert "Als verwerker verwerken wij persoonsgegevens in uw opdracht." in cli("draft", breach, "customers").stdout


def test_a_follow_up_after_the_ap_was_notified_names_the_reference_and_what_changed_since(cli, breach, clock):
    assert cli("update", breach, "--records", "4300").exit_code == 0  # before the first notification: not new
    clock.advance(hours=1)
    assert cli("notified", breach, "ap", "--reference", "M-2026-555").exit_code == 0
    clock.advance(hours=5)
    assert cli("update", breach, "--measures-taken", "Alle wachtwoorden ongeldig gemaakt.", "--persons", "1300").exit_code == 0
    text = cli("draft", breach, "ap").stdout
    assert text.startswith("# Aanvulling op melding M-2026-555 (datalek DL-2026-001)")
    assert "meldnummer M-2026-555 (art. 33 lid 4 AVG)" in text
    changed = text.split("**Nieuw of gewijzigd sinds de melding van ")[1].split("\n\n")[0]
    assert changed.splitlines()[1:] == [
        "- 7.3 Aantal betrokkenen: was 120; nu 1.300.",
        "- 10.2 Genomen maatregelen: was \u201cPlug-in verwijderd.\u201d; nu \u201cAlle wachtwoorden ongeldig gemaakt.\u201d.",
    ]
    assert "binnen 72 uur na kennisname. Deze aanvulling volgt zonder onredelijke vertraging (art. 33 lid 4 AVG)." in text


# ---------------------------------------------------------------- mail merge


def test_a_merge_refuses_while_facts_are_open_unless_allow_open(cli, breach, tmp_path):
    persons = tmp_path / "persons.csv"
    persons.write_text("name,email\nJan Jansen,jan@example.nl\nPiet Bos,piet@example.nl\n", encoding="utf-8")
    out = tmp_path / "brieven"
    refused = cli("draft", breach, "subjects", "--recipients", str(persons), "--out", str(out))
    assert refused.exit_code == 1 and not out.exists()
    assert refused.stderr.startswith("Error: --recipients: 4 facts still to fill in (")
    assert "add --allow-open to write 2 letters with markers" in refused.stderr
    assert drafted(cli, breach) == []
    written = cli("draft", breach, "subjects", "--recipients", str(persons), "--out", str(out), "--allow-open")
    assert written.exit_code == 0 and sorted(p.name for p in out.iterdir()) == ["1-jan-jansen.md", "2-piet-bos.md", "alle-brieven.md"]
    assert "still to fill in: " in written.stderr


CSV = "name,email,address,postcode,city\nJan Jansen,jan@example.nl,Markt 3,7471 AB,Goor\nPiet de Vries,piet@example.nl,,,\nAnna Bakker,anna@example.nl,Dorpsstraat 1,7475 AA,Markelo\n"


@pytest.mark.parametrize("parallel_from", [5000, 2])
def test_merge_writes_one_private_letter_per_person_and_records_only_the_count(cli, breach, tmp_path, backend, monkeypatch,
                                                                              parallel_from):
    from breach.documents import mailmerge

    monkeypatch.setattr(mailmerge, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(mailmerge, "BATCH", 1)
    persons = tmp_path / "persons.csv"
    persons.write_text(CSV, encoding="utf-8")
    out = tmp_path / "brieven"
    result = cli("draft", breach, "subjects", "--recipients", str(persons), "--out", str(out), "--allow-open")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Wrote 3 letters to {out}, and all of them in one file to print: {out / 'alle-brieven.md'}\n"
    names = sorted(path.name for path in out.iterdir())
    assert names == ["1-jan-jansen.md", "2-piet-de-vries.md", "3-anna-bakker.md", "alle-brieven.md"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in out.iterdir())
    first = (out / "1-jan-jansen.md").read_text(encoding="utf-8")
    assert "Jan Jansen\nMarkt 3\n7471 AB Goor\n" in first and "Geachte Jan Jansen," in first
    assert "Geachte Piet de Vries," in (out / "2-piet-de-vries.md").read_text(encoding="utf-8")
    assert [e["data"] for e in drafted(cli, breach)] == [{"document": "subjects", "language": "nl", "format": "md", "letters": 3}]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".brieven")] == []
    store = backend.contents()
    for private in (b"Jansen", b"jan@example.nl", b"Markt 3"):
        assert private not in store


def test_merge_as_email_drafts_addresses_each_message(cli, breach, tmp_path):
    persons = tmp_path / "persons.csv"
    persons.write_text(CSV, encoding="utf-8")
    out = tmp_path / "mails"
    assert cli("draft", breach, "subjects", "--recipients", str(persons), "--out", str(out), "--format", "eml", "--allow-open").exit_code == 0
    messages = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(out.iterdir())]
    assert [m["To"] for m in messages] == ["jan@example.nl", "piet@example.nl", "anna@example.nl"]
    assert all(m["X-Unsent"] == "1" for m in messages)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Jan,jan@example.nl\n", "line 1"),
        ("name,email\nJan,jan@example.nl\nPiet\n", "line 3: 1 fields, the header has 2"),
        ("name,email\nJan,jan@example.nl\nPiet,piet@@example.nl\n", "line 3: 'piet@@example.nl' is not an e-mail address"),
    ],
)
def test_a_broken_csv_writes_nothing(cli, breach, tmp_path, text, message):
    persons = tmp_path / "persons.csv"
    persons.write_text(text, encoding="utf-8")
    out = tmp_path / "brieven"
    result = cli("draft", breach, "subjects", "--recipients", str(persons), "--out", str(out), "--allow-open")
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["persons.csv"]  # home: SQLite's store
    assert drafted(cli, breach) == []


@pytest.mark.parametrize("parallel_from", [5000, 2])
def test_a_template_error_halfway_leaves_nothing_behind(cli, breach, tmp_path, home, monkeypatch, parallel_from):
    """A user template that fails on the third person: no folder, no staging leftovers, no event,
    in one process and with forked workers."""
    from breach.documents import mailmerge

    monkeypatch.setattr(mailmerge, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(mailmerge, "BATCH", 1)
    (home / "templates" / "nl").mkdir(parents=True)
    (home / "templates" / "nl" / "subjects.md.j2").write_text(
        "# Brief\n\n{% if recipient.name == 'Anna Bakker' %}{{ recipient.klantnummer }}{% endif %}\nBeste {{ recipient.name }}\n",
        encoding="utf-8",
    )
    persons = tmp_path / "persons.csv"
    persons.write_text(CSV, encoding="utf-8")
    result = cli("draft", breach, "subjects", "--recipients", str(persons), "--out", str(tmp_path / "brieven"), "--allow-open")
    assert result.exit_code == 1
    assert "template nl/subjects.md.j2 line 3: unknown field" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["persons.csv"]  # home: SQLite's store
    assert drafted(cli, breach) == []


def test_merge_refuses_a_folder_that_holds_files(cli, breach, tmp_path):
    persons = tmp_path / "persons.csv"
    persons.write_text(CSV, encoding="utf-8")
    out = tmp_path / "brieven"
    out.mkdir()
    (out / "oud.md").write_text("oud")
    result = cli("draft", breach, "subjects", "--recipients", str(persons), "--out", str(out), "--allow-open")
    assert result.exit_code == 1 and "is not empty" in result.stderr
    assert [p.name for p in out.iterdir()] == ["oud.md"]


# ---------------------------------------------------------------- templates


def test_templates_list_and_copy_and_the_copy_overrides(cli, breach, home):
    listed = cli("templates", "list").stdout
    assert "nl/subjects.md.j2" in listed and "en/letter.docx" in listed and "shipped" in listed
    result = cli("templates", "copy", "subjects.md.j2")
    assert result.exit_code == 0, result.stderr
    copy = home / "templates" / "nl" / "subjects.md.j2"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert "your copy" in [line for line in cli("templates", "list").stdout.splitlines() if line.startswith("nl/subjects")][0]
    copy.write_text(copy.read_text(encoding="utf-8").replace("Wat is er gebeurd?", "Wat er gebeurde"), encoding="utf-8")
    assert "## Wat er gebeurde" in cli("draft", breach, "subjects").stdout
    again = cli("templates", "copy", "nl/subjects.md.j2")
    assert again.exit_code == 1 and "exists already" in again.stderr
    assert cli("templates", "copy", "nl/subjects.md.j2", "--force").exit_code == 0
    assert "## Wat is er gebeurd?" in cli("draft", breach, "subjects").stdout


def test_templates_copy_refuses_what_is_not_shipped(cli):
    result = cli("templates", "copy", "../../etc/passwd")
    assert result.exit_code == 1
    assert "is not a shipped template (accepted: en/_letterhead.md.j2, en/ap.md.j2" in result.stderr


def test_a_user_template_reaching_python_internals_is_refused(cli, breach, home):
    (home / "templates" / "nl").mkdir(parents=True)
    (home / "templates" / "nl" / "ap.md.j2").write_text("# x\n{{ ref.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    result = cli("draft", breach, "ap")
    assert result.exit_code == 1
    assert "template nl/ap.md.j2 line 2: refused by the sandbox" in result.stderr
    assert drafted(cli, breach) == []


def test_the_latest_assessment_and_the_subjects_decision_answer_the_ap_form(cli, breach, backend, clock):
    """An assessment stored as `breach assess` stores it, then a decision not to tell the persons."""
    from breach.domain import assessment
    from breach.records import assessments, incidents
    from breach.store.models import Decision

    store = backend.store()
    with store.write() as session:
        incident = incidents.find(session, breach)
        for protected in ("no", "hashed"):  # the later one counts
            result = assessment.assess(assessment.Answers(data_categories=("name", "email", "credentials"),
                                                          cause="hacking", protected=protected, confidentiality="unknown"))
            assessments.record(session, incident, result, clock(), "nl")
            clock.advance(minutes=5)
        session.add(Decision(incident_id=incident.id, obligation="subjects", notify=False, reason="gehasht",
                             decided_by="Sanne de Vries", at=clock()))
        expected = assessment.ap_form_answers(assessments.latest(session, incident), "nl", incident)
    result = cli("draft", breach, "ap")
    assert result.exit_code == 0, result.stderr
    assert "Hacking, malware (bijv. ransomware) en/of phishing" in result.stdout.split("**5.2")[1].split("**5.3")[0]
    assert "\nGehasht\n" in result.stdout.split("**8.1")[1]
    severity = result.stdout.split("**9.3")[1].split("##")[0]
    assert f"\n{expected['severity']}\n" in severity and f"Toelichting: {expected['severity_explanation']}" in severity
    assert "ernst" not in result.stderr
    answer = result.stdout.split("**10.1")[1].split("**10.2")[0]
    assert "Nee. Naar ons oordeel houdt de inbreuk waarschijnlijk geen hoog risico in" in answer
    assert "Toelichting: gehasht (Besluit van" in answer and "genomen door Sanne de Vries.)" in answer


def test_draft_out_keeps_an_edited_file_unless_forced(cli, breach, tmp_path):
    edited = tmp_path / "edited.md"
    edited.write_text("MY EDITED LETTER\n", encoding="utf-8")
    result = cli("draft", breach, "subjects", "--out", str(edited))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: --out: {edited} exists (add --force to replace it; nothing was written)"]
    assert edited.read_text(encoding="utf-8") == "MY EDITED LETTER\n"
    assert drafted(cli, breach) == []
    assert cli("draft", breach, "subjects", "--out", str(edited), "--force").exit_code == 0
    assert edited.read_text(encoding="utf-8").startswith("Voorbeeld Webwinkel\n")


def test_draft_out_refuses_a_link_and_leaves_it_and_its_target(cli, breach, tmp_path):
    target = tmp_path / "target.md"
    target.write_text("kept\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = cli("draft", breach, "ap", "--out", str(link), "--force")
    assert result.exit_code == 1
    assert f"--out: {link} is a link" in result.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize("command", [("summary", "1"), ("export",), ("export", "--format", "json")])
def test_summary_and_export_keep_an_existing_out_file_unless_forced(cli, breach, tmp_path, command):
    out = tmp_path / "mine.txt"
    out.write_text("mine\n", encoding="utf-8")
    result = cli(*command, "--out", str(out))
    assert result.exit_code == 1 and "exists (add --force to replace it" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert cli(*command, "--out", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8") != "mine\n"


def test_out_below_a_file_says_it_is_a_file(cli, breach, tmp_path):
    (tmp_path / "s.md").write_text("x", encoding="utf-8")
    result = cli("draft", breach, "ap", "--out", str(tmp_path / "s.md" / "m2"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: --out: {tmp_path / 's.md'} is a file, not a folder (expected an existing folder)"


def test_recipients_merge_only_letters_not_the_ap_notification(cli, breach, tmp_path):
    persons = tmp_path / "persons.csv"
    persons.write_text(CSV, encoding="utf-8")
    out = tmp_path / "brieven"
    result = cli("draft", breach, "ap", "--recipients", str(persons), "--out", str(out))
    assert result.exit_code == 1
    assert "--recipients: the ap draft is one document, not a letter per person (accepted with: customers, subjects)" in result.stderr
    assert not out.exists() and drafted(cli, breach) == []
    result = cli("draft", breach, "customers", "--recipients", str(persons), "--out", str(out), "--allow-open")
    assert result.exit_code == 0, result.stderr
    assert "Geachte Anna Bakker," in (out / "3-anna-bakker.md").read_text(encoding="utf-8")


def test_a_merge_of_one_says_one_letter(cli, breach, tmp_path):
    persons = tmp_path / "persons.csv"
    persons.write_text("name,email\nJan Jansen,jan@example.nl\n", encoding="utf-8")
    result = cli("draft", breach, "subjects", "--recipients", str(persons), "--out", str(tmp_path / "b"), "--allow-open")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Wrote 1 letter to {tmp_path / 'b'}, and all of them")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("# x\n{% include '/etc/passwd' %}\n", "template nl/ap.md.j2 line 2: no template "),
        ('{% extends "nope.j2" %}\n', "template nl/ap.md.j2 line 1: no template 'nope.j2'"),
        ("# x\n{% for x in range(100000000) %}{% endfor %}\n", "template nl/ap.md.j2 line 2: a loop longer than"),
    ],
)
def test_a_broken_user_template_is_one_line_and_exit_1(cli, breach, home, source, message):
    (home / "templates" / "nl").mkdir(parents=True)
    (home / "templates" / "nl" / "ap.md.j2").write_text(source, encoding="utf-8")
    result = cli("draft", breach, "ap")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{{ nonexistent_xyz }}", r"template nl/letter\.docx \(.*letter\.docx\): unknown field \('nonexistent_xyz' is undefined\)"),
        ("{{ ref.__class__.__mro__ }}", r"template nl/letter\.docx \(.*letter\.docx\): refused by the sandbox"),
        (b"not a word file", r"template nl/letter\.docx \(.*\) is not a Word file that can be read"),
    ],
)
def test_a_broken_user_word_template_is_one_line_and_exit_1(cli, breach, home, tmp_path, content, message):
    import re

    import docx

    assert cli("templates", "copy", "nl/letter.docx").exit_code == 0
    copy = home / "templates" / "nl" / "letter.docx"
    if isinstance(content, str):
        document = docx.Document(str(copy))
        document.add_paragraph(content)
        document.save(str(copy))
    else:
        copy.write_bytes(content)
    result = cli("draft", breach, "subjects", "--format", "docx", "--out", str(tmp_path / "brief.docx"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and re.search(message, result.stderr), result.stderr
    assert not (tmp_path / "brief.docx").exists()


@pytest.mark.parametrize("parallel_from", [5000, 2])
def test_a_merge_writes_one_word_file_to_print_with_every_letter_in_order(cli, breach, tmp_path, monkeypatch, parallel_from):
    import io

    import docx

    from breach.documents import mailmerge

    monkeypatch.setattr(mailmerge, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(mailmerge, "BATCH", 1)
    persons = tmp_path / "persons.csv"
    persons.write_text(CSV, encoding="utf-8")
    out = tmp_path / "brieven"
    assert cli("draft", breach, "subjects", "--format", "docx", "--recipients", str(persons), "--out", str(out), "--allow-open").exit_code == 0
    combined = out / "alle-brieven.docx"
    assert stat.S_IMODE(combined.stat().st_mode) == 0o600
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no part file left
    document = docx.Document(io.BytesIO(combined.read_bytes()))
    greetings = [p.text for p in document.paragraphs if p.text.startswith("Geachte")]
    assert greetings == ["Geachte Jan Jansen,", "Geachte Piet de Vries,", "Geachte Anna Bakker,"]
    assert len(document.sections) == 3  # each letter its own section: a new page, the template's footer
    singles = [[p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs]
               for path in sorted(out.glob("[0-9]-*.docx"))]
    # the letters themselves, in order, with the paragraph that holds each section break between them
    assert [p.text for p in document.paragraphs] == [*singles[0], "", *singles[1], "", *singles[2]]


@pytest.mark.parametrize(("fmt", "name", "separator"), [
    ("html", "alle-brieven.html", '<section class="letter">'),
    ("md", "alle-brieven.md", '<div style="page-break-after: always"></div>'),
    ("txt", "alle-brieven.txt", "\f"),
])
def test_the_print_file_of_other_formats_holds_every_letter_in_order(cli, breach, tmp_path, fmt, name, separator):
    persons = tmp_path / "persons.csv"
    persons.write_text(CSV, encoding="utf-8")
    out = tmp_path / "brieven"
    assert cli("draft", breach, "subjects", "--format", fmt, "--recipients", str(persons), "--out", str(out), "--allow-open").exit_code == 0
    text = (out / name).read_text(encoding="utf-8")
    letters = text.split(separator)
    if fmt == "html":
        assert letters[0].count("<html") == 1 and "page-break-after:always" in letters[0]
        assert text.count("<html") == 1 and text.count("</body>") == 1
        letters = letters[1:]
    assert len(letters) == 3
    assert ["Jan Jansen" in letters[0], "Piet de Vries" in letters[1], "Anna Bakker" in letters[2]] == [True] * 3
    assert letters[2].rstrip().endswith(("Voorbeeld Webwinkel", "</section>\n</body>\n</html>"))


def test_an_email_merge_has_no_print_file(cli, breach, tmp_path):
    persons = tmp_path / "persons.csv"
    persons.write_text(CSV, encoding="utf-8")
    out = tmp_path / "mails"
    result = cli("draft", breach, "subjects", "--format", "eml", "--recipients", str(persons), "--out", str(out), "--allow-open")
    assert result.stdout == f"Wrote 3 letters to {out}\n"
    assert len(list(out.iterdir())) == 3


def test_a_merge_shows_a_progress_bar_on_a_terminal_and_none_in_a_pipe(breach, breach_cmd, home, tmp_path):
    import os
    import pty
    import subprocess

    from tests.conftest import _installed_breach

    persons = tmp_path / "persons.csv"
    persons.write_text(CSV, encoding="utf-8")
    piped = breach_cmd("draft", breach, "subjects", "--recipients", str(persons), "--out", str(tmp_path / "a"), "--allow-open")
    assert piped.returncode == 0, piped.stderr
    assert "Writing letters" not in piped.stderr and "#" not in piped.stderr and "%" not in piped.stderr
    assert piped.stderr.startswith("still to fill in: ")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([_installed_breach(), "draft", breach, "subjects", "--recipients", str(persons), "--out",
                               str(tmp_path / "b"), "--allow-open"], stdout=subprocess.PIPE, stderr=follower,
                              env={**os.environ, "BREACH_HOME": str(home)}, timeout=60)
        os.close(follower)
        follower = None
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: everything was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
        if follower is not None:
            os.close(follower)
    assert done.returncode == 0
    assert b"Writing letters" in shown and b"100%" in shown
