"""`culture new`: a ready story folder with a readable slug, never overwriting."""

from __future__ import annotations

from click.testing import CliRunner

from gallery.cli import main
from gallery.project import load_project


def new(root, *args):
    """Run `culture new` in `root`."""
    return CliRunner().invoke(main, ["new", *args, "--root", str(root)])


def test_new_story_has_pinyin_slug_and_passes_check_once_filled(project):
    root = project({})
    result = new(root, "moments", "暖心服务：大堂经理为老人上门办理业务", "--date", "2024-05-01")
    assert result.exit_code == 0, result.output
    folder = root / "site_src/moments/2024-05-01-nuan-xin-fu-wu-da-tang-jing-li"
    text = (folder / "index.md").read_text("utf-8")
    assert text.startswith("---\ntitle: 暖心服务：大堂经理为老人上门办理业务\n")
    assert "date: 2024-05-01\n" in text and "outlet: qianmen\n" in text
    (folder / "index.md").write_text(text.replace("在这里写正文。", "大堂经理上门办理了业务。"), "utf-8")
    project_state = load_project(root)
    assert [str(p) for p in project_state.problems] == []
    assert project_state.site.stories[0].title == "暖心服务：大堂经理为老人上门办理业务"


def test_new_never_overwrites(project):
    root = project({})
    assert new(root, "talk", "我看首问负责制", "--date", "2024-05-01").exit_code == 0
    index = root / "site_src/talk/2024-05-01-wo-kan-shou-wen-fu-ze-zhi/index.md"
    index.write_text("我的稿子", "utf-8")
    again = new(root, "talk", "我看首问负责制", "--date", "2024-05-01")
    assert again.exit_code == 1
    assert again.output == ("site_src/talk/2024-05-01-wo-kan-shou-wen-fu-ze-zhi 已存在，没有改动。"
                            "请换一个标题或日期。\n")
    assert index.read_text("utf-8") == "我的稿子"


def test_new_pioneer_post_scaffold_names_required_fields(project):
    root = project({})
    assert new(root, "pioneer-posts", "张明", "--date", "2024-05-01").exit_code == 0
    text = (root / "site_src/pioneer-posts/2024-05-01-zhang-ming/index.md").read_text("utf-8")
    assert text.startswith("---\naudience: internal\noutlet: qianmen\nmember: 张明\n")
    for field in ("post: 大堂经理\n", "portrait: portrait.jpg\n", "pledge:", "member_since: 2008\n"):
        assert field in text
    problems = [p.code for p in load_project(root).problems]
    # the portrait photo is left to add, and the examples culture new filled in to change
    assert problems == ["E265", "E210", "E265", "E265", "E266"]


def test_one_url_rule_for_every_name_that_becomes_a_url():
    from gallery import paths

    good = ["a", "qianmen", "2024-05-01-nuan-xin", "4k-lobby"]
    bad = ["", "-a", "Qianmen", "a_b", "a b", "天桥", "../x", "a/b", "a\n"]
    assert [n for n in good if not paths.is_slug(n)] == []
    assert [n for n in bad if paths.is_slug(n)] == []


def test_a_blank_title_makes_nothing(project):
    root = project({})
    result = new(root, "moments", "  ", "--date", "2024-05-01")
    assert result.exit_code == 1
    assert result.output == "标题不能为空：请在栏目后面写上中文标题，例如 culture new moments \"暖心服务\"。\n"
    assert [p.name for p in (root / "site_src").iterdir()] == ["index.md"]  # nothing new


def test_bank_words_read_as_bankers_say_them(project):
    root = project({})
    assert new(root, "moments", "前门支行全行服务日", "--date", "2024-05-01").exit_code == 0
    # 8 words at most: 日 is cut off
    assert (root / "site_src/moments/2024-05-01-qian-men-zhi-hang-quan-hang-fu-wu").is_dir()
