"""Shared fixtures: a private data home per test, a fixed clock, and two ways to run `breach`.

`cli` runs the command in-process with an injected clock (fast, for most cases); `breach_cmd`
runs the installed `breach` console script in a subprocess against a real SQLite file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest
from typer.testing import CliRunner

from breach.cli import App, app

AMS = "Europe/Amsterdam"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """No test touches the user's real data home or a database URL from the environment."""
    monkeypatch.setenv("BREACH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("BREACH_DATABASE_URL", raising=False)
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: pendulum.DateTime):
        self.current = start.in_tz("UTC")

    def __call__(self) -> pendulum.DateTime:
        return self.current

    def set(self, moment: pendulum.DateTime) -> None:
        self.current = moment.in_tz("UTC")

    def advance(self, **kwargs) -> None:
        self.current = self.current.add(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(pendulum.datetime(2026, 11, 23, 12, 0, tz=AMS))


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def _command_built_once():
    """typer rebuilds the click command from every function's signature on each invoke (about 40 ms
    for this app); the in-process runs reuse one build. Patches the runner's private lookup:
    typer is pinned in constraints.txt."""
    import typer.main
    import typer.testing

    built = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda typer_app: built if typer_app is app else typer.main.get_command(typer_app))
        yield


@pytest.fixture
def cli(home, clock, _command_built_once):
    """cli("open", "Title", "--aware", "...") -> Result, in-process, with the fake clock."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        obj = App(home=home, clock=clock)
        result = runner.invoke(app, list(args), obj=obj, input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


def _installed_breach() -> str:
    beside = Path(sys.executable).with_name("breach")
    if beside.exists():
        return str(beside)
    found = shutil.which("breach")
    if not found:
        pytest.fail("the `breach` console script is not installed in this environment (pip install -e '.[test]')")
    return found


@pytest.fixture
def breach_cmd(home):
    """breach_cmd("list", "--json") -> CompletedProcess, running the installed command."""
    exe = _installed_breach()

    def run(*args: str, check: bool = False, env: dict | None = None, input: str | None = None):
        full_env = {**os.environ, "BREACH_HOME": str(home), **(env or {})}
        return subprocess.run(
            [exe, *args], capture_output=True, text=True, env=full_env, check=check, input=input, timeout=60
        )

    return run


@pytest.fixture
def http_receiver():
    from receivers import HttpReceiver

    receiver = HttpReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def failing_receiver():
    """An HTTP endpoint that answers 500 to everything."""
    from receivers import HttpReceiver

    receiver = HttpReceiver(status=500).start()
    yield receiver
    receiver.stop()


@pytest.fixture
def smtp_receiver():
    from receivers import SmtpReceiver

    receiver = SmtpReceiver().start()
    yield receiver
    receiver.stop()
