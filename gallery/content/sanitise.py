"""What HTML of the staff's own reaches a page: one allowlist, applied by nh3 after rendering.

A story body and a hand-written page (home, section intros) are the author's Markdown, and
Markdown passes raw HTML through. After rendering, that fragment is cleaned by nh3 (ammonia)
with the policy below; the check reads the same policy (`removed`) to tell staff, at the line,
what publishing will take out. The policy keeps what Markdown and the build's extensions make
(headings with toc ids, lists, tables with `align`, code with its language class, links,
admonitions, md_in_html blocks) and the few inline tags an author may type; it drops scripts,
styles, frames, forms, media, images (a body shows photos only as our derivative figures, put
back after cleaning), every event handler, every `style` attribute (nh3 cannot vet `url()` in
it), `target`, and any link whose scheme is not http, https, mailto or tel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import nh3

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TAGS = frozenset({
    *HEADINGS, "p", "br", "hr", "blockquote", "pre", "code", "div", "span",  # Markdown, blocks
    "ul", "ol", "li", "dl", "dt", "dd",  # lists
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",  # tables
    "a", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small",
    "abbr", "q", "cite", "kbd", "samp", "var", "time", "wbr", "ruby", "rt", "rp",  # inline
    "details", "summary", "figure", "figcaption",
})
# Removed with everything inside them (the rest lose the tag and keep their text).
CONTENT_REMOVED = frozenset({"script", "style", "template", "noscript", "iframe", "object",
                             "svg", "math", "textarea", "select", "title", "xmp", "noembed",
                             "noframes"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"title", "lang"}),
    "a": frozenset({"href"}),
    **{h: frozenset({"id"}) for h in HEADINGS},
    "th": frozenset({"align", "colspan", "rowspan"}),
    "td": frozenset({"align", "colspan", "rowspan"}),
    "col": frozenset({"span"}), "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed"}), "li": frozenset({"value"}),
    "p": frozenset({"class", "align"}), "div": frozenset({"class", "align"}),
    "code": frozenset({"class"}), "details": frozenset({"open"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Classes: the admonitions Material styles, their title, and fenced code's language. Any
# other class could borrow the theme's or our own look (md-*, culture-*) and is dropped.
ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"})
CLASSES: dict[str, frozenset[str]] = {
    "div": frozenset({"admonition", *ADMONITION_TYPES}),
    "p": frozenset({"admonition-title"}),
}
LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
URL_NOISE = re.compile(r"[\t\n\r]")


def keep_value(tag: str, name: str, value: str) -> str | None:
    """An allowed attribute's value as published (None: the attribute is dropped)."""
    if name == "class":
        known = CLASSES.get(tag, frozenset())
        kept = [c for c in value.split()
                if c in known or tag == "code" and LANGUAGE_CLASS.fullmatch(c)]
        return " ".join(kept) or None
    if name == "id":
        return None if value.startswith("__") else value  # the theme's own ids: __search, …
    if name == "href":
        return value if url_allowed(value) else None
    return value


def url_allowed(url: str) -> bool:
    """Whether a link may stay: relative, or with a scheme of URL_SCHEMES (as browsers read it:
    tabs and line breaks inside and spaces around are ignored)."""
    found = SCHEME.match(URL_NOISE.sub("", url).strip("\x00 \x0c"))
    return found is None or found[1].lower() in URL_SCHEMES


def clean(html: str) -> str:
    """The staff's HTML fragment with everything outside the policy removed."""
    return nh3.clean(
        html, tags=set(TAGS), clean_content_tags=set(CONTENT_REMOVED),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()}, attribute_filter=keep_value, strip_comments=True,
        link_rel=None, url_schemes=set(URL_SCHEMES))


def removed(tag: str, attributes: Iterable[tuple[str, str | None]]) -> list[str]:
    """What cleaning takes from one element (its tag, or some attributes), in Chinese words;
    [] when the element stays as it is. An element inside a removed one is not asked about."""
    if tag not in TAGS:
        return [f"<{tag}>"]
    allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset())
    out = []
    for name, value in attributes:
        if name not in allowed:
            out.append(f"{name} 属性")
        elif keep_value(tag, name, value or "") != (value or ""):
            out.append(f"{name}=\"{_short(value or '')}\"")
    return out


def _short(value: str) -> str:
    """An attribute value short enough for a message."""
    value = " ".join(value.split())
    return value if len(value) <= 30 else value[:27] + "…"
