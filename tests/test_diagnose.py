"""Diagnoses that name the real cause at the real line: full-width punctuation, an unclosed
block that runs into the body, Chinese dates, outlet names, what `culture new` left unchanged,
photos without a caption, copied story folders. One exact-message test per case."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support import SETTINGS

from gallery.cli import main
from gallery.content.read import read_document
from gallery.content.settings import check_settings, read_settings
from gallery.project import load_project
from gallery.screens.config import check_screens

JPEG = (Path(__file__).parent / "data" / "tiny.jpg").read_bytes()
STORY = "site_src/moments/2024-05-01-nuan-xin"
SHOWN = f"{STORY}/index.md"
FIX_260 = "改成英文冒号加一个空格，例如"


def read(tmp_path: Path, text: str) -> list[str]:
    """The problems of reading `text` as a story's index.md."""
    path = tmp_path / "index.md"
    path.write_text(text, "utf-8")
    return [str(p) for p in read_document(path, "a/index.md")[1]]


def problems_of(project, files: dict[str, str | bytes]) -> list[str]:
    """Every problem of a tiny project, as `culture check` prints them."""
    return [str(p) for p in load_project(project(files)).problems]


# --- full-width punctuation ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # YAML stops one line late ("could not find expected ':'" on line 3): told on line 2
    ("---\ntitle：暖心服务\ndate: 2024-05-01\n---\n",
     f"a/index.md:2: E260 “title”后面的冒号“：”是中文冒号，信息块只认英文冒号 — {FIX_260} title: 暖心服务"),
    ("---\ntitle: 甲\nsummary：一句话\ndate: 2024-05-01\n---\n",
     f"a/index.md:3: E260 “summary”后面的冒号“：”是中文冒号，信息块只认英文冒号 — {FIX_260} summary: 一句话"),
    ("---\ntitle: 甲\nsummary：一句话\n---\n",  # the last line: YAML says nothing of the colon
     f"a/index.md:3: E260 “summary”后面的冒号“：”是中文冒号，信息块只认英文冒号 — {FIX_260} summary: 一句话"),
    ("---\ntitle：甲\n---\n",  # the only line: YAML reads one piece of text (E105)
     f"a/index.md:2: E260 “title”后面的冒号“：”是中文冒号，信息块只认英文冒号 — {FIX_260} title: 甲"),
])
def test_a_full_width_colon_is_told_on_its_own_line(tmp_path, text, expected):
    assert read(tmp_path, text) == [expected]


def test_a_photo_item_with_a_full_width_colon_is_no_file_name(project):
    head = "---\ntitle: 甲\ndate: 2024-05-01\noutlet: qianmen\nphotos:\n  - file：1.jpg\n---\n"
    assert problems_of(project, {SHOWN: head, f"{STORY}/1.jpg": JPEG}) == [
        f"{SHOWN}:6: E260 “file”后面的冒号“：”是中文冒号，信息块只认英文冒号 — {FIX_260} file: 1.jpg"]


@pytest.mark.parametrize(("text", "expected"), [
    ("---\ntitle: “暖心服务: 上门办理”\ndate: 2024-05-01\n---\n",
     ("a/index.md:2: E261 值两边的引号 “” 是中文引号，信息块只认英文引号"
      " — 请用英文引号，例如 title: \"暖心服务: 上门办理\"")),
    ("---\nsummary: ‘首问负责: 一次办好’\n---\n",
     ("a/index.md:2: E261 值两边的引号 ‘’ 是中文引号，信息块只认英文引号"
      " — 请用英文引号，例如 summary: \"首问负责: 一次办好\"")),
])
def test_chinese_quotes_around_a_value_are_explained(tmp_path, text, expected):
    assert read(tmp_path, text) == [expected]


def test_chinese_quotes_that_yaml_accepts_stay_part_of_the_title(tmp_path):
    path = tmp_path / "index.md"
    path.write_text("---\ntitle: “首问负责”的一天\n---\n", "utf-8")
    doc, problems = read_document(path, "a/index.md")
    assert problems == [] and doc is not None and doc.meta["title"] == "“首问负责”的一天"


def test_full_width_brackets_in_a_flow_value_are_explained(tmp_path):
    assert read(tmp_path, "---\nphotos: ［｛file: 1.jpg, alt: 大堂｝］\n---\n") == [
        ("a/index.md:2: E262 “photos”的值用了中文括号 ［｛｝］，列表和“字段: 值”组只认英文括号"
         " — 请用英文括号和英文逗号，例如 photos: [{file: 1.jpg, alt: 大堂}]")]


def test_a_list_in_full_width_brackets_is_explained_with_the_value_to_write(project):
    head = "---\ntitle: 甲\ndate: 2024-05-01\noutlet: qianmen\ntags: 【老年客户，暖心服务】\n---\n"
    assert problems_of(project, {SHOWN: head}) == [
        (f"{SHOWN}:5: E262 “tags”的值用了中文括号 【】，列表和“字段: 值”组只认英文括号"
         " — 请用英文括号和英文逗号，例如 tags: [老年客户, 暖心服务]")]


