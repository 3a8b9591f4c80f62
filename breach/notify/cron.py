"""Whether something runs `breach remind` on its own: a running `breach watch`, a systemd timer that
is enabled and active, a cron entry; each only when the command it runs exists.

A best-effort look in the usual places; a scheduler elsewhere (another machine, a container
orchestrator) is not seen, which `breach doctor` says rather than guessing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
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


# ---------------------------------------------------------------- schedulers that actually run


@dataclass(frozen=True)
class Scheduler:
    """Something that runs `breach remind` (or is `breach watch`): `ok` when it will actually run."""

    kind: str  # watch, systemd, cron
    where: str
    ok: bool
    detail: str


def _systemctl(user: bool, *args: str) -> str | None:
    """systemctl's answer (stdout, stripped), or None when it cannot be asked (a container, no systemd)."""
    binary = shutil.which("systemctl")
    if not binary:
        return None
    try:
        done = subprocess.run([binary, *(["--user"] if user else []), *args], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def _unit_value(text: str, key: str) -> str | None:
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        if sep and name.strip() == key:
            return value.strip()
    return None


def _executable(command: str, path: str | None = None) -> str | None:
    """The first word of a command line as a file: `~`, `$HOME` and systemd's `%h` expanded; a bare
    name is looked up in `path` (cron's PATH). None when it is not an executable file."""
    if not command.strip():
        return None
    word = command.split()[0].lstrip("-@:+!")
    word = word.replace("%h", str(Path.home())).replace("$HOME", str(Path.home()))
    word = os.path.expanduser(word)
    if "/" not in word:
        return shutil.which(word, path=path or "/usr/bin:/bin")
    return word if os.path.isfile(word) and os.access(word, os.X_OK) else None


def _timers() -> list[tuple[bool, Path]]:
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    found = []
    for user, folder in ((True, config / "systemd" / "user"), (False, Path("/etc/systemd/system"))):
        if folder.is_dir():
            found += [(user, path) for path in sorted(folder.glob("*.timer"))]
    return found


def _systemd() -> list[Scheduler]:
    out = []
    for user, timer in _timers():
        try:
            unit = _unit_value(timer.read_text(errors="replace"), "Unit") or timer.with_suffix(".service").name
            service = (timer.parent / unit).read_text(errors="replace")
        except OSError:
            continue
        command = _unit_value(service, "ExecStart") or ""
        if not _mentions(command):
            continue
        where = f"{'user ' if user else ''}timer {timer.name}"
        enabled = _systemctl(user, "is-enabled", timer.name)
        active = _systemctl(user, "is-active", timer.name)
        first = command.split()[0].lstrip("-@:+!") if command.split() else ""
        if enabled is None or active is None:
            out.append(Scheduler("systemd", where, False, "systemctl not available: cannot tell whether it runs"))
        elif enabled != "enabled":
            out.append(Scheduler("systemd", where, False, f"not enabled (systemctl says {enabled or 'nothing'})"))
        elif active != "active":
            out.append(Scheduler("systemd", where, False, f"inactive (systemctl says {active or 'nothing'})"))
        elif _executable(command) is None:
            out.append(Scheduler("systemd", where, False, f"ExecStart {first} does not exist"))
        else:
            out.append(Scheduler("systemd", where, True, "enabled and active"))
    return out


_CRON_TIME = 5


def _cron() -> list[Scheduler]:
    out = []
    sources = [("user crontab", _user_crontab(), False)]
    for path in [Path("/etc/crontab"), *(sorted(Path("/etc/cron.d").glob("*")) if Path("/etc/cron.d").is_dir() else [])]:
        try:
            sources.append((str(path), path.read_text(errors="replace"), True))
        except OSError:
            continue
    for where, text, has_user in sources:
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#") or not _mentions(line):
                continue
            fields = line.split()
            skip = 1 if line.startswith("@") else _CRON_TIME
            command = " ".join(fields[skip + (1 if has_user else 0):])
            first = command.split()[0] if command.split() else ""
            if _executable(command) is not None:
                out.append(Scheduler("cron", where, True, command))
            elif "/" not in first:
                out.append(Scheduler("cron", where, False, f"cron's PATH will not find `{first}`; use the full path"))
            else:
                out.append(Scheduler("cron", where, False, f"{first} does not exist"))
    return out


def schedulers(now, beats) -> list[Scheduler]:
    """Every scheduler found: a running `breach watch` (a fresh heartbeat), systemd timers that are
    enabled and active with an ExecStart that exists, cron lines whose command exists."""
    out = []
    for b in beats:
        if b.kind != "watch":
            continue
        ok = b.fresh(now)
        detail = f"every {b.interval_s} s, last beat {b.at.isoformat(timespec='seconds')}" + ("" if ok else " (stopped?)")
        out.append(Scheduler("watch", f"breach watch on {b.host} (pid {b.pid})", ok, detail))
    return out + _systemd() + _cron()
