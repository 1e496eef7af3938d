"""Staff HTML in bodies and hand-written pages is cleaned after rendering (gallery/content/sanitise.py).

A body, an intro or the home page is the author's Markdown; raw HTML passes through Markdown, so
the rendered fragment is cleaned by nh3 with one allowlist, before our own markup is put around it
and before search and the lightbox read the page. `culture check` names, at the line, what
publishing removes (E240, a warning: `--strict` fails on it, so check and publish agree).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sanitise_site import PAGES, ordinary_project, snapshot
from support import mkdocs_build

pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).parent / "data" / "ordinary-pages.json"


@pytest.fixture(scope="module")
def ordinary(tmp_path_factory) -> Path:
    root = ordinary_project(tmp_path_factory.mktemp("ordinary"))
    run = mkdocs_build(root)
    assert run.returncode == 0, run.stderr[-3000:]
    return root / "site"


def test_ordinary_bodies_and_pages_render_as_before(ordinary):
    golden = json.loads(GOLDEN.read_text("utf-8"))
    now = snapshot(ordinary)
    for page in PAGES:
        assert now["pages"][page] == golden["pages"][page], page
    assert now["search"] == golden["search"]
