"""Generated intranet pages: section designs, morning meeting, outlets, campaigns, settings."""

from __future__ import annotations

import datetime as dt
import json
import sys
import textwrap

import pytest
from selectolax.lexbor import LexborHTMLParser

from gallery import paths
from gallery.content import model
from gallery.content.settings import Campaign
from gallery.intranet import generate as intranet
from gallery.intranet import hubs, morning, search, sections
from gallery.photos.markup import caption_only
from gallery.project import load_project

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def fake_photo(_story, photo, role):
    """A stand-in for markup.photo_html without derivatives: an <img> naming its role."""
    return f'<img class="fake-{role}" src="{photo.file}" alt="{photo.alt or photo.file}">'


def html(markdown: str) -> LexborHTMLParser:
    """The raw HTML of a generated page (front matter dropped; Markdown headings left as text)."""
    return LexborHTMLParser(markdown.split("---\n", 2)[2] if markdown.startswith("---") else markdown)


def story(section: str, slug: str, **values) -> model.Story:
    cls = {"culture-wall": model.CultureItem, "pioneer-posts": model.PioneerPost,
           "moments": model.Moment, "talk": model.TalkArticle, "morning": model.MorningItem}[section]
    return cls(section=section, slug=slug, source=None, **values)


OUTLETS = (model.Outlet("qianmen", "前门支行"), model.Outlet("tianqiao", "天桥支行"))
PORTRAIT = model.Photo("p.jpg", None, alt="党员照片")


def site(*stories: model.Story, today: dt.date = dt.date(2024, 5, 8)) -> model.Site:
    return model.Site(tuple(stories), OUTLETS, today)


def test_culture_wall_slogans_rules_and_exemplar_cards():
    wall = site(
        story("culture-wall", "b", title="员工为本，诚信如一", kind="idea", order=2, summary="第二理念"),
        story("culture-wall", "a", title="客户为尊，服务如意", kind="idea", order=1, summary="服务理念"),
        story("culture-wall", "r", title="首问负责制", kind="rule", summary="负责到底"),
        story("culture-wall", "e", title="榜样", kind="exemplar", date=dt.date(2024, 1, 1),
              photos=(model.Photo("1.jpg", None, alt="榜样照片"),),
              cover=model.Photo("1.jpg", None, alt="榜样照片")),
    )
    page = html(sections.render_culture_wall(wall, fake_photo, ""))
    slogans = page.css(".culture-slogan")
    assert [s.css_first(".culture-slogan-text").text() for s in slogans] == [
        "客户为尊，服务如意", "员工为本，诚信如一"]
    assert [s.css_first(".culture-slogan-label").text() for s in slogans] == ["服务理念", "第二理念"]
    assert [s.attributes["href"] for s in slogans] == ["a/", "b/"]
    assert [li.text() for li in page.css("ol.culture-rules li")] == ["首问负责制负责到底"]
    card = page.css_first(".culture-cards a.culture-card")
    assert card.attributes["href"] == "../culture-wall/e/"
    assert card.css_first("img.fake-card").attributes["src"] == "1.jpg"


def test_pioneer_profile_cards_show_every_field():
    post = story("pioneer-posts", "p", title="张明 · 大堂经理", member="张明", post="大堂经理",
                 outlet="qianmen", portrait=PORTRAIT, pledge="一次办好", motto="以心换心",
                 member_since=2008)
    page = html(sections.render_pioneer_posts(site(post), fake_photo, ""))
    card = page.css_first("article.culture-profile")
    assert card.css_first("img.fake-profile").attributes["src"] == "p.jpg"
    assert card.css_first(".culture-profile-name a").text() == "张明"
    assert card.css_first(".culture-profile-post").text() == "大堂经理 · 前门支行"
    facts = dict(zip([d.text() for d in card.css("dt")], [d.text() for d in card.css("dd")], strict=False))
    assert facts == {"服务承诺": "一次办好", "座右铭": "以心换心", "入党年份": "2008 年"}


