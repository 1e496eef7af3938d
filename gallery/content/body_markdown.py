"""The build's Markdown, made to tell where each image of a body is written.

`BodyMarkdown` converts a body with Python-Markdown and the extensions `mkdocs build` uses. Its
image processors are Markdown's own, remembering the text each image was read from; from that
text `image_end` finds where the image ends in the body, so that the page can put the photo
there instead. The caller (`body.scan`) puts a mark before each `![`: an image's text is kept
under the mark just before it.
"""

from __future__ import annotations

import bisect
import importlib
import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as etree

import markdown
from markdown import inlinepatterns, treeprocessors, util
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder

# The Markdown of `mkdocs build`: MkDocs' built-ins (toc, tables, fenced_code) and the
# markdown_extensions of mkdocs.yml (tests/test_body_scan.py keeps the two equal).
EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition")
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {"tables": {"use_align_attribute": True},
                                                "toc": {"permalink": False}}


def extensions() -> list[Extension]:
    """The extensions, made from Markdown's own modules: what MkDocs' names resolve to, without
    the scan of every installed package's entry points that resolving a name costs (~40 ms)."""
    return [importlib.import_module(f"markdown.extensions.{name}")
            .makeExtension(**EXTENSION_CONFIGS.get(name, {})) for name in EXTENSIONS]


