"""The preview's own build loop (`culture serve`): a rebuild does only what a change needs.

`mkdocs serve` loads the configuration, the theme and every plugin again and rebuilds every
page on every change. Here the first build keeps all of it (configuration, plugins, theme
environment, files, navigation, pages, each page's search entries). A rebuild then:

1. loads and checks the project again (stories whose file and folder did not change come
   from glue.MEMO, see content.load);
2. renders the Markdown of every page (unchanged stories from the memo) and compares it with
   the last build's: only pages whose Markdown changed, appeared or disappeared are read,
   rendered and written again, whatever the reason (a story, the index that lists it, its
   outlet's hub, a campaign, the home page, a culture.yml field they show);
3. adds new photo derivatives, rewrites the sitemap when pages come or go and the tags page
   when any page's tags changed; a rebuilt page's search entry replaces its old one;
4. runs the post-build events (search index, lobby screens, stale derivatives).

Whatever it cannot do in place (mkdocs.yml changed, a navigation title, the theme's data or
the search synonyms changed, a new page in the navigation, a failure halfway) is a full build with a fresh configuration, as `mkdocs serve` would do. A content
error raises Abort before anything is touched, so the last good site stays served.
The result is the same files with the same bytes as a clean `mkdocs build` with the same
site_url (tests/test_preview_incremental.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, MkDocsException
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from gallery.intranet import generate as intranet
from gallery.intranet import pages
from gallery.mkdocs import glue, search_glue
from gallery.project import Project

log = logging.getLogger("mkdocs.plugins.culture")
INCLUSION = InclusionLevel.is_in_serve  # what `mkdocs serve` builds (drafts included)


class SearchEntries:
    """The search index kept per page between rebuilds: our collector (search_glue) keeps one
    entry per page URL, which a rebuilt page's page_context event replaces. Here: a gone
    page's entry dropped, and the collector renewed for the new project (which pages are
    stories, outlet names) with the entries it holds."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.plugin = config.plugins.get("material/search") or config.plugins.get("search")

    def _collector(self) -> search_glue.SearchCollector | None:
        found = getattr(self.plugin, "search_index", None)
        return found if isinstance(found, search_glue.SearchCollector) else None

    def forget(self, page: Page | None) -> None:
        """A page that is gone."""
        collector = self._collector()
        if collector is not None and page is not None:
            collector.entries.pop(page.url, None)

    def renew(self, project: Project) -> None:
        """The collector for `project`, keeping every page's entry (the hook writes them)."""
        collector = self._collector()
        if collector is not None:
            renewed = search_glue.SearchCollector(project)
            renewed.entries = collector.entries
            renewed.written, renewed.written_to = collector.written, collector.written_to
            self.plugin.search_index = renewed  # type: ignore[union-attr]
            glue.STATE["search"] = renewed


