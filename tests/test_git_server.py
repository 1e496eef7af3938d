"""`culture server init` and real `git push`es into a bare repository with the installed hooks:
a broken story is refused with the Chinese message in the push output, a good push is
published in the background, a notice-only push reaches screen/notice.json without a build."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from imaging import encode, quadrants
from publish_support import CULTURE, ENV, run
from support import SETTINGS, site_config, write_tree

SCREENS = "screens:\n  - name: qianmen-lobby\n    outlet: qianmen\n    playlist: [{slogan: 你好}]\n"
GIT_ENV = {**ENV, "GIT_AUTHOR_NAME": "王芳", "GIT_AUTHOR_EMAIL": "wf@example.cn",
           "GIT_COMMITTER_NAME": "王芳", "GIT_COMMITTER_EMAIL": "wf@example.cn"}
NOTICE = """\
title: 系统升级
text: 系统升级，暂停办理个人外汇业务
start: 2026-11-30 08:00
end: 2026-11-30 18:00
"""


def story(title: str, day: str, photo: str = "") -> str:
    photos = f"photos:\n  - file: {photo}\n    caption: 大堂\n    alt: 大堂的照片\n" if photo else ""
    return (f"---\ntitle: '{title}'\ndate: '{day}'\noutlet: 'qianmen'\n{photos}---\n"
            "正文第一段。\n")


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True,
                          timeout=600, check=False)


def commit(clone: Path, files: dict[str, str], message: str) -> None:
    write_tree(clone, files)
    assert git(clone, "add", "-A").returncode == 0
    assert git(clone, "commit", "-q", "-m", message).returncode == 0


@pytest.fixture
def server(tmp_path: Path):
    """A bare repository with the hooks installed, and a staffer's clone with a tiny project."""
    bare, site, clone = tmp_path / "culture.git", tmp_path / "srv" / "site", tmp_path / "staff"
    done = subprocess.run([CULTURE, "server", "init", str(bare), "--site", str(site)],
                          env=ENV, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "已安装钩子" in done.stdout
    for hook in ("pre-receive", "post-receive"):
        assert CULTURE in (bare / "hooks" / hook).read_text("utf-8")  # absolute, from the venv
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    git(clone, "checkout", "-q", "-b", "main")
    write_tree(clone, {"culture.yml": SETTINGS + SCREENS, "site_src/index.md": "# 首页\n",
                       "site_src/moments/2026-11-01-a/index.md": story("甲", "2026-11-01", "1.jpg"),
                       "site_src/moments/2026-11-01-a/1.jpg": encode(quadrants(400, 300), "JPEG")})
    site_config(clone)
    return bare, site, clone


def wait_for(check, seconds: float = 300) -> None:
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.5)


def published(site: Path, page: str) -> bool:
    return (site / page / "index.html").is_file()


