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
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gallery import disk, paths
from gallery.content import links
from gallery.content.settings import SETTINGS_FILE, check_settings, read_settings
from gallery.photos import budget, store
from gallery.problems import Problem
from gallery.project import current_notice, load_project
from gallery.publish import builds, fleet, gitserver, history, live, notify, takedown
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
    lifted: tuple[takedown.Lifted, ...] = ()  # takedowns ended: the story changed in Git


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
        lifted = takedown.honour(root, target)
        commit = builds.current_commit(root)
        output: list[str] = []  # the build's messages, for the history
        step = build or builds.mkdocs_build(root, store_dir(target), output,
                                            takedown.build_env(target))
        started = time.time()
        try:
            folder = builds.publish(target, step, commit=commit, finish=finish(root, target))
        except Exception as err:
            with contextlib.suppress(OSError):  # a full disk: the build's own error matters
                queue.record(generation, False, None, commit)
            failed = history.entry(root, started, False, commit, output)
            remember(target, failed)
            tell_failure(target, failed, err)
            refresh_fleet(root, target)
            raise
        queue.record(generation, True, folder.name, commit)
        remember(target, history.entry(root, started, True, commit, output))
        store.prune(store_dir(target))
        with contextlib.suppress(OSError):  # the budget is kept next time
            prune_cache(root, target)
        refresh_fleet(root, target)
    return Published(True, folder, commit, damaged=tuple(damaged), checked=checked,
                     lifted=tuple(lifted))


def remember(target: Path, entry: history.Entry) -> None:
    """Add a publish to the history page; a disk problem there never fails the publish."""
    try:
        history.add(target, entry)
    except OSError:
        pass


def refresh_fleet(root: Path, target: Path) -> None:
    """Rewrite the fleet status page (and tell about screens gone stale); a problem there is
    said on stderr and never fails the publish."""
    try:
        found = fleet.refresh(root, target)
    except OSError as err:
        print(f"大堂屏状态页没有更新：{disk.message(err) if disk.is_disk_error(err) else err}",
              file=sys.stderr, flush=True)
        return
    if found.warning:
        print(found.warning, file=sys.stderr, flush=True)


def tell_failure(target: Path, failed: history.Entry, err: Exception) -> None:
    """Run the administrator's notification command for a failed publish."""
    commit = (failed.commit or "")[:10]
    subject = f"网站发布失败：提交 {commit or '（不在 Git 中）'}" + (
        f"（{failed.author}：{failed.message}）" if failed.author else "")
    cause = disk.message(err) if isinstance(err, OSError) and disk.is_disk_error(err) else None
    details = [*failed.problems, *([cause] if cause else []),
               "网站没有改动，仍在提供上一次成功生成的版本。详情见内网“发布记录”页和发布日志。"]
    said = notify.send(target, notify.PUBLISH_FAILED, subject, details,
                       commit=failed.commit or "")
    if said:
        print(said, file=sys.stderr, flush=True)


def finish(root: Path, target: Path) -> Callable[[Path], None]:
    """The last step of a build before its marker: refresh the live notice from notice.yml
    and point the build's notice at it."""

    def run(folder: Path) -> None:
        refresh_notice(root, target, folder)
        history.link_into(folder, live.live_dir(target))
        fleet.link_into(folder, live.live_dir(target))

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
    fleet.link_into(folder, shared)


@dataclass(frozen=True)
class TakenDown:
    """What a takedown did."""

    story: str
    live: Path  # the new live build, without the story
    rollback: Path | None  # the rollback made again without it (None: there is none now)
    retired: tuple[Path, ...]  # the builds that held it, deleted
    photos: int  # store files removed (the story's photos, unless another story uses them)
    failed: str | None = None  # why the rollback could not be made again (it was deleted)
    unlinked: tuple[str, ...] = ()  # links to it on other pages, now plain text (file:line)


