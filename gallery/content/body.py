"""What a story's Markdown body shows and loads, read from the document the build parses.

The body is converted by Python-Markdown with the extensions of the build
(`body_markdown.EXTENSIONS`), and the HTML it gives is read by lexbor (selectolax) as a browser
parses it, CSS by tinycss2: what counts as an image, a link, code or a comment is decided there,
never by patterns of our own. Markdown's tree has no line numbers, so
before parsing, a numbered mark is put where an element may start: a character from a
private-use plane before each `![`, an attribute `data-culture-mark=…` after each tag name
(`<img data-culture-mark=… src=…>`), and the same attribute at the start of each attribute list
(`{data-culture-mark=… .class}`). The marks add no line and change no structure; each element
of the HTML leads back to its mark, hence to its offset and line in the body.

Validation (which photos a body uses, at which line) and rendering (each image replaced by the
photo HTML) both use `scan`, so they always agree on what is an image: the n-th local image of
`scan(body).images` is the n-th body photo. The same walk tells what the published page will
not keep of the author's HTML (`gallery.content.sanitise`), so the check can say it first.
"""

from __future__ import annotations

import functools
import html.parser
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gallery.content import sanitise
from gallery.content.body_markdown import BodyMarkdown

LOCAL, REMOTE, OUTSIDE = "local", "remote", "outside"

REMOTE_TARGET = re.compile(r"^(?:https?:|ftp:)?//", re.IGNORECASE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)

# Where an element may start: `![`, a tag name, an attribute list. Only where marks go; what
# is really there is decided by Markdown and the HTML parser.
CANDIDATE = re.compile(r"!\[|<[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|\{:?")
FIRST_MARK, MARKS = 0xF0000, 0xFFFE  # Supplementary Private Use Area-A: no text uses it
UNMARKED_IMAGE = re.compile(re.escape("<!["))  # `![` after `<` takes no mark (see `_mark`)
MARK_ATTR = "data-culture-mark"
MARK = re.compile("[\U000F0000-\U000FFFFD]")
UNMARK = re.compile(f" ?{MARK_ATTR}=[\U000F0000-\U000FFFFD] |[\U000F0000-\U000FFFFD]")

# Attributes that make the browser fetch (href of <a>/<area> is a link the reader may follow).
LOADING_ATTRS = frozenset({"src", "srcset", "href", "xlink:href", "poster", "data", "background",
                           "action", "formaction"})
LINK_TAGS = frozenset({"a", "area"})
CSS_URL_FUNCTIONS = frozenset({"url", "src", "image-set", "-webkit-image-set"})
# Elements the HTML parser makes around any fragment: told only when the author wrote them.
DOCUMENT_TAGS = frozenset({"html", "head", "body"})


@dataclass(frozen=True)
class BodyImage:
    """One image in a body: its span of `Scan.text`, its line (0 = the body's first) and parts."""

    start: int
    end: int
    line: int
    alt: str
    target: str
    title: str


@dataclass(frozen=True)
class Scan:
    """A body as Markdown reads it (`text`), the images it shows and what it loads from afar."""

    text: str
    images: tuple[BodyImage, ...]
    loads: tuple[tuple[int, str], ...]  # (line, address) in document order
    links: tuple[tuple[int, str], ...] = ()  # (line, href) of each link, in document order
    removed: tuple[tuple[int, str], ...] = ()  # (line, what) the sanitiser takes out


def kind(target: str) -> str:
    """LOCAL for a plain file name, REMOTE for a web address, OUTSIDE for any other path."""
    if REMOTE_TARGET.match(target):
        return REMOTE
    if SCHEME.match(target) or "/" in target or "\\" in target or target.startswith("."):
        return OUTSIDE
    return LOCAL


def find_images(body: str) -> list[BodyImage]:
    """Every image of `body` (`![alt](1.jpg)`, `![alt][ref]`, `<img src="1.jpg">`), in order."""
    return list(scan(body).images)


def replace_images(body: str, render: Callable[[BodyImage], str | None]) -> str:
    """The body (as Markdown reads it) with each image replaced by `render(image)`; an image it
    gives None stays."""
    found = scan(body)
    out, at = [], 0
    for image in found.images:
        html = render(image)
        if html is None:
            continue
        out += [found.text[at:image.start], html]
        at = image.end
    return "".join(out) + found.text[at:]


# Validation, the link check and the page each scan every story: a cache smaller than the
# site is emptied in that order before any reuse (at 5,000 stories, three scans a story and
# every preview rebuild scanning every body again). About 2 KB a story.
@functools.lru_cache(maxsize=16384)
def scan(body: str) -> Scan:
    """Parse `body` once with the build's Markdown and read its images and remote loads."""
    parser = _markdown()
    text = parser.normalize(body)
    if max(text, default="") >= chr(FIRST_MARK):
        text = MARK.sub("\ufffd", text)  # a mark must come from `_mark` only
    marked, origins = _mark(text)
    if not origins and "<![" not in text and not _may_link(text):
        return Scan(text, (), ())  # no `![`, tag, `{` or link: nothing can show, load or lead
    reader = _Reader(text, origins, parser)
    reader.read(parser.convert(marked))
    loads = sorted(reader.loads, key=lambda load: load[0])
    return Scan(text, tuple(reader.images), tuple(loads), tuple(reader.links),
                tuple(reader.removed))


