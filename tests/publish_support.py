"""Helpers for the publishing tests: a tiny MkDocs site that builds in about a second, the real
`culture` command as a process, and a loopback web server over the served link."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import brotli
from support import write_tree

from gallery.publish import compress

CULTURE = str(Path(sys.executable).with_name("culture"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CULTURE_TODAY": "2026-11-30"}
LIVE = "已上线："
UNCHANGED = "网站没有改动，仍在提供上一次成功生成的版本。"


def tiny_site(root: Path, stamp: str = "0") -> Path:
    """A plain MkDocs project (no gallery hook: it builds fast) with a lobby-screen folder, so
    the live notice is linked in like on the real site. `round.txt` tells which state it is."""
    write_tree(root, {
        "mkdocs.yml": "site_name: 小站\ndocs_dir: docs\ntheme: mkdocs\n",
        "docs/about.md": "# 关于\n",
        "docs/screen/notice.json": '{"notice": null}',
        "docs/screen/heartbeat.txt": "ok\n",
    })
    return stamped(root, stamp)


def stamped(root: Path, stamp: str) -> Path:
    """Change the tiny site's content to state `stamp`."""
    write_tree(root, {"docs/index.md": f"# 第 {stamp} 版\n", "docs/round.txt": stamp})
    return root


def culture(root: Path, *args: str, env: dict[str, str] | None = None,
            **popen: object) -> subprocess.Popen:
    """Start `culture ARGS --root ROOT` as a process (output captured as text)."""
    return subprocess.Popen([CULTURE, *args, "--root", str(root)], cwd=root, env=env or ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **popen)  # type: ignore[call-overload]


def run(root: Path, *args: str, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess:
    """Run `culture ARGS --root ROOT` to its end."""
    return subprocess.run([CULTURE, *args, "--root", str(root)], cwd=root, env=env or ENV,
                          capture_output=True, text=True, timeout=600, check=False)


def site_files(folder: Path) -> list[str]:
    """Every file of a build, relative (the live notice link included, the marker not)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if (p.is_file() or p.is_symlink()) and not p.name.startswith("."))


@contextlib.contextmanager
def serving(target: Path) -> Iterator[int]:
    """Serve the path `target` (following its link on every request) on loopback."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(target))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


GZIP = compress.gzip_bytes  # the real one, not a test's counting stand-in


def served_copies_are_exact(folder: Path) -> int:
    """Every .gz and .br of a build decompresses to exactly the file beside it, every text file
    whose copy pays has both, and no copy is left without its file. Returns the copies checked."""
    checked = 0
    for path in compress.candidates(folder):
        data = path.read_bytes()
        made = {".gz": GZIP(data), ".br": brotli.compress(data, quality=compress.BROTLI_QUALITY)}
        for suffix, unpack in ((".gz", gzip.decompress), (".br", brotli.decompress)):
            copy = path.with_name(path.name + suffix)
            if len(made[suffix]) <= len(data) * (1 - compress.MIN_SAVING):
                assert unpack(copy.read_bytes()) == data, copy
                checked += 1
            else:
                assert not copy.exists(), copy
    for copy in [*folder.rglob("*.gz"), *folder.rglob("*.br")]:
        assert copy.with_suffix("").is_file(), f"{copy} outlived its file"
    return checked
