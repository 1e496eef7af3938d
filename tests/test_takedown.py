"""`culture takedown` end to end: a real git project published twice with `culture publish`,
a lobby screen playing it in Chromium with its service worker active; the story leaves the live
site, the rollback build, the photo store, the screen and its offline cache, stays out through
the next publish, and comes back when it is changed in Git."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from publish_support import ENV, run, serving
from screen_support import TZ, moment, photo_bytes, player, state
from support import SETTINGS, site_config, write_tree

from gallery.photos import store
from gallery.publish import builds, takedown

STORY = "moments/2024-05-02-a"
OTHER = "moments/2024-05-01-b"
SCREENS = """\
screens:
  - name: lobby
    outlet: qianmen
    poll: 10
    playlist:
      - section: moments
        duration: 600
"""
GIT = {**ENV, "GIT_AUTHOR_NAME": "王芳", "GIT_AUTHOR_EMAIL": "wf@example.cn",
       "GIT_COMMITTER_NAME": "王芳", "GIT_COMMITTER_EMAIL": "wf@example.cn"}
CACHED = """async () => {
  if (!navigator.serviceWorker.controller) return [];
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(request.url);
  }
  return urls;
}"""


def git(root: Path, *args: str) -> None:
    done = subprocess.run(["git", *args], cwd=root, env=GIT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def committed(root: Path, files: dict[str, str | bytes], message: str) -> None:
    write_tree(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A git project with two public moments, published twice (live and rollback)."""
    root = tmp_path / "work"
    write_tree(root, {
        "culture.yml": SETTINGS + SCREENS,
        ".gitignore": "/site\n/.site.*\n/.cache/\n",
        f"site_src/{STORY}/index.md": moment("客户合影", day="2024-05-02"),
        f"site_src/{STORY}/1.jpg": photo_bytes((200, 40, 30)),
        f"site_src/{OTHER}/index.md": moment("大堂布置"),
        f"site_src/{OTHER}/1.jpg": photo_bytes((30, 60, 200)),
    })
    site_config(root)
    git(root, "init", "-q", "-b", "main")
    committed(root, {}, "两篇")
    assert run(root, "publish").returncode == 0
    committed(root, {"site_src/index.md": "# 首页\n\n欢迎。\n"}, "首页")
    assert run(root, "publish").returncode == 0
    return root


def photo_urls(build: Path, story: str) -> list[str]:
    """The photo files (content-addressed, under photos/) the story's page shows."""
    page = (build / story / "index.html").read_text("utf-8")
    return sorted(set(re.findall(r"photos/[0-9a-f]{2}/[0-9a-f]+-\d+\.\w+", page)))


