"""One place for slugs, source paths and site URLs."""

from __future__ import annotations

import datetime as dt
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


SCREEN_ROOT = "screen"


def screen_dir(name: str) -> str:
    """A lobby screen's folder relative to the site root (its URL is this folder)."""
    return f"{SCREEN_ROOT}/{name}/"


def screen_asset_url(url: str) -> str:
    """A site-root-relative URL as seen from a screen page (relative, so sub-paths work)."""
    return "../../" + url.lstrip("/")
