"""Search in MkDocs: our index stands in for Material's, and our worker for its lunr worker.

Material's search plugin stays (the theme draws the search box only with it) but is handed a
collector in place of its index object: the plugin calls `add_entry_from_context(page)` for every
page (no jieba, no HTML parser of its own) and writes what `generate_search_index()` returns,
the small stub, to search/search_index.json. The hook writes the real index after the build,
and every page's `__config` points Material's bundle at our worker
(Material's documented way to plug in custom search).

A whole build (a publish, a preview's first or full build; not the preview's incremental
rebuilds, which keep the entries in memory) takes each page's entry from
`.cache/search/entries.json` when everything the entry is made from is the same: the page's
URL, title, rendered content, its section, outlet, date and tags, the synonyms, the weight and
the code of gallery.intranet.searchindex (`EntryCache`, keyed by their SHA-256). The file is
rewritten after a build that made a new entry or no longer needs one.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from gallery import paths, sealed
from gallery.content.model import Story
from gallery.content.records import SECTIONS
from gallery.intranet import searchindex
from gallery.mkdocs import glue
from gallery.project import Project

WORKER = "assets/javascripts/culture-search-worker.js"
# Material's worker URL inside the page's __config JSON (its hash changes with every release).
_MATERIAL_WORKER = re.compile(
    r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


# Views that re-list stories (one tag's pages, an outlet's moments, page 2 and on of a gallery):
# indexed, they would push the stories themselves out of the first results.
_VIEW = re.compile(r"^tags/[^/]+/|^outlets/[^/]+/moments/|/page/[0-9]+/$")
CACHE_FILE = Path(".cache") / "search" / "entries.json"


class EntryCache:
    """Search entries of earlier builds, by the SHA-256 of everything an entry is made from."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.code = hashlib.sha256(Path(searchindex.__file__).read_bytes()).hexdigest()
        self.known: dict[str, list[object]] = self._load()
        self.used: dict[str, list[object]] = {}
        self.made = 0  # entries made (not found) in this build

    def _load(self) -> dict[str, list[object]]:
        """The entries of the cache file, when it was written by the same code and passes its
        checksum (gallery.sealed); else none."""
        entries = sealed.read_entries(self.path, {"code": self.code})
        return {k: v for k, v in entries.items() if isinstance(v, list)}

    def entry(self, location: str, title: str, content: str, *, where: str = "",
              tags: Sequence[str] = (), synonyms: Sequence[Sequence[str]] = (),
              weight: float = searchindex.WEIGHT_STORY) -> list[object]:
        """searchindex.page_entry of these arguments, from the cache when it holds it."""
        head = repr((self.code, location, title, where, tuple(tags),
                     tuple(map(tuple, synonyms)), weight))
        key = hashlib.sha256(f"{len(head)}:{head}{content}".encode()).hexdigest()
        found = self.known.get(key)
        if found is None:
            found = searchindex.page_entry(location, title, content, where=where, tags=tags,
                                           synonyms=synonyms, weight=weight)
            self.made += 1
        self.used[key] = found
        return found

    def save(self) -> None:
        """Keep the entries this build used (only when they differ from the file's); a cache
        that cannot be written is no failure of the build."""
        if self.used.keys() == self.known.keys():
            return
        with contextlib.suppress(OSError):
            sealed.write_entries(self.path, {"code": self.code}, self.used)


class SearchCollector:
    """The object Material's search plugin keeps as `search_index`: one entry per page."""

    cache: EntryCache | None = None  # a build's entries of earlier builds; None: make each

    def __init__(self, project: Project, dirty: bool = False,
                 cache: Path | None = None) -> None:
        site = project.site
        self.dirty = dirty  # a --dirty build renders only changed pages: keep the others
        self.cache = EntryCache(cache) if cache else None  # `cache`: the file (a build)
        self.stories = {paths.story_uri(s.section, s.slug): s for s in site.visible()}
        self.outlets = project.settings.outlet_names
        self.synonyms = project.settings.search.synonyms
        self.entries: dict[str, list[object]] = {}
        # the entries last written into `written_to` (a preview's rebuild that changed no
        # entry leaves the index file as it is)
        self.written: dict[str, list[object]] | None = None
        self.written_to = ""

    def add_entry_from_context(self, page: Page) -> None:
        """Index one rendered page (called by the search plugin's on_page_context)."""
        entry = self.page_entry(page)
        if entry is not None:
            self.entries[page.url] = entry

    def page_entry(self, page: Page) -> list[object] | None:
        """The index entry of a page; None for a page excluded from search."""
        search = page.meta.get("search")
        if isinstance(search, dict) and search.get("exclude"):
            return None
        if _VIEW.search(page.url):
            return None  # a view only re-lists stories that are found themselves
        story = self.stories.get(page.file.src_uri)
        title = str(page.title or "")
        make = self.cache.entry if self.cache else searchindex.page_entry
        if story is None:
            return make(page.url, title, page.content or "", synonyms=self.synonyms,
                        weight=searchindex.WEIGHT_LIST)
        return make(page.url, title, page.content or "", where=self.where(story),
                    tags=story.tags, synonyms=self.synonyms)

    def where(self, story: Story) -> str:
        """Section, outlet and date of a story, as a result shows them under its title."""
        parts = [SECTIONS[story.section].title]
        outlet = self.outlets.get(story.outlet or "")
        if outlet:
            parts.append(outlet)
        if story.date:
            parts.append(story.date.isoformat())
        return " · ".join(parts)

    def generate_search_index(self, prev: Any = None) -> str:
        """What the plugin writes to search/search_index.json: the stub without documents."""
        return searchindex.stub_json()


def install(config: MkDocsConfig, project: Project) -> SearchCollector | None:
    """Hand Material's search plugin our collector; None when search is not configured. A build
    takes unchanged pages' entries from the project's cache file, and so does a preview's
    first or full build (its incremental rebuilds keep them in memory)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not hasattr(plugin, "search_index"):
        return None
    root = Path(config.config_file_path or ".").parent
    collector = SearchCollector(project, dirty=bool(getattr(plugin, "is_dirty", False)),
                                cache=root / CACHE_FILE if glue.whole_build() else None)
    plugin.search_index = collector
    return collector


def write(collector: SearchCollector | None, site_dir: str | Path) -> None:
    """Write the search index of the build (nothing when search is not configured)."""
    if collector is None:
        return
    entries = dict(collector.entries)
    if collector.dirty:  # the pages this build did not render keep their entries
        for entry in searchindex.read_index(Path(site_dir)):
            entries.setdefault(str(entry[0]), entry)
    elif collector.written == entries and collector.written_to == str(site_dir):
        return  # the file holds these entries already
    searchindex.write_index(Path(site_dir), entries.values())
    collector.written, collector.written_to = entries, str(site_dir)
    if collector.cache:
        collector.cache.save()


def point_worker(output: str) -> str:
    """A rendered page whose __config names our search worker instead of Material's."""
    return _MATERIAL_WORKER.sub(lambda m: f'{m[1]}{m[2]}{WORKER}"', output, count=1)
