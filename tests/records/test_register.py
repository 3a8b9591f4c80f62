"""The register export: every breach with its facts, assessment, decisions, notices and chain head."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pendulum
import pytest

from breach.records import register

AMS = "Europe/Amsterdam"


# ---------------------------------------------------------------- CSV neutralisation


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(start):
    assert register.neutralise(f"{start}HYPERLINK(\"http://x\")") == f"'{start}HYPERLINK(\"http://x\")"


@pytest.mark.parametrize("text", ["Laptop = gestolen", "100-250", "'al met apostrof", "", "e-mail"])
def test_other_cells_stay_as_they_are(text):
    assert register.neutralise(text) == text


def read_csv(path, delimiter=";"):
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())  # UTF-8 with BOM: Excel reads the accents right
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_csv_export_neutralises_formulas_in_facts(cli, tmp_path):
    cli("open", "=1+2", "--aware", "today 09:00", "--reported-by", "@SUM(A1:A9)")
    cli("update", "1", "--description", "+31 6 1234 5678 belde", "--measures-taken", "-2+3 wachtwoorden gewijzigd",
        "--consequences", "geen =")
    out = tmp_path / "register.csv"
    assert cli("export", "--out", str(out)).exit_code == 0
    header, row = read_csv(out)
    cells = dict(zip(header, row, strict=True))
    assert cells["Titel"] == "'=1+2"
    assert cells["Gemeld door"] == "'@SUM(A1:A9)"
    assert cells["Omschrijving"] == "'+31 6 1234 5678 belde"
    assert cells["Genomen maatregelen"] == "'-2+3 wachtwoorden gewijzigd"
    assert cells["Gevolgen"] == "geen ="
    assert cells["Kennisname (start van de termijnen)"] == "2026-11-23 09:00 +01:00"


def test_csv_separator_follows_the_language_and_the_option(cli, tmp_path):
    cli("open", "Mail in CC, 3 ontvangers", "--aware", "today 09:00")
    english = tmp_path / "en.csv"
    cli("export", "--lang", "en", "--out", str(english))
    assert read_csv(english, ",")[1][:2] == ["DL-2026-001", "Mail in CC, 3 ontvangers"]
    semicolon = tmp_path / "semi.csv"
    cli("export", "--lang", "en", "--delimiter", ";", "--out", str(semicolon))
    assert read_csv(semicolon, ";")[0][:2] == ["Id", "Title"]


def seed_decided_breach(cli, backend):
    """A breach that was assessed, decided (AP no, departing), notified to the customers twice, and closed."""
    cli("open", "Laptop gestolen", "--aware", "today 09:00", "--discovered", "today 08:30")
    cli("update", "1", "--data", "name,email", "--persons", "120", "--measures-taken", "Laptop op afstand gewist")
    from breach.store.models import Assessment, Decision

    store = backend.store()
    at = pendulum.datetime(2026, 11, 23, 10, 0, tz=AMS)
    with store.write() as session:
        session.add(Assessment(
            incident_id=1, at=at, answers={"encrypted": True}, enisa_score=1.5, enisa_band="low",
            ap_severity="beperkt", severity_explanation="versleuteld, sleutel veilig", recommend_ap=False,
            recommend_subjects=False, example="EDPB 01/2021 case 5",
            reasons={"ap": {"nl": "geen risico: versleuteld", "en": "no risk: encrypted"},
                     "subjects": {"nl": "geen hoog risico", "en": "no high risk"}, "exception": "34(3)(b)", "dpc": 2},
        ))
        session.add(Decision(incident_id=1, obligation="ap", notify=False, reason="versleuteld", decided_by="J. de Vries",
                             at=at.add(minutes=5), recommended=False, departs=False))
        session.add(Decision(incident_id=1, obligation="subjects", notify=True, reason="klanten willen het weten",
                             decided_by="J. de Vries", at=at.add(minutes=6), recommended=False, departs=True))
    store.dispose()
    cli("notified", "1", "customers", "--at", "today 11:00", "--reference", "mail aan klanten")
    cli("notified", "1", "customers", "--at", "today 11:30")
    cli("notified", "1", "subjects", "--at", "today 11:45")
    cli("close", "1", "--reason", "afgehandeld")


def test_json_export_holds_facts_assessment_decisions_notices_closing_and_the_chain_head(cli, backend, tmp_path):
    seed_decided_breach(cli, backend)
    cli("open", "Tweede", "--aware", "today 11:50")
    out = tmp_path / "register.json"
    result = cli("export", "--format", "json", "--out", str(out))
    assert result.stdout.strip() == f"Wrote {out}: 2 breaches, 7 timeline events"
    doc = json.loads(out.read_text())
    first = doc["breaches"][0]
    assert first["id"] == "DL-2026-001" and first["status"] == "closed" and first["close_reason"] == "afgehandeld"
    assert first["discovered_at"] == "2026-11-23T08:30:00+01:00" and first["aware_at"] == "2026-11-23T09:00:00+01:00"
    assert first["assessment"]["ap_severity"] == "beperkt" and first["assessment"]["example"] == "EDPB 01/2021 case 5"
    assert [(d["obligation"], d["notify"], d["decided_by"], d["departs"]) for d in first["decisions"]] == [
        ("ap", False, "J. de Vries", False), ("subjects", True, "J. de Vries", True)]
    assert [(n["obligation"], n["follow_up"]) for n in first["notifications"]] == [
        ("customers", False), ("customers", True), ("subjects", False)]
    assert first["measures_taken"] == "Laptop op afstand gewist"
    assert first["timeline"]["events"] == 6 and len(first["timeline"]["chain_head"]) == 64
    assert doc["totals"] == {"breaches": 2, "timeline_events": 7}
    assert doc["register"]["format"] == register.REGISTER_FORMAT


def test_csv_row_shows_both_decisions_with_who_and_whether_they_depart(cli, backend, tmp_path):
    seed_decided_breach(cli, backend)
    out = tmp_path / "r.csv"
    cli("export", "--out", str(out))
    header, row = read_csv(out)
    cells = dict(zip(header, row, strict=True))
    assert cells["Besluit: melden bij de AP"] == "nee"
    assert cells["Besluit: melden bij de AP (reden)"] == "versleuteld"
    assert cells["Besluit: betrokkenen informeren (besloten door)"] == "J. de Vries"
    assert cells["Besluit: betrokkenen informeren (wijkt af van advies)"] == "ja"
    assert cells["Vervolgmeldingen"] == "klanten 2026-11-23 11:30 +01:00"
    assert cells["Soorten persoonsgegevens"] == "Naam; E-mailadres"
    assert cells["Onderbouwing advies"] == (
        "AP: geen risico: versleuteld. Betrokkenen: geen hoog risico. Uitzondering: art. 34(3)(b).")


def test_period_is_by_local_awareness_date_and_status_filters(cli, clock, tmp_path):
    clock.set(pendulum.datetime(2026, 11, 24, 12, 0, tz=AMS))
    cli("open", "Late op de avond", "--aware", "2026-11-22 23:30")  # 22:30 UTC: still the 22nd in Amsterdam
    cli("open", "Volgende dag", "--aware", "2026-11-23 00:30")
    cli("close", "2", "--reason", "geen datalek", "--force")
    out = tmp_path / "r.json"

    def ids(*args):
        cli("export", "--format", "json", "--out", str(out), "--force", *args)
        return [b["id"] for b in json.loads(out.read_text())["breaches"]]

    assert ids("--from", "2026-11-22", "--to", "2026-11-22") == ["DL-2026-001"]
    assert ids("--from", "23-11-2026") == ["DL-2026-002"]
    assert ids("--status", "closed") == ["DL-2026-002"]
    assert ids("--status", "open", "--to", "2026-11-23") == ["DL-2026-001"]


def test_html_escapes_every_fact_and_markdown_keeps_facts_literal(cli, tmp_path):
    cli("open", "<script>alert(1)</script>", "--aware", "today 09:00")
    cli("update", "1", "--description", "# geen kop\n[klik](http://x) *vet*")
    html = tmp_path / "r.html"
    cli("export", "--format", "html", "--out", str(html))
    page = html.read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and "Datalekregister" in page
    md = tmp_path / "r.md"
    cli("export", "--format", "md", "--lang", "en", "--out", str(md))
    text = md.read_text()
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert "\\# geen kop\n    \\[klik\\](http://x) \\*vet\\*" in text
    assert "Number of breaches: 1" in text


def test_export_files_are_private_and_nothing_is_left_when_it_fails(cli, tmp_path, monkeypatch):
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    cli("open", "Tweede", "--aware", "today 09:00")
    out = tmp_path / "r.csv"
    cli("export", "--out", str(out))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    before = out.read_bytes()
    calls = []

    def failing_row(record, f):
        calls.append(record["id"])
        if len(calls) == 2:
            raise RuntimeError("disk gone half-way")
        return ["x"]

    monkeypatch.setattr(register, "csv_row", failing_row)
    result = cli("export", "--out", str(out), "--force")
    assert result.exit_code == 70 and "disk gone half-way" in result.stderr
    assert out.read_bytes() == before  # the old file untouched, no half-written one
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_records_stream_in_batches_and_keep_each_breachs_own_rows(cli, monkeypatch, tmp_path):
    for n in range(5):
        cli("open", f"Lek {n}", "--aware", "today 09:00")
        cli("notified", str(n + 1), "customers", "--reference", f"ref-{n}")
    monkeypatch.setattr(register, "BATCH", 2)
    out = tmp_path / "r.json"
    cli("export", "--format", "json", "--out", str(out))
    breaches = json.loads(out.read_text())["breaches"]
    assert [(b["title"], b["notifications"][0]["reference"]) for b in breaches] == [(f"Lek {n}", f"ref-{n}") for n in range(5)]


def test_a_filtered_batch_keeps_each_breachs_own_rows_and_skips_the_others(cli, monkeypatch, tmp_path):
    for n in range(6):
        cli("open", f"Lek {n}", "--aware", "today 09:00")
        cli("notified", str(n + 1), "customers", "--reference", f"ref-{n}")
    for n in (2, 3, 5):
        cli("close", str(n), "--reason", "afgehandeld", "--force")
    monkeypatch.setattr(register, "BATCH", 2)
    out = tmp_path / "r.json"
    cli("export", "--format", "json", "--status", "closed", "--out", str(out))
    doc = json.loads(out.read_text())
    found = [(b["title"], [n["reference"] for n in b["notifications"]]) for b in doc["breaches"]]
    assert found == [("Lek 1", ["ref-1"]), ("Lek 2", ["ref-2"]), ("Lek 4", ["ref-4"])]
    assert doc["totals"]["timeline_events"] == sum(b["timeline"]["events"] for b in doc["breaches"])


@pytest.mark.parametrize(
    "args, message",
    [
        (("--format", "xml"), "--format: 'xml' is not a format (accepted: csv, json, md, html)"),
        (("--status", "done"), "--status: 'done' is not a status (accepted: open, closed, void)"),
        (("--from", "23 nov"), "--from: '23 nov' is not a date (expected YYYY-MM-DD or DD-MM-YYYY"),
        (("--from", "2026-11-23", "--to", "2026-11-01"), "--to: the period ends before it starts"),
        (("--delimiter", "ab"), "--delimiter: 'ab' cannot separate CSV cells"),
        (("--delimiter", ""), "--delimiter: '' cannot separate CSV cells (accepted: one character such as , or ; or tab)"),
    ],
)
def test_bad_export_options_are_one_clear_line(cli, args, message, tmp_path):
    out = tmp_path / "r.csv"
    result = cli("export", "--out", str(out), *args)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"Error: {message}")
    assert not out.exists()


def test_export_to_stdout_through_the_installed_command(breach_cmd):
    breach_cmd("open", "Laptop gestolen", "--aware", "2026-11-20 09:00", check=True)
    proc = breach_cmd("export", "--format", "csv", "--lang", "en", check=True)
    lines = proc.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Id,Title,Status") and lines[1].startswith("DL-")


@pytest.mark.sqlite_only  # the benchmark builds a SQLite file
def test_the_export_benchmark_builds_a_store_that_verifies_and_exports(tmp_path, cli):
    """A tiny run of the benchmark register's bulk build (bench/dataset.py): it must seal as the tool does."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("bench_dataset", Path(__file__).parents[2] / "bench" / "dataset.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    home = tmp_path / "bench-home"
    bench.build(home, 12, 2)  # 10 closed (5 with an assessment and a decision), 2 open
    verified = cli("--home", str(home), "verify").stdout  # every fact proved: no difference, no "not provable" note
    assert verified.startswith("intact: ") and verified.endswith(" timeline events in 12 breaches\n"), verified
    assert int(verified.split()[1]) >= 12 * len(bench.EVENT_KINDS) + 5
    out = tmp_path / "b.csv"
    cli("--home", str(home), "export", "--out", str(out))
    assert len(read_csv(out)) == 13


