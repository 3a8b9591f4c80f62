"""Start-up cases: how long the installed `breach` takes to answer, as a ratio to a floor measured in
the same rounds.

- `--help` and a shell-completion request (each TAB runs the app) against `python -c pass`;
- `list`, `show ID`, `remind` with nothing due, `open` and `stats`, on the register of `bench.dataset`, against
  `python -c "import typer, sqlmodel, pendulum"`: what any command that reads the store must load.
`open` writes, so it runs on its own copy of the register: the others keep finding nothing due.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

from bench.dataset import NOW
from bench.harness import Installed, Row, Table, child_env, rounds, run_child

BARE = "python -c pass"
IMPORTS = 'python -c "import typer, sqlmodel, pendulum"'
# `stats` reads the whole register as it streams (100,000 breaches with their notices and decisions), where
# `list` reads the open ones: its budget is a multiple of the same floor, measured on the full register.
STATS_BUDGET = 12


def working_copy(store: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(store, target)
    return target


def newest_ref(home: Path) -> str:
    with sqlite3.connect(home / "breach.db") as db:
        return db.execute("SELECT ref FROM incident ORDER BY id DESC LIMIT 1").fetchone()[0]


def run(table: Table, cmd: Installed, store: Path, reader: Path, work: Path, runs: int) -> None:
    """`reader` is a working copy of the register `store`; `open` gets a copy of its own."""
    writer = working_copy(store, work / "home-open")
    env = child_env(BREACH_HOME=str(reader), BREACH_NOW=NOW)
    completion = child_env(BREACH_HOME=str(reader), _BREACH_COMPLETE="complete_bash", COMP_WORDS="breach sh", COMP_CWORD="1")
    writing = child_env(BREACH_HOME=str(writer), BREACH_NOW=NOW)
    ref = newest_ref(reader)
    due = subprocess.run([cmd.breach, "remind", "--dry-run", "--json"], env=env, capture_output=True, text=True)
    if json.loads(due.stdout)["reminders"]:
        raise SystemExit(f"bench: reminders are due in {store}; remove it, the next run builds it again")

    def timed(argv: list[str], environment: dict = env):
        return lambda: run_child(argv, environment).wall

    medians = rounds({
        BARE: timed([cmd.python, "-c", "pass"]),
        IMPORTS: timed([cmd.python, "-c", "import typer, sqlmodel, pendulum"]),
        "breach --help": timed([cmd.breach, "--help"]),
        "completion": timed([cmd.breach], completion),
        "breach list": timed([cmd.breach, "list"]),
        f"breach show {ref}": timed([cmd.breach, "show", ref]),
        "breach remind (nothing due)": timed([cmd.breach, "remind"]),
        "breach open": timed([cmd.breach, "open", "Bench: USB-stick kwijt", "--aware", "now"], writing),
        "breach stats": timed([cmd.breach, "stats"]),
    }, runs)
    table.add(Row("breach --help", medians["breach --help"], 6, BARE, medians[BARE]))
    table.add(Row("completion (`breach sh<TAB>`)", medians["completion"], 6, BARE, medians[BARE]))
    for case, budget in (("breach list", 1.3), (f"breach show {ref}", 1.3), ("breach remind (nothing due)", 1.3),
                         ("breach open", 1.4), ("breach stats", STATS_BUDGET)):
        table.add(Row(case, medians[case], budget, IMPORTS, medians[IMPORTS]))
