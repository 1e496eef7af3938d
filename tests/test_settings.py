"""culture.yml: typed settings, every mistake reported with its line."""

from __future__ import annotations

import datetime as dt

from gallery.content.settings import ImageSettings, load_settings


def messages(root):
    """The problems of a project's settings as strings."""
    return [str(p) for p in load_settings(root)[1]]


def test_good_settings_are_typed(project):
    settings, problems = load_settings(project({}, settings="""\
        name: 中国工商银行北京珠市口支行
        outlets:
          - {id: qianmen, name: 前门支行}
        complaint_channels:
          - {name: 客服热线, phone: "95588", hours: 7×24 小时}
        campaigns:
          - {id: c1, name: 活动, slogan: 口号, start: 2026-01-01, end: 2026-12-31, tag: 活动}
        images:
          widths: [960, 480]
        """))
    assert problems == []
    assert settings.outlet_names == {"qianmen": "前门支行"}
    assert settings.channels[0].phone == "95588"
    assert settings.campaigns[0].active_on(dt.date(2026, 12, 31))
    assert not settings.campaigns[0].active_on(dt.date(2027, 1, 1))
    assert settings.images == ImageSettings(widths=(480, 960))


def test_settings_mistakes_are_all_reported(project):
    root = project({}, settings="""\
        name: 珠市口支行
        outlet:
          - {id: qianmen, name: 前门支行}
        outlets:
          - {id: qianmen, name: 前门支行}
          - {id: qianmen, name: 重复}
          - 天桥支行
        complaint_channels:
          - {name: 客服热线}
        images:
          widths: [0, 480]
          workers: 两个
        """)
    assert messages(root) == [
        "culture.yml:2: E201 未知字段“outlet” — 是不是想写“outlets”？",
        "culture.yml:6: E218 编号“qianmen”重复 — 每个编号只能声明一次，请删除或改名",
        ("culture.yml:7: E203 字段“outlets”应为“字段: 值”组，现在是文字“天桥支行”"
        " — 例如 outlets: [{id: qianmen, name: 前门支行}]"),
        "culture.yml:9: E202 缺少必填字段“phone”：电话 — 添加一行 phone: '95588'",
        ("culture.yml:11: E212 字段“widths”的值 [0, 480] 不合理"
        " — 写成 16 到 8192 之间的整数列表，例如 widths: [480, 960, 1600, 2560]"),
        "culture.yml:12: E203 字段“workers”应为整数，现在是文字“两个” — 例如 workers: 0",
    ]


def test_missing_settings_file(tmp_path):
    assert messages(tmp_path) == [
        ("culture.yml:1: E217 找不到站点设置文件 culture.yml"
        " — 在项目根目录（mkdocs.yml 旁边）建立 culture.yml，至少写 name 和 outlets")
    ]


def test_a_phone_number_with_a_leading_zero_is_kept_as_written(project):
    # Unquoted, YAML 1.1 reads 01067020000 as an octal number: screens would show 148643840.
    settings, problems = load_settings(project({}, settings="""\
        name: 中国工商银行北京珠市口支行
        outlets:
          - {id: qianmen, name: 前门支行}
        complaint_channels:
          - name: 前门支行投诉电话
            phone: 01067020000
        """))
    assert problems == []
    assert settings.channels[0].phone == "01067020000"


def test_outlet_ids_must_be_urls(project):
    # An outlet id is the address of its page (outlets/<id>/): "../x" would point outside.
    root = project({}, settings="""\
        name: 中国工商银行北京珠市口支行
        outlets:
          - {id: 天桥, name: 天桥支行}
          - {id: ../x, name: 前门支行}
          - {id: qianmen-2, name: 前门二部}
        """)
    assert messages(root) == [
        "culture.yml:3: E433 网点编号“天桥”不能用作网址 — 只用小写字母、数字和连字符，例如 id: tian-qiao-zhi-hang",
        "culture.yml:4: E433 网点编号“../x”不能用作网址 — 只用小写字母、数字和连字符，例如 id: qian-men-zhi-hang",
    ]


def test_settings_and_notice_saved_as_gbk_say_so_at_the_line(project):
    from gallery.project import load_project

    root = project({"notice.yml": "text: 暂停\n".encode("gbk")},
                   settings="name: 珠市口支行\n")
    (root / "culture.yml").write_bytes("name: 珠市口支行\nshort_name: 珠市口\n".encode("gbk"))
    fix = "请在编辑器中用 UTF-8 编码重新保存此文件"
    assert [str(p) for p in load_project(root).problems] == [
        f"culture.yml:1: E101 文件不是 UTF-8 编码（第 1 行有无法识别的字节） — {fix}",
        f"notice.yml:1: E101 文件不是 UTF-8 编码（第 1 行有无法识别的字节） — {fix}"]


