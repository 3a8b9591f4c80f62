"""What every case shares: the installed command, child processes measured by the kernel, medians,
and the one table the suite prints.

Every child runs without PYTHONDONTWRITEBYTECODE: a user's installed command has its .pyc files
(pip compiles them at install time), and a measure that recompiles every module on each start
measures the compiler.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system, of the child alone
    peak_mb: float  # its peak resident memory (ru_maxrss)


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def run_child(argv: list[str], env: dict[str, str], *, stdin: int | None = subprocess.DEVNULL) -> Sample:
    """One run of `argv`: wall time, and CPU time and peak memory from its own rusage (os.wait4).
    A non-zero exit stops the suite: a figure of a failed command means nothing.

    The child is started by a small helper process (`_SPAWNER_CODE`), not by this one: the kernel's
    peak memory of a child is at least that of the process that forked it, and this one grows (it
    builds the register, renders letters in a loop)."""
    import json

    spawner = _spawner()
    spawner.stdin.write(json.dumps([argv, env, stdin]) + "\n")
    spawner.stdin.flush()
    wall, cpu, peak_kib, code, error = json.loads(spawner.stdout.readline())
    if code != 0:
        sys.exit(f"bench: {' '.join(argv)} exited {code}\n{error}")
    return Sample(wall, cpu, peak_kib / 1024)


_SPAWNER_CODE = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    argv, env, stdin = json.loads(line)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    error = proc.stderr.read().decode(errors="replace")
    print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status), error]), flush=True)
"""
_SPAWNER = None


def _spawner() -> subprocess.Popen:
    global _SPAWNER
    if _SPAWNER is None:
        _SPAWNER = subprocess.Popen([sys.executable, "-c", _SPAWNER_CODE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return _SPAWNER


def rounds(commands: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """Median seconds per command, the commands taking turns each round so that a noisy moment on a
    shared machine falls on a case and its floor alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, measure in commands.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


# ---------------------------------------------------------------- the installed command


@dataclass(frozen=True)
class Installed:
    bin: Path
    how: str

    @property
    def breach(self) -> str:
        return str(self.bin / "breach")

    @property
    def python(self) -> str:
        return str(self.bin / "python")


def install(mode: str, work: Path) -> Installed:
    """`here`: the `breach` next to this interpreter (e.g. the development venv's, editable).
    `wheel`: this checkout built as a wheel and installed, not editable, into a venv under `work`, as
    a user gets it (the dependencies are installed once, pinned by constraints.txt; breach each run)."""
    if mode == "here":
        bin_dir = Path(sys.executable).parent
        return Installed(bin_dir, f"{bin_dir / 'breach'} (as installed next to this python)")
    wheels = work / "wheel"
    shutil.rmtree(wheels, ignore_errors=True)
    env = child_env()
    _quiet([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)], env)
    wheel = next(wheels.glob("breach-*.whl"))
    venv = work / "venv"
    if not (venv / "bin" / "breach").exists():
        _quiet([sys.executable, "-m", "venv", "--clear", str(venv)], env)
        _quiet([str(venv / "bin" / "pip"), "install", "-q", "-c", str(ROOT / "constraints.txt"), str(wheel)], env)
    else:
        _quiet([str(venv / "bin" / "pip"), "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], env)
    compiled = any((venv / "lib").glob("python3*/site-packages/breach/cli/__pycache__/app.*.pyc"))
    return Installed(venv / "bin", f"{wheel.name} in {venv} (pip, .pyc {'compiled' if compiled else 'MISSING'})")


def _quiet(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed\n{done.stdout}{done.stderr}")


# ---------------------------------------------------------------- the table


@dataclass
class Row:
    case: str
    value: float  # median: seconds, or MB when unit is "MB"
    budget: float  # ratio to the floor, or the limit in `unit` when there is no floor
    floor: str = "-"
    floor_value: float | None = None
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor_value if self.floor_value else None

    @property
    def met(self) -> bool:
        return (self.ratio if self.floor_value else self.value) <= self.budget


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(f"  {row.case}: {_amount(row.value, row.unit)}" + (f" ({row.ratio:.2f}x)" if row.ratio else ""),
              file=sys.stderr, flush=True)

    def render(self) -> str:
        head = ("case", "median", "floor", "floor median", "ratio", "budget", "result")
        body = [
            (r.case, _amount(r.value, r.unit), r.floor,
             _amount(r.floor_value, "s") if r.floor_value else "-",
             f"{r.ratio:.2f}x" if r.ratio else "-",
             f"<= {r.budget:g}x" if r.floor_value else f"<= {_amount(r.budget, r.unit)}",
             "met" if r.met else "NOT MET")
            for r in self.rows
        ]
        widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
        lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + " |" for line in [head, *body]]
        lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
        lines += [f"{r.case}: {r.note}" for r in self.rows if r.note]
        return "\n".join(lines)


def _amount(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
