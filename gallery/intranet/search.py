"""The jieba requirement (E441): big text is cut into line-break units with jieba
(gallery.content.words). Search itself needs no word list any more: the index holds each
page's plain text and the browser matches words as substrings (see searchindex)."""

from __future__ import annotations

import importlib
from pathlib import Path

from gallery.problems import Problem, problem


def jieba_problem(config_file: str = "mkdocs.yml") -> Problem | None:
    """A problem when jieba cannot be imported (titles and slogans would break inside words)."""
    try:
        importlib.import_module("jieba")
    except ImportError:
        return problem(config_file, _hook_line(config_file), "E441")
    return None


def _hook_line(config_file: str) -> int:
    """The line in mkdocs.yml that loads our hook (which needs jieba); 1 when not found."""
    try:
        lines = Path(config_file).read_text("utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, row in enumerate(lines, 1) if row.strip().startswith("- hooks/")), 1)
