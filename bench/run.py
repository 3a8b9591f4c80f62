"""The benchmark suite of issue 7: every case against its floor, one table.

    python bench/run.py                  # the full run: 100,000 breaches, the wheel installed in a venv
    python bench/run.py --quick          # the smoke run: tiny sizes, the `breach` next to this python

Builds its data once and caches it under --work (the register of bench.dataset takes about a minute).
Each case runs --runs times, taking turns with its floor; the table gives medians and the ratio to the
floor measured in the same run: the machine may be shared, so compare ratios, not times.
Run it with the development venv's python (it builds the register with the breach sources).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import dataset, drafts, export, orgs, remind, startup, web  # noqa: E402
from bench.harness import ROOT, Table, install  # noqa: E402

CASES = ("startup", "export", "drafts", "docx", "remind", "web", "orgs")


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="Smoke run: tiny sizes, 1 run, the installed breach here.")
    parser.add_argument("--runs", type=int, help="Runs per case (default 7 for start-up, 3 for the heavy cases; quick 1).")
    parser.add_argument("--breaches", type=int, help="Breaches in the register (default 100,000; quick 300).")
    parser.add_argument("--open", type=int, default=50, help="Of which open (default 50).")
    parser.add_argument("--persons", type=int, help="Letters to draft (default 100,000; quick 200).")
    parser.add_argument("--letters", type=int, help="Word letters to merge (default 5,000; quick 50).")
    parser.add_argument("--reminders", type=int, help="Due reminders (default 100; quick 3).")
    parser.add_argument("--orgs", type=int, help="Organisations of the external FG's store (default 30; quick 3).")
    parser.add_argument("--delay", type=float, help="Seconds each channel takes to answer (default 0.1; quick 0.01).")
    parser.add_argument("--install", choices=("wheel", "here"),
                        help="wheel (default): build and install the wheel in a venv under --work; here (quick): "
                             "the breach next to this python")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "breach-bench",
                        help="Work folder: the cached register, the venv, the letters (default: %(default)s).")
    parser.add_argument("--dir", type=Path, help="Where the letters are written (default: --work; /dev/shm takes the disk out).")
    parser.add_argument("--only", default=",".join(CASES), help=f"Comma-separated groups (default: {','.join(CASES)}).")
    args = parser.parse_args(argv)
    quick = args.quick
    args.runs = args.runs or (1 if quick else None)
    args.breaches = args.breaches or (300 if quick else 100_000)
    args.open = min(args.open, args.breaches)
    args.persons = args.persons or (200 if quick else 100_000)
    args.letters = args.letters or (50 if quick else 5000)
    args.reminders = args.reminders or (3 if quick else 100)
    args.orgs = args.orgs or (3 if quick else 30)
    args.delay = args.delay if args.delay is not None else (0.01 if quick else 0.1)
    args.install = args.install or ("here" if quick else "wheel")
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(args.only) - set(CASES)
    if unknown:
        parser.error(f"--only: unknown group(s) {', '.join(sorted(unknown))} (accepted: {', '.join(CASES)})")
    return args


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    return f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {model}; Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    cmd = install(args.install, work)
    print(f"breach: {cmd.how}", file=sys.stderr)
    table = Table()
    if {"startup", "export", "web"} & set(args.only):
        store, built = dataset.cached(work / "cache", ROOT, args.breaches, args.open)
        print(f"register: {store}" + (f" (built in {built:.0f} s)" if built else " (cached)"), file=sys.stderr)
        reader = startup.working_copy(store, work / "home-read")
        if "startup" in args.only:
            startup.run(table, cmd, store, reader, work, args.runs or 7)
        if "export" in args.only:
            export.run(table, cmd, reader, work, args.runs or 3, args.breaches)
        if "web" in args.only:
            web.run(table, store, work, args.runs or 3, args.breaches)
    if "drafts" in args.only:
        drafts.run(table, cmd, args.dir or work, args.runs or 3, args.persons)
    if "docx" in args.only:
        drafts.run_docx(table, cmd, args.dir or work, args.runs or 3, args.letters)
    if "remind" in args.only:
        remind.run(table, cmd, work, args.runs or 3, args.reminders, args.delay)
    if "orgs" in args.only:
        orgs.run(table, cmd, work, args.runs or 3, args.breaches, args.open, args.orgs)
    print(f"machine: {machine()}")
    print(f"breach: {cmd.how}; {args.breaches:,} breaches ({args.open} open), runs: {args.runs or '7 start-up, 3 heavy'}; "
          f"{time.perf_counter() - started:.0f} s in all")
    print(table.render())


if __name__ == "__main__":
    main()
