"""Read a Markdown file's front matter with real line numbers, rejecting malformed blocks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gallery.content import diagnose
from gallery.content.textrules import char_label
from gallery.problems import Problem, problem

FENCE = "---"
# The comment `culture new` writes under the fields it filled with examples (gallery.content.
# scaffold): only the keys it names can be told as untouched placeholders (E265).
PLACEHOLDER_NOTE = "# 示例字段："
NOTE = re.compile(r"^#\s*示例字段[:：]\s*([A-Za-z0-9_、,，\s-]+)")

# PyYAML's problem texts, said in Chinese for staff: the first entry the text starts with wins
# (PyYAML appends names and characters, e.g. "found undefined alias 'foo'").
YAML_PROBLEMS = (
    ("mapping values are not allowed here", "这里不能再出现冒号（值里有冒号时请给整个值加引号）"),
    ("could not find expected ':'", "缺少冒号"),
    ("found character '\\t' that cannot start any token", "不能用 Tab 缩进，请改用空格"),
    ("found a tab character", "不能用 Tab 缩进，请改用空格"),
    ("found character", "这个符号不能放在值的开头（请给整个值加引号）"),
    ("found undefined alias", "用了未定义的 * 别名"),
    ("expected alphabetic or numeric character", "* 或 & 后面要紧跟名字（值以 * 或 & 开头时请加引号）"),
    ("expected <block end>, but found '-'", "列表项的缩进不一致"),
    ("expected <block end>", "缩进不一致"),
    ("found unexpected end of stream", "引号没有配对"),
    ("found duplicate key", "字段重复"),
    ("found unhashable key", "字段名只能是文字，不能是列表或“字段: 值”组"),
    ("did not find expected key", "缩进不一致，或缺少冒号"),
    ("did not find expected '-' indicator", "列表项的缩进不一致"),
    ("found unexpected ':'", "多余的冒号（值里有冒号时请给整个值加引号）"),
    ("expected ',' or ']'", "方括号 [ ] 没有配对，或列表项之间缺少逗号"),
    ("expected ',' or '}'", "花括号 { } 没有配对，或缺少逗号"),
    ("expected the node content", "缺少值，或有多余的符号（值里有 : [ ] { } 等符号时请给整个值加引号）"),
    ("found unknown escape character", "双引号里的反斜杠 \\ 写法有误（改用单引号）"),
    ("could not determine a constructor for the tag 'tag:yaml.org,2002:merge'",
     "不能用 << 合并字段（把要用的字段直接写出来）"),
    ("could not determine a constructor for the tag", "不认识以 ! 开头的写法（删除它，或给整个值加引号）"),
    ("but found another document", "文件中只能有一段设置（删除多余的 --- 行）"),
)
QUOTED = "引号没有配对"
SURROGATE = re.compile("[\ud800-\udfff]")
UNREADABLE = re.compile(yaml.reader.Reader.NON_PRINTABLE.pattern[:-1] + "]|[\x85\u2028\u2029]")
# A comment in a plain value starts at a # after a space; values starting with these are not
# plain (quoted, flow, block, anchor, alias, tag) or not text.
COMMENT = re.compile(r"[ \t]#")
PLAIN_NOT = "'\"[{|>&*!%@`#"
UNKNOWN_PROBLEM = "这一行附近的写法无法识别"


def yaml_problem(text: str) -> str:
    """A PyYAML problem text in Chinese (never the English text itself)."""
    return next((zh for en, zh in YAML_PROBLEMS if text.startswith(en)), UNKNOWN_PROBLEM)


Lines = dict[tuple[Any, ...], int]


@dataclass(frozen=True)
class Cut:
    """A plain value YAML ended at ` #`: `title: 反诈 #1 小课堂` reads as title: 反诈."""

    line: int
    key: str
    value: str  # the whole text as written after the colon
    comment: str  # from the #: what was dropped


@dataclass(frozen=True)
class Document:
    """A Markdown file split into its front matter, body and the line of every value."""

    path: Path
    meta: dict[str, Any]
    body: str
    lines: Lines = field(default_factory=dict)
    body_line: int = 1
    placeholders: tuple[str, ...] = ()  # keys `culture new` filled with examples (its note)
    cut: tuple[Cut, ...] = ()  # plain values YAML cut short at a ` #` (the rest is a comment)

    def line(self, *key: Any) -> int:
        """The file line of a front-matter key path, or of its nearest known parent."""
        return key_line(self.lines, key)


def key_line(lines: Lines, key: tuple[Any, ...]) -> int:
    """The line of a key path in `lines`, or of its nearest known parent (1 when none is)."""
    while key and key not in lines:
        key = key[:-1]
    return lines.get(key, 1)


# Deeper than any record (culture.yml's screens -> playlist -> schedule -> days is 6) and far
# below the depth at which PyYAML's recursive composer and constructor exhaust the stack.
MAX_YAML_DEPTH = 20


class _Refused(yaml.MarkedYAMLError):
    """A YAML feature staff never write by hand (an anchor, a nesting too deep): its own code."""

    def __init__(self, code: str, mark: Any, **values: object) -> None:
        super().__init__(problem=code, problem_mark=mark)
        self.code = code
        self.values = values


class _StrictConstruction(yaml.constructor.SafeConstructor):
    """What both loaders construct alike: duplicate and unhashable keys refused (see
    _UniqueKeyLoader), and escapes to half a character refused."""

    def construct_scalar(self, node: yaml.ScalarNode | yaml.MappingNode) -> Any:
        value = super().construct_scalar(node)
        if not isinstance(value, str) or not SURROGATE.search(value):
            return value
        try:  # "\ud83d\ude00" (as JSON writes 😀) is one character in two escapes
            return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:  # "\ud800" alone is half a character: no page takes it
            raise yaml.constructor.ConstructorError(
                None, None, "found unknown escape character (a surrogate)", node.start_mark,
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False,
                          ) -> dict[Hashable, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):  # `? [a, b]`: PyYAML would fail on it below
                raise yaml.constructor.ConstructorError(
                    None, None, "found unhashable key", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, "found duplicate key", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _UniqueKeyLoader(_StrictConstruction, yaml.SafeLoader):
    """A safe loader that refuses duplicate keys instead of keeping the last one, and anchors,
    aliases, tags and deep nesting before they are composed.

    Refusing anchors where they are declared answers a "billion laughs" file (aliases of
    aliases that expand to gigabytes) at its first `&`, in constant time and memory; an alias
    can then only be undefined (E104). Explicit tags (`!!str`, `!x`) are refused like unknown
    ones: nobody writes them by hand, and `!!binary`, `!!set` or `!!python/...` would change
    what a value is.
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):  # no anchor is ever declared: undefined (E104)
            return super().compose_node(parent, index)
        if event.anchor is not None:
            raise _Refused("E111", event.start_mark, name=event.anchor)
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"could not determine a constructor for the tag {tag!r}",
                event.start_mark)
        if not isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            return super().compose_node(parent, index)
        if self._depth >= MAX_YAML_DEPTH:
            raise _Refused("E112", event.start_mark, limit=MAX_YAML_DEPTH)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _FastLoader(_StrictConstruction, yaml.CSafeLoader):
    """The same loader on libyaml (PyYAML's C parser and composer), for the normal path:
    only text that holds none of what _UniqueKeyLoader refuses while composing comes here
    (see _fast_parse), and whatever fails goes to _UniqueKeyLoader for its message."""