def test_broken_good_and_notice_only_pushes(server):
    bare, site, clone = server
    commit(clone, {}, "第一篇")
    pushed = git(clone, "push", "-q", "origin", "main")
    assert pushed.returncode == 0, pushed.stderr
    assert "remote: 已排队发布：提交" in pushed.stderr
    assert "remote: 照片：共 1 张，新生成 1 张" in pushed.stderr  # the check made it ...
    wait_for(lambda: published(site, "moments/2026-11-01-a"))
    log_file = site.parent / ".site.publish" / "publish.log"
    # the outcome line comes after the swap (history, pruning): wait for it, not just the page
    wait_for(lambda: "已上线：" in log_file.read_text("utf-8"))
    log = log_file.read_text("utf-8")
    assert "照片：共 1 张，新生成 0 张，使用缓存 1 张" in log  # ... and the publish reused it

    # A broken story: refused, the problem in the push output, the branch not moved.
    commit(clone, {"site_src/moments/2026-11-02-b/index.md": story("乙", "2026-11-3x")}, "坏的")
    refused = git(clone, "push", "origin", "main")
    assert refused.returncode != 0
    assert ("remote: site_src/moments/2026-11-02-b/index.md:3: E204 字段“date”的日期“2026-11-3x”无效"
            in refused.stderr)
    assert "remote: 推送被拒绝：" in refused.stderr
    assert "pre-receive hook declined" in refused.stderr
    head = git(clone, "rev-parse", "HEAD~1").stdout.strip()
    assert git(bare, "rev-parse", "main").stdout.strip() == head

    # Fixed and pushed again: published.
    commit(clone, {"site_src/moments/2026-11-02-b/index.md": story("乙", "2026-11-03")}, "改好")
    assert git(clone, "push", "-q", "origin", "main").returncode == 0
    wait_for(lambda: published(site, "moments/2026-11-02-b"))
    build = site.resolve()
    page = site / "publish-history" / "index.html"
    wait_for(lambda: "改好" in page.read_text("utf-8"))  # written just after the swap
    history = page.read_text("utf-8")
    assert history.count("王芳") == 2 and "改好" in history and "第一篇" in history

    # Only notice.yml: on the screens when the push returns, no build made.
    commit(clone, {"notice.yml": NOTICE}, "紧急通知")
    pushed = git(clone, "push", "origin", "main")
    assert pushed.returncode == 0, pushed.stderr
    assert "remote: 已发布紧急通知“系统升级”" in pushed.stderr
    assert "已排队发布" not in pushed.stderr
    notice = json.loads((site / "screen" / "notice.json").read_text("utf-8"))["notice"]
    assert notice["title"] == "系统升级"
    time.sleep(1)
    assert site.resolve() == build  # the same build still serves


def test_history_page_keeps_failures_with_their_problems(project):
    root = project({"site_src/moments/2026-11-01-a/index.md": story("甲", "2026-11-01")},
                   settings=SETTINGS + SCREENS)
    site_config(root)
    assert run(root, "publish").returncode == 0
    write_tree(root, {"site_src/moments/2026-11-01-a/index.md": story("甲", "2026-11-3x")})
    failed = run(root, "publish")
    assert failed.returncode == 1
    page = (root / "site" / "publish-history" / "index.html").read_text("utf-8")
    assert "<title>发布记录</title>" in page
    assert page.index("<strong>失败</strong>") < page.index("成功")  # newest first
    assert ("site_src/moments/2026-11-01-a/index.md:3: E204 字段“date”的日期“2026-11-3x”无效"
            in page)
    entries = json.loads((root / ".site.live" / "history.json").read_text("utf-8"))
    assert [e["ok"] for e in entries] == [False, True]
    assert entries[1]["made"] == 0 and entries[1]["reused"] == 0  # no photos in this project
    assert entries[0]["seconds"] > 0


def test_a_push_with_a_photo_over_the_limit_is_refused_even_without_the_local_hook(server):
    """The local pre-commit hook can be skipped (git commit --no-verify, or never installed):
    the server refuses the push, also for a photo added and deleted again within it."""
    bare, site, clone = server
    settings = (clone / "culture.yml").read_text("utf-8")
    big = encode(quadrants(400, 300), "JPEG") + b"\0" * (1536 * 1024)  # 1.5 MB over 1 MB
    commit(clone, {"culture.yml": settings + "images:\n  max_file_mb: 1\n"}, "上限 1 MB")
    commit(clone, {"site_src/moments/2026-11-01-a/big.jpg": big}, "大照片")
    (clone / "site_src/moments/2026-11-01-a/big.jpg").unlink()
    commit(clone, {}, "删掉大照片")  # gone from the last commit, still in the pushed history
    refused = git(clone, "push", "origin", "main")
    assert refused.returncode != 0
    assert ("remote: site_src/moments/2026-11-01-a/big.jpg:1: E269 照片有 1.5 MB，超过提交上限 1 MB，"
            "这次提交没有完成 — 原图不要直接放进来：") in refused.stderr
    assert "remote: 推送被拒绝：" in refused.stderr
    assert git(bare, "rev-parse", "--verify", "-q", "main").stdout == ""  # nothing received
    assert not site.exists()

    # History rewritten without the big photo: the same limit lets it through.
    assert git(clone, "reset", "-q", "--hard", "HEAD~2").returncode == 0
    pushed = git(clone, "push", "origin", "main")
    assert pushed.returncode == 0, pushed.stderr
    assert "E269" not in pushed.stderr


