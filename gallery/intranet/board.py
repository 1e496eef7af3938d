"""服务效能红黑榜: one CSV file per period, read and validated like stories (pages: board_pages).

A board file is `site_src/board/<YYYY-MM>.csv`, UTF-8 (with or without the BOM Excel writes),
with a header row. Boards are internal by construction: the model has no audience field.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from gallery import paths
from gallery.content import model, textrules
from gallery.content.boundary import is_board_data, is_litter
from gallery.content.discover import is_regular, shown_path
from gallery.problems import Problem, did_you_mean, problem

FOLDER = paths.BOARD
PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?%?$")
# Column -> (Chinese header, English alias, required)
COLUMNS = {
    "outlet": ("网点", "outlet", True),
    "person": ("姓名", "person", False),
    "metric": ("指标", "metric", True),
    "value": ("数值", "value", True),
    "list": ("榜单", "list", True),
    "remark": ("备注", "remark", False),
}
HEADER = ",".join(c[0] for c in COLUMNS.values())
# The longest cell of a column (a remark is a sentence; the others are names and numbers).
CELL_LEN = {"remark": 200, "": 60}
LISTS = {"红榜": True, "红": True, "red": True, "黑榜": False, "黑": False, "black": False}


@dataclass(frozen=True)
class BoardEntry:
    """One row of a board: an outlet (or a person at it), a metric and its value."""

    outlet: str
    metric: str
    value: str
    red: bool
    line: int
    person: str = ""
    remark: str = ""


@dataclass(frozen=True)
class Board:
    """One period's red/black board. Always internal: there is no way to make it public."""

    period: str
    source: Path
    entries: tuple[BoardEntry, ...]

    audience = model.INTERNAL  # a class constant, not a field: no file can change it
    is_public = False

    @property
    def title(self) -> str:
        """The period in Chinese, e.g. 2017 年 9 月."""
        year, month = self.period.split("-")
        return f"{year} 年 {int(month)} 月"

    @property
    def red(self) -> tuple[BoardEntry, ...]:
        """Entries on the red (commended) list, in file order."""
        return tuple(e for e in self.entries if e.red)

    @property
    def black(self) -> tuple[BoardEntry, ...]:
        """Entries on the black (to improve) list, in file order."""
        return tuple(e for e in self.entries if not e.red)


def is_board_source(src_uri: str) -> bool:
    """Whether a docs_dir file belongs to the board folder (data files and intro)."""
    return src_uri.split("/")[0] == FOLDER


def load_boards(root: Path, docs: Path, outlets: tuple[model.Outlet, ...]
                ) -> tuple[tuple[Board, ...], list[Problem]]:
    """Read and check every board file; boards come back oldest period first."""
    folder = docs / FOLDER
    if docs.is_symlink() or folder.is_symlink() or not folder.is_dir():
        return (), []  # a link is told by E601/E602 and never followed
    boards: list[Board] = []
    problems: list[Problem] = []
    periods: dict[str, str] = {}  # period -> the file name that has it
    for path in sorted(folder.iterdir()):
        rel = path.relative_to(docs).as_posix()
        if not is_regular(path) or is_litter(rel) or not is_board_data(rel):
            continue  # images and the intro follow the rules of every page and photo
        shown = shown_path(root, path)
        if path.suffix.lower() != ".csv":
            problems.append(problem(shown, 1, "E410", name=path.name))
        elif not PERIOD.match(path.stem):
            problems.append(problem(shown, 1, "E401", name=path.name))
        elif path.stem in periods:  # 2017-09.csv and 2017-09.CSV: one would hide the other
            problems.append(problem(shown, 1, "E413", name=path.name, other=periods[path.stem]))
        else:
            periods[path.stem] = path.name
            board, bad = read_board(path, shown, outlets)
            problems += bad
            if board is not None:
                boards.append(board)
    return tuple(sorted(boards, key=lambda b: b.period)), problems


def read_board(path: Path, shown: str, outlets: tuple[model.Outlet, ...]
               ) -> tuple[Board | None, list[Problem]]:
    """One board file: the board (None on errors) and every problem in it."""
    text, bad = _decode(path.read_bytes(), shown)
    if text is None:
        return None, bad
    rows, broken = _rows(text, shown)
    if broken:
        return None, broken
    if not rows:
        return None, [problem(shown, 1, "E409", header=HEADER)]
    columns, problems = _header(rows[0][1], shown)
    if problems:
        return None, problems
    entries, problems = _entries(rows[1:], columns, shown, outlets)
    if not rows[1:]:
        problems.append(problem(shown, 1, "E409", header=HEADER))
    if any(not p.is_warning for p in problems):
        return None, problems
    return Board(path.stem, path, tuple(entries)), problems


