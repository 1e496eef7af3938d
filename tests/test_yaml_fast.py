"""The C YAML loader (libyaml) reads front matter on the normal path; the pure-Python loader
only judges what it declines, so values, lines and messages are those of the Python loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gallery.content import read

REPO = Path(__file__).resolve().parent.parent


def blocks() -> list[tuple[str, str]]:
    """Every front-matter block of the demo, and culture.yml."""
    found = [("culture.yml", (REPO / "culture.yml").read_text("utf-8"))]
    for path in sorted((REPO / "site_src").rglob("*.md")):
        block = read.split_front_matter(path.read_text("utf-8")).block
        if block is not None:
            found.append((path.relative_to(REPO).as_posix(), block))
    return found


def slow(block: str, first_line: int = 2) -> tuple[object, read.Lines]:
    """What the pure-Python loader alone makes of a block."""
    loader = read._UniqueKeyLoader(block)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    lines: read.Lines = {}
    read._collect_lines(node, (), first_line, lines)
    lines[()] = first_line - 1
    return data, lines


def test_libyaml_is_there_and_reads_every_demo_file_as_the_python_loader_does():
    assert yaml.__with_libyaml__
    assert issubclass(read._FastLoader, yaml.CSafeLoader)
    for name, block in blocks():
        fast = read._fast_parse(block)
        assert fast is not None, f"{name} left the fast path"
        data, lines, problems = read.parse_block(block, name, first_line=2)
        assert problems == []
        assert (data, lines) == slow(block), name


SAME = [
    "title: 好\ndate: 2024-05-01\ntags: [一, 二]\n",
    "title: '10:30'\nphone: 01067020000\ntime: 10:30\ncount: 12\nratio: 1.5\n",
    "date: 2024-13-01\nempty:\nnull_value: null\nflag: yes\nswitch: off\n",
    "nested:\n  - a: 1\n    b: [x, {c: d}]\n  - 二\ntext: |\n  多行\n  文字\n",
    "title: >\n  折叠的\n  文字\nq: \"双引号\\u4e2d\"\n",
    "? 简单键\n: 值\n",
]


@pytest.mark.parametrize("block", SAME)
def test_both_loaders_make_the_same_values_and_lines(block):
    fast = read._fast_parse(block)
    assert fast is not None
    assert read.parse_block(block, "x.md", first_line=2)[:2] == slow(block)


DECLINED = [
    "a: &x 1\nb: *x\n",  # anchors and aliases: E111 / E104 from the Python loader
    "a: !!str 1\n",  # tags
    "a:\tb\n",  # tabs
    "a: 1\na: 2\n",  # duplicate keys: the constructor refuses, the Python loader says it
    "a: [1, 2\n",  # unclosed
    "- a\n- b\n",  # not a mapping
    "a: " + "[" * 25 + "]" * 25 + "\n",  # too deep
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 23)) + "  " * 23 + "v: 1\n",
    "a: " + "[" * 500 + "]" * 500 + "\n",  # deeper than libyaml's recursion is let go
]


@pytest.mark.parametrize("block", DECLINED)
def test_what_the_python_loader_must_judge_never_takes_the_fast_path(block):
    assert read._fast_parse(block) is None
