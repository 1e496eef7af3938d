"""The repository itself: build output never gets committed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.fixture
def repo():
    if shutil.which("git") is None or git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")


pytestmark = pytest.mark.usefixtures("repo")


@pytest.mark.parametrize("name", ["site", ".site.link", ".site.builds/", ".cache/"])
def test_build_output_is_ignored_even_as_a_symlink(name):
    # `culture build` makes `site` a symbolic link: a pattern like `site/` does not match it.
    assert git("check-ignore", "--no-index", "-q", name).returncode == 0


def test_no_build_output_is_tracked():
    tracked = git("ls-files", "--", "site", ".site.builds", ".cache").stdout.split()
    assert tracked == []
