"""Helpers shared by the tests: the standard culture.yml, tiny trees written in code, and a
real `mkdocs build --strict` of a tiny project. Fixtures stay in conftest.py."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Debian's Chromium, driven by Playwright (the `pw` and `browser` fixtures in conftest.py).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def need_chromium() -> None:
    """Skip the test (before any site is built for it) when Chromium is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")


SETTINGS = """\
name: 中国工商银行北京珠市口支行
short_name: 珠市口支行
outlets:
  - id: qianmen
    name: 前门支行
  - id: tianqiao
    name: 天桥支行
complaint_channels:
  - name: 客户服务热线
    phone: "95588"
"""

# The approval record every public story needs to reach the lobby (issue 9): by someone other
# than the author, dated after the story; customers appear in the moments' photos.
APPROVAL = """\
approval:
  by: 周敏（支行办公室）
  date: {day}
  customers: {customers}
  consent: 客户书面同意书 2024-031
"""


def approval(audience: str, day: str = "2024-05-01", customers: str = "true") -> str:
    """The approval block of a story's front matter: a public story's record, else nothing."""
    return APPROVAL.format(day=day, customers=customers) if audience == "public" else ""


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text or bytes) under `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), "utf-8")
    return root


REPO = Path(__file__).resolve().parent.parent


def site_config(root: Path) -> Path:
    """Write the project's mkdocs.yml into `root`, with repo-relative paths made absolute."""
    text = (REPO / "mkdocs.yml").read_text("utf-8")
    for relative in ("hooks/", "overrides"):
        text = text.replace(f" {relative}", f" {REPO}/{relative}")
    path = root / "mkdocs.yml"
    path.write_text(text, "utf-8")
    index = root / "site_src" / "index.md"
    if not index.exists():
        write_tree(root, {"site_src/index.md": "# 首页\n"})
    return path


def mkdocs_build(root: Path, *args: str, today: str = "2026-11-29"):
    """Run a real `mkdocs build --strict` of the project at `root`; return the process."""
    site_config(root)
    env = {**os.environ, "CULTURE_TODAY": today, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args],
                          cwd=root, env=env, check=False, capture_output=True, text=True, timeout=300)
