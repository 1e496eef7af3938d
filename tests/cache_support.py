"""A three-story project for the build-cache tests (Markdown renders, generated pages, the page
template's output, search entries): each story has a heading, tags and a link to the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from screen_support import moment, photo_bytes

SMALL = "images:\n  widths: [160, 320]\n"  # two small derivatives: quick photo stage
STORIES = {"a": "前门暖心服务", "b": "天桥耐心讲解", "c": "营业室反诈课堂"}


def folder(key: str) -> str:
    """The story folder of `key` (a, b or c)."""
    return f"2024-05-0{'abc'.index(key) + 1}-{key}"


def story_page(key: str, title: str = "", body: str = "") -> str:
    """A moment with a heading and a link to the next story (links are looked up in files)."""
    title = title or STORIES[key]
    after = "abc"[("abc".index(key) + 1) % 3]
    tags = "tags: [暖心服务, 反诈宣传]\n"  # every story's tags are slugged (links, hubs)
    return moment(title, day=folder(key)[:10], extra=tags).replace(
        f"正文：{title}。", f"正文：{title}。{body}\n\n## 小标题{key}\n\n[下一篇](../{folder(after)}/)")


def story_files() -> dict[str, str | bytes]:
    """The three stories and a photo each, as files under the project."""
    files: dict[str, str | bytes] = {}
    for i, (key, title) in enumerate(STORIES.items()):
        files[f"site_src/moments/{folder(key)}/index.md"] = story_page(key, title)
        files[f"site_src/moments/{folder(key)}/1.jpg"] = photo_bytes((40 * i, 90, 200 - 40 * i),
                                                                    (400, 300))
    return files


def counted_build(root: Path, out: str, script: str) -> tuple[Any, str]:
    """Build `root` into root/out with `script` (python -c SCRIPT COUNTS OUT), which writes
    what it counted as JSON; that JSON and the build's stderr."""
    counts = root / f"{out}.json"
    env = {**os.environ, "CULTURE_TODAY": "2026-11-29", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", script, str(counts), str(root / out)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(counts.read_text()), done.stderr
