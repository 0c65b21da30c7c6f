"""Pictures for demo and benchmark stories, drawn with Pillow.

The drawing functions are pure: they return JPEG bytes and never touch the
database. `save_hero_image` is the one place such bytes become a HeroImage
row, through the image service like an editor's upload.
"""

import io
import math
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from articles.models import HeroImage, HeroImageLicence
from articles.services.image import hero_image_create

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """The colours of one kind of sky, and the sky in words for alt text."""

    sky: str
    sky_zh_hans: str
    sky_top: Colour
    sky_bottom: Colour
    sun: Colour
    land: tuple[Colour, ...]  # far to near


PALETTES = (
    Palette(
        sky="a clear blue sky",
        sky_zh_hans="晴朗的蓝天",
        sky_top=(32, 96, 184),
        sky_bottom=(176, 214, 240),
        sun=(255, 248, 220),
        land=((120, 150, 170), (72, 118, 90), (44, 88, 60)),
    ),
    Palette(
        sky="an orange evening sky",
        sky_zh_hans="橙色的傍晚天空",
        sky_top=(92, 60, 130),
        sky_bottom=(250, 170, 90),
        sun=(255, 220, 150),
        land=((120, 80, 110), (80, 50, 80), (40, 28, 48)),
    ),
    Palette(
        sky="a pale winter sky",
        sky_zh_hans="淡色的冬日天空",
        sky_top=(150, 175, 200),
        sky_bottom=(232, 238, 244),
        sun=(255, 255, 255),
        land=((190, 200, 212), (150, 164, 180), (108, 122, 140)),
    ),
    Palette(
        sky="a dark stormy sky",
        sky_zh_hans="阴沉的暴风雨天空",
        sky_top=(40, 46, 60),
        sky_bottom=(120, 130, 140),
        sun=(210, 210, 200),
        land=((80, 88, 96), (56, 64, 70), (30, 36, 40)),
    ),
    Palette(
        sky="a green-gold morning sky",
        sky_zh_hans="金绿色的清晨天空",
        sky_top=(120, 180, 210),
        sky_bottom=(240, 230, 170),
        sun=(255, 240, 180),
        land=((150, 170, 120), (100, 140, 70), (60, 100, 40)),
    ),
)


@dataclass(frozen=True)
class Picture:
    """A drawn picture: its JPEG bytes and what it shows, for the alt text.

    The Chinese description is there for a story that is translated; the
    picture's row gets it only through that translation.
    """

    content: bytes
    alt_text: str
    alt_text_zh_hans: str


