"""Chinese line breaking at build time: units (gallery.content.words), the `nobreak` filter, the
units the lobby player receives. What Chromium makes of them: tests/test_linebreak_browser.py."""

from __future__ import annotations

import datetime as dt

import pytest
from jinja2 import Environment
from selectolax.lexbor import LexborHTMLParser

from gallery import templating
from gallery.content import model, words
from gallery.intranet import sections
from gallery.screens.notice import Notice

# The golden phrases: a line may never split one of them.
GOLDEN = ("诚信如一", "敬请谅解", "外汇业务", "业务讲技能", "服务如意", "窗口塑形象", "首问负责制")
# Sentences in which they stand in the middle of longer runs, not only between commas.
SENTENCES = (
    "客户为尊，服务如意；员工为本，诚信如一",
    "服务重质量 业务讲技能 窗口塑形象",
    "系统升级，暂停办理个人外汇业务，给您带来不便敬请谅解。",
    "今天起暂停办理个人外汇业务敬请谅解",
    "全行上下落实首问负责制做到服务如意诚信如一",
    "我们坚持业务讲技能窗口塑形象的要求",
    "“首问负责制”（试行）落实情况……",
    "大堂经理上门为卧床老人办理业务，老人说：「谢谢你们！」",
)


def cut_points(units: list[str]) -> set[int]:
    """Character offsets where a line may break (between two units)."""
    points, at = set(), 0
    for unit in units[:-1]:
        at += len(unit)
        points.add(at)
    return points


@pytest.mark.parametrize("text", SENTENCES)
def test_units_rebuild_the_text_and_never_split_a_golden_phrase(text):
    units = words.segment(text)
    assert "".join(units) == text
    for phrase in GOLDEN:
        start = text.find(phrase)
        while start >= 0:
            inside = set(range(start + 1, start + len(phrase)))
            assert not inside & cut_points(units), (phrase, units)
            start = text.find(phrase, start + 1)


@pytest.mark.parametrize("text", SENTENCES)
def test_no_unit_starts_with_closing_or_ends_with_opening_punctuation(text):
    units = words.segment(text)
    assert all(u[0] not in words.CLOSING for u in units[1:]), units
    assert all(u[-1] not in words.OPENING for u in units[:-1]), units


def test_units_of_a_real_sentence():
    assert words.segment("系统升级，暂停办理个人外汇业务，敬请谅解。") == [
        "系统升级，", "暂停", "办理", "个人", "外汇业务，", "敬请谅解。"]
    # letters and digits stay together; a short run between spaces or punctuation is a phrase
    assert words.segment("7×24 小时服务（试行）") == ["7×24 ", "小时服务", "（试行）"]


def test_the_site_segmenter_knows_its_outlets_and_people():
    # A name no other test gives jieba (the search plugin adds the names of the sites it
    # builds to jieba's global dictionary): jieba alone cuts it, the site's words keep it.
    text = "司马鉴秋在天桥支行为客户办理业务"
    plain = words.segment(text)
    assert "司马鉴秋" not in plain
    site = model.Site((model.PioneerPost(section="pioneer-posts", slug="p", source=None, title="x",
                                         member="司马鉴秋", post="柜员", outlet="tianqiao",
                                         portrait=model.Photo("p.jpg", None), pledge="承诺",
                                         member_since=2010),),
                      (model.Outlet("tianqiao", "天桥支行"),))
    units = words.site_segmenter(site)(text)
    assert "".join(units) == text
    assert units[0] == "司马鉴秋" and not cut_points(units) & {6, 7, 8}, units  # 天桥支行


def test_a_long_run_without_punctuation_is_cut_quickly_and_whole():
    text = "啊" * 2000
    units = words.segment(text)
    assert "".join(units) == text and len(units) > 100


def render(source: str, value: str) -> str:
    env = templating.environment("gallery.intranet")
    return env.from_string(source).render(value=value, segment=words.segment)


def test_the_filter_escapes_each_unit_then_joins_them_with_wbr():
    out = render("<h1>{{ value | nobreak }}</h1>", "客户为尊，服务如意")
    assert out == '<h1><span class="culture-nobreak">客户为尊，<wbr>服务如意</span></h1>'
    hostile = render("{{ value | nobreak }}", '<script>alert(1)</script>[x](javascript:y) "业务"')
    assert "<script" not in hostile and "[" not in hostile and '"' not in hostile.split(">", 1)[1]
    parsed = LexborHTMLParser(hostile)
    assert [n.tag for n in parsed.body.traverse(include_text=False)][1:] == \
        ["span"] + ["wbr"] * hostile.count("<wbr>")
    assert parsed.body.text() == '<script>alert(1)</script>&#91;x&#93;(javascript:y) "业务"'.replace(
        "&#91;", "[").replace("&#93;", "]")


def test_the_filter_for_plain_html_templates_escapes_the_html_way():
    env = templating.environment("gallery.screens", "player", markdown=False)
    out = env.from_string("{{ value | nobreak }}").render(value="<b>业务讲技能</b>",
                                                        segment=words.segment)
    assert out == '<span class="culture-nobreak">&lt;b&gt;<wbr>业务讲技能<wbr>&lt;/b&gt;</span>'


def test_the_filter_without_a_segmenter_says_so():
    env = Environment()
    env.filters["nobreak"] = templating.nobreak
    with pytest.raises(TypeError, match="segment"):
        env.from_string("{{ 'x' | nobreak }}").render()


def test_intranet_slogans_come_as_units():
    wall = model.Site((model.CultureItem(section="culture-wall", slug="a", source=None,
                                         title="员工为本，诚信如一", kind="idea",
                                         summary="业务讲技能"),), (), dt.date(2024, 5, 8))
    page = LexborHTMLParser(sections.render_culture_wall(wall, lambda *a: "", ""))
    slogan = page.css_first(".culture-slogan-text .culture-nobreak")
    assert slogan.html == '<span class="culture-nobreak">员工为本，<wbr>诚信如一</span>'


def test_the_notice_ships_its_units():
    notice = Notice(text="暂停办理个人外汇业务，敬请谅解。", end=dt.datetime(2024, 10, 1, 18))
    units = notice.to_json()["words"]
    assert units == {"title": ["通知"],
                     "text": ["暂停", "办理", "个人", "外汇业务，", "敬请谅解。"]}


def test_the_notice_knows_the_outlet_names_of_culture_yml():
    text = "天桥支行今日暂停营业"
    assert "天桥支行" not in words.segment(text)
    settings = type("S", (), {"name": "中国工商银行北京珠市口支行", "short_name": "珠市口支行",
                              "outlets": (model.Outlet("tianqiao", "天桥支行"),)})
    notice = Notice(text=text, end=dt.datetime(2024, 10, 1, 18), terms=words.settings_terms(settings))
    assert notice.to_json()["words"]["text"][0] == "天桥支行"


def test_a_story_title_h1_stays_out_of_the_search_text():
    from gallery.intranet import searchindex

    content = ('<h1 data-search-exclude><span class="culture-nobreak">大堂里的<wbr>一天</span></h1>\n'
               '<p class="culture-summary"><span class="culture-nobreak">一位<wbr>大堂经理</span></p>')
    assert searchindex.plain_text(content) == "一位大堂经理"