def test_wrong_image_lists_are_shown_as_staff_wrote_them_never_as_python_values(project):
    root = project({}, settings="""\
        name: 中国工商银行北京珠市口支行
        outlets:
          - {id: qianmen, name: 前门支行}
        images:
          widths: {large: 1600}
          formats: [[webp], jpeg]
        """)
    assert messages(root) == [
        ("culture.yml:5: E212 字段“widths”的值 一组“字段: 值” 不合理"
        " — 写成 16 到 8192 之间的整数列表，例如 widths: [480, 960, 1600, 2560]"),
        ("culture.yml:6: E212 字段“formats”的值 [一个列表, jpeg] 不合理"
        " — 写成 [webp, jpeg] 或 [jpeg]：jpeg 必须保留（旧浏览器和灯箱要用）"),
    ]


def test_jpeg_width_is_zero_or_a_real_width(project):
    for value, line in (("5", 6), ("9000", 6), ("-1", 6)):
        root = project({}, settings=f"""\
            name: 中国工商银行北京珠市口支行
            outlets:
              - {{id: qianmen, name: 前门支行}}
            images:
              widths: [480, 960]
              jpeg_width: {value}
            """)
        assert messages(root) == [
            (f"culture.yml:{line}: E212 字段“jpeg_width”的值 {value} 不合理"
             " — 写 0（每个尺寸都做 JPEG）或 16 到 8192 之间的整数，默认 960")], value
    root = project({}, settings="name: 中国工商银行北京珠市口支行\n"
                   "outlets: [{id: qianmen, name: 前门支行}]\nimages:\n  jpeg_width: 0\n")
    assert messages(root) == []


def test_search_synonyms_are_typed_and_default_to_the_starter_list(project):
    from gallery.content.settings import STARTER_SYNONYMS

    assert load_settings(project({}, settings="name: 珠市口支行\n"))[0].search.synonyms \
        == STARTER_SYNONYMS
    root = project({}, settings="""\
        name: 珠市口支行
        search:
          synonyms:
            - [诈骗, 骗局, 反诈, 诈骗]
            - [老人, 95588]
        """)
    assert load_settings(root)[0].search.synonyms == (("诈骗", "骗局", "反诈"), ("老人", "95588"))


def test_hostile_synonyms_get_messages_never_a_traceback(project):
    from gallery.content.settings import STARTER_SYNONYMS

    root = project({}, settings="""\
        name: 珠市口支行
        outlets: [{id: qianmen, name: 前门支行}]
        search:
          synonyms:
            - 诈骗 骗局
            - [诈骗, {a: 1}]
            - [电信 诈骗, 诈骗]
            - [老人]
            - [<b>x</b>, 脚本]
            - [一二三四五六七八九十一二三四五六七八九十一, 长]
            - [老人, 老年客户]
        """)
    settings, problems = load_settings(root)
    assert [str(p) for p in problems] == [
        "culture.yml:5: E451 同义词组 文字“诈骗 骗局” 不是列表 — 每组写成一个列表，例如 - [诈骗, 骗局, 反诈]",
        "culture.yml:6: E452 同义词 一组“字段: 值” 不是文字 — 每个同义词写成文字，例如 - [诈骗, 骗局, 反诈]",
        ("culture.yml:7: E453 同义词“电信 诈骗”中间有空格"
         " — 一个词里不要有空格；两个词请分成两项，例如 [电信诈骗, 诈骗]"),
        "culture.yml:8: E456 同义词组 [老人] 少于两个不同的词 — 每组至少写两个意思相同的词，例如 - [老人, 老年客户]",
        "culture.yml:10: E233 字段“synonyms”有 21 个字，超过上限 20 个字 — 请精简到 20 个字以内",
    ]
    # markup is only text (matched, never shown: snippets show page text, escaped); a record
    # with mistakes is not used, like every other settings record
    assert settings.search.synonyms == STARTER_SYNONYMS


def test_too_many_synonyms_are_refused_with_a_message(project):
    groups = "\n".join(f"    - [词{i}a, 词{i}b]" for i in range(501))
    words = ", ".join(f"词{i}" for i in range(21))
    root = project({}, settings=f"name: 珠市口支行\noutlets: [{{id: qianmen, name: 前门支行}}]\nsearch:\n  synonyms:\n{groups}\n")
    assert [str(p) for p in load_settings(root)[1]] == [
        "culture.yml:4: E454 同义词组有 501 组，超过上限 500 组 — 只保留员工常搜的词，把意思相同的词合并到一组"]
    root = project({}, settings=f"name: 珠市口支行\noutlets: [{{id: qianmen, name: 前门支行}}]\nsearch:\n  synonyms:\n    - [{words}]\n")
    assert [str(p) for p in load_settings(root)[1]] == [
        "culture.yml:5: E455 这组同义词有 21 个词，超过上限 20 个 — 只保留意思真正相同的词，其余的拆成另一组"]
