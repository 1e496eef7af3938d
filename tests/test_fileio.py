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
