"""Lobby-screen playlists: which public stories and slogans each screen plays, as plain data.

This module is the one gate between content and the lobby: only stories that are
`audience: public`, carry an approval record still in force, and are visible on the build day
ever get here (`public_stories`); the record itself never reaches a slide. A
story's photos reach a screen only as derivative URLs given by `variants_for`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from gallery import paths
from gallery.content import model, words
from gallery.content.records import KIND_TITLES
from gallery.content.settings import Settings
from gallery.screens.config import Entry, Rule, Screen

# Orientation mismatch beyond this aspect ratio factor shows the whole photo (contain) on dark
# ground instead of cropping it away (cover): a landscape group photo on a portrait screen.
COVER_TOLERANCE = 1.35
# The share of the screen a photo that does not fill it may take (player.css keeps these):
# beside its text on a landscape screen (the full stage height less the safe margins, at most
# this share of the width), above its text on a portrait screen (at most this share of the
# height, the full width).
SIDE_HEIGHT, SIDE_WIDTH = 0.85, 0.55
STACK_HEIGHT = 0.62


class VariantLike(Protocol):
    """What the image pipeline gives per derivative (gallery.photos.plan.Variant)."""

    width: int
    height: int
    format: str
    url: str


VariantsFor = Callable[[model.Photo], Sequence[VariantLike]]
BackdropFor = Callable[[model.Photo], VariantLike | None]
SizeOf = Callable[[model.Photo], "tuple[int, int] | None"]  # a photo's upright pixel size


def no_variants(_photo: model.Photo) -> tuple[VariantLike, ...]:
    """A stand-in when no derivatives exist: slides then show text without the photo."""
    return ()


def no_backdrop(_photo: model.Photo) -> VariantLike | None:
    """A stand-in when no blurred backdrops exist: the frame around a photo stays dark."""
    return None


def variants_from_map(derived: dict) -> VariantsFor:
    """Adapt the image pipeline's {Photo.source: Derived} map to `variants_for`."""
    return lambda photo: getattr(derived.get(photo.source), "variants", ())


def backdrops_from_map(derived: dict) -> BackdropFor:
    """Adapt the image pipeline's {Photo.source: Derived} map to `backdrop_for`."""
    return lambda photo: getattr(derived.get(photo.source), "backdrop", None)


def public_stories(site: model.Site, today: dt.date) -> tuple[model.Story, ...]:
    """The only stories a lobby may show: public, approved (consent not withdrawn) and inside
    their publish window today. Validation refuses a public story without a record (E250);
    this gate holds for stories made in code too."""
    return model.sort_newest(s for s in site.stories
                             if s.cleared_for_lobby(today) and s.visible_on(today))


def select(entry: Entry, stories: Sequence[model.Story]) -> tuple[model.Story, ...]:
    """The stories one playlist entry picks, newest first."""
    found = [s for s in stories
             if (entry.section is None or s.section == entry.section)
             and (entry.outlet is None or s.outlet == entry.outlet)
             and (not entry.tags or set(entry.tags) & set(s.tags))]
    return tuple(found[: entry.newest] if entry.newest else found)


def pick_variant(variants: Sequence[VariantLike], need: float) -> VariantLike | None:
    """The smallest derivative at least `need` pixels wide, else the largest one.

    WebP is preferred: Chromium has decoded it since version 32 (TV boxes run 69 and later)
    and it is a third smaller than JPEG at equal quality, which matters for the offline cache
    on boxes with little storage. JPEG is the fallback when a photo has no WebP derivative.
    """
    pool = [v for v in variants if v.format == "webp"] or list(variants)
    pool.sort(key=lambda v: v.width)
    # A pixel short is enough: a derivative made for this need may round down by one.
    return next((v for v in pool if v.width >= need - 1), pool[-1] if pool else None)


def photo_fit(screen: Screen, width: int, height: int) -> tuple[str, float]:
    """How a photo fills the screen ("cover" or "contain") and the pixel width it needs."""
    sw, sh = screen.size
    aspect, screen_aspect = width / height, sw / sh
    ratio = max(aspect, screen_aspect) / min(aspect, screen_aspect)
    if ratio <= COVER_TOLERANCE:
        return "cover", max(sw, sh * aspect)
    return "contain", contained_width(screen, aspect)


def contained_width(screen: Screen, aspect: float) -> float:
    """The widest a photo that does not fill the screen is shown (beside or above its text)."""
    sw, sh = screen.size
    if sw >= sh:
        return min(sw * SIDE_WIDTH, sh * SIDE_HEIGHT * aspect)
    return min(sw, sh * STACK_HEIGHT * aspect)


