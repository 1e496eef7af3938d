"""The catalogue of demo images, part one: shared helpers, culture wall, pioneer posts, talk."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from . import compose as C
from . import people as P
from . import posters as Q

LAND, WIDE, TALL = (1800, 1200), (2000, 1500), (1350, 1800)
POSTER, TALL_POSTER, PORTRAIT = (1500, 2100), (1500, 2400), (1200, 1600)
BUDGET = 15 * 1024 * 1024
GPS_QIANMEN = (39.8956, 116.3975)  # fictional shots "taken" in the old streets south of Qianmen


@dataclass(frozen=True)
class Job:
    """One image: where it goes, how it is drawn, and the EXIF it is saved with."""

    path: str
    draw: Callable[[random.Random], Image.Image]
    when: str | None = None  # EXIF DateTimeOriginal, "YYYY:MM:DD HH:MM:SS"
    orientation: int = 1
    gps: tuple[float, float] | None = None


def foreigner(rng: random.Random) -> P.Look:
    """A visitor from abroad (light hair, backpack-casual clothes)."""
    return P.Look(
        coat=rng.choice([(60, 120, 170), (210, 120, 60), (90, 140, 90)]),
        trousers=(200, 186, 150),
        hair=rng.choice([(206, 170, 110), (150, 100, 60)]),
        skin=(246, 222, 204),
        long_hair=rng.random() < 0.5,
    )


def crowd(rng: random.Random, n: int, zone=(-1.0, 4.5, 7.0, 13.0)) -> list:
    """Customers standing about the lobby floor, facing either way."""
    x0, x1, z0, z1 = zone
    return [
        (
            rng.uniform(x0, x1),
            rng.uniform(z0, z1),
            rng.uniform(1.58, 1.8),
            P.customer(rng),
            rng.choice(["front", "back"]),
            "down",
        )
        for _ in range(n)
    ]


def seated(rng: random.Random, rows=(9.0, 11.0), n: int = 4, elders: bool = False) -> list:
    """Customers waiting on the lobby seats (rows of chairs at the given depths)."""
    out = []
    for z in rows:
        for i in rng.sample(range(6), n):
            look = P.elder(rng, False) if elders and rng.random() < 0.5 else P.customer(rng)
            out.append((-5.5 + i * 0.6 + 0.26, z + 0.25, 1.25, look, "front", "seated"))
    return out


# ---- culture wall -----------------------------------------------------------------------


def culture_wall() -> list[Job]:
    """Every culture-wall image: idea and rule posters, exemplar photos."""
    return ideas() + rules() + exemplars()


def ideas() -> list[Job]:
    """Posters of the core ideas, one of them also photographed on the wall."""
    cw = "culture-wall/"
    philosophy = {
        "title": ["客户为尊 服务如意", "员工为本 诚信如一"],
        "label": "服 务 文 化 理 念",
        "body": [
            "以客户为中心，为客户提供方便、舒适、安全的服务环境",
            "以员工为根本，让每一位员工都成为服务文化的践行者",
        ],
    }
    return [
        Job(
            cw + "ke-hu-wei-zun-fu-wu-ru-yi/poster.jpg", lambda r: Q.poster(POSTER, r, **philosophy)
        ),
        Job(
            cw + "ke-hu-wei-zun-fu-wu-ru-yi/wall.jpg",
            lambda r: Q.on_wall(Q.poster(POSTER, r, **philosophy), WIDE, r),
            "2024:05:06 10:12:40",
        ),
        Job(
            cw + "er-xian-fu-wu-yi-xian/poster.jpg",
            lambda r: Q.poster(
                POSTER,
                r,
                title=["二线服务一线", "全行服务客户"],
                label="服 务 理 念",
                body=[
                    "部室员工下沉网点做大堂协理",
                    "网点的难题，分管负责人亲临现场解决",
                    "重大服务纠纷，服务干部第一时间到场",
                    "网点提出的问题，立即答复",
                ],
                seal_text="一线为先",
            ),
        ),
        Job(
            cw + "yi-ke-hu-wei-zhong-xin/poster.jpg",
            lambda r: Q.poster(
                POSTER,
                r,
                title=["以客户为中心"],
                label="服 务 理 念",
                body=[
                    "精细化服务为指导思想",
                    "网点标准化改革为主线",
                    "规范化服务为主题",
                    "以高效优质的服务质量赢得客户",
                ],
                seal_text="客户至上",
            ),
        ),
        Job(
            cw + "si-ge-yin-hang/poster.jpg",
            lambda r: Q.poster(
                POSTER,
                r,
                title=["打造四个银行"],
                label="服 务 目 标",
                grid=[
                    ("客户首选银行", "让客户办业务第一个想到工行"),
                    ("客户优质体验银行", "每一次办理都方便、舒适、安全"),
                    ("员工满意银行", "员工为本，与支行共同成长"),
                    ("客户信赖银行", "诚信如一，值得托付"),
                ],
                seal_text="四个银行",
            ),
        ),
        Job(
            cw + "san-xiang-zhui-qiu/poster.jpg",
            lambda r: Q.poster(
                POSTER,
                r,
                title=["服务重质量", "业务讲技能", "窗口塑形象"],
                label="全 辖 员 工 追 求 目 标",
                body=["服务驻点培训 · 晨会十五分钟 · 案例剖析"],
                seal_text="精益求精",
            ),
        ),
    ]


def rules() -> list[Job]:
    """Posters of the public rules: first-inquiry responsibility, conduct, complaints."""
    cw = "culture-wall/"
    return [
        Job(
            cw + "shou-wen-fu-ze-zhi/poster.jpg",
            lambda r: Q.poster(
                POSTER,
                r,
                title=["首问负责制"],
                label="规 章 制 度",
                seal_text="首问负责",
                steps=[
                    ("首问接待", "第一位被询问的员工就是责任人"),
                    ("主动引导", "能办的马上办，不能办的带到位"),
                    ("跟踪办理", "全程跟进，不让客户来回跑"),
                    ("回访确认", "办结后确认客户满意"),
                ],
            ),
        ),
        Job(
            cw + "fu-wu-gui-fan/poster.jpg",
            lambda r: Q.poster(
                TALL_POSTER,
                r,
                title=["员工服务规范"],
                label="规 章 制 度",
                seal_text="规范服务",
                steps=[
                    ("语言", "问候在先，请字当头，普通话清晰"),
                    ("表情", "目光亲切，微笑自然"),
                    ("发型", "前不遮眉，侧不掩耳，长发盘起"),
                    ("行为举止", "站立端正，递接双手，唱收唱付"),
                    ("服饰佩戴", "统一行服，工号牌佩戴在左胸"),
                ],
            ),
        ),
        Job(
            cw + "tou-su-chu-li/poster.jpg",
            lambda r: Q.poster(
                POSTER,
                r,
                title=["投诉处理渠道"],
                label="您 的 意 见 我 们 的 方 向",
                seal_text="诚信如一",
                body=[
                    "工商银行客户服务热线  95588",
                    "7×24 小时",
                    "珠市口支行投诉电话  010-6702 0000",
                    "工作日 9:00-17:00",
                    "首问负责 · 限时办结 · 件件有回音",
                ],
            ),
        ),
    ]


def exemplars() -> list[Job]:
    """Photos of the three exemplar cases."""
    cw = "culture-wall/"
    t1 = cw + "2025-04-18-shou-wen-fu-ze-bang-you-ke-bu-ban-ka/"
    t2 = cw + "2024-11-06-gui-yuan-lan-jie-zha-pian-hui-kuan/"
    t3 = cw + "2025-08-20-er-xian-xia-chen-da-tang-xie-li/"
    return [
        Job(
            t1 + "1.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                [
                    (-2.0, 4.6, 1.66, P.staff(r, False), "front", "point"),
                    (-1.1, 4.3, 1.62, P.customer(r), "back", "down"),
                    (-0.6, 4.5, 1.7, P.customer(r), "back", "down"),
                    *seated(r, n=3),
                ],
                oz=0.8,
                ox=-1.2,
            ),
            "2025:04:18 11:02:10",
        ),
        Job(
            t1 + "2.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                [
                    (0.0, 6.0, 1.66, P.staff(r, False), "front", "down"),
                    (1.2, 6.0, 1.7, P.customer(r), "front", "down"),
                    *seated(r, n=2),
                ],
                pennant="首问负责 情暖游客",
            ),
            "2025:04:25 15:40:31",
        ),
        Job(
            t2 + "1.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                [
                    (3.9, 7.2, 1.55, P.elder(r, True), "back", "down"),
                    (3.0, 7.6, 1.66, P.staff(r, True), "front", "hold"),
                    *seated(r, n=3, elders=True),
                    *crowd(r, 2),
                ],
                ox=1.6,
                oz=1.5,
                led=("请 A051 号 到 2 号窗口", "A052  A053"),
            ),
            "2024:11:06 10:21:55",
        ),
        Job(
            t2 + "2.jpg",
            lambda r: C.lobby(
                TALL,
                r,
                [
                    (-0.6, 5.4, 1.55, P.elder(r, False), "front", "down"),
                    (0.9, 5.4, 1.64, P.staff(r, True), "front", "down"),
                ],
                pennant="火眼金睛 守护养老钱",
                ox=0.2,
                oz=2.2,
            ),
            "2024:11:20 14:05:12",
            orientation=6,
        ),
        Job(
            t3 + "1.jpg",
            lambda r: C.lobby(
                WIDE,
                r,
                [
                    (-1.5, 6.2, 1.68, P.volunteer(r, P.staff(r)), "front", "point"),
                    (1.8, 9.0, 1.7, P.volunteer(r, P.staff(r)), "front", "hold"),
                    *crowd(r, 7),
                    *seated(r, n=5),
                ],
                led=("请 A112 号 到 4 号窗口", "等候 9 人  预计 12 分钟"),
            ),
            "2025:08:20 10:45:03",
        ),
        Job(
            t3 + "2.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                [
                    (-2.4, 4.2, 1.64, P.volunteer(r, P.staff(r, True)), "front", "hold"),
                    (-1.4, 4.4, 1.55, P.elder(r, True), "front", "down"),
                    *seated(r, n=4, elders=True),
                ],
                ox=-2.0,
                oz=1.0,
            ),
            "2025:08:22 09:31:44",
        ),
    ]


# ---- pioneer posts ----------------------------------------------------------------------


def pioneer_posts() -> list[Job]:
    """Illustrated portraits of the four party members on duty."""
    sitters = {
        "wang-jian-hua": Q.Sitter(
            "王建华", "大堂经理", "前门支行", 2006, False, "side", grey=0.35, face=1.04
        ),
        "liu-jing": Q.Sitter(
            "刘静",
            "综合柜员",
            "珠市口支行营业室",
            2012,
            True,
            "bun",
            backdrop=(40, 90, 150),
            face=0.94,
        ),
        "chen-zhi-yuan": Q.Sitter(
            "陈志远",
            "理财经理",
            "天桥支行",
            2015,
            False,
            "crop",
            glasses=True,
            backdrop=(120, 130, 150),
        ),
        "zhao-xue-mei": Q.Sitter(
            "赵雪梅",
            "个人客户经理",
            "天桥支行",
            2009,
            True,
            "bob",
            grey=0.12,
            backdrop=(200, 150, 60),
        ),
    }
    return [
        Job(f"pioneer-posts/{slug}/portrait.jpg", lambda r, s=sitter: Q.portrait(PORTRAIT, r, s))
        for slug, sitter in sitters.items()
    ]


# ---- culture talk -----------------------------------------------------------------------


def talk() -> list[Job]:
    """Photos of the staff articles: two covers and one photo inside an article's text."""
    return [
        Job(
            "talk/2025-05-08-cong-yi-ju-nin-hao-tan-qi/cover.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                [
                    (3.9, 6.2, 1.7, P.customer(r), "back", "down"),
                    (3.8, 9.0, 1.6, P.elder(r), "back", "down"),
                ],
                ox=2.2,
                oz=2.0,
            ),
            "2025:05:06 16:40:02",
        ),
        Job(
            "talk/2025-11-12-wo-zai-da-tang-dang-xie-li/cover.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                [
                    (-1.6, 5.0, 1.7, P.volunteer(r, P.staff(r, False)), "front", "hold"),
                    (-0.7, 5.2, 1.62, P.customer(r), "front", "down"),
                    *crowd(r, 3),
                ],
                ox=-1.0,
                oz=1.0,
                led=("请 A086 号 到 1 号窗口", "等候 6 人"),
            ),
            "2025:11:10 10:11:19",
        ),
        Job(  # shown inside the article's text (a body image), not as a cover
            "talk/2026-03-18-shou-wen-fu-ze-bu-shi-yi-ju-kou-hao/1.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                [
                    (-1.4, 4.7, 1.72, P.staff(r, False), "front", "point"),
                    (-0.6, 4.9, 1.62, P.customer(r), "back", "down"),
                    *seated(r, n=2),
                ],
                ox=-0.8,
                oz=1.0,
                led=("请 A112 号 到 2 号窗口", "A113  A114  V006"),
            ),
            "2026:03:16 09:48:31",
        ),
    ]
