"""One publish at a time, and runs that wait merged into one.

Publishing is serialised by an exclusive flock on `.site.publish/lock` (the kernel drops it
when its process dies, even by kill -9). Runs that arrive while another builds wait for it,
and several waiting runs merge: each run first takes a ticket, a number from the `wanted`
counter. Whoever then holds the lock builds the newest state, for every ticket issued so far,
and records that generation in `done.json`. A run whose ticket is at most the recorded one
was served by that build and exits saying so, without building again.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gallery.fileio import write_atomic

LOCK = "lock"
NOTICE_LOCK = "notice.lock"  # `culture notice` waits only for other notice writers
COUNTER_LOCK = "counter.lock"
WANTED = "wanted"
DONE = "done.json"


def queue_dir(target: Path) -> Path:
    """The lock and queue folder of the served path `target`: hidden, beside it."""
    return target.parent / f".{target.name}.publish"


@contextlib.contextmanager
def locked(path: Path, waiting: Callable[[], object] | None = None) -> Iterator[None]:
    """Hold an exclusive flock on `path`; call `waiting()` once if someone else holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing drops the lock


class Queue:
    """The publish lock and the generation counters of one served path."""

    def __init__(self, target: Path) -> None:
        self.folder = queue_dir(target)

    def ticket(self) -> int:
        """A new generation number: this run wants the state of the work tree as of now."""
        with locked(self.folder / COUNTER_LOCK):
            number = self.wanted() + 1
            write_atomic(self.folder / WANTED, f"{number}\n")
        return number

    def wanted(self) -> int:
        """The newest generation asked for."""
        try:
            return int((self.folder / WANTED).read_text("utf-8"))
        except (OSError, ValueError):
            return 0

    def exclusive(self, waiting: Callable[[], object] | None = None,
                  ) -> contextlib.AbstractContextManager[None]:
        """The publish lock (blocking)."""
        return locked(self.folder / LOCK, waiting)

    def done(self) -> dict[str, Any] | None:
        """What the last finished run recorded: generation, ok, build, commit."""
        try:
            body = json.loads((self.folder / DONE).read_bytes())
            int(body["generation"])
            return body if isinstance(body, dict) else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def record(self, generation: int, ok: bool, build: str | None, commit: str | None) -> None:
        """Record the outcome of a build made for every ticket up to `generation`."""
        body = {"generation": generation, "ok": ok, "build": build, "commit": commit}
        write_atomic(self.folder / DONE, json.dumps(body) + "\n")
