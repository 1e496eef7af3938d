"""Site search at scale: index bytes against raw text, time to the first result in Chromium.

Builds the demo site once, then for each size copies it and writes a search index holding the
demo's pages plus N generated stories (~800 characters each, sentences drawn from the demo's
stories; tests/search_support.py), with the build's own entry function. For each size it prints:

* index bytes, raw text bytes (titles and page text, UTF-8) and their ratio; gzip and brotli
  sizes as published (gallery.publish.compress settings);
* the same documents in Material's former format (jieba-segmented with U+200B, ASCII-escaped
  JSON, as `search_index.json` was), as the anchor;
* the seconds to write our entries and to jieba-segment the same text (what every build did);
* in Chromium (/usr/bin/chromium), over 127.0.0.1: seconds from the focus on the search box,
  typed right after `load`, to the first result (index download, parse and search), and
  the seconds of a later query once the index is loaded; the median of --rounds rounds.

The query side needs no dictionary (Han bigrams of the query): its size is 0 bytes.

    .venv/bin/python benchmarks/search_speed.py [--sizes 1000 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from search_support import generated_entries, raw_text_bytes
from support import CHROMIUM
from support import CHROMIUM_ARGS as ARGS
from test_intranet_browser import build_demo, serve

from gallery.intranet import searchindex

QUERIES = ("诈骗", "党员先锋服务")


def material_format(entries: list[list[object]]) -> tuple[int, float]:
    """Bytes of the entries as Material wrote them (jieba, U+200B, escaped), and jieba's time."""
    import jieba

    jieba.initialize()
    started = time.perf_counter()
    docs = [{"location": e[0], "title": "\u200b".join(jieba.cut(str(e[1]))),
             "text": "\u200b".join(jieba.cut(str(e[3])))} for e in entries]
    took = time.perf_counter() - started
    return len(json.dumps({"docs": docs}, separators=(",", ":")).encode()), took


def compressed(data: bytes) -> tuple[int, int]:
    """gzip -9 and brotli (quality 11) sizes, as `culture publish` writes them."""
    import brotli

    return len(gzip.compress(data, 9)), len(brotli.compress(data, quality=11))


def first_result(browser, url: str) -> tuple[float, float]:
    """Seconds from focus to the first result (typed right after load) and of a later query."""
    page = browser.new_page()
    page.goto(url, wait_until="load")
    box = page.locator("input.md-search__input")
    started = time.perf_counter()
    box.click()
    box.press_sequentially(QUERIES[0])
    page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
    first = time.perf_counter() - started
    box.fill("")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(state="detached")
    started = time.perf_counter()
    box.fill(QUERIES[1])
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
    later = time.perf_counter() - started
    page.close()
    return first, later


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        demo = build_demo(Path(tmp) / "demo")
        www = Path(tmp) / "www"
        www.mkdir()
        rows = []
        for n in args.sizes:
            site = www / f"n{n}"
            shutil.copytree(demo, site)
            own = json.loads((site / searchindex.INDEX_FILE).read_text("utf-8"))["docs"]
            started = time.perf_counter()
            entries = own + generated_entries(n)
            ours_s = time.perf_counter() - started
            data = searchindex.write_index(site, entries).read_bytes()
            raw = raw_text_bytes(entries)
            material, jieba_s = material_format(entries)
            rows.append((n, len(data), raw, compressed(data), material, ours_s, jieba_s))
        server = serve(www)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            times: dict[int, list[tuple[float, float]]] = {n: [] for n in args.sizes}
            for _ in range(args.rounds):  # interleaved: every size in each round
                for n in args.sizes:
                    times[n].append(first_result(browser, f"{base}n{n}/"))
            browser.close()
        server.shutdown()
    print(f"{'stories':>8} {'index MB':>9} {'raw MB':>7} {'ratio':>6} {'gzip MB':>8} "
          f"{'br MB':>6} {'Material MB':>12} {'entries s':>10} {'jieba s':>8} "
          f"{'first s':>8} {'later s':>8}")
    for n, size, raw, (gz, br), material, ours_s, jieba_s in rows:
        first = statistics.median(t[0] for t in times[n])
        later = statistics.median(t[1] for t in times[n])
        print(f"{n:>8} {size / 1e6:>9.2f} {raw / 1e6:>7.2f} {size / raw:>6.2f} {gz / 1e6:>8.2f} "
              f"{br / 1e6:>6.2f} {material / 1e6:>12.2f} {ours_s:>10.2f} {jieba_s:>8.2f} "
              f"{first:>8.2f} {later:>8.2f}")
    print("query-side dictionary: 0 bytes (Han bigrams of the query)")


if __name__ == "__main__":
    main()
