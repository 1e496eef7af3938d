"""The staff's own Markdown in generated pages: marked where it goes, cleaned after rendering.

A story body, a section's intro and the home page are the author's Markdown, put into a
generated page as they are so that MkDocs renders them with the rest (toc, links between
stories checked by `--strict`). Each is put between two HTML comments that carry a nonce of this
process (`mark`), which no content can write. After MkDocs rendered the page, before search and
the lightbox read it (`on_page_content`), `clean_page` runs each marked fragment through the
allowlist of `gallery.content.sanitise`; our own markup around a fragment is never touched.

Inside a body our markup is the photo figures drawn for its images. The figures are remembered
as they are drawn (`remember`), taken out of the fragment before cleaning and put back after,
byte for byte, so their picture, lightbox link and data attributes stay as we made them.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Callable, Iterator

from gallery.content import sanitise

NONCE = secrets.token_hex(16)
START = f"<!--culture-staff {NONCE}-->"
END = f"<!--/culture-staff {NONCE}-->"
FIGURE = '<figure class="culture-photo">'
FIGURE_END = "</figure>"
# A stand-in for one of our figures while the fragment is cleaned. Its quotes stay as they are
# in text but become &quot; in an attribute: a figure is put back only where text may be.
TOKEN = re.compile(f'"culture-figure {NONCE} (\\d+)"')
_ours: set[str] = set()  # every figure drawn into a fragment by this process
_recorders: list[list[str]] = []  # open `recording` blocks, innermost last


def mark(markdown: str, top: bool = False) -> str:
    """The author's Markdown between the markers ('' when blank). `top`: the fragment opens
    the page (the home page), which then has no start marker, so that MkDocs still takes the
    page title from its first heading; the fragment runs from the page's start."""
    text = markdown.strip()
    if not text:
        return ""
    return f"{text}\n\n{END}" if top else f"{START}\n\n{text}\n\n{END}"


def remember(figure: str) -> str:
    """Note a figure we drew into a fragment (so cleaning keeps it); give it back."""
    if figure.startswith(FIGURE):
        _ours.add(figure)
        for figures in _recorders:
            figures.append(figure)
    return figure


@contextlib.contextmanager
def recording() -> Iterator[list[str]]:
    """The figures remembered inside the block, in order (a page taken from a cache later
    remembers them again, see gallery.intranet.pagestore)."""
    figures: list[str] = []
    _recorders.append(figures)
    try:
        yield figures
    finally:
        _recorders.remove(figures)


def clean_page(html: str, whole: bool = False) -> str:
    """A rendered page with each marked fragment cleaned. A fragment runs from its start marker,
    or when that is missing from the end of the one before (or the page start), to its end
    marker, or to the page end: never less than the author wrote. `whole`: the page is the
    author's from top to bottom (a Markdown file MkDocs read as it is)."""
    if whole:
        return clean_fragment(html.replace(START, "").replace(END, ""))
    out: list[str] = []
    at = 0
    while True:
        end = html.find(END, at)
        stop = len(html) if end < 0 else end
        start = html.find(START, at, stop)
        if start < 0 and end < 0:
            return "".join(out) + html[at:]  # no (more) staff content
        ours, begin = (html[at:start], start + len(START)) if start >= 0 else ("", at)
        out += [ours, clean_fragment(html[begin:stop])]
        if end < 0:
            return "".join(out)
        at = end + len(END)


def clean_fragment(html: str) -> str:
    """One fragment cleaned by the policy, our figures in it kept as they were."""
    kept: list[str] = []

    def keep(figure: str) -> str:
        kept.append(figure)
        return f'"culture-figure {NONCE} {len(kept) - 1}"'

    cleaned = sanitise.clean(_take_figures(html, keep))
    return TOKEN.sub(lambda found: kept[int(found[1])], cleaned) if kept else cleaned


def _take_figures(html: str, keep: Callable[[str], str]) -> str:
    """`html` with each of our figures replaced by `keep(figure)`. A look-alike the author
    wrote is not one of ours and is cleaned like the rest."""
    if FIGURE not in html:
        return html
    out, at = [], 0
    start = html.find(FIGURE)
    while start >= 0:
        end = html.find(FIGURE_END, start)
        if end < 0:
            break
        figure = html[start:end + len(FIGURE_END)]
        if figure in _ours:
            out += [html[at:start], keep(figure)]
            at = start + len(figure)
        start = html.find(FIGURE, max(at, start + 1))
    return "".join(out) + html[at:]
