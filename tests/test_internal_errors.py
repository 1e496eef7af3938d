"""A bug of ours is told as a bug: one Chinese line naming its log, the traceback in the log.

It is never shown as a content problem (a KeyError in our photo code used to be E306, "photo
damaged", which sends staff to re-export a good photo) and never as a bare traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from imaging import encode, quadrants
from mkdocs.exceptions import Abort
from support import site_config

from gallery import internal, paths
from gallery.cli import main
from gallery.content import model
from gallery.content.settings import ImageSettings
from gallery.mkdocs import glue
from gallery.photos import derive, plan

STORY = "site_src/moments/2024-05-01-a"
STORY_MD = """\
---
title: 好故事
date: 2024-05-01
outlet: qianmen
photos:
  - file: 1.jpg
    caption: 大堂
    alt: 大堂经理在引导客户
---
正文。
"""


def test_the_internal_error_line_is_exact():
    assert internal.message(".cache/logs/internal-20261130-120000-42.log") == (
        "内部错误：这是程序的问题，不是内容的问题。详细记录在 "
        ".cache/logs/internal-20261130-120000-42.log，请把这个文件发给网站维护人员。")


def buggy_normalise(im):
    raise KeyError("mode")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bug_in_normalise_is_an_internal_error_not_a_damaged_photo(tmp_path, monkeypatch,
                                                                      workers):
    monkeypatch.setattr(derive, "normalise", buggy_normalise)
    # Forked workers inherit the patch (a forkserver would import the real module).
    monkeypatch.setattr(plan, "_context", lambda: multiprocessing.get_context("fork"))
    folder = tmp_path / STORY
    folder.mkdir(parents=True)
    photos = []
    for i, name in enumerate(("1.jpg", "2.jpg")):  # different bytes: two jobs
        (folder / name).write_bytes(encode(quadrants(64 + i, 48), "JPEG"))
        photos.append(model.Photo(name, folder / name))
    with pytest.raises(internal.InternalError) as caught:
        plan.process(photos, ImageSettings(widths=(32,)), tmp_path / paths.PHOTO_CACHE_DIR,
                     root=tmp_path, workers=workers)
    detail = caught.value.detail
    assert f"{STORY}/1.jpg:\nTraceback" in detail and f"{STORY}/2.jpg:\nTraceback" in detail
    assert "in normalise" not in detail  # the patched function is what raised, by name:
    assert "buggy_normalise" in detail and "KeyError: 'mode'" in detail
    assert "E306" not in detail


def test_a_photo_worker_returns_the_bug_as_text(tmp_path, monkeypatch):
    monkeypatch.setattr(derive, "normalise", buggy_normalise)
    source = tmp_path / "1.jpg"
    source.write_bytes(encode(quadrants(64, 48), "JPEG"))
    outcome = derive.run(derive.Job(str(source), "k" * 20, str(tmp_path), (32,), ("jpeg",), 82,
                                    10**8))
    assert (outcome.manifest, outcome.code, outcome.values) == (None, None, {})
    assert outcome.error is not None and outcome.error.endswith("KeyError: 'mode'\n")


def only_log(root: Path) -> Path:
    (log,) = (root / paths.LOG_DIR).glob("internal-*.log")
    return log


def test_culture_check_tells_a_photo_bug_in_one_line_and_logs_the_traceback(project,
                                                                             monkeypatch):
    root = project({f"{STORY}/index.md": STORY_MD,
                    f"{STORY}/1.jpg": encode(quadrants(64, 48), "JPEG")})
    monkeypatch.chdir(root)
    monkeypatch.setattr(derive, "normalise", buggy_normalise)  # one photo: derived in-process
    result = CliRunner().invoke(main, ["check", "--photos", "--root", str(root)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    log = only_log(root)
    assert result.output.splitlines() == [
        (f"内部错误：这是程序的问题，不是内容的问题。详细记录在 .cache/logs/{log.name}，"
         "请把这个文件发给网站维护人员。")]
    text = log.read_text("utf-8")
    assert f"{STORY}/1.jpg:\nTraceback (most recent call last):" in text
    assert text.rstrip().endswith("KeyError: 'mode'")


def test_a_log_outside_the_current_folder_is_named_in_full(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "project").mkdir()
    try:
        raise IndexError("boom")
    except IndexError as err:
        line = internal.report(err, tmp_path / "project")
    log = only_log(tmp_path / "project")
    assert line == internal.message(f"project/{paths.LOG_DIR}/{log.name}")
    monkeypatch.chdir(tmp_path / "project" / paths.LOG_DIR)
    assert internal.shown(tmp_path / "elsewhere.log") == (tmp_path / "elsewhere.log").as_posix()


def test_a_hook_stops_mkdocs_with_the_line_and_lets_its_own_aborts_through(tmp_path,
                                                                           monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))

    @glue.internal_errors
    def on_files(files, config):
        if files:
            raise Abort("内容有 1 个错误，网站未生成。")
        raise IndexError("boom")

    with pytest.raises(Abort) as caught:
        on_files([], config=config)
    log = only_log(tmp_path)
    assert caught.value.message == internal.message(f".cache/logs/{log.name}")
    assert "IndexError: boom" in log.read_text("utf-8")
    with pytest.raises(Abort) as caught:
        on_files(["x"], config=config)
    assert caught.value.message == "内容有 1 个错误，网站未生成。"


BUILD_WITH_A_BUG = """
import sys
import gallery.photos.derive as derive
def buggy_normalise(im):
    raise KeyError("mode")
derive.normalise = buggy_normalise
from mkdocs.__main__ import cli
cli(["build", "--strict"])
"""


@pytest.mark.slow
def test_mkdocs_build_tells_a_photo_bug_as_an_internal_error(project):
    root = project({f"{STORY}/index.md": STORY_MD,
                    f"{STORY}/1.jpg": encode(quadrants(64, 48), "JPEG")})
    site_config(root)
    env = {**os.environ, "CULTURE_TODAY": "2026-11-29", "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-c", BUILD_WITH_A_BUG], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout and "E306" not in run.stderr
    log = only_log(root)
    assert internal.message(f".cache/logs/{log.name}") in run.stdout + run.stderr
    assert "KeyError: 'mode'" in log.read_text("utf-8")
    assert not (root / "site" / "index.html").exists()
