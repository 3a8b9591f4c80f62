"""One letter per person from a recipients CSV, written all or nothing.

The CSV is read twice and never held in memory: a first pass checks every row (header, number of
fields, e-mail syntax) and refuses the file naming the line; the second pass renders each letter
into a hidden folder next to the target, which is renamed into place when all letters are written.
The persons' data is read and used here only: the register keeps how many letters, not who.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from breach.errors import InvalidInput
from breach.store.files import open_input

ADDRESS_COLUMNS = ("address", "postcode", "city")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
_COLUMN = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass
class Checked:
    """What the first pass learned: the columns and how many letters there will be."""

    columns: list[str]
    rows: int
    missing: list[str] = field(default_factory=list)


MAX_FILE_BYTES = 256 * 1024 * 1024  # a million persons at 250 bytes a row, with room to spare
MAX_LINE_CHARS = 64 * 1024


def _open(path: Path, label: str = "--recipients"):
    """The recipients file, which must be a regular file of bounded size: it is read twice (checked,
    then merged), which a pipe (`/dev/stdin`) cannot give, and a device (`/dev/zero`) never ends.
    `label` names the option in every refusal (`--controllers` reads its file the same way)."""
    import stat

    expected = "a CSV file with a header row"
    try:
        info = path.stat()
    except OSError:
        info = None  # open_input names what is wrong
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        raise InvalidInput(f"{label}: {path} is a pipe or a device, not a file (expected {expected}; "
                           "save the list to a file first: it is read twice, checked before any letter is written)")
    if info is not None and info.st_size > MAX_FILE_BYTES:
        raise InvalidInput(f"{label}: {path} is {info.st_size // (1024 * 1024)} MB (expected {expected} "
                           f"of at most {MAX_FILE_BYTES // (1024 * 1024)} MB; split the list)")
    return open_input(path, expected, label=f"{label}: ", newline="", encoding="utf-8-sig")


def _lines(handle, label: str = "--recipients") -> Iterator[str]:
    """The file's lines for the CSV reader, each of bounded length and without NUL bytes (which the
    reader would otherwise drop without a word, changing a name or an address)."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise InvalidInput(f"{label} line {number}: longer than {MAX_LINE_CHARS:,} characters "
                               "(expected one person per line)")
        if "\0" in line:
            raise InvalidInput(f"{label} line {number}: contains a NUL byte (expected text; save the file as 'CSV UTF-8')")
        yield line


def _dialect(sample: str):
    """The file's CSV dialect; when the sniffer cannot tell (a short row among the first lines), the separator
    the header row uses most, so that the broken row is named rather than the whole file misread."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        header = sample.split("\n", 1)[0]
        found = max(",;\t", key=header.count)
        if not header.count(found) or found == ",":
            return csv.excel
        return csv.excel_tab if found == "\t" else type("semicolon", (csv.excel,), {"delimiter": ";"})


def _reader(handle, label: str = "--recipients") -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every non-empty row; a comma, semicolon (Dutch Excel) or tab separates."""
    try:
        sample = handle.read(64 * 1024)
        handle.seek(0)
        reader = csv.reader(_lines(handle, label), _dialect(sample))
        for fields in reader:
            if any(value.strip() for value in fields):
                yield reader.line_num, fields
    except csv.Error as exc:
        raise InvalidInput(f"{label} line {reader.line_num}: not valid CSV ({exc})") from None
    except UnicodeDecodeError:
        line = _first_bad_line(Path(handle.name))
        raise InvalidInput(f"{label} line {line}: not UTF-8 text (save the file as 'CSV UTF-8')") from None


