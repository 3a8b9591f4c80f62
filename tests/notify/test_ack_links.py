"""Acknowledge tokens: signed per delivery, expiring, refused when tampered with or from another key."""

from __future__ import annotations

import pendulum
import pytest

from breach.notify import ack_links
from breach.notify.ack_links import LinkRefused, make, verify

KEY = bytes(range(32))
NOW = pendulum.datetime(2026, 11, 24, 9, 0, tz="UTC")


def test_a_token_names_its_delivery_until_it_expires():
    token = make(KEY, 4242, NOW.add(hours=24))
    assert verify(KEY, token, NOW) == 4242
    assert verify(KEY, token, NOW.add(hours=23, minutes=59)) == 4242
    with pytest.raises(LinkRefused, match="expired"):
        verify(KEY, token, NOW.add(hours=24))


def test_a_token_fits_an_ntfy_action_and_holds_no_fact():
    token = make(KEY, 7, NOW.add(hours=24))
    assert "," not in token and ";" not in token and " " not in token and len(token) < 60
    assert ack_links.link("https://breach.example.org/", token) == f"https://breach.example.org/ack/{token}"


@pytest.mark.parametrize("bad", ["", "abc", "a.b.c", "!!!.???"])
def test_garbage_is_refused_in_one_line(bad):
    with pytest.raises(LinkRefused, match="not valid"):
        verify(KEY, bad, NOW)


def test_another_delivery_id_or_another_stores_key_is_refused():
    token = make(KEY, 7, NOW.add(hours=24))
    other = make(KEY, 8, NOW.add(hours=24))
    forged = other.split(".")[0] + "." + token.split(".")[1]  # delivery 8 with the MAC of delivery 7
    with pytest.raises(LinkRefused, match="not valid"):
        verify(KEY, forged, NOW)
    with pytest.raises(LinkRefused, match="not valid"):
        verify(bytes(32), token, NOW)
