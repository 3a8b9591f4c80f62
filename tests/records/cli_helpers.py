"""What the command-line tests of records/ share: the checks of a command's result, and the answers that
assess `conftest.breach` (a bank statement in the wrong customer's letter box, EDPB 9/2022 Annex B v)."""

from __future__ import annotations

import json


def ok(result):
    assert result.exit_code == 0, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result


def as_json(result):
    return json.loads(ok(result).stdout)


def error_line(result) -> str:
    assert result.exit_code == 1, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one stderr line, got {lines!r}"
    assert lines[0].startswith("Error: ") and "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]


def show(cli, ref="DL-2026-001") -> dict:
    return as_json(cli("show", ref, "--json"))


BANK_STATEMENT = ("--cause", "wrong-recipient-post", "--protected", "no", "--confidentiality", "known",
                  "--integrity", "none", "--availability", "none", "--malicious", "no")
