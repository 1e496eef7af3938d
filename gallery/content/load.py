"""Load all content: every file under site_src/ allowed or told (boundary), the hand-written
pages, and every story folder discovered, read and validated, in one call."""

from __future__ import annotations

from pathlib import Path

from gallery.content import boundary
from gallery.content.discover import discover
from gallery.content.handwritten import read_pages, shown_photos
from gallery.content.model import Site
from gallery.content.read import read_document
from gallery.content.records import SECTIONS
from gallery.content.settings import Settings
from gallery.content.validate import duplicates, validate_story
from gallery.problems import Problem

DOCS_DIR = "site_src"
FOLDERS_TOLD = ("E214", "E512")  # a folder refused whole: its files are not told one by one


def load_site(root: Path, docs: Path, settings: Settings) -> tuple[Site, list[Problem]]:
    """Every story and hand-written page under `docs` validated into the model, with all
    problems found, including each file that may not be published (gallery.content.boundary)."""
    tree = boundary.walk(root, docs)
    if tree.linked:
        return Site((), settings.outlets, settings.today), list(tree.problems)
    pages, problems = read_pages(root, docs, tree.files)
    entries, bad = discover(root, docs)
    told = {p.path for p in bad if p.code in FOLDERS_TOLD}
    problems += [*bad, *tree.problems,
                 *boundary.strays(root, docs, tree.files, shown_photos(docs, pages), told)]
    found = []
    for entry in entries:
        doc, bad = read_document(entry.index, entry.shown)
        problems += bad
        if doc is None:
            continue
        story, bad = validate_story(doc, SECTIONS[entry.section], entry.slug, entry.shown,
                                    settings.outlet_names, settings.today)
        problems += bad
        if story is not None:
            found.append((story, doc, entry.shown))
    problems += duplicates(found)
    stories = tuple(story for story, _, _ in found)
    return Site(stories, settings.outlets, settings.today, pages), problems
