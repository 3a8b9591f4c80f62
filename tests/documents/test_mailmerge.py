"""The recipients CSV: checked whole before any letter is written, refused naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from breach.documents import mailmerge
from breach.errors import InvalidInput


def write(tmp_path, text: str, name: str = "persons.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_a_good_file_is_counted_and_read_back_row_by_row(tmp_path):
    path = write(tmp_path, "name,email,klantnummer\nJan Jansen,jan@example.nl,K-1\n\n\"de Vries, Piet\",piet@example.nl,K-2\n")
    checked = mailmerge.check(path, need_email=False)
    assert checked.columns == ["name", "email", "klantnummer"]
    assert checked.rows == 2
    rows = list(mailmerge.recipients(path, checked.columns))
    assert rows == [
        {"name": "Jan Jansen", "email": "jan@example.nl", "klantnummer": "K-1", "address": "", "postcode": "", "city": ""},
        {"name": "de Vries, Piet", "email": "piet@example.nl", "klantnummer": "K-2", "address": "", "postcode": "", "city": ""},
    ]


def test_excel_habits_are_accepted_semicolons_a_bom_and_capitalised_headers(tmp_path):
    path = write(tmp_path, "Name;Email;City\r\nJan Jansen;jan@example.nl;Goor\r\n", encoding="utf-8-sig")
    checked = mailmerge.check(path, need_email=True)
    assert checked.columns == ["name", "email", "city"]
    assert list(mailmerge.recipients(path, checked.columns)) == [
        {"name": "Jan Jansen", "email": "jan@example.nl", "city": "Goor", "address": "", "postcode": ""}
    ]


def test_postal_addresses_without_email_are_fine_for_paper_letters(tmp_path):
    path = write(tmp_path, "name,address,postcode,city\nJan Jansen,Markt 3,7471 AB,Goor\n")
    assert mailmerge.check(path, need_email=False).rows == 1
    with pytest.raises(InvalidInput, match="line 1: --format eml needs an 'email' column"):
        mailmerge.check(path, need_email=True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Jan Jansen,jan@example.nl\n", r"line 1: 'jan jansen' is not a column name; the first line must be a header"),
        ("naam,email\nJan,jan@example.nl\n", r"line 1: the header has naam, email; expected a header with 'name' and 'email' or 'address'"),
        ("name,email,email\nJan,a@example.nl,b@example.nl\n", r"line 1: column 'email' appears twice"),
        ("name,email,city\nJan,jan@example.nl,Goor\nPiet,piet@example.nl\n", r"line 3: 2 fields, the header has 3 \(name, email, city\)"),
        ("name,email\nJan,jan@example.nl\nPiet,piet@example\n", r"line 3: 'piet@example' is not an e-mail address"),
        ("name,email\nJan,jan@example.nl\nPiet,piet at example.nl\n", r"line 3: 'piet at example.nl' is not an e-mail address"),
        ("name,email\n,jan@example.nl\n", r"line 2: the name is empty"),
        ("name,email,address\nJan,,\n", r"line 2: neither an e-mail address nor an address"),
        ("name,email\n", r"has a header but no persons"),
        ("", r"is empty"),
    ],
)
def test_a_broken_file_is_refused_naming_the_line(tmp_path, text, message):
    with pytest.raises(InvalidInput, match=message):
        mailmerge.check(write(tmp_path, text), need_email=False)


def test_the_line_number_counts_quoted_new_lines_as_the_file_does(tmp_path):
    path = write(tmp_path, 'name,email,note\nJan,jan@example.nl,"two\nlines"\nPiet,bad,x\n')
    with pytest.raises(InvalidInput, match=r"line 4: 'bad'"):
        mailmerge.check(path, need_email=False)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("name,email\nJosé,jose@example.nl\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match="line 2: not UTF-8 text"):
        mailmerge.check(path, need_email=False)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(InvalidInput, match="does not exist"):
        mailmerge.check(tmp_path / "nope.csv", need_email=False)


def test_the_target_must_be_new_or_empty(tmp_path):
    mailmerge.prepare_target(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    mailmerge.prepare_target(tmp_path / "empty")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(InvalidInput, match="is not empty"):
        mailmerge.prepare_target(tmp_path / "full")
    with pytest.raises(InvalidInput, match="does not exist"):
        mailmerge.prepare_target(tmp_path / "no" / "such")


@pytest.mark.parametrize(("name", "expected"), [("José de Vries-Ötker", "jose-de-vries-otker"), ("   ", "letter"), ("渡辺", "letter")])
def test_file_names_are_plain_ascii(name, expected):
    assert mailmerge.slug(name) == expected


def test_the_finished_folder_replaces_an_empty_target_and_never_a_full_one(tmp_path):
    staging = mailmerge.staging_folder(tmp_path / "out")
    (staging / "1-jan.md").write_text("brief")
    (tmp_path / "out").mkdir()
    mailmerge.move_into_place(staging, tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["1-jan.md"]
    again = mailmerge.staging_folder(tmp_path / "out")
    with pytest.raises(InvalidInput, match="cannot be created"):
        mailmerge.move_into_place(again, tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["1-jan.md"]


def _letters(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_parallel_workers_write_the_same_letters_as_one_process(tmp_path, monkeypatch):
    monkeypatch.setattr(mailmerge, "PARALLEL_FROM", 10)
    monkeypatch.setattr(mailmerge, "BATCH", 7)
    rows = "".join(f"Persoon {n},p{n}@example.nl\n" for n in range(50))
    path = write(tmp_path, "name,email\n" + rows)
    checked = mailmerge.check(path, need_email=False)

    def render(person):
        gaps = ["adres"] if person["name"].endswith("7") else []
        return f"Beste {person['name']},\n", gaps

    results = {}
    for workers in (1, 2):
        staging = tmp_path / f"out{workers}"
        staging.mkdir()
        missing = mailmerge.write_letters(path, checked, staging, render, ".md", workers=workers)
        assert missing == ["adres"]
        results[workers] = _letters(staging)
    assert results[1] == results[2]
    assert len(results[2]) == 50 and results[2]["37-persoon-36.md"] == b"Beste Persoon 36,\n"


def test_an_error_in_a_worker_reaches_the_caller(tmp_path, monkeypatch):
    monkeypatch.setattr(mailmerge, "PARALLEL_FROM", 10)
    monkeypatch.setattr(mailmerge, "BATCH", 5)
    path = write(tmp_path, "name,email\n" + "".join(f"P{n},p{n}@example.nl\n" for n in range(40)))
    checked = mailmerge.check(path, need_email=False)

    def render(person):
        if person["name"] == "P23":
            raise InvalidInput("template nl/subjects.md.j2 line 3: unknown field")
        return "x", []

    staging = tmp_path / "out"
    staging.mkdir()
    with pytest.raises(InvalidInput, match="line 3: unknown field"):
        mailmerge.write_letters(path, checked, staging, render, ".md", workers=2)


def test_a_folder_that_cannot_be_created_is_one_line(tmp_path):
    with pytest.raises(InvalidInput, match=r"^--out: /proc/m2 cannot be created \(.*\); no letter was written$"):
        mailmerge.staging_folder(Path("/proc/m2"))


def test_a_link_or_a_path_below_a_file_is_not_a_target(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(InvalidInput, match="link is a link"):
        mailmerge.prepare_target(tmp_path / "link")
    (tmp_path / "s.md").write_text("x", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"s\.md is a file, not a folder"):
        mailmerge.prepare_target(tmp_path / "s.md" / "m2")


def test_a_pipe_or_a_device_is_refused_before_it_is_read(tmp_path):
    import os

    fifo = tmp_path / "persons.csv"
    os.mkfifo(fifo)  # what `--recipients /dev/stdin` is in a pipeline: it can be read only once
    for path in (fifo, Path("/dev/zero")):  # /dev/zero never ends
        with pytest.raises(InvalidInput, match=r"^--recipients: .* is a pipe or a device, not a file"):
            mailmerge.check(path, need_email=False)


def test_a_nul_byte_is_refused_naming_the_line_not_dropped(tmp_path):
    path = write(tmp_path, "name,email\nJan Jansen,jan@example.nl\nJ\0an,jan@example.nl\n")
    with pytest.raises(InvalidInput, match=r"^--recipients line 3: contains a NUL byte"):
        mailmerge.check(path, need_email=False)


def test_a_line_without_end_is_refused_not_read_whole(tmp_path):
    path = write(tmp_path, "name,email\n" + "x" * (mailmerge.MAX_LINE_CHARS + 10) + ",a@b.nl\n")
    with pytest.raises(InvalidInput, match=r"^--recipients line 2: longer than 65,536 characters"):
        mailmerge.check(path, need_email=False)


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(mailmerge, "MAX_FILE_BYTES", 100)
    path = write(tmp_path, "name,email\n" + "Jan Jansen,jan@example.nl\n" * 10)
    with pytest.raises(InvalidInput, match=r"^--recipients: .*persons\.csv is 0 MB \(expected a CSV file with a header row of at most 0 MB"):
        mailmerge.check(path, need_email=False)
