"""One place for slugs, source paths and site URLs."""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections.abc import Callable

MAX_SLUG_WORDS = 8
# Every name that becomes part of a URL (story folders, outlet, campaign and screen ids).
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def is_slug(text: str) -> bool:
    """Whether `text` can be used as it is in a URL."""
    return SLUG.fullmatch(text) is not None  # fullmatch: "$" would accept a final newline


# Banking words pypinyin reads wrongly (支行 as zhi-xing): 行 is háng in a bank's name.
BANK_PHRASES = {word: [[first], ["háng"]] for word, first in
                (("支行", "zhī"), ("分行", "fēn"), ("总行", "zǒng"), ("本行", "běn"), ("全行", "quán"))}


@functools.cache
def _pinyin() -> Callable[[str], list[str]]:
    """pypinyin's lazy_pinyin, the bank phrases loaded (once: loading retrains pypinyin's
    segmenter over its whole phrase list, about 35 ms, which per slug made a 1,000-story build
    spend minutes here)."""
    from pypinyin import lazy_pinyin, load_phrases_dict  # photo workers import paths, not pinyin

    load_phrases_dict(BANK_PHRASES)
    return lazy_pinyin


def slugify(text: str) -> str:
    """An ASCII slug: pinyin for Chinese, lowercase words joined by hyphens."""
    words = _pinyin()(text)
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


HOME_URI = "index.md"


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


def tags_url(slug: str = "") -> str:
    """The tags index page, or one tag's hub."""
    return f"{TAGS}/{slug}/" if slug else f"{TAGS}/"


@functools.lru_cache(maxsize=4096)
def tag_slug(tag: str) -> str:
    """A tag's URL name: its pinyin and a short hash of the tag (tags that read alike, or
    differ past the slug's word limit, still get their own page)."""
    import hashlib

    digest = hashlib.sha1(tag.encode("utf-8")).hexdigest()[:6]
    words = slugify(tag)
    return f"{words}-{digest}" if words else digest


MOMENTS = "moments"


def moments_url(view: str = "", value: str = "") -> str:
    """The moments index, or its view of one outlet ('outlet') or one tag ('tag')."""
    return f"{MOMENTS}/{view}/{value}/" if view else f"{MOMENTS}/"


def paged_url(url: str, number: int) -> str:
    """Page `number` (from 1) of a paginated index at `url`: the first is `url` itself."""
    return url if number <= 1 else f"{url}page/{number}/"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both directory URLs from the site root).

    Relative links keep the site working under any sub-path (site_url with a path).
    """
    target = posixpath.relpath(to_url or ".", from_url or ".")
    return "./" if target == "." else f"{target}/"


# Photo derivatives: site/photos/<2 hex>/<key>-<width>.<ext>, with the same layout under the
# cache folder. The key hashes the source bytes and the derivative settings, so a URL never
# changes meaning and browsers and lobby screens may cache it forever.
PHOTOS_DIR = "photos"
PHOTO_CACHE_DIR = ".cache/photos"
LOG_DIR = ".cache/logs"  # internal-error logs (tracebacks), one file per error
PHOTO_EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
# Generated HTML names photo URLs from the site root behind this token; the MkDocs layer
# swaps it for each page's relative path to the root (see mkdocs_glue.resolve_root).
ROOT_TOKEN = "@culture-root@/"


def photo_name(key: str, width: int, fmt: str) -> str:
    """A derivative's path below the photos folder (and below the cache folder)."""
    return f"{key[:2]}/{key}-{width}.{PHOTO_EXTENSIONS[fmt]}"


def photo_url(key: str, width: int, fmt: str) -> str:
    """A derivative's URL relative to the site root, e.g. photos/ab/ab12…-1600.webp."""
    return f"{PHOTOS_DIR}/{photo_name(key, width, fmt)}"


def backdrop_name(key: str) -> str:
    """A photo's blurred screen backdrop below the photos folder (and below the cache folder)."""
    return f"{key[:2]}/{key}-backdrop.webp"


def backdrop_url(key: str) -> str:
    """A photo's blurred screen backdrop relative to the site root."""
    return f"{PHOTOS_DIR}/{backdrop_name(key)}"


def root_prefix(page_url: str) -> str:
    """The relative path from a page (by its URL) up to the site root: '', '../', ..."""
    return "../" * page_url.count("/")


def photo_manifest(key: str) -> str:
    """Where a photo's manifest (sizes, placeholder) lives below the cache folder."""
    return f"{key[:2]}/{key}.json"


SCREEN_ROOT = "screen"


def screen_dir(name: str) -> str:
    """A lobby screen's folder relative to the site root (its URL is this folder)."""
    return f"{SCREEN_ROOT}/{name}/"


def screen_asset_url(url: str) -> str:
    """A site-root-relative URL as seen from a screen page (relative, so sub-paths work)."""
    return "../../" + url.lstrip("/")


def section_url(section: str) -> str:
    """A section's index page URL relative to the site root."""
    return f"{section}/"
