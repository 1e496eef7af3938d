"""Hostile and careless input found by an adversarial corpus (a copy of the demo project changed
one thing at a time, then checked and published): each is told in one Chinese line with its
file, line and code, never as an internal error, and the check says what the server says."""

from __future__ import annotations

import unicodedata

from conftest import SETTINGS

from gallery.project import load_project

STORY = "site_src/moments/2024-05-01-a"
HEAD = "---\ntitle: 甲\noutlet: qianmen\ndate: 2024-05-01\n"
YAML_FIX = "检查这一行的冒号、引号和缩进（冒号后要有一个空格，不能用 Tab）"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60


def problems(project, files: dict[str, str | bytes], settings: str = SETTINGS) -> list[str]:
    return [str(p) for p in load_project(project(files, settings=settings)).problems]


def test_a_number_too_long_to_read_is_a_message_not_an_internal_error(project):
    # Python refuses to read an integer of more than 4,300 digits (ValueError): it stays text.
    found = problems(project, {f"{STORY}/index.md": HEAD + "summary: " + "9" * 5000 + "\n---\n"})
    assert found == [(f"{STORY}/index.md:5: E233 字段“summary”有 5000 个字，超过上限 200 个字"
                     " — 请精简到 200 个字以内")]


def test_a_value_in_a_message_is_shown_by_its_start_on_one_line(project):
    settings = SETTINGS + "images:\n  quality: " + "9" * 5000 + "\n"
    assert problems(project, {}, settings) == [
        "culture.yml:12: E203 字段“quality”应为整数，现在是文字“" + "9" * 60 + "…（共 5000 个字）”"
        " — 例如 quality: 82"]
    found = problems(project, {f"{STORY}/index.md": HEAD.replace("2024-05-01", '"2024-05-01\\n上午"')
                               + "---\n"})
    assert found == [(f"{STORY}/index.md:4: E204 字段“date”的日期“2024-05-01 上午”无效"
                     " — 日期请写成 年-月-日，例如 date: 2024-05-01")]


def test_a_merge_key_is_named_as_such_and_the_block_is_not_called_unclosed(project):
    # `<<:` read as a line of prose made it "the closing --- is missing" (E263).
    found = problems(project, {f"{STORY}/index.md": HEAD + "<<: {summary: 合并}\n---\n正文\n"})
    assert found == [(f"{STORY}/index.md:5: E104 信息块的 YAML 格式有误：不能用 << 合并字段"
                     f"（把要用的字段直接写出来） — {YAML_FIX}")]


def test_a_photo_name_that_differs_only_in_case_or_unicode_form_is_told_on_every_system(project):
    # Windows and macOS open 1.JPG and an NFD name for what staff typed; the server does not,
    # so the check compares the name with the folder's listing, not by opening it.
    nfd = unicodedata.normalize("NFD", "café.jpg")
    found = problems(project, {
        f"{STORY}/index.md": HEAD + "photos:\n  - file: 1.jpg\n    caption: 大堂\n    alt: 大堂\n"
        "  - file: café.jpg\n    caption: 大堂\n    alt: 大堂\n---\n",
        f"{STORY}/1.JPG": JPEG, f"{STORY}/{nfd}": JPEG})
    assert found == [
        f"{STORY}/index.md:6: E210 照片“1.jpg”不存在 — 是不是想写“1.JPG”？",
        (f"{STORY}/index.md:9: E210 照片“café.jpg”不存在 — 照片文件名“{nfd}”看起来一样，但字符的编码不同"
        "（常见于从苹果电脑复制的文件，网站服务器区分它们）：把照片文件改名，重新输入文件名后，再在这里重新输入一次")]


def test_a_photo_is_found_by_its_exact_name_only(tmp_path, monkeypatch):
    # What Windows does: the file opens under another case, but its listing has its own name.
    from gallery.content import validate
    (tmp_path / "1.JPG").write_bytes(JPEG)
    monkeypatch.setattr(validate, "is_regular", lambda path: True)
    assert validate._is_photo_file(tmp_path, "1.JPG")
    assert not validate._is_photo_file(tmp_path, "1.jpg")


