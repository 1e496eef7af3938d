"""Load all stories: discovery, reading and validation of every story folder in one call."""

from __future__ import annotations

from pathlib import Path

from gallery.content.bodyguard import check_page
from gallery.content.discover import HOME, discover, shown_path
from gallery.content.model import Site
from gallery.content.read import read_document
from gallery.content.records import SECTIONS
from gallery.content.settings import Settings
from gallery.content.validate import validate_story
from gallery.paths import SCREEN_ROOT
from gallery.problems import Problem

DOCS_DIR = "site_src"


def load_site(root: Path, docs: Path, settings: Settings) -> tuple[Site, list[Problem]]:
    """Every story under `docs` validated into the model, with all problems found."""
    entries, problems = discover(root, docs)
    problems += check_pages(root, docs)
    stories = []
    for entry in entries:
        doc, bad = read_document(entry.index, entry.shown)
        problems += bad
        if doc is None:
            continue
        story, bad = validate_story(doc, SECTIONS[entry.section], entry.slug, entry.shown,
                                    settings.outlet_names, settings.today)
        problems += bad
        if story is not None:
            stories.append(story)
    return Site(tuple(stories), settings.outlets, settings.today), problems


def check_pages(root: Path, docs: Path) -> list[Problem]:
    """Problems of the hand-written pages: the home page and each folder's intro (index.md)."""
    if not docs.is_dir():
        return []
    pages = [docs / HOME, *sorted(docs.glob(f"*/{HOME}"))]
    return [p for page in pages if page.is_file() and page.parent.name != SCREEN_ROOT
            for p in check_page(page, shown_path(root, page))]
