"""The boundary around site_src/: only what staff meant to publish leaves it.

Links are refused wherever they are (and never followed), every file that is not a page, a
story, a photo or board data is told with its code, hand-written pages keep to the rules of
pages, and a real strict build publishes no byte of an original or of a file outside the
repository: every file under site/ is compared by sha256 with every file under site_src/ and
outside it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from imaging import encode, quadrants
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from support import REPO, SETTINGS, mkdocs_build, site_config, write_tree

from gallery.cli import main
from gallery.content import boundary
from gallery.mkdocs import glue
from gallery.photos import derive
from gallery.project import load_project

JPEG = (Path(__file__).parent / "data" / "tiny.jpg").read_bytes()
STORY = "site_src/moments/2024-05-01-nuan-xin"
GOOD = """\
---
title: 暖心服务
date: 2024-05-01
outlet: qianmen
photos:
  - file: 1.jpg
    caption: 大堂
    alt: 大堂经理在引导客户
---
正文。
"""
LINK = ("是符号链接（快捷方式），网站不跟随链接，也不发布它 — "
        "删除这个链接；要用的照片或文件请把文件本身复制进来，不要用链接指向别处")
DOCUMENT = ("不会发布：网站不提供文档下载 — 把要展示的文字写进故事的 index.md 正文"
            "（规章制度可写成服务文化墙的 rule 条目），原文件另行存档，并从 site_src 中删除")
MEDIA = ("是音视频文件：网站不播放音视频，它不会发布 — "
         "需要的话从视频中截取照片（JPG）放进故事目录并写进 photos，然后从 site_src 中删除这个文件")
UNKNOWN = ("不能发布 — 内容目录只放 Markdown（index.md）、照片和红黑榜 CSV："
           "请删除这个文件或移出 site_src")
UNUSED = ("不在故事目录里，也没有页面显示它 — 照片放进故事目录（和 index.md 放在一起）并写进 photos；"
          "要在首页或栏目首页显示，放在该页 index.md 旁边并在正文中用 ![照片内容描述](文件名) 插入；"
          "不用的照片请删除")
STRAY = ("既不是故事，也不是首页或栏目首页，不会发布 — 故事写在栏目下自己的目录里"
         "（用 culture new 新建，草稿写 draft: true）；不要的草稿或笔记请删除或移出 site_src")
CODE = ("不能放在内容目录 — 网站的样式和脚本在 overrides/ 目录，由开发人员维护；"
        "矢量图（.svg）请导出为 PNG 后再放入")
PAGE_KEY = ("：它们总在内网显示，不上大堂屏 — 删除这一行（draft、audience、publish、expire 只用于故事）；"
            "不想显示的文字请从正文中删除")
# Litter that systems and editors leave: ignored, never published, never told.
LITTER = {"site_src/.DS_Store": b"\0\0\0\1Bud1", "site_src/moments/Thumbs.db": b"thumbs",
          "site_src/talk/desktop.ini": "[.ShellClassInfo]\n", f"{STORY}/~$plan.docx": b"lock",
          "site_src/.notes/todo.md": "# 待办\n", f"{STORY}/._1.jpg": b"\0\5\26\7"}


def check_lines(root: Path) -> list[str]:
    """`culture check` of `root`, line by line."""
    return CliRunner().invoke(main, ["check", "--root", str(root)]).output.splitlines()


def digests(folder: Path) -> dict[str, Path]:
    """sha256 -> file, for every regular file under `folder` (links are not followed)."""
    out = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                out[hashlib.sha256(path.read_bytes()).hexdigest()] = path
    return out


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """Files outside the repository: a secret, a photo, a whole story folder."""
    where = tmp_path_factory.mktemp("outside")
    return write_tree(where, {
        "secret.txt": "账号 6222 0000 0000 0000 密码 123456\n",
        "outside.jpg": encode(quadrants(320, 240), "JPEG", quality=90),
        "story/index.md": GOOD.replace("暖心服务", "外面的故事"),
        "story/1.jpg": encode(quadrants(300, 200), "JPEG", quality=80),
        "folder/note.md": "# 外面的笔记\n",
    })


def test_links_are_refused_everywhere_and_never_followed(project, outside, monkeypatch):
    monkeypatch.setenv("CULTURE_TODAY", "2026-11-29")
    root = project({f"{STORY}/index.md": GOOD.replace("  - file: 1.jpg", "  - file: 2.jpg\n"
                                                      "    alt: 链接\n  - file: 1.jpg"),
                    f"{STORY}/1.jpg": JPEG, "site_src/assets/README.md": "# 说明\n"})
    docs = root / "site_src"
    links = {"assets/shadow.txt": Path("/etc/passwd"), "passwd.txt": outside / "secret.txt",
             "moments/secret.txt": outside / "secret.txt", "shared": outside / "folder",
             "moments/2024-05-02-linked": outside / "story", "talk": outside / "folder",
             "2024-05-01-nuan-xin/2.jpg": outside / "outside.jpg"}
    for name, target in links.items():
        where = docs / (f"moments/{name}" if name.startswith("2024-05-01") else name)
        where.symlink_to(target)
    assert check_lines(root) == [
        f"site_src/assets/README.md:1: E608 “README.md”{STRAY}",
        f"site_src/assets/shadow.txt:1: E601 “shadow.txt”{LINK}",
        f"{STORY}/2.jpg:1: E601 “2.jpg”{LINK}",  # told once: no E210 "photo missing"
        f"site_src/moments/2024-05-02-linked:1: E601 “2024-05-02-linked”{LINK}",
        f"site_src/moments/secret.txt:1: E601 “secret.txt”{LINK}",
        f"site_src/passwd.txt:1: E601 “passwd.txt”{LINK}",
        f"site_src/shared:1: E601 “shared”{LINK}",
        f"site_src/talk:1: E601 “talk”{LINK}",
        "检查完成：1 篇故事，8 个错误，0 个警告。",
    ]
    project_ = load_project(root)
    assert [s.slug for s in project_.site.stories] == ["2024-05-01-nuan-xin"]
    assert [p.file for p in project_.site.stories[0].all_photos] == ["1.jpg"]  # not 2.jpg
    result = mkdocs_build(root)
    assert result.returncode == 1 and f"site_src/talk:1: E601 “talk”{LINK}" in result.stderr
    passwd = hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()
    assert set(digests(root / "site")) & {*digests(outside), passwd} == set()


def test_site_src_itself_a_link_is_refused_and_not_read(tmp_path, outside):
    write_tree(tmp_path, {"culture.yml": SETTINGS})
    (outside / "index.md").write_text("# 首页\n", "utf-8")
    (tmp_path / "site_src").symlink_to(outside)
    assert check_lines(tmp_path) == [
        ("site_src:1: E602 内容目录“site_src”是符号链接 — "
        "把内容直接放在项目里的 site_src 目录中，不要用链接指向项目以外的地方"),
        "检查完成：0 篇故事，1 个错误，0 个警告。",
    ]


def test_every_file_that_is_not_content_is_told_with_its_code(project, monkeypatch):
    monkeypatch.setenv("CULTURE_TODAY", "2026-11-29")
    root = project({
        f"{STORY}/index.md": GOOD, f"{STORY}/1.jpg": JPEG, f"{STORY}/unused.jpg": JPEG,
        f"{STORY}/raw/IMG_0002.jpg": JPEG,  # inside a story folder: not published, not told
        f"{STORY}/clip.mp4": b"\0\0\0\x18ftypmp42", f"{STORY}/notes.md": "# 采访笔记\n",
        "site_src/talk/规章制度.docx": b"PK\3\4", "site_src/rules.PDF": b"%PDF-1.4",
        "site_src/board/index.md": "# 红黑榜\n", "site_src/board/photo.jpg": JPEG,
        "site_src/moments/lobby.mov": b"\0\0\0\x14ftypqt", "site_src/moments/IMG_0001.jpg": JPEG,
        "site_src/moments/draft-notes.md": "---\ntitle: 草稿\ndraft: true\n---\n客户身份证号……\n",
        "site_src/drafts/customer-id-scan.jpg": JPEG, "site_src/tags/index.md": "# 标签\n",
        "site_src/assets/stylesheets/extra.css": "body{}", "site_src/evil.js": "alert(1)",
        "site_src/page.html": "<script>alert(1)</script>", "site_src/logo.svg": "<svg/>",
        "site_src/backup.zip": b"PK\5\6", "site_src/moments/README": "说明\n",
        **LITTER,
    })
    os.mkfifo(root / "site_src" / "pipe")
    assert check_lines(root) == [
        f"site_src/assets/stylesheets/extra.css:1: E610 “extra.css”是网页代码文件（.css），{CODE}",
        f"site_src/backup.zip:1: E606 文件“backup.zip”的类型（.zip）{UNKNOWN}",
        f"site_src/board/photo.jpg:1: E607 照片“photo.jpg”{UNUSED}",
        f"site_src/drafts/customer-id-scan.jpg:1: E607 照片“customer-id-scan.jpg”{UNUSED}",
        f"site_src/evil.js:1: E610 “evil.js”是网页代码文件（.js），{CODE}",
        f"site_src/logo.svg:1: E610 “logo.svg”是网页代码文件（.svg），{CODE}",
        f"{STORY}/clip.mp4:1: E605 “clip.mp4”{MEDIA}",
        f"{STORY}/notes.md:1: E608 “notes.md”{STRAY}",
        f"site_src/moments/IMG_0001.jpg:1: E607 照片“IMG_0001.jpg”{UNUSED}",
        f"site_src/moments/README:1: E606 文件“README”的类型（无扩展名）{UNKNOWN}",
        f"site_src/moments/draft-notes.md:1: E608 “draft-notes.md”{STRAY}",
        f"site_src/moments/lobby.mov:1: E605 “lobby.mov”{MEDIA}",
        f"site_src/page.html:1: E610 “page.html”是网页代码文件（.html），{CODE}",
        ("site_src/pipe:1: E603 “pipe”不是普通文件（是管道、设备或套接字） — "
         "删除它：内容目录里只能放普通文件"),
        f"site_src/rules.PDF:1: E604 文档“rules.PDF”{DOCUMENT}",
        f"site_src/tags/index.md:1: E608 “index.md”{STRAY}",
        f"site_src/talk/规章制度.docx:1: E604 文档“规章制度.docx”{DOCUMENT}",
        "检查完成：1 篇故事，17 个错误，0 个警告。",
    ]
    (root / "site_src" / "pipe").unlink()
    result = mkdocs_build(root)  # the build refuses exactly what the check tells
    assert result.returncode == 1
    assert f"site_src/moments/draft-notes.md:1: E608 “draft-notes.md”{STRAY}" in result.stderr
    assert "内容有 16 个错误，网站未生成" in result.stdout


def test_hand_written_pages_refuse_the_publish_keys_of_stories(project):
    root = project({
        "site_src/index.md": "---\ntitle: 首页\ndraft: true\n---\n# 首页\n",
        "site_src/moments/index.md": ("---\naudience: public\npublish: 2024-05-01\n"
                                      "expire: 2024-06-01\n---\n# 服务精彩瞬间\n"),
    })
    assert check_lines(root) == [
        f"site_src/index.md:3: E609 首页和栏目首页不能写“draft”{PAGE_KEY}",
        f"site_src/moments/index.md:2: E609 首页和栏目首页不能写“audience”{PAGE_KEY}",
        f"site_src/moments/index.md:3: E609 首页和栏目首页不能写“publish”{PAGE_KEY}",
        f"site_src/moments/index.md:4: E609 首页和栏目首页不能写“expire”{PAGE_KEY}",
        "检查完成：0 篇故事，4 个错误，0 个警告。",
    ]


def test_images_of_hand_written_pages_are_checked_like_body_photos(project):
    root = project({"site_src/index.md": "# 首页\n\n![大堂](lobby.jpg)\n\n![](../x.jpg)\n",
                    "site_src/lobby.JPG": JPEG})
    assert check_lines(root) == [
        "site_src/index.md:3: E210 照片“lobby.jpg”不存在 — 是不是想写“lobby.JPG”？",
        ("site_src/index.md:5: E219 照片“../x.jpg”不在故事目录里 — "
         "照片要和 index.md 放在同一目录，这里只写文件名，例如 1.jpg"),
        f"site_src/lobby.JPG:1: E607 照片“lobby.JPG”{UNUSED}",
        "检查完成：0 篇故事，3 个错误，0 个警告。",
    ]


def test_a_clean_build_publishes_no_original_and_nothing_from_outside(project, outside):
    photo = encode(quadrants(800, 600), "JPEG", quality=92)
    root = project({
        "site_src/index.md": ("---\ntitle: 珠市口支行服务文化展\n---\n# 珠市口支行服务文化展\n\n"
                              '![支行大堂全景](home-photo.jpg "大堂")\n'),
        "site_src/home-photo.jpg": photo,
        "site_src/moments/index.md": "# 服务精彩瞬间\n\n![晨会](IMG_0001.jpg)\n",
        "site_src/moments/IMG_0001.jpg": encode(quadrants(640, 480), "JPEG", quality=75),
        f"{STORY}/index.md": GOOD + "\n![柜台](2.jpg)\n", f"{STORY}/1.jpg": JPEG,
        f"{STORY}/2.jpg": encode(quadrants(500, 400), "JPEG", quality=85),
        f"{STORY}/unused.jpg": encode(quadrants(400, 300), "JPEG", quality=70),
        **LITTER,
    })
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    published = digests(site)
    assert set(published) & set(digests(root / "site_src")) == set()  # no original, no litter
    assert set(published) & set(digests(outside)) == set()
    names = {p.name for p in site.rglob("*")}
    assert not names & {".DS_Store", "Thumbs.db", "desktop.ini", "~$plan.docx", "todo.md",
                        "home-photo.jpg", "IMG_0001.jpg", "1.jpg", "unused.jpg", "index.md"}
    home = (site / "index.html").read_text("utf-8")
    assert 'alt="支行大堂全景"' in home and 'src="photos/' in home
    assert 'alt="晨会"' in (site / "moments/index.html").read_text("utf-8")
    # theme code comes from overrides/, at the URLs mkdocs.yml names
    for url in ("assets/stylesheets/culture.css", "assets/javascripts/culture.js"):
        assert (site / url).read_bytes() == (REPO / "overrides" / url).read_bytes()
        assert url in home


def test_the_mkdocs_layer_copies_nothing_from_site_src_even_unchecked(project, outside):
    # Defence in depth: even when the check's problems are ignored, MkDocs gets no file of
    # site_src/ to copy (pages are generated, photos added as derivatives).
    root = project({f"{STORY}/index.md": GOOD, f"{STORY}/1.jpg": JPEG,
                    "site_src/talk/leak.docx": b"PK\3\4", "site_src/IMG_9.jpg": JPEG})
    (root / "site_src" / "linked").symlink_to(outside / "folder")
    config = load_config(str(site_config(root)))
    files = get_files(config)
    assert {"talk/leak.docx", "IMG_9.jpg", "linked/note.md"} <= {f.src_uri for f in files}
    assert load_project(root).errors  # told by the check, but ignored here
    kept = glue.drop_sources(files, config.docs_dir)
    assert [f.src_uri for f in kept if f.src_dir is not None
            and Path(f.src_dir).resolve() == (root / "site_src").resolve()] == []


def test_the_allowlist_knows_every_photo_format_the_pipeline_opens():
    opened = {ext for _, extensions in derive.FORMATS.values() for ext in extensions}
    assert opened == boundary.IMAGES
