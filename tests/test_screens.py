"""The playlist builder: public-only selection, schedules, derivative choice; the marker test."""

from __future__ import annotations

import json
from pathlib import Path

from screen_support import build_screen_site, idea, moment, photo_bytes, pioneer
from support import SETTINGS

from gallery.photos.cache import Variant
from gallery.project import load_project
from gallery.screens.config import Screen
from gallery.screens.playlist import build_playlist, pick_variant, public_stories

MARKER = "INTERNAL-MARKER-7f3a"
SCREENS = """\
screens:
  - name: lobby
    outlet: qianmen
    playlist:
      - slogan: 客户为尊，服务如意
        duration: 8
      - section: moments
        newest: 2
        schedule: {days: mon-fri, time: 09:00-17:00}
      - section: pioneer-posts
      - section: culture-wall
      - tags: [核心理念]
      - outlet: qianmen
"""


def stories(extra: dict | None = None) -> dict:
    red, blue = photo_bytes((200, 30, 30)), photo_bytes((30, 30, 200), (600, 800))
    files = {
        "site_src/moments/2024-05-03-new/index.md": moment("最新的暖心服务", day="2024-05-03"),
        "site_src/moments/2024-05-03-new/1.jpg": red,
        "site_src/moments/2024-05-02-mid/index.md": moment("第二篇", day="2024-05-02",
                                                             extra="expire: 2031-01-01\n"),
        "site_src/moments/2024-05-02-mid/1.jpg": red,
        "site_src/moments/2024-05-01-old/index.md": moment("第三篇", day="2024-05-01"),
        "site_src/moments/2024-05-01-old/1.jpg": red,
        "site_src/pioneer-posts/2024-03-01-zhang/index.md": pioneer("张明"),
        "site_src/pioneer-posts/2024-03-01-zhang/portrait.jpg": blue,
        "site_src/culture-wall/2024-01-01-idea/index.md": idea("客户为尊"),
    }
    return files | (extra or {})


def internal_stories() -> dict:
    """Stories that must never reach a lobby, each carrying the marker in every field."""
    secret = photo_bytes((10, 200, 10), label=MARKER)
    return {
        f"site_src/moments/2024-05-09-{name}/{f}": v
        for name, text in (
            ("internal", moment(f"{MARKER} 内部", audience="internal", photo=f"{MARKER}.jpg",
                                caption=MARKER)),
            ("draft", moment(f"{MARKER} 草稿", photo=f"{MARKER}.jpg", caption=MARKER,
                             extra="draft: true\n")),
            ("future", moment(f"{MARKER} 未上线", photo=f"{MARKER}.jpg", caption=MARKER,
                              extra="publish: 2099-01-01\n")),
            ("expired", moment(f"{MARKER} 已下线", photo=f"{MARKER}.jpg", caption=MARKER,
                               extra="expire: 2020-01-01\n")),
        )
        for f, v in (("index.md", text), (f"{MARKER}.jpg", secret))
    } | {
        "site_src/pioneer-posts/2024-05-09-secret/index.md": pioneer(f"{MARKER}王",
                                                                     audience="internal"),
        "site_src/pioneer-posts/2024-05-09-secret/portrait.jpg": secret,
        "site_src/culture-wall/2024-05-09-rule/index.md": idea(f"{MARKER} 规章",
                                                              audience="internal"),
    }


def load(project, files: dict, monkeypatch):
    monkeypatch.setenv("CULTURE_TODAY", "2026-11-30")
    root = project(files, settings=SETTINGS + SCREENS)
    loaded = load_project(root)
    assert not loaded.errors, [str(p) for p in loaded.errors]
    return loaded


