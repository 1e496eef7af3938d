"""The intranet exhibition as a whole: every generated page, and the data the theme shows on
every page (campaign banner, complaint channels)."""

from __future__ import annotations

from typing import Any

from gallery import paths
from gallery.content import model
from gallery.content.settings import Settings
from gallery.intranet import board, board_pages, hubs, morning, pages, sections, staff
from gallery.photos.markup import PhotoHTML


def generated_pages(site: model.Site, settings: Settings, boards: tuple[board.Board, ...],
                    photo: PhotoHTML, intros: dict[str, str]) -> dict[str, str]:
    """Source URI -> Markdown of every generated index page (sections, board, hubs, tags).

    `intros` maps a folder (e.g. "moments", "board") to the hand-written text of its index.md.
    """
    out = {paths.page_uri(url): text for name, make in sections.PAGES.items()
           for url, text in make(site, photo, intros.get(name, "")).items()}
    out.update((paths.page_uri(url), text) for url, text in
               morning.pages(site, photo, intros.get(paths.MORNING, "")).items())
    out.update(_board_pages(boards, site, intros.get(paths.BOARD, "")))
    out[paths.page_uri(paths.outlet_url())] = hubs.render_outlet_index(site)
    hub_pages: dict[str, str] = {}
    for outlet in site.outlets:
        hub_pages.update(hubs.render_outlet(outlet, site, boards, photo))
    for campaign in settings.campaigns:
        hub_pages.update(hubs.render_campaign(campaign, site, photo))
    for tag, stories in hubs.site_tags(site):
        hub_pages.update(hubs.render_tag(tag, stories, site, photo))
    out.update((paths.page_uri(url), text) for url, text in hub_pages.items())
    out[paths.page_uri(paths.campaign_url())] = hubs.render_campaign_index(settings.campaigns,
                                                                           site.today)
    out[paths.page_uri(paths.tags_url())] = hubs.render_tags_page(site)
    if "" in intros:  # the hand-written home page, given its newest moments
        out[paths.HOME_URI] = sections.render_home(site, photo, intros[""])
    return out


def page_uris(site: model.Site, settings: Settings, boards: tuple[board.Board, ...],
              ) -> frozenset[str]:
    """The source URIs `generated_pages` makes, without rendering any (a test keeps the two in
    step): what a body's link may lead to besides stories."""
    uris = {paths.section_uri(name) for name in sections.RENDERERS}
    uris |= {paths.page_uri(url) for url in (
        paths.board_url(), paths.outlet_url(), paths.campaign_url(),
        paths.tags_url(), *(paths.board_url(b.period) for b in boards),
        *sections.moments_urls(site), *sections.section_urls(site), *morning.page_urls(site),
        *hubs.hub_urls(site, settings.campaigns))}
    return frozenset(uris | ({paths.HOME_URI} if site.page("") is not None else set()))


def intros(site: model.Site, photo: PhotoHTML) -> dict[str, str]:
    """The hand-written text of each page (folder -> Markdown), its images drawn as photos,
    marked as the staff's own (`staff.mark`: cleaned once rendered).

    The home page keeps its front matter (Material reads title and hide from it) before the
    marked text (`sections.home_source`); an intro's is dropped, as its generated page has its own.
    """
    out = {}
    for page in site.pages:
        body = pages.render_body(page, photo)
        out[page.folder] = (sections.home_source(page.front, body) if page.folder == ""
                            else staff.mark(body))
    return out


def _board_pages(boards: tuple[board.Board, ...], site: model.Site, intro: str,
                 ) -> dict[str, str]:
    """The history page and a page per period."""
    out = {paths.page_uri(paths.board_url()): board_pages.render_history(boards, site, intro)}
    for b in boards:
        out[paths.page_uri(paths.board_url(b.period))] = board_pages.render_board(b, boards, site)
    return out


def theme_extra(settings: Settings) -> dict[str, Any]:
    """What the theme overrides show on every page: running campaigns and complaint channels.

    Values are plain text; the templates escape them. URLs are relative to the site root; the
    templates pass them through MkDocs' `url` filter (right from any page, 404 included).
    """
    running = [c for c in settings.campaigns if c.active_on(settings.today)]
    return {
        "campaigns": [{"name": c.name, "slogan": c.slogan, "url": paths.campaign_url(c.id),
                       "end": c.end.isoformat()} for c in running],
        "channels": [{"name": c.name, "phone": c.phone, "hours": c.hours}
                     for c in settings.channels],
        "branch": settings.name,
    }