def test_a_staff_push_may_not_change_what_runs_on_the_server(server, tmp_path):
    """mkdocs.yml, hooks and the program run when the server publishes: a staffer's push that
    changes them is refused (E611) with the content check's findings; the administrator's push
    (CULTURE_ADMIN_PUSH=1, set by the administrator's forced SSH command) goes through."""
    bare, site, clone = server
    commit(clone, {}, "第一篇")
    assert git(clone, "push", "-q", "origin", "main").returncode == 0
    log_file = site.parent / ".site.publish" / "publish.log"
    wait_for(lambda: log_file.is_file() and "已上线：" in log_file.read_text("utf-8"))
    marker = tmp_path / "ran"
    config = (clone / "mkdocs.yml").read_text("utf-8").replace(
        "hooks:\n", "hooks:\n  - evil.py\n", 1)
    evil = {"mkdocs.yml": config, "evil.py": f"open({str(marker)!r}, 'w').write('x')\n",
            "site_src/moments/2026-11-02-b/index.md": story("乙", "2026-11-3x")}
    commit(clone, evil, "顺手改了配置")
    refused = git(clone, "push", "origin", "main")
    assert refused.returncode != 0
    for name in ("evil.py", "mkdocs.yml"):
        assert (f"remote: {name}:1: E611 “{name}”是程序或网站配置文件，推送不能修改它：发布时它会在"
                f"服务器上运行 — 撤销这次对它的修改（新加的文件请删除）后重新提交、推送；" in refused.stderr)
    assert "E204 字段“date”的日期“2026-11-3x”无效" in refused.stderr  # the content is checked too
    assert "site_src/moments/2026-11-02-b/index.md:1: E611" not in refused.stderr
    first = git(clone, "rev-parse", "HEAD~1").stdout.strip()
    assert git(bare, "rev-parse", "main").stdout.strip() == first

    # Deleting the branch and pushing it anew compares with what was published: refused too.
    commit(clone, {"site_src/moments/2026-11-02-b/index.md": story("乙", "2026-11-03")}, "改好")
    git(clone, "push", "-q", "origin", ":main")
    again = git(clone, "push", "origin", "main")
    assert again.returncode != 0 and "remote: evil.py:1: E611" in again.stderr

    # Content alone passes; the administrator's push of the same program change passes.
    assert git(clone, "reset", "-q", "--hard", first).returncode == 0
    commit(clone, {"site_src/moments/2026-11-02-b/index.md": story("乙", "2026-11-03")}, "内容")
    pushed = git(clone, "push", "origin", "main")
    assert pushed.returncode == 0, pushed.stderr
    harmless = {"mkdocs.yml": (clone / "mkdocs.yml").read_text("utf-8") + "# 管理员\n"}
    commit(clone, harmless, "管理员改配置")
    assert git(clone, "push", "origin", "main").returncode != 0
    admin = subprocess.run(["git", "push", "origin", "main"], cwd=clone, timeout=600, check=False,
                           env={**GIT_ENV, "CULTURE_ADMIN_PUSH": "1"}, capture_output=True,
                           text=True)
    assert admin.returncode == 0, admin.stderr
    head, work = git(clone, "rev-parse", "HEAD").stdout, site.parent / "work"
    assert git(bare, "rev-parse", "main").stdout == head
    # the queued publishes are over once the work tree is at the administrator's commit and
    # the log's last line is an outcome
    wait_for(lambda: git(work, "rev-parse", "HEAD").stdout == head
             and log_file.read_text("utf-8").rstrip().splitlines()[-1].startswith("已上线："))
    assert not marker.exists()
