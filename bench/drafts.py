"""Mail merge throughput and memory: the installed `breach draft … subjects --recipients` against a floor.

    python bench/drafts.py [--persons 100000] [--dir FOLDER]

1. Opens one breach in a fresh data home and writes a CSV of generated persons (name, email, address).
2. Runs the installed command for a tenth of the persons and for all of them, each in its own process:
   wall time, letters per second, and the peak resident memory of that process (os.wait4's rusage).
   Memory that does not grow with the number of persons shows as the same peak for both runs. A file
   this large renders in one forked worker per CPU: wall time falls, CPU time (all processes) stays.
3. Two floors in this process: the same compiled template rendered once per person in a loop (same
   context, no CSV, no files), and the same number of files of the same size created in the same
   folder (the disk alone). The ratio to their sum says what the pipeline adds around them. Mail merge
   no longer renders the whole template per person (breach.personal): a last row times what it does
   render, the shared text once and the personal blocks per person, for comparison.
The machine is shared and noisy, and file creation on a busy disk dominates: compare the ratios, and
use --dir /dev/shm to take the disk out.
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


def write_persons(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("name,email,address,postcode,city\n")
        for n in range(count):
            handle.write(f"Persoon {n} de Vries,persoon{n}@example.nl,Dorpsstraat {n % 300 + 1},7471 AB,Goor\n")


def run_merge(env: dict, persons: Path, out: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of one `breach draft` process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN), "draft", "1", "subjects", "--recipients", str(persons), "--out", str(out)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"breach draft failed: {proc.stderr.read().decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def subjects_context(home: Path) -> dict:
    """The context of the Dutch subjects letter of breach 1 in `home`, as `breach draft` builds it."""
    os.environ["BREACH_HOME"] = str(home)
    import pendulum

    from breach import drafts, incidents
    from breach.config import Config
    from breach.store import Store, sqlite_url

    profile = Config(home).profile()
    store = Store(sqlite_url(home / "breach.db"))
    now = pendulum.now("UTC")
    with store.read() as session:
        incident = incidents.find(session, "1", now.in_tz(profile.timezone).year)
        states = incidents.clocks(session, incident, now)
        notices = incidents.notices(session, incident)
    return drafts.document_context("subjects", incident, states, notices, profile, now, "nl")


def person(n: int) -> dict:
    return {"name": f"Persoon {n} de Vries", "email": f"persoon{n}@example.nl", "address": "Dorpsstraat 1",
            "postcode": "7471 AB", "city": "Goor"}


def floor(home: Path, count: int) -> tuple[float, float]:
    """Wall and CPU seconds to render the subjects letter `count` times from one compiled template, nothing else."""
    from breach import drafts

    context = subjects_context(home)
    template = drafts.Drafter("subjects", "nl", "md").template
    start, cpu = time.perf_counter(), time.process_time()
    for n in range(count):
        template.render({**context, "recipient": person(n), "format": "md"})
    return time.perf_counter() - start, time.process_time() - cpu


def merged_render(home: Path, count: int) -> tuple[float, float]:
    """Wall and CPU seconds of what mail merge renders now: the shared text once, the personal blocks per person."""
    from breach import drafts

    context = subjects_context(home)
    start, cpu = time.perf_counter(), time.process_time()
    letter = drafts.Drafter("subjects", "nl", "md").merge(context)
    for n in range(count):
        letter(person(n))
    return time.perf_counter() - start, time.process_time() - cpu


def file_floor(folder: Path, count: int, size: int) -> tuple[float, float]:
    """Wall and CPU seconds to create `count` private files of `size` bytes in a new folder, nothing else."""
    target = folder / "floor"
    target.mkdir()
    data = b"x" * size
    start, cpu = time.perf_counter(), time.process_time()
    for n in range(count):
        fd = os.open(target / f"{n:06d}-persoon-de-vries.md", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, data)
        os.close(fd)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    shutil.rmtree(target)
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--dir", default=None, help="where to write the letters (default: the temp folder)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="breach-bench-drafts-", dir=args.dir))
    print(f"letters written under {work}")
    home = work / "home"
    env = {**os.environ, "BREACH_HOME": str(home)}
    setup = [
        ["init", "--name", "Voorbeeld Webwinkel", "--address", "Markt 1", "--postcode", "7471AB", "--city", "Goor",
         "--phone", "0547 700213", "--dpo-name", "Sanne de Vries", "--dpo-email", "privacy@example.nl", "--no-input"],
        ["open", "Webwinkel gehackt", "--aware", "now", "--description", "Klantaccounts ingezien via een lek."],
        ["update", "1", "--data", "name,email,address,credentials,iban", "--type", "confidentiality",
         "--persons", str(args.persons), "--measures-taken", "Lek gedicht.", "--measures-planned", "Extra controle."],
    ]
    for argv in setup:
        subprocess.run([str(BIN), *argv], env=env, capture_output=True, check=True)

    print(f"{'case':<46} {'letters':>8} {'wall s':>8} {'letters/s':>10} {'CPU s':>8} {'letters/CPU s':>14} {'peak RSS':>10}")

    def row(name: str, count: int, wall: float, cpu: float, rss: str = "") -> None:
        print(f"{name:<46} {count:>8} {wall:>8.2f} {count / wall:>10.0f} {cpu:>8.2f} {count / cpu:>14.0f} {rss:>10}")

    n = args.persons
    merge = None
    for count in (n // 10, n):
        persons = work / f"persons-{count}.csv"
        write_persons(persons, count)
        out = work / f"letters-{count}"
        wall, cpu, rss = run_merge(env, persons, out)
        sizes = [entry.stat().st_size for entry in os.scandir(out)]
        assert len(sizes) == count, (len(sizes), count)
        size = sum(sizes) // count
        row("breach draft --recipients (md files)", count, wall, cpu, f"{rss / 1024:.1f} MB")
        merge = (wall, cpu)
        shutil.rmtree(out)
    render = floor(home, n)
    files = file_floor(work, n, size)
    row("floor 1: compiled template.render() in a loop", n, *render)
    row("floor 2: create the files only", n, *files)
    row("merge render: shared once, blocks per person", n, *merged_render(home, n))
    print(f"ratio pipeline / render floor: wall {merge[0] / render[0]:.2f}, CPU {merge[1] / render[1]:.2f}; "
          f"pipeline / (render + files): wall {merge[0] / (render[0] + files[0]):.2f}, "
          f"CPU {merge[1] / (render[1] + files[1]):.2f}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
