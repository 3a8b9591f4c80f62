"""`python -m breach.migrations revision --autogenerate -m "what changed"`: alembic's own command line,
without an alembic.ini, against a scratch SQLite store brought to the current head first.

Every other alembic command works too (`history`, `heads`, `check`, ...); `-x url=DATABASE_URL` points
it at a real store instead of the scratch one (leave that to `breach db upgrade` for upgrades).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import CommandLine

from breach.migrations import alembic_config, script_directory


def next_revision_id(message: str) -> str:
    """`0003_what_changed`: one more than the head's number, then the message as a slug."""
    head = script_directory().get_current_head() or "0000"
    number = int(head.split("_", 1)[0]) + 1
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40] or "change"
    return f"{number:04d}_{slug}"


def main(argv: list[str]) -> None:
    cli = CommandLine(prog="python -m breach.migrations")
    options = cli.parser.parse_args(argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    extra = dict(item.split("=", 1) for item in (options.x or []) if "=" in item)
    with tempfile.TemporaryDirectory() as scratch:
        url = extra.get("url") or f"sqlite:///{Path(scratch) / 'scratch.db'}"
        config = alembic_config(url=url)
        config.cmd_opts = options
        if options.cmd[0] in (command.revision, command.check) and not extra.get("url"):
            command.upgrade(config, "head")
        if options.cmd[0] is command.revision:
            if getattr(options, "rev_id", None) is None:
                options.rev_id = next_revision_id(options.message or "change")
        cli.run_cmd(config, options)


if __name__ == "__main__":
    main(sys.argv[1:])
