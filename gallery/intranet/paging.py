"""Long indexes cut into pages, so that no index page grows with the number of stories.

Pages are numbered from 1: the first is at the index's own URL, the rest at `page/N/` below
it (`paths.paged_url`). A page holds at most `PAGE_SIZE` items (cards or list rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from gallery import paths

T = TypeVar("T")
PAGE_SIZE = 48  # a multiple of 2, 3 and 4: full rows of cards at every width


@dataclass(frozen=True)
class Pager:
    """Where one page of an index sits among its pages."""

    url: str  # the index's first page, relative to the site root
    number: int
    count: int

    @property
    def here(self) -> str:
        """This page's URL."""
        return paths.paged_url(self.url, self.number)

    def link(self, number: int) -> str:
        """A relative link from this page to page `number` of the same index."""
        return paths.relative(self.here, paths.paged_url(self.url, number))


def chunks(items: Sequence[T], size: int = PAGE_SIZE) -> list[Sequence[T]]:
    """`items` cut into pages of `size`; an empty index still has its one (empty) page."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


def paged(url: str, items: Sequence[T], size: int = PAGE_SIZE) -> list[tuple[Pager, Sequence[T]]]:
    """Every page of the index at `url`: its pager and its items."""
    parts = chunks(items, size)
    return [(Pager(url, n, len(parts)), part) for n, part in enumerate(parts, 1)]


def page_urls(url: str, count: int, size: int = PAGE_SIZE) -> list[str]:
    """The URLs of the pages of an index of `count` items (without rendering them)."""
    return [paths.paged_url(url, n) for n in range(1, max(1, -(-count // size)) + 1)]
