"""Load all stories: discovery, reading and validation of every story folder in one call."""

from __future__ import annotations

from pathlib import Path

from gallery.content.discover import discover
from gallery.content.model import Site
from gallery.content.read import read_document
from gallery.content.records import SECTIONS
from gallery.content.settings import Settings
from gallery.content.validate import validate_story
from gallery.problems import Problem

DOCS_DIR = "site_src"


def load_site(root: Path, docs: Path, settings: Settings) -> tuple[Site, list[Problem]]:
    """Every story under `docs` validated into the model, with all problems found."""
    entries, problems = discover(root, docs)
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
