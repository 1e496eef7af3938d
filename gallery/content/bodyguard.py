"""Checks on a Markdown body before anything parses it: size, invisible characters, long runs
of Han characters and nesting depth.

Python-Markdown recurses once per nesting level (a 400-level list ends in a RecursionError that
names no file; 5,000 levels run for over ten minutes, the cost growing faster than the depth),
and the search index segments every run of Han characters with a cost that grows with the
square of the run. So story bodies and hand-written pages (the home page, section intros) are
measured here with a cheap line scan, and refused with a code and a line, before the body
reaches Python-Markdown: validation calls `check_body` ahead of the body's own parse.
"""

from __future__ import annotations

import re

from gallery.content import textrules
from gallery.problems import Problem, problem

# Container levels (lists, quotes `>`, admonitions `!!!`) of Markdown: real pages use three or
# four; ten leaves room and keeps Python-Markdown's recursion and its superlinear list
# handling small (200 nested list levels already take over a second).
MAX_NESTING = 10
# Open HTML elements inside one another (md_in_html parses `<div markdown>` recursively).
MAX_HTML_DEPTH = 20
# Square brackets: Python-Markdown looks for the end of a link or image from every `[`, so its
# time grows with their number and, in one paragraph, with its square (20,000 nested brackets
# in a 40,000-character body took over three minutes; 44,000 `![` in short paragraphs, ten
# seconds). Real pages have a few links per paragraph.
MAX_BRACKETS = 2000
MAX_PARAGRAPH_BRACKETS = 200
# Emphasis markers in a row: `***…x…***` nests one <em>/<strong> in another per pair, and
# Python-Markdown's table of contents walks that tree recursively (5,000 a side stopped the
# build with a RecursionError after `culture check` had passed). Real text uses one to three;
# a line of only markers is a horizontal rule, and a fill-in blank (姓名：______) stays short.
MAX_EMPHASIS_RUN = 50
EMPHASIS_RUN = re.compile(rf"[*_]{{{MAX_EMPHASIS_RUN + 1},}}")
# At most this many invisible-character problems per file: one line each is enough to find them.
MAX_CHAR_PROBLEMS = 10

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# One container marker at the start of what is left of a line, with the spaces after it.
MARKER = re.compile(r"(?:(>)|([-*+]|[0-9]{1,9}[.)])(?=[ \t])|(!!!|\?\?\?\+?)(?=[ \t]))[ \t]*")
RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$")  # `- - -` is a horizontal rule, no list
WHAT = {1: "引用", 2: "列表", 3: "提示框（!!!）"}
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])[^<>]*?(/?)>")
# Elements that are never closed, or whose end tag may be left out: they open no level.
UNNESTED = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
    "option", "colgroup", "caption", "rb", "rt", "rp",
})


def check_body(body: str, shown: str, first_line: int) -> list[Problem]:
    """Problems of a Markdown body whose first line is file line `first_line`."""
    problems: list[Problem] = []
    if len(body) > textrules.MAX_BODY:  # told, and only its start is scanned: bounded time
        problems.append(problem(shown, first_line, "E233", where="正文", length=len(body),
                                limit=textrules.MAX_BODY))
        body = body[: textrules.MAX_BODY]
    chars = 0
    deep = html = han = marks = False
    stack: list[str] = []
    fence = ""
    brackets = Brackets(shown)
    for number, line in enumerate(body.split("\n"), first_line):
        bad = textrules.forbidden(line, joiner=True)
        if bad is not None and chars < MAX_CHAR_PROBLEMS:
            chars += 1
            problems.append(problem(shown, number, "E230", where="正文这一行的", pos=bad[0],
                                    char=textrules.char_label(bad[1])))
        run = textrules.long_han_run(line)
        if run and not han:
            han = True
            problems.append(problem(shown, number, "E234", length=run,
                                    limit=textrules.MAX_HAN_RUN))
        fence = _fence(line, fence)
        if fence or FENCE.match(line):
            continue
        brackets.count(line, number)
        emphasis = EMPHASIS_RUN.search(line)
        if emphasis and not marks and not RULE.match(line):
            marks = True
            problems.append(problem(shown, number, "E237", length=len(emphasis.group()),
                                    limit=MAX_EMPHASIS_RUN))
        depth, what = nesting(line)
        if depth > MAX_NESTING and not deep:
            deep = True
            problems.append(problem(shown, number, "E235", what=what, depth=depth,
                                    limit=MAX_NESTING))
        deepest = _html_depth(line, stack)
        if deepest > MAX_HTML_DEPTH and not html:
            html = True  # the deepest on the line: its elements may all close on it
            problems.append(problem(shown, number, "E235", what="网页标签", depth=deepest,
                                    limit=MAX_HTML_DEPTH))
    return problems + brackets.problems


class Brackets:
    """Counts the `[` of a body (escaped ones and code fences left out) per paragraph and in
    all: E236 once, at the line where a paragraph passes MAX_PARAGRAPH_BRACKETS or else the
    body passes MAX_BRACKETS."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.total = self.paragraph = 0
        self.problems: list[Problem] = []

    def count(self, line: str, number: int) -> None:
        """Add the brackets of one line (a blank line ends the paragraph)."""
        if not line.strip():
            self.paragraph = 0
            return
        found = line.count("[") - line.count("\\[")
        self.paragraph += found
        self.total += found
        if self.problems:
            return
        if self.paragraph > MAX_PARAGRAPH_BRACKETS:
            self.problems.append(problem(self.shown, number, "E236", where="这一段",
                                         count=self.paragraph, limit=MAX_PARAGRAPH_BRACKETS))
        elif self.total > MAX_BRACKETS:
            self.problems.append(problem(self.shown, number, "E236", where="共",
                                         count=self.total, limit=MAX_BRACKETS))


def _fence(line: str, open_fence: str) -> str:
    """The code fence open after `line`: a fence line opens one or closes the open one."""
    found = FENCE.match(line)
    if not found:
        return open_fence
    mark = found.group(1)
    if not open_fence:
        return mark
    closes = mark[0] == open_fence[0] and len(mark) >= len(open_fence)
    return "" if closes and not line.strip(mark[0] + " \t") else open_fence


def nesting(line: str) -> tuple[int, str]:
    """How many container levels a line opens (indentation in steps of four, then each
    marker: `>`, a list marker, `!!!`) and what the first of them is; (0, "") for other lines."""
    text = line.expandtabs(4)
    rest = text.lstrip(" ")
    if RULE.match(rest):
        return 0, ""
    markers, first = 0, 0
    while (found := MARKER.match(rest)) is not None and found.end() > 0:
        kind = next(i for i in (1, 2, 3) if found.group(i))
        first = first or kind
        markers += 1
        rest = rest[found.end():]
    if not markers:
        return 0, ""
    return (len(text) - len(text.lstrip(" "))) // 4 + markers, WHAT[first]


def _html_depth(line: str, stack: list[str]) -> int:
    """Update the stack of open HTML elements with the tags of `line`; its deepest size."""
    deepest = len(stack)
    for closing, name, empty in TAG.findall(line):
        name = name.lower()
        if name in UNNESTED or empty:
            continue
        if not closing:
            stack.append(name)
            deepest = max(deepest, len(stack))
        elif name in stack:  # close up to the matching element; a stray end tag is ignored
            del stack[len(stack) - 1 - stack[::-1].index(name):]
    return deepest

