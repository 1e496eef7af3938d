"""Render the model as Markdown pages for MkDocs: story pages and section indexes.

Every front-matter value is data: it is HTML-escaped here, once, and placed in raw HTML
blocks that Markdown leaves alone. Only a story's body is the author's Markdown.
"""

from __future__ import annotations

import html
from typing import Any

import yaml

from gallery import paths
from gallery.content import body, model
from gallery.content.records import KIND_TITLES, MORNING_KIND_TITLES
from gallery.photos.markup import PhotoHTML, esc


def front_matter(meta: dict[str, Any]) -> str:
    """A YAML front-matter block for a generated page."""
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n\n"


def page_meta(story: model.Story) -> dict[str, Any]:
    """The meta MkDocs and Material see: escaped title and tags, search-friendly fields."""
    meta: dict[str, Any] = {"title": esc(story.title)}
    if story.tags:
        meta["tags"] = [esc(t) for t in story.tags]
    return meta


def fact_rows(story: model.Story, site: model.Site) -> list[tuple[str, str]]:
    """The (label, escaped value) pairs shown at the top of a story page."""
    rows: list[tuple[str, Any]] = []
    if isinstance(story, model.PioneerPost):
        rows += [("党员", story.member), ("岗位", story.post), ("服务承诺", story.pledge),
                 ("座右铭", story.motto), ("入党年份", f"{story.member_since} 年")]
    if isinstance(story, model.CultureItem):
        rows.append(("类别", KIND_TITLES[story.kind]))
    if isinstance(story, model.MorningItem):
        rows += [("类别", MORNING_KIND_TITLES[story.kind]), ("出处", story.reference)]
    if isinstance(story, model.TalkArticle):
        rows.append(("作者", story.author))
    if story.outlet:
        outlet = site.outlet(story.outlet)
        rows.append(("网点", outlet.name if outlet else story.outlet))
    if story.date:
        rows.append(("日期", story.date.isoformat()))
    return [(label, esc(value)) for label, value in rows if value]


def render_story(story: model.Story, site: model.Site, photo: PhotoHTML) -> str:
    """The Markdown of one story page."""
    parts = [front_matter(page_meta(story))]
    if isinstance(story, model.PioneerPost):
        parts.append(f'<div class="culture-portrait">{photo(story, story.portrait, "portrait")}'
                     "</div>\n\n")
    rows = "".join(f"<dt>{label}</dt><dd>{_outlet_link(story, label, value)}</dd>"
                   for label, value in fact_rows(story, site))
    if rows:
        parts.append(f'<dl class="culture-facts">{rows}</dl>\n\n')
    summary = getattr(story, "summary", "")
    if summary:
        parts.append(f'<p class="culture-summary">{esc(summary)}</p>\n\n')
    parts.append(render_body(story, photo).strip() + "\n\n")
    if story.photos:
        figures = "".join(photo(story, p, "figure") for p in story.photos)
        parts.append(f'<div class="culture-photos">{figures}</div>\n')
    return "".join(parts)


def render_body(story: model.Story | model.Page, photo: PhotoHTML) -> str:
    """The author's Markdown with each body image drawn as a photo figure (never the original).

    The images are found by the same parse validation used to make `story.body_photos` (and
    replaced at the spans it found), so the n-th image naming a file of the story is the n-th
    body photo, whether written `![alt](1.jpg)`, `![alt][ref]` or `<img src="1.jpg">`.
    """
    photos = iter(story.body_photos)

    def figure(image: body.BodyImage) -> str | None:
        if body.kind(image.target) != body.LOCAL:
            return None  # validation refused it: no story is built with one
        found = next(photos, None)
        return None if found is None else photo(story, found, "figure")

    return body.replace_images(story.body, figure)


def _outlet_link(story: model.Story, label: str, value: str) -> str:
    """The outlet fact of a story page as a link to the outlet's page; other facts as they are."""
    if label != "网点" or not story.outlet:
        return value
    url = paths.relative(paths.story_url(story.section, story.slug), paths.outlet_url(story.outlet))
    return f'<a href="{html.escape(url)}">{value}</a>'


def render_card(story: model.Story, site: model.Site, photo: PhotoHTML, base: str = "") -> str:
    """One index card: cover, title, date and outlet, linking to the story."""
    url = base + paths.story_url(story.section, story.slug)
    cover = photo(story, story.cover, "card") if story.cover else ""
    facts = [v for k, v in fact_rows(story, site) if k in ("网点", "日期", "作者", "岗位")]
    meta = " · ".join(facts)
    return (f'<a class="culture-card" href="{html.escape(url)}">{cover}'
            f'<span class="culture-card-title">{esc(story.title)}</span>'
            f'<span class="culture-card-meta">{meta}</span></a>')