def test_moments_newest_first_one_grid_per_year_with_filter_data():
    moments = site(
        story("moments", "m1", title="一月", date=dt.date(2024, 1, 5), outlet="qianmen", tags=("暖心",)),
        story("moments", "m2", title="三月上", date=dt.date(2024, 3, 20), outlet="tianqiao",
              tags=("老年客户", "暖心")),
        story("moments", "m3", title="三月下", date=dt.date(2024, 3, 2), outlet="qianmen"),
        story("moments", "m4", title="去年", date=dt.date(2023, 12, 31), outlet="qianmen"),
    )
    page = html(sections.render_moments(moments, fake_photo, ""))
    years = page.css("section.culture-year")
    assert [y.css_first("h2").text() for y in years] == ["2024 年", "2023 年"]
    assert [len(y.css(".culture-cards")) for y in years] == [1, 1]
    assert [len(y.css(".culture-moment")) for y in years] == [3, 1]
    titles = [c.css_first(".culture-card-title").text() for c in page.css(".culture-moment")]
    assert titles == ["三月上", "三月下", "一月", "去年"]
    first = page.css_first(".culture-moment")
    assert first.attributes["data-outlet"] == "tianqiao"
    assert json.loads(first.attributes["data-tags"]) == ["老年客户", "暖心"]
    form = page.css_first("form.culture-filter")
    assert "hidden" in form.attributes  # shown by culture.js; every view has its pages without JS
    assert [o.text() for o in form.css("select[name=outlet] option")] == ["全部网点", "前门支行", "天桥支行"]
    assert [o.attributes["data-url"] for o in form.css("select[name=outlet] option")] == [
        "./", "../outlets/qianmen/moments/", "../outlets/tianqiao/moments/"]
    # tags in pinyin order: lao (老年客户) before nuan (暖心)
    assert [o.attributes["value"] for o in form.css("select[name=tag] option")] == ["", "老年客户", "暖心"]
    assert form.css("select[name=tag] option")[2].attributes["data-url"] == (
        f"../tags/{paths.tag_slug('暖心')}/moments/")
    views = sections.moments_pages(moments, fake_photo, "")
    assert sorted(views) == sorted(["moments/", "outlets/qianmen/moments/", "outlets/tianqiao/moments/",
                                    f"tags/{paths.tag_slug('暖心')}/moments/",
                                    f"tags/{paths.tag_slug('老年客户')}/moments/"])
    qianmen = html(views["outlets/qianmen/moments/"])
    assert [c.text() for c in qianmen.css(".culture-card-title")] == ["三月下", "一月", "去年"]
    assert qianmen.css_first("form").attributes["data-view"] == "outlet"


def test_moments_and_hubs_are_paged_48_cards_a_page():
    many = site(*(story("moments", f"m{i:03d}", title=f"瞬间{i}", date=dt.date(2024, 1, 1) - dt.timedelta(days=i),
                        outlet="qianmen", tags=("口碑",)) for i in range(100)))
    pages = sections.moments_pages(many, fake_photo, "")
    assert [u for u in pages if u.startswith("moments/")] == ["moments/", "moments/page/2/", "moments/page/3/"]
    counts = [len(html(pages[u]).css(".culture-moment")) for u in ("moments/", "moments/page/2/", "moments/page/3/")]
    assert counts == [48, 48, 4]
    second = html(pages["moments/page/2/"])
    assert [a.attributes["href"] for a in second.css(".culture-pages a")] == [
        "../../", "../../", "../3/", "../3/"]
    assert second.css_first(".culture-pages [aria-current]").text() == "2"
    assert second.css_first(".culture-card-title").text() == "瞬间48"
    outlet = hubs.render_outlet(OUTLETS[0], many, (), fake_photo)
    assert list(outlet) == ["outlets/qianmen/", "outlets/qianmen/page/2/", "outlets/qianmen/page/3/"]
    urls = intranet.page_uris(many, type("S", (), {"campaigns": ()})(), ())
    assert {paths.page_uri(u) for u in (*pages, *outlet)} <= urls


def test_home_hero_core_slogan_and_the_four_entrances():
    home = site(
        story("culture-wall", "i2", title="第二理念", kind="idea", order=2),
        story("culture-wall", "i1", title="客户为尊，服务如意", kind="idea", order=1, summary="理念说明"),
        story("moments", "m", title="新瞬间", date=dt.date(2024, 5, 1), outlet="qianmen"),
        story("talk", "t", title="新文章", author="李华", date=dt.date(2024, 5, 2), summary="s"))
    source = sections.home_source("hide: [toc]", "# 服务文化展\n\n欢迎**光临**")
    assert source.startswith("---\nhide:\n- toc\ntitle: 服务文化展\n---\n")
    page = html(sections.render_home(home, fake_photo, source))
    assert page.css_first(".culture-hero h1").text() == "服务文化展"
    assert page.css_first(".culture-hero-slogan a").text() == "客户为尊，服务如意"
    assert page.css_first(".culture-hero-slogan a").attributes["href"] == "culture-wall/i1/"
    entrances = page.css(".culture-entrance")
    assert [e.css_first("h2").text() for e in entrances] == ["服务文化墙", "党员先锋服务岗", "服务精彩瞬间", "服务文化大家谈"]
    assert [[li.css_first("a").text() for li in e.css("li")] for e in entrances] == [
        ["客户为尊，服务如意", "第二理念"], [], ["新瞬间"], ["新文章"]]
    assert "欢迎**光临**" in source  # the author's Markdown follows, marked as the staff's own


