"""Load all content: every file under site_src/ allowed or told (boundary), the hand-written
pages, and every story folder discovered, read and validated, in one call."""

from __future__ import annotations

import os
import stat
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from gallery.content import boundary, layout, storecache
from gallery.content.discover import Entry
from gallery.content.handwritten import read_pages, shown_photos
from gallery.content.model import Site
from gallery.content.read import read_document
from gallery.content.records import SECTIONS
from gallery.content.settings import Settings
from gallery.content.validate import duplicates, validate_story
from gallery.problems import Problem

DOCS_DIR = "site_src"
FOLDERS_TOLD = ("E214", "E512")  # a folder refused whole: its files are not told one by one


# A story read and validated, kept by `memo` (see load_site): the key is everything its
# reading and validation look at.
Checked = tuple[Any, Any, list[Problem]]


def load_site(root: Path, docs: Path, settings: Settings,
              memo: MutableMapping[tuple, Checked] | None = None,
              changes: layout.Changes | None = None) -> tuple[Site, list[Problem]]:
    """Every story and hand-written page under `docs` validated into the model, with all
    problems found, including each file that may not be published (gallery.content.boundary).

    `memo` (the preview keeps one between rebuilds) remembers each story read and validated,
    keyed by its file's bytes, its folder's listing and the settings validation uses, so a
    rebuild reads again only what changed. Across processes, .cache/stories.json does the
    same (gallery.content.storecache; a preview uses it for its first load only). `changes`:
    what the preview's watcher reported, so that site_src/ is not walked again when nothing
    came or went (gallery.content.layout)."""
    found_layout, touched = layout.current(root, docs, changes)
    tree = found_layout.tree
    if tree.linked:
        return Site((), settings.outlets, settings.today), list(tree.problems)
    pages, problems = read_pages(root, docs, tree.files)
    entries, bad = found_layout.entries, found_layout.bad
    told = {p.path for p in bad if p.code in FOLDERS_TOLD}
    problems += [*bad, *tree.problems, *_strays(root, docs, found_layout, pages, told)]
    found, used = [], set[tuple]()
    kept = storecache.StoryCache(root, enabled=not memo)  # a preview's first load only
    for entry in entries:
        base = _story_key(entry, found_layout.keys, touched)
        doc, story, bad = _checked(entry, settings, memo, used, kept, base)
        problems += bad
        if story is not None:
            found.append((story, doc, entry.shown))
    kept.save()
    if memo is not None:
        for key in set(memo) - used:  # edited or removed since: never asked for again
            del memo[key]
    problems += duplicates(found)
    stories = tuple(story for story, _, _ in found)
    return Site(stories, settings.outlets, settings.today, pages), problems


def _strays(root: Path, docs: Path, found: layout.Layout, pages: tuple, told: set[str],
            ) -> list[Problem]:
    """The files that may not be published (boundary.strays), kept with the layout while
    what they depend on is the same."""
    shown = shown_photos(docs, pages)
    inputs = (shown, told)
    if found.strays is None or found.strays[0] != inputs:
        found.strays = (inputs, boundary.strays(root, docs, found.tree.files, shown, told))
    return list(found.strays[1])


def _checked(entry: Entry, settings: Settings, memo: MutableMapping[tuple, Checked] | None,
             used: set[tuple], kept: storecache.StoryCache, files: tuple | None) -> Checked:
    """One story folder read and validated: (document, story, problems), from `memo` or the
    cache across builds (`kept`) when nothing it depends on changed (its key added to
    `used`). `files`: what the story's key reads of its folder (_story_key)."""
    base = None if files is None else (*files, tuple(settings.outlet_names.items()))
    key = None if base is None else (*base, settings.today)
    if memo is not None and key is not None:
        used.add(key)
        if key in memo:
            return memo[key]
    digest = None if base is None else storecache.story_digest(base)
    checked = None if digest is None else kept.get(digest, settings.today)
    if checked is None:
        today = storecache.watched(settings.today)
        checked = _read_and_validate(entry, settings, today)
        if digest is not None:
            kept.put(digest, checked, today)
    if memo is not None and key is not None:
        memo[key] = checked
    return checked


def _read_and_validate(entry: Entry, settings: Settings, today: storecache.Watched) -> Checked:
    """One story folder read and validated (`today`: the day, watched)."""
    doc, problems = read_document(entry.index, entry.shown)
    story = None
    if doc is not None:
        story, bad = validate_story(doc, SECTIONS[entry.section], entry.slug, entry.shown,
                                    settings.outlet_names, today)
        problems += bad
    return doc, story, problems


def _story_key(entry: Entry, held: dict[Entry, tuple[str, tuple]],
               touched: set[str] | None) -> tuple | None:
    """What reading and validating a story look at in its folder: its file's bytes, the
    name, type, size, times and inode of every file there (photos are checked there); kept
    in `held` with the folder's absolute path, read again only for the folders the watcher
    reported (`touched`, None: all).
    None when the folder cannot be listed (read it again: the read reports why)."""
    folder = entry.index.parent
    kept = held.get(entry) if touched is not None else None
    if kept is not None and touched is not None and kept[0] not in touched:
        return kept[1]
    try:
        text = entry.index.read_bytes()
        with os.scandir(folder) as found:
            listing = tuple(sorted((f.name, *_status(f)) for f in found))
    except OSError:
        held.pop(entry, None)
        return None
    key = (entry.index, entry.section, entry.slug, entry.shown, text, listing)
    held[entry] = (os.path.abspath(folder), key)
    return key


def _status(found: os.DirEntry) -> tuple[int, int, int, int, int]:
    """A directory entry's type, size, modification and change times and inode (of the link
    itself, never followed)."""
    status = found.stat(follow_symlinks=False)
    return (stat.S_IFMT(status.st_mode), status.st_size, status.st_mtime_ns,
            status.st_ctime_ns, status.st_ino)
