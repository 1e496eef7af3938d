"""Section index pages, each designed for its content (culture wall, pioneer posts, moments, talk).

All front-matter text goes through `pages.esc`; links are relative so the site works under a
sub-path.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from gallery import paths
from gallery.content import model
from gallery.content.records import SECTIONS
from gallery.intranet.pages import PhotoHTML, esc, front_matter, render_card


def story_link(here: str, story: model.Story) -> str:
    """A relative link from the page at `here` to a story."""
    return esc(paths.relative(here, paths.story_url(story.section, story.slug)))


def outlet_name(site: model.Site, outlet_id: str | None) -> str:
    """The Chinese name of an outlet id (the id itself if undeclared, '' if none)."""
    outlet = site.outlet(outlet_id)
    return outlet.name if outlet else (outlet_id or "")


def cards(stories: tuple[model.Story, ...], site: model.Site, photo: PhotoHTML, here: str) -> str:
    """A grid of story cards linking from the page at `here`."""
    base = paths.relative(here, "")
    inner = "".join(render_card(s, site, photo, base=base) for s in stories)
    return f'<div class="culture-cards">{inner}</div>'


def _page(title: str, intro: str, body: str) -> str:
    """A generated page: front matter, the hand-written intro (or a heading), the body."""
    return f"{front_matter({'title': title})}{intro.strip() or '# ' + title}\n\n{body}\n"


def _empty(text: str = "暂无内容。") -> str:
    return f'<p class="culture-empty">{text}</p>'


# 服务文化墙 ---------------------------------------------------------------------------------

def _by_order(items) -> tuple[model.CultureItem, ...]:
    return tuple(sorted(items, key=lambda s: (s.order, s.title)))


def _slogans(items: tuple[model.CultureItem, ...], here: str) -> str:
    """Core ideas as large slogans: the title (the idea itself) big, the summary below it."""
    out = []
    for item in items:
        label = f'<span class="culture-slogan-label">{esc(item.summary)}</span>' if item.summary else ""
        out.append(f'<a class="culture-slogan" href="{story_link(here, item)}">'
                   f'<span class="culture-slogan-text">{esc(item.title)}</span>{label}</a>')
    return f'<div class="culture-slogans">{"".join(out)}</div>'


def _rules(items: tuple[model.CultureItem, ...], here: str) -> str:
    """Rules as a numbered, readable list: title and one-line summary."""
    out = []
    for item in items:
        summary = f'<span class="culture-rule-summary">{esc(item.summary)}</span>' if item.summary else ""
        out.append(f'<li><a href="{story_link(here, item)}">{esc(item.title)}</a>{summary}</li>')
    return f'<ol class="culture-rules">{"".join(out)}</ol>'


def render_culture_wall(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """服务文化墙: slogans, then the rules list, then exemplar cases as cards."""
    here = "culture-wall/"
    items = site.in_section("culture-wall")
    parts = []
    for kind, heading, render in (("idea", "核心理念", _slogans), ("rule", "规章制度", _rules)):
        chosen = _by_order(i for i in items if i.kind == kind)
        parts.append(f"## {heading}\n\n{render(chosen, here) if chosen else _empty()}\n")
    exemplars = tuple(i for i in items if i.kind == "exemplar")
    shown = cards(exemplars, site, photo, here) if exemplars else _empty()
    parts.append(f"## 服务榜样案例\n\n{shown}\n")
    return _page(SECTIONS["culture-wall"].title, intro, "\n".join(parts))


# 党员先锋服务岗 -------------------------------------------------------------------------------

def profile_card(post: model.PioneerPost, site: model.Site, photo: PhotoHTML, here: str,
                 level: int = 2) -> str:
    """A profile card: portrait, name, post, outlet, pledge, motto and year joined."""
    facts = [("服务承诺", post.pledge), ("座右铭", post.motto), ("入党年份", f"{post.member_since} 年")]
    rows = "".join(f"<dt>{k}</dt><dd>{esc(v)}</dd>" for k, v in facts if v)
    where = " · ".join(esc(v) for v in (post.post, outlet_name(site, post.outlet)) if v)
    portrait = photo(post, post.portrait, "portrait")
    portrait = f'<div class="culture-profile-photo">{portrait}</div>' if portrait else ""
    return (f'<article class="culture-profile">{portrait}'
            f'<div class="culture-profile-body"><h{level} class="culture-profile-name">'
            f'<a href="{story_link(here, post)}">{esc(post.member)}</a></h{level}>'
            f'<p class="culture-profile-post">{where}</p><dl>{rows}</dl></div></article>')


def render_pioneer_posts(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """党员先锋服务岗: profile cards, grouped in the order outlets are declared."""
    here = "pioneer-posts/"
    order = {o.id: i for i, o in enumerate(site.outlets)}
    posts = sorted(site.in_section("pioneer-posts"),
                   key=lambda p: (order.get(p.outlet, len(order)), p.member))
    body = "".join(profile_card(p, site, photo, here) for p in posts)
    return _page(SECTIONS["pioneer-posts"].title, intro,
                 f'<div class="culture-profiles">{body}</div>' if posts else _empty())


# 服务精彩瞬间 ---------------------------------------------------------------------------------

def _filters(stories: tuple[model.Story, ...], site: model.Site) -> str:
    """Outlet and tag selects; hidden until moments.js shows them (works without JS too)."""
    outlets = [o for o in site.outlets if any(s.outlet == o.id for s in stories)]
    tags = sorted({t for s in stories for t in s.tags})
    outlet_opts = "".join(f'<option value="{esc(o.id)}">{esc(o.name)}</option>' for o in outlets)
    tag_opts = "".join(f'<option value="{esc(t)}">{esc(t)}</option>' for t in tags)
    return ('<form class="culture-filter" data-culture-filter hidden>'
            '<label>网点 <select name="outlet"><option value="">全部网点</option>'
            f'{outlet_opts}</select></label>'
            '<label>标签 <select name="tag"><option value="">全部标签</option>'
            f'{tag_opts}</select></label>'
            '<output class="culture-filter-count" aria-live="polite"></output></form>')


def _grouped(stories: tuple[model.Story, ...], render: Callable[[model.Story], str]) -> str:
    """Stories (newest first) grouped by year, then by month."""
    years: dict[int, dict[int, list[str]]] = {}
    for s in stories:
        years.setdefault(s.date.year, {}).setdefault(s.date.month, []).append(render(s))
    out = []
    for year, months in years.items():
        inner = "".join(f'<section class="culture-month"><h3>{month} 月</h3>'
                        f'<div class="culture-cards">{"".join(items)}</div></section>'
                        for month, items in months.items())
        out.append(f'<section class="culture-year"><h2>{year} 年</h2>{inner}</section>')
    return "".join(out)


def render_moments(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """服务精彩瞬间: newest first, grouped by year and month, filterable by outlet and tag."""
    here = "moments/"
    stories = tuple(s for s in site.in_section("moments") if s.date)

    def card(s: model.Story) -> str:
        tags = esc(json.dumps(list(s.tags), ensure_ascii=False))
        return (f'<div class="culture-moment" data-outlet="{esc(s.outlet or "")}" '
                f'data-tags="{tags}">{render_card(s, site, photo, base=paths.relative(here, ""))}</div>')

    if not stories:
        return _page(SECTIONS["moments"].title, intro, _empty())
    body = (f"{_filters(stories, site)}\n\n<div class=\"culture-moments\">{_grouped(stories, card)}"
            '<p class="culture-empty" data-culture-none hidden>没有符合条件的内容。</p></div>')
    return _page(SECTIONS["moments"].title, intro, body)


# 服务文化大家谈 -------------------------------------------------------------------------------

def article_item(a: model.TalkArticle, here: str, level: int = 2) -> str:
    """One article in a list: title, author and date, summary."""
    meta = " · ".join(esc(v) for v in (a.author, a.date.isoformat() if a.date else "") if v)
    return (f'<li class="culture-article"><h{level}><a href="{story_link(here, a)}">'
            f"{esc(a.title)}</a></h{level}>"
            f'<p class="culture-article-meta">{meta}</p>'
            f'<p class="culture-article-summary">{esc(a.summary)}</p></li>')


def render_talk(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """服务文化大家谈: the article list, newest first."""
    articles = site.in_section("talk")
    items = "".join(article_item(a, "talk/") for a in articles)
    body = f'<ul class="culture-articles">{items}</ul>' if articles else _empty()
    return _page(SECTIONS["talk"].title, intro, body)


HOME_MOMENTS = 4


def render_home(site: model.Site, photo: PhotoHTML, intro: str) -> str:
    """The home page: the hand-written welcome, then the newest service moments."""
    moments = site.in_section("moments")[:HOME_MOMENTS]
    if not moments:
        return intro
    more = f'<p><a href="{paths.relative("", "moments/")}">查看全部服务精彩瞬间 →</a></p>'
    return f"{intro.rstrip()}\n\n## 最新服务精彩瞬间\n\n{cards(moments, site, photo, '')}\n\n{more}\n"


RENDERERS: dict[str, Callable[[model.Site, PhotoHTML, str], str]] = {
    "culture-wall": render_culture_wall,
    "pioneer-posts": render_pioneer_posts,
    "moments": render_moments,
    "talk": render_talk,
}
