"""README's command reference names every command and every option the command line has.

The reference is the table under "## Reference": one row per command, its first cell the command
path in backticks, its options anywhere in the row. A command or option added without a word in
README fails here, and so does a row for a command that no longer exists.
"""

import re
from pathlib import Path

import typer.main

from breach.cli.main import app

README = Path(__file__).resolve().parents[1] / "README.md"


def commands(command, path: tuple[str, ...] = ("breach",)):
    """(path, options) of every leaf command, built eagerly the way typer builds it."""
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from commands(sub, (*path, name))
        return
    options = [max(p.opts, key=len) for p in command.params if p.param_type_name == "option" and p.name != "help"]
    yield " ".join(path), options


def reference_rows() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Reference\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cell = re.match(r"\| `(breach(?: [a-z][a-z-]*)*)", line)
        if cell:
            rows[cell.group(1)] = line
    return rows


def test_every_command_has_a_row_naming_all_its_options():
    rows = reference_rows()
    missing = []
    for path, options in commands(typer.main.get_command(app)):
        row = rows.get(path)
        if row is None:
            missing.append(f"{path}: no row")
            continue
        missing += [f"{path}: {option}" for option in options if not re.search(rf"{re.escape(option)}\b", row)]
    assert missing == []


def test_every_row_is_a_command_that_exists():
    known = {path for path, _ in commands(typer.main.get_command(app))} | {"breach"}
    assert sorted(set(reference_rows()) - known) == []


def test_the_global_options_are_in_the_reference():
    root = typer.main.get_command(app)
    options = [max(p.opts, key=len) for p in root.params if p.param_type_name == "option" and p.name != "help"]
    assert options and all(option in reference_rows()["breach"] for option in options)


def test_the_finished_drafts_shown_are_the_golden_files():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    golden = Path(__file__).parent / "golden" / "drafts" / "cases"
    for name in ("2-bookkeeping-controller.ap.nl.md", "2-bookkeeping-controller.merged-letter.nl.md"):
        assert "```markdown\n" + (golden / name).read_text(encoding="utf-8").rstrip() + "\n```" in readme, name


def test_the_set_up_line_opens_its_example_breach_in_a_throw_away_data_home(tmp_path):
    """The newcomer's first command must leave their real register (the platform's data home) empty."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    text = README.read_text(encoding="utf-8")
    block = text.split("\n## Set up a fresh machine\n", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0]
    opening = next(part for part in block.split(" && ") if "breach open" in part)
    exe = str(Path(sys.executable).with_name("breach"))
    home = tmp_path / "user"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BREACH_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    done = subprocess.run(["bash", "-c", opening.replace(".venv/bin/breach", exe)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "DL-" in done.stdout
    assert not (home / "data" / "breach").exists(), "the example breach went into the real data home"
    assert list((tmp_path / "tmp").glob("*/breach.db")), "the example breach is not in the throw-away data home"
