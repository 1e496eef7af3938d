"""The catalogue of demo images, part two: the service moments (two to four photos each)."""

from __future__ import annotations

import random

from . import compose as C
from . import people as P
from . import posters as Q
from .jobs import GPS_QIANMEN, LAND, POSTER, TALL, WIDE, Job, crowd, foreigner, seated

# ---- service moments --------------------------------------------------------------------


def moments() -> list[Job]:
    """Two to three photos for each service moment."""
    return (
        home_visit()
        + anti_fraud()
        + morning_meeting()
        + festival()
        + volunteer_day()
        + training()
        + golden_week()
        + phone_class()
    )


def home_visit() -> list[Job]:
    """A home visit to a bedridden customer: living room and hutong."""
    m = "moments/2024-03-15-shang-men-wei-wo-chuang-lao-ren-ban-ka/"
    return [
        Job(
            m + "1.jpg",
            lambda r: C.home(
                LAND,
                r,
                [
                    (-0.9, 3.75, 1.22, P.elder(r, False), "front", "seated"),
                    (0.9, 3.2, 1.64, P.staff(r, True), "front", "hold"),
                ],
                calendar="2024",
            ),
            "2024:03:15 15:20:08",
        ),
        Job(
            m + "2.jpg",
            lambda r: C.home(
                LAND,
                r,
                [
                    (-0.3, 3.75, 1.22, P.elder(r, False), "front", "seated"),
                    (0.6, 3.75, 1.2, P.staff(r, True), "front", "seated"),
                    (1.7, 3.1, 1.66, P.customer(r), "front", "down"),
                ],
                calendar="三月",
            ),
            "2024:03:15 15:48:51",
        ),
        Job(
            m + "3.jpg",
            lambda r: C.community(
                TALL,
                r,
                [
                    (-0.4, 7.0, 1.64, P.staff(r, True), "back", "down"),
                    (0.4, 7.3, 1.7, P.staff(r, False), "back", "hold"),
                ],
                tent_text="天桥社区便民服务站",
                standee=("社区服务", ["上门服务", "适老金融"]),
                style="hutong",
                oz=3.0,
            ),
            "2024:03:15 14:56:30",
            gps=GPS_QIANMEN,
        ),
    ]


def anti_fraud() -> list[Job]:
    """An anti-fraud talk on a community square."""
    m = "moments/2024-06-12-fan-zha-xuan-chuan-jin-she-qu/"
    tent = "防范电信网络诈骗 守护群众钱袋子"
    board = (
        "反诈小课堂",
        ["不轻信陌生来电", "不透露验证码", "不向“安全账户”转账", "有疑问拨打 96110"],
    )

    def audience(r: random.Random, front: float) -> list:
        """Residents on stools, seen from behind, in three rows."""
        return [
            (x + r.uniform(-0.1, 0.1), z, 1.22, P.elder(r, False), "back", "seated")
            for x in (-2.4, -1.2, 0.0, 1.2, 2.4)
            for z in (front, front + 1.2, front + 2.4)
        ]

    return [
        Job(
            m + "1.jpg",
            lambda r: C.community(
                LAND,
                r,
                [
                    *audience(r, 4.4),
                    (0.2, 9.0, 1.66, P.staff(r, True), "front", "hold"),
                    (1.7, 9.2, 1.72, P.volunteer(r), "front", "down"),
                ],
                tent_text=tent,
                standee=board,
            ),
            "2024:06:12 09:36:12",
        ),
        Job(
            m + "2.jpg",
            lambda r: C.community(
                WIDE,
                r,
                [
                    *audience(r, 3.8),
                    (-0.8, 9.0, 1.66, P.staff(r, True), "front", "point"),
                    (0.8, 9.0, 1.7, P.staff(r, False), "front", "hold"),
                ],
                tent_text=tent,
                standee=board,
            ),
            "2024:06:12 09:52:40",
        ),
        Job(
            m + "3.jpg",
            lambda r: C.community(
                TALL,
                r,
                [
                    (-0.5, 6.2, 1.55, P.elder(r, True), "front", "down"),
                    (0.5, 6.2, 1.66, P.staff(r, True), "front", "hold"),
                ],
                tent_text=tent,
                standee=board,
                oz=2.5,
            ),
            "2024:06:12 10:15:05",
            orientation=8,
        ),
    ]


