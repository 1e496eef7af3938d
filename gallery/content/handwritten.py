"""Hand-written pages: the home page and the intros of the sections and the board (index.md).

They are read like stories (the one front-matter splitter, real line numbers), and the images
their bodies show go through the photo pipeline like a story's body photos: files beside the
page's index.md, shown as derivatives, never copied. A page is always on the intranet and never
on a lobby screen, so it refuses the keys that would say otherwise (E609).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gallery.content import boundary, model
from gallery.content.bodyguard import check_body
from gallery.content.discover import shown_path
from gallery.content.engine import Checker
from gallery.content.read import Document, Lines, parse_block, read_parts
from gallery.content.validate import body_photos
from gallery.problems import Problem

# The publish rules of stories; a hand-written page is always shown, so it may not set them.
REFUSED = ("draft", "audience", "publish", "expire")


def read_pages(root: Path, docs: Path, files: Iterable[str],
               ) -> tuple[tuple[model.Page, ...], list[Problem]]:
    """Every known hand-written page among `files` (paths under `docs`), with its problems."""
    pages, problems = [], []
    for rel in files:
        folder = boundary.page_folder(rel)
        if folder is None:
            continue
        page, bad = read_page(docs / rel, shown_path(root, docs / rel), folder)
        problems += bad
        if page is not None:
            pages.append(page)
    return tuple(pages), problems


def read_page(path: Path, shown: str, folder: str) -> tuple[model.Page | None, list[Problem]]:
    """One hand-written page: its model (None when it cannot be read) and its problems."""
    parts, problems = read_parts(path, shown)
    if parts is None:
        return None, problems
    meta: dict[str, Any] = {}
    lines: Lines = {}
    if parts.block is not None:
        meta, lines, problems = parse_block(parts.block, shown, first_line=2)
        if problems:
            return None, problems
    check = Checker(shown, lines)
    for key in REFUSED:
        if key in meta:
            check.add((key,), "E609", key=key)
    guarded = check_body(parts.body, shown, parts.body_line)  # before anything parses the body
    check.problems += guarded
    photos = () if guarded else body_photos(check, Document(path, meta, parts.body, lines,
                                                             parts.body_line))
    # Kept even with errors (which stop every build): its photos are then not told as unused.
    return model.Page(folder, path, parts.block, parts.body, photos), check.problems


def shown_photos(docs: Path, pages: Iterable[model.Page]) -> set[str]:
    """The photos the pages show, as paths under `docs` (allowed outside a story folder)."""
    return {photo.source.relative_to(docs).as_posix() for page in pages
            for photo in page.body_photos}