# --- an unclosed block that runs into a `---` rule of the body ----------------------------------

FIX_263 = "在最后一个字段的下面单独写一行 --- 结束信息块（这样正文里的 --- 分隔线才不会被当成信息块的结尾）"


@pytest.mark.parametrize(("text", "expected"), [
    ("---\ntitle: 甲\ndate: 2024-05-01\n\n大堂经理为老人办理业务。\n\n---\n\n后记\n",
     f"a/index.md:4: E263 信息块缺少结束的 ---：后面的正文被当成了字段，一直读到第 7 行的 --- — {FIX_263}"),
    ("---\ntitle: 甲\ndate: 2024-05-01\n大堂经理为老人\n办理业务。\n---\n",
     f"a/index.md:4: E263 信息块缺少结束的 ---：后面的正文被当成了字段，一直读到第 6 行的 --- — {FIX_263}"),
    ("---\ntitle: 甲\ndate: 2024-05-01\n\n## 小标题\n\n大堂经理：为老人办理业务。\n---\n",
     f"a/index.md:4: E263 信息块缺少结束的 ---：后面的正文被当成了字段，一直读到第 8 行的 --- — {FIX_263}"),
])
def test_an_unclosed_block_is_told_where_it_should_have_ended(tmp_path, text, expected):
    assert read(tmp_path, text) == [expected]


def test_a_real_yaml_mistake_before_the_body_stays_a_yaml_mistake(tmp_path):
    problems = read(tmp_path, "---\ntitle: 甲: 乙\ndate: 2024-05-01\n\n正文。\n---\n")
    assert [p.split(" — ")[0] for p in problems] == [
        "a/index.md:2: E104 信息块的 YAML 格式有误：这里不能再出现冒号（值里有冒号时请给整个值加引号）"]


# --- dates in the common Chinese forms ----------------------------------------------------------

@pytest.mark.parametrize("written", ["2024/5/1", "2024年5月1日", "2024.5.1", "2024-5-1",
                                     "２０２４－０５－０１", "2024 年 05 月 01 日"])
def test_a_chinese_date_is_refused_with_the_exact_value_to_write(project, written):
    head = f"---\ntitle: 甲\noutlet: qianmen\ndate: {written}\n---\n"
    assert problems_of(project, {SHOWN: head}) == [
        f"{SHOWN}:4: E264 字段“date”的日期“{written}”不是 年-月-日 的写法 — 请改成 date: 2024-05-01"]


def test_a_date_that_is_no_day_keeps_the_general_message(project):
    head = "---\ntitle: 甲\noutlet: qianmen\ndate: 2024/13/1\n---\n"
    assert problems_of(project, {SHOWN: head}) == [
        f"{SHOWN}:4: E204 字段“date”的日期“2024/13/1”无效 — 日期请写成 年-月-日，例如 date: 2024-05-01"]


# --- outlets by their Chinese name --------------------------------------------------------------

def test_an_outlet_written_by_its_name_is_its_id(project):
    root = project({SHOWN: "---\ntitle: 甲\ndate: 2024-05-01\noutlet: 天桥支行\n---\n"})
    loaded = load_project(root)
    assert loaded.problems == () and loaded.site.stories[0].outlet == "tianqiao"


def test_an_unknown_outlet_name_is_told_with_the_closest_name(project):
    head = "---\ntitle: 甲\ndate: 2024-05-01\noutlet: 前门分行\n---\n"
    assert problems_of(project, {SHOWN: head}) == [
        f"{SHOWN}:4: E207 未知网点“前门分行” — 是不是想写“前门支行”？（网点在 culture.yml 的 outlets 中声明）"]


def test_a_screen_takes_its_outlet_by_name_too(project):
    text = SETTINGS + "screens:\n  - name: lobby\n    outlet: 前门支行\n    playlist:\n" \
                      "      - section: moments\n        outlet: 天桥支行\n"
    file, problems = read_settings(project({}, settings=text))
    settings, more = check_settings(file)
    screens, bad = check_screens(file, settings.outlet_names)
    assert problems + more + bad == []
    assert screens[0].outlet == "qianmen" and screens[0].playlist[0].outlet == "tianqiao"


def test_board_and_stories_share_one_outlet_rule():
    import inspect

    from gallery.content import validate
    from gallery.intranet import board

    assert "model.outlet_id(" in inspect.getsource(board._outlet_id)
    assert "model.outlet_id(" in inspect.getsource(validate.known_outlet)


# --- what culture new wrote and staff did not change --------------------------------------------

def new(root: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["new", *args, "--date", "2024-05-01", "--root", str(root)])
    assert result.exit_code == 0, result.output