class Preview:
    """A site built into `site_dir` and kept in memory between rebuilds."""

    def __init__(self, config_file: Path, site_dir: str, serve_url: str) -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self.serve_url = serve_url
        self.config: MkDocsConfig | None = None
        self.files = Files([])
        self.nav: Navigation | None = None
        self.env: Environment | None = None
        self.search: SearchEntries | None = None
        self.sources: dict[str, str] = {}  # src_uri -> Markdown of every page we generated
        self.extra: Any = None  # the theme's data (intranet.theme_extra)
        self.stamp: tuple[int, int] | None = None  # mkdocs.yml's size and mtime
        self.stale = True  # the next rebuild must be a full one
        self.builds = 0
        glue.MEMO = glue.Memo()
        pages.MEMO = pages.RenderMemo()
        self.changes = glue.MEMO.changes  # what the server's watcher reports (preview.Watcher)

    def new_config(self) -> MkDocsConfig:
        """A fresh configuration, as `mkdocs serve` loads it (site_url: the preview's)."""
        config = load_config(config_file=str(self.config_file), site_dir=self.site_dir)
        config.site_url = self.serve_url
        return config

    def build(self) -> str:
        """Rebuild what changed (a full build the first time and when needed); say which."""
        if self.stale or self._stamp() != self.stamp:
            self.full()
            return "full"
        try:
            _updating(True)
            return str(glue.internal_errors(lambda config: self.update())(self.config))
        except NeedFull:
            self.full()
            return "full"
        except Abort as err:
            if getattr(err, "untouched", False):
                raise  # a content error: nothing changed, the last good site stays
            self.stale = True
            raise
        except BaseException:
            self.stale = True
            raise
        finally:
            _updating(False)

    def _stamp(self) -> tuple[int, int] | None:
        """mkdocs.yml's size and modification time (None when it cannot be read)."""
        try:
            stat = self.config_file.stat()
        except OSError:
            return None
        return stat.st_size, stat.st_mtime_ns

    # -- the full build: mkdocs.commands.build.build, keeping what it makes --------------

    def full(self, config: MkDocsConfig | None = None) -> None:
        """Build everything with a fresh configuration (or `config`, from new_config), as
        `mkdocs serve` does."""
        self.stale = True
        _updating(False)  # the site folder is emptied: everything is written again
        self.builds += 1
        self.stamp = self._stamp()
        config = config or self.new_config()
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            self._full(config)
        except Exception as err:
            config.plugins.on_build_error(error=err)
            if isinstance(err, BuildError):
                log.error(str(err))
                raise Abort("Aborted with a BuildError!") from None
            raise
        self.extra = self.globals(glue.STATE["project"])
        html = glue.STATE.get("html")
        if html is not None:  # rebuilds render only changed pages, as they are now
            html.active = False
        self.stale = False
        if pages.MEMO is not None:
            pages.MEMO.sweep()

    def _full(self, config: MkDocsConfig) -> None:
        """The steps of MkDocs' build, in its order, each result kept."""
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        mkdocs_build.utils.clean_directory(config.site_dir)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages(inclusion=INCLUSION):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            assert file.page is not None
            mkdocs_build._populate_page(file.page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(inclusion=INCLUSION)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.search = SearchEntries(config)
        doc_files = files.documentation_pages(inclusion=INCLUSION)
        for file in doc_files:
            self._build_page(file, doc_files)
        self._validate_anchors(doc_files)
        config.plugins.on_post_build(config=config)
        self.sources = {f.src_uri: f.content_string for f in files
                        if f.generated_by is not None and f.is_documentation_page()}

    def _build_page(self, file: File, doc_files: Sequence[File]) -> None:
        """Render one populated page into the site (`doc_files`: every page, for the
        template context)."""
        assert self.config is not None and self.nav is not None and self.env is not None
        assert file.page is not None
        mkdocs_build._build_page(file.page, self.config, doc_files, self.nav, self.env,
                                 excluded=file.inclusion.is_excluded())

    def _validate_anchors(self, files: Sequence[File]) -> None:
        """MkDocs' check of links to anchors, for the pages given."""
        assert self.config is not None
        level = self.config.validation.links.anchors
        for file in files:
            assert file.page is not None
            file.page.validate_anchor_links(files=self.files, log_level=level)

    # -- the incremental rebuild -----------------------------------------------------------

    @staticmethod
    def globals(project: Project) -> tuple[Any, ...]:
        """What every page or every search entry shows: the theme's data (campaign banner,
        channels) and the search synonyms."""
        return intranet.theme_extra(project.settings), project.settings.search

    def update(self) -> str:
        """Rebuild only the pages whose Markdown changed; "full" when that cannot be done."""
        config = self.config
        assert config is not None
        try:
            project = glue.prepare(config, log, setup=False)
        except Abort as err:
            err.untouched = True  # type: ignore[attr-defined]
            raise
        if self.globals(project) != self.extra:
            self.full()  # every page shows the theme's data; synonyms are in every entry
            return "full"
        derived = glue.STATE["derived"]
        wanted = glue.page_sources(project, glue.photo_markup(derived), derived)
        if pages.MEMO is not None:
            pages.MEMO.sweep()
        photos = glue.add_photo_files(Files([]), derived, config, project.root,
                                      glue.STATE["placed"])
        plan = self._plan(wanted, photos)
        if plan is None:
            self.full()
            return "full"
        changed, added, removed = plan
        assert self.search is not None
        self.search.renew(project)
        self._apply(wanted, photos, changed, added, removed)
        return f"{len(changed) + len(added)} rebuilt, {len(removed)} removed"

    def _plan(self, wanted: dict[str, str], photos: Files,
              ) -> tuple[list[str], list[str], list[str]] | None:
        """The generated pages changed, added and removed; None when a full build is needed
        (a new page would sit in the navigation or over a theme file)."""
        changed = [u for u in wanted if u in self.sources and wanted[u] != self.sources[u]]
        added = [u for u in wanted if u not in self.sources]
        removed = [u for u in self.sources if u not in wanted]
        for uri in added:
            if self.files.get_file_from_path(uri) is not None:
                return None  # over a theme file (replace_files removes it): rare, start over
        return changed, added, removed

    def _apply(self, wanted: dict[str, str], photos: Files, changed: list[str],
               added: list[str], removed: list[str]) -> None:
        """Change the kept site into the one `wanted` describes, writing only what differs."""
        config, search = self.config, self.search
        assert config is not None and search is not None
        by_uri = {f.src_uri: f for f in self.files}
        for uri in removed:
            self._remove_page(by_uri.pop(uri))
        for uri in changed:
            by_uri[uri].content_string = wanted[uri]
        new = {}
        for uri in added:
            file = File.generated(config, uri, content=wanted[uri])
            set_exclusions([file], config)
            if not file.inclusion.is_not_in_nav():
                raise NeedFull(uri)
            Page(None, file, config)
            new[uri] = file
        kept_photos = {f.src_uri for f in self.files if isinstance(f, glue.LinkedFile)}
        for file in photos:
            if file.src_uri not in kept_photos:
                file.copy_file()
        theirs = [f for f in self.files if f.src_uri not in self.sources
                  and not isinstance(f, glue.LinkedFile)]
        self.files = Files([*theirs, *(by_uri.get(u) or new[u] for u in wanted), *photos])
        self.sources = dict(wanted)
        rebuilt = [by_uri.get(u) or new[u] for u in wanted if u in changed or u in new]
        self._rebuild(rebuilt, removed=bool(removed), added=bool(added))

    def _remove_page(self, file: File) -> None:
        """Delete a page that is gone from the site (and its folder, once empty)."""
        assert self.search is not None
        self.search.forget(file.page)
        tags = self._tags()
        if tags is not None and file.page is not None:
            tags.mappings.data.pop(file.page.url, None)
        dest = Path(file.abs_dest_path)
        if dest.is_file():
            dest.unlink()
        folder = dest.parent
        while folder != Path(self.site_dir) and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def _tags(self) -> Any:
        """Material's tags plugin, if enabled."""
        assert self.config is not None
        plugin = self.config.plugins.get("material/tags") or self.config.plugins.get("tags")
        return plugin if plugin is not None and plugin.config.enabled else None

    def _rebuild(self, rebuilt: Sequence[File], removed: bool, added: bool) -> None:
        """Read, render and write the pages given; then what depends on the set of pages."""
        config, nav = self.config, self.nav
        assert config is not None and nav is not None
        tags = self._tags()
        retag = removed and tags is not None
        listings = () if tags is None else tags.listings.data
        listing = {id(listed.page) for listed in listings}
        count = len(listings)
        for file in rebuilt:
            page = file.page
            assert page is not None
            title = page.title
            before = _tagged(tags, page.url, pop=True)
            mkdocs_build._populate_page(page, config, self.files)
            if file.inclusion.is_in_nav() and page.title != title:
                raise NeedFull(file.src_uri)  # every page's navigation shows the title
            after = _tagged(tags, page.url)
            # tags.json lists each tagged page's title and tags; a listing shows them
            retag = retag or before != after or (after is not None and page.title != title) \
                or id(page) in listing
        retag = retag or (tags is not None and len(tags.listings.data) != count)  # a new one
        doc_files = self.files.documentation_pages(inclusion=INCLUSION)
        if retag:
            rebuilt = self._retag(tags, doc_files, rebuilt)
        elif tags is not None:  # the same tags and titles: only their order to restore
            tags.mappings.data = _in_page_order(tags.mappings.data, doc_files)
        if (removed or added) and self.env is not None:
            for template in config.theme.static_templates:  # the sitemap lists every page
                mkdocs_build._build_theme_template(template, self.env, self.files, config, nav)
        for file in rebuilt:
            self._build_page(file, doc_files)
        self._validate_anchors(rebuilt)
        config.plugins.on_post_build(config=config)

    def _retag(self, tags: Any, doc_files: Sequence[File], rebuilt: Sequence[File]) -> Sequence[File]:
        """Some page's tags changed: put the tag mappings in page order (as a clean build
        adds them), read the pages with a tags listing again and fill their listings; the
        pages to render, in page order."""
        config = self.config
        assert config is not None
        tags.mappings.data = _in_page_order(tags.mappings.data, doc_files)
        listing = {id(listed.page) for listed in tags.listings.data}
        tags.listings.data.clear()
        again = [f for f in doc_files if id(f.page) in listing]
        for file in again:
            if file not in rebuilt:
                assert file.page is not None
                mkdocs_build._populate_page(file.page, config, self.files)
        self.env = tags.on_env(self.env, config=config, files=self.files) or self.env
        wanted = {id(f) for f in (*rebuilt, *again)}
        return [f for f in doc_files if id(f) in wanted]


def _updating(flag: bool) -> None:
    """Tell the hook's post-build steps whether this is an incremental rebuild (they may then
    skip what did not change, see glue.Memo)."""
    if glue.MEMO is not None:
        glue.MEMO.updating = flag


def _tagged(tags: Any, url: str, pop: bool = False) -> frozenset[str] | None:
    """The tags Material's tags plugin holds for the page at `url` (None: not tagged), its
    mapping removed with `pop` (the page is read again: it may have lost its tags)."""
    if tags is None:
        return None
    mapping = tags.mappings.data.pop(url, None) if pop else tags.mappings.data.get(url)
    return None if mapping is None else frozenset(str(tag) for tag in mapping.tags)


def _in_page_order(data: dict[str, Any], doc_files: Sequence[File]) -> dict[str, Any]:
    """The tags plugin's mappings by page URL, in page order (as a clean build adds them)."""
    return {f.page.url: data[f.page.url] for f in doc_files
            if f.page is not None and f.page.url in data}


class NeedFull(MkDocsException):
    """The change cannot be made in place: build everything (an MkDocs exception, so that
    glue.internal_errors lets it through)."""


def timed(preview: Preview) -> Callable[[], None]:
    """The live-reload server's builder: rebuild, and log (debug) what and how long."""

    def build() -> None:
        start = time.perf_counter()
        done = preview.build()
        log.debug(f"preview rebuilt ({done}) in {time.perf_counter() - start:.2f} s")

    return build
