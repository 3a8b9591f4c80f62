"""The per-send URL that makes a service louder, read back by apprise itself, and real sends to an
ntfy-compatible server, a Gotify-compatible one and an SMTP server that read priority and type."""

from __future__ import annotations

import apprise
import pytest

from breach.notify import dispatch
from breach.notify.dispatch import AckAction, tuned

NTFY = "ntfy://127.0.0.1:9/fg"
POVER = "pover://uKEYuKEYuKEYuKEYuKEYuKEYuKEYuK@aTOKaTOKaTOKaTOKaTOKaTOKaTOKaT"
GOTIFY = "gotify://127.0.0.1:9/AbCdEfGhIjKlMn"
TGRAM = "tgram://123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQrr/987654?silent=yes"
MAIL = "mailto://127.0.0.1:9?from=breach@example.org&to=dpo@example.org&mode=insecure"


def service(url: str):
    return apprise.Apprise.instantiate(url)


@pytest.mark.parametrize(("url", "ordinary", "high", "urgent"), [
    (NTFY, "default", "high", "max"),
    (POVER, 0, 1, 2),
    (GOTIFY, 5, 8, 10),
])
def test_high_and_urgent_raise_the_services_own_priority(url, ordinary, high, urgent):
    assert tuned(url, "ordinary") == url
    assert [service(tuned(url, level)).priority for level in ("ordinary", "high", "urgent")] == [ordinary, high, urgent]
    assert "urgent" not in tuned(url, "urgent")  # ntfy would read an unknown word as default


def test_telegram_is_never_silent_for_a_high_or_urgent_step_and_mail_gets_priority_headers():
    assert service(tuned(TGRAM, "ordinary")).silent is True
    assert service(tuned(TGRAM, "high")).silent is False and service(tuned(TGRAM, "urgent")).silent is False
    assert service(tuned(MAIL, "ordinary")).headers == {}
    assert service(tuned(MAIL, "high")).headers == {"Importance": "high"}
    assert service(tuned(MAIL, "urgent")).headers == {"X-Priority": "1", "Importance": "high"}
    assert "mode=insecure" in tuned(MAIL, "urgent")  # the rest of the URL stays as the user wrote it


def test_a_channel_can_be_made_louder_never_an_urgent_step_quieter():
    loud = NTFY + "?priority=max"
    assert service(tuned(loud, "high")).priority == "max"
    assert service(tuned(POVER + "?priority=emergency", "high")).priority == 2
    assert service(tuned(NTFY + "?priority=low", "high")).priority == "high"


def test_a_service_without_priorities_is_sent_as_it_is():
    assert tuned("json://127.0.0.1:9/hook", "urgent") == "json://127.0.0.1:9/hook"
    assert tuned("not a url", "urgent") == "not a url"


def test_the_ack_action_is_an_ntfy_button_after_the_channels_own_actions_and_a_pushover_link():
    ack = AckAction("https://breach.example.org/ack/TOKEN")
    ntfy = tuned(NTFY + "?actions=view,%20Open,%20https://example.org", "urgent", ack)
    actions = dict(apprise.utils.parse.parse_qsd(ntfy.split("?", 1)[1])["qsd"])["actions"]
    assert actions == "view, Open, https://example.org; http, Gezien, https://breach.example.org/ack/TOKEN, method=POST, clear=true"
    pover = service(tuned(POVER, "high", ack))
    assert (pover.supplemental_url, pover.supplemental_url_title) == ("https://breach.example.org/ack/TOKEN", "Gezien")
    assert tuned("json://127.0.0.1:9/hook", "urgent", ack) == "json://127.0.0.1:9/hook"  # the body says it


@pytest.mark.parametrize(("level", "priority", "kind"), [("ordinary", 3, "info"), ("high", 4, "warning"), ("urgent", 5, "failure")])
def test_an_ntfy_server_hears_the_priority_and_the_type(ntfy_receiver, level, priority, kind):
    outcome = dispatch.send(ntfy_receiver.url(), "AP-melding: nog 11 u 40 min · DL-2026-001", "Meld het datalek.", level=level)
    assert outcome.ok, outcome.error
    [got] = ntfy_receiver.received
    assert (got["topic"], got["title"], got["message"]) == ("fg", "AP-melding: nog 11 u 40 min · DL-2026-001", "Meld het datalek.")
    assert (got["priority"], got["type"]) == (priority, kind)


def test_a_gotify_server_hears_5_8_and_10():
    from tests.receivers import GotifyReceiver

    receiver = GotifyReceiver().start()
    try:
        for level in ("ordinary", "high", "urgent"):
            assert dispatch.send(receiver.url, "t", "b", level=level).ok
        assert [m["priority"] for m in receiver.received] == [5, 8, 10]
    finally:
        receiver.stop()


def test_mail_carries_x_priority_1_for_an_urgent_step(smtp_receiver):
    assert dispatch.send(smtp_receiver.url(), "t", "b", level="urgent").ok
    assert dispatch.send(smtp_receiver.url(), "t", "b", level="ordinary").ok
    urgent, ordinary = smtp_receiver.messages
    assert (urgent["X-Priority"], urgent["Importance"]) == ("1", "high")
    assert ordinary["X-Priority"] is None and ordinary["Importance"] is None


def test_a_failure_with_the_per_send_url_shows_no_token():
    ack = AckAction("http://127.0.0.1:9/ack/SECRETTOKEN123")
    outcome = dispatch.send("ntfy://user:hunter22@127.0.0.1:9/fg", "t", "b", level="urgent", ack=ack)
    assert not outcome.ok
    assert "SECRETTOKEN123" not in outcome.error and "hunter22" not in outcome.error
