"""The one way markup is made: Jinja2 templates with autoescape, whose every value is text.

Generated intranet pages are MkDocs pages: what our templates render passes through the
Markdown parser afterwards (as raw HTML blocks, or inside `markdown="1"` blocks and story
bodies where Markdown is live). HTML escaping alone would leave `[x](javascript:…)`,
`![x](http://…)` or attr_list's `{: onfocus=… }` active there, so every value a template prints
is also stripped of its Markdown meaning: the characters Markdown reacts to become numeric
character references, which Markdown passes through and the browser shows as the character.
Only `Markup` (fragments our own templates rendered, and the author's own Markdown: a story
body, a hand-written intro) is printed as it is.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

# HTML's five, and what Markdown (and its extensions in mkdocs.yml) reacts to inside a line.
INERT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                       **{c: f"&#{ord(c)};" for c in "\\`*_{}[]#|~^"}})


def text(value: object) -> str:
    """A value as inert HTML text: escaped, Markdown-inert, lines joined by <br>."""
    escaped = str(value).translate(INERT)
    if "\n" not in escaped and "\r" not in escaped:
        return escaped
    lines = [line for line in escaped.splitlines() if line.strip()]
    return "<br>".join(lines) if len(lines) > 1 else " ".join(lines) or escaped


def _finalize(value: Any) -> Markup:
    """Every `{{ … }}`: our fragments as they are, anything else as inert text."""
    if isinstance(value, Markup):
        return value
    # str.__new__ skips Markup's own constructor (measurably slower for ~10^5 values a build).
    return str.__new__(Markup, text(value))


def oneline(value: object) -> Markup:
    """A value for an HTML attribute: one line, escaped (text() would add <br> tags)."""
    return Markup(text(" ".join(str(value).split())))


def to_json(value: object) -> Markup:
    """JSON for a double-quoted attribute (e.g. data-tags), escaped as text."""
    return oneline(json.dumps(value, ensure_ascii=False))


def join_text(values: Iterable[object], separator: str) -> Markup:
    """Non-empty values as inert text joined by `separator` (Jinja's join would escape them
    the plain HTML way, leaving Markdown active)."""
    return Markup(separator.join(text(v) for v in values if v))


# The element around line-broken text; its style (culture.css, player.css) lets a line break
# only at the <wbr> between units, and inside a unit only when it is wider than the line.
NOBREAK = '<span class="culture-nobreak">{}</span>'


def breakable(units: Iterable[str], escape_unit: Callable[[str], str] = text) -> Markup:
    """Line-break units (gallery.content.words) as markup: each unit escaped, a <wbr> between."""
    return Markup(NOBREAK.format("<wbr>".join(escape_unit(u) for u in units if u)))


def _segment_of(context: Context) -> Callable[[str], list[str]]:
    """The segmenter a template is rendered with: `segment` in its values or globals."""
    found = context.get("segment")
    if not callable(found):
        raise TypeError("the nobreak filter needs a `segment` function "
                           "(gallery.content.words.segmenter) among the template's values")
    return found


@pass_context
def nobreak(context: Context, value: object) -> Markup:
    """Filter: a value as line-broken, Markdown-inert text on one line (breaks only between
    words; line ends in the value become spaces)."""
    return breakable(_segment_of(context)(" ".join(str(value).split())))


@pass_context
def nobreak_html(context: Context, value: object) -> Markup:
    """Filter: nobreak for templates that do not pass through Markdown (HTML escaping only)."""
    return breakable(_segment_of(context)(" ".join(str(value).split())), lambda u: str(escape(u)))


# Generated pages are full width: no navigation sidebar (the tabs are the navigation) and
# no table of contents beside the content (Material's page `hide`).
HIDE = ("navigation", "toc")


def front_matter(title: str, tags: Iterable[str] = (), **theme: Any) -> Markup:
    """A page's YAML front matter. Material prints page titles and tag names unescaped, so they
    are given HTML-escaped (Markdown never parses front matter). `theme`: values for our
    template overrides (plain text: the overrides escape them), e.g. the story's tab and path."""
    meta: dict[str, Any] = {"title": html.escape(title, quote=True), "hide": list(HIDE)}
    if tags:
        meta["tags"] = [html.escape(t, quote=True) for t in tags]
    meta.update((f"culture_{k}", v) for k, v in theme.items() if v)
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return Markup(f"---\n{dumped}---\n")


def environment(package: str, folder: str = "templates", markdown: bool = True) -> Environment:
    """The template environment of a package folder: autoescaped, strict about undefined names.

    `markdown`: what it renders goes through Markdown (intranet pages, photo markup), so every
    value is also made Markdown-inert. Otherwise (the lobby screens' standalone files) only
    .html templates are escaped, the HTML way.
    """
    if not markdown:
        plain = Environment(loader=PackageLoader(package, folder),
                            autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                            auto_reload=False)
        plain.filters.update(nobreak=nobreak_html)
        return plain
    env = Environment(loader=PackageLoader(package, folder), autoescape=True,
                      undefined=StrictUndefined, finalize=_finalize, trim_blocks=True,
                      lstrip_blocks=True, auto_reload=False)
    env.filters.update(oneline=oneline, json=to_json, join_text=join_text, nobreak=nobreak)
    env.globals.update(front_matter=front_matter)
    return env


def trusted(markup: str) -> Markup:
    """Mark our own rendered fragment (or an author's Markdown) as printed unescaped."""
    return Markup(markup)
