"""`culture serve` rebuilds only what a change needs (gallery.mkdocs.incremental), and the site
it serves is then byte for byte the site a clean `mkdocs build` makes of the same files (with
the preview's site_url): after edits, additions, renames and deletions of stories, photos, the
home page, a board file and culture.yml fields. A content error changes nothing served; the
story comes back once it is fixed."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from intranet_site import MEMBER, TODAY, jpeg, make_site
from mkdocs.exceptions import Abort

from gallery.content import layout
from gallery.mkdocs import glue, incremental
from gallery.mkdocs import preview as preview_module

pytestmark = pytest.mark.slow
URL = "http://127.0.0.1:8765/"
# A clean build in a new interpreter, as `mkdocs build` runs it, with the preview's site_url.
CLEAN = """\
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2], site_url=sys.argv[3])
config.plugins.on_startup(command="build", dirty=False)
build(config)
"""
MOMENT = """\
---
title: 新来的故事
date: 2024-05-05
outlet: qianmen
tags: [新标签, 口碑]
summary: 一篇新故事
photos:
  - {file: 1.jpg, caption: 新照片, alt: 员工在大堂服务}
---
新故事的正文。
"""


def clean_build(root: Path, out: Path) -> Path:
    """The site a clean `mkdocs build` makes of `root` now: of a copy without .cache/ (the
    preview's whole builds fill its caches, which must not shape the reference)."""
    project = out.with_name(f"{out.name}-project")
    shutil.copytree(root, project, ignore=shutil.ignore_patterns(".cache"), symlinks=True)
    env = {**os.environ, "CULTURE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", CLEAN, str(project / "mkdocs.yml"), str(out),
                           URL], cwd=project, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return out


def contents(site: Path) -> dict[str, bytes]:
    """Every file of a site by relative path; a .gz file by its decompressed bytes (its header
    names the folder it was written to)."""
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out[path.relative_to(site).as_posix()] = \
                gzip.decompress(data) if path.suffix == ".gz" else data
    return out


def assert_same_site(served: Path, clean: Path) -> None:
    """The same files with the same bytes (the differing files named, not dumped)."""
    a, b = contents(served), contents(clean)
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name]]
    assert differ == []


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in a text file."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


class Seen(layout.Changes):
    """The watcher's reports, also kept for the test to wait on."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()
        self.arrived = threading.Condition()

    def add(self, *paths: str) -> None:
        super().add(*paths)
        with self.arrived:
            self.seen.update(paths)
            self.arrived.notify_all()


class Ignored:
    """The live-reload server's handler stands here: the test rebuilds itself."""

    def dispatch(self, event: object) -> None:
        pass


def watched(served: incremental.Preview, root: Path, request: pytest.FixtureRequest,
            ) -> list[bool]:
    """Give the preview `culture serve`'s watcher (inotify) over site_src/, so a rebuild
    loads from the paths it reports (content.layout); each build first waits until the
    watcher has reported every change made before it (a litter file written last in each
    watched folder: a watch reports in order). Returns, per build, whether site_src/ was walked."""
    changes = Seen()
    glue.MEMO.changes = served.changes = changes  # type: ignore[union-attr]
    watcher = preview_module.Watcher(changes=changes)
    watcher.schedule(Ignored(), str(root / "site_src"), recursive=True)  # as the server does
    watcher.schedule(Ignored(), str(root))  # mkdocs.yml, culture.yml (and the marker)
    watcher.start()
    request.addfinalizer(watcher.stop)
    walks: list[bool] = []
    build, walk, count = served.build, layout.walked, [0]

    def counted(*args: object) -> layout.Layout:
        walks[-1] = True
        return walk(*args)  # type: ignore[arg-type]

    def settled_build() -> str:
        count[0] += 1
        markers = {str(folder / f".reported-{count[0]}") for folder in (root, root / "site_src")}
        for marker in markers:  # each watch reports in order, the two watches in any order
            Path(marker).write_text("", "utf-8")
        deadline = time.monotonic() + 30
        with changes.arrived:
            while not markers <= changes.seen and time.monotonic() < deadline:
                changes.arrived.wait(0.1)
        assert markers <= changes.seen, "the watcher never reported the change"
        for marker in markers:
            Path(marker).unlink()
        walks.append(False)
        return build()

    served.build = settled_build  # type: ignore[method-assign]
    layout.walked = counted  # type: ignore[assignment]
    request.addfinalizer(lambda: setattr(layout, "walked", walk))
    assert served.build() == "0 rebuilt, 0 removed"
    assert walks == [True]  # the first load once the watch runs walks: nothing is known yet
    walks.clear()
    return walks