def morning_meeting() -> list[Job]:
    """The 15-minute morning meeting in the lobby before opening (internal)."""
    m = "moments/2024-09-02-chen-hui-shi-wu-fen-zhong/"
    led = ("晨会 08:15-08:30", "学规定 · 析案例")

    def lines(r: random.Random) -> list:
        """Staff in two rows facing the camera, the host facing them."""
        row = [
            (x, z, 1.66, P.staff(r), "front", "down")
            for z in (9.0, 10.2)
            for x in (-3.0, -1.8, -0.6, 0.6, 1.8)
        ]
        return row + [(-0.6, 6.0, 1.7, P.staff(r, False), "back", "hold")]

    return [
        Job(
            m + "1.jpg",
            lambda r: C.lobby(LAND, r, lines(r), led=led, morning=True),
            "2024:09:02 08:17:22",
        ),
        Job(
            m + "2.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                lines(r)[:6] + [(1.2, 7.8, 1.7, P.staff(r, False), "front", "point")],
                led=led,
                morning=True,
                ox=0.8,
                oz=2.5,
            ),
            "2024:09:02 08:24:09",
        ),
    ]


def festival() -> list[Job]:
    """The lobby decorated for the Spring Festival, and its poster."""
    m = "moments/2025-01-20-ying-xin-chun-da-tang-huan-xin-zhuang/"
    spring = "新春快乐 · 工行与您共迎新春"
    return [
        Job(
            m + "1.jpg",
            lambda r: C.lobby(
                WIDE,
                r,
                [*seated(r, n=3), *crowd(r, 4), (0.3, 6.5, 1.66, P.staff(r), "front", "wave")],
                slogan=spring,
                festival=True,
            ),
            "2025:01:20 09:05:41",
        ),
        Job(
            m + "2.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                [
                    (-0.4, 5.5, 1.66, P.staff(r, True), "front", "hold"),
                    (0.6, 5.6, 1.2, P.child(r), "front", "wave"),
                    (1.2, 5.7, 1.72, P.customer(r), "front", "down"),
                ],
                slogan=spring,
                festival=True,
                oz=0.5,
            ),
            "2025:01:24 10:30:17",
        ),
        Job(
            m + "3.jpg",
            lambda r: Q.on_wall(
                Q.poster(
                    POSTER,
                    r,
                    title=["福满京城", "工行送福"],
                    label="新 春 服 务",
                    body=["免费领取春联、福字", "新春零钱兑换专窗", "老年客户优先办理"],
                    seal_text="新春大吉",
                ),
                TALL,
                r,
                wall=(214, 196, 170),
            ),
            "2025:01:20 09:12:03",
        ),
    ]


def volunteer_day() -> list[Job]:
    """Volunteer day at a hutong corner."""
    m = "moments/2025-03-05-xue-lei-feng-zhi-yuan-fu-wu-ri/"
    stand = ("工行志愿服务站", ["零钱兑换", "反假币知识", "适老金融咨询"])

    def team(r: random.Random, z: float) -> list:
        """Three volunteers in red vests behind the table."""
        return [
            (x, z, 1.68, P.volunteer(r), "front", pose)
            for x, pose in ((-1.0, "hold"), (0.0, "wave"), (1.0, "down"))
        ]

    return [
        Job(
            m + "1.jpg",
            lambda r: C.community(
                LAND,
                r,
                [
                    *team(r, 9.0),
                    (-0.6, 6.4, 1.55, P.elder(r, True), "back", "down"),
                    (0.6, 6.6, 1.7, P.customer(r), "back", "down"),
                ],
                tent_text="学雷锋志愿服务",
                standee=stand,
                style="hutong",
            ),
            "2025:03:05 09:40:26",
            gps=GPS_QIANMEN,
        ),
        Job(
            m + "2.jpg",
            lambda r: C.community(
                WIDE, r, [*team(r, 7.5)], tent_text="学雷锋志愿服务", standee=stand, style="hutong"
            ),
            "2025:03:05 11:58:02",
        ),
        Job(
            m + "3.jpg",
            lambda r: C.community(
                TALL,
                r,
                [
                    (0.0, 6.0, 1.68, P.volunteer(r, P.staff(r, True)), "front", "hold"),
                    (0.9, 6.1, 1.56, P.elder(r, False), "front", "down"),
                ],
                tent_text="学雷锋志愿服务",
                standee=stand,
                style="hutong",
                oz=2.5,
            ),
            "2025:03:05 10:20:44",
        ),
    ]