def _lenient_timestamp(loader: Any, node: yaml.ScalarNode,
                       ) -> dt.date | str:
    """A date-like value that is no real date (2024-13-01) stays text for validation."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


def _lenient_int(loader: Any, node: yaml.ScalarNode) -> int | str:
    """A number too long for Python to read (over 4,300 digits) stays text for validation."""
    try:
        return int(loader.construct_yaml_int(node))
    except ValueError:
        return str(loader.construct_scalar(node))


for _loader in (_UniqueKeyLoader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
    _loader.add_constructor("tag:yaml.org,2002:int", _lenient_int)


def _refuse_tag(_loader: yaml.SafeLoader, node: yaml.Node) -> None:
    """Binary data, sets and ordered pairs are no front-matter values: said like unknown tags."""
    raise yaml.constructor.ConstructorError(
        None, None, f"could not determine a constructor for the tag {node.tag!r}", node.start_mark)


for _tag in ("binary", "set", "omap", "pairs"):  # they would show as b'…' or {'a', 'b'}
    for _loader in (_UniqueKeyLoader, _FastLoader):
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)

# YAML 1.1 reads 10:30 as 630 (base 60) and 01067020000 as an octal number: a title or a phone
# number would change silently. Only plain decimal integers are numbers here (as in YAML 1.2);
# the rest stay text, as staff wrote them.
INT_TAG, FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (INT_TAG, FLOAT_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_UniqueKeyLoader.add_implicit_resolver(INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
                                       list("-+0123456789"))
_UniqueKeyLoader.add_implicit_resolver(
    FLOAT_TAG, re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"))
_FastLoader.yaml_implicit_resolvers = _UniqueKeyLoader.yaml_implicit_resolvers
# Characters of what only _UniqueKeyLoader judges (anchors, aliases, tags, directives) or
# says in its own words (tabs): text holding any of them skips the fast path.
SLOW_PATH_CHARS = frozenset("&*!%\t")
# libyaml composes nested collections by recursion in C: text that could nest deeper than this
# (counting flow brackets and lines) skips the fast path, whatever it holds.
FAST_PATH_NESTING = 400


def decode(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """A file's UTF-8 text (a BOM dropped), or E101 at the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [problem(shown, line, "E101", line=line)]