@pytest.fixture(params=["walked", "watched"])
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            request: pytest.FixtureRequest) -> incremental.Preview:
    monkeypatch.setenv("CULTURE_TODAY", TODAY)
    root = make_site(tmp_path / "p")
    served = incremental.Preview(root / "mkdocs.yml", str(tmp_path / "served"), URL)
    assert served.build() == "full"
    served.walks = watched(served, root, request) if request.param == "watched" else None
    return served


def test_every_kind_of_change_is_served_as_a_clean_build_makes_it(preview, tmp_path: Path):
    root = preview.config_file.parent
    docs, served = root / "site_src", Path(preview.site_dir)
    moment = docs / "moments/2024-05-03-fang-zha"
    steps = [
        ("title", lambda: edit(moment / "index.md", "title: 大堂里的一堂课", "title: 改过的标题")),
        ("body", lambda: edit(docs / "moments/2023-12-20-dong-ri/index.md", "送上热茶",
                              "送上热茶和点心")),
        ("new story with a photo and a new tag", lambda: (
            (docs / "moments/2024-05-05-xin/").mkdir(),
            (docs / "moments/2024-05-05-xin/1.jpg").write_bytes(jpeg((10, 200, 90))),
            (docs / "moments/2024-05-05-xin/index.md").write_text(MOMENT, "utf-8"))),
        ("renamed folder", lambda: (docs / "moments/2023-12-20-dong-ri").rename(
            docs / "moments/2023-12-21-dong-ri-xu")),
        ("deleted story with tags", lambda: [p.unlink() for p in
                                            (docs / "culture-wall/shou-wen").iterdir()]
         and (docs / "culture-wall/shou-wen").rmdir()),
        ("photo replaced", lambda: (moment / "1.jpg").write_bytes(jpeg((250, 250, 20)))),
        ("photo removed", lambda: ((moment / "2.jpg").unlink(), edit(
            moment / "index.md", "  - {file: 2.jpg, caption: 发放资料, alt: 员工向客户发放宣传资料}\n",
            ""))),
        ("culture.yml: an outlet's address", lambda: edit(root / "culture.yml", "前门大街 1 号",
                                                         "前门大街 2 号")),
        ("board file", lambda: edit(docs / "board/2024-04.csv", "客户表扬（次）,5", "客户表扬（次）,6")),
        ("home page text", lambda: edit(docs / "index.md", "客户为尊，服务如意。", "客户为尊。")),
    ]
    done = []
    for name, change in steps:
        change()
        done.append((name, preview.build()))
    assert [name for name, how in done if how == "full"] == [], done  # all made in place
    if preview.walks is not None:  # site_src/ walked only when a file or folder came or went
        assert [name for (name, _), walked in zip(done, preview.walks, strict=True) if walked] == [
            "new story with a photo and a new tag", "renamed folder", "deleted story with tags",
            "photo removed"], preview.walks
    assert_same_site(served, clean_build(root, tmp_path / "clean1"))
    full_steps = [
        ("culture.yml: search synonyms (in every search entry)", lambda: (
            root / "culture.yml").write_text((root / "culture.yml").read_text("utf-8")
                                             + "search:\n  synonyms:\n    - [老人, 长者]\n",
                                             "utf-8")),
        ("culture.yml: a campaign's slogan (on every page)", lambda: edit(
            root / "culture.yml", "slogan: 服务口碑新变化 喜迎盛会", "slogan: 喜迎盛会")),
    ]
    for name, change in full_steps:
        change()
        assert preview.build() == "full", name
    edit(docs / "talk/wo-kan-fu-wu/index.md", "author: 李华（前门支行）", "author: 王芳（前门支行）")
    assert re.fullmatch(r"\d+ rebuilt, 0 removed", preview.build())  # no word list to redo
    edit(moment / "index.md", "title: 改过的标题", "title: 再改一次")
    assert re.fullmatch(r"\d+ rebuilt, 0 removed", preview.build())  # in place again
    assert_same_site(served, clean_build(root, tmp_path / "clean2"))


