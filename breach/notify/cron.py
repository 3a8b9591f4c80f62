"""Whether something runs `breach remind` on its own: a cron entry or a systemd unit that names it.

A best-effort look in the usual places; a scheduler elsewhere (another machine, a container
orchestrator) is not seen, which `breach doctor` says rather than guessing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

_MARKS = ("breach remind", "breach watch", "breach-remind")


def _mentions(text: str) -> bool:
    return any(mark in text for mark in _MARKS) or ("breach" in text and " remind" in text)


def _user_crontab() -> str:
    crontab = shutil.which("crontab")
    if not crontab:
        return ""
    try:
        done = subprocess.run([crontab, "-l"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


def _files() -> list[Path]:
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    places = [Path("/etc/crontab")]
    for folder, pattern in (
        (Path("/etc/cron.d"), "*"),
        (config / "systemd" / "user", "*.service"),
        (Path("/etc/systemd/system"), "*.service"),
    ):
        if folder.is_dir():
            places += sorted(folder.glob(pattern))
    return places


def find_entries() -> list[str]:
    """Human-readable places where a scheduled `breach remind` was found."""
    found = []
    if _mentions(_user_crontab()):
        found.append("user crontab")
    for path in _files():
        try:
            text = path.read_text(errors="replace")
        except OSError:
            continue
        if _mentions(text):
            found.append(str(path))
    return found
