"""An external FG's store: the register of `bench.dataset` dealt round 30 organisations (issue 18).

`list --all-orgs` (one queue across them), `stats --all-orgs` (per organisation and overall, one pass over
the register), one organisation's `list`, and `remind` with nothing due across every organisation, against
the floor of the start-up cases: `python -c "import typer, sqlmodel, pendulum"`.
"""

from __future__ import annotations

from pathlib import Path

from bench import dataset
from bench.dataset import NOW
from bench.harness import ROOT, Installed, Row, Table, child_env, rounds, run_child
from bench.startup import IMPORTS, STATS_BUDGET, working_copy


def run(table: Table, cmd: Installed, work: Path, runs: int, breaches: int, open_count: int, orgs: int) -> None:
    store, built = dataset.cached(work / "cache", ROOT, breaches, open_count, orgs)
    reader = working_copy(store, work / "home-orgs")
    env = child_env(BREACH_HOME=str(reader), BREACH_NOW=NOW)
    one = child_env(BREACH_HOME=str(reader), BREACH_NOW=NOW, BREACH_ORG="klant-02")

    def timed(argv: list[str], environment: dict = env):
        return lambda: run_child(argv, environment).wall

    medians = rounds({
        IMPORTS: timed([cmd.python, "-c", "import typer, sqlmodel, pendulum"]),
        "list --all-orgs": timed([cmd.breach, "list", "--all-orgs"]),
        "list (one organisation)": timed([cmd.breach, "list"], one),
        "remind (nothing due)": timed([cmd.breach, "remind"]),
        "stats --all-orgs": timed([cmd.breach, "stats", "--all-orgs"]),
    }, runs)
    label = f"{orgs} orgs, {breaches:,} breaches"
    for case, budget in (("list --all-orgs", 1.3), ("list (one organisation)", 1.3), ("remind (nothing due)", 1.3),
                         ("stats --all-orgs", STATS_BUDGET)):
        table.add(Row(f"{label}: breach {case}", medians[case], budget, IMPORTS, medians[IMPORTS]))
