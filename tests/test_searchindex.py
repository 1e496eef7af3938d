"""The search index entries: plain text as the reader sees it, synonyms the page lacks."""

from __future__ import annotations

import json

from gallery.intranet import searchindex


def test_plain_text_is_what_the_reader_sees_without_invisible_characters():
    html = ("<p>柜员<strong>刘静</strong>注意到\u200b异常</p><ul><li>一</li><li>二</li></ul>"
            "<script>var x = '不显示';</script><p>A&amp;B &lt;b&gt;文字&lt;/b&gt;\u00ad</p>")
    assert searchindex.plain_text(html) == "柜员刘静注意到异常 一 二 A&B <b>文字</b>"


def test_a_page_gets_the_synonyms_it_lacks_and_only_those():
    groups = (("诈骗", "骗局", "反诈"), ("老人", "老年客户"), ("党员", "先锋岗"))
    entry = searchindex.page_entry("m/", "反诈小课堂", "<p>讲解常见骗局。</p>",
                                   where="服务精彩瞬间 · 前门支行", tags=("社区服务",),
                                   synonyms=groups)
    assert entry == ["m/", "反诈小课堂", "服务精彩瞬间 · 前门支行", "讲解常见骗局。", "社区服务", "诈骗"]
    listed = searchindex.page_entry("tags/", "标签", "<p>老人</p>", synonyms=groups,
                                    weight=searchindex.WEIGHT_LIST)
    assert listed[5:] == ["老年客户", searchindex.WEIGHT_LIST]


def test_the_index_file_is_plain_utf8_sorted_and_the_stub_holds_no_document(tmp_path):
    path = searchindex.write_index(tmp_path, [["b/", "乙", "", "诈骗", "", ""],
                                              ["a/", "甲", "", "骗局", "", ""]])
    raw = path.read_text("utf-8")
    assert "\\u" not in raw and "骗局" in raw
    assert [d[0] for d in json.loads(raw)["docs"]] == ["a/", "b/"]
    stub = json.loads((tmp_path / "search/search_index.json").read_text("utf-8"))
    assert stub["docs"] == [] and stub["config"]["lang"] == ["zh"]


def test_the_approval_record_is_not_searched():
    html = ('<p>正文</p><aside class="culture-approval"><p>上屏审批记录（仅内网可见）</p>'
            "<dl><dt>审批人</dt><dd>周敏</dd></dl></aside><p>后记</p>")
    assert searchindex.plain_text(html) == "正文 后记"
