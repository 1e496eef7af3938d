"""Public content carries a record (issue 9): who approved it (not its author), when, and the
customers' consent when they appear. Without one, a public story never reaches the lobby; the
record shows on the story's intranet page and never on a screen."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from screen_support import photo_bytes, pioneer
from selectolax.lexbor import LexborHTMLParser
from support import SETTINGS, mkdocs_build, write_tree

from gallery.content import model
from gallery.project import load_project
from gallery.screens.playlist import public_stories

TODAY = "2026-11-30"
MOMENT = "site_src/moments/2024-05-01-a/index.md"
E250 = (f"{MOMENT}:3: E250 公开的故事（audience: public）缺少上屏审批记录 approval，不能上大堂屏 — "
        "请作者以外的人审批后，在信息块里加上 approval，写 by（审批人）、date（审批日期）和 "
        "customers（有没有客户出镜）；还没有审批的故事请写 audience: internal")


def front(*lines: str, audience: str = "public", title: str = "暖心服务",
          day: str = "2024-05-01") -> str:
    """A public moment by 王芳 with `lines` added after its audience (an approval record)."""
    return "\n".join(["---", f"title: {title}", f"audience: {audience}", *lines, f"date: {day}",
                      "outlet: qianmen", "author: 王芳（前门支行）", "---", "正文。", ""])


def record(by: str = "周敏（支行办公室）", date: str = "2024-05-02", customers: str = "true",
           *more: str) -> list[str]:
    """The lines of an approval record."""
    return ["approval:", f"  by: {by}", f"  date: {date}", f"  customers: {customers}", *more]


CONSENT = "  consent: 客户书面同意书 2024-031"


def problems(project, files: dict[str, str]) -> list[str]:
    """Every problem of a tiny project, as staff see them."""
    return [str(p) for p in load_project(project(files)).problems]


def test_a_public_story_without_a_record_is_refused_and_never_built(project, monkeypatch):
    monkeypatch.setenv("CULTURE_TODAY", TODAY)
    root = project({MOMENT: front()})
    loaded = load_project(root)
    assert [str(p) for p in loaded.problems] == [E250]
    assert loaded.site.stories == ()


def test_an_internal_story_needs_no_record(project):
    assert problems(project, {MOMENT: front(audience="internal")}) == []


def test_a_complete_record_passes(project):
    assert problems(project, {MOMENT: front(*record(), CONSENT)}) == []
    assert problems(project, {MOMENT: front(*record(customers="false"))}) == []


def test_the_approver_is_not_the_author(project):
    assert problems(project, {MOMENT: front(*record(by="王芳（支行办公室）"), CONSENT)}) == [
        (f"{MOMENT}:5: E251 审批人“王芳（支行办公室）”就是这篇故事的作者：审批要由作者以外的人来做 — "
         "请另一位同事（例如支行办公室负责人）审阅后，把 by 改成审批人的姓名")]


def test_the_approver_of_a_pioneer_post_is_not_its_member(project):
    post = "site_src/pioneer-posts/2024-03-01-zhang/index.md"
    text = pioneer("张明").replace("by: 周敏（支行办公室）", "by: 张 明")
    files = {post: text, post.replace("index.md", "portrait.jpg"): photo_bytes((9, 9, 9))}
    found = problems(project, files)
    assert found == [
        (f"{post}:7: E251 审批人“张 明”就是这篇故事的党员本人：审批要由党员本人以外的人来做 — "
         "请另一位同事（例如支行办公室负责人）审阅后，把 by 改成审批人的姓名")], found


def test_the_approval_date_lies_between_the_story_and_today(project, monkeypatch):
    monkeypatch.setenv("CULTURE_TODAY", TODAY)
    assert problems(project, {MOMENT: front(*record(date="2024-04-30"), CONSENT)}) == [
        (f"{MOMENT}:6: E252 审批日期 2024-04-30 早于故事日期 2024-05-01 — "
         "审批在故事之后：把 date 改成实际审批的那一天（2024-05-01 当天或之后）")]
    assert problems(project, {MOMENT: front(*record(date="2026-12-01"), CONSENT)}) == [
        (f"{MOMENT}:6: E253 审批日期 2026-12-01 晚于今天（2026-11-30） — "
         "date 写已经审批的那一天；还没有审批的故事请写 audience: internal")]


def test_customers_who_appear_need_their_consent_on_file(project):
    assert problems(project, {MOMENT: front(*record())}) == [
        (f"{MOMENT}:7: E254 有客户出镜（customers: true），但没有写客户同意书 consent — "
         "请客户签署书面同意书并存档，在 approval 下加一行 consent: 同意书编号或存档位置，"
         "例如 consent: 客户书面同意书 2024-031；没有同意书，故事不能上大堂屏（请写 audience: internal）")]


def test_consent_is_withdrawn_after_it_was_given(project):
    lines = front(*record(), CONSENT, "  withdrawn: 2024-05-01")
    assert problems(project, {MOMENT: lines}) == [
        (f"{MOMENT}:9: E255 撤回日期 withdrawn（2024-05-01）早于审批日期（2024-05-02） — "
         "检查两个日期：withdrawn 写客户撤回同意或撤销审批的那一天，它在审批之后")]


def test_the_record_is_checked_like_any_field(project):
    found = problems(project, {MOMENT: front("approval:", "  by: 周敏", "  customers: 有",
                                            "  consentt: x")})
    assert [p.split(" ", 2)[1] for p in found] == ["E202", "E203", "E201"], found
    assert found[0].startswith(f"{MOMENT}:4: E202 缺少必填字段“date”：审批日期"), found
    assert all("E250" not in p for p in found)  # a record written but broken is told once


def test_the_record_of_an_internal_story_is_checked_only_for_its_form(project):
    text = front(*record(by="王芳"), audience="internal")  # no consent, approver = author
    assert problems(project, {MOMENT: text}) == []


def test_morning_items_have_no_record(project):
    text = ("---\ntitle: 晨会\nkind: rule\ndate: 2024-05-06\napproval: {by: 周敏}\n---\n正文。\n")
    found = problems(project, {"site_src/morning/2024-05-06-a/index.md": text})
    assert [p.split(" ", 2)[1] for p in found] == ["E201"], found


# The gate: only stories cleared for the lobby reach a playlist ---------------------------------

def story(**fields) -> model.Moment:
    return model.Moment(section="moments", slug="2024-05-01-a", source=Path("x/index.md"),
                        title="t", outlet="qianmen", date=dt.date(2024, 5, 1), **fields)


def test_the_lobby_gate_holds_for_stories_made_in_code():
    day = dt.date(2025, 1, 1)
    given = model.Approval("周敏", dt.date(2024, 5, 2), True, "同意书 1")
    withdrawn = model.Approval("周敏", dt.date(2024, 5, 2), True, "同意书 1", dt.date(2025, 1, 1))
    later = model.Approval("周敏", dt.date(2024, 5, 2), True, "同意书 1", dt.date(2025, 1, 2))
    cases = {"none": story(audience="public"), "given": story(audience="public", approval=given),
             "withdrawn": story(audience="public", approval=withdrawn),
             "later": story(audience="public", approval=later),
             "internal": story(approval=given)}
    site = model.Site(tuple(dataclass_with_slug(s, name) for name, s in cases.items()), today=day)
    assert [s.slug for s in public_stories(site, day)] == ["given", "later"]


def dataclass_with_slug(s: model.Story, slug: str) -> model.Story:
    import dataclasses

    return dataclasses.replace(s, slug=slug)


# A real build: the record on the intranet page, never on a screen --------------------------

SCREENS = """\
screens:
  - name: qianmen-lobby
    outlet: qianmen
    playlist:
      - section: moments
