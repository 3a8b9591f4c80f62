"""Delivery case: `breach remind` with N due reminders (each breach's "breach opened" alert) to 2
channels, each a local HTTP endpoint (apprise json://) that answers after a delay, as a slow push
service does; against its floor: the same command delivering ONE reminder to one such endpoint.
Deliveries run concurrently with a bound (breach.notify.dispatch), so the ratio stays far below N x 2.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bench.dataset import NOW
from bench.harness import ROOT, Installed, Row, Table, child_env, rounds, run_child

BUDGET = 5.0


def receivers(count: int, delay: float) -> list:
    sys.path.insert(0, str(ROOT / "tests"))
    from receivers import HttpReceiver

    return [HttpReceiver(delay=delay).start() for _ in range(count)]


def prepare(home: Path, breaches: int, urls: list[str]) -> None:
    """A fresh store with `breaches` breaches opened at NOW (their alert is due) and the channels."""
    import pendulum

    from breach.notify import channels
    from breach.records.incidents import OpenFacts, open_incident
    from breach.records.orgs import first
    from breach.store.engine import Store, sqlite_url

    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True, mode=0o700)
    store = Store(sqlite_url(home / "breach.db"))
    now = pendulum.parse(NOW)
    with store.write() as session:
        for n in range(breaches):
            facts = OpenFacts(f"Bench {n}", now, None, None, None, None, None, "controller", 72, 24)
            open_incident(session, facts, now, now.year, first(session, now).id)
        for url in urls:
            channels.add(session, first(session, now).id, url, [], False, now)
    store.dispose()


def deliver(cmd: Installed, home: Path, breaches: int, endpoints: list) -> float:
    """Wall seconds of one `breach remind` that must deliver `breaches` x len(endpoints) messages."""
    before = sum(len(r.received) for r in endpoints)
    prepare(home, breaches, [r.url for r in endpoints])
    seconds = run_child([cmd.breach, "remind"], child_env(BREACH_HOME=str(home), BREACH_NOW=NOW)).wall
    got = sum(len(r.received) for r in endpoints) - before
    if got != breaches * len(endpoints):
        raise SystemExit(f"bench: remind delivered {got} of {breaches * len(endpoints)} messages")
    return seconds


def run(table: Table, cmd: Installed, work: Path, runs: int, reminders: int, delay: float) -> None:
    endpoints = receivers(2, delay)
    try:
        medians = rounds({
            "one": lambda: deliver(cmd, work / "remind-one", 1, endpoints[:1]),
            "many": lambda: deliver(cmd, work / "remind-many", reminders, endpoints),
        }, runs)
    finally:
        for endpoint in endpoints:
            endpoint.stop()
    table.add(Row(f"remind: {reminders} due x 2 channels @{delay * 1000:.0f} ms", medians["many"], BUDGET,
                  "remind: 1 delivery", medians["one"]))
