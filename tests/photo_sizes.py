"""What Chromium shows of each photo: which source it picked, how wide it draws it, and how many
pixels that needs. Shared by the browser test of `sizes` (tests/test_photo_sizes_browser.py)
and the measurement behind the default photo set (benchmarks/photo_requests.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Page viewports: (CSS width, CSS height, device pixel ratio).
VIEWPORTS = {
    "1366x768@1": (1366, 768, 1),
    "390x844@3": (390, 844, 3),
    "1920x1080@1": (1920, 1080, 1),
    "3840x2160@1": (3840, 2160, 1),
    "1080x1920@1": (1080, 1920, 1),
}

# Every <img> on the page once lazy ones have loaded: its box, object-fit, the source the
# browser chose and the candidates it could choose from (the WebP <source> when it picked WebP).
MEASURE_JS = """() => Array.from(document.querySelectorAll('img')).map(img => {
  const r = img.getBoundingClientRect();
  const style = getComputedStyle(img);
  const picture = img.parentElement && img.parentElement.tagName === 'PICTURE'
    ? img.parentElement : null;
  const source = picture ? picture.querySelector('source') : null;
  const webp = /\\.webp(\\?|$)/.test(img.currentSrc);
  const owner = webp && source ? source : img;
  let where = '';
  for (let e = img.parentElement; e && !where; e = e.parentElement) {
    where = Array.from(e.classList).find(c => c.startsWith('culture-') && c !== 'culture-picture')
      || '';
  }
  return {
    src: img.currentSrc, natural: [img.naturalWidth, img.naturalHeight],
    box: [r.width, r.height], fit: style.objectFit, dpr: window.devicePixelRatio,
    srcset: owner.getAttribute('srcset') || '', sizes: owner.getAttribute('sizes') || '',
    where: where,
    photo: /\\/photos\\//.test(img.currentSrc), complete: img.complete,
  };
})"""

SCROLL_JS = """async () => {
  const step = Math.max(200, window.innerHeight / 2);
  for (let y = 0; y < document.body.scrollHeight; y += step) {
    window.scrollTo(0, y);
    await new Promise(r => setTimeout(r, 30));
  }
  window.scrollTo(0, 0);
  await Promise.all(Array.from(document.images).filter(i => !i.complete)
    .map(i => new Promise(r => { i.onload = i.onerror = r; })));
}"""


@dataclass(frozen=True)
class Shown:
    """One photo as Chromium shows it."""

    page: str
    where: str  # the first culture-* class of its containers (culture-card, culture-portrait...)
    src: str
    natural: tuple[int, int]  # the chosen source's pixels (from its name: naturalWidth is
    # divided by the density the srcset gives it)
    box: tuple[float, float]  # CSS px of the <img> box
    fit: str
    dpr: float
    candidates: tuple[int, ...]  # the w descriptors it could choose from
    sizes: str

    @property
    def drawn(self) -> float:
        """CSS px width the chosen source's content is drawn at (object-fit applied)."""
        bw, bh = self.box
        nw, nh = self.natural
        if not nw or not nh:
            return bw
        wide = bh * nw / nh  # the width at the box's height
        if self.fit == "cover":
            return max(bw, wide)
        if self.fit == "contain":
            return min(bw, wide)
        return bw

    @property
    def need(self) -> float:
        """Device pixels of width the drawing needs."""
        return self.drawn * self.dpr

    @property
    def width(self) -> int:
        """The chosen source's width in pixels."""
        return self.natural[0]

    @property
    def format(self) -> str:
        """The chosen source's format, from its name."""
        return "webp" if self.src.endswith(".webp") else "jpeg"

    @property
    def upscaled(self) -> bool:
        """Drawn wider than its pixels, though a wider source existed (one device px slack)."""
        return self.need > self.width + 1 and self.width < max(self.candidates, default=0)

    @property
    def smallest_enough(self) -> int:
        """The width an exact `sizes` would have chosen: the narrowest candidate that covers
        the need, else the widest."""
        enough = [w for w in sorted(self.candidates) if w >= self.need - 1]
        return enough[0] if enough else max(self.candidates, default=self.width)

    def line(self) -> str:
        """One line for a failure message."""
        return (f"{self.page} [{self.where}] {Path(self.src).name}: {self.width} px drawn at "
                f"{self.drawn:.0f} CSS px x{self.dpr:g} = {self.need:.0f} px (box "
                f"{self.box[0]:.0f}x{self.box[1]:.0f}, {self.fit}); candidates "
                f"{list(self.candidates)}, sizes=\"{self.sizes}\"")


def pixels(src: str, natural: list[float]) -> tuple[int, int]:
    """A derivative's real pixel size: the width in its name (`<key>-<width>.webp`), the
    height by the aspect the browser reports."""
    found = re.search(r"-(\d+)\.(?:webp|jpg)$", src)
    if not found or not natural[0]:
        return round(natural[0]), round(natural[1])
    width = int(found.group(1))
    return width, round(width * natural[1] / natural[0])


def widths(srcset: str) -> tuple[int, ...]:
    """The w descriptors of a srcset."""
    return tuple(sorted(int(w) for w in re.findall(r"\s(\d+)w(?:,|$)", srcset)))


def new_page(browser, viewport: str):
    """A fresh context and page at one of VIEWPORTS (fresh: no image cache from another size)."""
    width, height, dpr = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=dpr)
    return context, context.new_page()


def shown_photos(page, url: str, label: str) -> list[Shown]:
    """Every derivative photo drawn on the page at `url`, once lazy ones have loaded."""
    page.goto(url, wait_until="networkidle")
    page.evaluate(SCROLL_JS)
    found = []
    for item in page.evaluate(MEASURE_JS):
        if not item["photo"] or item["box"][0] < 1:
            continue
        found.append(Shown(label, item["where"], item["src"], pixels(item["src"], item["natural"]),
                           tuple(item["box"]), item["fit"], item["dpr"],
                           widths(item["srcset"]), item["sizes"]))
    return found


def photo_pages(site: Path) -> dict[str, str]:
    """One URL per intranet page type that shows photos: home, section indexes, a story of
    each kind (one with body photos among them), pioneer profile and index, and the outlet,
    tag and campaign hubs. Found in the built site by its folders and its <picture>s."""
    def with_photos(folder: str, *, body: bool = False) -> str | None:
        for page in sorted((site / folder).glob("*/index.html")):
            html = page.read_text("utf-8")
            if "culture-picture" in html and (not body or 'class="culture-photo"' in _body(html)):
                return page.parent.relative_to(site).as_posix() + "/"
        return None

    types: dict[str, str | None] = {"home": ""}
    for section in ("moments", "culture-wall", "pioneer-posts", "talk", "morning"):
        if (site / section / "index.html").exists():
            types[f"index-{section}"] = f"{section}/"
            types[f"story-{section}"] = with_photos(section)
    types["story-body-photos"] = with_photos("talk", body=True) or with_photos("moments", body=True)
    for hub in ("outlets", "tags", "campaigns"):
        index = site / hub / "index.html"
        shows = index.exists() and "culture-picture" in index.read_text("utf-8")
        types[f"hub-{hub}"] = with_photos(hub) or (f"{hub}/" if shows else None)
    return {k: v for k, v in types.items() if v is not None}


def _body(html: str) -> str:
    """The story body: what comes before the photo grid."""
    return html.split('class="culture-photos"')[0]
