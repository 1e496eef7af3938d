"""Cross-section pages: one per outlet, one per campaign, their indexes and the tags page."""

from __future__ import annotations

import datetime as dt

from gallery import paths
from gallery.content import model
from gallery.content.records import SECTIONS
from gallery.content.settings import Campaign
from gallery.intranet.board import Board
from gallery.intranet.morning import cn_date
from gallery.intranet.pages import PhotoHTML, esc, front_matter
from gallery.intranet.sections import article_item, cards, profile_card, story_link

TAGS_PAGE = "# 标签\n\n按标签浏览全站故事。\n\n<!-- material/tags -->\n"


def _by_section(stories: tuple[model.Story, ...], site: model.Site, photo: PhotoHTML,
                here: str) -> str:
    """Stories grouped under their section's title, each section in its own layout."""
    parts = []
    for folder, section in SECTIONS.items():
        chosen = model.sort_newest(s for s in stories if s.section == folder)
        if not chosen:
            continue
        if folder == "pioneer-posts":
            body = "".join(profile_card(p, site, photo, here, level=3) for p in chosen)
            body = f'<div class="culture-profiles">{body}</div>'
        elif folder == "talk":
            body = f'<ul class="culture-articles">{"".join(article_item(a, here, 3) for a in chosen)}</ul>'
        elif folder == "morning":
            links = "".join(f'<li><a href="{story_link(here, s)}">{esc(s.title)}</a></li>'
                            for s in chosen)
            body = f"<ul>{links}</ul>"
        else:
            body = cards(chosen, site, photo, here)
        parts.append(f"## {section.title}\n\n{body}\n")
    return "\n".join(parts) or '<p class="culture-empty">暂无内容。</p>'


def _board_rows(outlet: model.Outlet, boards: tuple[Board, ...], here: str) -> str:
    """The outlet's red/black board entries, newest period first."""
    rows = []
    for board in reversed(boards):
        for e in board.entries:
            if e.outlet != outlet.id:
                continue
            link = esc(paths.relative(here, paths.board_url(board.period)))
            kind = "红榜" if e.red else "黑榜"
            rows.append(f'<tr><th scope="row"><a href="{link}">{board.title}</a></th>'
                        f'<td class="culture-list-{"red" if e.red else "black"}">{kind}</td>'
                        f"<td>{esc(e.person)}</td><td>{esc(e.metric)}</td><td>{esc(e.value)}</td></tr>")
    if not rows:
        return ""
    head = "".join(f'<th scope="col">{h}</th>' for h in ("期次", "榜单", "人员", "指标", "数值"))
    return ('## 服务效能红黑榜\n\n<table class="culture-board-table"><caption>本网点上榜记录</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n')


def render_outlet(outlet: model.Outlet, site: model.Site, boards: tuple[Board, ...],
                  photo: PhotoHTML) -> str:
    """One outlet: its address, its stories across sections and its board entries."""
    here = paths.outlet_url(outlet.id)
    stories = tuple(s for s in site.visible() if s.outlet == outlet.id)
    address = f'<p class="culture-address">地址：{esc(outlet.address)}</p>\n\n' if outlet.address else ""
    return (f"{front_matter({'title': esc(outlet.name)})}# {esc(outlet.name)}\n\n{address}"
            f"{_by_section(stories, site, photo, here)}\n\n{_board_rows(outlet, boards, here)}")


def render_outlet_index(site: model.Site) -> str:
    """Every outlet with its address and number of stories."""
    here = paths.outlet_url()
    items = []
    for outlet in site.outlets:
        count = sum(1 for s in site.visible() if s.outlet == outlet.id)
        link = esc(paths.relative(here, paths.outlet_url(outlet.id)))
        address = f'<span class="culture-muted">{esc(outlet.address)}</span>' if outlet.address else ""
        items.append(f'<li><a href="{link}">{esc(outlet.name)}</a>（{count} 篇）{address}</li>')
    return f"{front_matter({'title': '网点'})}# 网点\n\n<ul class=\"culture-outlets\">{''.join(items)}</ul>\n"


def status(campaign: Campaign, today: dt.date) -> str:
    """进行中, 未开始 or 已结束, as of `today`."""
    if campaign.active_on(today):
        return "进行中"
    return "未开始" if today < campaign.start else "已结束"


def window(campaign: Campaign) -> str:
    """The campaign's dates in Chinese."""
    return f"{cn_date(campaign.start)}—{cn_date(campaign.end)}"


def render_campaign(campaign: Campaign, site: model.Site, photo: PhotoHTML) -> str:
    """One campaign: slogan, window, status and the stories tagged with its topic."""
    here = paths.campaign_url(campaign.id)
    stories = tuple(s for s in site.visible() if campaign.topic in s.tags)
    head = (f'<p class="culture-campaign-slogan">{esc(campaign.slogan)}</p>\n\n'
            f'<p class="culture-campaign-window">{window(campaign)} · '
            f'<span class="culture-status">{status(campaign, site.today)}</span> · '
            f"标签：{esc(campaign.topic)}</p>\n\n")
    return (f"{front_matter({'title': esc(campaign.name)})}# {esc(campaign.name)}\n\n{head}"
            f"{_by_section(stories, site, photo, here)}\n")


def render_campaign_index(campaigns: tuple[Campaign, ...], today: dt.date) -> str:
    """All campaigns, the running ones first, then newest first."""
    here = paths.campaign_url()
    ordered = sorted(campaigns, key=lambda c: c.start, reverse=True)
    ordered.sort(key=lambda c: not c.active_on(today))
    items = "".join(
        f'<li><a href="{esc(paths.relative(here, paths.campaign_url(c.id)))}">{esc(c.name)}</a>'
        f' <span class="culture-status">{status(c, today)}</span>'
        f'<br><span class="culture-muted">{window(c)} · {esc(c.slogan)}</span></li>'
        for c in ordered)
    body = f'<ul class="culture-campaigns">{items}</ul>' if items else '<p class="culture-empty">暂无活动。</p>'
    return f"{front_matter({'title': '宣传活动'})}# 宣传活动\n\n{body}\n"
