"""Generated search indexes for the search tests and benchmarks/search_speed.py: N stories of
about 800 characters, their sentences drawn from the demo's own stories (so the vocabulary and
the words staff search for are real), written with the build's own entry function."""

from __future__ import annotations

import random
import re
from pathlib import Path

from gallery.intranet import searchindex

REPO = Path(__file__).resolve().parent.parent
SECTIONS = ("服务精彩瞬间", "服务文化墙", "服务文化大家谈", "党员先锋服务岗")
OUTLETS = ("珠市口支行营业室", "前门支行", "天桥支行")


def demo_sentences() -> list[str]:
    """Every sentence of the demo stories' bodies (front matter and markup left out)."""
    found: list[str] = []
    for path in sorted((REPO / "site_src").glob("*/*/index.md")):
        body = path.read_text("utf-8").split("---", 2)[-1]
        body = re.sub(r"!\[[^\]]*\]\([^)]*\)|[*#>|`_-]", "", body)
        found += [s.strip() + "。" for s in re.split(r"[。\n]", body) if len(s.strip()) > 8]
    return found


def generated_entries(count: int, seed: int = 7) -> list[list[object]]:
    """`count` story entries of ~800 characters each, as the build writes them."""
    rng = random.Random(seed)
    sentences = demo_sentences()
    entries = []
    for i in range(count):
        text, body = "", []
        while len(text) < 800:
            body.append(rng.choice(sentences))
            text = "".join(body)
        title = f"{rng.choice(sentences)[:12]}（第{i}篇）"
        where = f"{SECTIONS[i % 4]} · {OUTLETS[i % 3]} · 20{17 + i % 9:02d}-{1 + i % 12:02d}-01"
        html = "".join(f"<p>{s}</p>" for s in body)
        entries.append(searchindex.page_entry(f"moments/story-{i}/", title, html, where=where,
                                              tags=(f"标签{i % 40}",),
                                              synonyms=_starter()))
    return entries


def _starter() -> tuple[tuple[str, ...], ...]:
    from gallery.content.settings import STARTER_SYNONYMS

    return STARTER_SYNONYMS


def raw_text_bytes(entries: list[list[object]]) -> int:
    """The UTF-8 bytes of the text the entries hold (title and page text), as a reference."""
    return sum(len(str(e[1]).encode()) + len(str(e[3]).encode()) for e in entries)


def with_generated_index(site: Path, count: int) -> int:
    """Replace a built site's search index by `count` generated stories plus its own pages;
    return the index file's bytes."""
    import json

    path = site / searchindex.INDEX_FILE
    own = json.loads(path.read_text("utf-8"))["docs"]
    return len(searchindex.write_index(site, own + generated_entries(count)).read_bytes())
