"""A tiny project whose bodies and hand-written pages use everything an ordinary author writes
(headings, lists, tables with alignment, admonitions, quotes, code, md_in_html, links between
stories, body photos in the lightbox), and a normalised view of its built pages.

tests/data/ordinary-pages.json holds that view as the build made it before bodies were
sanitised (since then only titles, summaries and captions gained their line-break units:
`<span class="culture-nobreak">` with `<wbr>`; the search entries are unchanged):
tests/test_sanitise.py checks that sanitising changes none of it.
"""

from __future__ import annotations

import json
from pathlib import Path

from imaging import encode, quadrants
from selectolax.lexbor import LexborHTMLParser, LexborNode
from support import write_tree

SETTINGS = """\
name: 中国工商银行北京珠市口支行
short_name: 珠市口支行
outlets:
  - id: qianmen
    name: 前门支行
complaint_channels:
  - name: 客户服务热线
    phone: "95588"
images:
  widths: [160, 320]
"""
STORY = "site_src/talk/2024-05-01-da-tang"
OTHER = "site_src/talk/2024-05-02-qian-men"
HEAD = """\
---
title: 大堂里的一天
author: 李华（前门支行）
date: 2024-05-01
summary: 一位大堂经理的一天
---
"""
ORDINARY = """\
前言：**加粗**、*强调*、`代码`、[另一篇](../2024-05-02-qian-men/index.md)、\
[工行网站](https://www.icbc.com.cn/ "工商银行")、<mailto:a@example.com>、[电话](tel:95588)。
第二行<br>换行，H~2~O 与 <sub>下标</sub>、<sup>上标</sup>、<kbd>Ctrl</kbd>、<mark>重点</mark>。

## 服务要点

### 三步走 {#three-steps}

- 第一步
- 第二步
    1. 嵌套一
    2. 嵌套二

3. 从三开始
4. 第四

| 左对齐 | 居中 | 右对齐 |
|:-------|:----:|-------:|
| 甲 | 乙 | 丙 |
| **粗** | [链接](#three-steps) | `码` |

!!! note "温馨提示"
    提示里也有 **Markdown**。

!!! warning
    警告内容。

> 引用的一段话。
>
> —— 客户

```python
print("您好")
```

    缩进的代码

<div markdown>
**md_in_html** 的内容，![大堂经理在引导客户](lobby-photo.jpg "大堂一角")
</div>

行内照片 ![柜台](counter.jpg) 在文字中间。

<details><summary>展开</summary>

折叠的内容。

</details>

<dl><dt>术语</dt><dd>解释</dd></dl>

<abbr title="中国工商银行">工行</abbr>，<q>引语</q>，<del>删去</del>，<ins>加上</ins>，<s>划掉</s>。

***

<p align="center">居中的段落</p>
"""
HOME = """\
# 珠市口支行服务文化展

> **客户为尊，服务如意。**

欢迎来到[服务文化大家谈](talk/index.md)。

## 展区导览

| 展区 | 说明 |
|---|:---|
| 大家谈 | 员工文章 |

!!! tip "提示"
    首页也可以写提示。
"""
INTRO = """\
---
title: 服务文化大家谈
---
# 服务文化大家谈

员工自己写的文章，例如[大堂里的一天](2024-05-01-da-tang/index.md)。

- 一
- 二
"""
PAGES = ("index.html", "talk/index.html", "talk/2024-05-01-da-tang/index.html")


def ordinary_project(root: Path) -> Path:
    """Write the project of ordinary bodies under `root`."""
    return write_tree(root, {
        "culture.yml": SETTINGS,
        "site_src/index.md": HOME,
        "site_src/talk/index.md": INTRO,
        f"{STORY}/index.md": HEAD + ORDINARY,
        f"{STORY}/lobby-photo.jpg": encode(quadrants(640, 480), "JPEG"),
        f"{STORY}/counter.jpg": encode(quadrants(320, 240), "JPEG"),
        f"{OTHER}/index.md": HEAD.replace("大堂里的一天", "前门的早晨") + "正文。\n",
    })


