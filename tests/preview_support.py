"""A running `culture serve` of a tiny project, for the preview tests (plain and browser)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from support import site_config, write_tree

TODAY = "2026-11-29"
GOOD = """\
---
title: 暖心服务
date: 2024-05-01
outlet: qianmen
summary: 大堂经理上门为卧床老人办理业务。
---
正文第一段。
"""
STORY = "site_src/moments/2024-05-01-nuan-xin/index.md"


def tiny_project(root: Path, settings: str) -> Path:
    """A project with one story, its mkdocs.yml pointing at this repository's hook and theme."""
    write_tree(root, {"culture.yml": settings, "site_src/index.md": "# 首页\n", STORY: GOOD})
    site_config(root)
    return root


class Serving:
    """A `python -m gallery serve` process and what it printed so far."""

    def __init__(self, process: subprocess.Popen, log: Path) -> None:
        self.process = process
        self.log = log

    def output(self) -> str:
        """Everything the command printed (stdout and stderr)."""
        return self.log.read_text("utf-8", errors="replace")

    def wait_for(self, text: str, timeout: float = 120, after: int = 0) -> str:
        """Wait until `text` appears in the output after character `after`; the output."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self.output()
            if text in out[after:]:
                return out
            if self.process.poll() is not None:
                raise AssertionError(f"culture serve ended ({self.process.returncode}):\n{out}")
            time.sleep(0.1)
        raise AssertionError(f"no {text!r} within {timeout} s:\n{self.output()}")

    def url(self) -> str:
        """The address the preview announced."""
        out = self.wait_for("预览地址：")
        return out.split("预览地址：", 1)[1].split("（", 1)[0]


def get(url: str) -> str:
    """The body of a page the preview serves."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


@contextlib.contextmanager
def serving(root: Path, port: int) -> Iterator[Serving]:
    """Run `culture serve --port PORT` (as `python -m gallery`) in `root` until the block ends."""
    log = root.parent / f"serve-{port}.log"
    env = {**os.environ, "CULTURE_TODAY": TODAY, "PYTHONUNBUFFERED": "1"}
    env.pop("NO_MKDOCS_2_WARNING", None)  # the command sets it itself
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "gallery", "serve", "--port", str(port)],
                                   cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        yield Serving(process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
