"""Shared fixtures: tiny projects made in code (helpers are in support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SETTINGS, write_tree


@pytest.fixture
def project(tmp_path: Path):
    """A factory for tiny projects: culture.yml plus the given files under tmp_path."""

    def make(files: dict[str, str | bytes], settings: str = SETTINGS) -> Path:
        write_tree(tmp_path, {"culture.yml": settings, "site_src/index.md": "# 首页\n", **files})
        return tmp_path

    return make
