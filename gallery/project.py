"""A whole project loaded and checked: settings, stories, boards, screens and the notice.

This is where the subsystems' inputs meet, so `culture check`, the MkDocs build and the
notice command all see the same problems. Every input file is read once.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

from gallery.content import links, schema, withdrawn
from gallery.content.layout import Changes
from gallery.content.load import DOCS_DIR, Checked, load_site
from gallery.content.model import Site
from gallery.content.records import front_matter_text_fields
from gallery.content.settings import SETTINGS_FILE, Settings, check_settings, read_settings
from gallery.content.words import settings_terms
from gallery.intranet import generate
from gallery.intranet.board import Board, load_boards
from gallery.photos import derive
from gallery.problems import Problem
from gallery.screens import playlist
from gallery.screens.config import LobbyScreens, Screen, check_screens
from gallery.screens.notice import NOTICE_FILE, Notice, load_notice


@dataclass(frozen=True)
class Project:
    """A loaded project: its settings, its validated site and every problem found."""

    root: Path
    docs: Path
    settings: Settings
    site: Site
    problems: tuple[Problem, ...]
    boards: tuple[Board, ...] = ()
    screens: tuple[Screen, ...] = ()
    notice: Notice | None = None
    withdrawn: frozenset[str] = frozenset()  # URIs of the stories taken down
    unlinked: tuple[links.Unlinked, ...] = ()  # links to them, shown as plain text

    def lobby_widths(self) -> dict[Path, tuple[int, ...]]:
        """The sizes the lobby screens need beyond `images: widths`, per photo (made for those
        photos only: see gallery.screens.playlist.photo_widths)."""
        return playlist.photo_widths(self.screens, self.settings, self.site,
                                     lambda photo: derive.upright_size(photo.source))

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that fail every build."""
        return tuple(p for p in self.problems if not p.is_warning)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems that fail only a strict build."""
        return tuple(p for p in self.problems if p.is_warning)


def load_project(root: Path, docs: Path | None = None,
                 memo: MutableMapping[tuple, Checked] | None = None,
                 changes: Changes | None = None) -> Project:
    """Validate everything under `root` and return the model with all problems found
    (`memo`: stories already validated; `changes`: what a preview's watcher reported; see
    content.load.load_site)."""
    docs = docs or root / DOCS_DIR
    file, problems = read_settings(root)
    settings, bad = check_settings(file)
    problems += bad
    screens, bad = check_screens(file, settings.outlet_names)
    problems += bad
    notice, bad = load_notice(root, tuple(s.name for s in screens), settings_terms(settings))
    problems += bad
    site, bad = load_site(root, docs, settings, memo, changes)
    taken_down = withdrawn.current()
    site, problems = withdrawn.leave_out(site, problems + bad, taken_down)
    boards, bad = load_boards(root, docs, settings.outlets)
    problems += bad
    made = links.site_pages(site, generate.page_uris(site, settings, tuple(boards)),
                            taken_down.stories)
    bad, unlinked = links.check_site(site, made, root)
    problems += bad
    if not settings.outlets and any(p.path == SETTINGS_FILE and p.code != "E207" for p in problems):
        # culture.yml could not give any outlet and says why: an "unknown outlet" for every
        # story, board row and screen would bury that one message.
        problems = [p for p in problems if p.code != "E207"]
    return Project(root, docs, settings, site, tuple(sorted(set(problems))), boards, screens,
                   notice, made.withdrawn, tuple(unlinked))


def text_fields() -> list[tuple[str, schema.Key]]:
    """Every free-text field that staff write and the site shows, as (file, key path).

    Derived from the record declarations (gallery.content.schema.text_fields), so a text field
    added to any record is listed without changing this function. The files are "culture.yml",
    "notice.yml" and each section's front matter as a pattern ("site_src/moments/*/index.md");
    "*" in a key path stands for any index of a list, e.g. ("culture.yml", ("campaigns", "*",
    "name")), ("culture.yml", ("screens", "*", "playlist", "*", "slogan")), ("notice.yml",
    ("text",)), ("site_src/moments/*/index.md", ("photos", "*", "caption")).
    """
    return [
        *((SETTINGS_FILE, path) for path in schema.text_fields(Settings)),
        *((SETTINGS_FILE, path) for path in schema.text_fields(LobbyScreens)),
        *((NOTICE_FILE, path) for path in schema.text_fields(Notice)),
        *((f"{DOCS_DIR}/{folder}/*/index.md", path) for folder, path in front_matter_text_fields()),
    ]


def current_notice(root: Path) -> tuple[Notice | None, list[Problem]]:
    """notice.yml and its problems, reading only culture.yml besides (the screen names): what
    `culture notice` and the end of a publish need, without loading every story."""
    file, _ = read_settings(root)
    settings, _ = check_settings(file)
    screens, _ = check_screens(file, settings.outlet_names)
    return load_notice(root, tuple(s.name for s in screens), settings_terms(settings))
