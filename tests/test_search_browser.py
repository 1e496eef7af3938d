"""Search on the demo site in real Chromium: the relevance table (queries staff type and the
stories each must return in its first five results).

The table is the guard for every change to search: keep it stable. Pages are given under the
site root (as their URL paths).
"""

from __future__ import annotations

import shutil

import pytest
from test_intranet_browser import ARGS, CHROMIUM, SUB, Watched, build_demo, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FRAUD = "culture-wall/2024-11-06-gui-yuan-lan-jie-zha-pian-hui-kuan/"
FRAUD_TALK = "moments/2024-06-12-fan-zha-xuan-chuan-jin-she-qu/"
HELPER_TALK = "talk/2025-11-12-wo-zai-da-tang-dang-xie-li/"
LIU_JING = "pioneer-posts/liu-jing/"
BEDSIDE = "moments/2024-03-15-shang-men-wei-wo-chuang-lao-ren-ban-ka/"
TOURIST = "culture-wall/2025-04-18-shou-wen-fu-ze-bang-you-ke-bu-ban-ka/"
LOBBY_HELPERS = "culture-wall/2025-08-20-er-xian-xia-chen-da-tang-xie-li/"
PHONE_CLASS = "moments/2026-04-22-yin-fa-shou-ji-yin-hang-ke-tang/"
FIRST_ASKED_TALK = "talk/2026-03-18-shou-wen-fu-ze-bu-shi-yi-ju-kou-hao/"

# query -> the pages that must all be among its first five results
RELEVANCE: dict[str, tuple[str, ...]] = {
    # campaign words and what staff call a kind of story
    "诈骗": (FRAUD, FRAUD_TALK, LIU_JING, HELPER_TALK),
    "反诈": (FRAUD, FRAUD_TALK, LIU_JING),
    "骗局": (FRAUD, FRAUD_TALK),
    "反诈宣传": (FRAUD_TALK,),
    "窗口塑形象": ("campaigns/chuang-kou-su-xing-xiang/", "culture-wall/san-xiang-zhui-qiu/"),
    "十九大": ("campaigns/xi-ying-shi-jiu-da/",),
    "学雷锋": ("moments/2025-03-05-xue-lei-feng-zhi-yuan-fu-wu-ri/",),
    "红灯笼": ("moments/2025-01-20-ying-xin-chun-da-tang-huan-xin-zhuang/",),
    "养老钱": (FRAUD, LIU_JING),
    "老人": (BEDSIDE, FRAUD),
    # names and posts
    "刘静": (LIU_JING, FRAUD, "talk/2025-05-08-cong-yi-ju-nin-hao-tan-qi/"),
    "王建华": ("pioneer-posts/wang-jian-hua/", TOURIST, FIRST_ASKED_TALK),
    "赵雪梅": ("pioneer-posts/zhao-xue-mei/", BEDSIDE),
    "陈志远": ("pioneer-posts/chen-zhi-yuan/", PHONE_CLASS),
    "李敏": ("moments/2024-09-02-chen-hui-shi-wu-fen-zhong/",),
    "理财经理": ("pioneer-posts/chen-zhi-yuan/",),
    "大堂经理": ("pioneer-posts/wang-jian-hua/",),
    "党员先锋服务": ("pioneer-posts/",),
    # places
    "天桥支行": ("outlets/tianqiao/",),
    "前门大街": (TOURIST, "moments/2025-10-03-guo-qing-jing-wai-lai-bin-zhi-fu-bian-li/"),
    "胡同": (BEDSIDE, "moments/2025-03-05-xue-lei-feng-zhi-yuan-fu-wu-ri/"),
    # services
    "上门办卡": (BEDSIDE,),
    "上门服务": (BEDSIDE, "pioneer-posts/zhao-xue-mei/"),
    "适老服务": ("pioneer-posts/zhao-xue-mei/", BEDSIDE, PHONE_CLASS),
    "手机银行": (PHONE_CLASS, "pioneer-posts/chen-zhi-yuan/"),
    "外币兑换": ("moments/2025-10-03-guo-qing-jing-wai-lai-bin-zhi-fu-bian-li/",),
    "社保卡": (BEDSIDE,),
    "服务驻点培训": ("moments/2025-07-10-fu-wu-zhu-dian-pei-xun/",),
    "大堂协理": (LOBBY_HELPERS, HELPER_TALK),
    # rules
    "首问负责制": ("culture-wall/shou-wen-fu-ze-zhi/", FIRST_ASKED_TALK),
    "投诉电话": ("culture-wall/tou-su-chu-li/", "morning/2017-09-08-ke-hu-tou-su-chu-li-cheng-xu/"),
    "95588": ("culture-wall/tou-su-chu-li/",),
    "晨会": ("culture-wall/chen-hui-xue-xi/", "moments/2024-09-02-chen-hui-shi-wu-fen-zhong/"),
    "二线服务一线": ("culture-wall/er-xian-fu-wu-yi-xian/",),
    "服务规范": ("culture-wall/fu-wu-gui-fan/",),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The base URL of the demo site, built and served on 127.0.0.1 under /culture/."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    www = tmp_path_factory.mktemp("www-search")
    shutil.move(str(build_demo(tmp_path_factory.mktemp("demo"))), www / SUB)
    server = serve(www)
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUB}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def watched(browser):
    w = Watched(browser, (1366, 768))
    yield w
    w.close()


def ask(page, query: str) -> list[str]:
    """Clear the search box, type `query`, and return the result pages (paths under the site)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")  # Material reads the box on keyup
    page.locator(".md-search-result__item").first.wait_for(state="detached", timeout=10_000)
    box.fill(query)
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    return page.eval_on_selector_all(".md-search-result__item > a",
                                     "els => els.map(e => e.pathname)")


def test_the_relevance_table(demo, watched):
    watched.page.goto(demo, wait_until="networkidle")
    root = "/" + SUB + "/"
    missing = {}
    for query, wanted in RELEVANCE.items():
        top = [path.removeprefix(root) for path in ask(watched.page, query)[:5]]
        lost = [page for page in wanted if page not in top]
        if lost:
            missing[query] = (lost, top)
    assert missing == {}
    assert watched.errors == [] and watched.off_host == []
    assert len(RELEVANCE) >= 20
