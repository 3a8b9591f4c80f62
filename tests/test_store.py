"""The store: one transaction per command, private files, a schema it recognises."""

from __future__ import annotations

import sqlite3

import pendulum
import pytest

from breach import incidents
from breach.errors import BreachError
from breach.store import Store, sqlite_url

AMS = "Europe/Amsterdam"
NOW = pendulum.datetime(2026, 11, 23, 12, 0, tz=AMS).in_tz("UTC")


def facts(title: str = "Laptop gestolen") -> incidents.OpenFacts:
    return incidents.OpenFacts(
        title=title, aware_at=NOW.subtract(hours=2), discovered_at=None, occurred_from=None, occurred_to=None,
        description=None, reported_by=None, role="controller", ap_window_hours=72, customers_window_hours=24,
    )


@pytest.fixture
def store(tmp_path):
    store = Store(sqlite_url(tmp_path / "breach.db"))
    yield store
    store.dispose()


def test_a_failure_inside_the_transaction_leaves_nothing_not_even_a_used_id(store, monkeypatch):
    from breach import models

    def broken_event(*args, **kwargs):
        raise RuntimeError("power cut between the incident row and its event")

    with monkeypatch.context() as patch:
        patch.setattr(models, "Event", broken_event)
        with pytest.raises(RuntimeError):
            with store.write() as session:
                incidents.open_incident(session, facts(), NOW, 2026)
    with store.read() as session:
        assert incidents.all_incidents(session) == []
    with store.write() as session:
        assert incidents.open_incident(session, facts(), NOW, 2026).ref == "DL-2026-001"


def test_ids_count_per_year_and_never_repeat(store):
    refs = []
    for year in (2026, 2026, 2027, 2026):
        with store.write() as session:
            refs.append(incidents.open_incident(session, facts(), NOW, year).ref)
    assert refs == ["DL-2026-001", "DL-2026-002", "DL-2027-001", "DL-2026-003"]


def test_the_database_is_private_and_in_wal_mode(tmp_path, store):
    with store.read() as session:
        incidents.all_incidents(session)
    path = tmp_path / "breach.db"
    assert path.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_store_from_a_newer_release_is_refused(tmp_path, store):
    with store.read() as session:
        incidents.all_incidents(session)
    with sqlite3.connect(tmp_path / "breach.db") as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0099_future'")
    with pytest.raises(BreachError, match="0099_future"):
        with Store(sqlite_url(tmp_path / "breach.db")).read():
            pass


@pytest.mark.parametrize("url", ["nosuchdialect://user:secret@host/db", "not a url secret"])
def test_an_unusable_database_url_is_one_clear_error_without_the_secret(url):
    with pytest.raises(BreachError, match="database URL cannot be used") as info:
        Store(url)
    assert "secret" not in str(info.value)


def test_the_schema_is_created_once_by_concurrent_first_users(tmp_path):
    first, second = Store(sqlite_url(tmp_path / "b.db")), Store(sqlite_url(tmp_path / "b.db"))
    with first.write() as session:
        incidents.open_incident(session, facts("een"), NOW, 2026)
    with second.write() as session:
        assert incidents.open_incident(session, facts("twee"), NOW, 2026).ref == "DL-2026-002"
    first.dispose()
    second.dispose()


RELEASED_0001_TABLES = {"incident", "notice", "event", "counter", "alembic_version"}


def test_a_store_of_the_first_release_gains_the_new_tables_and_keeps_its_breaches(tmp_path, store):
    with store.write() as session:
        incidents.open_incident(session, facts("uit release 0.1"), NOW, 2026)
    store.dispose()
    with sqlite3.connect(tmp_path / "breach.db") as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in tables - RELEASED_0001_TABLES:
            raw.execute(f"DROP TABLE {table}")
        raw.execute("UPDATE alembic_version SET version_num = '0001_incident_log'")
    upgraded = Store(sqlite_url(tmp_path / "breach.db"))
    with upgraded.read() as session:
        assert [i.title for i in incidents.all_incidents(session)] == ["uit release 0.1"]
    upgraded.dispose()
    from breach.models import SCHEMA_REVISION

    with sqlite3.connect(tmp_path / "breach.db") as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_REVISION,)]
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    from sqlmodel import SQLModel

    assert tables >= set(SQLModel.metadata.tables)


def test_the_latest_recorded_decision_reaches_the_clocks(store):
    from breach.models import Decision

    with store.write() as session:
        incident = incidents.open_incident(session, facts(), NOW, 2026)
        for notify, minutes in ((True, 10), (False, 20)):
            session.add(Decision(incident_id=incident.id, obligation="ap", notify=notify, reason="test",
                                 decided_by="FG", at=NOW.add(minutes=minutes)))
        session.add(Decision(incident_id=incident.id, obligation="subjects", notify=True, decided_by="FG", at=NOW))
    with store.read() as session:
        single = incidents.clocks(session, incident, NOW.add(hours=1))
        [(_, many)] = incidents.clocks_many(session, [incident], NOW.add(hours=1))
    assert single == many
    assert (single["ap"].status, single["subjects"].status) == ("not_applicable", "open")


@pytest.mark.sqlite_only
def test_a_file_that_is_not_a_database_is_refused_naming_it_and_left_alone(tmp_path):
    path = tmp_path / "breach.db"
    garbage = b"not a database, written over by something else " * 100
    path.write_bytes(garbage)
    store = Store(sqlite_url(path))
    try:
        with pytest.raises(BreachError) as refused:
            with store.read():
                pass
    finally:
        store.dispose()
    assert str(refused.value).startswith(f"{path} cannot be opened as a store (file is not a database)")
    assert path.read_bytes() == garbage
