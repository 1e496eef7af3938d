"""Make the staff docs' page gallery from the design test's screenshots of the demo site.

tests/test_intranet_design.py screenshots every page type at 1366×768@1x and 390×844@3x into
test-artifacts/intranet-design/demo/{desktop,phone}/. This script puts each pair side by side
(the desktop page's top 1,100 CSS px, the phone's first screen), scales it down, reduces it to
a small palette and writes docs/images/pages/<page type>.png, then the table of them into
docs/intranet.md (between the two gallery markers):

    .venv/bin/python -m pytest tests/test_intranet_design.py -k demo   # the screenshots
    .venv/bin/python scripts/page_gallery.py [SCREENSHOT FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHOTS = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "test-artifacts" / "intranet-design" / "demo"
OUT = ROOT / "docs" / "images" / "pages"
DOC = ROOT / "docs" / "intranet.md"
START, END = "<!-- page gallery -->", "<!-- /page gallery -->"
HEIGHT = 250  # pixels of the sheet
GAP = 12
# Page type -> its Chinese name, in the order staff meet them.
PAGES = {
    "home": "首页", "culture-wall": "服务文化墙", "story-culture-wall": "服务文化墙的一篇",
    "pioneer-posts": "党员先锋服务岗", "story-pioneer": "党员先锋岗的一位党员",
    "moments": "服务精彩瞬间", "moments-outlet": "一个网点的服务精彩瞬间", "story-moment": "一篇服务精彩瞬间",
    "talk": "服务文化大家谈", "story-talk": "一篇文章", "morning": "晨会学习", "story-morning": "一条晨会内容",
    "board-history": "红黑榜（历史榜单）", "board": "一期红黑榜", "outlets": "网点", "outlet": "一个网点",
    "campaigns": "宣传活动", "campaign": "一个活动", "tags": "标签", "tag": "一个标签", "search": "站内搜索",
    "404": "找不到页面",
}


def sheet(kind: str) -> Image.Image | None:
    """The desktop and phone screenshots of one page type side by side, scaled to HEIGHT."""
    desktop, phone = SHOTS / "desktop" / f"{kind}.png", SHOTS / "phone" / f"{kind}.png"
    if not (desktop.exists() and phone.exists()):
        return None
    wide = Image.open(desktop).convert("RGB")
    wide = wide.crop((0, 0, wide.width, min(wide.height, 1100)))
    narrow = Image.open(phone).convert("RGB")
    narrow = narrow.crop((0, 0, narrow.width, min(narrow.height, narrow.width * 844 // 390)))
    wide = wide.resize((wide.width * HEIGHT // wide.height, HEIGHT), Image.LANCZOS)
    narrow = narrow.resize((narrow.width * HEIGHT // narrow.height, HEIGHT), Image.LANCZOS)
    out = Image.new("RGB", (wide.width + GAP + narrow.width, HEIGHT), (255, 255, 255))
    out.paste(wide, (0, 0))
    out.paste(narrow, (wide.width + GAP, 0))
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rows, total = ["| 页面 | 电脑和手机 |", "|---|---|"], 0
    for kind, name in PAGES.items():
        made = sheet(kind)
        if made is None:
            continue
        path = OUT / f"{kind}.png"
        made.quantize(colors=40, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            path, optimize=True)
        total += path.stat().st_size
        rows.append(f"| {name} | ![{name}：电脑和手机上的样子](images/pages/{kind}.png) |")
    text = DOC.read_text("utf-8")
    a, b = text.index(START) + len(START), text.index(END)
    DOC.write_text(text[:a] + "\n" + "\n".join(rows) + "\n" + text[b:], "utf-8")
    print(f"{len(rows) - 2} sheets, {total / 1024:.0f} KB in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
