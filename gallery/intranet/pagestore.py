"""Generated pages' Markdown cached across builds, by content hash, in .cache/markdown/.

Every story page and index is a Jinja template rendered from the model on every build (about
3 ms a page). What a page's Markdown depends on is what `pages.render` and
`pages.render_story` give its template, and an entry is keyed by a hash of all of it (`Store`):

* for every page: the cache format, the code and templates of the `gallery` package (every
  file of it), the versions of the libraries that shape the text (Jinja2, MarkupSafe, PyYAML,
  jieba, pypinyin), the site's outlets, the day, the words its segmenter keeps whole, and
  which photo callback draws the photos (captions only, or the derivatives);
* for a story page: every field of the story (body included) and the derivatives of its photos;
* for an index or hub: the template and every value given to it, each story in it as every
  field but the body (no index template reads a body, as the preview's memo assumes:
  `pages.RenderMemo.listed`) with the derivatives of its photos.

The staff-marker nonce (gallery.intranet.staff) changes on every build: text is keyed and
stored as the pieces between this build's nonce and joined with the current one when handed
out. The figures a page remembered as ours (`staff.remember`) are stored with it and
remembered again when it is handed out, so cleaning keeps them as a fresh render would. A value
with no stable written form makes the page render as usual. An entry whose checksum or key
does not hold is rendered again and rewritten, never served. Deleting the folder is safe.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from gallery import sealed
from gallery.content import model, words
from gallery.intranet import staff
from gallery.photos import cache as photo_cache
from gallery.photos import markup

CACHE_DIR = Path(".cache") / "markdown"
VERSION = 1
DISTRIBUTIONS = ("jinja2", "markupsafe", "pyyaml", "jieba", "pypinyin")
PACKAGE = Path(__file__).resolve().parent.parent  # gallery/


class Unstable(TypeError):
    """A value with no stable written form: the page is rendered, not cached."""


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The hash of every file of the gallery package (code and templates) and of the versions
    of the libraries that shape the pages' text."""
    hashed = hashlib.sha256(json.dumps({n: sealed.version(n) for n in DISTRIBUTIONS}).encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hashed.update(f"{path.relative_to(PACKAGE).as_posix()}\0".encode())
            hashed.update(hashlib.sha256(path.read_bytes()).digest())
    return hashed.hexdigest()


def stable(value: Any) -> Any:
    """`value` as plain JSON data, equal between builds for equal values (raises Unstable).
    Text holding this build's nonce is written as its pieces around it."""
    if isinstance(value, str):
        text = {"nonced": value.split(staff.NONCE)} if staff.NONCE in value else str(value)
        return {"markup": text} if isinstance(value, Markup) else text  # printed unescaped
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, enum.Enum):
        return {"enum": f"{type(value).__qualname__}.{value.name}"}
    if isinstance(value, Path):
        return {"path": str(value)}
    if isinstance(value, (dt.date, dt.datetime)):
        return {type(value).__name__: value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [stable(v) for v in value]
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return {"map": {k: stable(v) for k, v in value.items()}}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"type": f"{type(value).__module__}.{type(value).__qualname__}",
                "fields": {f.name: stable(getattr(value, f.name))
                           for f in dataclasses.fields(value)}}
    raise Unstable(type(value).__name__)


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Store:
    """The cache as one build uses it: generated pages by key, for one set of derivatives."""

    def __init__(self, folder: Path, derived: dict[Path, photo_cache.Derived]) -> None:
        self.folder = folder
        self.derived = derived
        self.sites: dict[int, tuple[model.Site, str]] = {}  # the common key part, by site
        self.stories: dict[int, tuple[model.Story, str, str]] = {}  # listed, with body
        self.made = 0
        self.reused = 0

    def line(self) -> str:
        """The summary in one Chinese line."""
        return (f"页面源文件：共 {self.made + self.reused} 个，重新生成 {self.made} 个，"
                f"使用缓存 {self.reused} 个")

    def _site(self, site: model.Site) -> str:
        held = self.sites.get(id(site))
        if held is None or held[0] is not site:
            held = self.sites[id(site)] = (site, _digest([
                VERSION, code_digest(), stable(site.outlets), stable(site.today),
                words.site_terms(site)]))
        return held[1]

    def story(self, story: model.Story, body: bool) -> str:
        """A story's part of a key: every field (the body only with `body`) and the
        derivatives of its photos, written down by their dataclass repr (every field, each
        value's repr: unequal values never read alike, and the same object graph or not)."""
        held = self.stories.get(id(story))
        if held is None or held[0] is not story:
            fields = [(f.name, getattr(story, f.name)) for f in dataclasses.fields(story)
                      if f.name != "body"]
            photos = [self.derived.get(p.source) for p in story.all_photos]
            listed = hashlib.sha256(repr((type(story).__module__, type(story).__qualname__,
                                          fields, photos)).encode()).hexdigest()
            full = hashlib.sha256(f"{listed}\0{story.body}".encode()).hexdigest()
            held = self.stories[id(story)] = (story, listed, full)
        return held[2] if body else held[1]

    def _value(self, value: Any) -> Any:
        if isinstance(value, model.Story):
            return {"story": self.story(value, body=False)}
        if isinstance(value, (list, tuple)):
            return [self._value(v) for v in value]
        if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
            return {"map": {k: self._value(v) for k, v in value.items()}}
        return stable(value)

    def key(self, name: str, site: model.Site, photo: Any, values: Mapping[str, Any],
            story: model.Story | None = None) -> str:
        """The key of a page rendered from template `name` (raises Unstable); `story`: a
        story page, keyed by the whole story instead of `values`."""
        if photo is markup.caption_only:
            drawn = "captions"
        elif getattr(photo, "derived", None) is self.derived:
            drawn = "derivatives"
        else:
            raise Unstable("an unknown photo callback")
        own = {"story": self.story(story, body=True)} if story is not None else \
            self._value(dict(values))
        return _digest([self._site(site), name, drawn, own])

    def get(self, key: str, make: Callable[[], str]) -> str:
        """The page under `key`, made now (and stored) if no entry holds."""
        found = load_entry(self.folder, key)
        if found is not None:
            pieces, figures = found
            for figure in figures:
                staff.remember(figure)
            self.reused += 1
            return staff.NONCE.join(pieces)
        with staff.recording() as figures:
            text = make()
        self.made += 1
        save_entry(self.folder, key, text.split(staff.NONCE), figures)
        return text


def load_entry(folder: Path, key: str) -> tuple[list[str], list[str]] | None:
    """The pieces and figures under `key` if its entry is this key's and passes its check."""
    data = sealed.read(folder, key, ".json")
    try:
        found = json.loads(data) if data is not None else None
        return None if found is None else (
            [str(p) for p in found["pieces"]], [str(f) for f in found["figures"]])
    except (ValueError, KeyError, TypeError):
        return None


def save_entry(folder: Path, key: str, pieces: list[str], figures: list[str]) -> None:
    """Write an entry in one rename."""
    body = json.dumps({"pieces": pieces, "figures": figures}, ensure_ascii=False).encode()
    sealed.write(folder, key, ".json", body)


STORE: Store | None = None  # set by the MkDocs layer for one build's page generation


def cached(name: str, site: model.Site, photo: Any, values: Mapping[str, Any],
           make: Callable[[], str], story: model.Story | None = None) -> str:
    """`make()` through STORE when a build set one and the page can be keyed."""
    if STORE is None:
        return make()
    try:
        key = STORE.key(name, site, photo, values, story)
    except Unstable:
        return make()
    return STORE.get(key, make)
