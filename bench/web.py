"""Web case: `breach serve`'s dashboard and a breach page, p95 of many requests on the register of
`bench.dataset` against the same page on an otherwise empty store: a new store holding only the open
breaches and the one shown, with all their rows (so both dashboards list the same breaches). Budget: at most 2x the empty store, and below 150 ms.

Measured in this process through Starlette's TestClient (the app, its queries and templates; no
socket): run it with a python that has the web extra (the development venv has).
"""

from __future__ import annotations

import math
import time
from pathlib import Path

from bench.dataset import NOW
from bench.harness import Row, Table
from bench.startup import newest_ref, working_copy

RATIO, ABSOLUTE = 2.0, 0.150
PASSWORD = "bench password 1234"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _client(home: Path, clock):
    from starlette.testclient import TestClient

    from breach.records import users
    from breach.web.app import create_app

    app = create_app(home, clock)
    with app.state.web.store.write() as session:
        if not users.listing(session):
            users.add(session, "bench", "bench@example.nl", PASSWORD, clock())
    client = TestClient(app, follow_redirects=False)
    client.__enter__()  # one event loop for every request, as a running server has
    page = client.get("/login").text
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    signed = client.post("/login", data={"csrf": csrf, "name": "bench", "password": PASSWORD})
    if signed.status_code != 303:
        raise SystemExit(f"bench: cannot sign in to the web app ({signed.status_code})")
    return client


PER_BREACH = ("event", "event_seal", "event_chain", "notice", "assessment", "decision", "delivery", "ack")


def _store_of_the_open(home: Path, register: Path, ref: str) -> None:
    """A new store holding only breach `ref` and the open breaches of `register`, every row of them copied:
    the same pages (the dashboard lists the open ones), without the closed register around them."""
    import sqlite3

    from breach.store.engine import Store, sqlite_url

    home.mkdir(parents=True, exist_ok=True)
    store = Store(sqlite_url(home / "breach.db"))
    with store.write():
        pass
    store.dispose()
    with sqlite3.connect(home / "breach.db") as db:
        db.execute("ATTACH DATABASE ? AS big", (str(register / "breach.db"),))
        ids = [row[0] for row in db.execute("SELECT id FROM big.incident WHERE ref = ? OR status = 'open'", (ref,))]
        marks = ",".join("?" * len(ids))
        db.execute(f"INSERT INTO incident SELECT * FROM big.incident WHERE id IN ({marks})", ids)
        for name in PER_BREACH:
            db.execute(f"INSERT INTO {name} SELECT * FROM big.{name} WHERE incident_id IN ({marks})", ids)
        db.commit()
        db.execute("DETACH DATABASE big")


def run(table: Table, store: Path, work: Path, runs: int, breaches: int) -> None:
    try:
        import starlette  # noqa: F401
    except ImportError:
        raise SystemExit("bench: the web case needs the web extra in this python (pip install -e '.[web]')") from None
    import shutil

    import pendulum

    moment = pendulum.parse(NOW)

    def clock():
        return moment

    big = working_copy(store, work / "home-web")
    empty = work / "home-web-empty"
    shutil.rmtree(empty, ignore_errors=True)
    big_ref = newest_ref(big)
    _client(big, clock).__exit__(None, None, None)  # the register brought to this schema before it is copied from
    _store_of_the_open(empty, big, big_ref)
    empty_ref = big_ref
    clients = {"big": _client(big, clock), "empty": _client(empty, clock)}
    paths = {"dashboard": {"big": "/dashboard", "empty": "/dashboard"},
             "breach": {"big": f"/breaches/{big_ref}", "empty": f"/breaches/{empty_ref}"}}
    requests = max(20, runs * 20)
    times: dict[tuple[str, str], list[float]] = {(page, side): [] for page in paths for side in clients}
    for sides in paths.values():
        for side in clients:  # warm: templates compiled, connections pooled
            clients[side].get(sides[side])
    for _ in range(requests):  # taking turns, so a noisy moment falls on both sides alike
        for page, sides in paths.items():
            for side, client in clients.items():
                start = time.perf_counter()
                answer = client.get(sides[side])
                times[(page, side)].append(time.perf_counter() - start)
                if answer.status_code != 200:
                    raise SystemExit(f"bench: GET {sides[side]} answered {answer.status_code}")
    for client in clients.values():
        client.__exit__(None, None, None)
    for page, label in (("dashboard", "dashboard"), ("breach", f"breach page {big_ref}")):
        value, floor = p95(times[(page, "big")]), p95(times[(page, "empty")])
        table.add(Row(f"web {label} p95, {breaches:,} breaches", value, RATIO, "open ones only", floor,
                      note=f"{requests} requests each, taking turns; p95 must also stay below {ABSOLUTE * 1000:.0f} ms"))
        table.add(Row(f"web {label} p95: absolute", value, ABSOLUTE))
