"""服务效能红黑榜 pages: one per period and the history page, from templates/board*.html.

Reading and checking the CSV files is gallery.intranet.board; this module only renders, so
`culture check` never loads the templates.
"""

from __future__ import annotations

from gallery import paths
from gallery.content import model
from gallery.intranet.board import Board
from gallery.intranet.pages import render
from gallery.photos.markup import caption_only
from gallery.templating import trusted


def render_board(board: Board, boards: tuple[Board, ...], site: model.Site) -> str:
    """The page of one period: the red list, the black list, links to the periods around it."""
    index = boards.index(board)
    return render("board.html", site, caption_only, title=f"服务效能红黑榜 · {board.title}",
                  intro="", here=paths.board_url(board.period), board=board,
                  previous=boards[index - 1] if index > 0 else None,
                  next=boards[index + 1] if index + 1 < len(boards) else None)


def render_history(boards: tuple[Board, ...], site: model.Site, intro: str = "") -> str:
    """The history page: every period newest first, and how often each outlet was listed."""
    return render("board-history.html", site, caption_only, title="服务效能红黑榜",
                  intro=trusted(intro.strip()), here=paths.board_url(),
                  boards=tuple(reversed(boards)), tally=_tally(boards, site))


def _tally(boards: tuple[Board, ...], site: model.Site) -> list[tuple[str, int, int]]:
    """Per outlet (in declared order): entries on the red and on the black list."""
    counts: dict[str, list[int]] = {}
    for board in boards:
        for e in board.entries:
            counts.setdefault(e.outlet, [0, 0])[0 if e.red else 1] += 1
    return [(o.id, counts[o.id][0], counts[o.id][1]) for o in site.outlets if o.id in counts]
