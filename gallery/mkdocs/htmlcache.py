"""Material's page template output cached across builds, by content hash, in .cache/html/.

MkDocs renders the theme's page template (`main.html`, Material's `base.html` and its partials)
for every page on every build: about 3 ms a page. What it makes depends only on the template
context and the template files. An entry is keyed by a hash of all of it (`page_key`):

* build-wide (`Build`, hashed once a build): the cache format, the versions of Python, MkDocs,
  Material, Jinja2 and MarkupSafe (their own templates), every file of the theme's custom_dir
  (overrides/) and of the hooks, the whole configuration (every setting, `extra` with the
  theme's data our hook puts there, each plugin's settings, the theme's settings and folders),
  the navigation (every item's title, URL, kind and meta, the home page), the names of the
  template environment's globals and filters, and the words the site's segmenter keeps whole;
* the page's own: its content, table of contents, meta, title, URLs, file, whether it is the
  home page, the previous and next page (title and URL), and every value that MkDocs or a
  plugin put in its context (base_url, extra_css, extra_javascript, the tags plugin's tags).
  Which navigation items are active follows from the navigation and the page's URL.

A context value this module cannot write down stably (an object it does not know) makes the
page render as usual, uncached, and so does a template folder or page attribute that the check
at the start (`unkeyed`) does not account for: the build date, the list of every page, a page
attribute outside PAGE_ATTRIBUTES. An entry whose checksum or key does not hold is rendered
again and rewritten, never served. Deleting the folder is always safe. A preview (`culture
serve`) uses the cache for its first and full builds only (`Build.active`): its incremental
rebuilds render just the pages that changed, and a build-wide input (the words kept whole)
may have changed since the key's build-wide part was made.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template, nodes
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.theme import Theme

from gallery import sealed

CACHE_DIR = Path(".cache") / "html"
VERSION = 1
PAGE_TEMPLATE = "main.html"  # the template MkDocs renders every page with (no `template:` meta)
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "jinja2", "markupsafe")
# What MkDocs puts in every page's context (mkdocs.commands.build.get_context). `pages` (every
# page) and `build_date_utc` (the clock) are in no key: a theme template that reads either is
# found by `unkeyed` and turns the cache off.
STANDARD = frozenset({"nav", "pages", "base_url", "extra_css", "extra_javascript",
                      "mkdocs_version", "build_date_utc", "config", "page"})
NOT_KEYED = ("pages", "build_date_utc")
# Settings out of the key: the output folder (a publish builds into a new one each time; no
# template reads it, see NOT_KEYED) and the hooks (their files are hashed instead).
NOT_HASHED = ("site_dir", "hooks")
# Every attribute of `page` in the key. Material's templates and ours read these and no other
# (tests/test_html_cache.py checks Material's; `unkeyed` checks the custom_dir's at each build);
# `parent` and `ancestors` follow from the navigation and the URL.
PAGE_ATTRIBUTES = frozenset({
    "content", "toc", "meta", "title", "url", "canonical_url", "abs_url", "edit_url",
    "is_homepage", "previous_page", "next_page", "parent", "ancestors", "file",
    "is_page", "is_section", "is_link", "is_index", "is_top_level", "active", "children"})


class Unstable(TypeError):
    """A value with no stable written form: the page it belongs to is not cached."""


def stable(value: Any, depth: int = 0) -> Any:
    """`value` as plain JSON data that is equal from build to build for equal values; raises
    Unstable for what it cannot write down so (an object whose repr is its address)."""
    if depth > 40:
        raise Unstable("too deep")
    if isinstance(value, Markup):  # printed unescaped: not the same as its text
        return {"markup": str(value)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    down = functools.partial(_down, depth=depth)
    if isinstance(value, Page):
        return {"page": value.url, "title": value.title}  # a link to another page
    if isinstance(value, Section):
        return {"section": value.title, "children": down(value.children)}
    if isinstance(value, Link):
        return {"link": value.url, "title": value.title}
    if isinstance(value, AnchorLink):
        return {"anchor": value.id, "title": value.title, "level": value.level,
                "children": down(value.children)}
    if isinstance(value, TableOfContents):
        return {"toc": down(list(value))}
    if isinstance(value, Theme):
        return {"theme": down(dict(value.items())), "dirs": value.dirs,
                "static": sorted(value.static_templates)}
    if isinstance(value, BasePlugin):
        return {"plugin": _name(type(value)), "config": down(dict(value.config))}
    if isinstance(value, types.ModuleType):
        return {"module": value.__name__}  # a hook: its file is hashed with the build
    if isinstance(value, Mapping):
        if all(isinstance(k, str) for k in value):  # json.dumps sorts them
            return {"map": {k: down(v) for k, v in value.items()}}
        return {"pairs": sorted(([stable(k, depth + 1), down(v)] for k, v in value.items()),
                                key=_order)}
    if isinstance(value, (list, tuple)):
        return [down(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return {"set": sorted((down(v) for v in value), key=_order)}
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return {type(value).__name__: value.isoformat()}
    if isinstance(value, functools.partial):
        return {"partial": down([value.func, value.args, value.keywords])}
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
        return {"function": _name(value)}
    if type(value).__name__ == "Locale":  # babel's: its data loads lazily into its vars
        return {"locale": str(value)}
    if hasattr(value, "__dict__") and not callable(value):
        return {"object": _name(type(value)), "vars": down(vars(value))}
    text = repr(value)
    if " at 0x" in text or "object at" in text:
        raise Unstable(text)
    return {"repr": _name(type(value)), "value": text}


def _down(value: Any, depth: int) -> Any:
    return stable(value, depth + 1)


def _name(thing: Any) -> str:
    return f"{getattr(thing, '__module__', '')}.{getattr(thing, '__qualname__', repr(thing))}"


def _order(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def digest(value: Any) -> str:
    """The hash of `value` written down stably (raises Unstable)."""
    text = json.dumps(stable(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def files_digest(folders: list[Path]) -> str:
    """The hash of every file under `folders` (relative path and bytes)."""
    hashed = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
            if path.is_file():
                hashed.update(f"{path.relative_to(folder.parent)}\0".encode())
                hashed.update(hashlib.sha256(path.read_bytes()).digest())
    return hashed.hexdigest()


def unkeyed(env: Environment, folder: Path) -> list[str]:
    """What the templates under `folder` read that no key holds (empty: the cache may be
    used), see `unkeyed_in`."""
    found: set[str] = set()
    for path in sorted(folder.rglob("*.html")) if folder.is_dir() else ():
        found |= set(unkeyed_in(env, path.read_text("utf-8", errors="replace")))
    return sorted(found)


def unkeyed_in(env: Environment, source: str) -> list[str]:
    """What a template reads that no key holds: a context value of NOT_KEYED, a page
    attribute outside PAGE_ATTRIBUTES or a setting of NOT_HASHED. Read from its syntax tree,
    so comments and strings do not count."""
    tree = env.parse(source)
    found = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"} & set(NOT_KEYED)
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and (
                node.node.name == "page" and node.attr not in PAGE_ATTRIBUTES
                or node.node.name == "config" and node.attr in NOT_HASHED):
            found.add(f"{node.node.name}.{node.attr}")
    return sorted(found)


def nav_value(nav: Navigation) -> Any:
    """The navigation as the templates see it (but which items are active): each item's kind,
    title, URL and children, a page's meta too, and the home page."""

    def item(node: Any) -> Any:
        if isinstance(node, Page):
            return {"page": node.url, "title": node.title, "meta": node.meta,
                    "index": node.is_index, "file": node.file.src_uri}
        if isinstance(node, Section):
            return {"section": node.title, "children": [item(c) for c in node.children]}
        return {"link": node.url, "title": node.title}

    home = nav.homepage
    return {"items": [item(n) for n in nav.items], "home": None if home is None else home.url}


