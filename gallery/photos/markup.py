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


# How wide each role shows on screen, for the browser's srcset choice; keep in step with the
# stylesheets. Story photos fill the content column (about 690 px beside Material's sidebar,
# the whole width below 76.25em where the sidebar folds away); cards sit in a grid.
SIZES = {
    "figure": "(max-width: 76.25em) 100vw, 720px",
    # The story's photo grid (culture.css .culture-photos): one column on a phone, two up to
    # Material's 76.25em, then three of at most a third of the 61rem grid.
    "tile": "(max-width: 44.9375em) 100vw, (max-width: 76.25em) 50vw, 440px",
    "card": "(max-width: 600px) 100vw, 360px",
    "portrait": "(max-width: 600px) 60vw, 320px",
}
# Roles whose box has its own shape (a crop): a focal point or a whole poster matters there.
CROPPED = ("card", "tile")
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
        sizes=SIZES.get(role, SIZES["figure"]), alt=photo.alt or photo.caption, style=style,
        # The portrait opens a story page, above the fold: load it at once.
        loading="eager" if role == "portrait" else "lazy")


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
