"""The store: one transaction per command, private files, a schema it recognises."""

from __future__ import annotations

import sqlite3

import pendulum
import pytest

from breach.errors import BreachError
from breach.records import incidents
from breach.store.engine import Store
from tests.old_stores import drop_added_columns

AMS = "Europe/Amsterdam"
NOW = pendulum.datetime(2026, 11, 23, 12, 0, tz=AMS).in_tz("UTC")


def first_org(session) -> int:
    from breach.records.orgs import first

    return first(session, NOW).id


def facts(title: str = "Laptop gestolen") -> incidents.OpenFacts:
    return incidents.OpenFacts(
        title=title, aware_at=NOW.subtract(hours=2), discovered_at=None, occurred_from=None, occurred_to=None,
        description=None, reported_by=None, role="controller", ap_window_hours=72, customers_window_hours=24,
    )


@pytest.fixture
def store(backend):
    return backend.store()


def test_a_failure_inside_the_transaction_leaves_nothing_not_even_a_used_id(store, monkeypatch):
    from breach.store import models

    def broken_event(*args, **kwargs):
        raise RuntimeError("power cut between the incident row and its event")

    with monkeypatch.context() as patch:
        patch.setattr(models, "Event", broken_event)
        with pytest.raises(RuntimeError):
            with store.write() as session:
                incidents.open_incident(session, facts(), NOW, 2026, first_org(session))
    with store.read() as session:
        assert incidents.all_incidents(session) == []
    with store.write() as session:
        assert incidents.open_incident(session, facts(), NOW, 2026, first_org(session)).ref == "DL-2026-001"


def test_ids_count_per_year_and_never_repeat(store):
    refs = []
    for year in (2026, 2026, 2027, 2026):
        with store.write() as session:
            refs.append(incidents.open_incident(session, facts(), NOW, year, first_org(session)).ref)
    assert refs == ["DL-2026-001", "DL-2026-002", "DL-2027-001", "DL-2026-003"]


@pytest.mark.sqlite_only
def test_the_database_is_private_and_in_wal_mode(home, store):
    with store.read() as session:
        incidents.all_incidents(session)
    path = home / "breach.db"
    assert path.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_store_from_a_newer_release_is_refused(backend, store):
    with store.read() as session:
        incidents.all_incidents(session)
    with backend.raw() as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0099_future'")
    with pytest.raises(BreachError, match="0099_future"):
        with backend.store().read():
            pass


@pytest.mark.parametrize("url", ["nosuchdialect://user:secret@host/db", "not a url secret"])
def test_an_unusable_database_url_is_one_clear_error_without_the_secret(url):
    with pytest.raises(BreachError, match="database URL cannot be used") as info:
        Store(url)
    assert "secret" not in str(info.value)


def test_the_schema_is_created_once_by_concurrent_first_users(backend, tmp_path):
    url = backend.empty_url(tmp_path / "b.db")
    first, second = backend.store(url), backend.store(url)
    with first.write() as session:
        incidents.open_incident(session, facts("een"), NOW, 2026, first_org(session))
    with second.write() as session:
        assert incidents.open_incident(session, facts("twee"), NOW, 2026, first_org(session)).ref == "DL-2026-002"
    first.dispose()
    second.dispose()


RELEASED_0001_TABLES = {"incident", "notice", "event", "counter", "alembic_version"}


def test_a_store_of_the_first_release_gains_the_new_tables_and_keeps_its_breaches(backend, store):
    from sqlalchemy import inspect

    with store.write() as session:
        incidents.open_incident(session, facts("uit release 0.1"), NOW, 2026, first_org(session))
    tables = set(inspect(store.engine).get_table_names())
    store.dispose()
    with backend.raw() as raw:
        for table in tables - RELEASED_0001_TABLES:
            raw.execute(f"DROP TABLE {table} CASCADE" if backend.name == "postgres" else f"DROP TABLE {table}")
        drop_added_columns(raw.execute, backend.name)
        raw.execute("UPDATE alembic_version SET version_num = '0001_incident_log'")
    upgraded = backend.store()
    with upgraded.read() as session:
        assert [i.title for i in incidents.all_incidents(session)] == ["uit release 0.1"]
    tables = set(inspect(upgraded.engine).get_table_names())
    upgraded.dispose()
    from breach.store.models import SCHEMA_REVISION

    with backend.raw() as raw:
        assert [tuple(row) for row in raw.execute("SELECT version_num FROM alembic_version").fetchall()] == [(SCHEMA_REVISION,)]
    from sqlmodel import SQLModel

    assert tables >= set(SQLModel.metadata.tables)


