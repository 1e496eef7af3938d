"""Read a Markdown file's front matter with real line numbers, rejecting malformed blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gallery.problems import Problem, problem

FENCE = "---"

# PyYAML's problem texts, said in Chinese for staff; unknown ones pass through as they are.
YAML_PROBLEMS = {
    "mapping values are not allowed here": "这里不能再出现冒号（值里有冒号时请给整个值加引号）",
    "could not find expected ':'": "缺少冒号",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "found undefined alias": "用了未定义的 * 别名",
    "expected <block end>, but found '-'": "列表项的缩进不一致",
    "found unexpected end of stream": "引号没有配对",
    "found duplicate key": "字段重复",
    "did not find expected key": "缩进不一致，或缺少冒号",
    "did not find expected '-' indicator": "列表项的缩进不一致",
    "found unexpected ':'": "多余的冒号（值里有冒号时请给整个值加引号）",
    "while scanning a quoted scalar": "引号没有配对",
}

Lines = dict[tuple[Any, ...], int]


@dataclass(frozen=True)
class Document:
    """A Markdown file split into its front matter, body and the line of every value."""

    path: Path
    meta: dict[str, Any]
    body: str
    lines: Lines = field(default_factory=dict)
    body_line: int = 1

    def line(self, *key: Any) -> int:
        """The file line of a front-matter key path, or of its nearest known parent."""
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys instead of keeping the last one."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, "found duplicate key", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_lenient_timestamp(self, node):  # noqa: ANN001, ANN201 - PyYAML's signature
        """A date-like value that is no real date (2024-13-01) stays text for validation."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_UniqueKeyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _UniqueKeyLoader.construct_lenient_timestamp
)


def read_document(path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Read `path` (named `shown` in messages); return the document or the problems."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [problem(shown, line, "E101", line=line)]
    text = text.replace("\r\n", "\n")
    rows = text.split("\n")
    if not rows or rows[0].rstrip() != FENCE:
        return None, [problem(shown, 1, "E102")]
    end = next((i for i, row in enumerate(rows[1:], 1) if row.rstrip() == FENCE), None)
    if end is None:
        return None, [problem(shown, 1, "E103")]
    block = "\n".join(rows[1:end])
    meta, lines, problems = parse_block(block, shown, first_line=2)
    if problems:
        return None, problems
    body = "\n".join(rows[end + 1 :])
    return Document(path, meta, body, lines, body_line=end + 2), []


def parse_block(
    block: str, shown: str, first_line: int = 1
) -> tuple[dict[str, Any], Lines, list[Problem]]:
    """Parse a YAML mapping, returning it with the line of each key path."""
    loader = _UniqueKeyLoader(block)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if err.context_mark and "quoted scalar" in (err.context or ""):
            mark = err.context_mark  # point at the opening quote, not the end of the block
        line = first_line + (mark.line if mark else 0)
        detail = YAML_PROBLEMS.get(err.problem or "", err.problem or "")
        if "quoted scalar" in (err.context or ""):
            detail = YAML_PROBLEMS["while scanning a quoted scalar"]
        return {}, {}, [problem(shown, line, "E104", detail=detail)]
    finally:
        loader.dispose()
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        kind = "一个列表" if isinstance(data, list) else f"一段文字“{str(data)[:20]}”"
        return {}, {}, [problem(shown, first_line, "E105", kind=kind)]
    lines: Lines = {}
    if node is not None:
        _collect_lines(node, (), first_line, lines)
    lines[()] = max(1, first_line - 1)  # the whole block: its opening fence, if any
    return data, lines, []


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