def test_the_playlist_follows_the_entries_in_order(project, monkeypatch):
    loaded = load(project, stories(internal_stories()), monkeypatch)
    playlist = build_playlist(loaded.screens[0], loaded.settings, loaded.site)
    ids = [item["id"] for item in playlist["items"]]
    assert ids == [
        "slogan-1",
        "moments/2024-05-03-new", "moments/2024-05-02-mid",            # newest 2
        "pioneer-posts/2024-03-01-zhang",
        "culture-wall/2024-01-01-idea",
        "culture-wall/2024-01-01-idea#2",                              # by tag
        "moments/2024-05-03-new#2", "moments/2024-05-02-mid#2",        # by outlet, all public
        "moments/2024-05-01-old", "pioneer-posts/2024-03-01-zhang#2",
    ]
    first_moment = playlist["items"][1]
    assert first_moment["when"] == [{"from": None, "until": None, "days": [1, 2, 3, 4, 5],
                                     "time": [540, 1020]}]
    assert playlist["items"][2]["when"][1] == {"from": None, "until": "2030-12-31", "days": [],
                                               "time": None}
    assert playlist["items"][0] | {"when": []} == {
        "id": "slogan-1", "kind": "slogan", "title": "客户为尊，服务如意", "duration": 8,
        "when": [], "words": {"title": ["客户为尊，", "服务如意"]}}
    assert playlist["hotline"] == [{"name": "客户服务热线", "phone": "95588", "hours": ""}]


def test_only_public_stories_visible_today_are_ever_selected(project, monkeypatch):
    loaded = load(project, stories(internal_stories()), monkeypatch)
    picked = public_stories(loaded.site, loaded.settings.today)
    assert len(loaded.site.stories) == 11
    assert {s.slug for s in picked} == {"2024-05-03-new", "2024-05-02-mid", "2024-05-01-old",
                                        "2024-03-01-zhang", "2024-01-01-idea"}


def test_slides_without_derivatives_show_text_and_kinds_follow_the_section(project, monkeypatch):
    loaded = load(project, stories(), monkeypatch)
    playlist = build_playlist(loaded.screens[0], loaded.settings, loaded.site)
    kinds = {item["id"]: item["kind"] for item in playlist["items"]}
    assert kinds["moments/2024-05-03-new"] == "text"      # no derivative: text, never the original
    assert kinds["pioneer-posts/2024-03-01-zhang"] == "pioneer"
    assert kinds["culture-wall/2024-01-01-idea"] == "text"
    assert "1.jpg" not in json.dumps(playlist)


def variants(*widths, formats=("jpeg", "webp"), aspect=1.5):
    return tuple(Variant(w, round(w / aspect), f, f"p/{w}.{f}") for w in widths
                 for f in formats)


def test_the_derivative_nearest_the_screen_is_chosen_webp_first():
    assert pick_variant(variants(480, 960, 1600, 2560), 1920).url == "p/2560.webp"
    assert pick_variant(variants(480, 960, 1600, 2560), 900).url == "p/960.webp"
    assert pick_variant(variants(480, 960), 3840).url == "p/960.webp"   # the largest there is
    assert pick_variant(variants(480, 960, formats=("jpeg",)), 600).url == "p/960.jpeg"
    assert pick_variant((), 600) is None


def test_orientation_and_resolution_decide_the_size_and_the_fit(project, monkeypatch):
    loaded = load(project, stories(), monkeypatch)
    story = next(s for s in loaded.site.stories if s.slug == "2024-05-03-new")
    base = loaded.screens[0]
    fake = {story.cover.source: variants(480, 960, 1600, 2560, 3840)}

    def image(**shape):
        screen = Screen(**(base.__dict__ | shape))
        from gallery.screens.playlist import image_of

        return image_of(screen, story.cover, lambda p: fake.get(p.source, ()))

    assert image() == {"src": "../../p/2560.webp", "fit": "cover", "width": 2560,
                       "height": 1707}                      # 1920x1080 covered by a 3:2 photo
    assert image(resolution="4k")["src"] == "../../p/3840.webp"
    assert image(orientation="portrait") | {"src": None} == {
        "src": None, "fit": "contain", "width": 1600, "height": 1067}   # 1080 wide, uncropped


