"""Photo markup: the <picture> and lightbox <figure> of a derivative, for every page role."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gallery import paths
from gallery.content import model
from gallery.photos.cache import Derived

# (story or hand-written page, photo, role) -> HTML; roles: "figure", "card", "portrait".
PhotoHTML = Callable[[model.Story | model.Page, model.Photo, str], str]


def esc(value: Any) -> str:
    """Escape a value for HTML; line breaks become <br> so a block never ends early."""
    text = html.escape(str(value), quote=True)
    return "<br>".join(line for line in text.splitlines() if line.strip()) or text


def caption_only(_story: model.Story | model.Page, photo: model.Photo, role: str) -> str:
    """A photo rendered as its caption alone (used where no derivative exists)."""
    text = esc(photo.caption or photo.alt)
    return f"<figure><figcaption>{text}</figcaption></figure>" if role == "figure" else ""


# How wide each role shows on screen, for the browser's srcset choice; keep in step with the
# stylesheets. Story photos fill the content column (about 690 px beside Material's sidebar,
# the whole width below 76.25em where the sidebar folds away); cards sit in a grid.
SIZES = {
    "figure": "(max-width: 76.25em) 100vw, 720px",
    "card": "(max-width: 600px) 100vw, 360px",
    "portrait": "(max-width: 600px) 60vw, 320px",
}
FALLBACK_WIDTH = 960  # the plain src: a middle size for browsers without srcset


def attr(value: object) -> str:
    """A value for an HTML attribute: one line, escaped (pages.esc would add <br> tags)."""
    return html.escape(" ".join(str(value).split()), quote=True)


def picture_html(d: Derived, photo: model.Photo, role: str) -> str:
    """A <picture>: WebP srcset, JPEG fallback, intrinsic size, lazy, with a placeholder."""
    root = paths.ROOT_TOKEN
    jpegs = d.of_format("jpeg")
    src = next((v for v in jpegs if v.width >= FALLBACK_WIDTH), jpegs[-1])
    sizes = SIZES.get(role, SIZES["figure"])
    webp = d.srcset("webp", root)
    source = f'<source type="image/webp" srcset="{webp}" sizes="{sizes}">' if webp else ""
    # The portrait opens a story page, above the fold: load it at once.
    loading = "eager" if role == "portrait" else "lazy"
    style = f"background-color:{d.color}"
    if d.opaque:  # behind a transparent photo the preview would show through
        style += f";background-image:url({d.preview});background-size:cover"
    return (f'<picture class="culture-picture">{source}'
            f'<img class="off-glb" src="{root}{src.url}" srcset="{d.srcset("jpeg", root)}" '
            f'sizes="{sizes}" width="{src.width}" height="{src.height}" '
            f'alt="{attr(photo.alt or photo.caption)}" loading="{loading}" decoding="async" '
            f'style="{style}"></picture>')


def figure_html(d: Derived, story: model.Story | model.Page, photo: model.Photo) -> str:
    """A story-grid figure: the picture in a lightbox link to the largest JPEG, and caption.

    GLightbox puts data-title into the page as HTML: the caption is escaped once for that and
    once more for the attribute, so it always shows as text.
    """
    caption = photo.caption
    root = paths.ROOT_TOKEN
    link = (f'<a class="glightbox" href="{root}{d.largest("jpeg").url}" data-type="image" '
            f'data-gallery="{attr(story.slug)}" data-title="{attr(html.escape(caption))}" '
            f'data-alt="{attr(photo.alt or caption)}">{picture_html(d, photo, "figure")}</a>')
    text = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f'<figure class="culture-photo">{link}{text}</figure>'


def photo_html(derived: dict[Path, Derived]) -> PhotoHTML:
    """The page renderer's photo callback, drawing on the derivatives made by `process`."""

    def render(story: model.Story | model.Page, photo: model.Photo, role: str) -> str:
        d = derived.get(photo.source)
        if d is None:  # a broken photo skipped by images.skip_broken: its caption remains
            return caption_only(story, photo, role)
        if role == "figure":
            return figure_html(d, story, photo)
        return picture_html(d, photo, role)

    return render
