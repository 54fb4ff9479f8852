"""Demo photos drawn for the demo dataset: every shot decodes, at the size asked, the same
every time, and follows the car's colour; a machine without a Chinese font still gets them."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from media import demo_art
from media.demo_art import BODIES, SLOTS, draw_shot

WHITE_SEDAN = {"colour": (236, 236, 232), "plate": "粤B·3K8Q2", "mileage_km": 46213}
RED_SUV = {"colour": (128, 22, 30), "plate": "沪A·7D21F", "mileage_km": 82000, "body": "suv"}
EXTERIOR = SLOTS[:7]


def decode(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    assert im.format == "JPEG"
    im.load()
    return im.convert("RGB")


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0..255."""
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("slot", SLOTS)
def test_every_slot_and_body_is_a_jpeg_of_the_requested_size(slot, body):
    im = decode(draw_shot(slot, body=body, seed=3, size=(640, 480), **_car(WHITE_SEDAN)))
    assert im.size == (640, 480)
    # a picture, not a blank: a range of tones
    low, high = zip(*ImageStat.Stat(im.convert("L")).extrema, strict=True)
    assert high[0] - low[0] > 80


def test_default_size_is_1280_by_960():
    assert decode(draw_shot("front", **WHITE_SEDAN)).size == (1280, 960)


@pytest.mark.parametrize("size", [(180, 135), (1080, 810), (600, 800)])
def test_other_sizes(size):
    for slot in ("front_three_quarter_left", "dashboard", "front_seats", "extra"):
        assert decode(draw_shot(slot, size=size, **WHITE_SEDAN)).size == size


@pytest.mark.parametrize("slot", SLOTS)
def test_same_arguments_give_identical_bytes(slot):
    args = dict(RED_SUV, seed=11, size=(400, 300))
    assert draw_shot(slot, **args) == draw_shot(slot, **args)


def test_seed_changes_the_picture():
    a = decode(draw_shot("front_three_quarter_left", seed=1, size=(400, 300), **WHITE_SEDAN))
    b = decode(draw_shot("front_three_quarter_left", seed=2, size=(400, 300), **WHITE_SEDAN))
    assert difference(a, b) > 1


@pytest.mark.parametrize("slot", [*EXTERIOR, "damage", "front_seats"])
def test_colour_changes_the_pixels(slot):
    blue = dict(WHITE_SEDAN, colour=(30, 70, 160))
    white = decode(draw_shot(slot, seed=5, size=(400, 300), **WHITE_SEDAN))
    other = decode(draw_shot(slot, seed=5, size=(400, 300), **blue))
    assert difference(white, other) > 2
    # and the paint shows: the blue car's picture is bluer
    assert ImageStat.Stat(other).mean[2] - ImageStat.Stat(other).mean[0] > (
        ImageStat.Stat(white).mean[2] - ImageStat.Stat(white).mean[0]
    )


def test_body_styles_differ():
    pictures = [
        decode(draw_shot("right_side", body=body, size=(400, 300), **_car(WHITE_SEDAN)))
        for body in BODIES
    ]
    for i, a in enumerate(pictures):
        for b in pictures[i + 1 :]:
            assert difference(a, b) > 1


def test_interior_shots_differ_from_exterior_ones():
    shots = {
        slot: decode(draw_shot(slot, size=(400, 300), **WHITE_SEDAN))
        for slot in (*EXTERIOR, "dashboard", "front_seats")
    }
    for inside in ("dashboard", "front_seats"):
        for outside in EXTERIOR:
            assert difference(shots[inside], shots[outside]) > 20, (inside, outside)
    assert difference(shots["dashboard"], shots["front_seats"]) > 20
    # the cabin is dark, the lot is not
    assert ImageStat.Stat(shots["dashboard"].convert("L")).mean[0] < 90
    assert ImageStat.Stat(shots["front"].convert("L")).mean[0] > 110


def test_mileage_is_drawn_on_the_dashboard():
    a = decode(draw_shot("dashboard", **dict(WHITE_SEDAN, mileage_km=46213)))
    b = decode(draw_shot("dashboard", **dict(WHITE_SEDAN, mileage_km=82000)))
    assert difference(a, b) > 0


def test_plate_is_drawn():
    a = decode(draw_shot("rear", **WHITE_SEDAN))
    b = decode(draw_shot("rear", **dict(WHITE_SEDAN, plate="京N·5B77A")))
    assert difference(a, b) > 0


def test_without_a_chinese_font_the_plate_keeps_its_latin_part(monkeypatch):
    monkeypatch.setattr(demo_art, "_cjk_font_path", lambda: None)
    for slot in ("front", "rear", "front_three_quarter_left", "dashboard", "extra"):
        for seed in (0, 1):
            im = decode(draw_shot(slot, seed=seed, size=(640, 480), **WHITE_SEDAN))
            assert im.size == (640, 480)
    # only the Chinese characters are dropped: the picture still changes with the rest
    a = decode(draw_shot("front", **WHITE_SEDAN))
    b = decode(draw_shot("front", **dict(WHITE_SEDAN, plate="粤B·9Z9Z9")))
    assert difference(a, b) > 0


def test_when_fc_match_is_missing_the_font_lookup_copes(monkeypatch):
    def no_such_program(*args, **kwargs):
        raise FileNotFoundError("fc-match")

    demo_art._cjk_font_path.cache_clear()
    monkeypatch.setattr(demo_art.subprocess, "run", no_such_program)
    monkeypatch.setattr(demo_art, "_CJK_FONT_FILES", ())
    try:
        assert demo_art._cjk_font_path() is None
        assert decode(draw_shot("front", size=(320, 240), **WHITE_SEDAN)).size == (320, 240)
    finally:
        demo_art._cjk_font_path.cache_clear()


def test_unknown_slot_body_or_size_is_refused():
    with pytest.raises(ValueError):
        draw_shot("roof", **WHITE_SEDAN)
    with pytest.raises(ValueError):
        draw_shot("front", body="pickup", **WHITE_SEDAN)
    with pytest.raises(ValueError):
        draw_shot("front", size=(8, 6), **WHITE_SEDAN)
    with pytest.raises(ValueError):
        draw_shot("front", size=(20000, 15000), **WHITE_SEDAN)


def test_draw_shot_writes_no_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for slot in SLOTS:
        draw_shot(slot, size=(200, 150), **RED_SUV)
    assert list(tmp_path.iterdir()) == []


def _car(car: dict) -> dict:
    return {k: v for k, v in car.items() if k != "body"}
