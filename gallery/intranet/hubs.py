"""Cross-section pages: one per outlet, one per campaign, their indexes and the tags page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gallery import paths
from gallery.content import model
from gallery.content.records import SECTIONS
from gallery.content.settings import Campaign
from gallery.intranet.board import Board, BoardEntry
from gallery.intranet.morning import cn_date
from gallery.intranet.pages import PhotoHTML, render
from gallery.intranet.paging import Pager, page_urls, paged
from gallery.intranet.sections import tag_order
from gallery.photos.markup import caption_only


def _by_section(stories: Sequence[model.Story]
                ) -> list[tuple[str, str, tuple[model.Story, ...]]]:
    """(section title, folder, stories) of each section that has stories, in `stories`' order."""
    groups = []
    for folder, section in SECTIONS.items():
        chosen = tuple(s for s in stories if s.section == folder)
        if chosen:
            groups.append((section.title, folder, chosen))
    return groups


def _numbered(title: str, pager: Pager) -> str:
    """A page title, with its page number past the first."""
    return title if pager.number == 1 else f"{title}（第 {pager.number} 页）"


def _board_rows(outlet: model.Outlet, boards: tuple[Board, ...]
                ) -> list[tuple[Board, BoardEntry]]:
    """The outlet's red/black board entries, newest period first."""
    return [(board, e) for board in reversed(boards) for e in board.entries
            if e.outlet == outlet.id]


def outlet_stories(outlet: model.Outlet, site: model.Site) -> tuple[model.Story, ...]:
    """The outlet's stories, section by section."""
    return tuple(s for s in site.in_order(SECTIONS) if s.outlet == outlet.id)


def render_outlet(outlet: model.Outlet, site: model.Site, boards: tuple[Board, ...],
                  photo: PhotoHTML) -> dict[str, str]:
    """URL -> Markdown of an outlet's pages: its address, its stories across sections (48 a
    page) and, on the first page, its board entries."""
    stories = outlet_stories(outlet, site)
    moments = any(s.section == "moments" and s.date for s in stories)
    return {pager.here: render(
        "outlet.html", site, photo, title=_numbered(outlet.name, pager), intro="",
        here=pager.here, pager=pager, outlet=outlet, groups=_by_section(part),
        moments_view=f"{paths.outlet_url(outlet.id)}{paths.MOMENTS}/" if moments else "",
        board_rows=_board_rows(outlet, boards) if pager.number == 1 else [])
        for pager, part in paged(paths.outlet_url(outlet.id), stories)}


def render_outlet_index(site: model.Site) -> str:
    """Every outlet with its address and number of stories."""
    counts = [(o, sum(1 for s in site.visible() if s.outlet == o.id)) for o in site.outlets]
    return render("outlets.html", site, caption_only, title="网点", intro="",
                  here=paths.outlet_url(), outlets=counts)


def status(campaign: Campaign, today: dt.date) -> str:
    """进行中, 未开始 or 已结束, as of `today`."""
    if campaign.active_on(today):
        return "进行中"
    return "未开始" if today < campaign.start else "已结束"


def window(campaign: Campaign) -> str:
    """The campaign's dates in Chinese."""
    return f"{cn_date(campaign.start)}—{cn_date(campaign.end)}"


def campaign_stories(campaign: Campaign, site: model.Site) -> tuple[model.Story, ...]:
    """The stories tagged with the campaign's topic, section by section."""
    return tuple(s for s in site.in_order(SECTIONS) if campaign.topic in s.tags)


def render_campaign(campaign: Campaign, site: model.Site, photo: PhotoHTML) -> dict[str, str]:
    """URL -> Markdown of a campaign's pages: slogan, window, status and the stories tagged
    with its topic (48 a page)."""
    return {pager.here: render(
        "campaign.html", site, photo, title=_numbered(campaign.name, pager), intro="",
        here=pager.here, pager=pager, campaign=campaign, today=site.today, window=window,
        status=status, groups=_by_section(part))
        for pager, part in paged(paths.campaign_url(campaign.id),
                                 campaign_stories(campaign, site))}


def site_tags(site: model.Site) -> list[tuple[str, tuple[model.Story, ...]]]:
    """Every tag of a visible story, sorted by pinyin, with its stories section by section."""
    stories = site.visible()
    tags = sorted({t for s in stories for t in s.tags}, key=tag_order)
    ordered = site.in_order(SECTIONS)
    return [(t, tuple(s for s in ordered if t in s.tags)) for t in tags]


def render_tag(tag: str, stories: tuple[model.Story, ...], site: model.Site,
               photo: PhotoHTML) -> dict[str, str]:
    """URL -> Markdown of one tag's pages: its stories across sections (48 a page)."""
    url = paths.tags_url(paths.tag_slug(tag))
    moments = any(s.section == "moments" and s.date for s in stories)
    return {pager.here: render(
        "tag.html", site, photo, title=_numbered(f"标签：{tag}", pager), intro="",
        here=pager.here, pager=pager, groups=_by_section(part),
        moments_view=f"{url}{paths.MOMENTS}/" if moments else "")
        for pager, part in paged(url, stories)}


def render_campaign_index(campaigns: tuple[Campaign, ...], today: dt.date) -> str:
    """All campaigns, the running ones first, then newest first."""
    ordered = sorted(campaigns, key=lambda c: c.start, reverse=True)
    ordered.sort(key=lambda c: not c.active_on(today))
    return render("campaigns.html", model.Site((), (), today), caption_only, title="宣传活动",
                  intro="", here=paths.campaign_url(), campaigns=ordered, today=today,
                  window=window, status=status)


def render_tags_page(site: model.Site) -> str:
    """The tags page: every tag sorted by pinyin, with its number of stories, leading to its
    page."""
    tags = [(t, paths.tags_url(paths.tag_slug(t)), len(stories)) for t, stories in site_tags(site)]
    return render("tags.html", site, caption_only, title="标签", intro="", here=paths.tags_url(),
                  tags=tags)


def hub_urls(site: model.Site, settings_campaigns: tuple[Campaign, ...]) -> list[str]:
    """The URL of every outlet, campaign and tag page, without rendering any."""
    urls = [u for o in site.outlets for u in page_urls(paths.outlet_url(o.id),
                                                         len(outlet_stories(o, site)))]
    urls += [u for c in settings_campaigns
             for u in page_urls(paths.campaign_url(c.id), len(campaign_stories(c, site)))]
    urls += [u for t, stories in site_tags(site)
             for u in page_urls(paths.tags_url(paths.tag_slug(t)), len(stories))]
    return urls
