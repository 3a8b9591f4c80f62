"""The installed `breach` command in subprocesses, against a real SQLite file in BREACH_HOME.

Moments are computed from the real current time (a few hours back, as ISO 8601 with offset), so the
tests hold at any hour of the day; expected deadlines are worked out from the rules.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pendulum
import pytest

AMS = "Europe/Amsterdam"
REPO_ROOT = Path(__file__).resolve().parent.parent
REQUIRED_KEYS = {"id", "title", "status", "role", "aware_at", "discovered_at", "clocks"}
CLOCK_KEYS = {"deadline", "status", "done_at"}


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
    assert "Traceback" not in proc.stderr
    return proc


def one_error_line(proc: subprocess.CompletedProcess, code: int = 1) -> str:
    assert proc.returncode == code, f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ")
    return lines[0]


def same_instant(text: str, expected: pendulum.DateTime) -> None:
    """`text` is ISO 8601 with the Amsterdam offset of that instant, and names `expected`."""
    parsed = datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, text
    assert parsed == expected, (text, expected.isoformat())
    assert parsed.utcoffset() == expected.in_tz(AMS).utcoffset(), text


def has_full_shape(doc: dict) -> bool:
    return (
        REQUIRED_KEYS <= doc.keys()
        and {"ap", "customers"} <= doc["clocks"].keys()
        and all(CLOCK_KEYS <= doc["clocks"][name].keys() for name in ("ap", "customers"))
    )


def current_year() -> int:
    return pendulum.now(AMS).year


# ---------------------------------------------------------------- the whole flow


def test_full_flow_from_the_installed_command(breach_cmd, home, backend):
    ok(breach_cmd(
        "init", "--name", "Voorbeeld Coaching", "--kvk", "12345678", "--email", "info@voorbeeld.nl",
        "--dpo-name", "Sanne de Vries", "--dpo-email", "fg@voorbeeld.nl", "--customers-window", "12",
        input="",  # stdin is a pipe, not a terminal: init must not prompt
    ))
    assert backend.name == "postgres" or stat.S_IMODE((home / "breach.db").stat().st_mode) == 0o600
    assert json.loads(ok(breach_cmd("profile", "--json")).stdout)["profile"]["customers_window"] == 12

    now = pendulum.now(AMS)
    aware = now.subtract(hours=3).replace(second=0, microsecond=0)
    discovered = aware.subtract(minutes=25)
    year = now.year
    opened = ok(breach_cmd("open", "Laptop met cliëntdossiers gestolen", "--aware", aware.isoformat(),
                           "--discovered", discovered.isoformat(), "--json"))
    assert "breach init" not in opened.stderr  # the profile exists: no hint
    doc = json.loads(opened.stdout)
    ref = doc["id"]
    assert ref == f"DL-{year}-001"
    same_instant(doc["aware_at"], aware)
    same_instant(doc["discovered_at"], discovered)
    same_instant(doc["clocks"]["ap"]["deadline"], aware.in_tz("UTC").add(hours=72))
    same_instant(doc["clocks"]["customers"]["deadline"], aware.in_tz("UTC").add(hours=12))  # the profile's window
    assert doc["clocks"]["ap"]["status"] == doc["clocks"]["customers"]["status"] == "open"

    ok(breach_cmd("update", ref, "--description", "Laptop uit auto gestolen", "--data", "name,email",
                  "--persons", "40-60"))
    ok(breach_cmd("note", ref, "Aangifte gedaan bij de politie"))
    notified = ok(breach_cmd("notified", ref, "ap", "--reference", "M-2026-123456"))
    assert "late" not in notified.stdout

    shown = json.loads(ok(breach_cmd("show", ref, "--json")).stdout)
    assert [event["kind"] for event in shown["timeline"]] == ["opened", "updated", "note", "notified"]
    assert all({"at", "kind", "text"} <= event.keys() for event in shown["timeline"])
    assert shown["clocks"]["ap"]["status"] == "met"
    assert shown["clocks"]["customers"]["status"] == "open"
    assert shown["notices"][0]["reference"] == "M-2026-123456"
    assert shown["data_categories"] == ["name", "email"]
    assert shown["persons"] == {"min": 40, "max": 60}
    assert shown["description"] == "Laptop uit auto gestolen"

    ok(breach_cmd("notified", ref, "customers"))
    ok(breach_cmd("close", ref, "--reason", "Meldingen gedaan, maatregelen genomen"))
    listed = json.loads(ok(breach_cmd("list", "--all", "--json")).stdout)
    assert [d["id"] for d in listed] == [ref]
    assert listed[0]["status"] == "closed"
    assert has_full_shape(listed[0])

    if backend.name == "sqlite":
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        assert stat.S_IMODE((home / "breach.db").stat().st_mode) == 0o600
    else:
        assert not (home / "breach.db").exists()  # every command went to the server


# ---------------------------------------------------------------- entry points


def test_python_m_breach_version_and_help():
    from importlib.metadata import version

    proc = ok(subprocess.run([sys.executable, "-m", "breach", "--version"], capture_output=True, text=True, timeout=60))
    assert proc.stdout.strip() == f"breach {version('breach')}"
    help_proc = ok(subprocess.run([str(Path(sys.executable).with_name("breach")), "--help"],
                                  capture_output=True, text=True, timeout=60))
    for command in ("init", "open", "list", "show", "update", "note", "notified", "close", "summary"):
        assert command in help_proc.stdout


def test_errors_of_the_installed_command_are_one_line(breach_cmd, cli):
    assert cli("init", "--name", "Voorbeeld BV").exit_code == 0  # in-process, same data home: no hint line below
    year = current_year()

    line = one_error_line(breach_cmd("show", f"DL-{year}-999"))
    assert f"DL-{year}-999" in line

    future = pendulum.now(AMS).add(hours=2).replace(microsecond=0)
    line = one_error_line(breach_cmd("open", "Uit de toekomst", "--aware", future.isoformat()))
    assert "--aware" in line and "future" in line

    line = one_error_line(breach_cmd("close", f"DL-{year}-001"), code=2)  # a usage error: --reason missing
    assert "--reason" in line and "breach close --help" in line

    assert json.loads(ok(breach_cmd("list", "--all", "--json")).stdout) == []  # nothing was written


# ---------------------------------------------------------------- concurrency


def test_concurrent_writers_and_readers_see_a_consistent_store(breach_cmd, cli, home):
    exe = str(Path(sys.executable).with_name("breach"))
    env = {**os.environ, "BREACH_HOME": str(home)}
    year = current_year()
    expected = [f"DL-{year}-{n:03d}" for n in range(1, 9)]

    writers_done = threading.Event()
    reader_outputs: list[list[tuple[int, str, str]]] = [[] for _ in range(3)]

    def reader(sink: list) -> None:
        while True:
            proc = subprocess.run([exe, "list", "--all", "--json"], capture_output=True, text=True, env=env, timeout=120)
            sink.append((proc.returncode, proc.stdout, proc.stderr))
            if writers_done.is_set():
                return

    threads = [threading.Thread(target=reader, args=(sink,)) for sink in reader_outputs]
    writers = [
        subprocess.Popen([exe, "open", f"Gelijktijdig {n}", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=env)
        for n in range(8)
    ]
    for thread in threads:
        thread.start()
    results = [writer.communicate(timeout=120) + (writer.returncode,) for writer in writers]
    writers_done.set()
    for thread in threads:
        thread.join(timeout=120)

    for _out, err, code in results:
        assert code == 0, err
        assert "Traceback" not in err
    written = sorted(json.loads(out)["id"] for out, _, _ in results)
    assert written == expected

    runs = 0
    for sink in reader_outputs:
        assert sink, "a reader never ran"
        for code, out, err in sink:
            runs += 1
            assert code == 0, err
            listed = json.loads(out)  # every snapshot is one complete JSON document
            ids = [doc["id"] for doc in listed]
            assert len(ids) == len(set(ids))
            assert all(has_full_shape(doc) for doc in listed)
            # Writers commit one at a time and take their number inside the transaction, so every
            # committed state holds exactly the first k ids.
            assert sorted(ids) == expected[: len(ids)]
    assert runs >= 3

    final = json.loads(ok(breach_cmd("list", "--all", "--json")).stdout)
    assert sorted(doc["id"] for doc in final) == expected
    for ref in expected:  # in-process on the same SQLite file, to keep this test quick
        result = cli("show", ref, "--json")
        assert result.exit_code == 0, result.stderr
        kinds = [event["kind"] for event in json.loads(result.stdout)["timeline"]]
        assert kinds == ["opened"], (ref, kinds)


@pytest.mark.postgres_only  # on SQLite, BEGIN IMMEDIATE; the test above covers it
def test_breaches_opened_in_the_same_second_from_separate_processes_get_consecutive_ids(cli, backend, home):
    """Two people on two machines open a breach at once: each process has its own connection to the
    server, and the id counter's upsert is what keeps the numbers apart and without a gap."""
    env = {**os.environ, "BREACH_HOME": str(home), "BREACH_NOW": "2026-11-23T11:00:00Z"}
    openers = [
        subprocess.Popen([str(Path(sys.executable).with_name("breach")), "open", f"Tegelijk {n}", "--aware",
                          "2026-11-23 11:59", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for n in range(4)
    ]
    results = [opener.communicate(timeout=120) + (opener.returncode,) for opener in openers]
    assert [code for _, _, code in results] == [0] * 4, [err for _, err, _ in results]
    told = {json.loads(out)["id"]: json.loads(out)["title"] for out, _, _ in results}
    assert sorted(told) == [f"DL-2026-{n:03d}" for n in range(1, 5)]
    listed = json.loads(cli("list", "--all", "--json").stdout)  # in-process, on the same database
    assert {doc["id"]: doc["title"] for doc in listed} == told  # each process's breach under the id it was told
    assert cli("verify").stdout.strip() == "intact: 4 timeline events in 4 breaches"


# ---------------------------------------------------------------- start-up


def test_help_does_not_import_the_heavy_dependencies():
    proc = ok(subprocess.run([sys.executable, "-X", "importtime", "-m", "breach", "--help"],
                             capture_output=True, text=True, timeout=60))
    modules = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name)
    assert "breach.cli.app" in modules and "typer" in modules  # the import log was read
    heavy = {name for name in modules if name.split(".")[0] in {"sqlalchemy", "sqlmodel", "jinja2", "apprise", "icalendar",
                                                                "alembic", "mako", "pendulum", "docx", "lxml"}}
    assert not heavy, sorted(heavy)


def _imported(argv: list[str], env: dict | None = None) -> tuple[set[str], str]:
    """The modules `argv` (run under -X importtime) imports, and what it printed."""
    proc = ok(subprocess.run([sys.executable, "-X", "importtime", *argv], capture_output=True, text=True, timeout=60,
                             env={**os.environ, **(env or {})}))
    modules = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines()
               if line.startswith("import time:") and "|" in line}
    assert "breach.cli.app" in modules  # the import log was read
    return modules, proc.stdout


