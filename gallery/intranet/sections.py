"""Section index pages, each designed for its content (culture wall, pioneer posts, moments, talk).

The markup is in `templates/` (one template per section); here the stories are chosen and
ordered. Links are relative so the site works under a sub-path.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import yaml

from gallery import paths
from gallery.content import model
from gallery.content.records import SECTIONS
from gallery.intranet import paging, staff
from gallery.intranet.pages import PageRenderer, PhotoHTML, outlet_name, render
from gallery.templating import trusted

T = TypeVar("T")


def _section_pages(section: str, site: model.Site, photo: PhotoHTML, intro: str,
                   items: Sequence[T], values: Callable[[Sequence[T]], dict[str, object]],
                   template: str | None = None) -> dict[str, str]:
    """URL -> Markdown of every page of a section's index (`paging`: 48 of `items` a page, the
    rest at `page/N/`), from its template `<section>.html` with `values(part)`; the intro and
    what the template keeps for the first page (`pager.number == 1`) only there."""
    url = f"{section}/"
    out = {}
    for pager, part in paging.paged(url, items):
        title = SECTIONS[section].title
        first = pager.number == 1
        out[pager.here] = render(template or f"{section}.html", site, photo,
                                 title=title if first else f"{title}（第 {pager.number} 页）",
                                 intro=trusted(intro.strip()) if first else "", here=pager.here,
                                 pager=pager, **values(part))
    return out


def _by_order(items: Iterable[model.CultureItem]) -> tuple[model.CultureItem, ...]:
    return tuple(sorted(items, key=lambda s: (s.order, s.title)))


def _culture_wall(site: model.Site) -> tuple[list[model.CultureItem], list[model.CultureItem]]:
    """The culture wall's items and its exemplars (the paged part)."""
    items = [i for i in site.in_section("culture-wall") if isinstance(i, model.CultureItem)]
    return items, [i for i in items if i.kind == "exemplar"]


def culture_wall_pages(site: model.Site, photo: PhotoHTML, intro: str) -> dict[str, str]:
    """服务文化墙: slogans and the rules list (first page), then exemplar cases as cards."""
    items, exemplars = _culture_wall(site)
    ideas = _by_order(i for i in items if i.kind == "idea")
    rules = _by_order(i for i in items if i.kind == "rule")
    return _section_pages("culture-wall", site, photo, intro, exemplars,
                          lambda part: {"ideas": ideas, "rules": rules, "exemplars": part})


def _pioneer_posts(site: model.Site) -> list[model.Story]:
    """Pioneer posts in the order outlets are declared, then by member."""
    order = {o.id: i for i, o in enumerate(site.outlets)}
    return sorted(site.in_section("pioneer-posts"),
                  key=lambda p: (order.get(p.outlet or "", len(order)), getattr(p, "member", "")))


def pioneer_posts_pages(site: model.Site, photo: PhotoHTML, intro: str) -> dict[str, str]:
    """党员先锋服务岗: profile cards, grouped in the order outlets are declared."""
    return _section_pages("pioneer-posts", site, photo, intro, _pioneer_posts(site),
                          lambda part: {"posts": part})


def talk_pages(site: model.Site, photo: PhotoHTML, intro: str) -> dict[str, str]:
    """服务文化大家谈: the article list, newest first."""
    return _section_pages("talk", site, photo, intro, site.in_section("talk"),
                          lambda part: {"articles": part})


def section_urls(site: model.Site) -> list[str]:
    """The URL of every page of the culture wall, pioneer and talk indexes, unrendered (the
    moments': `moments_urls`)."""
    counts = {"culture-wall": len(_culture_wall(site)[1]),
              "pioneer-posts": len(site.in_section("pioneer-posts")),
              "talk": len(site.in_section("talk"))}
    return [u for name, count in counts.items() for u in paging.page_urls(f"{name}/", count)]


