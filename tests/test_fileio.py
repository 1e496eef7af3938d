"""The one atomic write: readers see the old file or the new one, never half of one."""

from __future__ import annotations

import stat

import pytest

from gallery import fileio


def test_text_and_bytes_replace_the_target_readable_by_all(tmp_path):
    target = tmp_path / "screen" / "notice.json"
    fileio.write_atomic(target, "紧急通知\n")
    assert target.read_text("utf-8") == "紧急通知\n"
    fileio.write_atomic(target, b"\xff\xd8\xff")
    assert target.read_bytes() == b"\xff\xd8\xff"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # the web server must read it
    assert [p.name for p in target.parent.iterdir()] == ["notice.json"]  # no temporary left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "version.json"
    target.write_text("old", "utf-8")

    def refuse(*args):
        raise OSError("disk full")

    monkeypatch.setattr(fileio.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        fileio.write_atomic(target, "new")
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["version.json"]


def test_link_atomic_replaces_a_link_or_file_and_leaves_no_temporary(tmp_path):
    (tmp_path / "b1").mkdir()
    (tmp_path / "b2").mkdir()
    (tmp_path / "b2" / "index.html").write_text("new", "utf-8")
    target = tmp_path / "site"
    fileio.link_atomic(target, "b1")
    fileio.link_atomic(target, "b2", durable=True)
    assert target.is_symlink() and str(target.readlink()) == "b2"
    assert (target / "index.html").read_text("utf-8") == "new"
    page = tmp_path / "b1" / "page.html"
    page.write_text("a copy", "utf-8")
    fileio.link_atomic(page, "../b2/index.html")  # a plain file becomes the link
    assert page.is_symlink() and page.read_text("utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b1", "b2", "site"]
    assert sorted(p.name for p in (tmp_path / "b1").iterdir()) == ["page.html"]


def test_a_failed_link_swap_leaves_the_old_target_and_no_temporary(tmp_path):
    target = tmp_path / "site"
    (target / "inside").mkdir(parents=True)  # a non-empty folder: rename refuses
    with pytest.raises(OSError):
        fileio.link_atomic(target, "elsewhere")
    assert target.is_dir() and not target.is_symlink()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
