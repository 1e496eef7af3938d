"""Render the model as Markdown pages for MkDocs: story pages and section indexes.

Every page is a Jinja template (`templates/`): front-matter values are data, printed as inert
text (see `gallery.templating`) into HTML that Markdown leaves alone. Only a story's body and
a folder's hand-written intro are the author's Markdown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from gallery import paths, templating
from gallery.content import body, model, words
from gallery.content.records import KIND_TITLES, MORNING_KIND_TITLES, SECTIONS
from gallery.intranet import pagestore, staff
from gallery.photos.markup import PhotoHTML

TEMPLATES = templating.environment("gallery.intranet")
TEMPLATES.globals.update(
    relative=paths.relative, story_url=paths.story_url, outlet_url=paths.outlet_url,
    board_url=paths.board_url, campaign_url=paths.campaign_url,
    segment=words.segment)  # `render` gives the site's own, which knows its people
# The facts of a story shown on its card, in fact-row order.
CARD_FACTS = ("网点", "日期", "作者", "岗位")


def outlet_name(site: model.Site, outlet_id: str | None) -> str:
    """The Chinese name of an outlet id (the id itself if undeclared, '' if none)."""
    outlet = site.outlet(outlet_id)
    return outlet.name if outlet else (outlet_id or "")


class RenderMemo:
    """Index pages rendered before, by everything their Markdown depends on (see `render`):
    kept by the preview (`culture serve`) between rebuilds, so that a rebuild renders again
    only the index pages whose stories, photos or outlets changed."""

    def __init__(self) -> None:
        self.pages: dict[_Key, str] = {}
        self.used: dict[_Key, str] = {}
        # each story's fields but its body (no index page shows a body), by story object
        self.shown: dict[int, tuple[model.Story, _Key]] = {}
        self.kept: dict[int, tuple[model.Story, _Key]] = {}

    def listed(self, story: model.Story) -> _Key:
        """What an index page may show of `story`: its type and every field but the body (a
        body-only edit renders no index page again). Index templates never read a body. Its
        hash is worked out once per story object (~750 page keys hash the same stories)."""
        held = self.shown.get(id(story))
        if held is None or held[0] is not story:
            held = (story, _Key((type(story), *(getattr(story, f.name) for f in
                                                dataclasses.fields(story) if f.name != "body"))))
        self.kept[id(story)] = held
        return held[1]

    def get(self, key: _Key, make: Callable[[], str]) -> str:
        """The page under `key`, made now if it is not remembered."""
        found = self.pages.get(key)
        if found is None:
            found = make()
        self.used[key] = found
        return found

    def sweep(self) -> None:
        """Keep only the pages this rebuild asked for (a rebuild asks for every page)."""
        self.pages, self.used = self.used, {}
        self.shown, self.kept = self.kept, {}


class _Key:
    """A memo key whose hash is computed once (its stories are hashed field by field)."""

    __slots__ = ("hashed", "key")

    def __init__(self, key: tuple) -> None:
        self.key = key
        self.hashed = hash(key)

    def __hash__(self) -> int:
        return self.hashed

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.hashed == other.hashed and self.key == other.key


MEMO: RenderMemo | None = None  # set by the preview (gallery.mkdocs.incremental)


def render(name: str, site: model.Site, photo: PhotoHTML, **values: Any) -> str:
    """A page template rendered for `site`; `photo` draws the photos its fragments show.

    With a preview's MEMO, a page whose inputs are all equal to a remembered page's is not
    rendered again: the template, the values (stories compared by value), the outlets, the
    day, the words kept whole and the photo callback (`memo_key`: its derivatives). Any other
    page comes from .cache/markdown/ in a whole build (pagestore.STORE), else is rendered."""
    def make() -> str:  # from .cache/markdown/ when a whole build set its store
        return pagestore.cached(name, site, photo, values,
                                lambda: _render(name, site, photo, **values))

    key = _memo_key(name, site, photo, values, MEMO) if MEMO is not None else None
    return make() if MEMO is None or key is None else MEMO.get(key, make)


def _memo_key(name: str, site: model.Site, photo: PhotoHTML, values: dict[str, Any],
              memo: RenderMemo) -> _Key | None:
    """What a page rendered by `render` depends on, hashable; None when some value is not
    (the page is then rendered every time)."""
    try:
        return _Key((name, site.outlets, site.today, known_words(site),
                     getattr(photo, "memo_key", photo),
                     _frozen(values, memo)))
    except TypeError:  # something unhashable among the values
        return None


def known_words(site: model.Site) -> object:
    """What the site's segmenter keeps whole (its pattern: equal for equal words), for memo
    keys: a page's line-break units change with the site's people."""
    segment = words.site_segmenter(site)  # a partial of units, over the words kept whole
    return segment.keywords.get("known") if isinstance(segment, functools.partial) else segment


def _frozen(value: Any, memo: RenderMemo) -> Any:
    """`value` for a memo key: lists and dicts made tuples (in their order), each story what
    an index page may show of it."""
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v, memo) for v in value)
    if isinstance(value, dict):
        return (dict, tuple((k, _frozen(v, memo)) for k, v in value.items()))
    if isinstance(value, model.Story):
        return memo.listed(value)
    return value


def _render(name: str, site: model.Site, photo: PhotoHTML, **values: Any) -> str:
    """`render` without the memo."""

    def picture(story: model.Story, p: model.Photo | None, role: str) -> Markup:
        return Markup(photo(story, p, role)) if p is not None else Markup("")

    return TEMPLATES.get_template(name).render(
        site=site, photo=picture, outlet_name=lambda oid: outlet_name(site, oid),
        card_facts=lambda s: [v for k, v in _facts(s, site) if k in CARD_FACTS],
        link=link, segment=words.site_segmenter(site),
        **values)


def link(here: str, story: model.Story) -> str:
    """A relative link from the page at `here` to a story."""
    return paths.relative(here, paths.story_url(story.section, story.slug))


def _facts(story: model.Story, site: model.Site) -> list[tuple[str, str]]:
    """The (label, value) facts of a story, in the order pages show them."""
    rows: list[tuple[str, Any]] = []
    if isinstance(story, model.PioneerPost):
        rows += [("党员", story.member), ("岗位", story.post), ("服务承诺", story.pledge),
                 ("座右铭", story.motto), ("入党年份", f"{story.member_since} 年")]
    if isinstance(story, model.CultureItem):
        rows.append(("类别", KIND_TITLES[story.kind]))
    if isinstance(story, model.MorningItem):
        rows += [("类别", MORNING_KIND_TITLES[story.kind]), ("出处", story.reference)]
    rows.append(("作者", getattr(story, "author", "")))  # required in talk, optional elsewhere
    if story.outlet:
        rows.append(("网点", outlet_name(site, story.outlet)))
    if story.date:
        rows.append(("日期", story.date.isoformat()))
    return [(label, str(value)) for label, value in rows if value]


def fact_rows(story: model.Story, site: model.Site) -> list[tuple[str, str, str]]:
    """The (label, value, link) rows shown at the top of a story page; only 网点 links."""
    here = paths.story_url(story.section, story.slug)
    outlet = paths.relative(here, paths.outlet_url(story.outlet or ""))
    return [(label, value, outlet if label == "网点" else "")
            for label, value in _facts(story, site)]


def render_story(story: model.Story, site: model.Site, photo: PhotoHTML) -> str:
    """The Markdown of one story page (in a build, from .cache/markdown/ when nothing it
    depends on changed: see gallery.intranet.pagestore)."""
    return pagestore.cached("story.html", site, photo, {},
                            lambda: _render_story(story, site, photo), story=story)


def _render_story(story: model.Story, site: model.Site, photo: PhotoHTML) -> str:
    """`render_story` without the cache."""
    portrait = (Markup(photo(story, story.portrait, "portrait"))
                if isinstance(story, model.PioneerPost) else None)
    return _render("story.html", site, photo, story=story, portrait=portrait,
                  theme=story_theme(story, site),
                  facts=fact_rows(story, site), summary=getattr(story, "summary", ""),
                  body=Markup(staff.mark(render_body(story, photo))),
                  figures=[Markup(photo(story, p, "tile")) for p in story.photos],
                  approval=approval_rows(story, site.today))


def story_theme(story: model.Story, site: model.Site) -> dict[str, Any]:
    """What the theme overrides show on a story page, from our model (stories are not in the
    nav, from which Material would make them): the active tab (the section's index), the
    breadcrumb (section, then outlet) and the tag links. URLs from the site root."""
    path = [{"title": SECTIONS[story.section].title, "url": paths.section_url(story.section)}]
    if story.outlet:
        path.append({"title": outlet_name(site, story.outlet),
                     "url": paths.outlet_url(story.outlet)})
    tags = [{"name": t, "url": paths.tags_url(paths.tag_slug(t))} for t in story.tags]
    return {"tab": paths.section_url(story.section), "path": path, "tag_links": tags}


def approval_rows(story: model.Story, today: dt.date) -> list[tuple[str, str]]:
    """The approval record as (label, value) rows: on the story's intranet page only (the
    screens' slides are made elsewhere, from the fields a customer may see)."""
    record = story.approval
    if record is None:
        return []
    rows = [("审批人", record.by), ("审批日期", record.date.isoformat()),
            ("客户出镜", "有" if record.customers else "没有")]
    if record.consent:
        rows.append(("客户同意书", record.consent))
    if record.withdrawn is not None:
        gone = "" if record.in_force(today) else "（已撤下）"
        rows.append(("撤回", f"{record.withdrawn.isoformat()} 起不再上大堂屏{gone}"))
    return rows


def render_body(story: model.Story | model.Page, photo: PhotoHTML) -> str:
    """The author's Markdown with each body image drawn as a photo figure (never the original).

    The images are found by the same parse validation used to make `story.body_photos` (and
    replaced at the spans it found), so the n-th image naming a file of the story is the n-th
    body photo, whether written `![alt](1.jpg)`, `![alt][ref]` or `<img src="1.jpg">`. Each
    figure is remembered as ours: cleaning the rendered body keeps it as it is.
    """
    photos = iter(story.body_photos)

    def figure(image: body.BodyImage) -> str | None:
        if body.kind(image.target) != body.LOCAL:
            return None  # validation refused it: no story is built with one
        found = next(photos, None)
        return None if found is None else staff.remember(photo(story, found, "figure"))

    return body.replace_images(story.body, figure)


PageRenderer = Callable[[model.Site, PhotoHTML, str], str]
