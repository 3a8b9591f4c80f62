"""`breach serve` as a stranger, an attacker and a signed-in user meet it (Starlette's TestClient on a
real store): what answers without a session, CSRF, escaping, expiry, limits, and the night's actions."""

from __future__ import annotations

import re

import pytest

from breach.web import security
from tests.web.conftest import PASSWORD, sign_in, token

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def report(client, **fields):
    page = client.get("/melden")
    data = {"csrf": token(page.text), "what": "Mail met alle adressen in CC", **fields}
    return client.post("/melden", data=data)


def signal_count(web_app) -> int:
    from breach.records import signals

    with web_app.state.web.store.read() as session:
        return len(signals.listing(session))


def receipt_of(response) -> str:
    found = re.search(r'id="receipt">(MLD-[A-Z0-9]{4}-[A-Z0-9]{4})<', response.text)
    assert found, response.text
    return found.group(1)


# ---------------------------------------------------------------- without a session


@pytest.mark.parametrize("path", ["/dashboard", "/register", "/register/export.csv", "/breaches/DL-2026-001",
                                  "/signals/1", "/"])
def test_no_page_but_the_form_and_the_login_without_a_session(client, path):
    response = client.get(path)
    assert response.status_code == 303 and response.headers["location"] == "/login"


@pytest.mark.parametrize("path", ["/breaches/DL-2026-001/note", "/breaches/DL-2026-001/ack", "/signals/1/open",
                                  "/signals/1/dismiss", "/breaches/DL-2026-001/draft/ap.md"])
def test_no_action_without_a_session(client, path):
    assert client.post(path, data={"csrf": "x"}).status_code == 403


def test_the_form_and_the_login_answer_without_a_session(client):
    form = client.get("/melden")
    assert form.status_code == 200 and 'lang="nl"' in form.text and "Wat is er gebeurd?" in form.text
    english = client.get("/melden?lang=en")
    assert 'lang="en"' in english.text and "What happened?" in english.text
    assert client.get("/login").status_code == 200
    assert "default-src 'none'" in form.headers["content-security-policy"]


# ---------------------------------------------------------------- the report form


def test_a_report_shows_nothing_back_but_a_receipt(client, web_app, clock):
    first = report(client, what="Eerste melding: USB-stick met salarislijst kwijt", reporter="Piet")
    assert first.status_code == 200
    second = report(client, what="Tweede melding, van iemand anders", data_involved="namen", contact="06-12345678")
    receipt = receipt_of(second)
    body = second.text
    for leaked in ("Eerste melding", "USB-stick", "Piet", "Tweede melding", "06-12345678", "namen"):
        assert leaked not in body
    assert re.findall(r"MLD-[A-Z0-9]{4}-[A-Z0-9]{4}", body) == [receipt]
    from breach.records import signals

    with web_app.state.web.store.read() as session:
        found = signals.find(session, receipt)
        assert found.contact == "06-12345678" and found.source == "form" and found.received_at == clock()
        assert found.triage_hours == 4


def test_a_report_without_a_valid_token_is_refused_and_nothing_is_written(client, web_app):
    client.get("/melden")
    refused = client.post("/melden", data={"csrf": "forged", "what": "x"})
    assert refused.status_code == 403
    from starlette.testclient import TestClient

    with TestClient(web_app) as stranger:  # a cross-site post carries no cookie of ours
        assert stranger.post("/melden", data={"csrf": "forged", "what": "x"}).status_code == 403
    assert signal_count(web_app) == 0


def test_the_report_form_is_size_limited(client, web_app):
    response = report(client, what="x" * 40_000)
    assert response.status_code == 413 and signal_count(web_app) == 0
    too_long_field = report(client, what="y" * 5001)
    assert too_long_field.status_code == 400 and "at most 5000" in too_long_field.text
    assert signal_count(web_app) == 0


def test_the_report_form_is_rate_limited_per_address(client, web_app, clock):
    for _ in range(security.REPORTS_PER_HOUR):
        assert report(client).status_code == 200
    assert report(client).status_code == 429
    assert signal_count(web_app) == security.REPORTS_PER_HOUR
    clock.advance(hours=1, seconds=1)
    assert report(client).status_code == 200


