"""Draws the app icons (`python -m web.pwa.icons`); the PNGs it writes are committed."""

from PIL import Image, ImageDraw

from web.assets import STATIC

NAVY, ORANGE, WHITE = (15, 42, 68), (242, 140, 40), (255, 255, 255)


def draw(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # draw large, then shrink, for smooth edges
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if maskable:
        d.rectangle((0, 0, s, s), fill=NAVY)
    else:
        d.rounded_rectangle((0, 0, s - 1, s - 1), radius=s // 5, fill=NAVY)
    # the glyph sits inside the central 60% so a maskable crop never cuts it
    u = s / 10
    d.rectangle((3.2 * u, 2.6 * u, 4.5 * u, 7.0 * u), fill=WHITE)  # the L's stem
    d.rectangle((3.2 * u, 5.9 * u, 6.9 * u, 7.0 * u), fill=WHITE)  # the L's foot
    d.rounded_rectangle((3.2 * u, 7.5 * u, 6.9 * u, 8.0 * u), radius=u / 4, fill=ORANGE)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    out = STATIC / "icons"
    out.mkdir(parents=True, exist_ok=True)
    draw(192, maskable=False).save(out / "icon-192.png", optimize=True)
    draw(512, maskable=False).save(out / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(out / "maskable-512.png", optimize=True)
    draw(180, maskable=True).convert("RGB").save(out / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