def dom(node: LexborNode) -> list[str]:
    """The elements and text under `node`, one line each, attributes sorted.

    Table cells are the one planned difference: Markdown's `style="text-align: …"` is written
    as `align="…"` (Material styles both alike), so both are shown as align.
    """
    lines = []
    for child in node.traverse(include_text=True):
        if child is node:
            continue
        if child.tag == "-text":
            text = " ".join((child.text_content or "").split())
            if text:
                lines.append(f"  {text}")
            continue
        if (child.tag or "").startswith("-"):
            continue
        attrs = {k: v or "" for k, v in child.attributes.items()}
        style = attrs.get("style", "")
        if child.tag in ("th", "td") and style.startswith("text-align: "):
            attrs.pop("style")
            attrs["align"] = style.removeprefix("text-align: ").rstrip(";")
        shown = " ".join(f'{k}="{v}"' for k, v in sorted(attrs.items()))
        lines.append(f"<{child.tag}{' ' if shown else ''}{shown}>")
    return lines


def article(html: str) -> list[str]:
    """The normalised DOM of a built page's article (the page's own content)."""
    found = LexborHTMLParser(html).css_first("article")
    assert found is not None
    return dom(found)


def search_entries(site: Path) -> dict[str, dict[str, str]]:
    """The search index entries of the ordinary pages (location -> title and text)."""
    index = json.loads((site / "search" / "culture_index.json").read_text("utf-8"))
    prefixes = ("", "talk/", "talk/2024-05-01-da-tang/")
    return {d[0]: {"title": d[1], "text": d[3]} for d in index["docs"] if d[0] in prefixes}


def snapshot(site: Path) -> dict[str, object]:
    """What tests/data/ordinary-pages.json holds: each page's article and the search entries."""
    return {"pages": {p: article((site / p).read_text("utf-8")) for p in PAGES},
            "search": search_entries(site)}


# Payloads: each line is one attack, in a story body, a section intro and the home page ------

PAYLOAD_LINES = (
    '<script>alert("script")</script>',
    "<ScRiPt>alert('mixed case')</sCrIpT>",
    "<img onerror=alert('img') src=''>",
    "<IMG ONERROR=alert('IMG')>",
    "<svg onload=alert('svg')><circle r=1 /></svg>",
    "<svg><a xlink:href=\"javascript:alert('svg-a')\"><text y=9>svg 链接</text></a></svg>",
    '<iframe src="javascript:alert(\'iframe\')"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(\'srcdoc\')&lt;/script&gt;"></iframe>',
    "[链接一](javascript:alert('md-link'))",
    "[链接二](JaVaScRiPt:alert('md-case'))",
    '<a href="&#106;avascript:alert(\'entity\')">实体编码</a>',
    '<a href="java&#x09;script:alert(\'tab\')">制表符</a>',
    '<a href=" vbscript:msgbox(1)">vbscript</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data 链接</a>',
    '<a href="https://www.icbc.com.cn/" target="_blank" onclick="alert(\'click\')">点我</a>',
    '<p style="background:url(javascript:alert(\'style\'))">样式</p>',
    '<form action="javascript:alert(\'form\')"><button>提交</button><input name=x></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'meta\')">',
    '<base href="/elsewhere/">',
    '<object data="javascript:alert(\'object\')"></object>',
    '<embed src="javascript:alert(\'embed\')">',
    ("<math><mtext><table><mglyph><style><img onerror=alert('math')></style></mglyph>"
     "</table></mtext></math>"),
    "<details open ontoggle=alert('toggle')><summary>详情</summary></details>",
    "<div onmouseover=alert('div') class='md-header culture-banner' id='__search'>层</div>",
    '<style>body { background: url("javascript:alert(\'css\')") }</style>',
    "<noscript><p title=\"</noscript><img onerror=alert('noscript')>\"></p></noscript>",
    "<template><script>alert('template')</script></template>",
    "段落 {: onclick=\"alert('attr-list')\" style=\"color: red\" }",
)


def payload_project(root: Path) -> Path:
    """The ordinary project with every payload line in the story body, the talk intro and the
    home page (one line each, a blank line between), and a body photo written with a handler."""
    text = "\n\n".join(PAYLOAD_LINES) + "\n"
    photo = '<img src="counter.jpg" alt="柜台" onerror="alert(\'photo\')">\n\n'
    ordinary_project(root)
    return write_tree(root, {
        f"{STORY}/index.md": HEAD + "正文。\n\n" + photo + text,
        "site_src/talk/index.md": INTRO + "\n" + text,
        "site_src/index.md": HOME + "\n" + text,
    })
