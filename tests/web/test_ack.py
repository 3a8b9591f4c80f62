"""The ack link of a reminder on `breach serve`: a GET shows a button and records nothing (a link preview
follows links), a POST records the ack of that one delivery once, an expired or altered link records
nothing; while serve runs it beats in the store, so reminders carry the links."""

from __future__ import annotations

import pytest

from tests.web.conftest import token as csrf_token  # noqa: F401  (the web fixtures' module: skips without starlette)


@pytest.fixture
def delivery_link(cli, web_app, clock):
    """A breach, one reminder delivered to channel c1, and the signed link of that delivery (valid 24 h)."""
    from breach.notify import ack_links
    from breach.store.models import Delivery

    assert cli("open", "Laptop gestolen", "--aware", "today 09:00").exit_code == 0
    with web_app.state.web.store.write() as session:
        delivery = Delivery(incident_id=1, obligation="ap", step="12h", channel="c1", due_at=clock(), status="sent",
                            attempts=1, claimed_by="host:1:abc", claimed_at=clock(), sent_at=clock())
        session.add(delivery)
        session.flush()
        link = "/ack/" + ack_links.make(ack_links.secret_of(session), delivery.id, clock().add(hours=24))
    return link


def acks(web_app) -> list[tuple]:
    from sqlmodel import select

    from breach.store.models import Ack

    with web_app.state.web.store.read() as session:
        return [(a.obligation, a.step, a.channel, a.via) for a in session.exec(select(Ack))]


def test_a_get_of_the_link_shows_the_button_and_records_nothing(client, web_app, delivery_link):
    page = client.get(delivery_link)
    assert page.status_code == 200 and "Gezien, ik pak het op" in page.text and 'method="post"' in page.text
    assert acks(web_app) == []


def test_a_post_records_the_ack_of_that_delivery_once(client, web_app, delivery_link):
    first = client.post(delivery_link)  # as ntfy's action button sends it: no session, no form token
    assert first.status_code == 200
    assert "Vastgelegd: u pakt ap (12h) van DL-2026-001 op." in first.text
    assert acks(web_app) == [("ap", "12h", "c1", "link")]
    again = client.post(delivery_link)
    assert again.status_code == 200 and "al bevestigd" in again.text
    assert acks(web_app) == [("ap", "12h", "c1", "link")]


def test_an_expired_or_altered_link_records_nothing(client, web_app, delivery_link, clock):
    altered = delivery_link[:-2] + ("AA" if not delivery_link.endswith("AA") else "BB")
    refused = client.post(altered)
    assert refused.status_code == 410 and "Deze link werkt niet (meer)" in refused.text
    clock.advance(hours=25)
    expired = client.post(delivery_link)
    assert expired.status_code == 410 and "has expired" in expired.text
    assert acks(web_app) == []


def test_serve_beats_in_the_store_while_it_runs_and_removes_the_beat_when_it_stops(home, clock, backend):
    from starlette.testclient import TestClient

    from breach.notify import heartbeats
    from breach.web.app import create_app

    app = create_app(home, clock, heartbeat=True)
    store = app.state.web.store
    with TestClient(app, base_url="http://testserver"):
        with store.read() as session:
            assert heartbeats.serve_running(session, clock())
    with store.read() as session:
        assert not heartbeats.serve_running(session, clock())
    store.dispose()