def test_tags_page_sorted_by_pinyin_each_tag_with_its_page():
    tagged = site(*(story("moments", f"m{i}", title=f"t{i}", date=dt.date(2024, 5, 1), outlet="qianmen",
                          tags=tags) for i, tags in enumerate([("暖心",), ("安全", "暖心"), ("口碑",), ("Z标签",)])))
    page = html(hubs.render_tags_page(tagged))
    assert [a.text() for a in page.css(".culture-tags a")] == [
        "安全（1）", "口碑（1）", "暖心（2）", "Z标签（1）"]
    assert page.css_first(".culture-tags a").attributes["href"] == f"{paths.tag_slug('安全')}/"
    assert paths.tag_slug("暖心").startswith("nuan-xin-")


def test_talk_article_list():
    talk = site(story("talk", "t", title="我看服务", author="李华", date=dt.date(2024, 4, 1),
                      summary="谈首问负责制"))
    page = html(sections.render_talk(talk, fake_photo, ""))
    item = page.css_first("li.culture-article")
    assert item.css_first("h2 a").attributes["href"] == "t/"
    assert item.css_first(".culture-article-meta").text() == "李华 · 2024-04-01"
    assert item.css_first(".culture-article-summary").text() == "谈首问负责制"


def test_every_front_matter_text_is_escaped_on_index_and_hub_pages():
    evil = site(
        story("culture-wall", "i", title=XSS, kind="idea", summary=XSS),
        story("culture-wall", "r", title=XSS, kind="rule", summary=XSS, tags=(XSS,)),
        story("pioneer-posts", "p", title=XSS, member=XSS, post=XSS, outlet="qianmen",
              portrait=PORTRAIT, pledge=XSS, motto=XSS, member_since=2008, tags=(XSS,)),
        story("moments", "m", title=XSS, date=dt.date(2024, 5, 1), outlet="qianmen", tags=(XSS,),
              summary=XSS),
        story("talk", "t", title=XSS, author=XSS, date=dt.date(2024, 5, 1), summary=XSS),
        story("morning", "g", title=XSS, kind="case", date=dt.date(2024, 5, 7), reference=XSS,
              summary=XSS, body="正文"),
    )
    campaign = Campaign("c", XSS, XSS, dt.date(2024, 5, 1), dt.date(2024, 5, 31), tag=XSS)
    outlet = model.Outlet("qianmen", XSS, address=XSS)
    pages = [render(evil, caption_only, "") for render in sections.RENDERERS.values()]
    pages += [morning.render_page(evil, caption_only),
              *hubs.render_outlet(outlet, evil, (), caption_only).values(),
              *hubs.render_campaign(campaign, evil, caption_only).values(),
              *(t for tag, chosen in hubs.site_tags(evil)
                for t in hubs.render_tag(tag, chosen, evil, caption_only).values()),
              hubs.render_tags_page(evil),
              sections.render_home(evil, caption_only, sections.home_source(None, "# 展\n\n欢迎")),
              hubs.render_campaign_index((campaign,), evil.today)]
    for page in pages:
        parsed = html(page)
        assert parsed.css("script") == [] and parsed.css("img[onerror]") == []
        # Shown as text (titles carry line-break units, so compare the text, not the source).
        assert "<script>alert(1)</script>" in parsed.text()


