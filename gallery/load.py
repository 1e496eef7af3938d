"""Load a whole project: settings, discovery, reading and validation in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gallery.board import Board, load_boards
from gallery.discover import discover
from gallery.model import Site
from gallery.notice import load_notice
from gallery.problems import Problem
from gallery.read import read_document
from gallery.schema import SECTIONS
from gallery.settings import SETTINGS_FILE, Settings, load_settings
from gallery.validate import validate_story

DOCS_DIR = "site_src"


@dataclass(frozen=True)
class Project:
    """A loaded project: its settings, its validated site and every problem found."""

    root: Path
    docs: Path
    settings: Settings
    site: Site
    problems: tuple[Problem, ...]
    boards: tuple[Board, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that fail every build."""
        return tuple(p for p in self.problems if not p.is_warning)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that fail only a strict build."""
        return tuple(p for p in self.problems if p.is_warning)


def load_project(root: Path, docs: Path | None = None) -> Project:
    """Validate everything under `root` and return the model with all problems found."""
    docs = docs or root / DOCS_DIR
    settings, problems = load_settings(root)
    problems += load_notice(root, tuple(s.name for s in settings.screens))[1]
    entries, found = discover(root, docs)
    problems += found
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
    boards, bad = load_boards(root, docs, settings.outlets)
    problems += bad
    site = Site(tuple(stories), settings.outlets, settings.today)
    if not settings.outlets and any(p.path == SETTINGS_FILE for p in problems):
        # culture.yml could not give any outlet and says why: an "unknown outlet" for every
        # story, board row and screen would bury that one message.
        problems = [p for p in problems if p.code != "E207"]
    return Project(root, docs, settings, site, tuple(sorted(set(problems))), boards)
