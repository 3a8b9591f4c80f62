"""breach.notify.channels: how a channel URL is shown (`channels.masked`: what is secret for each service is
masked, and only that) and what `breach channels add` accepts."""

from __future__ import annotations

import pytest

from breach.notify import channels, dispatch

MASK = channels.MASK


@pytest.mark.parametrize(
    ("url", "secrets", "shown"),
    [
        # ntfy: the topic is the channel's secret (whoever knows it reads and posts); `auth=` is a mode, no secret
        ("ntfy://my-secret-topic", ["my-secret-topic"], "ntfys://****?"),
        ("ntfy://ntfy.example.org/secret-topic", ["secret-topic"], "ntfy://ntfy.example.org/****?"),
        ("ntfys://fg:pw0rd1234@ntfy.example.org/alpha/beta", ["pw0rd1234", "alpha", "beta"],
         "ntfys://fg:****@ntfy.example.org/****/****?"),
        # a webhook with its token in the path; the names around it stay readable
        ("json://hooks.example.org/hooks/T0K3NABCDEF/notify", ["T0K3NABCDEF"], "json://hooks.example.org/hooks/****/notify?"),
        ("json://n8n.example.org/webhook/3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f", ["3f2a9c1e"],
         "json://n8n.example.org/webhook/****?"),
        ("mailto://fg:passw0rd@mail.example.org?to=fg@example.org", ["passw0rd"], "mailto://fg:****@mail.example.org/"),
        ("tgram://123456789:AAHsecretabcdefghijklmnopqrstuvwxy/12345", ["AAHsecret", "123456789"], "tgram://1...y/12345/"),
        ("pover://ukeyabcdefghijklmnopqrstuvwxyz1@atokenabcdefghijklmnopqrstuvw12", ["ukeyabc", "atokenabc"],
         "pover://u...1@a...2/"),
    ],
)
def test_what_is_secret_for_the_service_is_masked(url, secrets, shown):
    text = channels.masked(url)
    assert text.startswith(shown), text
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("json://127.0.0.1:8080/hook", "json://127.0.0.1:8080/hook?method=POST&"),
        ("json://hooks.example.org/api/v2/notify", "json://hooks.example.org/api/v2/notify?"),
        ("ntfy://ntfy.example.org/alerts", "ntfy://ntfy.example.org/****?"),
    ],
)
def test_a_url_without_credentials_shows_no_mask_where_nothing_is_secret(url, shown):
    text = channels.masked(url)
    assert text.startswith(shown), text
    assert "auth=****" not in text and text.count(MASK) == shown.count(MASK)


def test_ntfy_shows_its_auth_mode_and_masks_its_token():
    text = channels.masked("ntfy://ntfy.example.org/alerts?auth=token&token=tk_abcdefghijkl")
    assert "auth=token" in text and "tk_abcdefghijkl" not in text


def test_an_error_never_names_the_topic_of_an_ntfy_channel():
    error = "Failed to send ntfy notification to my-secret-topic: 401"
    assert dispatch.scrub(error, "ntfy://my-secret-topic") == "Failed to send ntfy notification to ****: 401"


@pytest.mark.parametrize("port", ["99999", "65536", "0"])
def test_a_port_outside_1_to_65535_is_refused(cli, port):
    result = cli("channels", "add", f"json://127.0.0.1:{port}/hook")
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: URL: its port is not a port number (accepted: 1 to 65535, or none for the "
                                  "service's own)\n")
    assert "json://" not in cli("channels", "list").stdout


def test_ports_1_and_65535_are_taken(cli):
    assert cli("channels", "add", "json://127.0.0.1:1/a").exit_code == 0
    assert cli("channels", "add", "json://127.0.0.1:65535/b").exit_code == 0
