"""Copy small versions of the lobby-screen screenshots into docs/images/screens/ for staff docs.

The screenshots come from `pytest -m browser tests/test_screen_layout.py`
(test-artifacts/screens/layout/); run that first. Usage: python scripts/screen_gallery.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "test-artifacts" / "screens" / "layout"
OUT = REPO / "docs" / "images" / "screens"
LONG_SIDE = 480  # pixels: enough to recognise a layout, small enough for the repository
# (screenshot below SHOTS, name in docs/images/screens/)
PICKED = [
    ("demo/zhushikou-lobby-1920x1080/photo-cover.png", "photo-landscape.jpg"),
    ("fixture/hall-1920x1080/photo-contain.png", "photo-portrait.jpg"),
    ("demo/zhushikou-lobby-1920x1080/poster-contain.png", "poster.jpg"),
    ("demo/zhushikou-lobby-1920x1080/pioneer-contain.png", "pioneer.jpg"),
    ("fixture/hall-1920x1080/text.png", "text.jpg"),
    ("demo/zhushikou-lobby-1920x1080/slogan.png", "slogan.jpg"),
    ("demo/zhushikou-lobby-1920x1080/notice.png", "notice.jpg"),
    ("demo/qianmen-lobby-1080x1920/photo-contain.png", "portrait-photo.jpg"),
    ("demo/qianmen-lobby-1080x1920/pioneer-contain.png", "portrait-pioneer.jpg"),
    ("fixture/tall-1080x1920/poster-contain.png", "portrait-poster.jpg"),
]


def main() -> None:
    """Write every picked screenshot, downscaled, as a JPEG."""
    OUT.mkdir(parents=True, exist_ok=True)
    for shot, name in PICKED:
        with Image.open(SHOTS / shot) as image:
            small = image.convert("RGB")
            small.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
            small.save(OUT / name, "JPEG", quality=78, optimize=True, progressive=True)
        print(OUT / name, small.size, (OUT / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