TALK = "site_src/talk/2024-05-01-wo-kan-shou-wen-fu-ze-zhi/index.md"
FIX_265 = "改成真实内容，再删除信息块里“# 示例字段：…”那一行（确实就是这个值时，只删除那一行）"


def test_the_examples_culture_new_filled_in_warn_until_changed(project):
    root = project({})
    new(root, "talk", "我看首问负责制")
    assert [str(p) for p in load_project(root).problems] == [
        f"{TALK}:4: E265 字段“author”还是 culture new 写的示例“李华（前门支行）” — {FIX_265}",
        f"{TALK}:6: E265 字段“summary”还是 culture new 写的示例“谈谈我对首问负责制的理解” — {FIX_265}",
        f"{TALK}:16: E266 正文还是 culture new 写的示例“在这里写正文。” — 把这一行换成故事的正文",
    ]
    result = CliRunner().invoke(main, ["check", "--strict", "--root", str(root)])
    assert result.exit_code == 1 and result.output.endswith("0 个错误，3 个警告。\n")


def test_changed_values_and_a_real_value_equal_to_an_example_do_not_warn(project):
    root = project({})
    new(root, "talk", "我看首问负责制")
    path = root / TALK
    text = path.read_text("utf-8")
    # author changed (the note left in place), summary really is the example: note deleted
    text = text.replace("李华（前门支行）", "王芳（天桥支行）").replace("在这里写正文。", "正文。")
    path.write_text(text, "utf-8")
    assert [p.code for p in load_project(root).problems] == ["E265"]  # summary: still named
    path.write_text("\n".join(r for r in text.split("\n") if not r.startswith("# 示例字段")),
                    "utf-8")
    assert load_project(root).problems == ()


def test_a_hand_written_post_equal_to_an_example_never_warns(project):
    post = """\
        ---
        member: 张明
        post: 大堂经理
        outlet: qianmen
        portrait: portrait.jpg
        pledge: 首问负责，一次办好
        member_since: 2008
        ---
        我的承诺。
        """
    root = project({"site_src/pioneer-posts/zhang-ming/index.md": post,
                    "site_src/pioneer-posts/zhang-ming/portrait.jpg": JPEG})
    assert load_project(root).problems == ()


def test_a_draft_keeps_its_placeholders_quietly(project):
    root = project({})
    new(root, "talk", "我看首问负责制")
    path = root / TALK
    path.write_text(path.read_text("utf-8").replace("title:", "draft: true\ntitle:"), "utf-8")
    assert load_project(root).problems == ()


# --- photos without a caption -------------------------------------------------------------------

def test_a_photo_without_a_caption_is_warned_like_one_without_alt(project):
    head = ("---\ntitle: 甲\ndate: 2024-05-01\noutlet: qianmen\nphotos:\n"
            "  - {file: 1.jpg, alt: 大堂}\n  - 2.jpg\n  - {file: 3.jpg, caption: 柜台, alt: 柜台}\n---\n")
    files = {SHOWN: head, f"{STORY}/1.jpg": JPEG, f"{STORY}/2.jpg": JPEG, f"{STORY}/3.jpg": JPEG}
    fix = "在这张照片下加一行 caption: 说明照片中的人和事（显示在照片下方）"
    assert problems_of(project, files) == [
        f"{SHOWN}:6: E267 照片“1.jpg”缺少说明 caption — {fix}",
        f"{SHOWN}:7: E211 照片“2.jpg”缺少替代文字 alt — 在这张照片下加一行 alt: 描述照片内容（供读屏软件和照片无法显示时使用）",
        f"{SHOWN}:7: E267 照片“2.jpg”缺少说明 caption — {fix}",
    ]


# --- a copied story folder ----------------------------------------------------------------------

def story(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2024-05-01\noutlet: qianmen\n{extra}---\n正文。\n"


def test_a_copied_folder_is_warned_at_the_copy(project):
    files = {SHOWN: story("暖心服务"), f"{STORY}-2/index.md": story("暖心服务"),
             "site_src/talk/2024-05-01-wo-kan/index.md": story("暖心服务").replace(
                 "outlet: qianmen", "author: 李华\nsummary: 摘要")}  # another section: no copy
    assert problems_of(project, files) == [
        (f"{STORY}-2/index.md:2: E268 标题和日期与 2024-05-01-nuan-xin 相同：是不是复制目录时多出来的一份？"
         " — 删除多余的目录；确实是两篇不同的故事时，在信息块加一行 duplicate: true")]


def test_an_intended_duplicate_says_so_and_publishes_strictly(project):
    files = {SHOWN: story("暖心服务"), f"{STORY}-2/index.md": story("暖心服务", "duplicate: true\n"),
             f"{STORY}-3/index.md": story("暖心服务", "draft: true\n")}
    root = project(files)
    assert load_project(root).problems == ()
    assert CliRunner().invoke(main, ["check", "--strict", "--root", str(root)]).exit_code == 0
