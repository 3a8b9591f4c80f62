"""Start-up figures of the installed `breach` command, as ratios to floors measured in the same run.

    python bench/startup.py [--runs N] [--breaches N]

Prints one table: case, median seconds, floor, ratio. The machine is shared and noisy: compare ratios.
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

BIN = Path(sys.executable).with_name("breach")


def median_seconds(argv: list[str], runs: int, env: dict) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--breaches", type=int, default=200)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="breach-bench-"))
    env = {**os.environ, "BREACH_HOME": str(home)}
    for n in range(args.breaches):
        subprocess.run([str(BIN), "open", f"bench {n}", "--aware", "now"], env=env, capture_output=True, check=True)
    py = sys.executable
    floors = {
        "python -c pass": median_seconds([py, "-c", "pass"], args.runs, env),
        "import typer, sqlmodel, pendulum": median_seconds([py, "-c", "import typer, sqlmodel, pendulum"], args.runs, env),
    }
    cases = [
        ("breach --help", [str(BIN), "--help"], "python -c pass"),
        ("breach list", [str(BIN), "list"], "import typer, sqlmodel, pendulum"),
        ("breach show DL-...-001", [str(BIN), "show", f"{time.localtime().tm_year}-1"], "import typer, sqlmodel, pendulum"),
        ("breach open", [str(BIN), "open", "bench", "--aware", "now"], "import typer, sqlmodel, pendulum"),
    ]
    print(f"store: {args.breaches} breaches; {args.runs} runs a case; python {sys.version.split()[0]}")
    print(f"{'case':<28} {'median':>9} {'floor':<34} {'ratio':>6}")
    for name, seconds in floors.items():
        print(f"{name:<28} {seconds * 1000:>7.1f}ms {'-':<34} {'':>6}")
    for name, argv, floor in cases:
        seconds = median_seconds(argv, args.runs, env)
        print(f"{name:<28} {seconds * 1000:>7.1f}ms {floor:<34} {seconds / floors[floor]:>5.2f}x")


if __name__ == "__main__":
    main()
