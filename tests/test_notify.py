"""The administrator's notification command and the fleet status page: set with `culture
server init --notify` (or CULTURE_NOTIFY), run without a shell when a publish fails or a screen
goes stale, details in its environment and on its standard input; text from staff (a commit
message, a story) is never run. The fleet page is written by every publish and by
`culture screens status --page`, once per outage told."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from publish_support import CULTURE, ENV, run
from support import SETTINGS, site_config, write_tree

from gallery.publish import notify

GIT = {**ENV, "GIT_AUTHOR_NAME": "王芳", "GIT_AUTHOR_EMAIL": "wf@example.cn",
       "GIT_COMMITTER_NAME": "王芳", "GIT_COMMITTER_EMAIL": "wf@example.cn"}
SCREENS = """\
screens:
  - name: lobby
    outlet: qianmen
    heartbeat: 60
    playlist: [{slogan: 客户为尊}]
"""
HOSTILE = "$(touch PWNED); `touch PWNED` && touch PWNED"
STORY = "---\ntitle: 甲\ndate: '{day}'\noutlet: qianmen\n---\n正文。\n"


def recorder(folder: Path) -> Path:
    """A notification command that appends its environment's CULTURE_* and its stdin to a file."""
    script = folder / "record.sh"
    script.write_text(f"""#!/bin/sh
{{ env | grep '^CULTURE_' | sort; echo ---; cat; echo ===; }} >> {folder}/told.txt
""", "utf-8")
    script.chmod(0o755)
    return script


