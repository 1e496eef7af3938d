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
        write_tree(tmp_path, {"culture.yml": settings, **files})
        (tmp_path / "site_src").mkdir(exist_ok=True)
        return tmp_path

    return make
