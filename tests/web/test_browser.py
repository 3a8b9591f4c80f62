"""The whole night in a real browser: Debian's chromium, headless, driven by Playwright, against the
installed `breach serve` in a subprocess. A stranger reports a signal, the officer signs in, sees it,
opens it as a breach, watches the clock count down without a reload, says "on it", downloads a draft.

Chromium is /usr/bin/chromium (Debian's package; `.ci/run` installs it). Never `playwright install`.
Without chromium the test is skipped locally, and fails where BREACH_TEST_REQUIRE_BROWSER=1 (CI).
Set BREACH_SCREENSHOTS=DIR to write the README's screenshots there.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.receivers import free_port

CHROMIUM = Path(os.environ.get("BREACH_TEST_CHROMIUM", "/usr/bin/chromium"))
REQUIRE = os.environ.get("BREACH_TEST_REQUIRE_BROWSER", "") not in ("", "0")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "correct horse battery"


def _browser_or_skip():
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (pip install -e '.[test]')"
    if missing:
        if REQUIRE:
            pytest.fail(f"BREACH_TEST_REQUIRE_BROWSER is set and {missing}")
        pytest.skip(missing)


@pytest.fixture
def browser_ready():
    _browser_or_skip()


@pytest.fixture
def server(browser_ready, home, breach_cmd):
    from tests.conftest import _installed_breach

    added = breach_cmd("users", "add", "jdevries", "--email", "fg@example.nl", "--password-stdin", input=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    port = free_port()
    proc = subprocess.Popen([_installed_breach(), "serve", "--port", str(port)], env={**os.environ, "BREACH_HOME": str(home)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/login", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"breach serve stopped: {proc.stdout.read()}")
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def test_a_stranger_reports_and_the_officer_opens_watches_acks_and_downloads(server, home, backend, breach_cmd):
    from playwright.sync_api import expect, sync_playwright

    shots = os.environ.get("BREACH_SCREENSHOTS")
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        # a fresh profile directory (Playwright passes it as --user-data-dir); --headless is its `headless`
        browser = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=FLAGS[1:], accept_downloads=True,
            viewport={"width": 1100, "height": 900}, locale="nl-NL", timezone_id="Europe/Amsterdam")
        try:
            # a stranger: no account, the Dutch form, a receipt and nothing else
            page = browser.new_page()
            page.goto(server + "/melden")
            expect(page.locator("h1")).to_have_text("Een (mogelijk) datalek melden")
            page.fill("#what", "Nieuwsbrief verstuurd met alle 240 adressen in CC in plaats van BCC.")
            page.fill("#noticed", "2026-11-23T08:50")
            page.fill("#data_involved", "namen en e-mailadressen van klanten")
            page.fill("#reporter", "Anna (marketing)")
            if shots:
                page.screenshot(path=f"{shots}/melden.png", full_page=True)
            page.click("button[type=submit]")
            receipt = page.locator("#receipt").inner_text()
            assert re.fullmatch(r"MLD-[A-Z0-9]{4}-[A-Z0-9]{4}", receipt)
            assert "240 adressen" not in page.content()
            page.close()
            browser.clear_cookies()

            # the officer signs in and sees the signal with its triage clock
            page = browser.new_page()
            page.goto(server + "/dashboard")
            assert page.url.endswith("/login")
            page.fill("#name", "jdevries")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            expect(page.locator("#signals")).to_contain_text("Nieuwsbrief verstuurd")
            page.click("#signals a >> nth=1")
            expect(page.locator("#signal-what")).to_contain_text("240 adressen")

            # open it as a breach, with the reason for the moment of awareness
            page.fill("#title", "Nieuwsbrief met adressen in CC")
            page.fill("#aware_reason", "de melding was direct geloofwaardig: de verzonden mail is bekeken")
            page.click("#open-breach")
            expect(page.locator("h1")).to_contain_text("Nieuwsbrief met adressen in CC")
            assert re.search(r"/breaches/DL-\d{4}-001$", page.url)

            # the clock counts without a reload
            clock = page.locator("#clocks time.clock").first
            expect(clock).to_have_text(re.compile(r"nog \d+u \d\dm \d\ds"))
            first = clock.inner_text()
            page.wait_for_function("(before) => document.querySelector('#clocks time.clock').textContent !== before",
                                   arg=first, timeout=5000)
            assert clock.inner_text() != first

            # on it: an event with the user's name
            page.click("#ack")
            expect(page.locator("#timeline")).to_contain_text("jdevries")
            expect(page.locator("#timeline")).to_contain_text("from_signal")

            # a draft to check, downloaded
            with page.expect_download() as info:
                page.click("#draft-ap-md")
            saved = Path(profile) / "downloaded-ap.md"
            info.value.save_as(saved)
            assert info.value.suggested_filename.endswith("-ap.nl.md")
            assert "Autoriteit Persoonsgegevens" in saved.read_text(encoding="utf-8")
            if shots:
                breach_cmd("signal", "Laptop van een accountmanager gestolen uit de auto; schijf versleuteld?",
                           "--reporter", "Karim (sales)", check=True)
                page.goto(server + "/dashboard")
                page.wait_for_timeout(1100)
                page.screenshot(path=f"{shots}/dashboard.png", full_page=True)
        finally:
            browser.close()
