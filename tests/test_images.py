"""The photo pipeline: outputs reopened with Pillow, every bad input's exact message, the cache."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pillow_heif
import pytest
from imaging import (
    QUADRANTS,
    SHARED_PHOTOS,
    close,
    encode,
    iptc_segment,
    jpeg_markers,
    jpeg_with_orientation,
    mean_difference,
    png_16bit_rgb,
    png_header_only,
    quadrant_colours,
    quadrants,
    riff_chunks,
    swapped_icc,
    with_app_segment,
)
from PIL import Image

from gallery import paths
from gallery.content import model
from gallery.content.settings import ImageSettings
from gallery.photos import cache as photo_cache
from gallery.photos import derive, plan

STORY = "site_src/moments/2024-05-01-nuan-xin"
SMALL = ImageSettings(widths=(160, 320))


def run(tmp_path: Path, files: dict[str, bytes], settings: ImageSettings = SMALL,
        workers: int = 1):
    """Write `files` into a story folder and process them; return (derived, problems)."""
    folder = tmp_path / STORY
    folder.mkdir(parents=True, exist_ok=True)
    photos = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        photos.append(model.Photo(name, folder / name))
    return plan.process(photos, settings, tmp_path / paths.PHOTO_CACHE_DIR, root=tmp_path,
                          workers=workers)


def output(tmp_path: Path, variant: photo_cache.Variant) -> Image.Image:
    """A derivative reopened from the cache, fully loaded."""
    im = Image.open(tmp_path / paths.PHOTO_CACHE_DIR / variant.url.removeprefix("photos/"))
    im.load()
    return im


def only(derived: dict) -> photo_cache.Derived:
    (d,) = derived.values()
    return d


# --- sizes and formats -----------------------------------------------------------------------

def test_widths_and_formats_as_configured(tmp_path):
    settings = ImageSettings(widths=(480, 960, 1600), jpeg_width=0)
    derived, problems = run(tmp_path, {"1.jpg": encode(quadrants(1200, 900), "JPEG")}, settings)
    assert problems == []
    d = only(derived)
    assert (d.width, d.height) == (1200, 900)
    got = [(v.width, v.height, v.format) for v in d.variants]
    assert got == [(480, 360, "jpeg"), (480, 360, "webp"), (960, 720, "jpeg"), (960, 720, "webp"),
                   (1200, 900, "jpeg"), (1200, 900, "webp")]  # never upscaled past 1200
    for v in d.variants:
        im = output(tmp_path, v)
        assert im.format == {"jpeg": "JPEG", "webp": "WEBP"}[v.format]
        assert im.size == (v.width, v.height)
        ext = "jpg" if v.format == "jpeg" else "webp"
        assert v.url == f"photos/{d.key[:2]}/{d.key}-{v.width}.{ext}"
        assert all(close(a, b) for a, b in zip(quadrant_colours(im), QUADRANTS, strict=False))


def test_default_set_makes_webp_at_every_width_and_one_jpeg(tmp_path):
    settings = ImageSettings()
    assert (settings.widths, settings.formats, settings.jpeg_width) == ((480, 960, 1600),
                                                                        ("webp", "jpeg"), 960)
    derived, problems = run(tmp_path, {"1.jpg": encode(quadrants(2000, 1500), "JPEG")}, settings)
    assert problems == []
    got = [(v.width, v.height, v.format) for v in only(derived).variants]
    assert got == [(480, 360, "webp"), (960, 720, "jpeg"), (960, 720, "webp"),
                   (1600, 1200, "webp")]
    assert all(output(tmp_path, v).size == (v.width, v.height) for v in only(derived).variants)


def test_the_one_jpeg_is_the_widest_width_up_to_jpeg_width_and_adds_no_size(tmp_path):
    photo = {"1.jpg": encode(quadrants(2000, 1500), "JPEG")}
    for jpeg_width, expected in ((1000, 960), (100, 480), (5000, 1600)):
        settings = ImageSettings(widths=(480, 960, 1600), jpeg_width=jpeg_width)
        derived, _ = run(tmp_path, photo, settings)
        assert [v.width for v in only(derived).of_format("jpeg")] == [expected]
        assert [v.width for v in only(derived).of_format("webp")] == [480, 960, 1600]


def test_jpeg_only_setting_makes_no_webp(tmp_path):
    settings = ImageSettings(widths=(100, 200), formats=("jpeg",))
    derived, _ = run(tmp_path, {"1.jpg": encode(quadrants(400, 300), "JPEG")}, settings)
    assert [(v.width, v.format) for v in only(derived).variants] == [(100, "jpeg"), (200, "jpeg")]


def test_portrait_photo_is_bounded_by_its_height(tmp_path):
    derived, _ = run(tmp_path, {"1.jpg": encode(quadrants(300, 400), "JPEG")})
    d = only(derived)
    assert (d.width, d.height) == (300, 400)
    assert [(v.width, v.height) for v in d.of_format("webp")] == [(120, 160), (240, 320)]
    assert [(v.width, v.height) for v in d.of_format("jpeg")] == [(240, 320)]
    assert all(output(tmp_path, v).size == (v.width, v.height) for v in d.variants)


def test_small_photo_is_never_upscaled(tmp_path):
    derived, _ = run(tmp_path, {"1.png": encode(quadrants(120, 90), "PNG")})
    assert [(v.width, v.height) for v in only(derived).variants] == [(120, 90), (120, 90)]


# --- orientation ------------------------------------------------------------------------------

# How a camera stores the upright pattern for each EXIF orientation (EXIF 2.32, tag 274): the
# stored pixels are the upright ones turned the other way.
STORED = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,  # mirrored horizontally
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,  # mirrored vertically
    5: Image.Transpose.TRANSPOSE,  # mirrored along the main diagonal
    6: Image.Transpose.ROTATE_90,  # stored turned 90° counter-clockwise: shown turned clockwise
    7: Image.Transpose.TRANSVERSE,  # mirrored along the other diagonal
    8: Image.Transpose.ROTATE_270,  # stored turned 90° clockwise
}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(tmp_path, orientation):
    upright = quadrants(640, 480)
    method = STORED[orientation]
    stored = upright if method is None else upright.transpose(method)  # FLIP_LEFT_RIGHT is 0
    assert stored.size == ((480, 640) if orientation >= 5 else (640, 480))
    derived, problems = run(tmp_path, {"1.jpg": jpeg_with_orientation(stored, orientation)})
    assert problems == []
    d = only(derived)
    assert (d.width, d.height) == (640, 480)
    for v in d.variants:
        im = output(tmp_path, v)
        assert im.size == (v.width, v.height) == (v.width, v.width * 3 // 4)
        colours = quadrant_colours(im)
        assert all(close(a, b) for a, b in zip(colours, QUADRANTS, strict=False)), (orientation, colours)


# --- colour and bit depth --------------------------------------------------------------------

def test_cmyk_jpeg_looks_like_its_rgb_original(tmp_path):
    reference = quadrants(640, 480)
    derived, problems = run(tmp_path, {"1.jpg": encode(reference.convert("CMYK"), "JPEG",
                                                       quality=95)})
    assert problems == []
    for v in only(derived).variants:
        im = output(tmp_path, v)
        assert im.mode == "RGB"
        assert mean_difference(im, reference.resize(im.size)) < 6


def test_icc_profile_is_converted_to_srgb(tmp_path):
    stored = Image.new("RGB", (400, 300), (200, 30, 40))
    data = encode(stored, "JPEG", quality=95, icc_profile=swapped_icc())
    derived, _ = run(tmp_path, {"1.jpg": data})
    for v in only(derived).variants:
        im = output(tmp_path, v)
        assert "icc_profile" not in im.info
        red, green, blue = im.getpixel((10, 10))
        assert green > 170 and red < 60 and blue < 70, (red, green, blue)  # red became green


def test_16_bit_grey_png_keeps_its_tones(tmp_path):
    grey = Image.new("I;16", (256, 4))
    grey.putdata([x * 257 for x in range(256)] * 4)
    derived, _ = run(tmp_path, {"1.png": encode(grey, "PNG")}, ImageSettings(widths=(256,)))
    for v in only(derived).variants:
        im = output(tmp_path, v).convert("L")
        for x in (0, 64, 128, 200, 250):
            assert abs(im.getpixel((x, 2)) - x) <= 8, (v.format, x, im.getpixel((x, 2)))


def test_16_bit_rgb_png_keeps_its_colours(tmp_path):
    rows = [[(50000, 10000, 30000)] * 64 for _ in range(48)]
    derived, _ = run(tmp_path, {"1.png": png_16bit_rgb(rows)})
    for v in only(derived).variants:
        assert close(output(tmp_path, v).convert("RGB").getpixel((5, 5)), (194, 39, 117), 6)


def test_alpha_png_is_flattened_for_jpeg_and_kept_for_webp(tmp_path):
    im = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    im.paste((200, 30, 40, 255), (0, 0, 100, 100))
    derived, _ = run(tmp_path, {"logo.png": encode(im, "PNG")})
    d = only(derived)
    assert d.opaque is False
    jpeg, webp = output(tmp_path, d.largest("jpeg")), output(tmp_path, d.largest("webp"))
    assert close(jpeg.getpixel((150, 50)), (255, 255, 255), 4)  # transparent → white
    assert close(jpeg.getpixel((50, 50)), (200, 30, 40))
    assert webp.mode == "RGBA" and webp.getpixel((150, 50))[3] == 0
    assert close(webp.getpixel((50, 50)), (200, 30, 40, 255))


def test_palette_png_gif_first_frame_tiff_and_webp_inputs(tmp_path):
    pattern = quadrants(320, 240)
    palette = pattern.convert("P", palette=Image.Palette.ADAPTIVE, colors=4)  # exact colours
    second_frame = Image.new("RGB", (320, 240), (0, 0, 0)).quantize(palette=palette)
    gif = io.BytesIO()
    palette.save(gif, "GIF", save_all=True, append_images=[second_frame], duration=100)
    files = {"p.png": encode(palette, "PNG"), "a.gif": gif.getvalue(),
             "t.tiff": encode(pattern, "TIFF"), "w.webp": encode(pattern, "WEBP", quality=95)}
    derived, problems = run(tmp_path, files)
    assert problems == [] and len(derived) == 4
    for d in derived.values():
        for v in d.variants:
            colours = quadrant_colours(output(tmp_path, v))
            assert all(close(a, b, 16) for a, b in zip(colours, QUADRANTS, strict=False)), (d, colours)


def test_synthetic_heic_comes_out_right(tmp_path):
    pillow_heif.register_heif_opener()
    derived, problems = run(tmp_path, {"1.heic": encode(quadrants(640, 480), "HEIF", quality=95)})
    assert problems == []
    for v in only(derived).variants:
        colours = quadrant_colours(output(tmp_path, v))
        assert all(close(a, b, 16) for a, b in zip(colours, QUADRANTS, strict=False)), colours


@pytest.mark.skipif(not (SHARED_PHOTOS / "dir1/test1/outdoor.heic").is_file(),
                    reason="shared test photos are not here")
def test_real_iphone_heic_matches_its_decoded_pixels(tmp_path):
    data = (SHARED_PHOTOS / "dir1/test1/outdoor.heic").read_bytes()
    derived, problems = run(tmp_path, {"outdoor.heic": data}, ImageSettings(widths=(2560,)))
    assert problems == []
    d = only(derived)
    reference = pillow_heif.open_heif(io.BytesIO(data)).to_pillow().convert("RGB")
    assert (d.width, d.height) == reference.size == (462, 347)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the iPhone's GPS position
    for v in d.variants:  # no worse than encoding the decoded pixels directly at that quality
        direct = Image.open(io.BytesIO(encode(reference, v.format.upper(), quality=82)))
        assert mean_difference(output(tmp_path, v), reference) <= (
            mean_difference(direct, reference) + 0.5)
        path = tmp_path / paths.PHOTO_CACHE_DIR / v.url.removeprefix("photos/")
        assert_no_metadata(path.read_bytes(), v.format)


# --- metadata ---------------------------------------------------------------------------------

def metadata_rich_jpeg() -> bytes:
    """A JPEG carrying EXIF with GPS, XMP, an IPTC caption, an ICC profile and a comment."""
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 54.0, 0.0), 3: "E", 4: (116.0, 23.0, 0.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>secret-xmp</rdf:RDF></x:xmpmeta>'
    from PIL import ImageCms
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(quadrants(400, 300), "JPEG", exif=exif.tobytes(), xmp=xmp,
                  comment="secret-comment", icc_profile=srgb)
    return with_app_segment(data, 0xED, iptc_segment("secret-iptc"))


def assert_no_metadata(data: bytes, fmt: str) -> None:
    """No EXIF, GPS, XMP, IPTC, ICC or comment in an output file's bytes or structure."""
    for secret in (b"SecretCam", b"secret-xmp", b"secret-iptc", b"secret-comment", b"Exif",
                   b"Photoshop", b"http://ns.adobe.com", b"ICC_PROFILE", b"acsp"):
        assert secret not in data, (fmt, secret)
    im = Image.open(io.BytesIO(data))
    assert not set(im.info) & {"exif", "xmp", "icc_profile", "comment", "photoshop"}, im.info
    assert dict(im.getexif()) == {}
    if fmt == "jpeg":  # only SOI, quantisation/Huffman tables, frame and scan: no APPn, no COM
        assert not [m for m in jpeg_markers(data) if 0xE1 <= m <= 0xEF or m == 0xFE]
    else:
        assert set(riff_chunks(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}


def test_all_metadata_is_stripped(tmp_path):
    source = metadata_rich_jpeg()
    original = Image.open(io.BytesIO(source))  # the input really carries it all
    assert original.getexif().get_ifd(0x8825) and "xmp" in original.info
    assert "photoshop" in original.info and original.info["comment"] == b"secret-comment"
    derived, _ = run(tmp_path, {"1.jpg": source})
    for v in only(derived).variants:
        path = tmp_path / paths.PHOTO_CACHE_DIR / v.url.removeprefix("photos/")
        assert_no_metadata(path.read_bytes(), v.format)


@pytest.mark.skipif(not (SHARED_PHOTOS / "iptcTest/1.jpg").is_file(),
                    reason="shared test photos are not here")
def test_real_photo_with_gps_and_iptc_is_stripped(tmp_path):
    source = (SHARED_PHOTOS / "iptcTest/1.jpg").read_bytes()
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(0x8825)  # it has a GPS position
    derived, _ = run(tmp_path, {"1.jpg": source})
    for v in only(derived).variants:
        data = (tmp_path / paths.PHOTO_CACHE_DIR / v.url.removeprefix("photos/")).read_bytes()
        assert_no_metadata(data, v.format)


# --- bad inputs -------------------------------------------------------------------------------

def _truncated_jpeg() -> bytes:
    data = encode(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG")
    return data[: len(data) // 2]


def _corrupt_png() -> bytes:
    data = bytearray(encode(Image.effect_noise((64, 64), 60).convert("RGB"), "PNG"))
    start = data.find(b"IDAT") + 4
    data[start + 10:start + 60] = bytes(b ^ 0xFF for b in data[start + 10:start + 60])
    return bytes(data)


def _truncated_webp() -> bytes:
    data = encode(Image.effect_noise((200, 150), 60).convert("RGB"), "WEBP")
    return data[: len(data) * 2 // 3]


BAD = {  # file name -> (bytes, the problem after the file's path)
    "empty.jpg": (b"", ":1: E301 照片文件是空的（0 字节） — 重新从相机或手机导出这张照片，再放进故事目录"),
    "notes.jpg": ("会议记录\n".encode() * 20,
                  (":1: E302 文件“notes.jpg”不是照片，无法识别为图片 — "
                  "换成 JPEG、PNG、HEIC、WebP、TIFF 或 GIF 格式的照片")),
    "cut.jpg": (_truncated_jpeg(),
                ":1: E305 照片文件不完整，可能没有复制或下载完 — 重新从相机或手机复制这张照片"),
    "cut.webp": (_truncated_webp(),
                 ":1: E305 照片文件不完整，可能没有复制或下载完 — 重新从相机或手机复制这张照片"),
    "head.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF",
                 ":1: E305 照片文件不完整，可能没有复制或下载完 — 重新从相机或手机复制这张照片"),
    "broken.png": (_corrupt_png(), (":1: E306 照片数据已损坏，无法解码 — "
                   "用看图软件打开检查；能打开的话另存为 JPEG 后替换")),
    "bomb.png": (png_header_only(30000, 30000),
                 (":1: E304 照片像素过多：30000×30000，约 900 百万像素，超过上限 120 百万像素 — "
                 "用看图软件缩小后再放入；确需保留时可提高 culture.yml 中 images 的 max_pixels")),
    "scan.bmp": (encode(quadrants(64, 48), "BMP"),
                 ":1: E307 不支持 BMP 格式的图片 — 另存为 JPEG（照片）或 PNG（截图）后再放入"),
}


@pytest.mark.parametrize("name", BAD)
def test_each_bad_input_has_its_exact_message(tmp_path, name):
    data, message = BAD[name]
    derived, problems = run(tmp_path, {name: data})
    assert derived == {}
    assert [str(p) for p in problems] == [f"{STORY}/{name}{message}"]


def test_a_photo_is_taken_by_its_content_not_its_extension(tmp_path):
    # WeChat and Windows (which hides extensions) save PNGs as .jpg: the content decides, and
    # only derivatives are published, so the original's name never reaches a browser.
    png, jpeg = encode(quadrants(64, 48), "PNG"), encode(quadrants(64, 48).convert("RGB"), "JPEG")
    derived, problems = run(tmp_path, {"shot.jpg": png, "b.jpeg": png, "c.png": jpeg,
                                       "d.webp": png})
    assert problems == []
    assert sorted(p.name for p in derived) == ["b.jpeg", "c.png", "d.webp", "shot.jpg"]
    assert all(d.width == 64 and d.height == 48 for d in derived.values())


UNREADABLE = ":1: E308 无法读取照片文件（没有读取权限或磁盘出错） — 检查文件权限，或重新复制这张照片"


def test_a_folder_in_place_of_a_photo_cannot_be_read(tmp_path):
    folder = tmp_path / STORY / "1.jpg"
    folder.mkdir(parents=True)
    derived, problems = plan.process([model.Photo("1.jpg", folder)], SMALL, tmp_path / ".cache",
                                       root=tmp_path, workers=1)
    assert derived == {} and [str(p) for p in problems] == [f"{STORY}/1.jpg{UNREADABLE}"]
    outcome = derive.run(derive.Job(str(folder), "k" * 20, str(tmp_path), (160,), ("jpeg",), 82,
                                    10**8))
    assert (outcome.manifest, outcome.code) == (None, "E308")  # the worker says the same


def test_pixel_limit_comes_from_the_settings(tmp_path):
    settings = ImageSettings(widths=(160,), max_pixels=1_000_000)
    derived, problems = run(tmp_path, {"big.png": encode(quadrants(1500, 1000), "PNG")}, settings)
    assert derived == {}
    assert [str(p) for p in problems] == [
        (f"{STORY}/big.png:1: E304 照片像素过多：1500×1000，约 2 百万像素，超过上限 1 百万像素 — "
        "用看图软件缩小后再放入；确需保留时可提高 culture.yml 中 images 的 max_pixels")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    folder = tmp_path / STORY
    folder.mkdir(parents=True)
    (folder / "1.jpg").write_bytes(encode(quadrants(64, 48), "JPEG"))
    (folder / "1.jpg").chmod(0)
    _, problems = plan.process([model.Photo("1.jpg", folder / "1.jpg")], SMALL,
                                 tmp_path / ".cache", root=tmp_path, workers=1)
    assert [str(p) for p in problems] == [f"{STORY}/1.jpg{UNREADABLE}"]


def test_three_broken_among_twenty_good_are_all_reported(tmp_path):
    files = {f"{i:02}.jpg": encode(quadrants(200 + i, 150), "JPEG") for i in range(20)}
    files |= {"empty.jpg": b"", "cut.jpg": _truncated_jpeg(), "notes.jpg": b"not a photo" * 9}
    derived, problems = run(tmp_path, files, workers=2)  # through the process pool
    assert len(derived) == 20
    assert {p.code: p.path for p in problems} == {
        "E301": f"{STORY}/empty.jpg", "E305": f"{STORY}/cut.jpg", "E302": f"{STORY}/notes.jpg"}
    for d in derived.values():
        assert all(output(tmp_path, v).size == (v.width, v.height) for v in d.variants)


def test_pool_in_a_threaded_process_uses_forkserver(tmp_path):
    """`mkdocs serve` runs threads: the pool must not fork them."""
    import threading
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)
    watcher.start()
    try:
        assert plan._context().get_start_method() == "forkserver"
        files = {f"{i}.jpg": encode(quadrants(300 + i, 200), "JPEG") for i in range(3)}
        derived, problems = run(tmp_path, files, workers=2)
    finally:
        stop.set()
        watcher.join()
    assert problems == [] and len(derived) == 3
    alone = threading.active_count() == 1  # other tests' servers may still run threads
    assert plan._context().get_start_method() == ("fork" if alone else "forkserver")


_real_run = derive.run


def _crash_on_poison(job):
    """A worker that dies on one photo, as a decoder crash or the OOM killer would."""
    if job.source.endswith("poison.jpg"):
        os._exit(1)
    return _real_run(job)


def test_a_photo_that_kills_its_worker_is_reported_and_the_rest_made(tmp_path, monkeypatch):
    import multiprocessing
    monkeypatch.setattr(derive, "run", _crash_on_poison)  # forked workers inherit the patch
    monkeypatch.setattr(plan, "_context", lambda: multiprocessing.get_context("fork"))
    files = {f"{i}.jpg": encode(quadrants(300 + i, 200), "JPEG") for i in range(4)}
    files["poison.jpg"] = encode(quadrants(200, 100), "JPEG")
    derived, problems = run(tmp_path, files, workers=2)
    assert len(derived) == 4
    assert [str(p) for p in problems] == [
        f"{STORY}/poison.jpg:1: E306 照片数据已损坏，无法解码 — 用看图软件打开检查；能打开的话另存为 JPEG 后替换"]


# --- cache ------------------------------------------------------------------------------------

def test_unchanged_photos_are_never_decoded_again(tmp_path, monkeypatch):
    files = {f"{i}.jpg": encode(quadrants(400 + i, 300), "JPEG") for i in range(3)}
    first, _ = run(tmp_path, files, workers=2)
    cache = tmp_path / paths.PHOTO_CACHE_DIR
    outputs = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.suffix in (".jpg", ".webp")}
    assert len(outputs) == 3 * (3 + 1)  # WebP at 160 and 320 px, JPEG at 320 px, the backdrop

    def no_decoding(job):
        raise AssertionError(f"decoded again: {job.source}")

    monkeypatch.setattr(derive, "run", no_decoding)
    monkeypatch.setattr(derive.Image, "open", no_decoding)
    photo_cache._digests.clear()  # a new process (a new `mkdocs build`) re-reads the sources
    second, problems = run(tmp_path, files, workers=2)
    assert problems == [] and second == first
    assert {p: p.stat().st_mtime_ns for p in outputs} == outputs


def test_replaced_photo_gets_new_derivatives(tmp_path):
    first, _ = run(tmp_path, {"1.jpg": encode(quadrants(400, 300), "JPEG")})
    replacement = quadrants(400, 300).transpose(Image.Transpose.ROTATE_180)
    second, _ = run(tmp_path, {"1.jpg": encode(replacement, "JPEG")})
    old, new = only(first), only(second)
    assert old.key != new.key and not {v.url for v in old.variants} & {v.url for v in new.variants}
    colours = quadrant_colours(output(tmp_path, new.largest()))
    assert close(colours[0], QUADRANTS[3]) and close(colours[3], QUADRANTS[0])


def test_settings_change_the_key_and_identical_files_share_one(tmp_path):
    data = encode(quadrants(400, 300), "JPEG")
    derived, _ = run(tmp_path, {"a.jpg": data, "b.jpg": data})
    assert len({d.key for d in derived.values()}) == 1
    other, _ = run(tmp_path, {"a.jpg": data}, ImageSettings(widths=(160, 320), quality=60))
    assert only(other).key != next(iter(derived.values())).key


def test_deleting_the_cache_is_safe(tmp_path):
    files = {"1.jpg": encode(quadrants(400, 300), "JPEG")}
    first, _ = run(tmp_path, files)
    for path in sorted((tmp_path / ".cache").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    second, problems = run(tmp_path, files)
    assert problems == [] and second == first
    assert output(tmp_path, only(second).largest()).size == (320, 240)


def test_partial_cache_entry_is_made_again(tmp_path):
    files = {"1.jpg": encode(quadrants(400, 300), "JPEG")}
    first, _ = run(tmp_path, files)
    missing = tmp_path / paths.PHOTO_CACHE_DIR / only(first).largest("webp").url[len("photos/"):]
    missing.unlink()
    second, _ = run(tmp_path, files)
    assert second == first and missing.is_file()


def test_damaged_manifest_is_made_again(tmp_path):
    files = {"1.jpg": encode(quadrants(400, 300), "JPEG")}
    first, _ = run(tmp_path, files)
    manifest = tmp_path / paths.PHOTO_CACHE_DIR / paths.photo_manifest(only(first).key)
    manifest.write_text('{"version": 2}', "utf-8")
    second, problems = run(tmp_path, files)
    assert problems == [] and second == first
    assert photo_cache.cached(tmp_path / paths.PHOTO_CACHE_DIR, only(first).key) is not None


def test_prune_removes_only_old_unused_entries(tmp_path):
    derived, _ = run(tmp_path, {"1.jpg": encode(quadrants(400, 300), "JPEG"),
                                "2.jpg": encode(quadrants(300, 300), "JPEG")})
    cache = tmp_path / paths.PHOTO_CACHE_DIR
    keys = sorted(d.key for d in derived.values())
    month_later = os.path.getmtime(cache / paths.photo_manifest(keys[0])) + 31 * 86400
    assert photo_cache.prune_cache(cache, {keys[0]}, now=month_later) == 1
    assert photo_cache.cached(cache, keys[0]) is not None
    assert not list(cache.rglob(f"{keys[1]}*"))
    assert photo_cache.prune_cache(cache, set()) == 0  # recent entries stay even when unused


# --- placeholder and HTML ---------------------------------------------------------------------

def test_placeholder_colour_and_preview(tmp_path):
    derived, _ = run(tmp_path, {"1.jpg": encode(Image.new("RGB", (300, 200), (40, 90, 160)),
                                                "JPEG", quality=95)})
    d = only(derived)
    assert close(tuple(int(d.color[i:i + 2], 16) for i in (1, 3, 5)), (40, 90, 160), 4)
    assert d.preview.startswith("data:image/webp;base64,") and len(d.preview) < 400
    import base64
    tiny = Image.open(io.BytesIO(base64.b64decode(d.preview.split(",", 1)[1])))
    assert max(tiny.size) == derive.PREVIEW_SIZE and tiny.size == (16, 11)
