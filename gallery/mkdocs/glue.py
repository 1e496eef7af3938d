"""The MkDocs-facing layer: turn the model into MkDocs File objects."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from gallery import disk, internal, paths, sealed, templating
from gallery.content import links, withdrawn, words
from gallery.content.layout import Changes
from gallery.content.load import Checked
from gallery.content.model import Page as SitePage
from gallery.content.model import Photo, Site, Story
from gallery.intranet import generate as intranet
from gallery.intranet import pages, pagestore, search, staff
from gallery.mkdocs import htmlcache, messages, preview, rendercache
from gallery.photos import cache as photo_cache
from gallery.photos import markup, plan, store, verify
from gallery.photos.markup import PhotoHTML
from gallery.photos.progress import TerminalProgress
from gallery.problems import Problem
from gallery.project import Project, load_project
from gallery.screens import files as screen_files
from gallery.screens.playlist import backdrops_from_map, public_stories, variants_from_map


@dataclass
class Memo:
    """What `culture serve` keeps between rebuilds: stories read and validated (by file
    content, see content.load) and story pages rendered (by story, see page_sources)."""

    stories: dict[tuple, Checked] = field(default_factory=dict)
    # story pages by story object: (the story, what else its page shows, its Markdown)
    pages: dict[int, tuple[Story, tuple, str]] = field(default_factory=dict)
    rendered: dict[tuple, str] = field(default_factory=dict)  # the same, by the story's value
    photos: dict[tuple, str] = field(default_factory=dict)
    # (what the photos were, their derivatives, the broken ones), see derive_photos
    derived: tuple[tuple, dict[Path, photo_cache.Derived], tuple[Problem, ...]] | None = None
    # the derivatives photo_markup last drew from, and a token naming them in index pages'
    # memo keys (intranet.pages.render): the same token while the derivatives are the same
    drawn: tuple[dict[Path, photo_cache.Derived], object] | None = None
    # what the preview's site was last pruned with and its screens written from (a rebuild
    # with the same derivatives, or the same screens' inputs, leaves them as they are)
    pruned: tuple[str, dict[Path, photo_cache.Derived]] | None = None
    screens: tuple | None = None
    updating: bool = False  # an incremental rebuild is under way (not a full build)
    changes: Changes = field(default_factory=Changes)  # what the watcher saw (content.layout)


MEMO: Memo | None = None  # set by the preview (gallery.mkdocs.incremental); None in a build
STATE: dict[str, Any] = {}  # the last loaded project and photos, for the hook's later events


def whole_build() -> bool:
    """Whether every page is being built (a publish, or a preview's first or full build): then
    unchanged pages come from the .cache/ stores. A preview's incremental rebuild keeps its
    pages in memory (MEMO) and renders only what changed."""
    return MEMO is None or not MEMO.updating


class Log(Protocol):
    """What the layer logs through: MkDocs' plugin logger (or any logging.Logger)."""

    def info(self, msg: str) -> object: ...

    def warning(self, msg: str) -> object: ...

    def error(self, msg: str) -> object: ...


def replace_files(project: Project, files: Files, config: MkDocsConfig,
                  photo: PhotoHTML = markup.caption_only,
                  derived: dict[Path, photo_cache.Derived] | None = None) -> Files:
    """Drop every file MkDocs found in site_src/; add the pages generated from the model.

    Nothing under site_src/ is published as it is: pages (stories, indexes, the hand-written
    home and intros) are generated, photos are added as derivatives (add_photo_files) and CSS
    and JavaScript come from the theme. Whatever a skipped check let through (a link, an
    original, a document), MkDocs never copies it.
    """
    drop_sources(files, config.docs_dir)
    for uri, content in generate(project, config, photo, derived).items():
        replaced = files.get_file_from_path(uri)  # a theme file of the same name
        if replaced is not None:
            files.remove(replaced)  # appending over it is deprecated (a stack in the log)
        files.append(File.generated(config, uri, content=content))
    return files


def generate(project: Project, config: MkDocsConfig, photo: PhotoHTML,
             derived: dict[Path, photo_cache.Derived] | None) -> dict[str, str]:
    """page_sources; in a whole build (not a preview's incremental rebuild), each page from
    .cache/markdown/ when nothing it depends on changed (see gallery.intranet.pagestore)."""
    STATE.pop("markdown", None)
    if not whole_build() or derived is None:
        return page_sources(project, photo, derived)
    store = pagestore.Store(Path(config.config_file_path).parent / pagestore.CACHE_DIR,
                            derived)
    pagestore.STORE = store
    try:
        return page_sources(project, photo, derived)
    finally:
        pagestore.STORE = None
        STATE["markdown"] = store


def page_sources(project: Project, photo: PhotoHTML,
                 derived: dict[Path, photo_cache.Derived] | None = None) -> dict[str, str]:
    """Source URI -> Markdown of every page the site has, in the order MkDocs gets them:
    the visible stories, then the generated indexes, hubs and hand-written pages.

    A story's Markdown depends only on the story, the outlets, the day and its photos'
    derivatives (`derived`, which `photo` draws): with a preview's MEMO, an unchanged story is
    not rendered again."""
    site = project.site
    out = {paths.story_uri(story.section, story.slug): _story_page(story, site, photo, derived)
           for story in site.visible()}
    out.update(intranet.generated_pages(site, project.settings, project.boards, photo,
                                        intranet.intros(site, photo)))
    return out


def photo_markup(derived: dict[Path, photo_cache.Derived]) -> PhotoHTML:
    """The pages' photo callback (markup.photo_html); in a preview, a card's or portrait's
    markup is remembered by photo, role and derivatives (a figure's also names its story)."""
    draw = markup.photo_html(derived)
    draw.derived = derived  # type: ignore[attr-defined]  # see pagestore.Store.key
    if MEMO is None:
        return draw
    memo = MEMO.photos

    def remembered(story: Story | SitePage, photo: Photo, role: str) -> str:
        if role == "figure":
            return draw(story, photo, role)
        key = (role, photo, derived.get(photo.source))
        if key not in memo:
            memo[key] = draw(story, photo, role)
        return memo[key]

    if MEMO.drawn is None or MEMO.drawn[0] is not derived:  # photos changed: a new token
        MEMO.drawn = (derived, object())
    remembered.memo_key = MEMO.drawn[1]  # type: ignore[attr-defined]  # see pages.render
    remembered.derived = derived  # type: ignore[attr-defined]  # draws as `draw` does
    return remembered


def _story_page(story: Story, site: Site, photo: PhotoHTML,
                derived: dict[Path, photo_cache.Derived] | None) -> str:
    """One story's Markdown, from MEMO when the preview rendered the same story object before
    with the same outlets, day, words kept whole (the site's people) and photo derivatives."""
    if MEMO is None or derived is None:
        return pages.render_story(story, site, photo)
    inputs = (site.outlets, site.today, pages.known_words(site),
              tuple(derived.get(p.source) for p in story.all_photos))
    held = MEMO.pages.get(id(story))  # the same object: no need to hash its fields
    if held is not None and held[0] is story and held[1] == inputs:
        return held[2]
    try:  # a story read again (culture.yml changed) but equal to one rendered before
        content = MEMO.rendered.get((story, inputs))
    except TypeError:  # something unhashable in the story
        content = None
    if content is None:
        content = pages.render_story(story, site, photo)
        with contextlib.suppress(TypeError):
            MEMO.rendered[(story, inputs)] = content
    MEMO.pages[id(story)] = (story, inputs, content)
    return content


def drop_sources(files: Files, docs_dir: str) -> Files:
    """Remove every file MkDocs found under `docs_dir` (theme files stay)."""
    docs = os.path.realpath(docs_dir)
    for file in list(files):
        if file.src_dir is not None and os.path.realpath(file.src_dir) == docs:
            files.remove(file)
    return files


def derive_photos(project: Project, log: Callable[[str], object],
                  ) -> tuple[dict[Path, photo_cache.Derived], list[Problem]]:
    """Make (or reuse) the derivatives of every photo the visible stories use. A preview
    (MEMO) reuses the last result while every photo file and the images settings are as
    they were (path, size, times and inode of each)."""
    photos, extra = plan.story_photos(project.site), project.lobby_widths()
    key = _photos_key(photos, (project.settings.images, extra)) if MEMO is not None else None
    if MEMO is not None and key is not None and MEMO.derived is not None \
            and MEMO.derived[0] == key:
        return MEMO.derived[1], list(MEMO.derived[2])
    derived, broken = plan.process(photos, project.settings.images,
                                   project.root / paths.PHOTO_CACHE_DIR, root=project.root,
                                   reporter=TerminalProgress("照片处理", log), extra=extra)
    if MEMO is not None and key is not None:
        MEMO.derived = (key, derived, tuple(broken))
    return derived, broken


def _photos_key(photos: Iterable[Photo], settings: object) -> tuple | None:
    """What derivation depends on: each photo file's path, size, times and inode, and the
    images settings with the lobby's widths (None when a file cannot be read: process()
    reports it)."""
    try:
        files = tuple((p.source, *_identity(os.stat(p.source))) for p in photos)
    except OSError:
        return None
    return (files, settings)


def _identity(stat: os.stat_result) -> tuple[int, int, int, int]:
    """Size, modification and change times, inode: a file with all four equal is unchanged."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def stock_photos(project: Project, derived: dict[Path, photo_cache.Derived],
                 log: Callable[[str], object],
                 ) -> tuple[dict[Path, photo_cache.Derived], dict[str, Path]]:
    """Put the derivatives into the photo store when publishing (see gallery.photos.store);
    return the derivatives (damaged cache entries made again) and the store file by URL."""
    folder = store.location()
    if folder is None:
        return derived, {}
    cache_dir = project.root / paths.PHOTO_CACHE_DIR
    placed, damaged = store.stock(folder, cache_dir, derived.values())
    if not damaged:
        return derived, placed
    log(f"照片缓存中有 {len(damaged)} 张照片的文件已损坏，正在重新生成。")
    for key in damaged:
        photo_cache.forget(cache_dir, key)
    derived, _ = derive_photos(project, log)
    placed, damaged = store.stock(folder, cache_dir, derived.values())
    if damaged:  # made just now and damaged again: not the content's fault
        raise internal.InternalError(f"cache entries damaged right after derivation: {damaged}")
    return derived, placed


class LinkedFile(File):
    """A derivative copied into the site as a hard link when the file system allows it:
    derivatives are large and never change under the same name, so linking is safe and
    keeps `mkdocs serve` rebuilds from copying every photo again."""

    def copy_file(self, dirty: bool = False) -> None:
        """Link (or copy) the cache file to the site."""
        if dirty and not self.is_modified():
            return
        dest = self.abs_dest_path
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if os.path.lexists(dest):
            os.unlink(dest)
        source = self.abs_src_path
        if source is None:  # never for derivatives (they have a cache file): MkDocs' own way
            super().copy_file(dirty)
            return
        try:
            os.link(source, dest)
        except OSError:  # another file system, or no hard links: a copy does the same
            utils.copy_file(source, dest)


def report(problems: list[Problem], broken: list[Problem], skip: bool, log: Log) -> int:
    """Log content and photo problems; return how many errors stop the build.

    Broken photos are errors unless images.skip_broken is set (`skip`); then they are logged
    at INFO (so `--strict` passes) and left out of the site.
    """
    shown = sorted([*problems, *(() if skip else broken)])
    for p in shown:
        (log.warning if p.is_warning else log.error)(str(p))
    preview.OVERLAY.record(str(p) for p in shown)  # what a preview's pages show, if it fails
    for p in broken if skip else ():
        log.info(f"已跳过损坏的照片（images.skip_broken）：{p}")
    return sum(1 for p in problems if not p.is_warning) + (0 if skip else len(broken))


def add_photo_files(files: Files, derived: dict[Path, photo_cache.Derived],
                    config: MkDocsConfig, root: Path, placed: dict[str, Path] | None = None,
                    ) -> Files:
    """Add every derivative to MkDocs' files, so the site gets them (and nothing else): from
    the photo store (`placed`, by URL) when publishing, else from the cache."""
    placed = placed or {}
    cache_dir = root / paths.PHOTO_CACHE_DIR
    seen: set[str] = set()
    for d in derived.values():
        if d.key in seen:
            continue
        seen.add(d.key)
        for url, cache_file in photo_cache.cache_files(cache_dir, d):
            source = placed.get(url, cache_file)
            files.append(LinkedFile.generated(config, url, abs_src_path=str(source)))
    return files


def cache_render(page: Page, config: MkDocsConfig, stats: rendercache.Stats) -> None:
    """Let the page's Markdown render come from .cache/pages/ (see gallery.mkdocs.rendercache)."""
    rendercache.install(page, config, Path(config.config_file_path).parent, stats)


def prune_renders(config: MkDocsConfig) -> int:
    """Remove entries no build used for a month from the sealed caches: generated Markdown,
    Markdown renders, page templates' output and the photos `culture check` decoded."""
    root = Path(config.config_file_path).parent
    return sum(sealed.prune(root / folder) for folder in (
        pagestore.CACHE_DIR, rendercache.CACHE_DIR, htmlcache.CACHE_DIR, verify.CACHE_DIR))


def page_content(html: str, page: Page) -> str:
    """A rendered page as published: the staff's HTML cleaned, a staff-written title escaped,
    photo URLs relative to the page."""
    handwritten = page.file.generated_by is None  # a Markdown file MkDocs read as it is
    if handwritten or page.file.src_uri == paths.HOME_URI:
        escape_title(page.meta)
    project = STATE.get("project")
    cleaned = staff.clean_page(html, whole=handwritten)
    if project is not None and project.withdrawn:  # links to stories taken down: their text
        cleaned = links.unlink(cleaned, page.file.src_uri, project.withdrawn)
    return resolve_root(cleaned, page.url)


def release_source(page: Page) -> None:
    """Let go of a rendered page's Markdown in a build (the page's and its generated File's):
    nothing reads it after the render, and MkDocs holds every page until the build ends (at
    5,000 stories, about 240 MB of the peak RSS). A preview (MEMO) keeps it."""
    if MEMO is not None:
        return
    page.markdown = ""  # not None: MkDocs' Page.title takes None for "not read yet"
    if page.file.generated_by is not None:
        page.file.content_string = ""


def escape_title(meta: MutableMapping[str, Any]) -> None:
    """Escape the title of a front matter the staff wrote (the home page's): Material prints
    `title` into the header and <title> as HTML. Generated pages escape theirs when written."""
    if isinstance(meta.get("title"), str):
        meta["title"] = html_escape(meta["title"], quote=True)


def resolve_root(html: str, page_url: str) -> str:
    """Turn the site-root token of photo URLs into the page's relative path to the root."""
    return html.replace(paths.ROOT_TOKEN, paths.root_prefix(page_url))


def prune_site(site_dir: str | Path, derived: dict[Path, photo_cache.Derived]) -> int:
    """Remove derivatives of deleted or replaced photos left by a --dirty build (or a
    preview's rebuild: not again while the derivatives stay the same, see MEMO)."""
    if MEMO is not None:
        if MEMO.updating and MEMO.pruned is not None and MEMO.pruned[0] == str(site_dir) \
                and MEMO.pruned[1] is derived:
            return 0
        MEMO.pruned = (str(site_dir), derived)
    keep = {url for d in derived.values() for url, _file in photo_cache.cache_files(Path(), d)}
    folder = Path(site_dir) / paths.PHOTOS_DIR
    removed = 0
    for file in sorted(folder.rglob("*"), reverse=True) if folder.is_dir() else ():
        if file.is_dir():
            if not any(file.iterdir()):
                file.rmdir()
        elif file.relative_to(site_dir).as_posix() not in keep:
            file.unlink()
            removed += 1
    return removed
def write_screens(project: Project, site_dir: Path, derived: dict[Path, photo_cache.Derived],
                  ) -> list[Path]:
    """Write the lobby screens of the project, their photos drawn from `derived` (a preview
    writes them again only when what they show may have changed, see MEMO)."""
    if MEMO is not None:
        site, settings = project.site, project.settings  # what build_playlist reads of them
        inputs = (str(site_dir), project.screens, project.notice, settings,
                  public_stories(site, settings.today), tuple(words.people(site)),
                  withdrawn.current())
        if MEMO.updating and MEMO.screens is not None and MEMO.screens[0] is derived \
                and MEMO.screens[1:] == inputs:
            return []
        MEMO.screens = (derived, *inputs)
    return screen_files.write_screens(project.screens, project.notice, project.settings,
                                      project.site, site_dir, variants_from_map(derived),
                                      backdrops_from_map(derived), withdrawn.current())


def published_here(site_dir: str | Path) -> bool:
    """Whether `site_dir` is the link `culture build` serves: building into it would rewrite
    the live site in place (half-built while it runs), which publishing exists to prevent."""
    return Path(site_dir).is_symlink()


PUBLISHED = ("{site} 是正式发布的网站（由 culture build 管理），直接生成会在原处改写正在提供的网站。"
             "请用 culture build（make publish）发布；只想检查能否生成时，"
             "加 --site-dir 指定其他目录，例如 mkdocs build --strict --site-dir /tmp/culture-check")


STRICT_WARNINGS = ("内容有 {warnings} 个警告，正式发布（严格模式）时警告也算失败，网站未生成。"
                   "请按上面的提示修改后重试。")


class DiskProblem(Abort):
    """A full disk, a read-only folder or a permission error stopped the build (exit 3)."""

    exit_code = disk.EXIT


def internal_errors(hook: Callable[..., object]) -> Callable[..., object]:
    """Wrap a hook so a bug of ours stops the build with one Chinese line (its traceback goes
    into a log), never with a traceback that staff would take for a content problem."""

    @functools.wraps(hook)
    def run(*args: object, **kwargs: object) -> object:
        try:
            return hook(*args, **kwargs)
        except MkDocsException:
            raise  # MkDocs' own way to stop (Abort), already worded for the reader
        except Exception as err:  # noqa: BLE001 - any other exception is a bug of ours
            if isinstance(err, OSError) and disk.is_disk_error(err):
                raise DiskProblem(disk.message(err)) from None  # not a bug: the server's disk
            config = kwargs.get("config", args[0] if args else None)
            config_file = getattr(config, "config_file_path", None)
            root = Path(config_file).parent if config_file else Path(".")
            raise Abort(internal.report(err, root)) from None

    return run


def keep_last_good(builder: Callable[..., object], log: Log,
                   overlay: preview.Overlay = preview.OVERLAY) -> Callable[..., None]:
    """Wrap `mkdocs serve`'s rebuild so content errors print as messages, not tracebacks,
    and every served page shows them (preview.inject) until a rebuild succeeds."""

    def build(*args: object, **kwargs: object) -> None:
        overlay.start()
        try:
            builder(*args, **kwargs)
        except Abort as err:
            log.error(f"{err.message} 浏览器中仍是上一次成功生成的网站。")
            overlay.finish(err.message)
        else:
            overlay.finish(None)
            log.info(preview.REBUILT)

    return build


def configure(config: MkDocsConfig, project: Project) -> list[Problem]:
    """Prepare the theme: require jieba (titles keep words whole with it), give the theme the
    campaign banner and complaint channels. Search needs no dictionary: see search_glue."""
    missing = search.jieba_problem(config.config_file_path or "mkdocs.yml")
    if missing:
        return [missing]
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is not None:  # our index needs no word list: every word of a page is found
        for key in ("jieba_dict", "jieba_dict_user"):
            if key in plugin.config:
                plugin.config[key] = None
    config.extra["culture"] = intranet.theme_extra(project.settings)
    return []


def theme_env(env: Environment, config: MkDocsConfig | None = None) -> Environment:
    """Give the theme's templates (overrides/) the `nobreak` filter of our own templates: the
    campaign banner's slogan breaks between words only, like every other big title. Its words
    are those of the project loaded last (a `culture serve` update keeps this environment).
    With `config`, a whole build takes the page template's output from .cache/html/ when
    nothing it depends on changed (see gallery.mkdocs.htmlcache; a preview's incremental
    rebuilds do not: see incremental.Preview.full)."""
    env.filters["nobreak"] = templating.nobreak_html
    env.globals["segment"] = lambda text: words.site_segmenter(STATE["project"].site)(text)
    STATE.pop("html", None)
    if config is not None and whole_build():
        STATE["html"] = htmlcache.install(env, config, Path(config.config_file_path).parent,
                                          lambda: words.site_terms(STATE["project"].site))
    return env


def prepare(config: MkDocsConfig, log: Log, setup: bool = True) -> Project:
    """Load and check the project, make its photos, and (`setup`) prepare search and theme:
    the hook's on_config. Raises Abort with the Chinese summary when content fails; STATE
    then keeps the last good project and photos."""
    if published_here(config.site_dir):
        raise Abort(PUBLISHED.format(site=config.site_dir))
    project = load_project(Path(config.config_file_path).parent, Path(config.docs_dir),
                           *((MEMO.stories, MEMO.changes) if MEMO is not None else ()))
    messages.translate_link_messages(project.root, project.docs, project.withdrawn)
    for unlinked in project.unlinked:  # said in the publish log and on 发布记录
        log.info(str(unlinked))
    derived, broken = derive_photos(project, log.info)
    problems = [*project.problems, *(configure(config, project) if setup else ())]
    errors = report(problems, broken, project.settings.images.skip_broken, log)
    if errors:
        raise Abort(f"内容有 {errors} 个错误，网站未生成。请按上面的提示修改后重试。")
    if config.strict and project.warnings:  # said here, so MkDocs' English count never is
        raise Abort(STRICT_WARNINGS.format(warnings=len(project.warnings)))
    derived, placed = stock_photos(project, derived, log.info)  # when publishing
    STATE.update(project=project, derived=derived, placed=placed, rendered=rendercache.Stats())
    return project
