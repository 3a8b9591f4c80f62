"""Write tests/data/store_0001.sql and store_0002.sql: stores made by the RELEASED code of each schema
revision, with its own commands, dumped as SQL text (reviewable; loaded by tests/store/test_migrations.py).

    python tools/make_old_stores.py

Each release is taken from git (`git archive COMMIT breach templates`) and run from that tree with this
venv's libraries, so the rows are exactly what that release wrote: its DDL, its JSON, its timestamps.
- 0001_incident_log: commit 187b742, the last of issue 2 before issues 3-5 changed the schema.
- 0002_reminders_register: commit bb3e213 (main before issue 6), with channels, deliveries, acks.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
RELEASES = {"0001": "187b742", "0002": "bb3e213"}

OPENED_0001 = [
    ["open", "Laptop met klantgegevens gestolen uit auto", "--aware", "2026-10-24 22:15", "--discovered", "2026-10-24 21:40",
     "--occurred", "2026-10-24 18:00/2026-10-24 21:30", "--description", "Laptop van een medewerker gestolen in Zwolle; schijf niet versleuteld.",
     "--reported-by", "Anouk de Vries (IT-beheer)"],
    ["update", "1", "--type", "confidentiality", "--data", "name,email,bsn,other:IBAN en geboortedatum",
     "--special", "health", "--persons-group", "customers,other:leden van de cliëntenraad", "--persons", "120-250",
     "--records", "1400", "--consequences", "Identiteitsfraude en phishing met gegevens van cliënten; reputatieschade.",
     "--measures-taken", "Wachtwoorden ingetrokken, laptop op afstand gewist (niet bevestigd).",
     "--measures-planned", "Volledige schijfversleuteling op alle laptops vóór 1 december.", "--cross-border", "no", "--high-risk", "yes"],
    ["note", "1", "Aangifte gedaan bij de politie in Zwolle; proces-verbaal 2026-ZW-0412 ontvangen."],
    ["notified", "1", "ap", "--at", "2026-10-26 11:05", "--reference", "M-2026-88213"],
    ["notified", "1", "customers", "--at", "2026-10-25 16:30"],
    ["open", "E-mail met salarisstroken naar verkeerde ontvanger", "--aware", "2026-11-02 08:45",
     "--description", "Bijlage met 14 salarisstroken per ongeluk naar een externe relatie gemaild.", "--role", "processor",
     "--customers-window", "36"],
    ["update", "2", "--type", "confidentiality", "--data", "name,financial", "--persons", "14", "--high-risk", "unknown"],
    ["note", "2", "Ontvanger heeft schriftelijk bevestigd de e-mail te hebben verwijderd — geen verdere verspreiding."],
    ["notified", "2", "customers", "--at", "2026-11-03 09:10", "--reference", "Brief aan opdrachtgever Gemeente Enschede"],
    ["close", "2", "--force", "--reason", "Ontvanger heeft verwijdering bevestigd; risico laag, geen melding AP nodig."],
    ["open", "Ransomware op fileserver van het filiaal Groningen", "--aware", "2026-11-21 03:20",
     "--occurred", "2026-11-20 23:50"],
    ["update", "3", "--type", "availability-temporary,integrity", "--data", "name,address", "--persons-group", "employees,customers"],
    ["notified", "3", "ap", "--at", "2026-11-23 10:00", "--delay-reason",
     "Omvang pas na forensisch onderzoek bekend; melding in fasen (art. 33 lid 4 AVG)."],
]

EXTRA_0002 = [
    ["channels", "add", "json://127.0.0.1:9/hook?secret=geheim", "--tag", "fg", "--detail"],
    ["channels", "add", "mailto://fg:wachtwoord@127.0.0.1:9?from=breach@example.nl&to=fg@example.nl"],
    ["assess", "3", "--no-input", "--cause", "hacking", "--protected", "no", "--confidentiality", "none",
     "--integrity", "recoverable", "--availability", "temporary", "--malicious", "yes", "--backup", "yes"],
    ["decide", "3", "subjects", "no", "--reason", "Geen hoog risico: back-ups intact, geen exfiltratie vastgesteld.",
     "--by", "M. Jansen (FG)"],
    ["remind"],
    ["ack", "1"],
    ["calendar", "--out", "{home}/deadlines.ics"],
]


def build(revision: str, commands: list[list[str]], now: str) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "release"
        tree.mkdir()
        archive = subprocess.run(["git", "archive", RELEASES[revision], "breach", "templates"], cwd=ROOT,
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        home = Path(scratch) / "home"
        env = {**os.environ, "PYTHONPATH": str(tree), "BREACH_HOME": str(home), "TZ": "UTC", "BREACH_NOW": now}
        for args in commands:
            args = [arg.replace("{home}", str(home)) for arg in args]
            proc = subprocess.run([sys.executable, "-m", "breach", *args], env=env, cwd=scratch, capture_output=True, text=True)
            if proc.returncode != 0 and args[0] != "remind":  # remind exits 1 when a channel fails: meant here
                raise SystemExit(f"{revision}: breach {' '.join(args)} failed:\n{proc.stderr}")
        with sqlite3.connect(home / "breach.db") as db:
            return "\n".join(db.iterdump()) + "\n"


def main() -> None:
    DATA.mkdir(exist_ok=True)
    (DATA / "store_0001.sql").write_text(build("0001", OPENED_0001, "2026-11-23T10:30:00+01:00"), encoding="utf-8")
    (DATA / "store_0002.sql").write_text(build("0002", OPENED_0001 + EXTRA_0002, "2026-11-23T10:30:00+01:00"),
                                         encoding="utf-8")


if __name__ == "__main__":
    main()
