"""The benchmark suite's smoke run (`bench/run.py --quick`): every case still runs and the table is whole.

Budgets are not asserted here (no timed assertions in tests): the full run in README does that.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    r"breach --help", r"completion \(`breach sh<TAB>`\)", r"breach list", r"breach show DL-2026-\d+",
    r"breach remind \(nothing due\)", r"breach open", r"breach stats", r"export csv, 120 breaches: time",
    r"export csv, 120 breaches: peak RSS",
    r"web dashboard p95, 120 breaches", r"web dashboard p95: absolute",
    r"web breach page DL-\d{4}-\d+ p95, 120 breaches", r"web breach page DL-\d{4}-\d+ p95: absolute", r"draft 40 subject letters \(md files\)",
    r"draft 50 subject letters \(docx files\)", r"draft 50 subject letters \(docx files\), peak RSS", r"remind: 3 due x 2 channels @10 ms",
    r"3 orgs, 120 breaches: breach list --all-orgs", r"3 orgs, 120 breaches: breach list \(one organisation\)",
    r"3 orgs, 120 breaches: breach remind \(nothing due\)", r"3 orgs, 120 breaches: breach stats --all-orgs",
]
AMOUNT = r"\d+(\.\d+)? (ms|s|MB)"


def test_quick_run_prints_every_case_with_figures(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "BREACH_HOME"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--breaches", "120", "--open", "5",
         "--persons", "40", "--work", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("machine: ") and "Python 3." in lines[0]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if line.startswith("| ")]
    assert rows[0] == ["case", "median", "floor", "floor median", "ratio", "budget", "result"]
    body = rows[1:]
    assert len(body) == len(CASES)
    for pattern, (case, median, floor, floor_median, ratio, budget, result) in zip(CASES, body, strict=True):
        assert re.fullmatch(pattern, case), case
        assert re.fullmatch(AMOUNT, median), (case, median)
        assert result in ("met", "NOT MET"), (case, result)
        if floor == "-":
            assert (floor_median, ratio) == ("-", "-") and re.fullmatch(r"<= " + AMOUNT, budget), (case, budget)
        else:
            assert re.fullmatch(AMOUNT, floor_median), (case, floor_median)
            assert re.fullmatch(r"\d+\.\d\dx", ratio) and re.fullmatch(r"<= \d+(\.\d+)?x", budget), (case, ratio, budget)