def test_a_preview_started_again_takes_every_page_from_the_caches(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch):
    # A preview's first build is a whole build: unchanged pages come from .cache/ as in a
    # publish (generated Markdown, the page template's output, search entries), so starting
    # `culture serve` again costs a warm build. Its rebuilds then render only what changed.
    monkeypatch.setenv("CULTURE_TODAY", TODAY)
    root = make_site(tmp_path / "p")
    first = incremental.Preview(root / "mkdocs.yml", str(tmp_path / "first"), URL)
    assert first.build() == "full"
    made = glue.STATE["html"].stats.rendered
    assert made > 20 and glue.STATE["markdown"].made > 20 and glue.STATE["search"].cache.made > 20
    again = incremental.Preview(root / "mkdocs.yml", str(tmp_path / "again"), URL)
    assert again.build() == "full"
    html, markdown = glue.STATE["html"].stats, glue.STATE["markdown"]
    assert (html.rendered, html.reused, markdown.made) == (0, made, 0)
    assert glue.STATE["search"].cache.made == 0
    served = Path(again.site_dir)
    assert_same_site(served, Path(first.site_dir))
    edit(root / "site_src/moments/2024-05-03-fang-zha/index.md", "title: 大堂里的一堂课",
         "title: 重新开始后改的标题")
    assert re.fullmatch(r"\d+ rebuilt, 0 removed", again.build())
    assert "重新开始后改的标题" in (served / "moments/2024-05-03-fang-zha/index.html").read_text()
    assert_same_site(served, clean_build(root, tmp_path / "clean"))


def test_a_content_error_keeps_the_served_site_and_the_fix_brings_the_story_back(
        preview, tmp_path: Path):
    root = preview.config_file.parent
    served = Path(preview.site_dir)
    story = root / "site_src/moments/2024-05-03-fang-zha/index.md"
    before = contents(served)
    good = story.read_text("utf-8")
    story.write_text(good.replace("date: 2024-05-03", "date: 2024-13-03"), "utf-8")
    with pytest.raises(Abort, match="内容有 1 个错误，网站未生成。"):
        preview.build()
    assert contents(served) == before
    story.write_text(good.replace("title: 大堂里的一堂课", "title: 修好了"), "utf-8")
    assert re.fullmatch(r"\d+ rebuilt, 0 removed", preview.build())
    page = (served / "moments/2024-05-03-fang-zha/index.html").read_text("utf-8")
    assert "<h1>修好了</h1>" in page or ">修好了<" in page
    assert_same_site(served, clean_build(root, tmp_path / "clean"))