def test_morning_page_shows_this_weeks_items_in_full_then_the_archive():
    items = site(
        story("morning", "mon", title="周一制度", kind="rule", date=dt.date(2024, 5, 6),
              reference="《服务规范》", summary="要点一", body="**正文**一"),
        story("morning", "tue", title="周二案例", kind="case", date=dt.date(2024, 5, 7), body="正文二"),
        story("morning", "old", title="上月", kind="rule", date=dt.date(2024, 4, 10), body="旧"),
        story("morning", "next", title="下周", kind="rule", date=dt.date(2024, 5, 13), body="新"),
    )
    text = morning.render_page(items, caption_only)
    page = html(text)
    assert page.css_first(".culture-morning-week").text() == "本周（2024 年 5 月 6 日—5 月 12 日）"
    shown = page.css("section.culture-morning-item")
    assert [s.css_first("h2").text() for s in shown] == ["周一制度", "周二案例"]
    assert shown[0].css_first(".culture-morning-meta").text() == (
        "规章制度摘录 · 2024 年 5 月 6 日 · 出处：《服务规范》")
    assert "**正文**一" in text  # the author's Markdown, rendered by MkDocs (md_in_html)
    archive = page.css_first(".culture-archive")
    assert [h.text() for h in archive.css("h3")] == ["2024 年 5 月", "2024 年 4 月"]
    assert [a.attributes["href"] for a in archive.css("a")] == [
        "next/", "tue/", "mon/", "old/"]


def test_morning_page_falls_back_to_the_latest_week_with_items():
    items = (story("morning", "a", title="旧制度", kind="rule", date=dt.date(2024, 4, 10)),)
    week, chosen, current = morning.shown_week(items, dt.date(2024, 5, 8))
    assert week == (dt.date(2024, 4, 8), dt.date(2024, 4, 14)) and not current
    assert [i.title for i in chosen] == ["旧制度"]
    page = html(morning.render_page(site(*items), caption_only))
    assert page.css_first(".culture-morning-week").text() == (
        "本周暂无晨会内容。最近一期：2024 年 4 月 8 日—4 月 14 日")


def test_morning_items_cannot_be_made_public(project):
    root = project({"site_src/morning/2024-05-06-a/index.md": """\
        ---
        title: 晨会
        kind: rule
        date: 2024-05-06
        audience: public
        ---
        正文
        """})
    loaded = load_project(root)
    assert [str(p) for p in loaded.problems] == [
        ("site_src/morning/2024-05-06-a/index.md:5: E421 晨会内容只在内网显示，不能设置 audience — "
        "删除 audience 这一行（晨会学习材料永远不上大堂屏）")]
    item = story("morning", "x", title="t", kind="rule", date=dt.date(2024, 5, 6), audience="public")
    assert item.is_public is False


def test_outlet_page_lists_its_stories_across_sections():
    stories = site(
        story("moments", "m", title="前门瞬间", date=dt.date(2024, 5, 1), outlet="qianmen"),
        story("pioneer-posts", "p", title="x", member="张明", post="柜员", outlet="qianmen",
              portrait=PORTRAIT, pledge="承诺", member_since=2010),
        story("moments", "other", title="天桥瞬间", date=dt.date(2024, 5, 1), outlet="tianqiao"),
        story("talk", "t", title="前门文章", author="李华", date=dt.date(2024, 5, 2), summary="s",
              outlet="qianmen"),
    )
    text = hubs.render_outlet(OUTLETS[0], stories, (), fake_photo)[paths.outlet_url("qianmen")]
    assert "## 党员先锋服务岗" in text and "## 服务精彩瞬间" in text and "## 服务文化大家谈" in text
    page = html(text)
    links = sorted(a.attributes["href"] for a in page.css("a.culture-card, h3 a"))
    assert links == ["../../moments/m/", "../../pioneer-posts/p/", "../../talk/t/"]


def test_campaign_page_lists_stories_with_its_tag_and_the_banner_runs_in_its_window():
    stories = site(story("moments", "in", title="活动故事", date=dt.date(2024, 5, 1), outlet="qianmen",
                         tags=("口碑",)),
                   story("moments", "out", title="别的故事", date=dt.date(2024, 5, 1), outlet="qianmen"))
    campaign = Campaign("kou-bei", "口碑活动", "服务口碑新变化", dt.date(2024, 5, 1),
                        dt.date(2024, 5, 31), tag="口碑")
    page = html(hubs.render_campaign(campaign, stories, fake_photo)[paths.campaign_url("kou-bei")])
    assert [t.text() for t in page.css(".culture-card-title")] == ["活动故事"]
    assert page.css_first(".culture-status").text() == "进行中"
    loaded = type("S", (), {"campaigns": (campaign,), "channels": (), "name": "支行",
                            "today": dt.date(2024, 5, 31)})
    assert [c["url"] for c in intranet.theme_extra(loaded)["campaigns"]] == ["campaigns/kou-bei/"]
    loaded.today = dt.date(2024, 6, 1)
    assert intranet.theme_extra(loaded)["campaigns"] == []
    assert hubs.status(campaign, dt.date(2024, 4, 30)) == "未开始"


