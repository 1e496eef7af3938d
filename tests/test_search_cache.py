"""A build takes each page's search entry from `.cache/search/entries.json` when everything the
entry is made from is unchanged (gallery.mkdocs.search_glue.EntryCache): a no-change build makes
no entry, an edit makes the entries of the pages it changed, and the index file is byte for byte
what a build without the cache writes. A damaged cache or one of other code is not used.

Work is counted, not timed: each build is a real `mkdocs build --strict` in a new process, with
searchindex.page_entry counted by a wrapper around MkDocs' own command line.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cache_support import SMALL, counted_build, folder, story_files, story_page
from support import SETTINGS, site_config

from gallery.intranet import searchindex
from gallery.mkdocs import search_glue

COUNTING = """
import json, pathlib, sys
from gallery.intranet import searchindex
made = []
page_entry = searchindex.page_entry
def counting(location, *args, **kwargs):
    made.append(location)
    return page_entry(location, *args, **kwargs)
searchindex.page_entry = counting
from mkdocs.__main__ import cli
try:
    cli(["build", "--strict", "-d", sys.argv[2]])
finally:
    pathlib.Path(sys.argv[1]).write_text(json.dumps(made))
"""
@pytest.fixture
def site(project):
    root = project(story_files(), settings=SETTINGS + SMALL)
    site_config(root)
    return root


def build(root: Path, out: str) -> list[str]:
    """One counted build of `root` into root/out; the pages whose entry was made."""
    return sorted(counted_build(root, out, COUNTING)[0])


def index(root: Path, out: str) -> bytes:
    return (root / out / searchindex.INDEX_FILE).read_bytes()


@pytest.mark.slow
def test_entries_come_from_the_cache_and_equal_fresh_ones_after_an_edit(site):
    root = site
    first = build(root, "out1")
    assert f"moments/{folder('b')}/" in first and len(first) > 5
    assert (root / search_glue.CACHE_FILE).is_file()

    assert build(root, "out2") == []  # nothing changed: no entry made
    assert index(root, "out2") == index(root, "out1")

    page = root / f"site_src/moments/{folder('b')}/index.md"
    page.write_text(story_page("b", body="新加的一句话：反诈宣传进社区。"), "utf-8")
    edited = build(root, "out3")
    assert f"moments/{folder('b')}/" in edited
    assert f"moments/{folder('a')}/" not in edited and len(edited) < len(first)
    assert "反诈宣传进社区" in index(root, "out3").decode()

    shutil.rmtree(root / ".cache" / "search")  # a clean build: the same index, every entry made
    assert build(root, "clean") == first
    assert index(root, "clean") == index(root, "out3")


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["truncated", "made by other code"])
def test_a_damaged_or_foreign_cache_is_not_served(site, damage):
    root = site
    first = build(root, "out1")
    cache = root / search_glue.CACHE_FILE
    if damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:100])
    else:  # entries of another version of searchindex (their text differs here)
        body = json.loads(cache.read_text("utf-8"))
        body["code"] = "0" * 64
        for entry in body["entries"].values():
            entry[3] = "旧代码的正文"
        cache.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    assert build(root, "out2") == first  # every entry made again
    assert index(root, "out2") == index(root, "out1")
    assert "旧代码" not in index(root, "out2").decode()
