"""What may leave site_src/: an allowlist over every file under it.

Only these come from site_src/: hand-written pages (home, section intros, the board intro),
stories (a section's folder/index.md), photos (as derivatives, never copied) and the board's
CSV files (rendered into pages). Every other file is a problem that names it and says what to
do; nothing under site_src/ is published as it is (the MkDocs layer drops every file MkDocs
finds there and publishes only generated pages, derivatives and the theme).

The walk uses os.scandir and never follows a link: a symlink anywhere under site_src/ (or
site_src itself) is reported, never read, so nothing outside the repository is ever read or
published. Litter that systems and editors leave behind (.DS_Store, Thumbs.db, desktop.ini,
Office lock files ~$x.docx, any name starting with a dot) is ignored: it is never published
and never reported, as reporting it would fail publishing over a file nobody chose to add.
A name that is not UTF-8 (unzipped by an old tool: GBK bytes) is reported (E612) with what it
reads as in GBK, and neither it nor anything under it is read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gallery.content.discover import readable, shown_path
from gallery.content.records import SECTIONS
from gallery.problems import Problem, problem

BOARD = "board"
INDEX = "index.md"
# Folders whose index.md is a known hand-written page ("" is site_src/ itself: the home page).
PAGE_FOLDERS = ("", *SECTIONS, BOARD)
# What the photo pipeline opens (gallery.photos.derive.FORMATS; a test keeps them in step).
IMAGES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".heic", ".heif", ".hif", ".webp", ".tif",
                    ".tiff", ".gif"})
DOCUMENTS = frozenset({".doc", ".docx", ".docm", ".dot", ".dotx", ".pdf", ".xls", ".xlsx",
                       ".xlsm", ".et", ".ppt", ".pptx", ".pps", ".ppsx", ".dps", ".wps", ".odt",
                       ".ods", ".odp", ".rtf", ".txt", ".pages", ".numbers", ".key", ".ofd"})
MEDIA = frozenset({".mp4", ".mov", ".m4v", ".avi", ".wmv", ".mkv", ".webm", ".flv", ".3gp",
                   ".mpg", ".mpeg", ".mts", ".m2ts", ".mp3", ".m4a", ".wav", ".aac", ".amr",
                   ".flac", ".ogg", ".wma"})
CODE = frozenset({".html", ".htm", ".xhtml", ".css", ".js", ".mjs", ".svg", ".svgz", ".php",
                  ".py", ".sh", ".xml"})
LITTER = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class Tree:
    """The regular files under site_src/ (relative POSIX paths, litter left out), found
    without following a link, and the problems of the walk (links, special files)."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    linked: bool = False  # site_src itself is a link: nothing under it was read


def is_litter(rel: str) -> bool:
    """Whether a path is system or editor litter: ignored, never published, never reported."""
    parts = rel.split("/")
    name = parts[-1].lower()
    return (name in LITTER or name.startswith("~$")
            or any(part.startswith(".") for part in parts))


def walk(root: Path, docs: Path) -> Tree:
    """Every regular file under `docs`, never following a link; links are problems (E601)."""
    if docs.is_symlink():
        return Tree((), (problem(shown_path(root, docs), 1, "E602", name=docs.name),), linked=True)
    files: list[str] = []
    problems: list[Problem] = []
    folders = [("", str(docs))] if docs.is_dir() else []  # (relative prefix, path)
    while folders:
        prefix, folder = folders.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError:
            continue  # unreadable: nothing in it can be read by the build either
        for entry in entries:
            rel = prefix + entry.name
            if not readable(entry.name):
                problems.append(unreadable_name(root, docs, prefix, entry.name))
            elif entry.is_symlink():
                problems.append(problem(shown_path(root, Path(entry.path)), 1, "E601",
                                        name=entry.name))
            elif entry.is_dir(follow_symlinks=False):
                folders.append((f"{rel}/", entry.path))
            elif not entry.is_file(follow_symlinks=False):
                problems.append(problem(shown_path(root, Path(entry.path)), 1, "E603",
                                        name=entry.name))
            elif not is_litter(rel):
                files.append(rel)
    return Tree(tuple(sorted(files)), tuple(sorted(problems)))


def unreadable_name(root: Path, docs: Path, prefix: str, name: str) -> Problem:
    """E612 for a name that is not UTF-8, shown as far as it can be read."""
    raw = name.encode("utf-8", "surrogateescape")
    try:
        guess = f"（按 GBK 读是“{raw.decode('gbk')}”）"
    except UnicodeDecodeError:
        guess = ""
    shown = raw.decode("utf-8", "replace")
    return problem(shown_path(root, docs / prefix) + "/" + shown, 1, "E612", name=shown,
                   guess=guess)


def page_folder(rel: str) -> str | None:
    """The folder whose hand-written page `rel` is ("" for the home page), or None."""
    parts = rel.split("/")
    if parts[-1] != INDEX or len(parts) > 2:
        return None
    folder = "/".join(parts[:-1])
    return folder if folder in PAGE_FOLDERS else None


def in_story_folder(rel: str) -> bool:
    """Whether `rel` is inside a story folder (site_src/<section>/<story>/…): photos there
    are the story's to use (the ones it names become derivatives; the others stay unused)."""
    parts = rel.split("/")
    return len(parts) >= 3 and parts[0] in SECTIONS


def is_story(rel: str) -> bool:
    """Whether `rel` is a story's index.md (site_src/<section>/<story>/index.md)."""
    parts = rel.split("/")
    return len(parts) == 3 and parts[0] in SECTIONS and parts[2] == INDEX


def is_board_data(rel: str) -> bool:
    """Whether the board module reads `rel` (any file beside board/index.md but images,
    which go through the photo rules like every image; wrong types there are E410)."""
    parts = rel.split("/")
    return (len(parts) == 2 and parts[0] == BOARD and parts[1] != INDEX
            and PurePosixPath(rel).suffix.lower() not in IMAGES)


def strays(root: Path, docs: Path, files: Iterable[str], shown_photos: set[str],
           told: Iterable[str] = ()) -> list[Problem]:
    """A problem for each file that is neither a page, a story, board data nor a photo
    allowed where it is (in a story folder, or shown by the hand-written page beside it).

    `told` are folders (as shown) already refused whole, e.g. an unknown section folder
    (E214): the files in them are not told one by one.
    """
    problems = []
    prefixes = tuple(f"{folder}/" for folder in told)
    for rel in files:
        if page_folder(rel) is not None or is_story(rel) or is_board_data(rel):
            continue
        ext = PurePosixPath(rel).suffix.lower()
        if ext in IMAGES and (in_story_folder(rel) or rel in shown_photos):
            continue  # allowed where it is, whatever folder was refused
        shown = shown_path(root, docs / rel)
        if shown.startswith(prefixes):
            continue
        code = _code(ext)
        problems.append(problem(shown, 1, code, name=PurePosixPath(rel).name,
                                ext=ext or "无扩展名"))
    return problems


def _code(ext: str) -> str:
    """The code of a file that may not be published, by its type."""
    if ext in IMAGES:
        return "E607"
    if ext == ".md":
        return "E608"
    if ext in DOCUMENTS:
        return "E604"
    if ext in MEDIA:
        return "E605"
    if ext in CODE:
        return "E610"
    return "E606"