def test_a_link_broken_by_a_rename_is_told_and_its_fix_is_served(
        preview, tmp_path: Path, caplog: pytest.LogCaptureFixture):
    root = preview.config_file.parent
    docs, served = root / "site_src", Path(preview.site_dir)
    linking = docs / "moments/2023-12-20-dong-ri/index.md"
    edit(linking, "冬日里为客户送上热茶。", "冬日里为客户送上热茶（[另一篇](../2024-05-03-fang-zha/)）。")
    assert re.fullmatch(r"\d+ rebuilt, 0 removed", preview.build())
    before = contents(served)
    (docs / "moments/2024-05-03-fang-zha").rename(docs / "moments/2024-05-04-fang-zha")
    with caplog.at_level("ERROR"), pytest.raises(Abort, match="内容有 1 个错误，网站未生成。"):
        preview.build()
    told = [r.getMessage() for r in caplog.records if "E280" in r.getMessage()]
    assert len(told) == 1 and told[0].startswith(
        "site_src/moments/2023-12-20-dong-ri/index.md:"), told
    assert "../2024-05-04-fang-zha/" in told[0]  # the closest story is suggested
    assert contents(served) == before  # the last good site stays
    caplog.clear()
    edit(linking, "../2024-05-03-fang-zha/", "../2024-05-04-fang-zha/")
    assert re.fullmatch(r"\d+ rebuilt, \d+ removed", preview.build())
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    if preview.walks is not None:
        assert preview.walks == [False, True, False]  # the rename walked; the edits did not
    assert_same_site(served, clean_build(root, tmp_path / "clean"))


# A site with two pages of moments (the fixture's two and EXTRA more), a lobby screen that plays
# the moments and one public moment on it: the index pages a rebuild renders again are chosen
# by what they show, so every kind of change must still reach every page that shows it.
EXTRA = 50
SCREENS = """\
screens:
  - name: qianmen-lobby
    outlet: qianmen
    playlist:
      - section: moments
"""
PUBLIC = """\
audience: public
approval:
  by: 周敏（支行办公室）
  date: 2024-05-02
  customers: false
"""


def extra_moment(i: int) -> str:
    """One of the generated moments: older than the fixture's, outlets and tags alternating."""
    outlet, tag = ("qianmen", "暖心服务") if i % 2 else ("tianqiao", "排队")
    return (f"---\ntitle: 生成的故事{i}\ndate: 2022-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"outlet: {outlet}\ntags: [{tag}]\nsummary: 第{i}篇的摘要\n"
            f"photos:\n  - {{file: 1.jpg, caption: 说明{i}, alt: 大堂服务场景{i}}}\n---\n"
            f"第{i}篇故事的正文。\n")


def extra_folder(i: int) -> str:
    """The folder of generated moment i."""
    return f"moments/2022-{1 + i % 12:02d}-{1 + i % 28:02d}-sheng-cheng-{i}"


@pytest.fixture(params=["walked", "watched"])
def paged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          request: pytest.FixtureRequest) -> incremental.Preview:
    monkeypatch.setenv("CULTURE_TODAY", TODAY)
    extra = {f"{extra_folder(i)}/index.md": extra_moment(i) for i in range(EXTRA)}
    root = make_site(tmp_path / "p", extra=extra)
    docs = root / "site_src"
    photo = jpeg((120, 60, 200))
    for i in range(EXTRA):
        (docs / extra_folder(i) / "1.jpg").write_bytes(photo)
    (root / "culture.yml").write_text((root / "culture.yml").read_text("utf-8") + SCREENS,
                                      "utf-8")
    edit(docs / "moments/2023-12-20-dong-ri/index.md", "outlet: qianmen\n",
         "outlet: qianmen\n" + PUBLIC)
    # a title with the pioneer's name, which the site keeps whole (words.people) while a
    # post names her: 欧阳晓岚 is cut in two otherwise
    edit(docs / extra_folder(5) / "index.md", "title: 生成的故事5", f"title: {MEMBER}在大堂")
    served = incremental.Preview(root / "mkdocs.yml", str(tmp_path / "served"), URL)
    assert served.build() == "full"
    served.walks = watched(served, root, request) if request.param == "watched" else None
    return served


