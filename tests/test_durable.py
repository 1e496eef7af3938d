"""Power-loss safety of a publish, read from the system calls of a real `culture publish`
(strace): every file of the build is flushed (syncfs) before the completion marker is written,
the marker is fsynced before its rename and its folder after it, and the folder holding the
served link is fsynced after the swap. A power cut can then leave the old site or the new one,
never a marker over files that are not on disk."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from publish_support import CULTURE, ENV, tiny_site

CALLS = re.compile(r"^\d+\s+(\w+)\((.*)\)\s+= 0$")


def calls(trace: Path) -> list[tuple[str, str]]:
    """(call, arguments) of every successful call traced, in order."""
    found = []
    for line in trace.read_text("utf-8", "replace").splitlines():
        match = CALLS.match(line)
        if match:
            found.append((match[1], match[2]))
    return found


def first(found: list[tuple[str, str]], call: str, needle: str, after: int = -1) -> int:
    for index, (name, args) in enumerate(found):
        if index > after and name == call and needle in args:
            return index
    raise AssertionError(f"no {call}({needle}…) after call {after}")


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_the_marker_and_the_swap_reach_the_disk_in_order(tmp_path: Path):
    root = tiny_site(tmp_path / "project")
    trace = tmp_path / "trace.txt"
    done = subprocess.run(["strace", "-f", "-qq", "-y", "-o", str(trace), "-e",
                           "trace=syncfs,fsync,fdatasync,rename,renameat,renameat2",
                           CULTURE, "publish", "--root", str(root)], env=ENV,
                          capture_output=True, text=True, timeout=300, check=False)
    if "ptrace" in done.stderr and done.returncode != 0:
        pytest.skip("ptrace is not permitted here")
    assert done.returncode == 0, done.stderr
    build = (root / "site").resolve()
    found = calls(trace)
    synced = first(found, "syncfs", f"<{build}>")
    marker_data = first(found, "fsync", f"{build}/..complete.", synced)
    marker = first(found, "rename", f'"{build}/.complete"', marker_data)
    marker_name = first(found, "fsync", f"<{build}>", marker)
    swap = first(found, "rename", f'"{root}/site"', marker_name)
    first(found, "fsync", f"<{root}>", swap)
    # Nothing of the build is written after its flush (the marker aside).
    late = [args for name, args in found[synced + 1:marker + 1] if name.startswith("rename")]
    assert late == [found[marker][1]]
