"""A larger intranet fixture for the design tests: the small fixture site (intranet_site) plus
long titles, many moments (more than one page of cards), portrait and landscape photos, a
poster (a tall photo with its text at the top) with and without a focal point, and a long
board remark. Built in code; photos are drawn with Pillow.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from intranet_site import make_site
from PIL import Image, ImageDraw

MANY = 60  # moments beyond the small fixture's: more than one page (48) of cards
LONG_TITLE = ("长标题测试：大堂经理连续三十天坚持在营业前为排队等候的老年客户逐一讲解"
              "如何防范电信网络诈骗并协助他们开通手机银行的转账限额保护功能")


def photo(size: tuple[int, int], seed: int, poster: bool = False) -> bytes:
    """A JPEG with shapes in it (a flat colour compresses to nothing and looks like nothing);
    a poster has a dark title band across its top eighth."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(120, 230), rng.randrange(120, 230), rng.randrange(120, 230)))
    draw = ImageDraw.Draw(image)
    w, h = size
    for _ in range(12):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.randrange(w // 20, w // 5)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    if poster:
        draw.rectangle((0, 0, w, h // 8), fill=(150, 0, 8))
        draw.rectangle((w // 8, h // 32, w * 7 // 8, h * 3 // 32), fill=(255, 240, 200))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def moment(i: int) -> str:
    outlet = ("qianmen", "tianqiao")[i % 2]
    tags = ["批量", "口碑"] if i % 3 == 0 else ["批量"]
    title = LONG_TITLE if i == 0 else f"第 {i} 个服务瞬间：网点员工的一天"
    return f"""\
        ---
        title: {title}
        date: 2022-{1 + i % 12:02d}-{1 + i % 27:02d}
        outlet: {outlet}
        tags: {tags}
        photos:
          - {{file: 1.jpg, caption: 第 {i} 个瞬间的照片说明, alt: 网点员工在大堂服务客户}}
        ---
        第 {i} 个瞬间的正文。
        """


def pioneer(member: str, outlet: str) -> str:
    return f"""\
        ---
        member: {member}
        post: 个人客户经理
        outlet: {outlet}
        portrait: portrait.jpg
        pledge: 讲清收益，更讲清风险；适合客户的，才是最好的
        motto: 诚信如一
        member_since: 2012
        ---
        {member}的先锋岗介绍。
        """


EXTRA = {
    "pioneer-posts/zhang-ming/index.md": pioneer("张明", "qianmen"),
    "pioneer-posts/li-na/index.md": pioneer("李娜", "tianqiao"),
    **{f"moments/2022-m{i:03d}/index.md": moment(i) for i in range(MANY)},
    "moments/2024-04-30-hai-bao/index.md": """\
        ---
        title: 海报：服务口碑新变化（竖版海报，卡片上完整显示）
        date: 2024-04-30
        outlet: qianmen
        tags: [口碑]
        photos:
          - {file: poster.jpg, caption: 活动海报, alt: 红色标题栏的竖版活动海报}
          - {file: wide.jpg, caption: 横版照片, alt: 网点大堂全景}
          - {file: tall.jpg, caption: 竖版照片, alt: 员工站在柜台前, focus: 50% 10%}
          - {file: poster2.jpg, caption: 横版海报, alt: 横版活动海报, focus: 完整}
        ---
        竖版和横版的照片与海报。
        """,
}


def make_design_site(root: Path) -> Path:
    """The fixture project with the design extras, under `root`."""
    make_site(root, extra=EXTRA)
    docs = root / "site_src"
    for i in range(MANY):
        size = (1200, 800) if i % 4 else (800, 1200)
        (docs / f"moments/2022-m{i:03d}/1.jpg").write_bytes(photo(size, i))
    for slug in ("gang-wei", "zhang-ming", "li-na"):
        (docs / f"pioneer-posts/{slug}/portrait.jpg").write_bytes(photo((600, 800), len(slug)))
    folder = docs / "moments/2024-04-30-hai-bao"
    (folder / "poster.jpg").write_bytes(photo((700, 1000), 1, poster=True))
    (folder / "wide.jpg").write_bytes(photo((1600, 900), 2))
    (folder / "tall.jpg").write_bytes(photo((900, 1400), 3))
    (folder / "poster2.jpg").write_bytes(photo((1400, 700), 4, poster=True))
    board = docs / "board/2024-04.csv"
    board.write_text(board.read_text("utf-8") + "前门支行,欧阳晓岚,客户满意度（%）,99.5,红榜,"
                     "连续三个月客户满意度全辖第一，主动为老年客户上门服务并整理了适老服务手册\n", "utf-8")
    return root
