"""Shared fixtures: tiny projects made in code (helpers are in support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import CHROMIUM, CHROMIUM_ARGS, SETTINGS, need_chromium, write_tree


@pytest.fixture
def project(tmp_path: Path):
    """A factory for tiny projects: culture.yml plus the given files under tmp_path."""

    def make(files: dict[str, str | bytes], settings: str = SETTINGS) -> Path:
        write_tree(tmp_path, {"culture.yml": settings, "site_src/index.md": "# 首页\n", **files})
        return tmp_path

    return make


@pytest.fixture(scope="session")
def pw():
    """Playwright, started once: its sync API cannot run twice at once in one process."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium_process(pw):
    """The one Chromium of the session (Debian's, with CHROMIUM_ARGS)."""
    launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def browser(chromium_process):
    """The session's Chromium; pages a test module left open are closed after it."""
    yield chromium_process
    for context in chromium_process.contexts:
        context.close()
