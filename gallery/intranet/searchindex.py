"""The site search index: one entry per page, the page's plain text without segmentation.

The browser matches the reader's words as substrings of this text (see
overrides/assets/javascripts/culture-search-worker.js), so the index needs no word separators
and no jieba at build time. A query typed without spaces is cut into Han bigrams in the browser;
a bigram matches a page exactly when the page contains it, so the query side and the index agree
by construction. Both sides fold letter case and full-width forms (ＡＴＭ, ９５５８８) the same way
(`fold` here, `fold` in the worker). Synonyms from culture.yml (`search: synonyms:`) are applied
here: a page that says one word of a group is also found by the others.

`page_entry()` builds one page's entry, so an incremental preview can update a single page;
`write_index()` writes the whole file and the small stub that Material's bundle fetches on
every page load (it holds no documents: the real index is fetched on the first search).
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

INDEX_FILE = Path("search") / "culture_index.json"
STUB_FILE = Path("search") / "search_index.json"  # what Material's bundle requests on load
FORMAT = 1
# Material's bundle reads `config` from the stub for the search highlighter of the page a
# result opens (?h=…); no document is in it.
STUB_CONFIG = {"lang": ["zh"], "separator": r"[\s\-]+", "pipeline": [], "fields": {}}
WEIGHT_STORY = 1.0
WEIGHT_LIST = 0.5  # section, outlet, tag and campaign pages: they repeat their stories' titles

# Not read: code, a public story's approval record (bookkeeping: who approved it for the
# lobby; searching the approver's name would list every public story), and a heading marked
# data-search-exclude (a story page's own h1: the entry's title already holds it).
_DROP = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<aside class=\"culture-approval\">.*?</aside>"
                   r"|<(h[1-6])\b[^>]*\bdata-search-exclude\b[^>]*>.*?</\2\s*>",
                   re.DOTALL | re.IGNORECASE)
_BLOCK = re.compile(
    r"</?(?:p|div|li|ul|ol|h[1-6]|br|hr|tr|td|th|table|thead|tbody|figure|figcaption|section|"
    r"article|aside|nav|header|footer|blockquote|dl|dt|dd|pre|details|summary|main)\b[^>]*>",
    re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
# Zero-width and soft-break characters never reach the index (nor, so, a snippet).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Full-width ASCII and the half-width CJK marks as their usual forms (the worker's `fold`).
_WIDE: dict[int, str] = {**{c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
                         0xFF61: "\u3002", 0xFF62: "\u300c", 0xFF63: "\u300d", 0xFF64: "\u3001",
                         0x3000: " "}


def fold(text: str) -> str:
    """`text` as search compares it: full-width forms folded, in lower case."""
    return text.translate(_WIDE).lower()


def plain_text(content: str) -> str:
    """The text a reader sees in a page's HTML: no markup, no zero-width characters, blocks
    separated by one space, inline markup joined without one (柜员<strong>刘静</strong>)."""
    text = _BLOCK.sub(" ", _DROP.sub(" ", content))
    text = html.unescape(_TAG.sub("", text)).translate(_INVISIBLE)
    return _SPACE.sub(" ", text).strip()


def synonyms_for(text: str, groups: Iterable[Sequence[str]]) -> list[str]:
    """The words of every synonym group that `text` mentions, which `text` itself lacks."""
    found: list[str] = []
    for group in groups:
        if any(word in text for word in group):
            found += [word for word in group if word not in text]
    return list(dict.fromkeys(found))


def page_entry(location: str, title: str, content: str, *, where: str = "",
               tags: Sequence[str] = (), synonyms: Iterable[Sequence[str]] = (),
               weight: float = WEIGHT_STORY) -> list[object]:
    """One page's index entry: [location, title, where, text, tags, synonyms(, weight)].

    `where` is shown under the title of the result (section · outlet · date); `synonyms` are
    the culture.yml groups, of which the entry keeps the words the page does not say.
    """
    title = plain_text(title)
    text = plain_text(content)
    tag_text = " ".join(plain_text(t) for t in tags)
    extra = synonyms_for(fold(f"{title} {tag_text} {text}"), _lower(synonyms))
    entry: list[object] = [location, title, where, text, tag_text, " ".join(extra)]
    if weight != WEIGHT_STORY:
        entry.append(weight)
    return entry


def _lower(groups: Iterable[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    return _folded(tuple(tuple(group) for group in groups))


@functools.lru_cache(maxsize=8)
def _folded(groups: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """The synonym groups folded (once per build, not once per page)."""
    return tuple(tuple(fold(word) for word in group) for group in groups)


def index_json(entries: Iterable[list[object]]) -> str:
    """The index file's text: UTF-8 JSON without escapes or spaces (about the raw text's size)."""
    return json.dumps({"format": FORMAT, "docs": list(entries)}, ensure_ascii=False,
                      separators=(",", ":"))


def stub_json() -> str:
    """The small file Material's bundle requests on every page load: config, no documents."""
    return json.dumps({"config": STUB_CONFIG, "docs": []}, separators=(",", ":"))


def read_index(site_dir: Path) -> list[list[object]]:
    """The entries of the index a previous build wrote into `site_dir` ([] when none)."""
    try:
        docs = json.loads((site_dir / INDEX_FILE).read_text("utf-8")).get("docs", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [d for d in docs if isinstance(d, list) and d and isinstance(d[0], str)]


def write_index(site_dir: Path, entries: Iterable[list[object]]) -> Path:
    """Write the index (sorted by location, so builds are byte-identical) and the stub."""
    path = site_dir / INDEX_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(index_json(sorted(entries, key=lambda e: str(e[0]))), "utf-8")
    (site_dir / STUB_FILE).write_text(stub_json(), "utf-8")
    return path