def test_the_latest_recorded_decision_reaches_the_clocks(store):
    from breach.store.models import Decision

    with store.write() as session:
        incident = incidents.open_incident(session, facts(), NOW, 2026, first_org(session))
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
    from breach.store.engine import sqlite_url

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


def unusable(url: str) -> str:
    """The error a Store on `url` gives at its first use; one line, the password masked."""
    store = Store(url)
    with pytest.raises(BreachError) as info:
        with store.read():
            pass
    store.dispose()
    message = str(info.value)
    assert len(message.splitlines()) == 1 and "s3cret" not in message, message
    return message


def test_a_postgresql_server_that_does_not_answer_is_one_line_naming_host_and_port():
    pytest.importorskip("psycopg", reason="needs the postgres extra: pip install -e '.[test,postgres]'")
    message = unusable("postgresql+psycopg://breach:s3cret@127.0.0.1:1/register")  # port 1 refuses on any machine
    assert message.startswith("cannot use the PostgreSQL database 'register' at 127.0.0.1:1: Connection refused; ")
    assert "check that the server runs and accepts TCP connections there" in message


@pytest.mark.postgres_only
@pytest.mark.parametrize("user, database, expected", [
    ("nobody-here", "postgres", "role \"nobody-here\" does not exist; check the user name and password in the database URL"),
    ("breach", "no_such_register", "create the database (createdb -h HOST no_such_register) or fix its name in the URL"),
])
def test_a_postgresql_server_that_refuses_us_says_what_to_check(backend, user, database, expected):
    from sqlalchemy.engine import make_url

    server = make_url(backend.url)
    url = server.set(username=user, password="s3cret", database=database).render_as_string(hide_password=False)
    message = unusable(url)
    assert f"at {server.host}:{server.port}: " in message
    assert message.endswith(expected.replace("HOST", server.host)), message


@pytest.mark.postgres_only
def test_two_writers_on_one_breach_take_turns_and_the_second_reads_what_the_first_wrote(backend):
    """What BEGIN IMMEDIATE gives on SQLite, the breach's row lock gives on PostgreSQL: a second writer
    (its own connection) waits in `find` until the first commits, then sees the first one's event."""
    import threading
    import time

    store = backend.store()
    with store.write() as session:
        incidents.open_incident(session, facts(), NOW, 2026, first_org(session))
    seen: dict = {}

    def second_writer() -> None:
        with backend.store().write() as session:
            incident = incidents.find(session, "DL-2026-001")
            seen["texts"] = [event.text for event in incidents.timeline(session, incident)]
            incidents.add_note(session, incident, "tweede", NOW.add(minutes=2))

    with store.write() as session:
        incident = incidents.find(session, "DL-2026-001")
        incidents.add_note(session, incident, "eerste", NOW.add(minutes=1))
        session.flush()
        thread = threading.Thread(target=second_writer)
        thread.start()
        with backend.raw() as conn:  # until the second writer waits for a lock (a state, not a time)
            for _ in range(600):
                if conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                "AND wait_event_type = 'Lock'").fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the second writer never waited for the first")
    thread.join(timeout=60)
    assert seen["texts"] == ["Laptop gestolen", "eerste"]
    with store.read() as session:
        assert [e.text for e in incidents.timeline(session, incidents.find(session, "DL-2026-001"))][-2:] == ["eerste", "tweede"]
        from breach.store import chain

        assert chain.verify(session.connection(), lambda row, position: str(position)).intact


@pytest.mark.postgres_only
def test_instants_are_stored_in_utc_whatever_time_zone_the_database_sets(backend):
    """A database whose TimeZone is Amsterdam must not shift the stored instants by an hour (a column
    `timestamp without time zone` would: PostgreSQL converts an aware value by the session's TimeZone)."""
    from sqlalchemy.engine import make_url

    with backend.raw() as conn:
        conn.execute(f'ALTER DATABASE "{make_url(backend.url).database}" SET timezone TO \'Europe/Amsterdam\'')
    store = backend.store()
    with store.write() as session:
        incidents.open_incident(session, facts(), NOW, 2026, first_org(session))
    with backend.raw() as conn:
        stored = conn.execute("SELECT extract(epoch FROM aware_at), current_setting('TimeZone') FROM incident").fetchone()
    assert stored[1] == "Europe/Amsterdam"  # the raw connection got the database's setting
    assert float(stored[0]) == facts().aware_at.timestamp()
    with store.read() as session:
        assert pendulum.instance(incidents.find(session, "DL-2026-001").aware_at) == facts().aware_at
