"""The front-matter reader: real line numbers, malformed blocks rejected, YAML said in Chinese."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest

from gallery.content.read import Parts, read_document, split_front_matter

FIX = "检查这一行的冒号、引号和缩进（冒号后要有一个空格，不能用 Tab）"


def read(tmp_path: Path, content: bytes | str):
    """Read `content` as index.md; return the document and the problems as strings."""
    path = tmp_path / "index.md"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    doc, problems = read_document(path, "a/index.md")
    return doc, [str(p) for p in problems]


def test_lines_of_nested_values_are_real_file_lines(tmp_path):
    doc, problems = read(tmp_path, "---\n\n\ntitle: 甲\nphotos:\n\n  - file: 1.jpg\n"
                                   "    alt: 乙\n---\n\n正文\n")
    assert problems == []
    assert doc.line("title") == 4
    assert doc.line("photos", 0, "alt") == 8
    assert doc.line("photos", 3) == 5  # unknown item: its nearest parent
    assert doc.body_line == 10 and doc.body.strip() == "正文"


def test_windows_line_endings_and_bom_are_accepted(tmp_path):
    doc, problems = read(tmp_path, "\ufeff---\r\ntitle: 甲\r\n---\r\n正文\r\n".encode())
    assert problems == [] and doc.meta == {"title": "甲"}


@pytest.mark.parametrize(("content", "expected"), [
    ("---\ntitle: 甲\n\tdate: 2024-05-01\n---\n",
     f"a/index.md:3: E104 信息块的 YAML 格式有误：不能用 Tab 缩进，请改用空格 — {FIX}"),
    ('---\ntitle: "甲\ndate: 2024-05-01\n---\n',
     f"a/index.md:2: E104 信息块的 YAML 格式有误：引号没有配对 — {FIX}"),
    ("---\ntitle: 甲\ndate: 2024-05-01\ntitle: 乙\n---\n",
     f"a/index.md:4: E104 信息块的 YAML 格式有误：字段重复 — {FIX}"),
    ("---\ntitle: 甲\n? [a, b]\n: 乙\n---\n",  # a list as a key: a message, not a traceback
     f"a/index.md:3: E104 信息块的 YAML 格式有误：字段名只能是文字，不能是列表或“字段: 值”组 — {FIX}"),
    ("---\ntitle: *a\n---\n",
     f"a/index.md:2: E104 信息块的 YAML 格式有误：用了未定义的 * 别名 — {FIX}"),
    ("---\ntitle: !!python/object:os.system 甲\n---\n",
     f"a/index.md:2: E104 信息块的 YAML 格式有误：不认识以 ! 开头的写法（删除它，或给整个值加引号） — {FIX}"),
    ("---\ntitle: !!binary 5Lit5paH\n---\n",
     f"a/index.md:2: E104 信息块的 YAML 格式有误：不认识以 ! 开头的写法（删除它，或给整个值加引号） — {FIX}"),
    ("---\ntags: !!set {甲, 乙}\n---\n",
     f"a/index.md:2: E104 信息块的 YAML 格式有误：不认识以 ! 开头的写法（删除它，或给整个值加引号） — {FIX}"),
    ("---\ntags: [甲, 乙\n---\n",
     f"a/index.md:2: E104 信息块的 YAML 格式有误：方括号 [ ] 没有配对，或列表项之间缺少逗号 — {FIX}"),
    ('---\ntitle: "C:\\q"\n---\n',
     f"a/index.md:2: E104 信息块的 YAML 格式有误：双引号里的反斜杠 \\ 写法有误（改用单引号） — {FIX}"),
    ("---\ntitle: @甲\n---\n",
     f"a/index.md:2: E104 信息块的 YAML 格式有误：这个符号不能放在值的开头（请给整个值加引号） — {FIX}"),
    ("---\njust some words\n---\n",
     ("a/index.md:2: E105 信息块应是“字段: 值”的形式，这里却是一段文字“just some words”"
     " — 每行写成“字段: 值”，例如 title: 暖心服务")),
    ("title: 甲\n", ("a/index.md:1: E102 文件开头缺少 --- 信息块"
     " — 在第一行单独写 ---，填写字段后再单独写一行 --- 结束")),
])
def test_malformed_blocks(tmp_path, content, expected):
    doc, problems = read(tmp_path, content)
    assert doc is None and problems == [expected]


def test_empty_block_is_an_empty_mapping(tmp_path):
    doc, problems = read(tmp_path, "---\n---\n正文\n")
    assert problems == [] and doc.meta == {}


def test_numbers_are_decimal_only_so_times_and_phones_stay_as_written(tmp_path):
    # YAML 1.1 would read 10:30 as 630 (base 60) and 01067020000 as an octal number.
    doc, problems = read(tmp_path, "---\ntitle: 10:30\nphone: 01067020000\nhex: 0x1F\n"
                                   "year: 2008\nscore: 98.5\n---\n")
    assert problems == []
    assert doc.meta == {"title": "10:30", "phone": "01067020000", "hex": "0x1F", "year": 2008,
                        "score": 98.5}


# --- the one splitter ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("---\ntitle: 甲\n---\n正文\n", Parts("title: 甲", "正文\n", 4)),
    ("---\r\n\r\ntitle: 甲\r\n---  \r\n\r\n正文\r\n", Parts("\ntitle: 甲", "\n正文\n", 5)),
    ("# 服务精彩瞬间\n\n介绍\n", Parts(None, "# 服务精彩瞬间\n\n介绍\n", 1)),
    ("---\ntitle: 甲\n\n正文\n", Parts(None, "---\ntitle: 甲\n\n正文\n", 1, unclosed=True)),
    ("----\ntitle: 甲\n----\n正文\n", Parts(None, "----\ntitle: 甲\n----\n正文\n", 1)),
    ("---\n---\n", Parts("", "", 3)),
])
def test_split_front_matter_keeps_real_lines_and_tells_unclosed_blocks(text, expected):
    assert split_front_matter(text) == expected


def test_the_splitter_docstring_examples_hold():
    import doctest

    from gallery.content import read as module

    assert doctest.testmod(module).failed == 0


def test_python_frontmatter_would_shift_lines_and_hide_an_unclosed_block():
    # Why the splitter is our own (see its docstring); if python-frontmatter ever keeps the
    # blank lines and tells an unclosed block, it can take over the reading.
    text = "---\ntitle: 甲\n---\n\n\n正文\n"
    assert frontmatter.loads(text).content == "正文"  # body_line 4 would be line 6 really
    assert split_front_matter(text).body == "\n\n正文\n"
    assert frontmatter.loads("---\ntitle: 甲\n正文\n").metadata == {}


def test_a_scaffold_written_by_python_frontmatter_reads_back_with_its_lines(tmp_path):
    import datetime as dt

    from gallery.content.scaffold import scaffold

    text = scaffold("moments", "暖心服务", dt.date(2024, 5, 1), ["qianmen"])
    doc, problems = read(tmp_path, text)
    assert problems == [] and doc.meta["title"] == "暖心服务"
    assert text.splitlines()[doc.line("title") - 1] == "title: 暖心服务"
    assert text.splitlines()[doc.body_line - 2] == "---"  # the body starts after the fence
    assert doc.body.strip() == "在这里写正文。"


def test_section_intros_in_the_build_are_cut_by_the_same_splitter(tmp_path, monkeypatch):
    from gallery.content import handwritten
    from gallery.content import read as read_module

    # one reader: the build renders the pages the check read (site.pages), never MkDocs' copy
    assert handwritten.read_parts is read_module.read_parts
    cut: list[str] = []
    monkeypatch.setattr(read_module, "split_front_matter",
                        lambda text: cut.append(text) or split_front_matter(text))
    page = tmp_path / "index.md"
    page.write_text("---\ntitle: 栏目\n---\n# 栏目\n", "utf-8")
    found, problems = handwritten.read_page(page, "site_src/moments/index.md", "moments")
    assert problems == [] and found is not None and found.body == "# 栏目\n"
    assert cut == ["---\ntitle: 栏目\n---\n# 栏目\n"]
