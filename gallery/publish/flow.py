"""`culture publish` and `culture rollback` from start to end, for any caller (a person, a Git
hook, a timer): take the lock, merge with runs already waiting, build aside, link the live
files, mark complete, swap, prune the builds and the photo store.

Beside the served path `site` (all hidden, all on the same file system):

    site               link to the live build
    .site.builds/      the builds (gallery.publish.builds)
    .site.publish/     the lock and the queue (gallery.publish.queue)
    .site.live/        notice.json and the history page, outside every build
                       (gallery.publish.live, gallery.publish.history)
    .site.store/       the photo store builds hard-link from (gallery.photos.store)
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gallery.photos import store
from gallery.project import current_notice
from gallery.publish import builds, history, live
from gallery.publish.queue import Queue


@dataclass(frozen=True)
class Published:
    """How a publish ended."""

    ok: bool  # the state this run asked for is live
    folder: Path | None  # the live build
    commit: str | None  # the commit that build was made from
    merged: bool = False  # built by another run this one waited for
    damaged: tuple[Path, ...] = field(default=())  # store files --verify took out
    checked: int | None = None  # store files --verify hashed


def store_dir(target: Path) -> Path:
    """The photo store of the served path `target`: hidden, beside it."""
    return target.parent / f".{target.name}.store"


def absolute(target: Path) -> Path:
    """`target` made absolute without following its link."""
    return Path(os.path.abspath(target))


def publish_site(root: Path, target: Path, *, verify: bool = False,
                 waiting: Callable[[], object] | None = None,
                 prepare: Callable[[], object] | None = None,
                 build: Callable[[Path], None] | None = None) -> Published:
    """Publish the project at `root` to `target` safely at any time (see the module doc).

    `prepare` runs under the lock before the build (a Git hook updates the work tree there);
    `build` replaces the MkDocs build (tests). Raises BuildFailed or OSError, site unchanged.
    """
    target = absolute(target)
    queue = Queue(target)
    mine = queue.ticket()
    with queue.exclusive(waiting):
        checked, damaged = store.verify(store_dir(target)) if verify else (None, [])
        done = queue.done()
        # Served by a build started after this run's ticket. A record newer than the counter
        # is left from before the counter was reset (its file deleted): never trust it.
        if done and mine <= int(done["generation"]) <= queue.wanted() and not damaged:
            return Published(bool(done["ok"]), builds.live_folder(target), done.get("commit"),
                             merged=True, checked=checked)
        generation = queue.wanted()
        if prepare:
            prepare()
        commit = builds.current_commit(root)
        output: list[str] = []  # the build's messages, for the history
        step = build or builds.mkdocs_build(root, store_dir(target), output)
        started = time.time()
        try:
            folder = builds.publish(target, step, commit=commit, finish=finish(root, target))
        except Exception:
            with contextlib.suppress(OSError):  # a full disk: the build's own error matters
                queue.record(generation, False, None, commit)
            remember(target, history.entry(root, started, False, commit, output))
            raise
        queue.record(generation, True, folder.name, commit)
        remember(target, history.entry(root, started, True, commit, output))
        store.prune(store_dir(target))
    return Published(True, folder, commit, damaged=tuple(damaged), checked=checked)


def remember(target: Path, entry: history.Entry) -> None:
    """Add a publish to the history page; a disk problem there never fails the publish."""
    try:
        history.add(target, entry)
    except OSError:
        pass


def finish(root: Path, target: Path) -> Callable[[Path], None]:
    """The last step of a build before its marker: refresh the live notice from notice.yml
    and point the build's notice at it."""

    def run(folder: Path) -> None:
        refresh_notice(root, target, folder)
        history.link_into(folder, live.live_dir(target))

    return run


def refresh_notice(root: Path, target: Path, folder: Path | None) -> None:
    """Write the live notice from notice.yml as it is now (unless it is broken: the live one
    stays) and link `folder`'s notice to it."""
    with live.notice_lock(target):
        notice, problems = current_notice(root)
        if not problems and folder is not None and (folder / "screen").is_dir():
            live.write_notice(target, notice)
        if folder is not None:
            live.link_into(folder, live.live_dir(target))


def rollback_site(target: Path, waiting: Callable[[], object] | None = None) -> builds.Build:
    """Serve the previous complete build again (under the lock); raises NoRollback."""
    target = absolute(target)
    queue = Queue(target)
    with queue.exclusive(waiting):
        return builds.rollback(target, lambda folder: relink(folder, live.live_dir(target)))


def relink(folder: Path, shared: Path) -> None:
    """Point a build brought back by a rollback at the live notice and history."""
    live.link_into(folder, shared)
    history.link_into(folder, shared)