def _decode(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (BOM dropped); GBK files, Excel's default on Chinese Windows, named as such."""
    try:  # lone CRs: the line ends of Excel for Mac's "CSV (Macintosh)"
        return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        return None, [problem(shown, line, "E101", line=line)]
    return None, [problem(shown, line, "E402")]


def _rows(text: str, shown: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """CSV rows with the file line each starts on; blank rows (Excel leaves ',,,,') dropped.

    A quote left open swallows the rest of the file into one cell until the csv module gives
    up (its cell size limit): that is reported at the line where reading stopped.
    """
    reader = csv.reader(io.StringIO(text))
    rows, start = [], 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error:
        return [], [problem(shown, start, "E411")]
    return rows, []


def _header(cells: list[str], shown: str) -> tuple[dict[str, int], list[Problem]]:
    """Map column keys to positions; report unknown and missing columns."""
    names = {alias: key for key, spec in COLUMNS.items() for alias in spec[:2]}
    columns, problems = {}, []
    for index, cell in enumerate(cells):
        key = names.get(cell) or names.get(cell.lower())
        if key is None:
            hint = did_you_mean(cell, [c[0] for c in COLUMNS.values()], "列名")
            problems.append(problem(shown, 1, "E404", column=cell, hint=hint))
        elif key in columns:  # the later column would silently win
            problems.append(problem(shown, 1, "E412", column=COLUMNS[key][0]))
        else:
            columns[key] = index
    for key, (chinese, _, required) in COLUMNS.items():
        if required and key not in columns:
            problems.append(problem(shown, 1, "E403", column=chinese, header=HEADER))
    return columns, problems


def _entries(rows: list[tuple[int, list[str]]], columns: dict[str, int], shown: str,
             outlets: tuple[model.Outlet, ...]) -> tuple[list[BoardEntry], list[Problem]]:
    """Check every data row; return the good entries and all problems."""
    width = max(columns.values()) + 1
    entries, problems = [], []
    seen: dict[tuple[str, str, str], int] = {}
    for line, cells in rows:
        if len(cells) > width and any(cells[width:]) or len(cells) < width:
            problems.append(problem(shown, line, "E405", count=len(cells), expected=width))
            continue
        values = {key: cells[i] for key, i in columns.items()}
        entry, bad = _entry(values, line, shown, outlets)
        problems += bad
        if entry is None:
            continue
        key = (entry.outlet, entry.person, entry.metric)
        if key in seen:
            who = _who(entry, outlets)
            problems.append(problem(shown, line, "E408", who=who, metric=entry.metric,
                                    other=seen[key]))
            continue
        seen[key] = line
        entries.append(entry)
    return entries, problems


def _entry(values: dict[str, str], line: int, shown: str, outlets: tuple[model.Outlet, ...]
           ) -> tuple[BoardEntry | None, list[Problem]]:
    """One data row as an entry, or the problems that stop it."""
    problems = _cell_text(values, line, shown)
    problems += [problem(shown, line, "E216", key=COLUMNS[key][0])
                 for key in ("outlet", "metric", "value", "list") if not values[key]]
    if problems:
        return None, problems
    outlet = _outlet_id(values["outlet"], outlets)
    if outlet is None:
        choices = [o.name for o in outlets] + [o.id for o in outlets]
        hint = did_you_mean(values["outlet"], choices, "网点")
        problems.append(problem(shown, line, "E207", value=values["outlet"],
                                hint=hint + "（写网点名称或编号，网点在 culture.yml 的 outlets 中声明）"))
    if not NUMBER.match(values["value"]):
        problems.append(problem(shown, line, "E406", column=COLUMNS["value"][0],
                                value=values["value"]))
    red = LISTS.get(values["list"].lower())
    if red is None:
        problems.append(problem(shown, line, "E407", value=values["list"]))
    if problems or outlet is None or red is None:  # the Nones were reported just above
        return None, problems
    return BoardEntry(outlet=outlet, metric=values["metric"], value=values["value"], red=red,
                      line=line, person=values.get("person", ""),
                      remark=values.get("remark", "")), []


def _cell_text(values: dict[str, str], line: int, shown: str) -> list[Problem]:
    """The text rules of every field, cell by cell: no invisible characters (an emoji joiner
    only in the remark) and at most CELL_LEN characters."""
    problems = []
    for key, cell in values.items():
        column = COLUMNS[key][0]
        bad = textrules.forbidden(cell, joiner=key == "remark")
        limit = CELL_LEN.get(key, CELL_LEN[""])
        if bad is not None:
            code = "E231" if bad[1] == textrules.JOINER else "E230"
            problems.append(problem(shown, line, code, where=f"“{column}”这一格的", pos=bad[0],
                                    char=textrules.char_label(bad[1])))
        elif len(cell) > limit:
            problems.append(problem(shown, line, "E233", where=f"“{column}”这一格",
                                    length=len(cell), limit=limit))
    return problems


def _outlet_id(cell: str, outlets: tuple[model.Outlet, ...]) -> str | None:
    """An outlet written as its id or its Chinese name, as its id (the stories' rule)."""
    return model.outlet_id(cell, {o.id: o.name for o in outlets})


def _who(entry: BoardEntry, outlets: tuple[model.Outlet, ...]) -> str:
    """The subject of an entry in Chinese: the person at an outlet, or the outlet."""
    name = next((o.name for o in outlets if o.id == entry.outlet), entry.outlet)
    return f"{name}{entry.person}" if entry.person else name