@dataclass
class Stats:
    """How many pages' templates a build rendered and how many it took from the cache."""

    rendered: int = 0
    reused: int = 0
    uncached: int = 0  # a value that cannot be keyed

    def line(self) -> str:
        """The summary in one Chinese line."""
        return (f"页面模板：共 {self.rendered + self.reused + self.uncached} 个，"
                f"重新生成 {self.rendered + self.uncached} 个，使用缓存 {self.reused} 个")


@dataclass
class Build:
    """The cache as one build uses it: its folder and the build-wide part of every key."""

    folder: Path
    config: MkDocsConfig
    env: Environment
    words: Callable[[], Any]  # the words the site's segmenter keeps whole (the `segment` global)
    stats: Stats = field(default_factory=Stats)
    common: str = ""  # made at the first page, once every page is read (nav titles)
    active: bool = True  # False: render as usual (a preview's incremental rebuilds)

    def common_digest(self, nav: Navigation) -> str:
        """The build-wide part of the key."""
        if not self.common:
            config = self.config
            root = Path(config.config_file_path or ".").parent
            hooks = [root / name for name in (config.hooks or {})]
            custom = config.theme.custom_dir
            self.common = digest({
                "version": VERSION, "python": list(sys.version_info[:2]),
                "packages": {name: sealed.version(name) for name in DISTRIBUTIONS},
                "files": files_digest([*([Path(custom)] if custom else []), *hooks]),
                "config": {k: v for k, v in config.items() if k not in NOT_HASHED},
                "hooks": sorted(config.hooks or {}), "nav": nav_value(nav),
                "globals": sorted(self.env.globals), "filters": sorted(self.env.filters),
                "tests": sorted(self.env.tests), "words": self.words()})
        return self.common

    def page_key(self, context: Mapping[str, Any]) -> str:
        """The key of a page's template output (raises Unstable)."""
        page, nav = context["page"], context["nav"]
        content = hashlib.sha256((page.content or "").encode()).hexdigest()
        own = {"content": content, "none": page.content is None, "toc": page.toc, "meta": page.meta,
               "title": page.title, "url": page.url, "canonical_url": page.canonical_url,
               "abs_url": page.abs_url, "edit_url": page.edit_url,
               "is_homepage": page.is_homepage, "src": page.file.src_uri,
               "dest": page.file.dest_uri, "previous": page.previous_page,
               "next": page.next_page, "in_nav": page.file.inclusion.is_in_nav()}
        extra = {k: v for k, v in context.items() if k not in STANDARD or k in (
            "base_url", "extra_css", "extra_javascript", "mkdocs_version")}
        return digest([self.common_digest(nav), own, extra])

    def render(self, template: Template, original: Callable[..., str],
               context: Mapping[str, Any]) -> str:
        """The template's output for `context`: from the cache when its entry holds."""
        page = context.get("page")
        if not self.active or type(page) is not Page \
                or not isinstance(context.get("nav"), Navigation):
            return original(context)
        try:
            key = self.page_key(context)
        except Unstable:
            self.stats.uncached += 1
            return original(context)
        found = load_entry(self.folder, key)
        if found is not None:
            self.stats.reused += 1
            return found
        output = original(context)
        self.stats.rendered += 1
        save_entry(self.folder, key, output)
        return output


def load_entry(folder: Path, key: str) -> str | None:
    """The output under `key` if its entry is this key's and passes its check, else None."""
    data = sealed.read(folder, key, ".html")
    try:
        return data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        return None


def save_entry(folder: Path, key: str, output: str) -> None:
    """Write an entry in one rename."""
    sealed.write(folder, key, ".html", output.encode("utf-8"))


def install(env: Environment, config: MkDocsConfig, root: Path,
            words: Callable[[], Any]) -> Build | None:
    """Make the page template's renders go through the cache (None: the templates read
    something no key holds, see `unkeyed`)."""
    custom = config.theme.custom_dir
    if custom and unkeyed(env, Path(custom)):
        return None
    template = env.get_template(PAGE_TEMPLATE)
    build = Build(root / CACHE_DIR, config, env, words)
    original = template.render

    def render(*args: Any, **kwargs: Any) -> str:
        if kwargs or len(args) != 1 or not isinstance(args[0], Mapping):
            return original(*args, **kwargs)
        return build.render(template, original, args[0])

    template.render = render  # type: ignore[method-assign]
    return build
