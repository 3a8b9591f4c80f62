"""Delivery latency of `breach remind`: N due reminders to 2 channels, each a local HTTP endpoint
(apprise json://) that answers after a delay, as a slow push service would.

    python bench/remind.py [--reminders 100] [--delay 0.1] [--runs 3]

Prints medians over the runs: the wall time of the installed `breach remind` process (start-up included), the time
from its start until the last message arrived, and the floor a one-at-a-time sender would need
(N x 2 x delay). The machine is shared and noisy: compare the ratio to that floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from receivers import HttpReceiver  # noqa: E402

BIN = Path(sys.executable).with_name("breach")
NOW = "2026-11-23T12:00:00+00:00"


def prepare(reminders: int, urls: list[str]) -> dict:
    """A fresh store with `reminders` breaches whose only due step is the opened alert."""
    home = Path(tempfile.mkdtemp(prefix="breach-bench-remind-"))
    env = {**os.environ, "BREACH_HOME": str(home), "BREACH_NOW": NOW}
    from breach.clock import system_clock  # noqa: F401  (the package must import; fail early if not installed)
    from breach.config import Config
    from breach.incidents import OpenFacts, open_incident
    from breach.store import Store, sqlite_url

    import pendulum

    Config(home)  # the data home; the store below creates the database in it
    home.mkdir(parents=True, exist_ok=True)
    store = Store(sqlite_url(home / "breach.db"))
    now = pendulum.parse(NOW)
    with store.write() as session:
        for n in range(reminders):
            facts = OpenFacts(f"bench {n}", now, None, None, None, None, None, "controller", 72, 0)
            open_incident(session, facts, now, year=2026)
    store.dispose()
    for url in urls:
        subprocess.run([str(BIN), "channels", "add", url], env=env, capture_output=True, check=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    walls, firsts, lasts = [], [], []
    for _ in range(args.runs):
        receivers = [HttpReceiver(delay=args.delay).start() for _ in range(2)]
        arrivals: list[float] = []
        for receiver in receivers:
            original = receiver.received

            class Stamped(list):
                def append(self, item, _stamps=arrivals):
                    _stamps.append(time.perf_counter())
                    super().append(item)

            receiver.received = Stamped(original)
        env = prepare(args.reminders, [r.url for r in receivers])
        start = time.perf_counter()
        done = subprocess.run([str(BIN), "remind"], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        got = sum(len(r.received) for r in receivers)
        for receiver in receivers:
            receiver.stop()
        if done.returncode != 0 or got != 2 * args.reminders:
            sys.exit(f"remind failed: exit {done.returncode}, {got} of {2 * args.reminders} delivered\n{done.stderr}")
        walls.append(wall)
        firsts.append(min(arrivals) - start)
        lasts.append(max(arrivals) - start)
    floor = 2 * args.reminders * args.delay
    print(f"{args.reminders} due reminders x 2 channels, endpoint delay {args.delay * 1000:.0f} ms, {args.runs} runs")
    print(f"  remind process wall time  median {statistics.median(walls):.2f} s  (min {min(walls):.2f}, max {max(walls):.2f})")
    print(f"  start -> first arrival    median {statistics.median(firsts):.2f} s  (start-up, plan, claim)")
    print(f"  start -> last arrival     median {statistics.median(lasts):.2f} s")
    print(f"  first -> last arrival     median {statistics.median(lasts) - statistics.median(firsts):.2f} s  "
          f"(sending; {2 * args.reminders} sends at most 16 at a time)")
    print(f"  one-at-a-time floor       {floor:.2f} s   ratio {statistics.median(walls) / floor:.2f}")


if __name__ == "__main__":
    main()
