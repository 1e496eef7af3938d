"""Regenerate the generated tables in docs/: error codes (errors.md) and fields (content-model.md).

Run after adding a code to gallery/problems.py or a field (an `entry()`) to gallery/content/model.py:
    .venv/bin/python scripts/docs_tables.py
tests/test_docs.py fails until the docs match the code.
"""

from __future__ import annotations

from pathlib import Path

from gallery.content.records import reference_markdown
from gallery.problems import CATALOG, NOTES, RETIRED, WARNINGS

DOCS = Path(__file__).resolve().parent.parent / "docs"


def replace_between(path: Path, start: str, end: str, body: str) -> None:
    """Replace the text from the line starting with `start` up to `end` with `body`."""
    text = path.read_text("utf-8")
    a, b = text.index(start), text.index(end)
    path.write_text(text[:a] + body + text[b:], "utf-8")


def level(code: str) -> str:
    """The level of a code as errors.md names it (the legend above the table explains each)."""
    if code in RETIRED:
        return "停用"
    return "提示" if code in NOTES else "警告" if code in WARNINGS else "错误"


def code_table() -> str:
    """The table of every problem code, its level, message and fix."""
    rows = ["| 代码 | 级别 | 信息 | 修改方法 |", "|---|---|---|---|"]
    for code, (message, fix) in CATALOG.items():
        rows.append(f"| `{code}` | {level(code)} | {message} | {fix} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    replace_between(DOCS / "errors.md", "| 代码 | 级别", "\n## 代码分段", code_table())
    replace_between(DOCS / "content-model.md", "### `", "\n## 模型（开发者）",
                    reference_markdown() + "\n")
