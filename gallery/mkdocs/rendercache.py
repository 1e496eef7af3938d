"""Markdown rendering cached across builds, by content hash, in .cache/pages/.

MkDocs renders the Markdown of every page on every build. What `Page.render` makes (the HTML,
the table of contents, the title found in the text, the anchors) depends only on the page's
Markdown as it is when rendered (after every plugin's on_page_markdown), the Markdown
settings, the page's own URIs, and the files its links name. An entry is keyed by a hash of
the first three (`page_key`) and records the fourth: each file a link looked up, with its URL
and whether it is excluded (or that it was missing). It is used only while every one of them
is what it was, so adding or renaming a story re-renders only the pages that link to it.

A render that logged anything is not cached (its messages must be said again on the next
build), nor one of a quiet build (`-q`: what it would have logged is not seen); an entry that is unreadable, foreign or fails its checksum is rendered again and
rewritten, never served. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from gallery import sealed
from gallery.intranet import staff

CACHE_DIR = Path(".cache") / "pages"
VERSION = 3  # 2: the checksum of the bytes on a first line; 3: sealed with the key (sealed.py)
# Markdown extensions that read files other than the page (their bytes are in no key): with
# any of them configured, nothing is cached.
READS_OTHER_FILES = ("snippets", "include", "macros")
PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # whose level MkDocs' render reads


@dataclass
class Stats:
    """How many pages a build rendered and how many it took from the cache."""

    rendered: list[str] = field(default_factory=list)  # src_uri of each page rendered
    reused: int = 0
    settings: str = ""  # settings_digest of this build, made once

    def line(self) -> str:
        """The summary in one Chinese line."""
        return (f"页面：共 {len(self.rendered) + self.reused} 个，重新渲染 {len(self.rendered)} 个，"
                f"使用缓存 {self.reused} 个")


def settings_digest(config: MkDocsConfig) -> str:
    """What in the configuration changes any page's render: the Markdown extensions and their
    settings, URL style, link validation levels and the versions of MkDocs and Markdown."""
    wanted = {"version": VERSION, "mkdocs": mkdocs.__version__, "markdown": markdown.__version__,
              "extensions": [str(e) for e in config.markdown_extensions],
              "mdx_configs": config.mdx_configs, "directory_urls": config.use_directory_urls,
              "validation": str(config.validation)}
    return hashlib.sha256(json.dumps(wanted, sort_keys=True, default=repr).encode()).hexdigest()


def page_key(text: str, page: Page, settings: str) -> str:
    """The cache key of a page's render: its Markdown, its URIs and the settings digest.

    The Markdown is taken as the pieces between this process's staff-marker nonce
    (gallery.intranet.staff), which changes on every build: an entry is rendered with its own
    build's nonce and handed out with the current one (`apply`). No text can stand for the
    nonce in a key: staff cannot know a nonce before the build that draws it.
    """
    head = [settings, page.file.src_uri, page.file.dest_uri, page.file.url,
            page.file.inclusion.is_excluded(), text.split(staff.NONCE)]
    return hashlib.sha256(json.dumps(head, ensure_ascii=False).encode()).hexdigest()


def entry_path(folder: Path, key: str) -> Path:
    """Where the entry of `key` lives."""
    return sealed.entry_path(folder, key, ".json")


def load_entry(folder: Path, key: str) -> dict[str, Any] | None:
    """A cache entry that is this key's, of this VERSION, and passes its check; or None."""
    data = sealed.read(folder, key, ".json")
    try:
        body = json.loads(data) if data is not None else None
        return dict(body) if body is not None and body["version"] == VERSION else None
    except (ValueError, KeyError, TypeError):
        return None


def save_entry(folder: Path, key: str, body: dict[str, Any]) -> None:
    """Write an entry in one rename (sealed: checked as bytes, not written out again)."""
    sealed.write(folder, key, ".json",
                 json.dumps({**body, "version": VERSION}, ensure_ascii=False).encode())


def _target(file: File | None) -> list[Any] | None:
    """What a link's render uses of the file it found."""
    return None if file is None else [file.url, file.inclusion.is_excluded()]