def test_paged_indexes_tags_and_screens_follow_every_change(paged, tmp_path: Path):
    root = paged.config_file.parent
    docs, served = root / "site_src", Path(paged.site_dir)
    public = docs / "moments/2023-12-20-dong-ri/index.md"
    tags_json = (served / "tags.json").read_bytes()
    playlist = (served / "screen/qianmen-lobby/playlist.json").read_bytes()
    edit(docs / extra_folder(7) / "index.md", "第7篇故事的正文。", "第7篇故事的正文，补了一句。")
    assert re.fullmatch(r"1 rebuilt, 0 removed", paged.build())  # the story page alone
    assert (served / "tags.json").read_bytes() == tags_json  # the same tags and titles
    assert (served / "screen/qianmen-lobby/playlist.json").read_bytes() == playlist
    steps = [
        ("title of a moment on page 2 (its tag and outlet views, hubs, tags.json)",
         lambda: edit(docs / extra_folder(40) / "index.md", "title: 生成的故事40",
                      "title: 改过标题的故事")),
        ("a tag dropped, a new one added", lambda: edit(
            docs / extra_folder(10) / "index.md", "tags: [排队]", "tags: [新的标签]")),
        ("date: from page 2 to the newest (home, year groups)", lambda: edit(
            docs / extra_folder(45) / "index.md", "date: 2022-10-18", "date: 2024-05-07")),
        ("outlet changed", lambda: edit(docs / extra_folder(20) / "index.md",
                                        "outlet: tianqiao", "outlet: qianmen")),
        ("summary changed", lambda: edit(docs / extra_folder(3) / "index.md",
                                         "summary: 第3篇的摘要", "summary: 新的摘要")),
        ("the public moment's title (the lobby's playlist)", lambda: edit(
            public, "title: 冬日暖心服务", "title: 冬日里的热茶")),
        ("the pioneer renamed: other pages' titles break differently", lambda: edit(
            docs / "pioneer-posts/gang-wei/index.md", f"member: {MEMBER}", "member: 王小明")),
    ]
    for name, change in steps:
        change()
        assert re.fullmatch(r"\d+ rebuilt, \d+ removed", paged.build()), name
    assert (served / "tags.json").read_bytes() != tags_json
    assert (served / "screen/qianmen-lobby/playlist.json").read_bytes() != playlist
    assert_same_site(served, clean_build(root, tmp_path / "clean1"))
    more = [
        ("a draft: the story leaves every page", lambda: edit(
            docs / extra_folder(30) / "index.md", "summary:", "draft: true\nsummary:")),
        ("three stories deleted: the moments index is one page again", lambda: [
            shutil.rmtree(docs / extra_folder(i)) for i in (1, 2, 4)]),
        ("a photo on page 1 replaced (every card drawn anew)", lambda: (
            docs / extra_folder(45) / "1.jpg").write_bytes(jpeg((10, 250, 10)))),
    ]
    for name, change in more:
        change()
        assert re.fullmatch(r"\d+ rebuilt, \d+ removed", paged.build()), name
    assert not (served / "moments/page/2/index.html").exists()
    assert_same_site(served, clean_build(root, tmp_path / "clean2"))


def test_no_page_template_reads_a_story_body():
    """The preview renders an index page again only when a field other than a story's body
    changed (pages.RenderMemo.listed): a template reading `x.body` or `x["body"]` would show a
    stale body. Bodies reach pages as values (the story's own page, the morning page)."""
    from jinja2 import nodes

    from gallery.intranet.pages import TEMPLATES

    found = []
    for name in TEMPLATES.list_templates():
        source = TEMPLATES.loader.get_source(TEMPLATES, name)[0]
        for node in TEMPLATES.parse(source).find_all((nodes.Getattr, nodes.Getitem)):
            field = getattr(node, "attr", None) or getattr(getattr(node, "arg", None), "value", None)
            if field == "body":
                found.append(f"{name}:{node.lineno}")
    assert TEMPLATES.list_templates()
    assert found == []
