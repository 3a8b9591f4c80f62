"""The web front end stays out of the command line's way: `breach --help` and the CLI commands import
none of it, and it holds no rule (its imports are the records, the domain and the store's engine)."""

from __future__ import annotations

import subprocess
import sys

WEB_ONLY = {"starlette", "uvicorn", "argon2", "itsdangerous", "httpx2", "httpx", "playwright", "anyio"}


def imported(*argv: str, home) -> set[str]:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "breach", *argv], capture_output=True, text=True,
                          timeout=60, env={"BREACH_HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    return {line.rsplit("|", 1)[1].strip().split(".")[0] for line in proc.stderr.splitlines() if line.startswith("import time:")}


def test_help_and_the_cli_commands_import_no_web_dependency(tmp_path):
    for argv in (("--help",), ("list",), ("signals",), ("signal", "Mail aan de verkeerde lijst"), ("serve", "--help")):
        modules = imported(*argv, home=tmp_path / "home")
        assert "breach" in modules and not modules & WEB_ONLY, (argv, sorted(modules & WEB_ONLY))


def test_the_web_package_imports_no_cli():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "breach" / "web"
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "breach.cli" not in text and "import typer" not in text, path
