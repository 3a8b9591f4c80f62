"""Backup and restore figures: a store built as bench/dataset.py builds it (all closed), then `breach backup` (both
forms) and `breach restore` of each into a new store, with the installed command in a subprocess.

    python bench/backup.py [--breaches 10000] [--postgres URL] [--keep]

Prints per case: seconds (wall), CPU seconds and peak resident memory of that process, and the file's
size. A store a tenth the size is measured too: the same peak there means the case streams. With
--postgres (a server URL; a database `bk_bench_<pid>` is created on it and dropped after), the JSON
backup is also restored onto PostgreSQL and backed up from there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
BIN = Path(sys.executable).with_name("breach")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--breaches", type=int, default=10_000)
    parser.add_argument("--postgres", metavar="URL", help="A PostgreSQL server to restore onto (a database is created and dropped).")
    parser.add_argument("--keep", action="store_true", help="Keep the files (printed) instead of removing them.")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from bench.harness import child_env, run_child

    root = Path(tempfile.mkdtemp(prefix="breach-bench-backup-"))
    sizes = sorted({max(1, args.breaches // 10), args.breaches})
    print(f"{'case':<44} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'file MB':>8}")

    def run(label: str, argv: list[str], env: dict, file: Path | None = None) -> None:
        sample = run_child([str(BIN), *argv], child_env(**env))
        size = f"{file.stat().st_size / 1e6:>8.1f}" if file is not None and file.exists() else ""
        print(f"{label:<44} {sample.wall:>8.1f} {sample.cpu:>8.1f} {sample.peak_mb:>8.0f} {size}")

    database = None
    try:
        for size in sizes:
            home = root / f"store-{size}"
            built = _build(home, size)
            print(f"{f'build {size} breaches (bulk)':<44} {built:>8.1f}")
            env = {**os.environ, "BREACH_HOME": str(home)}
            env.pop("BREACH_DATABASE_URL", None)
            for kind in ("sqlite", "json"):
                file = root / f"backup-{size}.{kind}"
                run(f"backup {kind}, {size} breaches", ["backup", str(file), "--format", kind], env, file)
                target = {**env, "BREACH_HOME": str(root / f"restored-{size}-{kind}")}
                run(f"restore {kind} -> sqlite, {size} breaches", ["restore", "--yes", str(file)], target)
            if args.postgres:
                database = _create_database(args.postgres, f"bk_bench_{os.getpid()}_{size}")
                pg_env = {**env, "BREACH_HOME": str(root / f"pg-{size}"), "BREACH_DATABASE_URL": database}
                run(f"restore json -> postgresql, {size} breaches", ["restore", "--yes", str(root / f"backup-{size}.json")], pg_env)
                file = root / f"backup-{size}-pg.json"
                run(f"backup json from postgresql, {size} breaches", ["backup", str(file)], pg_env, file)
                _drop_database(args.postgres, database)
                database = None
    finally:
        if database:
            _drop_database(args.postgres, database)
        if args.keep:
            print(f"files kept in {root}")
        else:
            shutil.rmtree(root)


def _build(home: Path, size: int) -> float:
    """bench/dataset.py's bulk build, in a child process: a forked child's peak memory counts the pages
    it shares with its parent, so this process must stay small for the figures to be the commands' own."""
    import subprocess

    code = (
        "import importlib.util, pathlib, sys, time\n"
        "spec = importlib.util.spec_from_file_location('bench_dataset', sys.argv[1])\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "start = time.perf_counter()\n"
        "module.build(pathlib.Path(sys.argv[2]), int(sys.argv[3]), 0)\n"
        "print(time.perf_counter() - start)\n"
    )
    argv = [sys.executable, "-c", code, str(HERE / "dataset.py"), str(home), str(size)]
    return float(subprocess.run(argv, check=True, capture_output=True, text=True).stdout)


def _create_database(server: str, name: str) -> str:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _drop_database(server: str, url: str) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    engine.dispose()


if __name__ == "__main__":
    main()
