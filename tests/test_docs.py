"""The documentation stays in step with the code: every field and every code is described."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from gallery.content.records import reference_markdown
from gallery.problems import CATALOG, RETIRED

ROOT = Path(__file__).resolve().parent.parent


def code_table() -> str:
    """The code table scripts/docs_tables.py writes into docs/errors.md."""
    spec = importlib.util.spec_from_file_location("docs_tables", ROOT / "scripts/docs_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.code_table()


def test_content_model_doc_lists_every_field_of_every_section():
    doc = (ROOT / "docs/content-model.md").read_text("utf-8")
    assert reference_markdown() in doc


def test_every_code_is_documented_and_has_an_exact_message_test():
    doc = (ROOT / "docs/errors.md").read_text("utf-8")
    documented = set(re.findall(r"^\| `(E\d{3})` \|", doc, flags=re.MULTILINE))
    assert documented == set(CATALOG)
    # The table is the one scripts/docs_tables.py makes: level, message and fix as in the code.
    assert code_table() in doc, "docs/errors.md is stale: run .venv/bin/python scripts/docs_tables.py"
    tests = "".join(p.read_text("utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    untested = [code for code in CATALOG
                if code not in RETIRED and not re.search(rf":\d+: {code} ", tests)]
    assert untested == []


def test_settings_doc_names_every_top_level_key():
    from gallery.content.settings import TOP

    doc = (ROOT / "docs/settings.md").read_text("utf-8")
    assert [key for key in TOP if f"| `{key}` |" not in doc] == []


def test_staff_are_told_that_warnings_stop_publishing():
    import inspect

    from gallery.publish import builds as publish

    # `culture build` (publishing, cron) is strict: a warning leaves the old site served.
    assert '"--strict"' in inspect.getsource(publish.mkdocs_build)
    doc = (ROOT / "docs/errors.md").read_text("utf-8")
    warning = doc[doc.index("- **警告**"):].split("\n\n")[0]
    assert "culture build" in warning and "网站照常生成" not in warning
    for name in ("README.md", "docs/errors.md"):
        text = (ROOT / name).read_text("utf-8")
        assert "“0 个错误，0 个警告”" in text and "“0 个错误”" not in text