def read_yaml_file(path: Path, shown: str) -> tuple[dict[str, Any], Lines, list[Problem]]:
    """A whole YAML file (culture.yml, notice.yml) as a mapping with the line of each value."""
    text, problems = decode(path.read_bytes(), shown)
    if text is None:
        return {}, {}, problems
    return parse_block(text, shown)


@dataclass(frozen=True)
class Parts:
    """A Markdown text cut at its front-matter fences."""

    block: str | None  # the YAML between the fences; None when there is no (closed) block
    body: str  # what follows the closing fence; the whole text when there is no block
    body_line: int  # the file line on which `body` starts
    unclosed: bool = False  # an opening fence that is never closed (E103)


def split_front_matter(text: str) -> Parts:
    r"""Cut a Markdown text into its front-matter block and body, keeping real file lines.

    This is the one front-matter splitter: story files (read_document) and hand-written
    section pages (the MkDocs layer) both go through it, so the build reads a page the way
    `culture check` does. python-frontmatter (which `culture new` uses to write a story) is
    not used to read: its parse() strips blank lines around the text and the body, which
    shifts every line number after them, and it cannot tell an unclosed `---` block (E103)
    from a page without one (it takes both as body), nor give the line of each value (its
    YAML is loaded without marks). Fences are lines that are exactly `---` (trailing spaces
    allowed).

    >>> split_front_matter("---\ntitle: 好\n---\n正文\n")
    Parts(block='title: 好', body='正文\n', body_line=4, unclosed=False)
    >>> split_front_matter("# 没有信息块\n").block is None
    True
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends
    rows = text.split("\n")
    if rows[0].rstrip() != FENCE:
        return Parts(None, text, 1)
    end = next((i for i, row in enumerate(rows[1:], 1) if row.rstrip() == FENCE), None)
    if end is None:
        return Parts(None, text, 1, unclosed=True)
    return Parts("\n".join(rows[1:end]), "\n".join(rows[end + 1 :]), end + 2)


def read_parts(path: Path, shown: str) -> tuple[Parts | None, list[Problem]]:
    """`path` decoded and cut at its front-matter fences, or None with E101 or E103."""
    text, problems = decode(path.read_bytes(), shown)
    if text is None:
        return None, problems
    parts = split_front_matter(text)
    if parts.unclosed:
        return None, [problem(shown, 1, "E103")]
    return parts, []


def read_document(path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Read `path` (named `shown` in messages); return the document or the problems."""
    parts, problems = read_parts(path, shown)
    if parts is None:
        return None, problems
    if parts.block is None:
        return None, [problem(shown, 1, "E102")]
    meta, lines, problems = parse_block(parts.block, shown, first_line=2)
    if problems:
        return None, [_swallowed_body(parts, shown, problems[0]) or problems[0]]
    return Document(path, meta, parts.body, lines, body_line=parts.body_line,
                    placeholders=placeholder_keys(parts.block), cut=cut_values(parts.block)), []


