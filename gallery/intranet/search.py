"""Chinese search: require jieba (Material falls back silently without it) and give it the
domain's words, so that terms, outlet names and people's names are found whole."""

from __future__ import annotations

import importlib
from pathlib import Path

from gallery.content import words
from gallery.problems import Problem, problem

# The domain's words live below the intranet and the screens, which both use them.
DOMAIN_TERMS = words.DOMAIN_TERMS
terms = words.terms


def jieba_problem(config_file: str = "mkdocs.yml") -> Problem | None:
    """A problem when jieba cannot be imported (search would silently skip Chinese words)."""
    try:
        importlib.import_module("jieba")
    except ImportError:
        return problem(config_file, _search_line(config_file), "E441")
    return None


def _search_line(config_file: str) -> int:
    """The line of the search plugin in mkdocs.yml, for the message (1 when not found)."""
    try:
        lines = Path(config_file).read_text("utf-8").splitlines()
    except OSError:
        return 1
    return next((n for n, row in enumerate(lines, 1) if row.strip().startswith("- search")), 1)


def write_user_dict(words: list[str], path: Path, extra: Path | None = None) -> Path:
    """Write a jieba user dictionary (one word a line), adding the lines of `extra` if given."""
    lines = list(words)
    if extra is not None and extra.is_file():
        lines = extra.read_text("utf-8-sig").splitlines() + lines
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(line.strip() for line in lines if line.strip()) + "\n"
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
    return path
