"""The project installed from its wheel into a fresh virtual environment (not editable, no source tree
on the path, dependencies resolved from the pins), drafting from the installed `breach` command.

One venv for the whole test, created without pip (the test's own pip installs into it) and without
byte-compiling, to keep it near 20 s; pip's cache makes the dependencies local after the first run.
"""

from __future__ import annotations

import email
import os
import subprocess
import sys
import zipfile
from email import policy
from pathlib import Path

import docx

from breach.store.models import SCHEMA_REVISION

REPO_ROOT = Path(__file__).resolve().parent.parent


def run(args, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)
    assert proc.returncode == 0, f"{args}\nexit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
    assert "Traceback" not in proc.stderr
    return proc


def test_the_installed_wheel_drafts_every_document(tmp_path):
    quiet = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"),
         str(REPO_ROOT)], env={**quiet, "PIP_NO_INDEX": "1"})
    wheel = next((tmp_path / "dist").glob("breach-*.whl"))
    shipped = set(zipfile.ZipFile(wheel).namelist())
    for language in ("nl", "en"):
        for name in ("ap.md.j2", "customers.md.j2", "subjects.md.j2", "_letterhead.md.j2", "letter.docx", "summary.md.j2"):
            assert f"breach/documents/templates/{language}/{name}" in shipped, (language, name)

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python, breach = venv / "bin" / "python", venv / "bin" / "breach"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-compile",
         "-c", str(REPO_ROOT / "constraints.txt"), str(wheel)], env=quiet)

    work = tmp_path / "work"
    work.mkdir()
    # Byte-code is written on first import (pip was told not to compile everything), so only the first command pays.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")}
    env.update({"BREACH_HOME": str(tmp_path / "home"), "PATH": f"{venv / 'bin'}:{env.get('PATH', '')}"})

    def cmd(*args: str) -> subprocess.CompletedProcess:
        return run([str(breach), *args], env=env, cwd=work)

    where = run([str(python), "-c", "import breach.documents.render as l; print(l.__file__); print(l.shipped_templates())"],
                env=env, cwd=work).stdout.split()
    assert all(Path(path).resolve().is_relative_to(venv.resolve()) for path in where), where

    cmd("open", "Laptop met cliëntdossiers gestolen", "--aware", "now", "--description", "Laptop uit auto gestolen.")
    summary = cmd("summary", "1").stdout
    assert summary.startswith("# Datalek DL-") and "Melding aan de Autoriteit Persoonsgegevens" in summary
    ap = cmd("draft", "1", "ap")
    assert "Melding datalek DL-" in ap.stdout and "still to fill in:" in ap.stderr
    cmd("draft", "1", "customers", "--lang", "en", "--format", "docx", "--out", "customers.docx")
    assert any("Notice of a personal data breach" in p.text for p in docx.Document(str(work / "customers.docx")).paragraphs)

    (work / "persons.csv").write_text("name,email\nJan Jansen,jan@example.nl\nPiet de Vries,piet@example.nl\n", encoding="utf-8")
    merged = cmd("draft", "1", "subjects", "--recipients", "persons.csv", "--out", "letters", "--format", "eml", "--allow-open")
    assert merged.stdout.strip() == "Wrote 2 letters to letters"
    letters = sorted((work / "letters").iterdir())
    message = email.message_from_bytes(letters[1].read_bytes(), policy=policy.default)
    assert message["To"] == "piet@example.nl"
    assert "Laptop uit auto gestolen." in message.get_content()

    # The migrations ship in the wheel: a store of the first release upgrades with the installed command.
    from tests.old_stores import load_store

    old_home = tmp_path / "old-home"
    old_home.mkdir()
    load_store(old_home / "breach.db", "0001")
    upgraded = run([str(breach), "db", "upgrade"], env={**env, "BREACH_HOME": str(old_home)}, cwd=work)

    assert f"from 0001_incident_log to {SCHEMA_REVISION}" in upgraded.stdout