def _first_bad_line(path: Path) -> int:
    """The line of the first byte that is not UTF-8, read in chunks (the file may be large)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(64 * 1024), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[: exc.start].count(b"\n")
            line += chunk.count(b"\n")
    return line


def _header(fields: list[str]) -> list[str]:
    columns = [value.strip().lower() for value in fields]
    for column in columns:
        if not _COLUMN.match(column):
            raise InvalidInput(
                f"--recipients line 1: '{column}' is not a column name; the first line must be a header "
                "such as name,email or name,address,postcode,city (letters, digits and _)"
            )
    if len(set(columns)) != len(columns):
        twice = next(c for c in columns if columns.count(c) > 1)
        raise InvalidInput(f"--recipients line 1: column '{twice}' appears twice (expected each column once)")
    if "name" not in columns or not ("email" in columns or "address" in columns):
        raise InvalidInput(
            f"--recipients line 1: the header has {', '.join(columns)}; expected a header with 'name' and "
            "'email' or 'address' (e.g. name,email or name,address,postcode,city)"
        )
    return columns


def valid_email(text: str) -> bool:
    return len(text) <= 254 and bool(_EMAIL.match(text))


def check(path: Path, *, need_email: bool) -> Checked:
    """Read the whole file once; refuse it at the first wrong line. Nothing is kept but the count."""
    with _open(path) as handle:
        rows = _reader(handle)
        first = next(rows, None)
        if first is None:
            raise InvalidInput(f"--recipients: {path} is empty (expected a header row and one row per person)")
        columns = _header(first[1])
        if need_email and "email" not in columns:
            raise InvalidInput("--recipients line 1: --format eml needs an 'email' column")
        count = 0
        for line, fields in rows:
            if len(fields) != len(columns):
                raise InvalidInput(
                    f"--recipients line {line}: {len(fields)} fields, the header has {len(columns)} "
                    f"({', '.join(columns)})"
                )
            row = dict(zip(columns, (value.strip() for value in fields), strict=True))
            if not row["name"]:
                raise InvalidInput(f"--recipients line {line}: the name is empty")
            email = row.get("email", "")
            if email and not valid_email(email):
                raise InvalidInput(f"--recipients line {line}: '{email}' is not an e-mail address (expected name@example.nl)")
            if need_email and not email:
                raise InvalidInput(f"--recipients line {line}: the e-mail address is empty (--format eml needs one per person)")
            if not email and not row.get("address"):
                raise InvalidInput(f"--recipients line {line}: neither an e-mail address nor an address")
            count += 1
    if count == 0:
        raise InvalidInput(f"--recipients: {path} has a header but no persons")
    return Checked(columns, count)


def recipients(path: Path, columns: list[str]) -> Iterator[dict[str, str]]:
    """The rows again, one dict at a time (the file was checked by `check`). `email` and the address
    columns are always there, empty when the file lacks them, so templates need no tests for them."""
    defaults = dict.fromkeys(("email", *ADDRESS_COLUMNS), "")
    with _open(path) as handle:
        rows = _reader(handle)
        next(rows)
        for _line, fields in rows:
            yield {**defaults, **dict(zip(columns, (value.strip() for value in fields), strict=True))}


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40] or "letter"


def prepare_target(out: Path) -> None:
    if out.is_symlink():
        raise InvalidInput(f"--out: {out} is a link (expected a new or empty folder for the letters)")
    if out.parent.exists() and not out.parent.is_dir():
        raise InvalidInput(f"--out: {out.parent} is a file, not a folder (expected an existing folder)")
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"--out: {out} is a file (expected a folder for the letters)")
    if out.is_dir() and any(out.iterdir()):
        raise InvalidInput(f"--out: {out} is not empty (give a new or empty folder; nothing was written)")
    if not out.parent.is_dir():
        raise InvalidInput(f"--out: {out.parent} does not exist (expected an existing folder to put {out.name} in)")


Render = Callable[[dict[str, Any]], "tuple[str | bytes, list[str]]"]
Progress = Callable[[int], None]

# Below this many letters one process is quicker than starting workers.
PARALLEL_FROM = 5000
BATCH = 250


def write_letters(path: Path, checked: Checked, staging: Path, render: Render, suffix: str, workers: int = 1, *,
                  print_file: str | None = None, progress: Progress | None = None) -> list[str]:
    """Render every letter into `staging` (created private); return the facts still to fill in.

    With `print_file`, also one file with all letters in order (`breach.documents.printfile`) by that
    name beside them. `progress` is told how many more letters are written, as they are.
    With `workers` > 1 and a large file, batches of persons go to that many forked processes, each
    rendering with the template compiled here; at most two batches per worker are in flight, so
    memory stays flat however many persons the file holds.
    """
    width = len(str(checked.rows))
    numbered = enumerate(recipients(path, checked.columns), start=1)
    job = _Job(staging, render, suffix, width, suffix[1:] if print_file else None)
    if workers <= 1 or checked.rows < PARALLEL_FROM or "fork" not in _start_methods():
        missing = _write(numbered, job, progress)
    else:
        missing = _write_parallel(numbered, job, workers, progress)
    if print_file:
        _print_file(staging, job, staging / print_file)
    return missing


def write_numbered(numbered: Iterable[tuple[int, dict[str, str]]], staging: Path, render: Render, suffix: str,
                   width: int) -> list[str]:
    """Letters to (number, recipient) pairs already read (a processor's controllers), one process, no print
    file; return the facts still to fill in."""
    return _write(numbered, _Job(staging, render, suffix, width, None))


@dataclass(frozen=True)
class _Job:
    staging: Path
    render: Render
    suffix: str
    width: int
    print_format: str | None  # the format of the print file, None: none is made


def _print_file(staging: Path, job: _Job, target: Path) -> None:
    from breach.documents import printfile

    parts = sorted(staging.glob(f"{printfile.PART_PREFIX}*"))
    first = next(staging.glob(f"{1:0{job.width}d}-*{job.suffix}"))
    printfile.assemble(job.print_format, parts, first.read_bytes(), target)
    for part in parts:
        part.unlink()


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


def _merge_missing(missing: list[str], gaps: list[str]) -> None:
    for gap in gaps:
        if gap not in missing:
            missing.append(gap)


def _write(numbered, job: _Job, progress: Progress | None = None) -> list[str]:
    from breach.store.files import create_private, write_new_private

    missing: list[str] = []
    part = None
    try:
        for number, person in numbered:
            letter, gaps = job.render(person)
            _merge_missing(missing, gaps)
            target = os.path.join(job.staging, f"{number:0{job.width}d}-{slug(person['name'])}{job.suffix}")
            data = letter.encode("utf-8") if isinstance(letter, str) else letter
            write_new_private(Path(target), data)
            if job.print_format:
                from breach.documents import printfile

                if part is None:
                    part = create_private(job.staging / f"{printfile.PART_PREFIX}{number:012d}")
                part.write(printfile.fragment(job.print_format, data, number == 1))
            if progress:
                progress(1)
    finally:
        if part is not None:
            part.close()
    return missing


_JOB: _Job | None = None  # inherited by forked workers


def _write_batch(batch: list[tuple[int, dict[str, str]]]) -> list[str]:
    return _write(batch, _JOB)


def _write_parallel(numbered, job: _Job, workers: int, progress: Progress | None) -> list[str]:
    import itertools
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    global _JOB
    _JOB = job
    missing: list[str] = []
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        pending: dict = {}
        while True:
            batch = list(itertools.islice(numbered, BATCH))
            if batch:
                pending[pool.submit(_write_batch, batch)] = len(batch)
            if len(pending) >= 2 * workers or (not batch and pending):
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    _merge_missing(missing, future.result())
                    size = pending.pop(future)
                    if progress:
                        progress(size)
            if not batch and not pending:
                return missing
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on an error: no batch starts after it
        _JOB = None


def staging_folder(out: Path) -> Path:
    """A hidden, private folder next to `out`, on the same file system, so the final rename is atomic."""
    import tempfile

    try:
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise InvalidInput(f"--out: {out} cannot be created ({exc.strerror}); no letter was written") from None


def move_into_place(staging: Path, out: Path) -> None:
    """Rename the finished folder to `out` (an empty `out` is replaced; anything else is refused)."""
    try:
        os.replace(staging, out)
    except OSError as exc:
        raise InvalidInput(f"--out: {out} cannot be created ({exc.strerror}); no letter was written") from None


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
