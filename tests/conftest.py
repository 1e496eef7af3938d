"""Shared fixtures: tiny projects made in code."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

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


@pytest.fixture
def project(tmp_path: Path):
    """A factory for tiny projects: culture.yml plus the given files under tmp_path."""

    def make(files: dict[str, str | bytes], settings: str = SETTINGS) -> Path:
        write_tree(tmp_path, {"culture.yml": settings, "site_src/index.md": "# 首页\n", **files})
        return tmp_path

    return make


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
    import os
    import subprocess
    import sys

    site_config(root)
    env = {**os.environ, "CULTURE_TODAY": today, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args],
                          cwd=root, env=env, check=False, capture_output=True, text=True, timeout=300)
