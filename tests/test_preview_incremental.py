"""`culture serve` rebuilds only what a change needs (gallery.mkdocs.incremental), and the site
it serves is then byte for byte the site a clean `mkdocs build` makes of the same files (with
the preview's site_url): after edits, additions, renames and deletions of stories, photos, the
home page, a board file and culture.yml fields. A content error changes nothing served; the
story comes back once it is fixed."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from intranet_site import TODAY, jpeg, make_site
from mkdocs.exceptions import Abort

from gallery.mkdocs import incremental

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
    """The site a clean `mkdocs build` makes of `root` now."""
    env = {**os.environ, "CULTURE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", CLEAN, str(root / "mkdocs.yml"), str(out), URL],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
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


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> incremental.Preview:
    monkeypatch.setenv("CULTURE_TODAY", TODAY)
    root = make_site(tmp_path / "p")
    served = incremental.Preview(root / "mkdocs.yml", str(tmp_path / "served"), URL)
    assert served.build() == "full"
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