def slide_fit(screen: Screen, width: int, height: int, contain: bool) -> tuple[str, float]:
    """How a slide shows a photo of this aspect ("cover" or "contain"), and the pixel width
    it needs (a pioneer portrait and a poster are always shown whole, beside their text)."""
    if contain:
        return "contain", contained_width(screen, width / height)
    return photo_fit(screen, width, height)


def image_of(screen: Screen, photo: model.Photo, variants_for: VariantsFor,
             backdrop_for: BackdropFor = no_backdrop, contain: bool = False,
             ) -> dict[str, Any] | None:
    """The slide image for `photo`: URL relative to the screen page, and how to fit it.

    `contain` keeps the whole photo in view whatever its shape (a pioneer's portrait, a
    poster with its own text). A contained photo gets the blurred backdrop of the same photo
    behind it, so the screen is filled without cropping.
    """
    variants = list(variants_for(photo))
    if not variants:
        return None
    largest = max(variants, key=lambda v: v.width)
    fit, need = slide_fit(screen, largest.width, largest.height, contain)
    chosen = pick_variant(variants, need)
    if chosen is None:  # cannot happen: `variants` is not empty
        return None
    image = {"src": paths.screen_asset_url(chosen.url), "fit": fit,
             "width": chosen.width, "height": chosen.height}
    backdrop = backdrop_for(photo) if fit == "contain" else None
    return image | ({"backdrop": paths.screen_asset_url(backdrop.url)} if backdrop else {})


def is_poster(story: model.Story, variants: Sequence[VariantLike]) -> bool:
    """A culture-wall photo taller than wide is a poster: its own text must stay whole."""
    if isinstance(story, model.PioneerPost) or not variants:
        return False
    largest = max(variants, key=lambda v: v.width)
    return shown_whole(story, largest.width, largest.height)


def slide_photos(screen: Screen, settings: Settings, site: model.Site,
                 ) -> list[tuple[model.Photo, model.Story]]:
    """(photo, its story) of every story slide the screen plays."""
    stories = public_stories(site, settings.today)
    found: list[tuple[model.Photo, model.Story]] = []
    for entry in screen.playlist:
        if entry.slogan is not None:
            continue
        for story in select(entry, stories):
            if isinstance(story, model.PioneerPost):
                found.append((story.portrait, story))
            elif story.cover is not None:
                found.append((story.cover, story))
    return found


def shown_whole(story: model.Story, width: int, height: int) -> bool:
    """Whether a slide shows the photo whole beside its text: a pioneer's portrait, or a
    culture-wall photo taller than wide (a poster: its own text must stay whole)."""
    return isinstance(story, model.PioneerPost) or (
        story.section == "culture-wall" and height > width)


def photo_widths(screens: Sequence[Screen], settings: Settings, site: model.Site,
                 size_of: SizeOf) -> dict[Path, tuple[int, ...]]:
    """The derivative sizes (longer side, px) each lobby photo needs on the screens that play
    it, beyond the `images: widths` every photo gets: a 1080p slide needs 1920 px, a 4K one
    3840 (never more than the original has). Made for those photos only."""
    largest = max(settings.images.widths)
    needs: dict[Path, set[int]] = {}
    for screen in screens:
        for photo, story in slide_photos(screen, settings, site):
            size = size_of(photo)
            if size is None:  # unreadable: the photo stage reports it
                continue
            width, height = size
            need = slide_fit(screen, width, height, shown_whole(story, width, height))[1]
            long_side = min(math.ceil(need * max(width, height) / width), max(width, height))
            if long_side > largest:
                needs.setdefault(photo.source, set()).add(long_side)
    return {source: tuple(sorted(sizes)) for source, sizes in needs.items()}


def story_item(screen: Screen, story: model.Story, settings: Settings,
               variants_for: VariantsFor, backdrop_for: BackdropFor = no_backdrop,
               ) -> dict[str, Any]:
    """One slide for a story: a pioneer card, a poster, a full-bleed photo or a text card."""
    outlet = settings.outlet_names.get(story.outlet or "", "")
    when = story.date.isoformat() if story.date else ""
    item: dict[str, Any] = {"id": paths.story_url(story.section, story.slug).strip("/")}
    if isinstance(story, model.PioneerPost):
        return item | {"kind": "pioneer", "title": story.member, "post": story.post,
                       "meta": outlet, "text": story.pledge, "motto": story.motto,
                       "image": image_of(screen, story.portrait, variants_for, contain=True)}
    summary = getattr(story, "summary", "")
    label = KIND_TITLES.get(getattr(story, "kind", ""), "")
    meta = " · ".join(x for x in (label, outlet, when) if x)
    cover = story.cover
    poster = cover is not None and is_poster(story, variants_for(cover))
    image = image_of(screen, cover, variants_for, backdrop_for, contain=poster) if cover else None
    if cover is None or image is None:
        return item | {"kind": "text", "title": story.title, "text": summary, "meta": meta}
    caption = cover.caption or summary
    return item | {"kind": "poster" if poster else "photo", "title": story.title,
                   "text": caption, "meta": meta, "image": image}