def encode_jpeg(image: Image.Image, quality: int = 85) -> bytes:
    """Return `image` as baseline JPEG bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def draw_sky(width: int, height: int, top: Colour, bottom: Colour) -> Image.Image:
    """Return an RGB image shading from `top` to `bottom`."""
    gradient = Image.linear_gradient("L").resize((width, height))
    return ImageOps.colorize(gradient, black=top, white=bottom)


def ridge_points(
    rng: random.Random, width: int, height: int, base: float, roughness: float
) -> list[tuple[float, float]]:
    """Return a closed polygon for a ridge of hills around `base` (0-1 of height)."""
    waves = [
        (rng.uniform(0.5, 3.0), rng.uniform(0, math.tau), rng.uniform(0.3, 1.0))
        for _ in range(3)
    ]
    points = [(0.0, float(height))]
    for step in range(41):
        x = width * step / 40
        offset = sum(
            amplitude * math.sin(frequency * math.tau * step / 40 + phase)
            for frequency, phase, amplitude in waves
        )
        points.append((x, height * (base - roughness * offset / 3)))
    points.append((float(width), float(height)))
    return points


def draw_landscape(
    rng: random.Random, *, width: int = 1200, height: int = 675
) -> Picture:
    """Draw hills, or a city skyline, under a sky chosen by `rng`."""
    palette = rng.choice(PALETTES)
    image = draw_sky(width, height, palette.sky_top, palette.sky_bottom)
    draw = ImageDraw.Draw(image)
    sun_x = rng.uniform(0.15, 0.85) * width
    sun_y = rng.uniform(0.15, 0.35) * height
    sun_radius = height * rng.uniform(0.05, 0.09)
    draw.ellipse(
        (
            sun_x - sun_radius,
            sun_y - sun_radius,
            sun_x + sun_radius,
            sun_y + sun_radius,
        ),
        fill=palette.sun,
    )
    has_skyline = rng.random() < 0.4
    for layer, colour in enumerate(palette.land):
        if has_skyline and layer == len(palette.land) - 1:
            draw_skyline(draw, rng, width, height, colour)
        else:
            base = 0.55 + 0.12 * layer
            draw.polygon(ridge_points(rng, width, height, base, 0.08), fill=colour)
    scene = "a city skyline beneath hills" if has_skyline else "rolling hills"
    scene_zh_hans = "城市天际线和山丘" if has_skyline else "连绵起伏的山丘"
    return Picture(
        content=encode_jpeg(image, quality=80),
        alt_text=f"Illustration: {scene} under {palette.sky}.",
        alt_text_zh_hans=f"插图：{palette.sky_zh_hans}下，{scene_zh_hans}。",
    )


def draw_skyline(
    draw: ImageDraw.ImageDraw,
    rng: random.Random,
    width: int,
    height: int,
    colour: Colour,
):
    """Draw a row of buildings with lit windows along the bottom of the image."""
    window = (250, 226, 150)
    x = 0.0
    while x < width:
        building_width = rng.uniform(0.04, 0.1) * width
        top = height * rng.uniform(0.5, 0.8)
        draw.rectangle((x, top, x + building_width, height), fill=colour)
        for window_y in range(int(top) + 12, height - 12, 22):
            for window_x in range(int(x) + 8, int(x + building_width) - 12, 18):
                if rng.random() < 0.35:
                    draw.rectangle(
                        (window_x, window_y, window_x + 7, window_y + 10), fill=window
                    )
        x += building_width + rng.uniform(0, 0.01) * width


def draw_tower_on_mountain(*, width: int = 1600, height: int = 900) -> Picture:
    """Draw a transmitter tower on a mountain top against a blue sky.

    The stand-in for the photograph of Gaustatoppen on the seed story; the
    same every time.
    """
    image = draw_sky(width, height, (18, 84, 178), (168, 208, 238))

    # Soft clouds: white ellipses on their own layer, blurred, then blended.
    clouds = Image.new("L", (width, height), 0)
    cloud_draw = ImageDraw.Draw(clouds)
    for left, top, right, bottom in (
        (0.05, 0.12, 0.30, 0.20),
        (0.18, 0.16, 0.38, 0.23),
        (0.66, 0.08, 0.92, 0.15),
        (0.74, 0.13, 0.98, 0.19),
    ):
        cloud_draw.ellipse(
            (left * width, top * height, right * width, bottom * height), fill=190
        )
    clouds = clouds.filter(ImageFilter.GaussianBlur(radius=width / 60))
    image = Image.composite(
        Image.new("RGB", image.size, (255, 255, 255)), image, clouds
    )

    draw = ImageDraw.Draw(image)

    def point(x: float, y: float) -> tuple[float, float]:
        return (x * width, y * height)

    # Distant range, then the mountain, lit from the left.
    draw.polygon(
        [
            point(*xy)
            for xy in (
                (0, 1),
                (0, 0.70),
                (0.12, 0.62),
                (0.22, 0.68),
                (0.34, 0.60),
                (0.46, 0.70),
                (0.78, 0.64),
                (0.90, 0.58),
                (1, 0.66),
                (1, 1),
            )
        ],  # fmt: skip
        fill=(122, 150, 178),
    )
    peak = (0.56, 0.40)
    draw.polygon(
        [
            point(*xy)
            for xy in (
                (0, 1),
                (0.08, 0.86),
                (0.22, 0.74),
                (0.34, 0.64),
                (0.44, 0.52),
                (0.50, 0.46),
                peak,
                (0.62, 0.45),
                (0.72, 0.56),
                (0.84, 0.66),
                (1, 0.78),
                (1, 1),
            )
        ],  # fmt: skip
        fill=(62, 70, 80),
    )
    draw.polygon(
        [point(*xy) for xy in (peak, (0.62, 0.45), (0.72, 0.56), (0.84, 0.66),
                               (1, 0.78), (1, 1), (0.70, 1), (0.62, 0.70))],
        fill=(44, 50, 58),
    )  # fmt: skip

    # The tower: a station building on the summit and a tapering mast.
    building_top = peak[1] - 0.035
    draw.rectangle(
        (*point(peak[0] - 0.035, building_top), *point(peak[0] + 0.03, peak[1] + 0.01)),
        fill=(214, 214, 206),
    )
    mast_foot = building_top
    mast_top = 0.12
    draw.polygon(
        [
            point(peak[0] - 0.010, mast_foot),
            point(peak[0] + 0.010, mast_foot),
            point(peak[0] + 0.004, mast_top),
            point(peak[0] - 0.004, mast_top),
        ],
        fill=(226, 226, 220),
    )
    for platform_y, half_width in ((0.22, 0.011), (0.17, 0.009)):
        draw.rectangle(
            (
                *point(peak[0] - half_width, platform_y),
                *point(peak[0] + half_width, platform_y + 0.012),
            ),
            fill=(190, 60, 50),
        )
    draw.line(
        (point(peak[0], mast_top), point(peak[0], mast_top - 0.06)),
        fill=(200, 200, 196),
        width=max(2, width // 400),
    )
    return Picture(
        content=encode_jpeg(image, quality=85),
        alt_text=(
            "A transmitter tower on a mountain top under a blue sky with light clouds."
        ),
        alt_text_zh_hans="蓝天薄云下，山顶上的一座发射塔。",
    )


def save_hero_image(
    *,
    picture: Picture,
    filename: str,
    alt_text: str = "",
    caption: str = "",
    credit: str,
    licence: str = HeroImageLicence.OWN,
) -> HeroImage:
    """Store `picture` as a HeroImage through the image service.

    It is validated, re-encoded and given its renditions like any upload;
    `filename` is only the upload's name and never reaches a stored path.
    The texts are English; `alt_text` defaults to the picture's own
    description. A translation adds the Chinese ones (`story_language_save`).
    Raise ValidationError if the row is invalid; no file is then left behind.
    """
    hero_image = HeroImage(
        alt_text_en=alt_text or picture.alt_text,
        # NULL, not "", for no caption, as the admin stores it.
        caption_en=caption or None,
        credit_en=credit,
        licence=licence,
    )
    return hero_image_create(
        hero_image=hero_image,
        upload=ContentFile(picture.content, name=filename),
        by=None,
    )
