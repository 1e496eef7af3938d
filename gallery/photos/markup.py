"""Photo markup: the <picture> and lightbox <figure> of a derivative, for every page role."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from gallery import paths, templating
from gallery.content import model, words
from gallery.photos.cache import Derived

# (story or hand-written page, photo, role) -> HTML; roles: "figure" (a photo in the text),
# "tile" (a story's photo grid; a figure too), "card", "portrait".
PhotoHTML = Callable[[model.Story | model.Page, model.Photo, str], str]
TEMPLATES = templating.environment("gallery.photos")
TEMPLATES.globals["segment"] = words.segment  # captions break between words only


def _render(name: str, **values: object) -> str:
    """One of the photo templates, rendered."""
    return Markup(TEMPLATES.get_template(name).render(values))


def caption_only(_story: model.Story | model.Page, photo: model.Photo, role: str) -> str:
    """A photo rendered as its caption alone (used where no derivative exists)."""
    if role not in ("figure", "tile"):
        return ""
    return _render("caption.html", caption=photo.caption or photo.alt)


# How wide each role is drawn (culture.css), per media query, for the browser's srcset choice:
# (media condition, CSS width), the first that matches counts. Measured in Chromium by
# tests/test_photo_sizes_browser.py (no photo upscaled, none larger than needed) at 1366x768
# and 390x844@3x; keep in step with the stylesheet. Material's rem is 20 px, 22 px from 100em
# and 24 px from 125em; the pages are full width (61rem at most) from 76.25em.
SIZES: dict[str, tuple[tuple[str, str], ...]] = {
    # A photo in the text (.culture-photo): the column, at most 720 px.
    "figure": (("(max-width: 47em)", "100vw"), ("", "720px")),
    # The story's photo grid (.culture-photos, minmax(15rem, 1fr)): one column on a phone, two
    # or three up to 76.25em, then three in the 61rem grid (385, 421 and 440 px).
    "tile": (("(max-width: 44.9375em)", "100vw"), ("(max-width: 76.25em)", "460px"),
             ("(min-width: 125em)", "440px"), ("(min-width: 100em)", "421px"), ("", "385px")),
    # Cards (.culture-cards, minmax(13rem, 1fr)): one column on a phone, then about 400 px,
    # four columns of at most 340 px above 76.25em.
    "card": (("(max-width: 44.9375em)", "100vw"), ("(max-width: 76.25em)", "400px"),
             ("", "340px")),
    # The home page's gallery entrances (.culture-entrances): 1, 2, then 4 columns.
    "entrance": (("(max-width: 37.4375em)", "100vw"), ("(max-width: 59.9375em)", "50vw"),
                 ("(max-width: 76.25em)", "25vw"), ("", "340px")),
    # A pioneer's portrait beside the facts (.culture-portrait): 320 px, 60 % on a phone.
    "portrait": (("(max-width: 44.9375em)", "60vw"), ("", "320px")),
    # A pioneer's thumbnail on the index and hubs (.culture-profile-photo): 6rem or 7.5rem.
    "profile": (("(max-width: 44.9375em)", "120px"), ("(min-width: 125em)", "180px"),
                ("(min-width: 100em)", "165px"), ("", "150px")),
}
# The aspect (width / height) of each role's box where the photo is cropped to fill it
# (object-fit: cover): a photo wider than its box is drawn wider than the box.
BOXES = {"card": 4 / 3, "tile": 4 / 3, "entrance": 16 / 9, "profile": 3 / 4}
# Roles whose box has its own shape (a crop): a focal point or a whole poster matters there.
CROPPED = ("card", "tile", "entrance")
FALLBACK_WIDTH = 960  # the plain src: a middle size for browsers without srcset


def picture_html(d: Derived, photo: model.Photo, role: str) -> str:
    """A <picture>: WebP srcset, JPEG fallback, intrinsic size, lazy, with a placeholder."""
    root = paths.ROOT_TOKEN
    jpegs = d.of_format("jpeg")
    style = f"background-color:{d.color}"
    if d.opaque:  # behind a transparent photo the preview would show through
        style += f";background-image:url({d.preview});background-size:cover"
    src = next((v for v in jpegs if v.width >= FALLBACK_WIDTH), jpegs[-1])
    fit = ""
    if photo.focus == "contain" or (not photo.focus and role in CROPPED
                                    and src.height > src.width * 1.1):
        fit = "culture-contain"  # a poster or a tall photo: whole, on its placeholder
    elif photo.focus:
        style += f";object-position:{photo.focus}"
    return _render(
        "picture.html", root=root, webp=d.srcset("webp", root), jpeg=d.srcset("jpeg", root),
        src=src, fit=fit,
        sizes=sizes(role, d.width / d.height, contain=bool(fit)), alt=photo.alt or photo.caption,
        style=style,
        # The portrait opens a story page, above the fold: load it at once.
        loading="eager" if role == "portrait" else "lazy")


def sizes(role: str, aspect: float, contain: bool = False) -> str:
    """The `sizes` of a role for a photo of this aspect: the role's box widths, scaled by how
    much wider than its box the photo is drawn (cover), or narrower (contain)."""
    box = BOXES.get(role)
    scale = 1.0
    if box is not None:
        scale = min(1.0, aspect / box) if contain else max(1.0, aspect / box)
    parts = []
    for media, width in SIZES.get(role, SIZES["figure"]):
        number, unit = float(width[:-2]), width[-2:]
        parts.append(f"{media} {number * scale:.4g}{unit}".strip())
    return ", ".join(parts)


def figure_html(d: Derived, story: model.Story | model.Page, photo: model.Photo,
                role: str = "figure") -> str:
    """A story-grid figure: the picture in a lightbox link to the largest WebP (JPEG when
    there is no WebP), and caption."""
    largest = (d.of_format("webp") or d.of_format("jpeg"))[-1]
    return _render("figure.html", root=paths.ROOT_TOKEN, largest=largest.url,
                   gallery=story.slug, caption=photo.caption,
                   lightbox_title=html.escape(photo.caption), alt=photo.alt or photo.caption,
                   picture=Markup(picture_html(d, photo, role)))


def photo_html(derived: dict[Path, Derived]) -> PhotoHTML:
    """The page renderer's photo callback, drawing on the derivatives made by `process`."""

    def render(story: model.Story | model.Page, photo: model.Photo, role: str) -> str:
        d = derived.get(photo.source)
        if d is None:  # a broken photo skipped by images.skip_broken: its caption remains
            return caption_only(story, photo, role)
        if role in ("figure", "tile"):
            return figure_html(d, story, photo, role)
        return picture_html(d, photo, role)

    return render
