"""A `breach remind` killed mid-send, then run again: how many reminders arrive twice, and how many late.

    .venv/bin/python bench/killed_remind.py [--code DIR] [--database-url URL] [--breaches 40] [--kill-after 7]

The scenario of issue 13: BREACHES breaches aware 61 h ago (each has its opened alert, the AP 12h step
and the customers overdue alarm due), three channels on 127.0.0.1 (apprise json://), one of which answers
after SLOW seconds. `breach remind` is killed with SIGKILL after KILL_AFTER seconds; once the slow
channel's requests in flight have been answered, `remind` runs again a minute later (the next cron run),
then 16 minutes later (past the 15-minute lease of a claim; the claims are also aged 16 minutes in the
store, as the database's clock would have moved).

`--code DIR` runs the breach package in DIR (e.g. an old commit: `git archive COMMIT | tar -x -C DIR`)
with this environment's interpreter and libraries; the store is made by this tree's code (the schema is
the same revision). Prints one line of figures:
  delivered (distinct reminders that arrived), expected, duplicates (arrivals beyond the first),
  late (first arrived only after the lease: 15+ minutes late), missing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NOW = "2026-11-23T12:00:00+01:00"


def prepare(home: Path, database_url: str | None, breaches: int, urls: list[str]) -> None:
    import pendulum

    from breach.notify import channels
    from breach.records.incidents import OpenFacts, open_incident
    from breach.records.orgs import first
    from breach.store.engine import Store, sqlite_url

    home.mkdir(parents=True, mode=0o700)
    store = Store(database_url or sqlite_url(home / "breach.db"))
    now = pendulum.parse(NOW)
    with store.write() as session:
        for n in range(breaches):
            facts = OpenFacts(f"Lek {n}", now.subtract(hours=61), None, None, None, None, None, "controller", 72, 24)
            open_incident(session, facts, now.subtract(hours=61), now.year, first(session, now).id)
        for url in urls:
            channels.add(session, first(session, now).id, url, [], False, now)
    store.dispose()


def age_claims(home: Path, database_url: str | None, minutes: int) -> int:
    """The claims left by the killed run, made `minutes` older (the database's clock moved on); how many."""
    from sqlmodel import select

    from breach.domain.clock import utc
    from breach.store.engine import Store, sqlite_url
    from breach.store.models import Delivery

    store = Store(database_url or sqlite_url(home / "breach.db"))
    with store.write() as session:
        rows = session.exec(select(Delivery).where(Delivery.status == "claimed")).all()
        for row in rows:
            row.claimed_at = utc(row.claimed_at).subtract(minutes=minutes)
            session.add(row)
    store.dispose()
    return len(rows)


def key(title: str) -> str:
    """A reminder's title without the time it still has (which a later run words otherwise)."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", title)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, help="a tree whose breach package to run (default: this one)")
    parser.add_argument("--database-url", help="a PostgreSQL database (empty) instead of a SQLite file")
    parser.add_argument("--breaches", type=int, default=40)
    parser.add_argument("--slow", type=float, default=3.0)
    parser.add_argument("--kill-after", type=float, default=7.0)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from receivers import HttpReceiver

    endpoints = [HttpReceiver().start(), HttpReceiver().start(), HttpReceiver(delay=args.slow).start()]
    work = Path(tempfile.mkdtemp(prefix="killed-remind-"))
    home = work / "home"
    try:
        prepare(home, args.database_url, args.breaches, [e.url for e in endpoints])
        code = args.code.resolve() if args.code else ROOT
        env = {**os.environ, "BREACH_HOME": str(home), "PYTHONPATH": str(code)}
        if args.database_url:
            env["BREACH_DATABASE_URL"] = args.database_url

        def remind(now: str) -> subprocess.Popen:
            return subprocess.Popen([sys.executable, "-m", "breach", "remind", "--quiet"], env={**env, "BREACH_NOW": now},
                                    cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

        shown = subprocess.run([sys.executable, "-c", "import breach.notify.reminders as r; print(r.__file__)"], env=env,
                               cwd=code, capture_output=True, text=True).stdout.strip()
        print(f"running {shown}", file=sys.stderr)
        first = remind(NOW)
        time.sleep(args.kill_after)
        first.send_signal(signal.SIGKILL)
        first.wait()
        time.sleep(args.slow + 1)  # the slow channel answers what was in flight: it arrived
        before = [Counter(key(t) for t in e.titles()) for e in endpoints]
        import pendulum

        start = pendulum.parse(NOW)
        again = remind(start.add(minutes=1).isoformat())
        again.communicate(timeout=600)
        after_cron = [Counter(key(t) for t in e.titles()) for e in endpoints]
        aged = age_claims(home, args.database_url, 16)
        lease = remind(start.add(minutes=17).isoformat())
        lease.communicate(timeout=600)
        final = [Counter(key(t) for t in e.titles()) for e in endpoints]
        expected = args.breaches * 3 * len(endpoints)
        delivered = sum(len(c) for c in final)
        duplicates = sum(n - 1 for c in final for n in c.values())
        late = sum(1 for b, c in zip(after_cron, final, strict=True) for k in c if k not in b)
        print(f"code={'this tree' if not args.code else args.code} backend={'postgresql' if args.database_url else 'sqlite'} "
              f"arrived_before_kill+in_flight={sum(sum(c.values()) for c in before)} claims_left={aged} "
              f"delivered={delivered} expected={expected} duplicates={duplicates} late={late} "
              f"missing={expected - delivered}")
    finally:
        for endpoint in endpoints:
            endpoint.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