def test_an_unreadable_moment_of_a_stranger_is_kept_as_written(client, web_app):
    receipt = receipt_of(report(client, noticed="gisteravond rond tienen"))
    parsed = receipt_of(report(client, noticed="2026-11-23T09:15"))
    from breach.records import signals

    with web_app.state.web.store.read() as session:
        loose = signals.find(session, receipt)
        assert loose.noticed_at is None and loose.noticed_text == "gisteravond rond tienen"
        exact = signals.find(session, parsed)
        assert exact.noticed_at.isoformat() == "2026-11-23T08:15:00+00:00"


# ---------------------------------------------------------------- signing in


def test_login_is_refused_with_a_wrong_password_and_rate_limited(client, user):
    for _ in range(security.LOGIN_FAILURES):
        assert sign_in(client, password="wrong password!").status_code == 401
    assert sign_in(client).status_code == 429  # even the right password, until the window passes
    assert client.get("/dashboard").status_code == 303


def test_a_session_expires(signed_in, clock):
    assert signed_in.get("/dashboard").status_code == 200
    clock.advance(hours=security.SESSION_HOURS, seconds=1)
    response = signed_in.get("/dashboard")
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_a_forged_or_tampered_cookie_is_no_session(client, user, clock):
    sign_in(client)
    cookie = client.cookies.get(security.COOKIE)

    def with_cookie(value: str) -> int:
        client.cookies.clear()
        client.cookies.set(security.COOKIE, value)
        return client.get("/dashboard").status_code

    assert with_cookie(cookie) == 200
    assert with_cookie(cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")) == 303
    assert with_cookie(security.Sessions("another store's key").dump(security.Session(1, "t", clock().timestamp()))) == 303


def test_the_session_cookie_is_httponly_and_strict(client, user):
    response = sign_in(client)
    header = response.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header


def test_logout_needs_the_token(signed_in):
    assert signed_in.post("/logout", data={"csrf": "forged"}).status_code == 403
    assert signed_in.get("/dashboard").status_code == 200


# ---------------------------------------------------------------- signed in: CSRF, escaping, the actions


def _open_breach(client, web_app, **report_fields) -> str:
    receipt_of(report(client, **report_fields))
    page = client.get("/signals/1")
    assert page.status_code == 200
    response = client.post("/signals/1/open", data={"csrf": token(page.text), "aware": "now",
                                                    "aware_reason": "de melding was direct geloofwaardig"})
    assert response.status_code == 303, response.text
    return response.headers["location"].rsplit("/", 1)[1]


def test_csrf_is_refused_on_every_action(signed_in, web_app):
    ref = _open_breach(signed_in, web_app)
    from breach.records import incidents

    def events():
        with web_app.state.web.store.read() as session:
            return len(incidents.timeline(session, incidents.find(session, ref)))

    before = events()
    for action, data in (("note", {"text": "x"}), ("ack", {}), ("notified", {"obligation": "customers"}),
                         ("decide", {"obligation": "ap", "notify": "yes", "reason": "x"}), ("draft/ap.md", {})):
        assert signed_in.post(f"/breaches/{ref}/{action}", data=data).status_code == 403
        assert signed_in.post(f"/breaches/{ref}/{action}", data={**data, "csrf": "forged"}).status_code == 403
    assert events() == before


def test_stored_xss_is_escaped_in_every_field_everywhere_it_is_shown(signed_in, web_app):
    ref = _open_breach(signed_in, web_app, what=XSS, noticed=XSS[:100], data_involved=XSS, reporter=XSS, contact=XSS)
    page = signed_in.get(f"/breaches/{ref}")
    csrf = token(page.text)
    signed_in.post(f"/breaches/{ref}/note", data={"csrf": csrf, "text": XSS})
    signed_in.post(f"/breaches/{ref}/notified", data={"csrf": csrf, "obligation": "customers", "reference": XSS})
    signed_in.post(f"/breaches/{ref}/decide", data={"csrf": csrf, "obligation": "ap", "notify": "yes", "reason": XSS})
    receipt_of(report(signed_in, what=XSS, reporter=XSS))
    second = signed_in.get("/signals/2")
    signed_in.post("/signals/2/dismiss", data={"csrf": token(second.text), "reason": XSS})
    receipt_of(report(signed_in, what=XSS, reporter=XSS, contact=XSS))
    for path in (f"/breaches/{ref}", "/signals/1", "/signals/2", "/signals/3", "/dashboard", "/register",
                 "/register/export.html"):
        body = signed_in.get(path).text
        assert "<script>alert" not in body and "<img src=x" not in body, path
    shown = signed_in.get(f"/breaches/{ref}").text
    assert shown.count("&lt;script&gt;") >= 4  # description, reporter, the note, the decision, the reference
    assert "&lt;script&gt;" in signed_in.get("/signals/3").text


def test_the_actions_on_the_page_are_timeline_events_with_the_users_name(signed_in, web_app):
    ref = _open_breach(signed_in, web_app)
    csrf = token(signed_in.get(f"/breaches/{ref}").text)
    assert signed_in.post(f"/breaches/{ref}/note", data={"csrf": csrf, "text": "IT gebeld"}).status_code == 303
    assert signed_in.post(f"/breaches/{ref}/ack", data={"csrf": csrf}).status_code == 303
    assert signed_in.post(f"/breaches/{ref}/notified", data={"csrf": csrf, "obligation": "customers",
                                                              "reference": "K-1"}).status_code == 303
    assert signed_in.post(f"/breaches/{ref}/decide", data={"csrf": csrf, "obligation": "ap", "notify": "yes",
                                                            "reason": ""}).status_code == 303
    refused = signed_in.post(f"/breaches/{ref}/decide", data={"csrf": csrf, "obligation": "subjects", "notify": "no"})
    assert refused.status_code == 400 and "reason" in refused.text
    from breach.records import incidents

    with web_app.state.web.store.read() as session:
        events = incidents.timeline(session, incidents.find(session, ref))
    by_kind = {e.kind: e for e in events}
    assert set(by_kind) >= {"opened", "from_signal", "note", "ack", "notified", "decided"}
    for kind in ("from_signal", "note", "ack", "notified", "decided"):
        assert "jdevries" in by_kind[kind].text, kind
    assert by_kind["from_signal"].data["reason"] == "de melding was direct geloofwaardig"


def test_drafts_download_as_md_docx_and_eml(signed_in, web_app):
    ref = _open_breach(signed_in, web_app)
    csrf = token(signed_in.get(f"/breaches/{ref}").text)
    md = signed_in.post(f"/breaches/{ref}/draft/ap.md", data={"csrf": csrf})
    assert md.status_code == 200 and "attachment" in md.headers["content-disposition"]
    assert "NOG INVULLEN" in md.text
    docx = signed_in.post(f"/breaches/{ref}/draft/customers.docx", data={"csrf": csrf})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    eml = signed_in.post(f"/breaches/{ref}/draft/subjects.eml", data={"csrf": csrf, "lang": "en"})
    assert eml.status_code == 200 and b"Subject:" in eml.content
    assert signed_in.post(f"/breaches/{ref}/draft/ap.pdf", data={"csrf": csrf}).status_code == 404


def test_a_dismissed_signal_stays_in_the_register_and_an_export_downloads(signed_in, web_app):
    receipt_of(report(signed_in, what="Testbericht zonder persoonsgegevens"))
    page = signed_in.get("/signals/1")
    assert signed_in.post("/signals/1/dismiss", data={"csrf": token(page.text), "reason": ""}).status_code == 400
    assert signed_in.post("/signals/1/dismiss", data={"csrf": token(page.text), "reason": "geen persoonsgegevens"}).status_code == 303
    register = signed_in.get("/register")
    assert "Testbericht zonder persoonsgegevens" in register.text and "geen persoonsgegevens" in register.text
    assert "Testbericht" not in signed_in.get("/dashboard").text
    csv = signed_in.get("/register/export.csv?status=open")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert signed_in.get("/register?status=nope").status_code == 400


def test_a_disabled_user_is_signed_out(signed_in, web_app):
    from sqlmodel import select

    from breach.store.models import User

    with web_app.state.web.store.write() as session:
        for found in session.exec(select(User)).all():
            found.disabled = True
            session.add(found)
    assert signed_in.get("/dashboard").status_code == 303


def test_a_user_signs_in_with_the_password_that_was_set(client, user):
    assert sign_in(client, password=PASSWORD + "x").status_code == 401
    assert sign_in(client).status_code == 303


def test_a_void_breach_is_named_void_and_left_off_the_dashboard(cli, signed_in):
    assert cli("open", "Oefening", "--aware", "today 09:00").exit_code == 0
    assert cli("void", "DL-2026-001", "--reason", "oefening").exit_code == 0
    page = signed_in.get("/breaches/DL-2026-001")
    assert page.status_code == 200 and "<td>vervallen</td>" in page.text
    assert "DL-2026-001" not in signed_in.get("/dashboard").text
    register = signed_in.get("/register?status=void")
    assert register.status_code == 200 and "DL-2026-001" in register.text and "<td>vervallen</td>" in register.text