def expiry_rule(story: model.Story) -> Rule | None:
    """A rule that ends the story on screens when it expires, even without a new build."""
    return Rule(end=story.expire - dt.timedelta(days=1)) if story.expire else None


def entry_items(screen: Screen, index: int, entry: Entry, stories: Sequence[model.Story],
                settings: Settings, variants_for: VariantsFor,
                backdrop_for: BackdropFor = no_backdrop) -> list[dict[str, Any]]:
    """The slides of one playlist entry, each with its duration and schedule rules."""
    common = {"duration": entry.duration}
    rules = [entry.schedule] if entry.schedule else []
    if entry.slogan is not None:
        return [{"id": f"slogan-{index + 1}", "kind": "slogan", "title": entry.slogan,
                 "when": [r.to_json() for r in rules]} | common]
    items = []
    for story in select(entry, stories):
        story_rules = rules + [r for r in (expiry_rule(story),) if r]
        item = story_item(screen, story, settings, variants_for, backdrop_for)
        items.append(item | common | {"when": [r.to_json() for r in story_rules]})
    return items


def build_playlist(screen: Screen, settings: Settings, site: model.Site,
                   variants_for: VariantsFor = no_variants,
                   backdrop_for: BackdropFor = no_backdrop) -> dict[str, Any]:
    """Everything one screen plays, as the player's playlist.json reads it."""
    stories = public_stories(site, settings.today)
    items: list[dict[str, Any]] = []
    for index, entry in enumerate(screen.playlist):
        items += entry_items(screen, index, entry, stories, settings, variants_for, backdrop_for)
    outlet_name = settings.outlet_names.get(screen.outlet, "")
    _unique_ids(items)
    fallback = {"id": "fallback", "kind": "slogan", "title": settings.short_name,
                "duration": 30, "when": []}
    add_words([*items, fallback], words.segmenter(words.terms(settings, site)))
    return {
        "screen": {"name": screen.name, "outlet": screen.outlet, "outlet_name": outlet_name,
                   "orientation": screen.orientation, "resolution": screen.resolution},
        "branch": settings.short_name, "branch_full": settings.name,
        # The bar names where the customer stands: the outlet, or the bank on a branch-wide screen.
        "bar_name": settings.name if screen.branch_wide else outlet_name or settings.name,
        "hotline": [{"name": c.name, "phone": c.phone, "hours": c.hours}
                    for c in settings.channels],
        "campaigns": [{"name": c.name, "slogan": c.slogan, "from": c.start.isoformat(),
                       "until": c.end.isoformat()}
                      for c in settings.campaigns if c.end >= settings.today],
        "hours": [r.to_json() for r in screen.hours],
        "poll": screen.poll, "heartbeat": screen.heartbeat,
        "fallback": fallback,
        "items": items,
    }


# The texts of a slide shown in big type, which the player lays out from line-break units.
BIG_TEXT = ("title", "text", "motto")


def add_words(items: Sequence[dict[str, Any]], segment: words.Segment) -> None:
    """Give each slide `words`: its big texts cut into line-break units (gallery.content.words),
    which the player joins with <wbr> so a line never breaks inside a word."""
    for item in items:
        item["words"] = {k: segment(item[k]) for k in BIG_TEXT if item.get(k)}


def _unique_ids(items: list[dict[str, Any]]) -> None:
    """Number repeated ids (a story picked by two entries) so each slide has its own."""
    seen: dict[str, int] = {}
    for item in items:
        count = seen.get(item["id"], 0) + 1
        seen[item["id"]] = count
        if count > 1:
            item["id"] = f"{item['id']}#{count}"


def playlist_json(playlist: dict[str, Any]) -> str:
    """The playlist as stable JSON text (same content, same bytes, same build id)."""
    return json.dumps(playlist, ensure_ascii=False, sort_keys=True, indent=1)


def content_id(text: str) -> str:
    """A short id of a build's content: changes exactly when the playlist changes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def images_of(playlist: dict[str, Any]) -> list[str]:
    """Every image URL a playlist uses (photos and their backdrops), once, in order."""
    images = (item.get("image", {}) or {} for item in playlist["items"])
    return list(dict.fromkeys(url for image in images
                              for url in (image.get("src"), image.get("backdrop")) if url))
