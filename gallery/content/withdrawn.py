"""Stories taken down by the administrator (`culture takedown`), as a build sees them.

`culture publish` keeps the takedown list in the live folder, outside every build
(gallery.publish.takedown), and names it to the MkDocs build it runs in WITHDRAWN_ENV. The
project then leaves those stories out entirely (pages, photos, search, hubs, playlists) and
the lobby screens get their item ids and photo URLs, so players that still hold them drop
them and purge them from their offline cache. Without the variable (`culture check`,
`culture serve`, a preview build) nothing is withdrawn.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from gallery.content.load import DOCS_DIR
from gallery.content.model import Site
from gallery.problems import Problem

WITHDRAWN_ENV = "CULTURE_WITHDRAWN"


@dataclass(frozen=True)
class Withdrawn:
    """What the build leaves out: story keys ("moments/2026-11-01-a") and the screen items and
    photo URLs (relative to a screen page) the players must forget."""

    stories: frozenset[str] = frozenset()
    items: tuple[str, ...] = ()
    images: tuple[str, ...] = ()


NOTHING = Withdrawn()


def story_key(section: str, slug: str) -> str:
    """How a story is named in the takedown list: its folder under site_src, its page URL."""
    return f"{section}/{slug}"


def current() -> Withdrawn:
    """The withdrawn stories of this build (none when publish named no list, or it is unreadable:
    publish checks the list before it builds)."""
    name = os.environ.get(WITHDRAWN_ENV)
    if not name:
        return NOTHING
    try:
        entries = json.loads(Path(name).read_bytes())
        stories = frozenset(str(e["story"]) for e in entries)
        items = tuple(sorted({str(i) for e in entries for i in e.get("items", ())} | stories))
        images = tuple(sorted({str(i) for e in entries for i in e.get("images", ())}))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Withdrawn()
    return Withdrawn(stories, items, images)


def leave_out(site: Site, problems: list[Problem], withdrawn: Withdrawn,
              ) -> tuple[Site, list[Problem]]:
    """`site` without the withdrawn stories, and the problems without theirs."""
    if not withdrawn.stories:
        return site, problems
    gone = [s for s in site.stories if story_key(s.section, s.slug) in withdrawn.stories]
    prefixes = tuple(f"{DOCS_DIR}/{story_key(s.section, s.slug)}/" for s in gone)
    kept = [p for p in problems if not p.path.startswith(prefixes)]
    return replace(site, stories=tuple(s for s in site.stories if s not in gone)), kept