def test_campaign_without_tag_uses_its_name():
    assert Campaign("a", "十九大", "s", dt.date(2024, 1, 1), dt.date(2024, 1, 2)).topic == "十九大"


def test_campaign_settings_problems(project):
    settings = textwrap.dedent("""\
        name: 支行
        outlets:
          - id: qianmen
            name: 前门支行
        campaigns:
          - id: 十九大
            name: 喜迎十九大
            slogan: 口号
            start: 2017-09-01
            end: 2017-10-31
          - id: ok
            name: 倒过来
            slogan: 口号
            start: 2017-10-01
            end: 2017-09-01
        """)
    loaded = load_project(project({}, settings=settings))
    assert [str(p) for p in loaded.problems] == [
        "culture.yml:6: E432 活动编号“十九大”不能用作网址 — 只用小写字母、数字和连字符，例如 xi-ying-shi-jiu-da",
        ("culture.yml:15: E431 活动“倒过来”的结束日期 2017-09-01 早于开始日期 2017-10-01 — "
        "把 end 改到 start 当天或之后"),
    ]
    assert loaded.settings.campaigns == ()


def test_relative_links_work_from_any_depth():
    assert paths.relative("board/2017-09/", paths.outlet_url("qianmen")) == "../../outlets/qianmen/"
    assert paths.relative("board/", paths.board_url("2017-09")) == "2017-09/"
    assert paths.relative("", paths.morning_url()) == "morning/"
    assert paths.relative("moments/", "") == "../"


