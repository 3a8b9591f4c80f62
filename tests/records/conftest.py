"""The breach the command-line tests of assess and decide work on."""

from __future__ import annotations

import pytest

from tests.records.cli_helpers import ok


@pytest.fixture
def breach(cli):
    """DL-2026-001, aware Mon 09:15: a bank statement in the wrong customer's letter box (Annex B v)."""
    ok(cli("init", "--name", "Voorbeeld BV", "--no-input"))
    ok(cli("open", "Bankafschrift bij verkeerde klant", "--aware", "2026-11-23 09:15"))
    ok(cli("update", "DL-2026-001", "--data", "name,address,iban,financial", "--persons", "1"))
    return "DL-2026-001"
