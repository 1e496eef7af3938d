"""Find the images a story's Markdown body shows (`![alt](1.jpg "说明")`), skipping code.

Validation (which photos a body uses, at which line) and rendering (each image replaced by the
photo HTML) both call `find_images`, so they always agree on what is an image. The scanner
follows Python-Markdown as MkDocs configures it: fenced code (a fence at the start of a line,
closed by the same fence), indented code blocks (not inside a list or an admonition), inline
code spans (within a paragraph) and HTML comments hold no images.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

LOCAL, REMOTE, OUTSIDE = "local", "remote", "outside"

# Python-Markdown's fenced_code: the fence starts a line; the same fence closes it.
FENCED = re.compile(r"^(?P<fence>~{3,}|`{3,})[^\n]*\n.*?(?<=\n)(?P=fence)[ ]*$", re.MULTILINE | re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A code span: a run of backticks closed by a run of the same length, within one paragraph.
CODE_SPAN = re.compile(r"(?<!\\)(`+)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
IMAGE = re.compile(r"""
    (?<!\\)!\[(?P<alt>(?:\\.|[^\\\[\]])*)\]
    \(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>[^\s()<>]+(?:[ ]+[^\s()<>"']+)*?))
    (?:\s+(?:"(?P<t1>[^"\n]*)"|'(?P<t2>[^'\n]*)'))?\s*\)
    (?:\{[^}\n]*\})?          # an attr_list after the image belongs to it
""", re.VERBOSE | re.DOTALL)
CONTAINER = re.compile(r"^ {0,3}(?:[-*+]|\d+\.)[ \t]|^ {0,3}(?:!!!|\?\?\?\+?)[ \t]")
REMOTE_TARGET = re.compile(r"^(?:https?:|ftp:)?//", re.IGNORECASE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


@dataclass(frozen=True)
class BodyImage:
    """One image in a body: its span of the body text, its line (0 = the body's first) and parts."""

    start: int
    end: int
    line: int
    alt: str
    target: str
    title: str


def kind(target: str) -> str:
    """LOCAL for a plain file name, REMOTE for a web address, OUTSIDE for any other path."""
    if REMOTE_TARGET.match(target):
        return REMOTE
    if SCHEME.match(target) or "/" in target or "\\" in target or target.startswith("."):
        return OUTSIDE
    return LOCAL


def find_images(body: str) -> list[BodyImage]:
    """Every Markdown image in `body` outside code and comments, in order."""
    masked = _mask_code(body)
    found = []
    for m in IMAGE.finditer(masked):
        if "\n\n" in m["alt"].replace(" ", ""):  # an image never spans paragraphs
            continue
        parts = IMAGE.match(body, m.start())  # the same span, read from the real text
        if parts is None or parts.end() != m.end():
            continue
        target = (parts["angle"] if parts["angle"] is not None else parts["plain"]).strip()
        title = parts["t1"] if parts["t1"] is not None else parts["t2"] or ""
        alt = " ".join(ESCAPED.sub(r"\1", parts["alt"]).split())
        found.append(BodyImage(m.start(), m.end(), body.count("\n", 0, m.start()), alt,
                               target, title.strip()))
    return found


# Raw HTML in a body that would make the browser fetch from another host (links may leave).
TAG = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9-]*)\b(?P<attrs>[^>]*)>")
LOADING_ATTR = re.compile(
    r"""\b(?P<attr>src|srcset|href|poster|data|background|action|formaction)\s*=\s*
    (?:"(?P<q1>[^"]*)"|'(?P<q2>[^']*)'|(?P<bare>[^\s>]+))""", re.VERBOSE | re.IGNORECASE)
CSS_URL = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])(?P<url>(?:https?:)?//[^'\")\s]+)", re.IGNORECASE)
LINK_TAGS = frozenset({"a", "area"})


def find_external_loads(body: str) -> list[tuple[int, str]]:
    """(line, address) of every raw-HTML or CSS reference outside code that would load from
    another host (`<img src="https://…">`, `<script src=…>`, `style="background:url(//…)"`)."""
    masked = _mask_code(body)
    found: list[tuple[int, int, str]] = []
    for tag in TAG.finditer(masked):
        if tag["name"].lower() in LINK_TAGS:
            continue  # a link the reader may follow is no load
        for attr in LOADING_ATTR.finditer(tag["attrs"]):
            value = attr["q1"] if attr["q1"] is not None else attr["q2"] or attr["bare"] or ""
            for part in value.split(","):  # srcset lists several addresses
                address = part.strip().split(" ")[0]
                if REMOTE_TARGET.match(address):
                    found.append((tag.start(), address))
    found += [(m.start(), m["url"]) for m in CSS_URL.finditer(masked)]
    return [(body.count("\n", 0, at), address) for at, address in sorted(set(found))]


def replace_images(body: str, render: Callable[[BodyImage], str | None]) -> str:
    """`body` with each image replaced by `render(image)`; an image it gives None stays."""
    out, at = [], 0
    for image in find_images(body):
        html = render(image)
        if html is None:
            continue
        out += [body[at:image.start], html]
        at = image.end
    return "".join(out) + body[at:]


def _blank(match: re.Match) -> str:
    """A matched span with every character but line breaks hidden."""
    return re.sub(r"[^\n]", "\0", match.group(0))


def _mask_code(body: str) -> str:
    """`body` with code and comments hidden, keeping every offset and line break."""
    text = FENCED.sub(_blank, body)
    text = _mask_indented(text)
    text = COMMENT.sub(_blank, text)
    return CODE_SPAN.sub(_blank, text)


def _mask_indented(text: str) -> str:
    """Hide indented code blocks: indented lines after a blank line, outside lists and notes."""
    lines = text.split("\n")
    container, in_code, previous_blank = False, False, True
    for i, line in enumerate(lines):
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if blank:
            previous_blank = True
            continue
        if indented and (in_code or (previous_blank and not container)):
            lines[i], in_code = "\0" * len(line), True
        elif not indented:
            in_code = False
            if CONTAINER.match(line):
                container = True
            elif previous_blank:
                container = False
        previous_blank = False
    return "\n".join(lines)
