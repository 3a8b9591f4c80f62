"""`breach serve` for an external FG: one dashboard across her clients, each breach, register and report
form under its own organisation (`?org=`), nothing of one shown under another."""

from __future__ import annotations

import pytest

from tests.web.conftest import token


@pytest.fixture
def clients(cli):
    """A store with the FG's practice (main) and two clients, each with a breach."""
    for args in (
        ("init", "--no-input", "--name", "Privacybureau Jansen"),
        ("orgs", "add", "bakkerij", "--name", "Bakkerij Bol B.V."),
        ("orgs", "add", "garage", "--name", "Garage Smit"),
        ("--org", "bakkerij", "open", "Klantenlijst naar verkeerde klant", "--aware", "today 08:00"),
        ("--org", "garage", "open", "Inbraak werkplaats", "--aware", "today 10:00"),
    ):
        assert cli(*args).exit_code == 0, args
    return cli


def test_the_dashboard_is_one_queue_across_the_organisations_with_their_names(clients, signed_in):
    page = signed_in.get("/dashboard")
    assert page.status_code == 200
    text = page.text
    assert text.index("bakkerij/DL-2026-001") < text.index("garage/DL-2026-001")  # the nearest deadline first
    assert 'href="/breaches/DL-2026-001?org=garage"' in text


def test_a_breach_page_needs_its_organisation_and_shows_only_that_one(clients, signed_in):
    assert "several organisations" in signed_in.get("/breaches/DL-2026-001").text
    garage = signed_in.get("/breaches/DL-2026-001?org=garage")
    assert garage.status_code == 200 and "Inbraak werkplaats" in garage.text and "Klantenlijst" not in garage.text
    note = signed_in.post("/breaches/DL-2026-001/note?org=garage", data={"csrf": token(garage.text), "text": "Politie gebeld"})
    assert note.status_code == 303 and note.headers["location"] == "/breaches/DL-2026-001?saved=1&org=garage"
    assert "Politie gebeld" in clients("--org", "garage", "show", "1").stdout
    assert "Politie gebeld" not in clients("--org", "bakkerij", "show", "1").stdout


def test_a_draft_and_an_export_carry_only_their_organisation(clients, signed_in):
    page = signed_in.get("/breaches/DL-2026-001?org=garage")
    draft = signed_in.post("/breaches/DL-2026-001/draft/ap.md?org=garage", data={"csrf": token(page.text)})
    assert draft.status_code == 200 and "Garage Smit" in draft.text and "Bakkerij" not in draft.text
    export = signed_in.get("/register/export.json?org=bakkerij")
    assert "Klantenlijst" in export.text and "Inbraak" not in export.text


def test_the_report_form_of_a_client_files_its_signal_under_that_client(clients, client):
    form = client.get("/melden?org=bakkerij")
    assert 'action="/melden?org=bakkerij"' in form.text
    sent = client.post("/melden?org=bakkerij", data={"csrf": token(form.text), "what": "Bon met klantnaam op straat"})
    assert sent.status_code == 200
    assert "Bon met klantnaam" in clients("--org", "bakkerij", "signals").stdout
    assert "Bon met klantnaam" not in clients("--org", "garage", "signals").stdout


def test_a_client_s_signal_is_dismissed_only_under_that_client(clients, client):
    form = client.get("/melden?org=bakkerij")
    client.post("/melden?org=bakkerij", data={"csrf": token(form.text), "what": "Bon met klantnaam op straat"})
    refused = clients("--org", "garage", "dismiss", "1", "--reason", "geen persoonsgegevens")
    assert refused.exit_code == 1 and "no signal 1 in this organisation" in refused.stderr
    assert clients("--org", "bakkerij", "dismiss", "1", "--reason", "geen persoonsgegevens").exit_code == 0