"""
WITHDRAWN = "site_src/moments/2024-05-02-b/index.md"


def built_project(root: Path, files: dict[str, str]) -> Path:
    """A project with one lobby screen that plays the moments."""
    return write_tree(root, {"culture.yml": SETTINGS + SCREENS, **files})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A strict build of a public moment with its record and one whose consent was withdrawn."""
    given = front(*record(), CONSENT)
    gone = front(*record(), "  consent: 客户书面同意书 2024-099", "  withdrawn: 2025-06-01",
                 title="撤回的故事", day="2024-05-02")
    root = built_project(tmp_path_factory.mktemp("approval"), {MOMENT: given, WITHDRAWN: gone})
    run = mkdocs_build(root, today=TODAY)
    assert run.returncode == 0, run.stderr[-3000:]
    return root / "site"


def approval_rows(page: Path) -> list[tuple[str, str]]:
    tree = LexborHTMLParser(page.read_text("utf-8"))
    box = tree.css_first("aside.culture-approval")
    assert box is not None, page
    return list(zip([n.text() for n in box.css("dt")], [n.text() for n in box.css("dd")],
                    strict=True))


@pytest.mark.slow
def test_the_record_shows_on_the_intranet_page(site):
    assert approval_rows(site / "moments/2024-05-01-a/index.html") == [
        ("审批人", "周敏（支行办公室）"), ("审批日期", "2024-05-02"), ("客户出镜", "有"),
        ("客户同意书", "客户书面同意书 2024-031")]
    assert approval_rows(site / "moments/2024-05-02-b/index.html")[-1] == (
        "撤回", "2025-06-01 起不再上大堂屏（已撤下）")


@pytest.mark.slow
def test_the_record_never_reaches_a_screen(site):
    playlist = json.loads((site / "screen/qianmen-lobby/playlist.json").read_text("utf-8"))
    text = json.dumps(playlist, ensure_ascii=False)
    assert "暖心服务" in text and "撤回的故事" not in text  # withdrawn: off the screens
    for path in (site / "screen").rglob("*"):
        if path.is_file() and path.suffix in (".json", ".html", ".js", ".txt", ".webmanifest"):
            content = path.read_text("utf-8")
            for secret in ("周敏", "同意书", "审批", "approval", "2024-099"):
                assert secret not in content, (path.relative_to(site), secret)


@pytest.mark.slow
def test_a_public_story_without_a_record_stops_the_build_before_any_screen(tmp_path):
    root = built_project(tmp_path, {MOMENT: front(title="没有审批的故事")})
    run = mkdocs_build(root, today=TODAY)
    assert run.returncode != 0
    assert E250 in run.stderr
    for path in (tmp_path / "site").rglob("playlist.json"):
        assert "没有审批的故事" not in path.read_text("utf-8")
