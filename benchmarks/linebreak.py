"""What Chinese line breaking costs a build: jieba's dictionary, loaded once a process, and the
`nobreak` filter per text, next to an anchor.

The anchor is printing the same texts the way templates did before (`{{ t }}`: escaped and
Markdown-inert). The texts are real sentences of the domain (titles, slogans, summaries and
captions of the demo and of the issue), repeated with a number so that no cache helps: N texts
rendered both ways, interleaved in rounds, best round counts. The dictionary load is timed in
fresh interpreters against the same interpreter importing the module without cutting anything.

    .venv/bin/python benchmarks/linebreak.py [-n 5000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from gallery import templating
from gallery.content import words

TEXTS = (
    "客户为尊，服务如意；员工为本，诚信如一", "服务重质量 业务讲技能 窗口塑形象",
    "系统升级，暂停办理个人外汇业务，给您带来不便敬请谅解。", "二线服务一线、全行服务客户",
    "大堂经理上门为卧床老人办理业务", "全行上下落实首问负责制做到客户为尊服务如意员工为本诚信如一",
    "窗口塑形象：柜员微笑服务，业务讲技能，今日暂停办理个人外汇业务敬请谅解（试行）",
    "大堂经理坚持首问负责制，耐心为前来办理外汇业务的老年客户讲解，客户说：「服务如意！」",
    "冬日暖心服务", "案例剖析：等候过久", "我看服务文化", "防范电信网络诈骗宣传进社区",
)
LOAD = "from gallery.content import words; words.segment('落实首问负责制做到服务如意')"
IMPORT = "from gallery.content import words"


def corpus(n: int) -> list[str]:
    """n distinct texts: the sentences above with a running number woven in."""
    return [f"{TEXTS[i % len(TEXTS)]}第{i}期" for i in range(n)]


def render_round(env, source: str, texts: list[str]) -> float:
    template = env.from_string(source)
    start = time.perf_counter()
    for text in texts:
        template.render(t=text, segment=segment)
    return time.perf_counter() - start


def fresh(code: str) -> float:
    """Wall-clock seconds of a new interpreter running `code`."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


segment = words.segmenter(["欧阳晓岚", "前门支行", "天桥支行"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    loads = [(fresh(IMPORT), fresh(LOAD)) for _ in range(3)]
    bare, load = min(a for a, _ in loads), min(b for _, b in loads)
    print(f"interpreter + import {bare:.2f} s, + first cut (jieba dictionary) {load:.2f} s: "
          f"dictionary {load - bare:.2f} s once a process")
    env = templating.environment("gallery.intranet")
    texts = corpus(args.n)
    segment(texts[0])  # the dictionary, out of the timed rounds
    plain, broken = [], []
    for _ in range(args.rounds):
        plain.append(render_round(env, "{{ t }}", texts))
        broken.append(render_round(env, "{{ t | nobreak }}", texts))
    p, b = min(plain), min(broken)
    print(f"{args.n} texts, best of {args.rounds} interleaved rounds")
    print(f"  anchor {{{{ t }}}}          {p:.3f} s  {p / args.n * 1e6:7.1f} µs/text")
    print(f"  {{{{ t | nobreak }}}}       {b:.3f} s  {b / args.n * 1e6:7.1f} µs/text")
    print(f"  ratio nobreak / anchor {b / p:.1f}x; extra per text {(b - p) / args.n * 1e6:.1f} µs")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