def test_an_escape_to_half_a_character_is_refused_where_check_sees_it(project):
    # "\ud800" passed the check and stopped the build (no page can be written with it).
    found = problems(project, {f"{STORY}/index.md": HEAD + 'summary: "反诈\\udfff小课堂"\n'
                               'tags: ["\\ud83d\\ude00"]\n---\n'})
    assert found == [(f"{STORY}/index.md:5: E104 信息块的 YAML 格式有误：双引号里的反斜杠 \\ 写法有误"
                     f"（改用单引号） — {YAML_FIX}")]
    settings = SETTINGS.replace("short_name: 珠市口支行", 'short_name: "珠市口\\ud800"')
    assert problems(project, {f"{STORY}/index.md": HEAD + "---\n"}, settings) == [
        f"culture.yml:2: E104 信息块的 YAML 格式有误：双引号里的反斜杠 \\ 写法有误（改用单引号） — {YAML_FIX}"]


def test_an_escaped_surrogate_pair_is_the_character_it_spells(project):
    from gallery.content.read import parse_block
    assert parse_block('tag: "\\ud83d\\ude00"', "f")[0] == {"tag": "😀"}


def test_a_text_value_cut_at_a_hash_is_a_warning_with_the_quoted_value(project):
    # YAML takes ` #` as the start of a comment: the title would be 反诈 alone, silently.
    story = (HEAD.replace("title: 甲", "title: 反诈 #1 小课堂")
             + "summary: '满意度 #好评'\nphotos:\n  - file: 1.jpg\n    caption: 大堂 # 前门\n"
             "    alt: 大堂\n---\n")
    found = problems(project, {f"{STORY}/index.md": story, f"{STORY}/1.jpg": JPEG})
    fix = "# 前面有空格时，信息块把 # 和它后面的字当作注释：给整个值加引号，例如"
    assert found == [
        (f"{STORY}/index.md:2: E270 字段“title”的值在 # 处断开了：“#1 小课堂”被当成了注释，没有写进去"
        f" — {fix} title: '反诈 #1 小课堂'"),
        (f"{STORY}/index.md:8: E270 字段“caption”的值在 # 处断开了：“# 前门”被当成了注释，没有写进去"
        f" — {fix} caption: '大堂 # 前门'")]
    draft = story.replace("outlet: qianmen", "outlet: qianmen # 前门支行\ndraft: true")
    assert problems(project, {f"{STORY}/index.md": draft, f"{STORY}/1.jpg": JPEG}) == []


def test_two_hundred_photo_sizes_are_refused_before_any_photo_is_made(project):
    # Each width is one more derivative of every photo: 200 made a publish run for an hour.
    widths = ", ".join(str(100 + n) for n in range(200))
    found = problems(project, {}, SETTINGS + f"images:\n  widths: [{widths}]\n")
    assert found == [
        (f"culture.yml:12: E212 字段“widths”的值 [{widths[:59]}…（共 {len(widths) + 2} 个字） 不合理"
        " — 最多写 8 个尺寸（每个尺寸每张照片都要多做一个文件），例如 widths: [480, 960, 1600, 2560]")]
    assert problems(project, {}, SETTINGS + "images:\n  widths: [160, 320, 160, 480, 640, 800, 960,"
                    " 1280, 1600, 2560]\n") == [
        ("culture.yml:12: E212 字段“widths”的值 [160, 320, 160, 480, 640, 800, 960, 1280, 1600, 2560] 不合理"
        " — 最多写 8 个尺寸（每个尺寸每张照片都要多做一个文件），例如 widths: [480, 960, 1600, 2560]")]


