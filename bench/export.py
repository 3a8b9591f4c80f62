"""Export case: `breach export --format csv` of the whole register of `bench.dataset` to a file.

Budgets are absolute here (the register article 30/33(5) asks for must come out of a big store in
reasonable time and memory): wall seconds, and the peak resident memory of that process alone.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from bench.dataset import NOW
from bench.harness import Installed, Row, Table, child_env, run_child

SECONDS, PEAK_MB = 15.0, 200.0


def run(table: Table, cmd: Installed, home: Path, work: Path, runs: int, breaches: int) -> None:
    env = child_env(BREACH_HOME=str(home), BREACH_NOW=NOW)
    out = work / "register.csv"
    samples = []
    for _ in range(runs):
        samples.append(run_child([cmd.breach, "export", "--format", "csv", "--out", str(out), "--force"], env))
    rows = sum(1 for _ in out.open(encoding="utf-8-sig", newline="")) - 1
    out.unlink()
    if rows < breaches:
        raise SystemExit(f"bench: the export holds {rows} lines for {breaches} breaches")
    label = f"export csv, {breaches:,} breaches"
    cpu = statistics.median(s.cpu for s in samples)
    table.add(Row(f"{label}: time", statistics.median(s.wall for s in samples), SECONDS,
                  note=f"CPU time (user + system) {cpu:.2f} s; wall time counts waiting for a busy CPU too"))
    table.add(Row(f"{label}: peak RSS", statistics.median(s.peak_mb for s in samples), PEAK_MB, unit="MB"))
