"""What a preview's file watcher reported, and the walk of site_src/ kept while it holds.

A load walks site_src/ (boundary.walk), discovers every story folder (discover) and lists
each story folder with its index.md for the story's key: at 5,000 stories that is about
20,000 system calls and 5,000 file reads on every save. `culture serve` knows what changed:
its watcher (inotify, or polling where that fails) reports every path created, modified,
moved or deleted under site_src/. While no reported path changed what the walk and discovery
look at (which regular files and folders exist: their names and types), the last walk and
discovery are still right, and only the story folders holding a reported path need new keys.
Anything else (a folder or file that came or went, a link, a path reported before the watch
began) walks everything again.
"""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

from gallery.content import boundary
from gallery.content.discover import Entry, discover, shown_path
from gallery.problems import Problem


@dataclass
class Layout:
    """A walk of site_src/ and its discovery, with what each story's key read (by folder)."""

    docs: str  # site_src/, absolute
    tree: boundary.Tree
    entries: list[Entry]
    bad: list[Problem]  # discovery's problems (folder names)
    files: frozenset[str]  # the walk's regular files, relative to docs
    folders: frozenset[str]  # every folder holding one of them ("" is docs itself)
    refused: frozenset[str]  # the paths the walk reported (links, special files), as shown
    keys: dict[Entry, tuple[str, tuple]] = field(default_factory=dict)  # see content.load
    strays: tuple[tuple, list[Problem]] | None = None  # (inputs, problems) of boundary.strays


def walked(root: Path, docs: Path) -> Layout:
    """site_src/ walked and its story folders discovered."""
    tree = boundary.walk(root, docs)
    entries, bad = ([], []) if tree.linked else discover(root, docs)
    folders = {""}
    for rel in tree.files:
        parts = rel.split("/")
        folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
    return Layout(os.path.abspath(docs), tree, entries, bad, frozenset(tree.files),
                  frozenset(folders), frozenset(p.path for p in tree.problems))


class Changes:
    """The paths the preview's watcher reported since the last load, and the layout they
    keep valid. Inactive (every load walks) until the watch runs: paths changed before it
    began were never reported."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._active = False
        self.layout: Layout | None = None

    def add(self, *paths: str) -> None:
        """Paths the watcher reported (called from its thread)."""
        with self._lock:
            self._paths.update(p for p in paths if p)

    def lost(self) -> None:
        """The watcher lost reports (the system's queue overflowed): the next load walks."""
        with self._lock:
            self.layout = None

    def activate(self) -> None:
        """The watch runs from now on: the next load walks once more, later ones may not."""
        with self._lock:
            self._active = True
            self._paths.clear()
            self.layout = None

    def take(self) -> set[str] | None:
        """The paths reported since the last call (None while inactive: walk)."""
        with self._lock:
            paths, self._paths = self._paths, set()
            return paths if self._active else None


def current(root: Path, docs: Path, changes: Changes | None,
            ) -> tuple[Layout, set[str] | None]:
    """The layout of site_src/ and the story folders (absolute) to key again (None: all):
    the kept one when the reported paths left it valid, else a new walk."""
    touched = changes.take() if changes is not None else None
    held = changes.layout if changes is not None else None
    if held is not None and touched is not None and held.docs == os.path.abspath(docs) \
            and all(_same(root, held, path) for path in touched):
        paths = {os.path.abspath(p) for p in touched}
        return held, paths | {os.path.dirname(p) for p in paths}
    layout = walked(root, docs)
    if changes is not None:
        changes.layout = layout
    return layout, None


def _same(root: Path, held: Layout, path: str) -> bool:
    """Whether a reported path is what the walk found: the same kind of thing (a regular
    file, a folder, nothing), or litter, which the walk leaves out."""
    path = os.path.abspath(path)
    if path != held.docs and not path.startswith(held.docs + os.sep):
        return True  # outside site_src/ (culture.yml, mkdocs.yml): no part of the walk
    rel = Path(os.path.relpath(path, held.docs)).as_posix() if path != held.docs else ""
    before = "file" if rel in held.files else "folder" if rel in held.folders else None
    if before is None and shown_path(root, Path(path)) in held.refused:
        return False  # a link or special file the walk reported: look again
    now = _kind(path)
    if now == before:
        return True
    return before is None and now in (None, "file") and rel != "" and boundary.is_litter(rel)


def _kind(path: str) -> str | None:
    """"file", "folder", "other" or None (missing), never following a link."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return "file"
    return "folder" if stat.S_ISDIR(mode) else "other"