def _may_link(text: str) -> bool:
    """Whether Markdown may make a link of `text`: `[…](…)`, `[…][…]`, `[…]` or an autolink."""
    return "]" in text or "<" in text


@functools.cache
def _markdown() -> BodyMarkdown:
    """The one Markdown scans share (its extensions are slow to load)."""
    return BodyMarkdown(marked=lambda text: MARK.search(text) is not None or "<![" in text
                        or "]" in text or "<" in text)  # may hold a link (or an autolink)


def _mark(text: str) -> tuple[str, dict[str, int]]:
    """`text` with a numbered mark at each candidate, and each mark's offset in `text`."""
    out: list[str] = []
    origins: dict[str, int] = {}
    at = 0
    for found in CANDIDATE.finditer(text):
        if len(origins) == MARKS:
            break  # later elements take the line of the last mark before them
        start, mark = found.start(), chr(FIRST_MARK + len(origins))
        if found[0] == "![":
            if _escaped(text, start):
                continue  # `\![` is no image
            if text[start - 1:start] == "<":
                continue  # nothing may part `<!`: Markdown may read `<![…` as raw HTML
            out += [text[at:start], mark]
            at = start
        else:
            space = " " if found[0][0] == "<" else ""
            out += [text[at:found.end()], f"{space}{MARK_ATTR}={mark} "]
            at = found.end()
        origins[mark] = start
    return "".join(out) + text[at:], origins


def _escaped(text: str, at: int) -> bool:
    """Whether the character at `at` follows an odd run of backslashes."""
    before = text[max(0, at - 64):at]
    return (len(before) - len(before.rstrip("\\"))) % 2 == 1


def _unmark(value: str) -> str:
    """A text or attribute value without the marks `_mark` put in."""
    return UNMARK.sub("", value) if "\U000f0000" <= max(value, default="\0") else value