def test_completion_builds_no_command_and_imports_no_pydantic():
    env = {"_BREACH_COMPLETE": "complete_bash", "COMP_WORDS": "breach sh", "COMP_CWORD": "1"}
    modules, out = _imported([str(Path(sys.executable).with_name("breach"))], env)
    assert out.split() == ["show"]
    heavy = {name for name in modules if name.split(".")[0] in {"pydantic", "sqlalchemy", "sqlmodel", "apprise", "jinja2"}}
    assert not heavy, sorted(heavy)


def test_remind_with_nothing_due_loads_neither_apprise_nor_jinja2(breach_cmd, http_receiver):
    env = {"BREACH_NOW": "2026-11-23T11:00:00+00:00"}
    ok(breach_cmd("channels", "add", http_receiver.url, env=env))
    ok(breach_cmd("open", "Laptop kwijt", "--aware", "2026-11-23T10:00:00+00:00", env=env))
    ok(breach_cmd("remind", env=env))  # the opened alert goes out
    assert len(http_receiver.received) == 1
    modules, out = _imported([str(Path(sys.executable).with_name("breach")), "remind"],
                             {"BREACH_HOME": os.environ["BREACH_HOME"], **env})
    assert "Nothing due." in out
    assert "breach.notify.reminders" in modules
    heavy = {name for name in modules if name.split(".")[0] in {"apprise", "jinja2"}}
    assert not heavy, sorted(heavy)


