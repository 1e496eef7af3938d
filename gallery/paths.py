"""One place for slugs, source paths and site URLs."""

from __future__ import annotations

import datetime as dt
import posixpath
import re

from pypinyin import lazy_pinyin

MAX_SLUG_WORDS = 8


def slugify(text: str) -> str:
    """An ASCII slug: pinyin for Chinese, lowercase words joined by hyphens."""
    words = lazy_pinyin(text)
    joined = "-".join(w for w in words)
    parts = [p for p in re.split(r"[^a-z0-9]+", joined.lower()) if p]
    return "-".join(parts[:MAX_SLUG_WORDS])


def story_slug(title: str, day: dt.date) -> str:
    """A story folder name: the date and the pinyin of the title."""
    words = slugify(title)
    return f"{day.isoformat()}-{words}" if words else day.isoformat()


def story_uri(section: str, slug: str) -> str:
    """The source URI of a story page inside docs_dir."""
    return f"{section}/{slug}/index.md"


def story_url(section: str, slug: str) -> str:
    """A story page's URL relative to the site root."""
    return f"{section}/{slug}/"


def section_uri(section: str) -> str:
    """The source URI of a section's generated index page."""
    return f"{section}/index.md"


# Intranet pages: generated URIs (inside docs_dir) and their URLs relative to the site root.
BOARD = "board"
MORNING = "morning"
OUTLETS = "outlets"
CAMPAIGNS = "campaigns"
TAGS = "tags"


def page_uri(url: str) -> str:
    """The generated source URI of a directory URL: 'board/2017-09/' -> 'board/2017-09/index.md'."""
    return f"{url}index.md"


def board_url(period: str = "") -> str:
    """The red/black board history page, or one period's board page."""
    return f"{BOARD}/{period}/" if period else f"{BOARD}/"


def morning_url() -> str:
    """The morning-meeting page (this week's items and the archive)."""
    return f"{MORNING}/"


def outlet_url(outlet_id: str = "") -> str:
    """The outlet index, or one outlet's page."""
    return f"{OUTLETS}/{outlet_id}/" if outlet_id else f"{OUTLETS}/"


def campaign_url(campaign_id: str = "") -> str:
    """The campaign index, or one campaign's page."""
    return f"{CAMPAIGNS}/{campaign_id}/" if campaign_id else f"{CAMPAIGNS}/"


def tags_url() -> str:
    """Material's tags index page."""
    return f"{TAGS}/"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both directory URLs from the site root).

    Relative links keep the site working under any sub-path (site_url with a path).
    """
    target = posixpath.relpath(to_url or ".", from_url or ".")
    return "./" if target == "." else f"{target}/"