def cut_values(block: str, first_line: int = 2) -> tuple[Cut, ...]:
    """Each `key: text #…` row whose plain value YAML cut at the ` #` (there a comment
    starts): what was written and what was dropped. Quoted, flow and block values are whole."""
    found = []
    for index, row in enumerate(block.split("\n")):
        match = diagnose.KEY_LINE.match(row)
        value = (match["value"] or "").strip() if match else ""
        comment = COMMENT.search(value)
        if match and value and value[0] not in PLAIN_NOT and comment and comment.start() > 0:
            found.append(Cut(first_line + index, match["key"], value, value[comment.start():].strip()))
    return tuple(found)


def placeholder_keys(block: str) -> tuple[str, ...]:
    """The keys named in the note `culture new` writes under the fields it filled with
    examples (`# 示例字段：post、pledge（…）`); () once staff delete the note."""
    for row in block.split("\n"):
        found = NOTE.match(row)
        if found:
            return tuple(k for k in re.split(r"[、,，\s]+", found[1]) if k)
    return ()


def _swallowed_body(parts: Parts, shown: str, told: Problem) -> Problem | None:
    """E263 where the block should have ended, when its closing `---` is missing and the block
    ran on into the body up to a `---` rule there: the fields before the first line of prose
    read as a mapping, and YAML stopped at or after that line."""
    if told.code not in ("E104", "E105") or parts.block is None:
        return None
    rows = parts.block.split("\n")
    start = diagnose.body_start(rows)
    if start is None or (told.code == "E104" and told.line - 2 < start):
        return None
    end = diagnose.block_end(rows, start)
    if end == 0 or parse_block("\n".join(rows[:end]), shown, first_line=2)[2]:
        return None
    return problem(shown, 2 + end, "E263", rule=parts.body_line - 1)


def unreadable_character(text: str, shown: str, first_line: int = 1) -> Problem | None:
    """E110 at the line of the first character the YAML reader refuses (NUL, ESC and the other
    control characters; PyYAML would only name "<unicode string>" and a character index) or
    reads as a line break where no editor shows one (NEL, LS, PS: a value cut in two, every
    later line number shifted)."""
    found = UNREADABLE.search(text)
    if found is None:
        return None
    start = text.rfind("\n", 0, found.start()) + 1
    line = first_line + text.count("\n", 0, found.start())
    return problem(shown, line, "E110", pos=found.start() - start + 1,
                   char=char_label(found.group()))