@pytest.mark.browser
def test_a_story_taken_down_leaves_site_rollback_store_and_screen_cache(browser, root: Path):
    target = root / "site"
    old_live, old_rollback = builds.live_folder(target), builds.rollback_of(target)
    assert old_rollback is not None and (old_rollback.folder / STORY / "index.html").is_file()
    photos = photo_urls(old_live, STORY)
    assert photos
    store_files = {(old_live / p).stat().st_ino for p in photos}
    with serving(target) as port:
        page = browser.new_page(viewport={"width": 640, "height": 360}, timezone_id=TZ)
        page.goto(f"http://127.0.0.1:{port}/screen/lobby/")
        frame = player(page)
        frame.wait_for_function("window.__screen.state().current !== null", timeout=30000)
        assert state(frame)["current"] == STORY  # the newest moment, shown for 600 s
        for _ in range(100):  # the worker controls the player and holds the story's photo
            cached = frame.evaluate(CACHED)
            if any(u.endswith(p) for u in cached for p in photos):
                break
            page.wait_for_timeout(100)
        assert any(u.endswith(p) for u in cached for p in photos), cached

        done = run(root, "takedown", f"http://intranet.example/{STORY}/")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"已下架：{STORY}。网站已切换到不含它的新版本 ")
        assert "回退版本已重新生成，不含它：" in done.stdout

        live_now = builds.live_folder(target)
        # At the next poll (10 s) the player cuts away from it and purges its photos.
        frame.wait_for_function(f"window.__screen.state().current === '{OTHER}'",
                                timeout=30000)
        for _ in range(100):
            cached = frame.evaluate(CACHED)
            if not any(u.endswith(p) for u in cached for p in photos):
                break
            page.wait_for_timeout(100)
        assert not any(u.endswith(p) for u in cached for p in photos), cached
        assert any(u.endswith(p) for u in cached for p in photo_urls(live_now, OTHER))
        status = page.evaluate(f"fetch('/{photos[0]}', {{cache: 'no-store'}}).then(r => r.status)")
        assert status == 404
        page.screenshot(path=str(root.parent / "after-takedown.png"))
        page.context.close()

    live, rollback = builds.live_folder(target), builds.rollback_of(target)
    assert rollback is not None and rollback.commit == old_rollback.commit
    for build in (live, rollback.folder):
        assert not (build / STORY).exists()
        assert (build / OTHER / "index.html").is_file()
        assert "客户合影" not in (build / "search" / "search_index.json").read_text("utf-8")
        playlist = json.loads((build / "screen/lobby/playlist.json").read_text("utf-8"))
        assert [i["id"] for i in playlist["items"]] == [OTHER]
        assert playlist["withdrawn"]["items"] == [STORY]
    assert not old_live.exists() and not old_rollback.folder.exists()
    left = {p.stat().st_ino for p in store.files(target.parent / ".site.store")}
    assert not store_files & left  # the story's photos are gone from the store

    # The next publish keeps it out; a change in Git lifts the takedown.
    again = run(root, "publish")
    assert again.returncode == 0, again.stderr
    assert not (target / STORY).exists()
    committed(root, {f"site_src/{STORY}/index.md": moment("合影（已征得同意）", day="2024-05-02")},
              "重新同意")
    back = run(root, "publish")
    assert back.returncode == 0, back.stderr
    assert f"解除下架：{STORY}" in back.stderr
    assert (target / STORY / "index.html").is_file()
    assert takedown.read(target) == []


def test_takedown_refuses_unknown_stories_and_a_failed_build_changes_nothing(root: Path):
    target = root / "site"
    live = builds.live_folder(target)
    unknown = run(root, "takedown", "moments/nope")
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("找不到故事“moments/nope”：")
    write_tree(root, {f"site_src/{OTHER}/index.md": moment("大堂布置", day="2024-13-01")})
    failed = run(root, "takedown", STORY)
    assert failed.returncode == 1
    assert "下架失败：重新生成网站没有成功" in failed.stderr
    assert builds.live_folder(target) == live and (target / STORY / "index.html").is_file()
    assert takedown.read(target) == []


def test_lift_and_list(root: Path):
    target = root / "site"
    takedown.write(target, [{"story": STORY, "fingerprint": "x", "time": "2026-11-30T10:00:00"}])
    listed = run(root, "takedown", "--list")
    assert listed.stdout == f"{STORY}：2026-11-30 10:00 下架\n"  # an entry of before `by`
    lifted = run(root, "takedown", "--lift", STORY)
    assert lifted.returncode == 0
    assert lifted.stdout == f"已解除下架：{STORY}。下一次发布（culture publish）时它会重新上线。\n"
    assert takedown.read(target) == []
    assert run(root, "takedown", "--lift", STORY).returncode == 1
    takedown.write(target, [{"story": STORY, "fingerprint": "x", "time": "2026-11-30T10:00:00",
                             "by": "zhoumin"}, {"story": OTHER, "fingerprint": "y",
                                                "time": "2026-11-30T11:30:00+08:00", "by": ""}])
    listed = run(root, "takedown", "--list")
    assert listed.stdout == (f"{STORY}：2026-11-30 10:00 由 zhoumin 下架\n"
                             f"{OTHER}：2026-11-30 11:30 下架\n")


