"""`culture hooks install` and the pre-commit check, with real `git init`, `git add`, `git commit`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gallery import guard
from gallery.cli import main
from gallery.photos.sizes import MB

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

JPEG = (Path(__file__).parent / "data" / "tiny.jpg").read_bytes()
STORY = "site_src/moments/2024-05-01-nuan-xin"
GOOD = """\
---
title: 暖心服务
date: 2024-05-01
outlet: qianmen
photos:
  - file: 1.jpg
    caption: 大堂经理在引导客户
    alt: 大堂经理在引导客户
---
正文。
"""
BROKEN = GOOD.replace("date: 2024-05-01", "date: 2024/5/1")
REFUSED_TAIL = "请按上面的提示修改，git add 后重新提交。"
SHRINK = ("原图不要直接放进来：用手机相册的“编辑→调整大小”或电脑看图软件另存为长边 4000 像素以内的 JPEG"
          "（通常不到 5 MB），换掉这张照片后重新 git add；原图另行存档。上限在 culture.yml 的 images: max_file_mb")
ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
       "CULTURE_TODAY": "2026-11-29", "GIT_AUTHOR_NAME": "宣传干事", "GIT_AUTHOR_EMAIL": "a@b",
       "GIT_COMMITTER_NAME": "宣传干事", "GIT_COMMITTER_EMAIL": "a@b"}


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, env=ENV, capture_output=True, text=True,
                          check=False, timeout=120)


@pytest.fixture
def repo(project, monkeypatch):
    """A content repository with a good story and the hook installed."""
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    root = project({f"{STORY}/index.md": GOOD, f"{STORY}/1.jpg": JPEG})
    assert git(root, "init", "-q", "-b", "main").returncode == 0
    installed = CliRunner().invoke(main, ["hooks", "install", "--root", str(root)])
    assert installed.exit_code == 0, installed.output
    return root


def commit(root: Path) -> subprocess.CompletedProcess[str]:
    return git(root, "commit", "-q", "-m", "内容")


def test_a_good_commit_passes_and_a_broken_story_is_refused_with_the_problem_list(repo):
    git(repo, "add", "-A")
    assert commit(repo).returncode == 0
    (repo / STORY / "index.md").write_text(BROKEN, "utf-8")
    git(repo, "add", "-A")
    done = commit(repo)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        (f"{STORY}/index.md:3: E264 字段“date”的日期“2024/5/1”不是 年-月-日 的写法"
         " — 请改成 date: 2024-05-01"),
        f"提交被拒绝：暂存的内容有 1 个错误，0 个警告。{REFUSED_TAIL}",
    ]
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"


def test_only_what_is_staged_is_checked(repo):
    index = repo / STORY / "index.md"
    index.write_text(BROKEN, "utf-8")
    git(repo, "add", "-A")
    index.write_text(GOOD, "utf-8")  # fixed on disk, but the commit would hold the broken one
    assert commit(repo).returncode == 1
    git(repo, "add", "-A")
    index.write_text(BROKEN, "utf-8")  # the staged version is good: the commit is
    assert commit(repo).returncode == 0
    assert index.read_text("utf-8") == BROKEN  # the work tree is left as it was


def test_a_photo_over_the_limit_is_refused_with_the_shrink_advice(repo):
    git(repo, "add", "-A")
    assert commit(repo).returncode == 0
    big = JPEG + b"\0" * (25 * MB - len(JPEG))
    (repo / STORY / "big.jpg").write_bytes(big)
    story = GOOD.replace("---\n正文", "  - {file: big.jpg, caption: 合影, alt: 合影}\n---\n正文")
    (repo / STORY / "index.md").write_text(story, "utf-8")
    git(repo, "add", "-A")
    done = commit(repo)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{STORY}/big.jpg:1: E269 照片有 25.0 MB，超过提交上限 20 MB，这次提交没有完成 — {SHRINK}",
        f"提交被拒绝：暂存的内容有 1 个错误，0 个警告。{REFUSED_TAIL}",
    ]
    assert (repo / STORY / "big.jpg").read_bytes() == big  # the original is never touched
    settings = (repo / "culture.yml").read_text("utf-8")
    (repo / "culture.yml").write_text(settings + "images:\n  max_file_mb: 30\n", "utf-8")
    git(repo, "add", "-A")
    assert commit(repo).returncode == 0


def test_install_is_idempotent_and_never_clobbers_another_hook_silently(repo):
    again = CliRunner().invoke(main, ["hooks", "install", "--root", str(repo)])
    assert again.exit_code == 0 and "没有改动" in again.output
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n", "utf-8")
    refused = CliRunner().invoke(main, ["hooks", "install", "--root", str(repo)])
    assert refused.exit_code == 1
    assert refused.output.startswith(f"{hook.as_posix()} 已经有别的 pre-commit 钩子，没有改动。")
    assert hook.read_text("utf-8") == "#!/bin/sh\nexit 0\n"
    forced = CliRunner().invoke(main, ["hooks", "install", "--force", "--root", str(repo)])
    assert forced.exit_code == 0
    assert (repo / ".git/hooks/pre-commit.orig").read_text("utf-8") == "#!/bin/sh\nexit 0\n"
    assert guard.MARK in hook.read_text("utf-8") and sys.executable in hook.read_text("utf-8")


def test_outside_a_git_repository_the_commands_say_so(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = CliRunner().invoke(main, ["hooks", "run", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == "这里不是 git 仓库（或没有安装 git）：请在项目目录里运行。\n"


def test_the_pre_commit_framework_hook_runs_the_same_command():
    import yaml

    declared = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    assert [(h["id"], h["entry"], h["pass_filenames"]) for h in declared] == [
        ("culture-check", "culture hooks run", False)]
