"""A warm build does no repeated work: a no-change build renders no Markdown and reads no
photo, a one-story edit renders that story's page only, and what the cache hands out is byte
for byte what a clean build makes. A damaged cache entry is rendered again, never served.

Work is counted, not timed: each build is a real `mkdocs build --strict` in a new process
(its staff-marker nonce is new, as on the server), with Markdown.convert and the hashing of
photo files counted by a wrapper around MkDocs' own command line, and so are the retrainings of
pypinyin's segmenter (about 0.1 s each: once per build, not once per tag of every story) and
the Markdown still held once every page is rendered (none: at 5,000 stories it was about 240 MB
of the peak RSS).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from cache_support import SMALL, STORIES, counted_build, folder, story_files, story_page
from support import SETTINGS, site_config

from gallery import sealed
from gallery.mkdocs import rendercache

COUNTING = """
import hashlib, json, pathlib, sys
import markdown
from mkdocs.plugins import PluginCollection
from mkdocs.structure.pages import Page
from pypinyin.seg import mmseg
converted, pages, hashed, retrained, held = [], [], [], [], []
on_env = PluginCollection.on_env
def counting_env(self, env, *, config, files):
    held.append(sum(len(f.page.markdown or "") + len(f._content or "")
                    for f in files.documentation_pages()))
    return on_env(self, env, config=config, files=files)
PluginCollection.on_env = counting_env
convert, render, digest, retrain = (markdown.Markdown.convert, Page.render, hashlib.file_digest,
                                    mmseg.retrain)
def counting_convert(self, source):
    converted.append(source)
    return convert(self, source)
def counting_render(self, config, files):
    pages.append(self.file.src_uri)
    return render(self, config, files)
def counting_digest(f, name):
    hashed.append(pathlib.Path(f.name).name)
    return digest(f, name)
def counting_retrain(seg):
    retrained.append(1)
    return retrain(seg)
markdown.Markdown.convert = counting_convert
mmseg.retrain = counting_retrain
Page.render = counting_render
hashlib.file_digest = counting_digest
from mkdocs.__main__ import cli
try:
    cli(["build", "--strict", "-d", sys.argv[2]])
finally:
    pathlib.Path(sys.argv[1]).write_text(json.dumps({"converted": converted, "pages": pages,
                                                  "hashed": hashed, "retrained": retrained,
                                                  "held": held}))
"""
@pytest.fixture
def site(project):
    root = project(story_files(), settings=SETTINGS + SMALL)
    site_config(root)
    return root


def build(root: Path, out: str) -> dict[str, list[str]]:
    """One counted build of `root` into root/out; what it converted and hashed."""
    found, said = counted_build(root, out, COUNTING)
    found["log"] = [line for line in said.splitlines() if "页面：" in line]
    return found


def rendered(counts: dict[str, list[str]]) -> list[str]:
    """Which stories' pages MkDocs rendered from Markdown (MkDocs' own Page.render ran)."""
    return sorted(key for key in STORIES for uri in counts["pages"] if folder(key) in uri)


def site_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_warm_build_renders_and_reads_only_what_changed(site):
    root = site
    # The photos must be older than the stat index's racy window to be indexed at once.
    time.sleep(2.5)
    first = build(root, "out1")
    assert rendered(first) == ["a", "b", "c"]
    assert len(first["hashed"]) == 3
    assert len(first["retrained"]) == 1  # pypinyin taught the bank's words once, for all tags
    assert first["held"] == [0]  # every page's Markdown let go once rendered
    total = len(first["pages"])
    assert total > 10  # the stories, the indexes, the hubs, the home page

    second = build(root, "out2")
    assert second["pages"] == [] and second["hashed"] == []
    assert second["log"][-1].endswith(f"页面：共 {total} 个，重新渲染 0 个，使用缓存 {total} 个")
    assert site_bytes(root / "out2") == site_bytes(root / "out1")

    page = root / "site_src/moments/2024-05-02-b/index.md"
    page.write_text(story_page("b", STORIES["b"], body="新加的一句话。"), "utf-8")
    third = build(root, "out3")
    assert third["pages"] == ["moments/2024-05-02-b/index.md"] and third["hashed"] == []
    assert "新加的一句话" in (root / "out3/moments/2024-05-02-b/index.html").read_text("utf-8")

    shutil.rmtree(root / rendercache.CACHE_DIR)  # a clean build: the same bytes
    clean = build(root, "clean")
    assert rendered(clean) == ["a", "b", "c"]
    assert site_bytes(root / "clean") == site_bytes(root / "out3")


@pytest.mark.slow
def test_a_damaged_entry_is_rendered_again_never_served(site):
    root = site
    first = build(root, "out1")
    assert rendered(first) == ["a", "b", "c"]
    entries = sorted((root / rendercache.CACHE_DIR).glob("*/*.json"))
    story_a, story_b, story_c = (next(e for e in entries if f"正文：{title}" in e.read_text("utf-8"))
                                 for title in STORIES.values())
    story_c.write_bytes(story_a.read_bytes())  # a good entry, of another key
    forged = story_a.read_text("utf-8").replace(f"正文：{STORIES['a']}", "正文：被改过的内容")
    story_a.write_text(forged, "utf-8")  # valid JSON, the checksum no longer holds
    story_b.write_bytes(story_b.read_bytes()[:40])  # truncated
    again = build(root, "out2")
    assert rendered(again) == ["a", "b", "c"]
    assert site_bytes(root / "out2") == site_bytes(root / "out1")
    assert "被改过的内容" not in (root / "out2/moments/2024-05-01-a/index.html").read_text("utf-8")
    assert rendered(build(root, "out3")) == []  # made again, and whole


def test_entries_unused_for_a_month_are_pruned(tmp_path):
    folder = tmp_path / "pages"
    old, fresh = "ab" + "0" * 62, "cd" + "1" * 62
    for key in (old, fresh):
        rendercache.save_entry(folder, key, {"content": key})
    month_ago = time.time() - (sealed.PRUNE_AFTER_DAYS + 1) * 86400
    os.utime(rendercache.entry_path(folder, old), (month_ago, month_ago))
    assert sealed.prune(folder) == 1
    assert rendercache.load_entry(folder, old) is None
    assert rendercache.load_entry(folder, fresh)["content"] == fresh


def test_no_render_is_cached_when_an_extension_reads_other_files():
    from types import SimpleNamespace

    ours = ["toc", "tables", "attr_list", "md_in_html", "admonition"]
    assert rendercache.cacheable(SimpleNamespace(markdown_extensions=ours))
    assert not rendercache.cacheable(
        SimpleNamespace(markdown_extensions=[*ours, "pymdownx.snippets"]))
