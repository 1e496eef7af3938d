"""How checking and building scale with what staff write: titles, bodies, nesting and YAML.

For each kind of input it prints, side by side and for growing sizes, the time of our checks
(which refuse the input past its limit) and the time of the later stage the limit protects
(search segmentation with jieba, Python-Markdown). The checks must grow linearly; the
protected stage is shown growing faster, which is why each limit exists (docs/errors.md).

    .venv/bin/python benchmarks/text_scaling.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import jieba
import markdown

from gallery.content.bodyguard import check_body
from gallery.content.engine import Checker
from gallery.content.model import Moment
from gallery.content.read import parse_block

SENTENCE = "大堂经理主动上前询问，耐心为老人讲解业务办理流程。"
WORDS = "服务文化展珠市口支行大堂经理客户为尊暖心老人办理业务首问负责制"


def seconds(work: Callable[[], object], repeat: int = 3) -> float:
    """The best of `repeat` runs of `work`, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def check_title(title: str) -> None:
    """Validate a moment whose title is `title` (the engine's text rules included)."""
    meta = {"title": title, "outlet": "qianmen", "date": "2024-05-01"}
    Checker("index.md", {}, {"outlet": lambda c, s, v, k: v}).values(Moment, meta)


def segment(text: str) -> None:
    """What Material's search plugin does with every run of Han characters."""
    list(jieba.cut(text.encode("utf-8")))


def table(title: str, head: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    print(f"\n{title}\n" + " | ".join(f"{h:>14}" for h in head))
    for row in rows:
        print(" | ".join(f"{c:>14.4f}" if isinstance(c, float) else f"{c!s:>14}" for c in row))


def titles() -> None:
    rows = []
    for n in (80, 1_000, 4_000, 16_000, 100_000):
        title = "甲" * n
        search = seconds(lambda t=title: segment(t), 1) if n <= 16_000 else "(minutes)"
        rows.append((n, seconds(lambda t=title: check_title(t)), search))
    table("Titles: one repeated character (worst case for jieba's HMM)",
          ("chars", "check s", "jieba s"), rows)


def bodies() -> None:
    random.seed(1)
    rows = []
    for n in (10_000, 25_000, 50_000, 100_000):
        text = (SENTENCE * (n // len(SENTENCE) + 1))[:n]
        run = "".join(random.choice(WORDS) for _ in range(n))
        rows.append((n, seconds(lambda t=text: check_body(t, "b.md", 1)),
                     seconds(lambda t=text: markdown.markdown(t), 1),
                     seconds(lambda t=text: segment(t), 1), seconds(lambda r=run: segment(r), 1)))
    table("Bodies: punctuated sentences, and one unpunctuated run of dictionary characters",
          ("chars", "check s", "markdown s", "jieba s", "jieba run s"), rows)
    rows = []
    for n in (500, 2_000, 8_000, 16_000):
        run = "甲" * n
        rows.append((n, seconds(lambda r=run: check_body(r, "b.md", 1)),
                     seconds(lambda r=run: segment(r), 1)))
    table("Unpunctuated run of one character (refused over 500: E234)",
          ("chars", "check s", "jieba s"), rows)


def nesting() -> None:
    rows = []
    for depth in (5, 10, 25, 50, 100, 200, 5_000):
        body = "".join("    " * i + "- 项\n" for i in range(depth))
        render: object = "(RecursionError)"
        if depth <= 200:
            render = seconds(lambda b=body: markdown.markdown(b), 1)
        rows.append((depth, len(body), seconds(lambda b=body: check_body(b, "b.md", 1)), render))
    table("Nested lists (refused over 10 levels: E235)",
          ("levels", "chars", "check s", "markdown s"), rows)


def yaml_files() -> None:
    rows = []
    for n in (100, 1_000, 10_000):
        block = "".join(f"key{i}: 值{i}\n" for i in range(n))
        rows.append((n, len(block), seconds(lambda b=block: parse_block(b, "a.yml"))))
    table("Flat YAML mappings", ("keys", "chars", "parse s"), rows)
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
    deep = "a: " + "[" * 100_000 + "]" * 100_000
    table("Hostile YAML (refused: E111 anchor, E112 nesting)", ("input", "chars", "answer s"),
          [("billion laughs", len(bomb), seconds(lambda: parse_block(bomb, "a.yml"))),
           ("100,000 [", len(deep), seconds(lambda: parse_block(deep, "a.yml")))])


if __name__ == "__main__":
    jieba.setLogLevel(60)
    jieba.initialize()
    titles()
    bodies()
    nesting()
    yaml_files()