def render_culture_wall(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """服务文化墙, its first page (`culture_wall_pages` makes every page)."""
    return culture_wall_pages(site, photo, intro)["culture-wall/"]


def render_pioneer_posts(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """党员先锋服务岗, its first page (`pioneer_posts_pages` makes every page)."""
    return pioneer_posts_pages(site, photo, intro)["pioneer-posts/"]


def _by_year(stories: Sequence[model.Story]) -> list[tuple[int, list[model.Story]]]:
    """Stories (newest first) grouped by year: one grid per year."""
    years: dict[int, list[model.Story]] = {}
    for s in stories:
        assert s.date is not None  # only dated stories are listed
        years.setdefault(s.date.year, []).append(s)
    return list(years.items())


def tag_order(tag: str) -> tuple[str, str]:
    """How tags are sorted for readers: by pinyin, Latin letters among them case-blind (then by
    the tag itself)."""
    from pypinyin import lazy_pinyin

    return (" ".join(lazy_pinyin(tag)).lower(), tag)


def moment_views(site: model.Site) -> list[tuple[str, str, str, tuple[model.Story, ...]]]:
    """(URL, view, label, stories) of every moments view: all of them, then one per outlet
    with moments (`outlets/<id>/moments/`) and one per tag (`tags/<slug>/moments/`)."""
    stories = tuple(s for s in site.in_section("moments") if s.date)
    views = [(paths.moments_url(), "", "", stories)]
    for o in site.outlets:
        chosen = tuple(s for s in stories if s.outlet == o.id)
        if chosen:
            views.append((f"{paths.outlet_url(o.id)}{paths.MOMENTS}/", "outlet", o.id, chosen))
    for tag in sorted({t for s in stories for t in s.tags}, key=tag_order):
        chosen = tuple(s for s in stories if tag in s.tags)
        views.append((f"{paths.tags_url(paths.tag_slug(tag))}{paths.MOMENTS}/", "tag", tag, chosen))
    return views


def moments_urls(site: model.Site) -> list[str]:
    """The URL of every moments page (each view, each of its pages), without rendering."""
    return [u for url, _, _, stories in moment_views(site)
            for u in paging.page_urls(url, len(stories))]


def moments_pages(site: model.Site, photo: PhotoHTML, intro: str) -> dict[str, str]:
    """URL -> Markdown of every moments page: newest first, one grid per year, 48 cards a page.
    The filter's choices lead to the outlet and tag views, so no page lists every moment."""
    views = moment_views(site)
    outlets = [(o, url) for url, view, value, _ in views if view == "outlet"
               for o in site.outlets if o.id == value]
    tags = [(value, url) for url, view, value, _ in views if view == "tag"]
    out = {}
    for url, view, value, stories in views:
        label = outlet_name(site, value) if view == "outlet" else value
        for pager, part in paging.paged(url, stories):
            title = SECTIONS["moments"].title + (f"：{label}" if label else "")
            if pager.number > 1:
                title += f"（第 {pager.number} 页）"
            first = not view and pager.number == 1
            out[pager.here] = render(
                "moments.html", site, photo, title=title, here=pager.here, pager=pager,
                intro=trusted(intro.strip()) if first else "", years=_by_year(part),
                view=view, value=value, outlets=outlets, tags=tags, total=len(stories),
                base=paths.relative(pager.here, ""))
    return out


def render_moments(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """服务精彩瞬间: the first page of all moments (`moments_pages` makes every page)."""
    return moments_pages(site, photo, intro)[paths.moments_url()]


def render_talk(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """服务文化大家谈, its first page (`talk_pages` makes every page)."""
    return talk_pages(site, photo, intro)["talk/"]


HOME_NEWEST = 3  # items listed in each entrance
HOME_MOMENTS = 4  # a row of moment cards below the entrances
# The four galleries the home page opens on, in the order of the tabs.
GALLERIES = ("culture-wall", "pioneer-posts", "moments", "talk")


def home_source(front: str | None, body: str) -> str:
    """The hand-written home page as the home renderer takes it: front matter (its title taken
    from the text's first heading, which the hero shows; `hide` added unless the author set
    it), then the rest of the text, marked as the staff's own."""
    meta: dict[str, object] = {}
    if front:
        loaded = yaml.safe_load(front)
        meta = dict(loaded) if isinstance(loaded, dict) else {}
    lines = body.lstrip("\n").split("\n")
    if lines and lines[0].startswith("# "):
        meta.setdefault("title", html.escape(lines[0][2:].strip(), quote=True))
        body = "\n".join(lines[1:])
    meta.setdefault("hide", ["navigation", "toc"])
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n\n{staff.mark(body)}"


def render_home(site: model.Site, photo: PhotoHTML, source: str) -> str:
    """The home page: a hero with the site's name and the core slogan, the four galleries as
    entrances with their newest items, then the hand-written welcome."""
    ideas = sorted((i for i in site.in_section("culture-wall")
                    if isinstance(i, model.CultureItem) and i.kind == "idea"),
                   key=lambda i: (i.order, i.title))
    galleries = [(folder, SECTIONS[folder].title, site.in_section(folder)[:HOME_NEWEST])
                 for folder in GALLERIES]
    _, head, text = source.split("---\n", 2) if source.startswith("---\n") else ("", "", source)
    meta = yaml.safe_load(head) if head else {}
    title = html.unescape(str(meta.get("title", ""))) if isinstance(meta, dict) else ""
    moments = site.in_section("moments")[:HOME_MOMENTS]
    return render("home.html", site, photo, front=trusted(f"---\n{head}---\n"), moments=moments,
                  intro=trusted(text.strip()), title=title,
                  slogan=ideas[0] if ideas else None, galleries=galleries,
                  descriptions={f: SECTIONS[f].description for f in GALLERIES})


# Every page of each section's index: URL -> Markdown.
PAGES: dict[str, Callable[[model.Site, PhotoHTML, str], dict[str, str]]] = {
    "culture-wall": culture_wall_pages,
    "pioneer-posts": pioneer_posts_pages,
    "moments": moments_pages,
    "talk": talk_pages,
}
RENDERERS: dict[str, PageRenderer] = {
    "culture-wall": render_culture_wall,
    "pioneer-posts": render_pioneer_posts,
    "moments": render_moments,
    "talk": render_talk,
}
