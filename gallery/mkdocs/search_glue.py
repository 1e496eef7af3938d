"""Search in MkDocs: our index stands in for Material's, and our worker for its lunr worker.

Material's search plugin stays (the theme draws the search box only with it) but is handed a
collector in place of its index object: the plugin calls `add_entry_from_context(page)` for every
page (no jieba, no HTML parser of its own) and writes what `generate_search_index()` returns,
the small stub, to search/search_index.json. The hook writes the real index after the build,
and every page's `__config` points Material's bundle at our worker
(Material's documented way to plug in custom search).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from gallery import paths
from gallery.content.model import Story
from gallery.content.records import SECTIONS
from gallery.intranet import searchindex
from gallery.project import Project

WORKER = "assets/javascripts/culture-search-worker.js"
# Material's worker URL inside the page's __config JSON (its hash changes with every release).
_MATERIAL_WORKER = re.compile(
    r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


# Views that re-list stories (one tag's pages, an outlet's moments, page 2 and on of a gallery):
# indexed, they would push the stories themselves out of the first results.
_VIEW = re.compile(r"^tags/[^/]+/|^outlets/[^/]+/moments/|/page/[0-9]+/$")


class SearchCollector:
    """The object Material's search plugin keeps as `search_index`: one entry per page."""

    def __init__(self, project: Project, dirty: bool = False) -> None:
        site = project.site
        self.dirty = dirty  # a --dirty build renders only changed pages: keep the others
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
        if story is None:
            return searchindex.page_entry(page.url, title, page.content or "",
                                          synonyms=self.synonyms,
                                          weight=searchindex.WEIGHT_LIST)
        return searchindex.page_entry(page.url, title, page.content or "",
                                      where=self.where(story), tags=story.tags,
                                      synonyms=self.synonyms)

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
    """Hand Material's search plugin our collector; None when search is not configured."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not hasattr(plugin, "search_index"):
        return None
    collector = SearchCollector(project, dirty=bool(getattr(plugin, "is_dirty", False)))
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


def point_worker(output: str) -> str:
    """A rendered page whose __config names our search worker instead of Material's."""
    return _MATERIAL_WORKER.sub(lambda m: f'{m[1]}{m[2]}{WORKER}"', output, count=1)