def test_export_into_a_pipe_closed_early_stops_quietly(tmp_path, home):
    """`breach export | head -1`: no traceback and no error line once the reader has gone."""
    import importlib.util
    import subprocess
    import sys
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("bench_dataset", Path(__file__).parents[2] / "bench" / "dataset.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.build(home, 400, 0)  # some 200 kB of CSV: more than a pipe holds
    exe = str(Path(sys.executable).with_name("breach"))
    proc = subprocess.Popen([exe, "export"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "BREACH_HOME": str(home)})
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert first.startswith("\ufeff".encode())
    assert proc.returncode == 141 and "Error" not in stderr and "Traceback" not in stderr


def test_the_register_shows_what_breach_assess_and_decide_recorded_in_words(cli, tmp_path):
    cli("open", "Laptop met cliëntdossiers gestolen", "--aware", "today 09:15")
    cli("update", "1", "--type", "confidentiality", "--data", "name,email", "--special", "health", "--persons", "40-60")
    assert cli("assess", "1", "--cause", "device-lost-stolen", "--protected", "no", "--confidentiality", "unknown",
               "--malicious", "yes", "--no-input").exit_code == 0
    cli("decide", "1", "ap", "no", "--reason", "politie heeft de laptop terug", "--by", "S. de Vries")
    out = tmp_path / "r.csv"
    cli("export", "--out", str(out))
    header, row = read_csv(out)
    cells = dict(zip(header, row, strict=True))
    assert cells["ENISA-niveau"] == "zeer hoog" and cells["Ernst (AP-formulier)"] == "Zeer groot"
    assert cells["Vergelijkbaar EDPB-voorbeeld"].startswith("EDPB Richtsnoeren 01/2021, casus")
    assert cells["Onderbouwing advies"].startswith("AP: Melden bij de AP")
    assert cells["Besluit: melden bij de AP"] == "nee"
    assert cells["Besluit: melden bij de AP (reden)"] == "politie heeft de laptop terug"
    assert cells["Besluit: melden bij de AP (wijkt af van advies)"] == "ja"


def test_scores_use_the_decimal_comma_that_dutch_excel_reads_as_a_number():
    assert register.Formatter("nl", AMS).score(2.5) == "2,5"
    assert register.Formatter("en", AMS).score(2.5) == "2.5"
    assert register.Formatter("nl", AMS).score(5.0) == "5"


def test_csv_local_times_follow_the_dst_change_and_earlier_decisions_share_one_cell(cli, clock, tmp_path):
    cli("open", "Lek rond de wintertijd", "--aware", "2026-10-24 09:00", "--discovered", "2026-10-24 08:30")
    cli("notified", "1", "customers", "--at", "2026-10-26 09:00")
    cli("notified", "1", "customers", "--at", "2026-10-26 10:15")
    cli("decide", "1", "ap", "yes", "--reason", "eerste inschatting", "--by", "A. Jansen")
    clock.advance(hours=1)
    cli("decide", "1", "ap", "yes", "--reason", "bevestigd door de FG", "--by", "S. de Vries")
    out = tmp_path / "r.csv"
    cli("export", "--out", str(out))
    header, row = read_csv(out)
    cells = dict(zip(header, row, strict=True))
    assert cells["Ontdekt"] == "2026-10-24 08:30 +02:00"  # summer time
    assert cells["Kennisname (start van de termijnen)"] == "2026-10-24 09:00 +02:00"
    assert cells["Klanten/verwerkingsverantwoordelijke geïnformeerd op"] == "2026-10-26 09:00 +01:00"  # winter time
    assert cells["Klanten te laat geïnformeerd"] == "ja"  # 24 hours after 2026-10-24 09:00
    assert cells["Vervolgmeldingen"] == "klanten 2026-10-26 10:15 +01:00 (te laat)"
    assert cells["Besluit: melden bij de AP"] == "ja"
    assert cells["Besluit: melden bij de AP (besloten door)"] == "S. de Vries"
    assert cells["Besluit: melden bij de AP (besloten op)"] == "2026-11-23 13:00 +01:00"
    assert cells["Eerdere besluiten"] == (
        "AP: ja; reden: eerste inschatting; besloten door: A. Jansen; besloten op: 2026-11-23 12:00 +01:00")
    assert cells["Besluit: betrokkenen informeren"] == "" and cells["Gemeld bij de AP op"] == ""


def test_the_readable_register_shows_the_cause_the_protection_and_the_timelines_entries(cli, tmp_path):
    cli("init", "--name", "Voorbeeld BV", "--no-input")
    assert cli("open", "Laptop gestolen", "--aware", "today 09:00").exit_code == 0
    assert cli("assess", "1", "--data", "name", "--cause", "device-lost-stolen", "--protected", "encrypted",
               "--confidentiality", "unknown", "--integrity", "none", "--availability", "none", "--malicious", "yes",
               "--no-input").exit_code == 0
    assert cli("note", "1", "Aangifte gedaan").exit_code == 0
    md, page = tmp_path / "register.md", tmp_path / "register.html"
    assert cli("export", "--format", "md", "--out", str(md)).exit_code == 0
    assert cli("export", "--format", "html", "--out", str(page)).exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert "- Oorzaak (aard van het incident): Apparaat, gegevensdrager" in text
    assert "- Maatregelen vooraf (versleuteling, hashing): Versleuteld (encryptie)" in text
    assert "- Gebeurtenissen:\n  - " in text and "· note · Aangifte gedaan" in text
    assert "· note · Aangifte gedaan</li>" in page.read_text(encoding="utf-8")


def test_the_html_register_opens_with_an_overview_row_per_breach_with_its_deadlines(cli, clock, tmp_path):
    """Aware Mon 09:00 (+01:00): the AP deadline is Thu 09:00, the customers' (24 h) Tue 09:00."""
    cli("open", "Laptop <gestolen>", "--aware", "today 09:00")
    cli("open", "Verkeerde mail", "--aware", "today 10:00")
    clock.advance(hours=20)
    assert cli("notified", "DL-2026-001", "ap", "--at", "2026-11-24 07:30").exit_code == 0
    out = tmp_path / "r.html"
    assert cli("export", "--format", "html", "--out", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    overview = page.split('<table class="overview">', 1)[1].split("</table>", 1)[0]
    assert page.index('<table class="overview">') < page.index('<section class="breach">')
    rows = [line for line in overview.splitlines() if line.startswith("<tr><td>")]
    assert rows == [
        "<tr><td>DL-2026-001</td><td>Laptop &lt;gestolen&gt;</td><td>open</td><td>2026-11-23 09:00 +01:00</td>"
        "<td>2026-11-26 09:00 +01:00</td><td>2026-11-24 07:30 +01:00</td><td>2026-11-24 09:00 +01:00</td><td></td><td></td></tr>",
        "<tr><td>DL-2026-002</td><td>Verkeerde mail</td><td>open</td><td>2026-11-23 10:00 +01:00</td>"
        "<td>2026-11-26 10:00 +01:00</td><td></td><td>2026-11-24 10:00 +01:00</td><td></td><td></td></tr>",
    ]
    assert "Termijn AP" in overview and "Gemeld bij de AP op" in overview