def test_a_takedown_succeeds_when_other_pages_link_to_the_story(tmp_path: Path):
    """Another story and the home page link to the story, in the live and the rollback build:
    both are made again with the link's text and no link, and the takedown names the pages."""
    root = tmp_path / "work"
    write_tree(root, {
        "culture.yml": SETTINGS + SCREENS,
        ".gitignore": "/site\n/.site.*\n/.cache/\n",
        f"site_src/{STORY}/index.md": moment("客户合影", day="2024-05-02"),
        f"site_src/{STORY}/1.jpg": photo_bytes((200, 40, 30)),
        f"site_src/{OTHER}/index.md": moment("大堂布置") + "\n另见[客户合影](../2024-05-02-a/)。\n",
        f"site_src/{OTHER}/1.jpg": photo_bytes((30, 60, 200)),
        "site_src/index.md": "# 首页\n\n推荐[合影](moments/2024-05-02-a/index.md)。\n",
    })
    site_config(root)
    git(root, "init", "-q", "-b", "main")
    committed(root, {}, "两篇")
    assert run(root, "publish").returncode == 0
    committed(root, {"site_src/index.md": "# 首页\n\n欢迎看[合影](moments/2024-05-02-a/)。\n"},
              "首页")
    assert run(root, "publish").returncode == 0

    done = run(root, "takedown", STORY)
    assert done.returncode == 0, done.stderr
    assert "其他页面里指向它的链接已改为普通文字（链接文字保留）：\n" in done.stdout
    named = re.findall(r"^  (site_src/\S+:\d+): 链接“([^”]+)”指向已下架的故事，已改为普通文字$",
                       done.stdout, re.MULTILINE)
    assert sorted(named) == [("site_src/index.md:3", "moments/2024-05-02-a/"),  # live
                             ("site_src/index.md:3", "moments/2024-05-02-a/index.md"),  # rollback
                             (f"site_src/{OTHER}/index.md:20", "../2024-05-02-a/")]
    target = root / "site"
    rollback = builds.rollback_of(target)
    assert rollback is not None
    for build in (builds.live_folder(target), rollback.folder):
        assert not (build / STORY).exists()
        other = (build / OTHER / "index.html").read_text("utf-8")
        assert '另见<span class="culture-unlinked">客户合影</span>。' in other
        home = (build / "index.html").read_text("utf-8")
        assert '<span class="culture-unlinked">合影</span>' in home
        assert "2024-05-02-a" not in other + home
    again = run(root, "publish")  # the next publish keeps the story out and the text plain
    assert again.returncode == 0, again.stderr
    assert '<span class="culture-unlinked">客户合影</span>' in (
        target / OTHER / "index.html").read_text("utf-8")


def history_page(root: Path) -> str:
    """The served 发布记录 page."""
    return (root / "site" / "publish-history" / "index.html").read_text("utf-8")


def section(page: str, title: str) -> str:
    """The text of the page from heading `title` to the next h2 (tags dropped)."""
    part = re.split(rf">{title}</h\d>", page, maxsplit=1)[1].split("<h2>", 1)[0]
    return re.sub(r"<[^>]+>", " ", part)


def test_the_history_page_lists_takedowns_in_force_and_lifts(root: Path):
    before = history_page(root)
    assert "没有下架中的故事。" in section(before, "下架中的故事")
    done = run(root, "takedown", STORY, env={**ENV, "SUDO_USER": "zhang.admin"})
    assert done.returncode == 0, done.stderr
    page = history_page(root)
    force = section(page, "下架中的故事").split()
    when = takedown.read(root / "site")[0]["time"].replace("T", " ")[:16]
    assert force[:7] == ["故事", "下架时间", "操作人", STORY, *when.split(), "zhang.admin"]
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", page, re.DOTALL)[1]
    assert "zhang.admin" in first_row and f"紧急下架 {STORY}" in first_row  # its own entry

    lifted = run(root, "takedown", "--lift", STORY, env={**ENV, "SUDO_USER": "li.admin"})
    assert lifted.returncode == 0, lifted.stderr
    page = history_page(root)
    assert "没有下架中的故事。" in section(page, "下架中的故事")
    assert section(page, "最近解除的下架").split()[4:11] == [
        STORY, *takedown.read_lifts(root / "site")[0]["time"].replace("T", " ")[:16].split(),
        "管理员解除（culture", "takedown", "--lift）", "li.admin"]

    # Taken down again, then changed in Git: the publish lifts it and the page says why.
    assert run(root, "takedown", STORY).returncode == 0
    committed(root, {f"site_src/{STORY}/index.md": moment("合影（已征得同意）", day="2024-05-02")},
              "重新同意")
    assert run(root, "publish").returncode == 0
    page = history_page(root)
    assert "没有下架中的故事。" in section(page, "下架中的故事")
    rows = section(page, "最近解除的下架")
    assert rows.index("在 Git 里修改了，按新内容发布") < rows.index("管理员解除")  # newest first
