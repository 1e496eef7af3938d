"""Which photo widths and formats the site actually asks for, measured in Chromium.

Builds the demo (or takes a built site), serves it on 127.0.0.1 and opens every intranet page
type that shows photos at 1366x768@1x, 390x844@3x, 1920x1080, 3840x2160 and 1080x1920
(portrait): for every photo, the source Chromium chose (`currentSrc`), how wide it draws it and
how many device pixels that needs; the lightbox on a story page at each viewport; and the
lobby screens' playlists (the player takes the one URL its playlist names). Prints what each
use requests and which derivative sizes (by the configured long side) no use requested.

    .venv/bin/python benchmarks/photo_requests.py [--site DIR]

The measurement behind the default `images:` set; see docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import collections
import functools
import http.server
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import photo_sizes  # a test helper: what Chromium shows of each photo

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def build_demo(out: Path) -> Path:
    """The repository's demo built with mkdocs --strict into `out`."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(out), strict=True)
    build(config)
    return out


def lightbox(page, url: str) -> dict | None:
    """Open the first lightbox photo of a story page; what it draws and from which file."""
    page.goto(url, wait_until="networkidle")
    links = page.locator("figure.culture-photo a.glightbox")
    if not links.count():
        return None
    links.first.click()
    img = page.locator(".glightbox-container .gslide.current img")
    img.wait_for(state="visible")
    page.wait_for_timeout(600)  # the opening animation
    return img.evaluate("""i => ({src: i.currentSrc, natural: [i.naturalWidth, i.naturalHeight],
        box: [i.getBoundingClientRect().width, i.getBoundingClientRect().height],
        dpr: devicePixelRatio})""")


def screens(site: Path) -> list[str]:
    """One line per lobby-screen slide image: screen, the file and its width."""
    lines = []
    for playlist in sorted((site / "screen").glob("*/playlist.json")):
        data = json.loads(playlist.read_text("utf-8"))
        for item in data.get("items", []):
            image = item.get("image")
            if image:
                lines.append(f"{playlist.parent.name} {item['kind']}: {Path(image['src']).name} "
                             f"{image['width']}x{image['height']} ({image['fit']})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the demo)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="photo-requests-") as temp:
        site = args.site or build_demo(Path(temp) / "site")
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        types = photo_sizes.photo_pages(site)
        used: dict[tuple[int, str], set[str]] = collections.defaultdict(set)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for viewport in photo_sizes.VIEWPORTS:
                print(f"\n## {viewport}")
                for kind, url in types.items():
                    # A fresh context per page: Chromium takes a wider source it already holds.
                    context, page = photo_sizes.new_page(browser, viewport)
                    shown = photo_sizes.shown_photos(page, base + url, kind)
                    context.close()
                    by_where: dict[str, list] = collections.defaultdict(list)
                    for s in shown:
                        by_where[s.where].append(s)
                        used[(s.width, s.format)].add(f"{kind}/{s.where}@{viewport}")
                    for where, items in by_where.items():
                        chosen = sorted({f"{s.width}{s.format[0]}" for s in items})
                        needs = sorted({round(s.need) for s in items})
                        worst = max(s.need / s.width for s in items)
                        over = max(s.width / s.need for s in items)
                        print(f"{kind:24} {where:28} n={len(items):2} chosen {chosen} "
                              f"need {needs[0]}-{needs[-1]} px, need/chosen max {worst:.2f}, "
                              f"chosen/need max {over:.2f}")
                story = types.get("story-moments")
                context, page = photo_sizes.new_page(browser, viewport)
                box = lightbox(page, base + story) if story else None
                if box:
                    need = box["box"][0] * box["dpr"]
                    print(f"{'lightbox':24} {Path(box['src']).name} {box['natural']} drawn "
                          f"{box['box'][0]:.0f}x{box['box'][1]:.0f} CSS px, need {need:.0f} px")
                context.close()
            browser.close()
        server.shutdown()
        print("\n## lobby screens (playlist.json)")
        print("\n".join(screens(site)))
        print("\n## chosen (width, format) on pages: uses")
        for key in sorted(used):
            print(key, len(used[key]), sorted(used[key])[:4])


if __name__ == "__main__":
    main()
