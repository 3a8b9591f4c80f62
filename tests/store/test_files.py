"""breach.store.files: every file breach writes is private, atomic, and never written through a link."""

import os
import stat

import pytest

from breach.errors import InvalidInput
from breach.store import files
from breach.store.files import private_output, staged, write_private


def test_an_out_file_that_exists_is_kept_unless_forced(tmp_path):
    from breach.store.files import write_output

    edited = tmp_path / "edited.md"
    edited.write_text("MY EDITED LETTER\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"edited\.md exists \(add --force to replace it"):
        write_output(edited, "draft\n", force=False)
    assert edited.read_text(encoding="utf-8") == "MY EDITED LETTER\n"
    write_output(edited, "draft\n", force=True)
    assert edited.read_text(encoding="utf-8") == "draft\n"
    write_output(edited, "again\n", force=False, ours=lambda path: path == edited)
    assert edited.read_text(encoding="utf-8") == "again\n"


def test_an_out_that_is_not_a_regular_file_is_refused_even_when_forced(tmp_path):
    from breach.store.files import check_output

    target = tmp_path / "target.md"
    target.write_text("kept\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(target)
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "folder").mkdir()
    for name, kind in (("link.md", "a link"), ("pipe", "not a regular file"), ("folder", "a folder")):
        with pytest.raises(InvalidInput, match=f"{name} is {kind} "):
            check_output(tmp_path / name, force=True)
    assert (tmp_path / "link.md").is_symlink() and target.read_text(encoding="utf-8") == "kept\n"


def test_an_out_below_a_file_or_a_missing_folder_names_what_is_wrong(tmp_path):
    from breach.store.files import check_output

    (tmp_path / "s.md").write_text("x", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"s\.md is a file, not a folder"):
        check_output(tmp_path / "s.md" / "m2", force=False)
    with pytest.raises(InvalidInput, match=r"nowhere does not exist"):
        check_output(tmp_path / "nowhere" / "m2", force=False)


def test_a_planted_link_at_the_old_temporary_name_is_never_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("victim\n", encoding="utf-8")
    victim.chmod(0o644)
    for name in (".d.md.tmp", f".d.md.{os.getpid()}.tmp"):  # the names earlier releases used
        (tmp_path / name).symlink_to(victim)
    write_private(tmp_path / "d.md", "draft\n")
    with private_output(tmp_path / "e.md", force=False) as handle:
        handle.write("export\n")
    assert victim.read_text(encoding="utf-8") == "victim\n"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    for name, text in (("d.md", "draft\n"), ("e.md", "export\n")):
        assert not (tmp_path / name).is_symlink()
        assert (tmp_path / name).read_text(encoding="utf-8") == text
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_the_temporary_name_is_unpredictable_and_created_exclusively_private(tmp_path):
    seen = []
    for _ in range(2):
        with staged(tmp_path / "x.md") as (fd, tmp):
            seen.append(tmp.name)
            assert stat.S_IMODE(os.fstat(fd).st_mode) == 0o600
            os.write(fd, b"x")
    assert seen[0] != seen[1] and all(name.startswith(".x.md.") for name in seen)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.md"]


def test_a_failure_half_way_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "register.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), private_output(target, force=True) as handle:
        handle.write("half")
        raise RuntimeError("disk pulled")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.csv"]


def test_without_replace_a_file_that_appeared_meanwhile_is_kept(tmp_path):
    target = tmp_path / "backup.db"
    with pytest.raises(InvalidInput, match="appeared while it was written"), \
            staged(target, replace=False) as (fd, _tmp):
        os.write(fd, b"new")
        target.write_text("someone else's\n", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.db"]


def test_a_draft_does_not_follow_a_planted_link(cli, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("victim\n", encoding="utf-8")
    cli("open", "Laptop gestolen", "--aware", "today 09:00")
    out = tmp_path / "d.md"
    (tmp_path / ".d.md.tmp").symlink_to(victim)
    assert cli("draft", "1", "ap", "--out", str(out)).exit_code == 0
    assert victim.read_text(encoding="utf-8") == "victim\n"
    assert not out.is_symlink() and out.read_text(encoding="utf-8").startswith("# Melding datalek DL-")


def test_without_hard_links_a_new_file_is_still_placed_and_an_existing_one_kept(tmp_path, monkeypatch):
    """FAT on a USB stick has no hard links (os.link fails with EPERM); a FAT stick cannot be mounted here."""
    import errno
    import os

    def no_links(*_args):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    tmp, path = tmp_path / ".b.tmp", tmp_path / "b.db"
    tmp.write_text("new")
    files._place_new(tmp, path)
    assert path.read_text() == "new" and not tmp.exists()
    tmp.write_text("newer")
    with pytest.raises(FileExistsError):
        files._place_new(tmp, path)
    assert path.read_text() == "new"