def told(folder: Path) -> list[str]:
    path = folder / "told.txt"
    return path.read_text("utf-8").split("===\n")[:-1] if path.exists() else []


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A git project with one story and one screen, published once."""
    root = tmp_path / "work"
    write_tree(root, {"culture.yml": SETTINGS + SCREENS,
                      "site_src/moments/2026-11-01-a/index.md": STORY.format(day="2026-11-01")})
    site_config(root)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "第一篇"]):
        subprocess.run(["git", *args], cwd=root, env=GIT, check=True, capture_output=True)
    assert run(root, "publish").returncode == 0
    return root


def init(tmp_path: Path, root: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([CULTURE, "server", "init", str(tmp_path / "culture.git"), "--site",
                           str(root / "site"), "--work-tree", str(root), *extra], env=ENV,
                          capture_output=True, text=True, check=False)


def test_a_failed_publish_runs_the_command_with_details_and_staff_text_is_never_run(
        tmp_path: Path, root: Path):
    script = recorder(tmp_path)
    done = init(tmp_path, root, "--notify", f"{script} --to admin")
    assert done.returncode == 0, done.stderr
    assert f"已设置通知命令：{script} --to admin（保存在 {root / '.site.server.json'}" in done.stdout
    assert json.loads((root / ".site.server.json").read_text("utf-8"))["notify"] == [
        str(script), "--to", "admin"]
    write_tree(root, {"site_src/moments/2026-11-01-a/index.md": STORY.format(day="2026-11-3x")})
    subprocess.run(["git", "commit", "-qam", HOSTILE], cwd=root, env=GIT, check=True)
    failed = run(root, "publish")
    assert failed.returncode == 1
    [message] = told(tmp_path)
    env, _, text = message.partition("---\n")
    assert "CULTURE_EVENT=publish-failed\n" in env
    assert f"CULTURE_SITE={root / 'site'}\n" in env
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                            text=True, check=True).stdout.strip()
    assert f"CULTURE_COMMIT={commit}\n" in env
    lines = text.splitlines()
    assert lines[0] == f"网站发布失败：提交 {commit[:10]}（王芳：{HOSTILE}）"
    assert ("site_src/moments/2026-11-01-a/index.md:3: E204 字段“date”的日期“2026-11-3x”无效"
            in text)
    assert lines[-1] == "网站没有改动，仍在提供上一次成功生成的版本。详情见内网“发布记录”页和发布日志。"
    assert not list(tmp_path.rglob("PWNED")) and not list(Path.cwd().glob("PWNED"))


def test_the_environment_variable_wins_and_a_failing_command_never_fails_a_publish(
        tmp_path: Path, root: Path):
    recorder(tmp_path)
    notify.save(root / "site", "notify", [str(tmp_path / "record.sh")])
    write_tree(root, {"site_src/moments/2026-11-01-a/index.md": STORY.format(day="2026-11-3x")})
    broken = {**ENV, notify.NOTIFY_ENV: f"/bin/sh -c 'exit 7' {tmp_path}"}
    failed = run(root, "publish", env=broken)
    assert failed.returncode == 1  # the publish's own outcome
    assert "通知命令 /bin/sh 失败（退出码 7），通知可能没有发出。" in failed.stderr
    assert told(tmp_path) == []  # the variable replaced the saved command
    missing = run(root, "publish", env={**ENV, notify.NOTIFY_ENV: str(tmp_path / "nope")})
    assert missing.returncode == 1
    assert f"通知命令 {tmp_path / 'nope'} 不存在，没有发出通知" in missing.stderr


def test_culture_yml_cannot_name_a_command(tmp_path: Path, root: Path):
    recorder(tmp_path)
    settings = (root / "culture.yml").read_text("utf-8")
    write_tree(root, {"culture.yml": settings + f"notify: {tmp_path}/record.sh\n",
                      "site_src/moments/2026-11-01-a/index.md": STORY.format(day="2026-11-3x")})
    failed = run(root, "publish")
    assert failed.returncode == 1
    assert told(tmp_path) == []


def test_a_committed_server_settings_file_names_no_command(tmp_path: Path, root: Path):
    recorder(tmp_path)
    settings = json.dumps({"notify": [str(tmp_path / "record.sh")]})
    write_tree(root, {".site.server.json": settings,
                      "site_src/moments/2026-11-01-a/index.md": STORY.format(day="2026-11-3x")})
    subprocess.run(["git", "add", "-A"], cwd=root, env=GIT, check=True)
    subprocess.run(["git", "commit", "-qm", "坏"], cwd=root, env=GIT, check=True)
    assert notify.command(root / "site") is None
    failed = run(root, "publish")
    assert failed.returncode == 1
    assert told(tmp_path) == []
    subprocess.run(["git", "rm", "-q", "--cached", ".site.server.json"], cwd=root, check=True)
    assert notify.command(root / "site") == [str(tmp_path / "record.sh")]  # the admin's own


def beat(when: str, build: str) -> str:
    return f'{when} 10.1.2.3 200 "screen=lobby&build={build}&player=p&item=slogan-1"\n'


def test_the_fleet_page_is_written_by_publish_and_a_stale_screen_is_told_once(
        tmp_path: Path, root: Path):
    script = recorder(tmp_path)
    log = tmp_path / "heartbeat.log"
    assert init(tmp_path, root, "--notify", str(script), "--heartbeat-log",
                str(log)).returncode == 0
    assert run(root, "publish").returncode == 0  # no log yet: said on the page, nobody told
    page = (root / "site" / "screen-status" / "index.html").read_text("utf-8")
    assert "<title>大堂屏状态</title>" in page and f"读不了心跳日志 {log}" in page
    assert "lobby（前门支行）：离线，从未收到心跳。" in page
    assert (root / "site" / "screen-status" / "index.html").is_symlink()
    assert told(tmp_path) == []
    build = json.loads((root / "site/screen/lobby/version.json").read_text("utf-8"))["build"]
    log.write_text(beat("2026-11-30T09:59:00+08:00", build), "utf-8")

    def status(at: str) -> subprocess.CompletedProcess:
        return run(root, "screens", "status", "--page", "--at", f"2026-11-30T{at}:00+0800")

    fine = status("10:00")
    assert fine.returncode == 0 and told(tmp_path) == []
    stale = status("10:10")
    assert stale.returncode == 1
    assert "新离线：lobby，已运行通知命令。" in stale.stderr
    [message] = told(tmp_path)
    env, _, text = message.partition("---\n")
    assert "CULTURE_EVENT=screen-stale\n" in env and "CULTURE_SCREENS=lobby\n" in env
    assert text.splitlines()[0] == "大堂屏离线：lobby"
    assert "lobby（前门支行）：离线（超过 3 分钟没有心跳）" in text
    page = (root / "site" / "screen-status" / "index.html").read_text("utf-8")
    assert '<li class="bad">lobby（前门支行）：离线（超过 3 分钟没有心跳）' in page
    assert status("10:20").returncode == 1
    assert len(told(tmp_path)) == 1  # still the same outage: told once
    with log.open("a", encoding="utf-8") as more:
        more.write(beat("2026-11-30T10:29:30+08:00", build))
    assert status("10:30").returncode == 0
    assert status("10:40").returncode == 1
    assert len(told(tmp_path)) == 2  # a new outage
