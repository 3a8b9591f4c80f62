"""A `breach serve` app in-process (Starlette's TestClient) on the test's store, with the fake clock,
and a signed-in user."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed: pip install -e '.[web]'")

PASSWORD = "correct horse battery"


@pytest.fixture
def web_app(home, clock, backend):
    from breach.web.app import create_app

    app = create_app(home, clock)
    yield app
    if app.state.web._store is not None:
        app.state.web._store.dispose()


@pytest.fixture
def client(web_app):
    from starlette.testclient import TestClient

    with TestClient(web_app, base_url="http://testserver", follow_redirects=False) as c:
        yield c


@pytest.fixture
def user(web_app, clock):
    from breach.records import users

    with web_app.state.web.store.write() as session:
        users.add(session, "jdevries", "fg@example.nl", PASSWORD, clock())
    return "jdevries"


def token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def sign_in(client, name: str = "jdevries", password: str = PASSWORD):
    page = client.get("/login")
    response = client.post("/login", data={"csrf": token(page.text), "name": name, "password": password})
    return response


@pytest.fixture
def signed_in(client, user):
    response = sign_in(client)
    assert response.status_code == 303, response.text
    return client
