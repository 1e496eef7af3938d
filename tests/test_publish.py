"""Atomic publishing: a build is written aside and swapped in whole; a failure changes nothing."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from click.testing import CliRunner

from gallery.cli import main
from gallery.publish import builds as publish


def writer(text: str):
    def build(out):
        (out / "index.html").write_text(text, "utf-8")
        (out / "screen").mkdir()
        (out / "screen" / "version.json").write_text(text, "utf-8")
    return build


def test_publish_points_the_served_path_at_a_finished_build(tmp_path):
    target = tmp_path / "site"
    first = publish.publish(target, writer("一"))
    assert target.is_symlink() and target.resolve() == first.resolve()
    assert (target / "index.html").read_text("utf-8") == "一"
    second = publish.publish(target, writer("二"))
    assert (target / "screen/version.json").read_text("utf-8") == "二"
    assert first.is_dir(), "the previous build is kept for a rollback"
    third = publish.publish(target, writer("三"))
    assert not first.exists() and second.is_dir() and third.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.builds", "site"]


def test_a_failed_build_leaves_the_last_good_site_and_no_debris(tmp_path):
    target = tmp_path / "site"
    good = publish.publish(target, writer("好"))

    def broken(out):
        (out / "index.html").write_text("半成品", "utf-8")
        raise publish.BuildFailed("boom")

    with pytest.raises(publish.BuildFailed):
        publish.publish(target, broken)
    assert (target / "index.html").read_text("utf-8") == "好"
    assert [p.name for p in publish.builds_dir(target).iterdir()] == [good.name]


def test_the_first_publish_over_a_plain_folder_moves_it_aside(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("旧", "utf-8")
    publish.publish(target, writer("新"))
    assert target.is_symlink() and (target / "index.html").read_text("utf-8") == "新"
    moved = list(publish.builds_dir(target).glob("build-old-*/site/old.html"))
    assert [p.read_text("utf-8") for p in moved] == ["旧"]


def test_a_reader_polling_during_publishes_never_sees_a_missing_or_partial_file(tmp_path):
    target = tmp_path / "site"
    publish.publish(target, writer("0"))
    seen, errors, stop = [], [], threading.Event()

    def poll():
        while not stop.is_set():
            try:
                seen.append((target / "index.html").read_text("utf-8"))
                seen.append((target / "screen/version.json").read_text("utf-8"))
            except OSError as err:  # a missing file is exactly what must never happen
                errors.append(err)

    def slow_writer(n):
        def build(out):
            writer(str(n))(out)
            threading.Event().wait(0.002)
        return build

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        for n in range(1, 30):
            publish.publish(target, slow_writer(n))
    finally:
        stop.set()
        reader.join()
    assert errors == []
    assert len(seen) > 30
    assert set(seen) <= {str(n) for n in range(30)}


@pytest.mark.slow
def test_culture_build_publishes_the_mkdocs_site_with_its_screens(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for name in ("mkdocs.yml", "culture.yml", "site_src", "hooks", "overrides"):
        source = os.path.join(here, name)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, root / name)
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    site = root / "site"
    assert site.is_symlink()
    assert (site / "index.html").is_file()
    assert (site / "screen/zhushikou-lobby/playlist.json").is_file()
    assert (site / "screen/notice.json").is_file()
    before = site.resolve()
    (root / "culture.yml").write_text("name: [坏\n", "utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    assert "生成失败，网站没有改动，仍在提供上一次成功生成的版本。" in result.output
    assert site.resolve() == before and (site / "index.html").is_file()


def test_a_plain_mkdocs_build_never_rewrites_the_published_site(project):
    from support import mkdocs_build

    root = project({})
    live = root / ".site.builds" / "build-1"
    live.mkdir(parents=True)
    (live / "index.html").write_text("上线的网站", "utf-8")
    (root / "site").symlink_to(live.relative_to(root))
    result = mkdocs_build(root)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert f"{root / 'site'} 是正式发布的网站（由 culture build 管理），直接生成会在原处改写" in output
    assert "Traceback" not in output
    assert [p.name for p in live.iterdir()] == ["index.html"]
    assert (live / "index.html").read_text("utf-8") == "上线的网站"