def training() -> list[Job]:
    """On-site service training in a classroom."""
    m = "moments/2025-07-10-fu-wu-zhu-dian-pei-xun/"
    return [
        Job(
            m + "1.jpg",
            lambda r: C.classroom(
                LAND,
                r,
                [(2.8, 9.8, 1.7, P.staff(r, True), "front", "point")],
                title="服务驻点培训 · 第三讲",
                bullets=[
                    "首问负责制的四个环节",
                    "投诉处理：倾听、致歉、解决、回访",
                    "情景演练：老年客户办理挂失",
                ],
                seated_looks=[P.staff(r) for _ in range(8)],
            ),
            "2025:07:10 14:12:37",
        ),
        Job(
            m + "2.jpg",
            lambda r: C.classroom(
                WIDE,
                r,
                [
                    (-1.0, 8.6, 1.66, P.staff(r, True), "front", "hold"),
                    (0.2, 8.6, 1.7, P.staff(r, False), "front", "down"),
                ],
                title="情景演练",
                bullets=[
                    "角色：大堂经理 / 客户",
                    "要点：先安抚情绪，再解决问题",
                    "点评：语言、表情、举止",
                ],
                rows=3,
                seated_looks=[P.staff(r) for _ in range(8)],
            ),
            "2025:07:10 15:30:05",
        ),
    ]


def golden_week() -> list[Job]:
    """Visitors from abroad in the Qianmen lobby in Golden Week."""
    m = "moments/2025-10-03-guo-qing-jing-wai-lai-bin-zhi-fu-bian-li/"
    return [
        Job(
            m + "1.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                [
                    (-0.6, 6.0, 1.66, P.staff(r, True), "front", "point"),
                    (0.4, 6.2, 1.8, foreigner(r), "back", "down"),
                    (1.1, 6.4, 1.74, foreigner(r), "back", "down"),
                    *crowd(r, 4),
                    *seated(r, n=3),
                ],
                slogan="欢迎来到前门 · Welcome to Qianmen",
                notice="外币兑换 · 外卡支付咨询",
            ),
            "2025:10:03 13:26:18",
        ),
        Job(
            m + "2.jpg",
            lambda r: C.lobby(
                LAND,
                r,
                [
                    (3.6, 6.6, 1.82, foreigner(r), "back", "down"),
                    (2.7, 6.8, 1.64, P.staff(r, False), "front", "hold"),
                ],
                ox=1.4,
                oz=1.2,
                slogan="欢迎来到前门 · Welcome to Qianmen",
                notice="外币兑换 · 外卡支付咨询",
            ),
            "2025:10:04 10:02:55",
        ),
    ]


def phone_class() -> list[Job]:
    """A mobile-banking class for elderly customers."""
    m = "moments/2026-04-22-yin-fa-shou-ji-yin-hang-ke-tang/"

    def elders(r: random.Random) -> list:
        """Elderly learners for the class rows."""
        return [P.elder(r, False) for _ in range(8)]

    return [
        Job(
            m + "1.jpg",
            lambda r: C.classroom(
                LAND,
                r,
                [(2.6, 9.4, 1.7, P.staff(r, False), "front", "point")],
                title="手机银行小课堂",
                bullets=[
                    "第一课：登录与查询余额",
                    "第二课：扫码付款要核对金额",
                    "第三课：陌生链接不点开",
                ],
                seated_looks=elders(r),
                wall=(232, 224, 206),
            ),
            "2026:04:22 09:45:10",
        ),
        Job(
            m + "2.jpg",
            lambda r: C.classroom(
                WIDE,
                r,
                [
                    (-0.4, 5.6, 1.64, P.staff(r, True), "front", "hold"),
                    (0.6, 5.7, 1.55, P.elder(r, False), "front", "down"),
                ],
                title="手机银行小课堂",
                bullets=["一对一帮您装好、学会", "不懂就问，学会为止"],
                rows=2,
                seated_looks=elders(r),
                wall=(232, 224, 206),
            ),
            "2026:04:22 10:20:48",
        ),
    ]
