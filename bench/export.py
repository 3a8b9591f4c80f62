"""Export figures: a store with many breaches (bulk-inserted, with events, notices, decisions and an
assessment on some), then `breach export` of the installed command in a subprocess.

    python bench/export.py [--breaches 100000] [--formats csv,json] [--keep]

Prints, per case: seconds (wall) and the peak resident memory of the export process (ru_maxrss of
that child alone, from os.wait4). A smaller store is exported too: the same peak there means the
export runs in constant memory. `breach verify` over the same store is timed as well. The bulk
insert bypasses the session hook, so the events are sealed afterwards by `chain.adopt_unsealed`
(as an upgraded store's are; verify says so in a note).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).with_name("breach")
EVENTS_PER_BREACH = 3


def build(home: Path, breaches: int) -> float:
    """Bulk-insert `breaches` breaches straight into a new store; seconds taken (sealing included)."""
    import pendulum
    from sqlalchemy import insert

    from breach import chain, models
    from breach.store import Store, sqlite_url

    start = time.perf_counter()
    home.mkdir(parents=True, exist_ok=True)
    store = Store(sqlite_url(home / "breach.db"))
    with store.read():
        pass  # creates the schema
    base = pendulum.datetime(2026, 1, 1, 9, 0, tz="UTC")
    batch = 5000
    with store.engine.begin() as conn:
        for first in range(1, breaches + 1, batch):
            numbers = range(first, min(first + batch, breaches + 1))
            incidents, events, notices, decisions, assessments = [], [], [], [], []
            for n in numbers:
                aware = base.add(minutes=n)
                incidents.append({
                    "id": n, "ref": f"DL-2026-{n:06d}" if n > 999 else f"DL-2026-{n:03d}",
                    "title": f"=Lek {n}: laptop met klantgegevens", "status": "closed" if n % 3 == 0 else "open",
                    "role": "controller", "aware_at": aware, "discovered_at": aware.subtract(hours=1),
                    "description": f"Omschrijving van lek {n}, met een komma; en een puntkomma\nover twee regels",
                    "ap_window_hours": 72, "customers_window_hours": 24, "breach_types": ["confidentiality"],
                    "data_categories": ["name", "email"], "special_categories": [], "person_categories": ["customers"],
                    "persons_min": 100, "persons_max": 250, "records": 250, "measures_taken": "Wachtwoorden gewijzigd",
                    "created_at": aware, "closed_at": aware.add(days=5) if n % 3 == 0 else None,
                    "close_reason": "afgehandeld" if n % 3 == 0 else None,
                })
                for k in range(EVENTS_PER_BREACH):
                    events.append({"incident_id": n, "at": aware.add(minutes=k), "kind": "note", "text": f"notitie {k}",
                                   "data": {"k": k}})
                notices.append({"incident_id": n, "obligation": "ap", "at": aware.add(hours=30),
                                "deadline_at": aware.add(hours=72), "late": False, "reference": f"M-{n}",
                                "recorded_at": aware.add(hours=30)})
                if n % 2 == 0:
                    decisions.append({"incident_id": n, "obligation": "subjects", "notify": False, "reason": "geen hoog risico",
                                      "decided_by": "FG", "at": aware.add(hours=2), "recommended": False, "departs": False})
                    assessments.append({"incident_id": n, "at": aware.add(hours=1), "answers": {"encrypted": False},
                                        "enisa_score": 2.0, "enisa_band": "medium", "ap_severity": "beperkt",
                                        "severity_explanation": "contactgegevens", "recommend_ap": True,
                                        "recommend_subjects": False, "reasons": {"ap": "risico", "subjects": "geen hoog risico"},
                                        "example": None})
            conn.execute(insert(models.Incident.__table__), incidents)
            conn.execute(insert(models.Event.__table__), events)
            conn.execute(insert(models.Notice.__table__), notices)
            if decisions:
                conn.execute(insert(models.Decision.__table__), decisions)
                conn.execute(insert(models.Assessment.__table__), assessments)
        conn.execute(insert(models.Counter.__table__).values(prefix="DL-2026", last=breaches))
        chain.adopt_unsealed(conn, base)
    store.dispose()
    return time.perf_counter() - start


def measure(argv: list[str], env: dict) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak MB, exit status) of one run of the installed command."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        print(proc.stderr.read().decode(), file=sys.stderr)
    proc.stderr.close()
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, proc.returncode  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--breaches", type=int, default=100_000)
    parser.add_argument("--formats", default="csv,json")
    parser.add_argument("--keep", action="store_true", help="Keep the stores (printed) instead of removing them.")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="breach-bench-export-"))
    sizes = sorted({max(1, args.breaches // 10), args.breaches})
    print(f"{'case':<34} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'output MB':>9}")
    for size in sizes:
        home = root / f"store-{size}"
        built = build(home, size)
        print(f"{f'build {size} breaches (bulk)':<34} {built:>8.1f}")
        env = {**os.environ, "BREACH_HOME": str(home)}
        for fmt in args.formats.split(","):
            out = home / f"register.{fmt}"
            seconds, cpu, peak, code = measure([str(BIN), "export", "--format", fmt, "--out", str(out)], env)
            size_mb = out.stat().st_size / 1e6 if out.exists() else 0
            print(f"{f'export {fmt}, {size} breaches':<34} {seconds:>8.1f} {cpu:>8.1f} {peak:>8.0f} {size_mb:>9.1f}"
                  + (f"  exit {code}" if code else ""))
        seconds, cpu, peak, code = measure([str(BIN), "verify"], env)
        print(f"{f'verify, {size * EVENTS_PER_BREACH} events':<34} {seconds:>8.1f} {cpu:>8.1f} {peak:>8.0f}"
              + (f"  exit {code}" if code else ""))
    if args.keep:
        print(f"stores kept in {root}")
    else:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