def test_an_empty_outlet_list_is_told_once_not_swallowed_with_every_unknown_outlet(project):
    # `outlets: []` passed the check: culture.yml's own "unknown outlet" (a screen's) hid every
    # other one, and itself with them, and the site was published without any outlet.
    settings = SETTINGS.replace("outlets:\n  - id: qianmen\n    name: 前门支行\n  - id: tianqiao\n"
                                "    name: 天桥支行\n", "outlets: []\n")
    assert problems(project, {f"{STORY}/index.md": HEAD + "---\n"}, settings) == [
        "culture.yml:3: E216 字段“outlets”不能为空 — 填写内容，或删除这一行"]


def test_a_decompression_bomb_is_told_by_plain_check_from_its_header(project):
    # The header states the pixels the decoder would allocate: plain `culture check` (no
    # decoding) said 0 errors and the publish failed with E304.
    from io import BytesIO

    from click.testing import CliRunner
    from PIL import Image

    from gallery.cli import main

    def jpeg_claiming(width: int, height: int) -> bytes:
        out = BytesIO()  # a 60 KB EXIF block first: the frame header is skipped to, not read
        Image.new("RGB", (16, 16)).save(out, "JPEG", exif=b"Exif\x00\x00" + b"\x00" * 60000)
        data = bytearray(out.getvalue())
        frame = data.find(b"\xff\xc0")
        data[frame + 5:frame + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
        return bytes(data)

    gif = bytearray(b"GIF89a" + (65535).to_bytes(2, "little") * 2 + b"\x00" * 20)
    photos = "".join(f"  - file: {n}\n    caption: 大堂\n    alt: 大堂\n" for n in ("1.jpg", "2.gif", "3.jpg"))
    small = BytesIO()
    Image.new("RGB", (64, 48)).save(small, "JPEG")
    root = project({f"{STORY}/index.md": HEAD + "photos:\n" + photos + "---\n",
                    f"{STORY}/1.jpg": jpeg_claiming(30000, 20000), f"{STORY}/2.gif": bytes(gif),
                    f"{STORY}/3.jpg": small.getvalue()})
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    fix = "用看图软件缩小后再放入；确需保留时可提高 culture.yml 中 images 的 max_pixels"
    assert result.output.splitlines() == [
        f"{STORY}/1.jpg:1: E304 照片像素过多：30000×20000，约 600 百万像素，超过上限 120 百万像素 — {fix}",
        f"{STORY}/2.gif:1: E304 照片像素过多：65535×65535，约 4295 百万像素，超过上限 120 百万像素 — {fix}",
        "检查完成：1 篇故事，2 个错误，0 个警告。"]
    assert result.exit_code == 1


def test_a_file_with_old_mac_line_ends_reads_like_any_other(tmp_path):
    # A lone CR ends a line for YAML, Markdown and every editor; the splitter saw one line and
    # said "no --- block" (E102).
    from gallery.content.read import read_document
    path = tmp_path / "index.md"
    path.write_bytes("---\rtitle: 甲\rdate: 2024-05-01\r---\r正文\r第二段\r".encode())
    doc, found = read_document(path, "index.md")
    assert found == []
    assert doc is not None
    assert (doc.meta["title"], doc.lines[("date",)], doc.body, doc.body_line) == (
        "甲", 3, "正文\n第二段\n", 5)


def test_two_board_files_of_one_period_are_told_not_one_hidden(project):
    # 2017-09.csv and 2017-09.CSV (Linux keeps both): one board page, the other file lost.
    rows = "网点,指标,数值,榜单\n前门支行,客户满意度（%）,99,红榜\n"
    found = problems(project, {"site_src/board/2017-09.csv": rows,
                               "site_src/board/2017-09.CSV": rows.replace("99", "98")})
    assert found == [("site_src/board/2017-09.csv:1: E413 红黑榜文件“2017-09.csv”与“2017-09.CSV”是同一期"
                     " — 同一期只能有一个文件：把两个文件的行合并到 2017-09.CSV，删除 2017-09.csv")]


BRACKET_FIX = ("方括号 [ ] 用来写链接和图片，每一个都要花时间处理：普通文字里的方括号请改用中文括号【】；"
               "链接很多时请分成几段或几篇")


def test_bodies_of_brackets_are_refused_before_markdown_reads_them(project, monkeypatch):
    # Python-Markdown seeks a link's end from every `[`: 20,000 nested brackets (40,000
    # characters, under the body limit) made `culture check` run for three minutes.
    from gallery.content import body as body_module
    parse = body_module.scan

    def scan(text: str):
        assert text.count("[") < 200, "a refused body reached Python-Markdown"
        return parse(text)

    monkeypatch.setattr(body_module, "scan", scan)
    nested = "正文。\n\n" + "[" * 20000 + "x" + "]" * 20000 + "\n"
    paragraphs = "\n\n".join(["![" * 100] * 21)  # 100 a paragraph, 2,100 in all
    assert problems(project, {f"{STORY}/index.md": HEAD + "---\n" + nested}) == [
        f"{STORY}/index.md:8: E236 正文这一段有 20000 个方括号 [，超过上限 200 个 — {BRACKET_FIX}"]
    assert problems(project, {f"{STORY}/index.md": HEAD + "---\n" + paragraphs}) == [
        f"{STORY}/index.md:46: E236 正文共有 2100 个方括号 [，超过上限 2000 个 — {BRACKET_FIX}"]
    home = "# 首页\n\n" + "[x](" * 300 + "\n"
    assert problems(project, {"site_src/index.md": home, f"{STORY}/index.md": HEAD + "---\n正文\n"}) == [
        f"site_src/index.md:3: E236 正文这一段有 300 个方括号 [，超过上限 200 个 — {BRACKET_FIX}"]


def test_links_escapes_and_code_stay_within_the_bracket_limits(project):
    links = " ".join(f"[第{i}篇](../2024-05-0{i % 9 + 1}-x/)" for i in range(150))
    code = "```\n" + "a[0] = b[1]\n" * 500 + "```\n"
    body = f"{links}\n\n{code}\n" + "\\[注\\]" * 300 + "\n"
    from gallery.content.bodyguard import check_body
    assert check_body(body, "f", 1) == []


def test_html_nested_on_one_line_is_told_with_its_depth(project):
    # The depth was read after the line closed every element: "嵌套了 0 层".
    body = "<div>" * 30 + "甲" + "</div>" * 30 + "\n"
    assert problems(project, {f"{STORY}/index.md": HEAD + "---\n" + body}) == [
        (f"{STORY}/index.md:6: E235 正文的网页标签嵌套了 30 层，超过上限 20 层"
        " — 减少嵌套：列表的缩进、引用的 > 和网页标签一般不超过三四层，更多层次请改用小标题分段")]


def test_a_colon_without_a_space_is_named_not_called_an_unclosed_block(project):
    # `summary:没有空格` reads as one text, and the block was said to miss its closing --- (E263).
    fix = "在英文冒号后面加一个英文空格，例如"
    for written, value in (("summary:没有空格", "没有空格"), ("summary:\u3000全角空格", "全角空格")):
        story = HEAD + written + "\n---\n正文\n"
        assert problems(project, {f"{STORY}/index.md": story}) == [
            f"{STORY}/index.md:5: E271 “summary”后面的冒号和值之间缺少空格，信息块读不出这个字段 — {fix} summary: {value}"]


def test_characters_yaml_reads_as_line_breaks_are_refused_at_their_line(project):
    # NEL, LS and PS end a line for YAML only: the value was cut and the next key "missing".
    fix = "删除这个看不见的字符（常随从网页、Word 或聊天软件复制的文字混入）：删掉这段文字后手工重新输入"
    for char, name in (("\u2028", "U+2028（行分隔符 LS）"), ("\x85", "U+0085（下一行符 NEL）")):
        story = HEAD + f"summary: 摘要{char}第二行\n---\n"
        assert problems(project, {f"{STORY}/index.md": story}) == [
            f"{STORY}/index.md:5: E110 这一行第 12 个字符是 YAML 文件里不能出现的字符 {name} — {fix}"]


def test_a_python_tag_in_mkdocs_yml_runs_nothing_when_publishing(tmp_path):
    # MkDocs reads mkdocs.yml with YAML's full loader: the build publishing runs must not.
    import subprocess
    import sys
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 首页\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 小站\nextra:\n  x: !!python/object/apply:os.system ['touch PWNED']\n", "utf-8")
    done = subprocess.run([sys.executable, "-m", "gallery.mkdocs.run", "build", "--site-dir",
                           str(tmp_path / "out")], cwd=tmp_path, capture_output=True, text=True,
                          check=False, timeout=120)
    assert not (tmp_path / "PWNED").exists()
    assert done.returncode == 1
    assert done.stderr.startswith("mkdocs.yml:3: E443 网站配置文件 mkdocs.yml 读不出来："
                                  "不认识以 ! 开头的写法（删除它，或给整个值加引号） — "), done.stderr
    (tmp_path / "mkdocs.yml").write_text("site_name: 小站\nextra:\n  x: !ENV [NOPE, 默认]\n", "utf-8")
    done = subprocess.run([sys.executable, "-m", "gallery.mkdocs.run", "build", "--site-dir",
                           str(tmp_path / "out")], cwd=tmp_path, capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr  # MkDocs' own tags still read


def test_a_long_run_of_emphasis_marks_is_refused_before_it_stops_the_build(project):
    # 5,000 `*` a side passed the check; the build's table of contents then hit Python's
    # recursion limit ("内部错误").
    fix = "加粗、斜体两边各写一到三个 * 就够了；分隔线单独一行写 ---；要显示星号本身请写 \\*"
    for run, length in (("*" * 5000 + "x" + "*" * 5000, 5000), ("_*" * 40 + "强调" + "*_" * 40, 80)):
        body = "正文第一段。\n\n" + run + "\n"
        assert problems(project, {f"{STORY}/index.md": HEAD + "---\n" + body}) == [
            f"{STORY}/index.md:8: E237 正文这一行有连续 {length} 个 * 或 _，超过上限 50 个 — {fix}"]


def test_rules_blanks_and_code_keep_their_marks():
    from gallery.content.bodyguard import check_body
    body = ("*" * 80 + "\n\n" + "_ " * 60 + "\n\n姓名：" + "_" * 40 + "　电话：" + "_" * 40
            + "\n\n```\n" + "*" * 500 + "x" + "*" * 500 + "\n```\n\n`**` 与 ***重点***\n")
    assert check_body(body, "f", 1) == []


def gbk(name: str) -> str:
    """`name` as an old unzip tool writes it (GBK bytes), as Python reads it back from the disk."""
    return name.encode("gbk").decode("utf-8", "surrogateescape")


def test_names_that_are_not_utf8_are_told_with_their_gbk_reading_and_never_read(project):
    root = project({f"{STORY}/index.md": HEAD + "photos:\n  - file: 照片.jpg\n    caption: 大堂\n"
                    "    alt: 大堂\n---\n", f"{STORY}/{gbk('照片.jpg')}": JPEG,
                    f"site_src/moments/{gbk('2024-01-02-测试')}/index.md": HEAD + "---\n",
                    f"site_src/moments/{gbk('笔记')}.md": "笔记"})
    fix = ("重新给它起名：删掉原来的名字，重新输入一遍（这种名字常见于用旧版压缩软件解压的文件，按 GBK 保存）；"
           "信息块或正文里写到这个名字的地方要与新名字一致")
    found = [str(p) for p in load_project(root).problems]
    assert found == [
        ("site_src/moments/2024-01-02-\ufffd\ufffd\ufffd\ufffd:1: E612 名字“2024-01-02-\ufffd\ufffd\ufffd\ufffd”"
        f"不是 UTF-8 编码，网站无法使用这个名字（按 GBK 读是“2024-01-02-测试”） — {fix}"),
        f"{STORY}/index.md:6: E210 照片“照片.jpg”不存在 — 把照片放进 2024-05-01-a/ 目录",
        (f"{STORY}/\ufffd\ufffd\u01ac.jpg:1: E612 名字“\ufffd\ufffd\u01ac.jpg”不是 UTF-8 编码，网站无法使用这个名字"
        f"（按 GBK 读是“照片.jpg”） — {fix}"),
        ("site_src/moments/\ufffd\u02bc\ufffd.md:1: E612 名字“\ufffd\u02bc\ufffd.md”不是 UTF-8 编码，"
        f"网站无法使用这个名字（按 GBK 读是“笔记.md”） — {fix}")]


def test_a_quoted_true_false_or_number_is_told_to_lose_its_quotes(project):
    found = problems(project, {f"{STORY}/index.md": HEAD + "draft: 'false'\n---\n"})
    assert found == [(f"{STORY}/index.md:5: E203 字段“draft”应为true 或 false，现在是文字“false”"
                     " — 例如 draft: false（去掉引号：加了引号就成了文字）")]
    found = problems(project, {f"{STORY}/index.md": HEAD + "draft: 否\n---\n"})
    assert found == [(f"{STORY}/index.md:5: E203 字段“draft”应为true 或 false，现在是文字“否”"
                     " — 例如 draft: false")]


CONFIG_FIX = ("mkdocs.yml 由管理员维护：不是有意修改的话，用 git checkout -- mkdocs.yml 恢复原样；"
              "否则检查这一行的冒号、引号和缩进（冒号后要有一个空格，不能用 Tab）")


def test_a_missing_or_broken_mkdocs_yml_is_told_in_chinese_by_check_serve_and_publish(project):
    # MkDocs said "Config file '…' does not exist." or "MkDocs encountered an error parsing the
    # configuration file: …" in English, and `culture check` said 0 errors.
    import subprocess
    import sys

    from click.testing import CliRunner

    from gallery.cli import main
    from gallery.mkdocs import preview

    root = project({})
    said = {
        "mkdocs.yml:1: E442 网站配置文件 mkdocs.yml 不存在 — mkdocs.yml 由管理员维护，和程序一起放在项目目录里："
        "用 git checkout -- mkdocs.yml 取回它（或重新克隆项目仓库）": None,
        f"mkdocs.yml:4: E443 网站配置文件 mkdocs.yml 读不出来：缩进不一致 — {CONFIG_FIX}":
            "site_name: 小站\ntheme:\n   name: material\n  bad: 1\n",
    }
    for line, text in said.items():
        if text is not None:
            (root / "mkdocs.yml").write_text(text, "utf-8")
        checked = CliRunner().invoke(main, ["check", "--root", str(root)])
        if text is None:  # a content folder checked on its own: no configuration to read
            assert checked.output == "检查完成：0 篇故事，0 个错误，0 个警告。\n"
        else:
            assert checked.exit_code == 1
            assert checked.output == f"{line}\n检查完成：0 篇故事，1 个错误，0 个警告。\n"
        built = subprocess.run([sys.executable, "-m", "gallery.mkdocs.run", "build",
                                "--config-file", str(root / "mkdocs.yml")], cwd=root,
                               capture_output=True, text=True, check=False, timeout=120)
        assert (built.returncode, built.stderr) == (1, f"{line}\n")
        try:
            preview.serve(root, "127.0.0.1", 8765, print)
        except preview.PreviewFailed as failed:
            assert str(failed) == f"{line}\n预览没有启动：改好后再运行 culture serve。"
        else:
            raise AssertionError("the preview started")
