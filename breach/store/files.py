"""Files breach writes and reads on the user's behalf: private, atomic, never through a link.

Every file breach writes (drafts, letters, exports, the calendar, backups, config.toml) goes through
`staged`: a temporary file beside the target with an unpredictable name, created exclusively with
mode 0600 (`tempfile.mkstemp`: O_CREAT|O_EXCL, so a planted link or file at that name is never
opened), written, fsynced, then renamed over the target (or, without `replace`, linked so that a
file that appeared meanwhile is never replaced). A rename replaces a link at the target itself,
never the file it points to. A failure at any point leaves the old file (or none) and no temporary.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from breach.errors import InvalidInput


def ensure_private_dir(path: Path, *, label: str = "") -> Path:
    """Create the folder 0700 (umask aside); a folder that exists already keeps the mode its owner gave it."""
    if not path.is_dir():
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(path, 0o700)
        except OSError as exc:
            raise InvalidInput(f"{label}{path} cannot be created ({exc.strerror}; expected a folder you may write in)") from None
    return path


def open_input(path: Path, expected: str, *, label: str = "", **open_args: Any) -> IO:
    """`path` opened for reading, or one line naming what is wrong with it and what was `expected`."""
    try:
        return path.open(**open_args)
    except FileNotFoundError:
        problem = "does not exist"
    except IsADirectoryError:
        problem = "is a folder"
    except OSError as exc:
        raise InvalidInput(f"{label}{path} cannot be read ({exc.strerror})") from None
    raise InvalidInput(f"{label}{path} {problem} (expected {expected})")


def check_output(path: Path, *, force: bool, ours: Callable[[Path], bool] | None = None, flag: str = "--out") -> None:
    """Refuse an `--out` that would destroy something: an existing file unless `force` (or `ours` says
    this tool wrote it and may rewrite it), and always anything that is not a regular file (a symlink,
    a device, a pipe, a folder), which an atomic rename would replace by a plain file."""
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise InvalidInput(f"{flag}: {path} cannot be checked ({exc.strerror})") from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a link" if stat.S_ISLNK(mode) else "not a regular file"
        raise InvalidInput(f"{flag}: {path} is {kind} (expected a new file name, or an existing file with --force)")
    if mode is not None and not force and not (ours and ours(path)):
        raise InvalidInput(f"{flag}: {path} exists (add --force to replace it; nothing was written)")
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise InvalidInput(f"{flag}: {parent} is a file, not a folder (expected an existing folder)")
    if not parent.is_dir():
        raise InvalidInput(f"{flag}: {parent} does not exist (expected an existing folder)")


@contextmanager
def staged(path: Path, *, replace: bool = True) -> Iterator[tuple[int, Path]]:
    """A private temporary file beside `path`, as an open descriptor and its name, put in place when the
    block ends without error. The descriptor is the block's to write (and close, if it wraps it in a
    file object); the name is for a writer that must open it itself (SQLite's backup API)."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InvalidInput(f"{path} cannot be written ({exc.strerror})") from None
    tmp = Path(name)
    try:
        try:
            yield fd, tmp
        finally:
            _close_quietly(fd)
        _fsync(tmp)
        if replace:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"{path} appeared while it was written (add --force to replace it; nothing was written)") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"{path} cannot be written ({exc.strerror})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        _fsync(path.parent)
    except OSError:  # some file systems cannot sync a folder; the file itself is synced
        pass


def write_private(path: Path, data: str | bytes) -> None:
    """Write a file readable by its owner only, atomically: a crash leaves the old file or the new one."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder (expected a file name)")
    if not path.parent.is_dir():
        raise InvalidInput(f"{path.parent} does not exist (expected an existing folder)")
    with staged(path) as (fd, _tmp):
        _write_all(fd, data.encode("utf-8") if isinstance(data, str) else data)


def create_private(path: Path) -> IO[bytes]:
    """A new file readable by its owner only (O_CREAT|O_EXCL|O_NOFOLLOW, 0600), open for writing.

    Not atomic by itself: for files inside a private staging folder (`tempfile.mkdtemp`) that is
    renamed into place whole when every file in it is written (mail merge), so no reader ever sees a
    half-written one; an existing name or a link at `path` is refused, never opened."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    return os.fdopen(os.open(path, flags, 0o600), "wb")


def write_new_private(path: Path, data: bytes) -> None:
    """`create_private`, written whole."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def write_output(path: Path, data: str | bytes, *, force: bool, ours: Callable[[Path], bool] | None = None) -> None:
    """`write_private` for a file the user named with `--out`: `check_output` first."""
    check_output(path, force=force, ours=ours)
    write_private(path, data)


@contextmanager
def private_output(path: Path, *, force: bool, newline: str | None = None) -> Iterator[IO[str]]:
    """An `--out` text file streamed into a staged temporary and renamed over `path` only when the block
    ends without error: a failure half-way leaves no file, or the old one untouched."""
    check_output(path, force=force)
    with staged(path) as (fd, _tmp), os.fdopen(os.dup(fd), "w", encoding="utf-8", newline=newline) as handle:
        yield handle


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _place_new(tmp: Path, path: Path) -> None:
    """Put `tmp` at `path` only if nothing is there: a hard link refuses an existing name atomically;
    where the file system has no hard links (FAT on a USB stick, some shares) check, then rename."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(tmp, path)
    else:
        tmp.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _close_quietly(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass
