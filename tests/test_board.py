"""The red/black board: CSV files read and validated like stories, rendered as escaped pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from gallery.content import model
from gallery.intranet import board, board_pages
from gallery.project import load_project

OUTLETS = (model.Outlet("qianmen", "前门支行"), model.Outlet("tianqiao", "天桥支行"))
HEADER = "网点,姓名,指标,数值,榜单,备注\n"


def read(tmp_path: Path, text: str | bytes, name: str = "2017-09.csv"):
    """Load the board folder holding one file; return (boards, problem lines)."""
    path = tmp_path / "site_src" / "board" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    boards, problems = board.load_boards(tmp_path, tmp_path / "site_src", OUTLETS)
    return boards, [str(p) for p in problems]


def test_a_good_file_with_bom_and_names_or_ids(tmp_path):
    text = "\ufeff" + HEADER + "前门支行,,客户满意度（%）,98.6,红榜,好\ntianqiao,张强,等候（分钟）,16,黑榜,\n"
    boards, problems = read(tmp_path, text)
    assert problems == []
    (b,) = boards
    assert b.period == "2017-09" and b.title == "2017 年 9 月"
    assert [(e.outlet, e.person, e.metric, e.value, e.line) for e in b.red] == [
        ("qianmen", "", "客户满意度（%）", "98.6", 2)]
    assert [(e.outlet, e.person, e.value, e.line) for e in b.black] == [("tianqiao", "张强", "16", 3)]


def test_boards_are_internal_whatever_the_file_says(tmp_path):
    boards, _ = read(tmp_path, HEADER + "前门支行,,满意度,99,红榜,\n")
    assert boards[0].audience == model.INTERNAL and boards[0].is_public is False
    _, problems = read(tmp_path, "网点,指标,数值,榜单,audience\n前门支行,满意度,99,红榜,public\n")
    assert problems == [("site_src/board/2017-09.csv:1: E404 红黑榜表头有未知列“audience” — "
                        "可用的列名：网点、姓名、指标、数值、榜单、备注")]


def test_every_row_problem_at_once_with_its_line(tmp_path):
    text = (HEADER
            + "前门支行,,满意度,99,红榜,\n"            # 2: fine
            + "东单支行,,满意度,97,红榜,\n"            # 3: unknown outlet
            + "天桥支行,,等候,十六,黑榜,\n"            # 4: bad number
            + "天桥支行,,投诉,2,灰榜,\n"              # 5: bad list
            + "前门支行,,满意度,98,红榜,\n"            # 6: duplicate of line 2
            + "天桥支行,,等候\n"                      # 7: too few cells
            + '天桥支行,,"多行\n备注",3,黑榜,\n'       # 8-9: a quoted cell over two lines: fine
            + ",,满意度,90,红榜,\n")                  # 10: empty outlet
    boards, problems = read(tmp_path, text)
    assert boards == ()
    shown = "site_src/board/2017-09.csv"
    assert problems == [
        (f"{shown}:3: E207 未知网点“东单支行” — 可用的网点：前门支行、天桥支行、qianmen、tianqiao"
        "（写网点名称或编号，网点在 culture.yml 的 outlets 中声明）"),
        f"{shown}:4: E406 “数值”的“十六”不是数字 — 只写数字，例如 8.5、96 或 98%（单位写在指标名里）",
        f"{shown}:5: E407 “榜单”的“灰榜”只能是红榜或黑榜 — 写“红榜”（表扬）或“黑榜”（待改进）",
        (f"{shown}:6: E408 前门支行的指标“满意度”与第 2 行重复 — "
        "同一期里，每个网点（或人员）的每项指标只写一行：删除或合并重复的行"),
        (f"{shown}:7: E405 这一行有 3 格，表头有 6 格 — "
        "检查是否多了或少了逗号；内容里有逗号时，请给这一格加英文双引号"),
        f"{shown}:10: E216 字段“网点”不能为空 — 填写内容，或删除这一行",
    ]


def test_gbk_file_is_named_as_excel_csv(tmp_path):
    _, problems = read(tmp_path, (HEADER + "前门支行,,满意度,99,红榜,\n").encode("gbk"))
    assert problems == [("site_src/board/2017-09.csv:1: E402 红黑榜文件是 GBK 编码（Excel 默认的"
                        "“CSV（逗号分隔）”格式），不是 UTF-8 — 在 Excel 中选“另存为”→"
                        "“CSV UTF-8（逗号分隔）(*.csv)”，覆盖此文件")]


def test_bytes_that_are_neither_utf8_nor_gbk(tmp_path):
    _, problems = read(tmp_path, HEADER.encode() + b"\xff\xfe\xff,,x,1,red,\n")
    assert problems == [("site_src/board/2017-09.csv:2: E101 文件不是 UTF-8 编码（第 2 行有无法识别的字节）"
                        " — 请在编辑器中用 UTF-8 编码重新保存此文件")]


def test_file_names_and_kinds(tmp_path):
    _, problems = read(tmp_path, HEADER, name="2017-9.csv")
    assert problems == [("site_src/board/2017-9.csv:1: E401 红黑榜文件名“2017-9.csv”不是期次 — "
                        "文件名写成 年-月.csv，例如 2017-09.csv")]
    (tmp_path / "site_src/board/2017-9.csv").unlink()
    _, problems = read(tmp_path, b"PK\x03\x04", name="2017-10.xlsx")
    assert problems == [("site_src/board/2017-10.xlsx:1: E410 红黑榜文件“2017-10.xlsx”不是 CSV 文件 — "
                        "在 Excel 中“另存为”CSV UTF-8 格式，文件名如 2017-09.csv")]


def test_a_quote_left_open_in_a_large_file_is_a_message_not_a_traceback(tmp_path):
    rows = "".join(f"前门支行,,指标{i},99,红榜,{'说明' * 20}\n" for i in range(3000))
    boards, problems = read(tmp_path, HEADER + '前门支行,,"满意度,99,红榜,\n' + rows)
    assert boards == ()
    assert problems == [("site_src/board/2017-09.csv:2: E411 从这一行起无法按 CSV 读取，可能有英文双引号没有配对"
                        " — 内容里的英文双引号要成对（格内的双引号写两遍 \"\"），或改用中文引号“”")]


def test_mac_excel_line_ends_are_read(tmp_path):
    boards, problems = read(tmp_path, (HEADER + "前门支行,,满意度,99,红榜,\n天桥支行,,等候,8,黑榜,\n"
                                       ).replace("\n", "\r"))
    assert problems == []
    assert [(e.outlet, e.line) for e in boards[0].entries] == [("qianmen", 2), ("tianqiao", 3)]


def test_a_column_given_twice_is_refused_not_silently_overwritten(tmp_path):
    boards, problems = read(tmp_path, "网点,指标,数值,榜单,outlet\n前门支行,满意度,99,红榜,天桥支行\n")
    assert boards == ()
    assert problems == [("site_src/board/2017-09.csv:1: E412 红黑榜表头的“网点”列出现了两次"
                        " — 删除多余的一列（英文列名 outlet 等与中文列名算同一列）")]


def test_header_problems(tmp_path):
    _, problems = read(tmp_path, "网点,指数,数值,榜单\n前门支行,满意度,99,红榜\n")
    assert problems == [
        ("site_src/board/2017-09.csv:1: E404 红黑榜表头有未知列“指数” — "
        "可用的列名：网点、姓名、指标、数值、榜单、备注"),
        "site_src/board/2017-09.csv:1: E403 红黑榜表头缺少“指标”列 — 第一行应为：网点,姓名,指标,数值,榜单,备注",
    ]


def test_header_only_is_a_warning_and_an_empty_board(tmp_path):
    boards, problems = read(tmp_path, HEADER)
    assert problems == [("site_src/board/2017-09.csv:1: E409 红黑榜文件没有数据行 — "
                        "在表头下面每行写一条：网点,姓名,指标,数值,榜单,备注")]
    assert boards[0].entries == ()


def test_english_header_aliases_and_blank_excel_rows(tmp_path):
    boards, problems = read(tmp_path, "outlet,metric,value,list\nqianmen,满意度,99%,red\n,,,\n")
    assert problems == []
    assert boards[0].red[0].value == "99%"


def test_load_project_reports_board_problems_and_keeps_boards(project):
    root = project({"site_src/board/2017-08.csv": HEADER + "前门支行,,满意度,99,红榜,\n",
                    "site_src/board/2017-09.csv": HEADER + "前门支行,,满意度,abc,红榜,\n"})
    loaded = load_project(root)
    assert [b.period for b in loaded.boards] == ["2017-08"]
    assert [p.code for p in loaded.errors] == ["E406"]


def test_board_pages_escape_cells_and_link_outlets(tmp_path):
    xss = "<script>alert(1)</script>"
    boards, _ = read(tmp_path, HEADER + f"前门支行,{xss},{xss},1,红榜,{xss}\n天桥支行,,等候,3,黑榜,\n")
    site = model.Site((), OUTLETS, dt.date(2017, 9, 30))
    page = LexborHTMLParser(board_pages.render_board(boards[0], boards, site).split("---\n", 2)[2])
    assert page.css("script") == []
    red = page.css_first(".culture-board-red table")
    assert red.css_first("caption").text() == "红榜"
    cells = [td.text() for td in red.css("tbody td")]
    assert cells == [xss, xss, "1", xss]
    assert red.css_first("tbody th a").attributes["href"] == "../../outlets/qianmen/"
    black = page.css_first(".culture-board-black tbody th").text()
    assert black == "天桥支行"


def test_history_page_lists_periods_newest_first_and_tallies(tmp_path):
    read(tmp_path, HEADER + "前门支行,,满意度,99,红榜,\n天桥支行,,等候,16,黑榜,\n", "2017-08.csv")
    boards, _ = read(tmp_path, HEADER + "天桥支行,,等候,8,红榜,\n", "2017-09.csv")
    site = model.Site((), OUTLETS, dt.date(2017, 9, 30))
    page = LexborHTMLParser(board_pages.render_history(boards, site))
    periods, tally = page.css("table")
    assert [a.text() for a in periods.css("tbody a")] == ["2017 年 9 月", "2017 年 8 月"]
    assert [a.attributes["href"] for a in periods.css("tbody a")] == ["2017-09/", "2017-08/"]
    rows = [[c.text() for c in tr.css("th, td")] for tr in tally.css("tbody tr")]
    assert rows == [["前门支行", "1", "0"], ["天桥支行", "1", "1"]]
