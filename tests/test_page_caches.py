"""The caches of a build's pages hand out exactly what a build from empty caches makes.

Three caches in .cache/ serve a warm build: generated Markdown (gallery.intranet.pagestore),
Markdown renders (gallery.mkdocs.rendercache) and the page template's output
(gallery.mkdocs.htmlcache). Here a project is built, then one input is changed at a time (a
story's body, a story's title, a navigation title, `extra`, an overrides/ template,
culture.yml, a theme setting) and each time the build with the caches is compared, file by file
and byte by byte, with a build of the same project from empty caches. Each change must show
in the site (the comparison would prove nothing otherwise). A key that leaves out one input on
purpose (the theme's settings, the overrides/ files, a story's title) must make the comparison
fail.

Work is counted from the build's own log: a no-change build makes no page again, a body edit
makes the story page's Markdown and template output again and nothing else.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cache_support import SMALL, folder, story_files
from jinja2 import Environment, nodes
from support import REPO, SETTINGS

from gallery.intranet import pagestore
from gallery.mkdocs import htmlcache, rendercache

CACHES = (pagestore.CACHE_DIR, rendercache.CACHE_DIR, htmlcache.CACHE_DIR)
# Builds MkDocs' command line in this process, after `patch` (a broken key, on purpose).
BUILD = """
import sys
exec(sys.argv[2])
from mkdocs.__main__ import cli
cli(["build", "--strict", "-d", sys.argv[1]])
"""


@pytest.fixture
def site(project):
    root = project(story_files(), settings=SETTINGS + SMALL)
    shutil.copytree(REPO / "overrides", root / "overrides")  # the project's own, to edit
    text = (REPO / "mkdocs.yml").read_text("utf-8").replace(" hooks/", f" {REPO}/hooks/")
    (root / "mkdocs.yml").write_text(text, "utf-8")
    return root


def build(root: Path, out: str, patch: str = "") -> list[str]:
    """A real `mkdocs build --strict` of `root` into root/out; the cache lines of its log."""
    env = {**os.environ, "CULTURE_TODAY": "2026-11-29", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", BUILD, str(root / out), patch], cwd=root,
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return [line.split("culture: ", 1)[1] for line in done.stderr.splitlines()
            if re.search(r"culture: 页面(源文件|模板)?：", line)]


def clean_build(root: Path, out: str) -> None:
    """A build from empty page caches (the photo cache kept); the warm caches put back."""
    aside = root.parent / f"{root.name}-aside"
    for name in CACHES:
        if (root / name).exists():
            (aside / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).rename(aside / name)
    try:
        build(root, out)
    finally:
        for name in CACHES:
            shutil.rmtree(root / name, ignore_errors=True)
            if (aside / name).exists():
                (aside / name).rename(root / name)


def site_bytes(where: Path) -> dict[str, bytes]:
    return {p.relative_to(where).as_posix(): p.read_bytes()
            for p in sorted(where.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def story_file(root: Path, key: str) -> Path:
    return root / "site_src" / "moments" / folder(key) / "index.md"


CHANGES: dict[str, Callable[[Path], None]] = {
    "a story's body": lambda root: edit(story_file(root, "a"), "正文：前门暖心服务。",
                                        "正文：前门暖心服务。新加的一句话。"),
    "a story's title": lambda root: edit(story_file(root, "b"), "title: 天桥耐心讲解",
                                         "title: 天桥细心讲解"),
    "a navigation title": lambda root: edit(root / "mkdocs.yml", "- 服务精彩瞬间:",
                                            "- 精彩瞬间:"),
    "extra": lambda root: edit(root / "mkdocs.yml", "\nplugins:",
                               "\nextra:\n  annotate:\n    json: [.s2]\n\nplugins:"),
    "an overrides/ template": lambda root: edit(
        root / "overrides/partials/copyright.html", '<div class="md-copyright__highlight">',
        '<div class="md-copyright__highlight">本站仅供内部使用。'),
    "culture.yml": lambda root: edit(root / "culture.yml", "name: ", "name: 新"),
    "a theme setting": lambda root: edit(root / "mkdocs.yml", "primary: red", "primary: indigo"),
}


@pytest.mark.slow
def test_every_change_builds_the_bytes_of_a_build_from_empty_caches(site):
    root = site
    first = build(root, "out0")
    assert any("重新渲染" in line and "使用缓存 0 个" in line for line in first)
    again = build(root, "out1")  # nothing changed: nothing made again
    assert [line.split("：")[0] for line in again] == ["页面源文件", "页面模板", "页面"]
    assert all(re.search(r"共 (\d+) 个，重新(生成|渲染) 0 个，使用缓存 \1 个$", line)
               for line in again), again
    assert site_bytes(root / "out1") == site_bytes(root / "out0")
    before = site_bytes(root / "out1")
    for step, (name, change) in enumerate(CHANGES.items(), 2):
        change(root)
        counts = build(root, f"out{step}")
        warm = site_bytes(root / f"out{step}")
        assert warm != before, f"{name}: the change does not show in the site"
        clean_build(root, f"clean{step}")
        clean = site_bytes(root / f"clean{step}")
        assert warm.keys() == clean.keys(), name
        differing = [path for path in warm if warm[path] != clean[path]]
        assert differing == [], f"{name}: the caches handed out stale files"
        if name == "a story's body":  # the story page alone is made again
            assert "重新生成 1 个" in counts[0] and "重新生成 1 个" in counts[1], counts
        before = warm


BROKEN = {  # a change, and a patch that leaves what it changes out of the key
    "a theme setting": "from gallery.mkdocs import htmlcache\n"
                       "htmlcache.NOT_HASHED = (*htmlcache.NOT_HASHED, 'theme')",
    "an overrides/ template": "from gallery.mkdocs import htmlcache\n"
                              "htmlcache.files_digest = lambda folders: ''",
    "a story's title": "import dataclasses\nfrom gallery.intranet import pagestore\n"
                       "story = pagestore.Store.story\n"
                       "pagestore.Store.story = lambda self, s, body: story(\n"
                       "    self, dataclasses.replace(s, title='x'), body)",
}


@pytest.mark.slow
@pytest.mark.parametrize("change", BROKEN)
def test_a_key_without_one_input_fails_the_comparison(site, change):
    root, patch = site, BROKEN[change]
    build(root, "out0", patch)
    CHANGES[change](root)
    build(root, "out1", patch)
    clean_build(root, "clean")
    warm, clean = site_bytes(root / "out1"), site_bytes(root / "clean")
    assert [path for path in warm if warm[path] != clean.get(path)] != []


def test_every_page_attribute_the_themes_read_is_keyed():
    """Material's templates and ours read no page attribute outside the key, and neither the
    build date nor the list of every page; Material's blog templates read the blog plugin's
    post attributes (a post is not a plain Page: the cache leaves it alone)."""
    import material

    env = Environment()
    assert htmlcache.unkeyed(env, REPO / "overrides") == []
    blog = set()
    for path in sorted((Path(material.__file__).parent / "templates").rglob("*.html")):
        found = htmlcache.unkeyed_in(env, path.read_text("utf-8"))
        if path.name.startswith("blog"):
            blog |= set(found)
        else:
            assert found == [], path
    assert blog == {"page.authors", "page.categories", "page.config"}
    assert htmlcache.unkeyed_in(env, "{{ page.update_date }} {{ build_date_utc }}") == [
        "build_date_utc", "page.update_date"]


def test_generated_page_templates_read_nothing_of_the_site_but_its_key():
    """The templates of gallery/intranet read `site` only through the values in the key
    (outlets, day), so a page's key holds everything its Markdown depends on."""
    templates = REPO / "gallery" / "intranet" / "templates"
    env = Environment()
    read = set()
    for path in templates.glob("*.html"):
        tree = env.parse(path.read_text("utf-8"))
        read |= {node.attr for node in tree.find_all(nodes.Getattr)
                 if isinstance(node.node, nodes.Name) and node.node.name == "site"}
    assert read <= {"outlets", "today"}
