"""A small but complete intranet fixture site, built in code for the build and browser tests.

It has a story of every section (one containing 防范电信网络诈骗 inside a sentence, a pioneer
post with a searchable member name), two board periods, morning items in the build week, a
running and a past campaign, and the repository's real hooks and overrides (the theme, with
its CSS and JavaScript).
"""

from __future__ import annotations

import io
import shutil
import textwrap
from pathlib import Path

import yaml
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
TODAY = "2024-05-08"  # a Wednesday: the morning page's week is 2024-05-06 .. 2024-05-12
MEMBER = "欧阳晓岚"
XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>'

SETTINGS = """\
name: 中国工商银行北京珠市口支行
short_name: 珠市口支行
outlets:
  - id: qianmen
    name: 前门支行
    address: 前门大街 1 号
  - id: tianqiao
    name: 天桥支行
campaigns:
  - id: kou-bei
    name: 服务口碑新变化
    slogan: 服务口碑新变化 喜迎盛会
    start: 2024-05-01
    end: 2024-05-31
    tag: 口碑
  - id: guo-qu
    name: 往期活动
    slogan: 已经结束的活动口号
    start: 2023-01-01
    end: 2023-02-01
complaint_channels:
  - name: 客户服务热线
    phone: "95588"
    hours: 7×24 小时
  - name: 支行投诉电话
    phone: 010-6702 0000
"""


def jpeg(color: tuple[int, int, int], size: tuple[int, int] = (64, 48)) -> bytes:
    """A tiny JPEG of one colour."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


STORIES = {
    "culture-wall/li-nian/index.md": """\
        ---
        title: 服务文化理念
        kind: idea
        order: 1
        summary: 客户为尊，服务如意；员工为本，诚信如一
        ---
        支行的服务文化理念。
        """,
    "culture-wall/shou-wen/index.md": """\
        ---
        title: 首问负责制
        kind: rule
        summary: 第一位被询问的员工负责到底
        tags: [口碑]
        ---
        首问负责，一次办好。
        """,
    "culture-wall/bang-yang/index.md": """\
        ---
        title: 暖心服务榜样
        kind: exemplar
        date: 2024-04-02
        photos:
          - {file: 1.jpg, caption: 榜样在大堂, alt: 大堂经理为老人讲解}
        ---
        榜样案例正文。
        """,
    "pioneer-posts/gang-wei/index.md": f"""\
        ---
        member: {MEMBER}
        post: 大堂经理
        outlet: qianmen
        portrait: portrait.jpg
        pledge: 首问负责，一次办好
        motto: 把客户的事当自己的事
        member_since: 2008
        tags: [口碑]
        ---
        党员先锋岗介绍。
        """,
    "moments/2024-05-03-fang-zha/index.md": """\
        ---
        title: 大堂里的一堂课
        date: 2024-05-03
        outlet: tianqiao
        tags: [口碑, 老年客户]
        summary: 大堂经理为老年客户讲解
        photos:
          - {file: 1.jpg, caption: 讲解现场, alt: 大堂经理为老年客户讲解}
          - {file: 2.jpg, caption: 发放资料, alt: 员工向客户发放宣传资料}
        ---
        这个周末，大堂经理在网点大堂为老年客户讲解如何防范电信网络诈骗，提醒大家保护好账户信息。
        """,
    "moments/2023-12-20-dong-ri/index.md": """\
        ---
        title: 冬日暖心服务
        date: 2023-12-20
        outlet: qianmen
        tags: [暖心服务]
        photos:
          - {file: 1.jpg, caption: 热茶, alt: 员工为排队客户送上热茶}
        ---
        冬日里为客户送上热茶。
        """,
    "talk/wo-kan-fu-wu/index.md": """\
        ---
        title: 我看服务文化
        author: 李华（前门支行）
        date: 2024-04-20
        summary: 谈谈我对首问负责制的理解
        ---
        服务文化是每个人的事。
        """,
    "morning/2024-05-06-gui-zhang/index.md": """\
        ---
        title: 服务规范禁令
        kind: rule
        date: 2024-05-06
        reference: 《员工服务行为标准》
        summary: 不得与客户争执
        ---
        规章制度摘录正文。
        """,
    "morning/2024-05-07-an-li/index.md": """\
        ---
        title: 案例剖析：等候过久
        kind: case
        date: 2024-05-07
        ---
        案例剖析正文。
        """,
    "morning/2024-04-10-jiu/index.md": """\
        ---
        title: 上月的晨会内容
        kind: rule
        date: 2024-04-10
        ---
        往期内容。
        """,
}

BOARDS = {
    "board/2024-03.csv": "网点,姓名,指标,数值,榜单,备注\n前门支行,,客户满意度（%）,98.5,红榜,\n"
                         "tianqiao,,等候时间（分钟）,15,黑榜,已整改\n",
    "board/2024-04.csv": "网点,姓名,指标,数值,榜单,备注\n天桥支行,张强,客户表扬（次）,5,红榜,主动服务\n",
}


def mkdocs_config(site_url: str = "") -> dict:
    """The repository's mkdocs.yml, with an optional site_url (sub-path hosting)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    if site_url:
        config["site_url"] = site_url
    return config


def make_site(root: Path, site_url: str = "", extra: dict[str, str] | None = None) -> Path:
    """Write the fixture project under `root` and return it."""
    docs = root / "site_src"
    for name in ("hooks", "overrides"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    docs.mkdir(parents=True, exist_ok=True)
    (root / "culture.yml").write_text(SETTINGS, "utf-8")
    config = mkdocs_config(site_url)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    (docs / "index.md").write_text("# 珠市口支行服务文化展\n\n客户为尊，服务如意。\n", "utf-8")
    for name, text in {**STORIES, **(extra or {})}.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), "utf-8")
    for folder, colours in (("culture-wall/bang-yang", [(200, 30, 30)]),
                            ("moments/2024-05-03-fang-zha", [(30, 120, 200), (40, 160, 60)]),
                            ("moments/2023-12-20-dong-ri", [(220, 160, 40)])):
        for index, colour in enumerate(colours, 1):
            (docs / folder / f"{index}.jpg").write_bytes(jpeg(colour))
    (docs / "pioneer-posts/gang-wei/portrait.jpg").write_bytes(jpeg((90, 90, 90), (48, 64)))
    for name, text in BOARDS.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, "utf-8")
    return root


def build(root: Path) -> Path:
    """Build the site under `root` with `mkdocs build --strict` in this process; return site/."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), strict=True)
    mkdocs_build(config)
    return Path(config.site_dir)