class _Remembering(inlinepatterns.InlineProcessor):
    """A Markdown image processor that keeps, under the mark before the `!`, the text it read."""

    owner: BodyMarkdown

    def handleMatch(self, m: re.Match[str], data: str,
                    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        """Markdown's own match, its text kept."""
        el, start, end = super().handleMatch(m, data)
        if el is not None and start is not None and end is not None:
            self.owner.remember(data[start - 1:start] if start else "", data[start:end])
        return el, start, end


class _Image(_Remembering, inlinepatterns.ImageInlineProcessor):
    """`![alt](src "title")`."""


class _ImageReference(_Remembering, inlinepatterns.ImageReferenceInlineProcessor):
    """`![alt][ref]`."""


class _ShortImageReference(_Remembering, inlinepatterns.ShortImageReferenceInlineProcessor):
    """`![ref]`."""


class _OnlyMarkedText(treeprocessors.Treeprocessor):
    """Keeps Markdown's inline patterns off text that holds no mark, before they run.

    The caller marks every `![`, tag and `{` of a body; text without one cannot hold an image,
    raw HTML or an attribute list, so emphasis, code spans and links there change nothing of what
    a scan finds. Such text is made atomic, as Markdown does with code: in a long body most of
    the inline work (about half of a conversion) is skipped.
    """

    def __init__(self, md: markdown.Markdown, marked: Callable[[str], bool]) -> None:
        super().__init__(md)
        self.marked = marked

    def run(self, root: etree.Element) -> None:
        """Make each unmarked text and tail atomic."""
        for el in root.iter():
            if el.text and not self.marked(el.text):
                el.text = util.AtomicString(el.text)
            if el.tail and not self.marked(el.tail):
                el.tail = util.AtomicString(el.tail)


class BodyMarkdown:
    """One Markdown like the build's, reused for every body (extensions are slow to load)."""

    def __init__(self, marked: Callable[[str], bool]) -> None:
        self.md = markdown.Markdown(extensions=extensions())
        self.md.treeprocessors.register(_OnlyMarkedText(self.md, marked), "only_marked", 21)
        self.marked = marked
        self.literals: dict[str, str] = {}  # by the mark before the image
        self.unmarked: list[str] = []  # images without a mark (`<![`), in order
        for cls, pattern, name, priority in (  # Markdown's own patterns and priorities
                (_Image, inlinepatterns.IMAGE_LINK_RE, "image_link", 150),
                (_ImageReference, inlinepatterns.IMAGE_REFERENCE_RE, "image_reference", 140),
                (_ShortImageReference, inlinepatterns.IMAGE_REFERENCE_RE, "short_image_ref",
                 125)):
            processor = cls(pattern, self.md)
            processor.owner = self
            self.md.inlinePatterns.register(processor, name, priority)

    def normalize(self, body: str) -> str:
        """`body` with line ends, tabs and blank lines as Markdown reads them (same lines)."""
        lines = self.md.preprocessors["normalize_whitespace"].run(body.split("\n"))
        return "\n".join(lines)[:-2]  # the preprocessor appends "\n\n"

    def convert(self, marked: str) -> str:
        """The HTML of a marked body (raw HTML included, as the browser gets it)."""
        self.md.reset()
        self.literals.clear()
        self.unmarked.clear()
        return self.md.convert(marked)

    def remember(self, before: str, literal: str) -> None:
        """Keep the text an image was read from, under the mark before it if there is one."""
        if before and before != "<" and self.marked(before):
            self.literals[before] = literal
        else:
            self.unmarked.append(literal)

    def image_end(self, text: str, start: int, literal: str, starts: list[int]) -> int | None:
        """Where the image read from `literal` (without marks) and written at `start` of `text`
        ends, with the attribute list Markdown gives it; None if unknown. `starts`: where
        elements start, in order.
        """
        end = self._source_end(text, start, literal)
        if end is None:
            return None
        later = bisect.bisect_left(starts, end)
        limit = starts[later] if later < len(starts) else len(text)
        return end + _attribute_list(text, end, limit)

    def _source_end(self, text: str, start: int, literal: str) -> int | None:
        """Follow the text Markdown's image processor read through the body.

        It is the block's text: escapes and code spans put aside as placeholders, container
        prefixes (`> `, indentation) taken off the lines after the first.
        """
        i, j = 0, start
        while i < len(literal):
            char = literal[i]
            if char == util.STX:
                close = literal.find(util.ETX, i)
                after = self._after_placeholder(text, j, literal, i, close)
                if after is None:
                    return None
                i, j = close + 1, after
            elif char == "\n":
                return self._next_line(text, j, literal[i + 1:])
            elif text[j:j + 1] == char:
                i, j = i + 1, j + 1
            else:
                return None
        return j

    def _next_line(self, text: str, j: int, rest: str) -> int | None:
        """Follow `rest` from the line break at `j`, after the prefix a container took off."""
        if text[j:j + 1] != "\n":
            return None
        for k in range(j + 1, len(text) + 1):  # each length of prefix, shortest first
            end = self._source_end(text, k, rest)
            if end is not None:
                return end
            if k == len(text) or text[k] not in " >":
                return None
        return None

    def _after_placeholder(self, text: str, j: int, literal: str, i: int,
                           close: int) -> int | None:
        """The offset in `text` after what the placeholder at `literal[i:close + 1]` holds."""
        inner = literal[i + 1:close]
        if inner.isdigit():  # an escaped character: a backslash and the character
            return j + 2 if text[j:j + 2] == "\\" + chr(int(inner)) else None
        stashed = self.md.treeprocessors["inline"].stashed_nodes
        if getattr(stashed.get(inner.removeprefix("klzzwxh:")), "tag", None) == "code":
            return self._code_span_end(text, j)
        follows = literal[close + 1:].split(util.STX, 1)[0].split("\n", 1)[0]
        found = text.find(follows, j) if follows else -1  # a link in the alt: up to what follows
        return None if found < 0 else found

    def _code_span_end(self, text: str, at: int) -> int | None:
        """Where the code span at `at` ends, by Markdown's own reading of backticks."""
        backtick = self.md.inlinePatterns["backtick"]
        found = backtick.compiled_re.match(text, at)
        if found is None:
            return None
        el, _start, end = backtick.handleMatch(found, text)
        return end if el is not None else None


def _attribute_list(text: str, at: int, limit: int) -> int:
    """The length of the attribute list Markdown gives the image ending at `at` (0: none).

    attr_list reads the start of the image's tail (up to the line's end or the next element,
    `limit`); of a `{…}` it takes what its scanner can read.
    """
    line_end = text.find("\n", at)
    found = AttrListTreeprocessor.INLINE_RE.match(
        text[at:min(limit, len(text) if line_end < 0 else line_end)])
    if found is None:
        return 0
    _attrs, remainder = get_attrs_and_remainder(found[1])
    return found.end(1) - len(remainder) + (0 if remainder else 1)
