"""records/signals.py and records/users.py on a real store: receipts, finding a signal, the seam for
paging, the refusals of opening and dismissing, and the users' passwords."""

from __future__ import annotations

import re

import pytest

from breach.errors import InvalidInput, NotFound, Refused
from breach.records import incidents, signals, users
from breach.records.orgs import first


@pytest.fixture
def store(backend):
    return backend.store()


def _report(session, clock, what="Mail met adressen in CC", **kw):
    return signals.report(session, signals.Report(what=what, **kw), "Europe/Amsterdam", clock(), 4, first(session, clock()).id)


def test_receipts_are_random_and_say_nothing_about_how_many_there_are(store, clock):
    with store.write() as session:
        made = [_report(session, clock).receipt for _ in range(20)]
    assert len(set(made)) == 20
    assert all(re.fullmatch(r"MLD-[ACDEFGHJKLMNPQRTUVWXY34679]{4}-[ACDEFGHJKLMNPQRTUVWXY34679]{4}", r) for r in made)


def test_a_signal_is_found_by_number_or_receipt_and_nothing_else(store, clock):
    with store.write() as session:
        made = _report(session, clock)
    with store.read() as session:
        assert signals.find(session, "1").id == signals.find(session, "#1").id == signals.find(session, made.receipt.lower()).id
        with pytest.raises(NotFound):
            signals.find(session, "2")
        for wrong in ("DL-2026-001", "1; drop table signal", "MLD-" + "A" * 40):
            with pytest.raises(InvalidInput) as refused:
                signals.find(session, wrong)
            assert refused.value.field == "signal"


def test_reporting_writes_only_the_signal_and_leaves_paging_to_the_next_remind(store, clock):
    """Reporting never sends (it must not hang on a push service): `notify.signal_alerts` pages with
    the next `breach remind`; the report itself writes no delivery and no event."""
    from sqlmodel import select

    from breach.store.models import Delivery, Event

    with store.write() as session:
        _report(session, clock)
    with store.read() as session:
        assert session.exec(select(Delivery)).all() == [] and session.exec(select(Event)).all() == []
        assert [s.id for s in signals.open_signals(session)] == [1]
        assert [s.paged_at for s in signals.open_signals(session)] == [None]


def test_opening_needs_a_reason_and_happens_once(store, clock):
    facts = incidents.OpenFacts("", clock(), None, None, None, None, None, "controller", 72, 24)
    with store.write() as session:
        found = _report(session, clock, what="Eerste regel\ntweede regel", reporter="Anna")
    with pytest.raises(InvalidInput) as refused, store.write() as session:
        signals.open_as_breach(session, signals.find(session, 1), facts, " ", None, clock(), 2026, "Europe/Amsterdam",
                                first(session, clock()).id)
    assert refused.value.field == "aware_reason"
    with store.write() as session:
        found = signals.find(session, 1)
        signals.fill_facts(facts, found, given_description=False, given_reporter=False)
        incident = signals.open_as_breach(session, found, facts, "geloofwaardig", "FG", clock(), 2026, "Europe/Amsterdam",
                                first(session, clock()).id)
        assert (incident.title, incident.description, incident.reported_by) == ("Eerste regel", found.what, "Anna")
    with pytest.raises(Refused), store.write() as session:
        signals.dismiss(session, signals.find(session, 1), "toch niet", None, clock())
    with store.read() as session:
        assert signals.find(session, 1).status == "opened" and signals.find(session, 1).reason == "geloofwaardig"


def test_a_long_first_line_makes_a_short_title(clock):
    facts = incidents.OpenFacts("", clock(), None, None, None, None, None, "controller", 72, 24)

    class Found:
        what = "x" * 200
        reporter = None

    signals.fill_facts(facts, Found(), given_description=True, given_reporter=True)
    assert len(facts.title) == 80 and facts.title.endswith("…") and facts.description is None


def test_a_password_is_verified_against_its_hash_only(store, clock):
    with store.write() as session:
        users.add(session, "jdevries", "fg@example.nl", "correct horse battery", clock())
    with store.read() as session:
        assert users.verify(session, "jdevries", "correct horse battery").name == "jdevries"
        assert users.verify(session, "jdevries", "correct horse batterY") is None
        assert users.verify(session, "nobody", "correct horse battery") is None
        assert users.verify(session, "jdevries", "x" * 5000) is None


def test_the_signing_key_is_made_once_per_store(store):
    with store.write() as session:
        first = users.web_secret(session)
    with store.write() as session:
        assert users.web_secret(session) == first and len(first) >= 48