def test_missing_jieba_is_a_clear_problem(monkeypatch, tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - search\nhooks:\n  - hooks/culture.py\n", "utf-8")
    monkeypatch.setitem(sys.modules, "jieba", None)  # makes `import jieba` raise ImportError
    found = search.jieba_problem(str(config))
    assert str(found) == (
        f"{config}:5: E441 无法加载中文分词组件 jieba，标题、标语和照片说明无法按词语断行 — "
        "在项目目录运行 make .venv/.installed（或 .venv/bin/pip install -c constraints.txt jieba）"
        "后重新生成网站")
    monkeypatch.delitem(sys.modules, "jieba")
    assert search.jieba_problem(str(config)) is None


@pytest.mark.parametrize("section", ["culture-wall", "pioneer-posts", "moments", "talk"])
def test_empty_sections_say_so(section):
    page = html(sections.RENDERERS[section](site(), caption_only, ""))
    assert page.css_first(".culture-empty").text() == "暂无内容。"


def test_no_gallery_index_page_is_over_300_kb_at_5000_stories():
    """Issue 13: moments and the outlet, tag and campaign pages at 5,000 stories (all of them
    moments with a cover photo: the heaviest case), with the real <picture> markup."""
    from gallery.photos.cache import Derived, Variant
    from gallery.photos.markup import picture_html

    variants = tuple(Variant(w, w * 2 // 3, f, f"photos/ab/{'ab12' * 5}-{w}.{'jpg' if f == 'jpeg' else f}")
                     for w in (480, 960, 1600, 1800) for f in ("jpeg", "webp"))
    derived = Derived("ab12" * 5, 1800, 1200, variants, "#a2958b", "data:image/webp;base64," + "A" * 120, True)
    cover = model.Photo("1.jpg", None, caption="照片说明", alt="教室里坐着十几位白发老人，前方屏幕写着“手机银行小课堂”")
    stories = tuple(story("moments", f"2020-01-01-s{i:04d}", title=f"第 {i} 个服务精彩瞬间：大堂经理为客户服务",
                          date=dt.date(2017, 1, 1) + dt.timedelta(days=i % 1460), outlet=OUTLETS[i % 2].id,
                          tags=(f"标签{i % 12}", "口碑") if i % 5 == 0 else (f"标签{i % 12}",),
                          photos=(cover,), cover=cover) for i in range(5000))
    settings = type("S", (), {"campaigns": (Campaign("kou-bei", "口碑", "服务口碑新变化", dt.date(2020, 5, 1),
                                                     dt.date(2020, 6, 30), "口碑"),)})()
    pages = intranet.generated_pages(site(*stories, today=dt.date(2021, 1, 1)), settings, (),
                                     lambda s, p, role: picture_html(derived, p, role), {})
    chrome = 40_000  # Material's header, tabs, footer and scripts around the content: 19 KB on the demo
    gallery = {uri: len(text.encode()) for uri, text in pages.items()
               if uri.startswith(("moments/", "outlets/", "tags/", "campaigns/"))}
    assert len(gallery) > 300  # paged: 105 moments pages, 2 × 53 outlet pages, tags, campaign
    heaviest = max(gallery, key=gallery.__getitem__)
    print(f"\n{len(gallery)} gallery index pages, heaviest {heaviest}: {gallery[heaviest]:,} bytes")
    assert gallery[heaviest] + chrome <= 300_000, (heaviest, gallery[heaviest])


def test_no_section_index_page_is_over_300_kb_at_5000_stories():
    """The pioneer, talk, culture-wall and morning indexes are paged like the moments: 5,000
    items in each (with the real <picture> markup) keep every page small, and every item is
    listed on exactly one page of its index."""
    from gallery.photos.cache import Derived, Variant
    from gallery.photos.markup import picture_html

    variants = tuple(Variant(w, w * 4 // 3, f, f"photos/ab/{'ab12' * 5}-{w}.{'jpg' if f == 'jpeg' else f}")
                     for w in (480, 960, 1600) for f in ("jpeg", "webp"))
    derived = Derived("ab12" * 5, 1200, 1600, variants, "#a2958b", "data:image/webp;base64," + "A" * 120, True)
    photo = model.Photo("1.jpg", None, caption="照片说明", alt="柜台前的大堂经理正在为老年客户讲解手机银行")
    day = dt.date(2017, 1, 2)
    many = [
        *(story("pioneer-posts", f"p{i:04d}", title=f"党员{i} · 大堂经理", member=f"党员{i}", post="大堂经理",
                outlet=OUTLETS[i % 2].id, portrait=photo, pledge="首问负责，一次办好，让每一位客户满意而归",
                motto="以心换心", member_since=2008) for i in range(5000)),
        *(story("talk", f"2020-01-01-t{i:04d}", title=f"第 {i} 篇：从首问负责制谈服务文化", author="李华（前门支行）",
                date=day + dt.timedelta(days=i % 1460), summary="谈谈我对首问负责制的理解和在窗口的实践体会")
          for i in range(5000)),
        *(story("culture-wall", f"e{i:04d}", title=f"服务榜样案例 {i}", kind="exemplar",
                date=day + dt.timedelta(days=i % 1460), summary="大堂经理耐心讲解", photos=(photo,), cover=photo)
          for i in range(5000)),
        *(story("culture-wall", f"i{i}", title=f"核心理念 {i}", kind="idea", order=i) for i in range(3)),
        *(story("morning", f"2020-01-01-m{i:04d}", title=f"第 {i} 期晨会：营业网点服务规范第三章摘录", kind="rule",
                date=day + dt.timedelta(days=i % 1460), body="正文") for i in range(5000)),
    ]
    settings = type("S", (), {"campaigns": ()})()
    big = site(*many, today=dt.date(2021, 1, 1))
    pages = intranet.generated_pages(big, settings, (), lambda s, p, role: picture_html(derived, p, role), {})
    assert set(pages) <= intranet.page_uris(big, settings, ())  # the links' view agrees
    chrome = 40_000  # Material's header, tabs, footer and scripts around the content
    for section, item in (("pioneer-posts", ".culture-profile"), ("talk", ".culture-article"),
                          ("culture-wall", ".culture-cards .culture-card"),
                          ("morning", ".culture-archive > ul > li")):
        index = {uri: text for uri, text in pages.items() if uri.startswith(f"{section}/")
                 and (uri == f"{section}/index.md" or uri.startswith(f"{section}/page/"))}
        assert len(index) == 105, (section, len(index))  # 5,000 / 48, rounded up
        sizes = {uri: len(text.encode()) for uri, text in index.items()}
        heaviest = max(sizes, key=sizes.__getitem__)
        print(f"\n{section}: {len(index)} pages, heaviest {heaviest}: {sizes[heaviest]:,} bytes")
        assert sizes[heaviest] + chrome <= 300_000, (heaviest, sizes[heaviest])
        listed = [len(html(text).css(item)) for text in index.values()]
        assert sum(listed) == 5000 and max(listed) == 48, (section, sum(listed), max(listed))
    wall = html(pages["culture-wall/index.md"])
    assert len(wall.css(".culture-slogan")) == 3  # the ideas lead the first page only
    assert not html(pages["culture-wall/page/2/index.md"]).css(".culture-slogan")
    third = pages["morning/page/3/index.md"]
    assert "（第 3 页）" in third.split("---", 2)[1]  # its title
    assert html(third).css_first(".culture-morning-week") is None  # the week: first page only
    assert html(pages["morning/index.md"]).css_first(".culture-morning-week") is not None
