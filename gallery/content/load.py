"""Load all content: every file under site_src/ allowed or told (boundary), the hand-written
pages, and every story folder discovered, read and validated, in one call."""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from gallery.content import boundary
from gallery.content.discover import Entry, discover
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
              memo: MutableMapping[tuple, Checked] | None = None) -> tuple[Site, list[Problem]]:
    """Every story and hand-written page under `docs` validated into the model, with all
    problems found, including each file that may not be published (gallery.content.boundary).

    `memo` (the preview keeps one between rebuilds) remembers each story read and validated,
    keyed by its file's bytes, its folder's listing and the settings validation uses, so a
    rebuild reads again only what changed."""
    tree = boundary.walk(root, docs)
    if tree.linked:
        return Site((), settings.outlets, settings.today), list(tree.problems)
    pages, problems = read_pages(root, docs, tree.files)
    entries, bad = discover(root, docs)
    told = {p.path for p in bad if p.code in FOLDERS_TOLD}
    problems += [*bad, *tree.problems,
                 *boundary.strays(root, docs, tree.files, shown_photos(docs, pages), told)]
    found, used = [], set[tuple]()
    for entry in entries:
        doc, story, bad = _checked(entry, settings, memo, used)
        problems += bad
        if story is not None:
            found.append((story, doc, entry.shown))
    if memo is not None:
        for key in set(memo) - used:  # edited or removed since: never asked for again
            del memo[key]
    problems += duplicates(found)
    stories = tuple(story for story, _, _ in found)
    return Site(stories, settings.outlets, settings.today, pages), problems


def _checked(entry: Entry, settings: Settings,
             memo: MutableMapping[tuple, Checked] | None, used: set[tuple]) -> Checked:
    """One story folder read and validated: (document, story, problems), from `memo` when
    nothing it depends on changed (its key added to `used`)."""
    key = _story_key(entry, settings) if memo is not None else None
    if key is not None:
        used.add(key)
    if memo is not None and key is not None and key in memo:
        return memo[key]
    doc, problems = read_document(entry.index, entry.shown)
    story = None
    if doc is not None:
        story, bad = validate_story(doc, SECTIONS[entry.section], entry.slug, entry.shown,
                                    settings.outlet_names, settings.today)
        problems += bad
    if memo is not None and key is not None:
        memo[key] = (doc, story, problems)
    return doc, story, problems


def _story_key(entry: Entry, settings: Settings) -> tuple | None:
    """What reading and validating a story look at: its file's bytes, the name, size and
    modification time of every file in its folder (photos are checked there), the outlets and
    the day. None when the folder cannot be listed (read it again: the read reports why)."""
    try:
        text = entry.index.read_bytes()
        with os.scandir(entry.index.parent) as found:
            listing = tuple(sorted((f.name, f.is_dir(follow_symlinks=False),
                                    *_size_time(f)) for f in found))
    except OSError:
        return None
    return (entry.index, entry.section, entry.slug, entry.shown, text, listing,
            tuple(settings.outlet_names.items()), settings.today)


def _size_time(found: os.DirEntry) -> tuple[int, int]:
    """A directory entry's size and modification time (of the link itself, never followed)."""
    stat = found.stat(follow_symlinks=False)
    return stat.st_size, stat.st_mtime_ns