def _toc_tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    return [{"name": i.title, "id": i.id, "level": i.level, "children": _toc_tokens(i.children)}
            for i in items]


def render(page: Page, config: MkDocsConfig, files: Files, folder: Path, settings: str,
           stats: Stats) -> None:
    """Page.render from the cache when its entry holds, else rendered and cached."""
    assert page.markdown is not None
    key = page_key(page.markdown, page, settings)
    entry = load_entry(folder, key)
    if entry is not None and all(_target(files.get_file_from_path(uri)) == seen
                                 for uri, seen in entry["links"].items()):
        apply(entry, page, files)  # (reading it touched it: kept by `sealed.prune`)
        stats.reused += 1
        return
    looked_up, said = _render_watched(page, config, files)
    stats.rendered.append(page.file.src_uri)
    if said or not PAGES_LOG.isEnabledFor(logging.INFO):  # quiet: messages could go unseen
        return
    assert page.content is not None and page.toc is not None
    save_entry(folder, key, {
        "content": page.content, "toc": _toc_tokens(list(page.toc)),
        "title": page._title_from_render, "anchors": sorted(page.present_anchor_ids or ()),
        "links": looked_up, "nonce": staff.NONCE,
        "to_anchors": None if page.links_to_anchors is None else {
            f.src_uri: anchors for f, anchors in page.links_to_anchors.items()}})


def apply(entry: dict[str, Any], page: Page, files: Files) -> None:
    """Set on `page` what Page.render would have set (this build's staff nonce in it)."""
    old, new = entry["nonce"], staff.NONCE
    page.content = entry["content"].replace(old, new)
    toc, title = entry["toc"], entry["title"]
    if old in json.dumps([toc, title]):  # a marker in a heading: never in practice, but exact
        toc, title = json.loads(json.dumps([toc, title]).replace(old, new))
    page.toc = get_toc(toc)
    page._title_from_render = title
    page.present_anchor_ids = set(entry["anchors"])
    if PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
        targets = entry["to_anchors"] or {}
        linked = {files.get_file_from_path(uri): anchors for uri, anchors in targets.items()}
        page.links_to_anchors = {f: a for f, a in linked.items() if f is not None}


class _Said(logging.Handler):
    """Counts the records logged while a page renders."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _render_watched(page: Page, config: MkDocsConfig, files: Files,
                    ) -> tuple[dict[str, list[Any] | None], bool]:
    """Render with MkDocs' own Page.render; return the files its links looked up and whether
    anything was logged meanwhile."""
    looked_up: dict[str, list[Any] | None] = {}
    lookup = files.get_file_from_path

    def recording(path: str) -> File | None:
        found = lookup(path)
        looked_up[path] = _target(found)
        return found

    said = _Said()
    loggers = (logging.getLogger(), logging.getLogger("mkdocs"))
    for logger in loggers:
        logger.addHandler(said)
    files.get_file_from_path = recording  # type: ignore[method-assign]
    try:
        Page.render(page, config, files)
    finally:
        del files.get_file_from_path
        for logger in loggers:
            logger.removeHandler(said)
    return looked_up, said.count > 0


def cacheable(config: MkDocsConfig) -> bool:
    """Whether a render depends on nothing but what `page_key` and the links hold."""
    return not any(word in str(e) for e in config.markdown_extensions
                   for word in READS_OTHER_FILES)


def install(page: Page, config: MkDocsConfig, root: Path, stats: Stats,
            ) -> Callable[[MkDocsConfig, Files], None] | None:
    """Make this page's render go through the cache (call before MkDocs renders it)."""
    if not cacheable(config):
        stats.rendered.append(page.file.src_uri)
        return None
    stats.settings = stats.settings or settings_digest(config)
    settings, folder = stats.settings, root / CACHE_DIR

    def cached(config: MkDocsConfig, files: Files) -> None:
        render(page, config, files, folder, settings, stats)

    page.render = cached  # type: ignore[method-assign]
    return cached