def takedown_site(root: Path, target: Path, name: str,
                  waiting: Callable[[], object] | None = None,
                  build: Callable[[Path, Path], Callable[[Path], None]] | None = None,
                  ) -> TakenDown:
    """Take the story `name` down (under the publish lock): list it, make the live build again
    without it and swap, then make the rollback again from its commit without it, and delete
    every other build and the photos only they linked. If the live build fails, the list and
    the site are as before (raises BuildFailed or OSError); if only the rollback fails, there
    is no rollback. Raises UnknownStory for a name that is no story."""
    target = absolute(target)
    output: list[str] = []  # the builds' messages: which pages lost a link to the story
    make = build or (lambda project, _folder: builds.mkdocs_build(
        project, store_dir(target), output, takedown.build_env(target)))
    with Queue(target).exclusive(waiting):
        story = takedown.resolve(load_project(root).site, name)
        before = takedown.read(target)
        previous = builds.rollback_of(target)
        holding = [f for f in (builds.live_folder(target), previous and previous.folder) if f]
        entries = [e for e in before if e["story"] != story]
        listed = takedown.entry(root, story, holding)
        takedown.write(target, [*entries, listed])
        started, commit = time.time(), builds.current_commit(root)
        try:
            folder = builds.publish(target, make(root, target), commit=commit,
                                    finish=finish(root, target))
        except BaseException:
            takedown.write(target, before)
            raise
        again, failed = rebuild(root, target, previous, folder, make)
        remember(target, history.entry(root, started, True, commit, output,
                                       (listed["by"], f"紧急下架 {story}")))
        retired = builds.retire(target, {folder, *([again] if again else [])})
        photos = store.prune(store_dir(target))
    return TakenDown(story, folder, again, tuple(retired), photos, failed,
                     tuple(links.unlinked_lines(output)))


def rebuild(root: Path, target: Path, previous: builds.Build | None, live_build: Path,
            make: Callable[[Path, Path], Callable[[Path], None]]) -> tuple[Path | None, str | None]:
    """The rollback build made again from its commit (exported aside, the work tree's photo
    cache linked in) under a serial just below the live build's, marked complete, not served;
    or None and why not."""
    if previous is None:
        return None, None
    if not previous.commit:
        return None, "它不是从 Git 提交生成的"
    live_serial = builds.read_marker(live_build)
    serial = (live_serial.serial if live_serial else 1) - 1
    try:
        with tempfile.TemporaryDirectory(prefix="culture-takedown-") as temp:
            project = Path(temp) / "project"
            project.mkdir()
            gitserver.export(previous.commit, project, root)
            cache = root / paths.PHOTO_CACHE_DIR
            cache.mkdir(parents=True, exist_ok=True)
            (project / paths.PHOTO_CACHE_DIR).parent.mkdir(parents=True, exist_ok=True)
            (project / paths.PHOTO_CACHE_DIR).symlink_to(cache, target_is_directory=True)
            return builds.publish(target, make(project, target), commit=previous.commit,
                                  finish=finish(root, target), swap=False, serial=serial), None
    except gitserver.ServerError as err:
        return None, str(err)
    except OSError as err:
        return None, disk.message(err) if disk.is_disk_error(err) else f"重新生成失败（{err}）"
    except builds.BuildFailed:
        return None, "重新生成失败，原因见上面的提示"


class BadBudget(Exception):
    """culture.yml's cache budget is wrong: its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("cache_mb")
        self.problems = problems


def prune_cache(root: Path, target: Path) -> budget.Pruned:
    """Keep the photo cache of `root` within culture.yml's `images: cache_mb`, never touching
    an entry a build beside `target` links (call under the publish lock). Raises BadBudget."""
    file, problems = read_settings(root)
    settings, bad = check_settings(file)
    wrong = [p for p in problems + bad if p.path == SETTINGS_FILE and "cache_mb" in p.message]
    if wrong:
        raise BadBudget(wrong)
    kept = builds.folders(builds.builds_dir(target))
    return budget.prune_to(root / paths.PHOTO_CACHE_DIR, settings.images.cache_mb, kept)


def prune_cache_site(root: Path, target: Path,
                     waiting: Callable[[], object] | None = None) -> budget.Pruned:
    """`culture cache prune`: prune_cache under the publish lock."""
    target = absolute(target)
    with Queue(target).exclusive(waiting):
        return prune_cache(root, target)


def budget_mb(root: Path) -> int:
    """culture.yml's `images: cache_mb` (the default when it is wrong)."""
    file, _ = read_settings(root)
    settings, _ = check_settings(file)
    return settings.images.cache_mb