class _Reader:
    """Reads the HTML Markdown made of a marked body: images and remote loads, at their lines."""

    def __init__(self, text: str, origins: dict[str, int], parser: BodyMarkdown) -> None:
        self.text, self.origins, self.parser = text, origins, parser
        unmarked = [found.start() + 1 for found in UNMARKED_IMAGE.finditer(text)]
        self.starts = sorted([at for at in origins.values() if text[at] in "!<"] + unmarked)
        self.images: list[BodyImage] = []
        self.loads: list[tuple[int, str]] = []
        self.removed: list[tuple[int, str]] = []
        self.links: list[tuple[int, str]] = []
        self.link_at = 0  # just after the address of the last link found in the text
        self.at = 0  # the offset of the last mark read: the place of an element without one
        self.image_mark: str | None = None  # the last `![` mark read and not yet an image

    def read(self, rendered: str) -> None:
        """Walk the document as a browser parses it (lexbor), in order."""
        root = LexborHTMLParser(rendered).root
        for node in () if root is None else root.traverse(include_text=True):
            tag = node.tag or "-"
            if tag == "-text":
                self.text_marks(node.text_content or "")
            elif not tag.startswith("-"):  # not a comment or a doctype
                self.element(node)

    def line(self, offset: int) -> int:
        """The body line (0 = first) of an offset of the text."""
        return self.text.count("\n", 0, offset)

    def text_marks(self, data: str) -> None:
        """Text: follow the marks in it."""
        for found in MARK.finditer(data):
            if found[0] in self.origins:
                self.at = self.origins[found[0]]
                if self.text[self.at] == "!":
                    self.image_mark = found[0]

    def element(self, node: LexborNode) -> None:
        """An element: maybe an image; its attributes may load from afar."""
        attrs = node.attributes
        mark = self.origins.get(attrs.get(MARK_ATTR) or "")
        values = {k: _unmark(v or "") for k, v in attrs.items() if k != MARK_ATTR}
        written = mark is not None and self.text[mark] == "<"  # a tag of the author's HTML
        self.at = self.at if mark is None else mark
        images, loads = len(self.images), len(self.loads)
        if node.tag == "img" and not written:
            self.markdown_image(values)
        elif node.tag == "img" and written and not REMOTE_TARGET.match(values.get("src", "")):
            if values.get("src"):
                self.add_image(self.at, _tag_end(self.text, self.at), values)
            values.pop("src", None)
        line = self.line(self.at)
        if node.tag not in LINK_TAGS:
            self.attribute_loads(values, line)
        elif values.get("href", "").strip():
            self.add_link(values["href"].strip())
        if "style" in values:
            self.css_loads(_css().parse_blocks_contents(values["style"]), line)
        if node.tag == "style":
            end = _tag_end(self.text, self.at) if written else None
            css = _unmark(node.text(deep=True))
            self.css_loads(_css().parse_stylesheet(css), self.line(end or self.at))
        if len(self.images) == images and len(self.loads) == loads:  # a photo becomes our
            self.dropped(node, values, written)  # figure; a load is told as E220/E221

    def dropped(self, node: LexborNode, values: dict[str, str], written: bool) -> None:
        """What the sanitiser will take of an element that is not a body photo (a photo is
        drawn as our figure instead), at its line."""
        tag = node.tag or ""
        if tag in DOCUMENT_TAGS and not written or _inside_removed(node):
            return
        what = sanitise.removed(tag, values.items())
        linked = tag in LINK_TAGS and values.get("href", "").strip() and self.links
        line = self.links[-1][0] if linked else self.line(self.at)  # a link: where its address is
        self.removed += [(line, w) for w in what]

    def markdown_image(self, values: dict[str, str]) -> None:
        """An image Markdown made of `![…](…)`, `![…][…]` or `![…]`: under the last `![` mark
        read, or else (`<![…`, which takes no mark) at the next unmarked `<![` of the text."""
        mark, self.image_mark = self.image_mark, None
        literal = self.parser.literals.pop(mark, None) if mark is not None else None
        if mark is not None and literal is not None:
            start = self.origins[mark]
        elif self.parser.unmarked:
            literal = self.parser.unmarked.pop(0)
            start = self.text.find("<![", self.at) + 1
        else:
            return  # not seen: every image Markdown makes is remembered
        self.at = start
        end = self.parser.image_end(self.text, start, _unmark(literal), self.starts)
        self.add_image(start, end, values)
        values.pop("src", None)  # a remote src is E220, reported with the images

    def add_link(self, href: str) -> None:
        """Record a link at the line where its address is written: the first place after the
        last link's (and after the last mark) that holds it; a reference-style address may be
        written earlier, so the search falls back to the last link's, then the start."""
        for start in (max(self.at, self.link_at), self.link_at, 0):
            found = self.text.find(href, start)
            if found >= 0:
                self.link_at = found + len(href)
                self.links.append((self.line(found), href))
                return
        self.links.append((self.line(self.at), href))  # written otherwise (escaped, entities)

    def add_image(self, start: int, end: int | None, values: dict[str, str]) -> None:
        """Record an image at its span. `end` None (unknown: the page cannot replace it) was
        seen only where Markdown itself leaves a placeholder in an image's address."""
        self.images.append(BodyImage(
            start, start if end is None else end, self.line(start),
            " ".join(values.get("alt", "").split()), values.get("src", "").strip(),
            values.get("title", "").strip()))

    def attribute_loads(self, values: dict[str, str], line: int) -> None:
        """Remote addresses in the attributes that make the browser fetch."""
        for name, value in values.items():
            if name in LOADING_ATTRS:
                for part in value.split(","):  # srcset lists several addresses
                    address = (part.split() or [""])[0]
                    if REMOTE_TARGET.match(address):
                        self.loads.append((line, address))

    def css_loads(self, nodes: Iterable[Any], line: int) -> None:
        """Remote addresses in CSS: url(), image-set(), @import (lines counted from `line`)."""
        for node in nodes:
            for address, source_line in _css_addresses(node):
                if REMOTE_TARGET.match(address):
                    self.loads.append((line + source_line - 1, address))


def _inside_removed(node: LexborNode) -> bool:
    """Whether an element lies inside one the sanitiser removes with its content."""
    parent = node.parent
    while parent is not None:
        if parent.tag in sanitise.CONTENT_REMOVED:
            return True
        parent = parent.parent
    return False


def _css() -> Any:
    """tinycss2, imported on first use: few bodies hold CSS, and it costs a check ~10 ms."""
    import tinycss2

    return tinycss2


def _css_addresses(node: Any) -> Iterable[tuple[str, int]]:
    """(address, line within the CSS) of every url() and @import under a tinycss2 node."""
    kind_ = getattr(node, "type", "")
    if kind_ == "url":
        yield node.value, node.source_line
    elif kind_ == "function" and node.lower_name in CSS_URL_FUNCTIONS or \
            kind_ == "at-rule" and node.lower_at_keyword == "import":
        args = node.arguments if kind_ == "function" else node.prelude
        yield from ((a.value, a.source_line) for a in args if a.type == "string")
    for part in ("prelude", "content", "value", "arguments"):
        children = getattr(node, part, None)
        if isinstance(children, list):
            for child in children:
                yield from _css_addresses(child)


class _FirstTag(html.parser.HTMLParser):
    """Finds where the first start tag of a text ends, as a browser would."""

    def parse_html_declaration(self, i: int) -> int:
        """An odd `<!…>` is a comment up to `>`, as in browsers (Python 3.11 raises on some)."""
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return -1 if end < 0 else end + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Stop at the first tag, giving its length."""
        raise _Found(len(self.get_starttag_text() or ""))


class _Found(Exception):
    """The length of the first tag (raised to stop reading)."""


def _tag_end(text: str, start: int) -> int | None:
    """The offset just after the HTML tag that starts at `start`."""
    try:
        _FirstTag(convert_charrefs=True).feed(text[start:])
    except _Found as found:
        return start + found.args[0]
    return None
