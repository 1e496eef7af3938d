"""Page weight and the first search result on a real published site, in Chromium.

SITE is a folder `culture publish` made (the `.gz` and `.br` copies beside every text file),
for instance the 5,000-story site that `benchmarks/warm_build.py -n 5000 --publish --keep`
leaves in WORK/publish/site. It is served two ways, on 127.0.0.1:

* `nginx`: Debian's nginx with the configuration we ship (tests/nginx_support.py, as
  `culture server nginx` writes it): the pre-compressed copies sent as they are
  (`brotli_static`, `gzip_static`), the rest compressed on the fly. Chromium asks for
  `gzip, deflate, br, zstd` here (127.0.0.1 is a trustworthy origin, as HTTPS is), so it gets
  the `.br` copies; `nginx-gzip` sends `Accept-Encoding: gzip, deflate` instead, what Chromium
  asks over plain HTTP to an intranet host name, so it gets the `.gz` copies;
* `plain`: Python's http.server, nothing compressed (what a server without the copies and
  without `gzip on` would send).

For each page (home by default) and way, a fresh browser context (a cold cache) opens the
page and waits for the network to be idle; every response's bytes as they came over the wire
(body as encoded, plus headers; Playwright's `Request.sizes()`) are added up, with the number of
requests and the largest ones. Then the seconds from the focus on the search box (typed right
after `load`) to the first result, and of a later query (benchmarks/search_speed.py's
`first_result`), in a fresh context each round. Medians of --rounds interleaved rounds.

    .venv/bin/python benchmarks/page_weight.py SITE [--pages "" moments/] [--rounds 3]
        [--ways nginx nginx-gzip plain]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import nginx_support  # a test helper: the nginx that the tests run
from search_speed import first_result
from support import CHROMIUM
from support import CHROMIUM_ARGS as ARGS
from test_intranet_browser import serve

WAYS = ("nginx", "nginx-gzip", "plain")
VIEWPORT = {"width": 1366, "height": 768}
GZIP_ONLY = {"Accept-Encoding": "gzip, deflate"}


@dataclass
class Weight:
    """One cold page view: bytes over the wire, requests, and the heaviest responses."""

    total: int
    requests: int
    encodings: set[str] = field(default_factory=set)
    heaviest: list[tuple[int, str]] = field(default_factory=list)


def page_weight(browser, url: str, headers: dict[str, str]) -> Weight:
    """Open `url` in a fresh context, wait for network idle, add up every response's bytes."""
    context = browser.new_context(viewport=VIEWPORT, extra_http_headers=headers)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    sizes = []
    encodings = set()
    for request in finished:
        size = request.sizes()
        sizes.append((size["responseBodySize"] + size["responseHeadersSize"], request.url))
        response = request.response()
        if response is not None:
            encodings.add(response.headers.get("content-encoding", "identity"))
    context.close()
    sizes.sort(reverse=True)
    return Weight(sum(s for s, _ in sizes), len(sizes), encodings, sizes[:5])


@contextlib.contextmanager
def served(way: str, site: Path, work: Path) -> Iterator[str]:
    """The base URL of `site` served `way` for the block."""
    if way.startswith("nginx"):
        with nginx_support.running(site, work / "nginx") as server:
            yield server.url()
        return
    www = work / "www"
    www.mkdir(exist_ok=True)
    link = www / "culture"
    if not link.exists():
        link.symlink_to(site.resolve())
    server = serve(www)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/culture/"
    finally:
        server.shutdown()


def main() -> None:
    """Serve, measure interleaved, print medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("site", type=Path, help="a published site (culture publish's `site`)")
    parser.add_argument("--pages", nargs="+", default=[""], help="paths under the site")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ways", nargs="+", choices=WAYS, default=list(WAYS))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    weights: dict[tuple[str, str], list[Weight]] = {}
    searches: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for _ in range(args.rounds):  # interleaved: every way and page in each round
            for way in args.ways:
                headers = GZIP_ONLY if way == "nginx-gzip" else {}
                with served(way, args.site, Path(tmp)) as base:
                    for path in args.pages:
                        weights.setdefault((way, path), []).append(
                            page_weight(browser, base + path, headers))
                    searches.setdefault(way, []).append(first_search(browser, base, headers))
        browser.close()
    report(weights, searches)


def first_search(browser, base: str, headers: dict[str, str]) -> tuple[float, float]:
    """The first-result and later-query seconds on the home page, in a fresh context."""
    context = browser.new_context(viewport=VIEWPORT, extra_http_headers=headers)
    try:
        return first_result(context, base)
    finally:
        context.close()


def report(weights: dict[tuple[str, str], list[Weight]],
           searches: dict[str, list[tuple[float, float]]]) -> None:
    """Medians per way and page, the heaviest responses of the first round."""
    print(f"{'way':<11} {'page':<12} {'MB':>7} {'requests':>9}  encodings")
    for (way, path), runs in weights.items():
        total = statistics.median(w.total for w in runs)
        print(f"{way:<11} {'/' + path:<12} {total / 1e6:>7.3f} {runs[0].requests:>9}  "
              f"{','.join(sorted(runs[0].encodings))}")
        for size, url in runs[0].heaviest:
            print(f"{'':<25}{size / 1e3:>9.1f} KB  {url.split('/culture/', 1)[-1] or '/'}")
    print(f"{'way':<11} {'first result s':>15} {'later query s':>14}  (home page, each round)")
    for way, runs in searches.items():
        print(f"{way:<11} {statistics.median(r[0] for r in runs):>15.2f} "
              f"{statistics.median(r[1] for r in runs):>14.2f}  "
              f"{' '.join(f'{r[0]:.2f}' for r in runs)}")


if __name__ == "__main__":
    main()