@pytest.mark.parametrize(
    "args",
    [
        [b"open", b"caf\xe9 gestolen", b"--aware", b"yesterday 09:00"],
        [b"note", b"1", b"caf\xe9"],
        [b"channels", b"add", b"json://127.0.0.1:9/caf\xe9"],
    ],
    ids=["title", "note", "channel"],
)
def test_text_from_a_latin1_terminal_is_refused_as_not_utf8(breach_cmd, home, args):
    """bash `$'caf\\xe9'` on a Latin-1 terminal: Python reads the byte as a lone surrogate."""
    from tests.conftest import _installed_breach

    now = {"BREACH_NOW": "2026-11-23T12:00:00+01:00"}
    assert breach_cmd("open", "Laptop gestolen", "--aware", "yesterday 09:00", env=now).returncode == 0
    before = breach_cmd("show", "1", env=now).stdout
    proc = subprocess.run([_installed_breach(), *args], capture_output=True, timeout=60,
                          env={**os.environ, **now, "BREACH_HOME": str(home), "LC_ALL": "C.UTF-8"})
    assert proc.returncode == 1, proc.stderr
    [line] = proc.stderr.decode().splitlines()[-1:]
    assert "is not UTF-8 text (the terminal or file gave bytes in another encoding, e.g. Latin-1" in line
    assert breach_cmd("show", "1", env=now).stdout == before
    assert breach_cmd("list", env=now).stdout.count("DL-2026-") == 1
