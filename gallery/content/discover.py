"""Find the story folders under site_src/ and check their names."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from gallery.content.records import SECTIONS
from gallery.paths import SCREEN_ROOT, is_slug, slugify
from gallery.problems import Problem, problem

STORY_FILE = "index.md"
HOME = "index.md"


@dataclass(frozen=True)
class Entry:
    """A story folder found on disk: its section, slug and index.md."""

    section: str
    slug: str
    index: Path
    shown: str


def readable(name: str) -> bool:
    """Whether a file name read from the disk is UTF-8 (else Python holds its bytes as
    surrogate escapes, which no page, URL or message can carry)."""
    return not any("\udc80" <= char <= "\udcff" for char in name)


def discover(root: Path, docs: Path) -> tuple[list[Entry], list[Problem]]:
    """All story folders of all sections, with problems in folder names."""
    if docs.is_symlink():
        return [], []  # boundary.walk reports it (E602); nothing behind a link is read
    if not docs.is_dir():
        return [], [problem(shown_path(root, docs), 1, "E106", name=docs.name)]
    entries: list[Entry] = []
    problems: list[Problem] = []
    if not (docs / HOME).exists():  # the nav starts at the home page (a link to one: E601)
        problems.append(problem(shown_path(root, docs / HOME), 1, "E107", name=docs.name))
    for folder in _folders(docs):
        if folder.name == SCREEN_ROOT:  # site/screen/ holds the lobby screens customers see
            problems.append(problem(shown_path(root, folder), 1, "E512", name=folder.name))
        elif folder.name in SECTIONS:
            found, bad = _section(root, folder)
            entries += found
            problems += bad
        elif any(is_regular(sub / STORY_FILE) for sub in _folders(folder)):
            shown = shown_path(root, folder)
            problems.append(problem(shown, 1, "E214", name=folder.name,
                                    choices="、".join(SECTIONS)))
    return entries, problems + _duplicates(entries)


def _section(root: Path, folder: Path) -> tuple[list[Entry], list[Problem]]:
    """The story folders of one section."""
    entries, problems = [], []
    for story in _folders(folder):
        index = story / STORY_FILE
        shown = shown_path(root, index)
        if index.is_symlink():
            continue  # boundary.walk reports it (E601); a link is never read
        if not is_regular(index):
            problems.append(problem(shown_path(root, story), 1, "E215", name=story.name))
        elif not is_slug(story.name):
            problems.append(problem(shown, 1, "E209", slug=story.name,
                                    example=suggest_slug(story.name)))
        else:
            entries.append(Entry(folder.name, story.name, index, shown))
    return entries, problems


def _folders(folder: Path) -> list[Path]:
    """The real folders in `folder`, sorted; a link to a folder is never followed (E601), a
    name that is not UTF-8 never read (E612: boundary.walk reports both)."""
    with os.scandir(folder) as entries:
        return sorted(Path(e.path) for e in entries
                      if e.is_dir(follow_symlinks=False) and readable(e.name))


def is_regular(path: Path) -> bool:
    """Whether `path` is a regular file itself: not a link to one, a folder or a pipe."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _duplicates(entries: list[Entry]) -> list[Problem]:
    """Slugs used by more than one story, site-wide."""
    first: dict[str, Entry] = {}
    problems = []
    for entry in entries:
        if entry.slug in first:
            other = first[entry.slug].shown
            problems.append(problem(entry.shown, 1, "E208", slug=entry.slug, other=other))
        else:
            first[entry.slug] = entry
    return problems


def shown_path(root: Path, path: Path) -> str:
    """A path as staff see it: relative to the project, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def suggest_slug(name: str) -> str:
    """A valid slug made from any folder name (pinyin for Chinese)."""
    return slugify(name) or "2024-05-01-nuan-xin-fu-wu"