def test_the_marker_of_internal_items_is_in_no_file_under_site_screen(project, monkeypatch,
                                                                       tmp_path):
    loaded = load(project, stories(internal_stories()), monkeypatch)
    site = build_screen_site(loaded.root, tmp_path / "site")
    screen_files = [p for p in (site / "screen").rglob("*") if p.is_file()]
    assert {p.name for p in screen_files} >= {"index.html", "player.html", "player.js",
                                              "playlist.json", "sw.js", "version.json"}
    for path in screen_files:
        assert MARKER.encode() not in path.read_bytes(), path
    referenced = set()
    for playlist in (site / "screen").glob("*/playlist.json"):
        data = json.loads(playlist.read_text("utf-8"))
        referenced |= {i["image"]["src"] for i in data["items"] if i.get("image")}
    worker = (site / "screen" / "lobby" / "sw.js").read_text("utf-8")
    internal = {s.slug for s in loaded.site.stories} - {
        s.slug for s in public_stories(loaded.site, loaded.settings.today)}
    assert len(internal) == 6 and referenced
    for src in referenced:
        assert src.startswith("../../") and src in worker
        assert not any(f"/{slug}/" in src for slug in internal), src
        assert Path(src).suffix in (".webp", ".jpg")          # derivatives, never originals
        assert (site / "screen" / "lobby" / src).resolve().is_file()


def test_builds_are_reproducible_and_the_version_follows_the_content(project, monkeypatch,
                                                                     tmp_path):
    loaded = load(project, stories(), monkeypatch)
    first = build_screen_site(loaded.root, tmp_path / "a")
    again = build_screen_site(loaded.root, tmp_path / "b")
    version = json.loads((first / "screen/lobby/version.json").read_text())
    assert version == json.loads((again / "screen/lobby/version.json").read_text())
    assert set(version) == {"build", "player", "shell"}
    (loaded.root / "site_src/moments/2024-05-01-old/index.md").write_text(
        moment("改了标题", day="2024-05-01"), "utf-8")
    changed = build_screen_site(loaded.root, tmp_path / "c")
    after = json.loads((changed / "screen/lobby/version.json").read_text())
    assert after["build"] != version["build"]
    assert (after["player"], after["shell"]) == (version["player"], version["shell"])
    playlist = json.loads((changed / "screen/lobby/playlist.json").read_text())
    assert playlist["build"] == after["build"]


def test_screen_photos_get_the_size_their_screen_needs_and_no_other_photo_does(
        project, monkeypatch, tmp_path):
    from gallery import paths
    from gallery.photos import plan

    big = {"site_src/moments/2024-05-03-new/1.jpg": photo_bytes((200, 30, 30), (4500, 3000)),
           "site_src/moments/2024-05-09-inside/index.md": moment("内部", audience="internal"),
           "site_src/moments/2024-05-09-inside/1.jpg": photo_bytes((30, 200, 30), (4500, 3000))}
    loaded = load(project, stories() | big, monkeypatch)
    shown = {s.slug: s for s in loaded.site.stories}
    newest, older = shown["2024-05-03-new"].cover, shown["2024-05-09-inside"].cover
    needs = loaded.lobby_widths()
    assert needs[newest.source] == (1920,)  # a 1080p landscape screen covered by a 3:2 photo
    assert older.source not in needs       # an internal story: on no screen
    screen = loaded.screens[0]
    for shape, wanted in (({"resolution": "4k"}, (3840,)),
                          ({"orientation": "portrait"}, ())):  # contain: 1080 wide, 1600 do
        other = Screen(**(screen.__dict__ | shape))
        got = playlist_widths((other,), loaded)
        assert got.get(newest.source, ()) == wanted, shape
    derived, problems = plan.process([newest, older], loaded.settings.images,
                                     tmp_path / paths.PHOTO_CACHE_DIR, workers=1, extra=needs)
    assert problems == []
    assert [v.width for v in derived[newest.source].of_format("webp")] == [480, 960, 1600, 1920]
    assert [v.width for v in derived[older.source].of_format("webp")] == [480, 960, 1600]
    playlist = build_playlist(screen, loaded.settings, loaded.site,
                              lambda p: getattr(derived.get(p.source), "variants", ()))
    chosen = [i["image"]["width"] for i in playlist["items"]
              if i.get("id") == "moments/2024-05-03-new"]
    assert chosen == [1920]


def playlist_widths(screens, loaded):
    from gallery.photos import derive
    from gallery.screens.playlist import photo_widths

    return photo_widths(screens, loaded.settings, loaded.site,
                        lambda photo: derive.upright_size(photo.source))