def parse_block(
    block: str, shown: str, first_line: int = 1
) -> tuple[dict[str, Any], Lines, list[Problem]]:
    """Parse a YAML mapping, returning it with the line of each key path."""
    refused = unreadable_character(block, shown, first_line)
    if refused is not None:
        return {}, {}, [refused]
    fast = _fast_parse(block)
    if fast is not None:
        return _with_lines(*fast, first_line)
    loader = _UniqueKeyLoader(block)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _Refused as err:
        line = err.problem_mark.line if err.problem_mark else 0
        return {}, {}, [problem(shown, first_line + line, err.code, **err.values)]
    except yaml.MarkedYAMLError as err:
        line, detail = _yaml_error(err)
        told = _real_cause(block, line, shown, first_line)
        return {}, {}, [told or problem(shown, first_line + line, "E104", detail=detail)]
    finally:
        loader.dispose()
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        kind = "一个列表" if isinstance(data, list) else f"一段文字“{str(data)[:20]}”"
        told = _real_cause(block, len(block.split("\n")) - 1, shown, first_line)
        return {}, {}, [told or problem(shown, first_line, "E105", kind=kind)]
    return _with_lines(data, node, first_line)


def _with_lines(data: dict[str, Any], node: yaml.Node | None, first_line: int,
                ) -> tuple[dict[str, Any], Lines, list[Problem]]:
    """A parsed mapping with the line of each key path, from its node's marks."""
    lines: Lines = {}
    if node is not None:
        _collect_lines(node, (), first_line, lines)
    lines[()] = max(1, first_line - 1)  # the whole block: its opening fence, if any
    return data, lines, []


def _fast_parse(block: str) -> tuple[dict[str, Any], yaml.Node | None] | None:
    """The mapping and its node from libyaml, or None for _UniqueKeyLoader to judge: text
    with characters it must see (SLOW_PATH_CHARS), nesting it would refuse, any error, and
    anything but a mapping. Both build the same values and node marks from the same text."""
    if SLOW_PATH_CHARS.intersection(block) or (
            block.count("[") + block.count("{") + block.count("\n") >= FAST_PATH_NESTING):
        return None
    loader = _FastLoader(block)
    try:
        node = loader.get_single_node()
        if node is not None and _depth(node) >= MAX_YAML_DEPTH:
            return None
        data = loader.construct_document(node) if node is not None else {}
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    finally:
        loader.dispose()
    return (data, node) if isinstance(data, dict) else None


def _depth(node: yaml.Node) -> int:
    """How deeply collections nest in a composed node (a flat mapping is 1)."""
    deepest, todo = 0, [(node, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, yaml.MappingNode):
            todo.extend((value, depth + 1) for pair in item.value for value in pair)
        elif isinstance(item, yaml.SequenceNode):
            todo.extend((value, depth + 1) for value in item.value)
        deepest = max(deepest, depth)
    return deepest


def _real_cause(block: str, line: int, shown: str, first_line: int) -> Problem | None:
    """The problem Chinese punctuation caused, told at its own line: a full-width colon up to
    the line YAML stopped at (it stops one line late), quotes or brackets on that line."""
    rows = block.split("\n")
    colon = diagnose.full_width_colon(rows, line)
    if colon is not None:
        return problem(shown, first_line + colon[0], "E260", **colon[1])
    space = diagnose.missing_space(rows, line)
    if space is not None:
        return problem(shown, first_line + space[0], "E271", **space[1])
    found = diagnose.row_problem(rows, line)
    return problem(shown, first_line + line, found[0], **found[1]) if found else None


def _yaml_error(err: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line (from 0) and Chinese text of a YAML error."""
    mark = err.problem_mark or err.context_mark
    detail = yaml_problem(err.problem or "")
    unclosed = "quoted scalar" in (err.context or "") and not (err.problem or "").startswith(
        "found unknown escape character")
    if unclosed:
        detail = QUOTED
        mark = err.context_mark or mark  # point at the opening quote, not the end of the block
    return (mark.line if mark else 0), detail


def _collect_lines(node: yaml.Node, key: tuple[Any, ...], first: int, lines: Lines) -> None:
    """Record the line of every key and list item under `node`."""
    lines[key] = first + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            sub = key + (key_node.value,)
            _collect_lines(value_node, sub, first, lines)
            lines[sub] = first + key_node.start_mark.line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, key + (index,), first, lines)
