"""The hero-image pipeline: Pillow only, no database and no storage.

`open_safely` decides whether uploaded bytes are a picture the site accepts
and decodes it; `process_upload` turns accepted bytes into a master and the
renditions pages show; `process_master` makes the renditions again from a
stored master. Services store what these functions return.
"""

import io
import math
import re
import struct
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageOps, features

from articles.exceptions import ImageRejected

# By content, never by name: Pillow tries only these decoders, so an SVG,
# GIF, TIFF or HTML file named photo.jpg is refused.
ACCEPTED_FORMATS = ["JPEG", "PNG", "WEBP"] + (
    ["AVIF"] if features.check("avif") else []
)
# For the file picker only: browsers filter by it, nothing trusts it.
ACCEPTED_MIME_TYPES = [f"image/{name.lower()}" for name in ACCEPTED_FORMATS]
MEGABYTE = 1024 * 1024
# A longer side than this is a panorama strip or an attack, not a hero.
MAX_SIDE = 12_000
# Narrower pictures look blurred in the story page's 960 px column.
MIN_WIDTH = 640
# Masters are kept to rebuild renditions from; nothing shows them wider.
MASTER_LONG_EDGE = 3200
MASTER_QUALITY = 90
# A large JPEG is decoded at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling)
# when the result is still at least this long: a 24 MP photo then decodes
# to 3000 × 2000 in a quarter of the time and memory, and needs no resize.
# 2400 keeps 1.5 times the widest rendition for future recipes.
MASTER_DRAFT_LONG_EDGE = 2400
RENDITION_WIDTHS = (480, 960, 1600)
JPEG_QUALITY = 82
WEBP_QUALITY = 80
# Open Graph's recommended card: 1.91:1.
SOCIAL_SIZE = (1200, 630)
# Names this recipe: renditions made to another are rebuilt by
# `manage.py rebuild_renditions`. Change it when anything above changes.
RENDITION_SPEC = "w480,960,1600;jpg82p;webp80;social1200x630;master3200"
# Lanczos for the final step; reducing_gap lets Pillow shrink by whole
# factors first (box filter), which is much faster and looks the same.
RESAMPLE = Image.Resampling.LANCZOS
REDUCING_GAP = 3.0

# HTML, SVG or script inside a picture file makes it a polyglot: the bytes
# run as a page or script if anything ever serves them with another type.
# Each pattern is long enough that compressed pixel data never matches it
# by chance.
MARKUP = re.compile(
    rb"<(?:script|html|svg|iframe|object|embed|body|\?php|!doctype)[\s>/]",
    re.IGNORECASE,
)
# The next JPEG marker after entropy-coded data: 0xFF followed by anything
# but a stuffed zero, a restart marker or another fill byte.
JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"

# Formats people try to upload, named in the refusal so they know what to do.
KNOWN_REFUSED = [
    (b"GIF8", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
    (b"%PDF", "PDF"),
]

MESSAGES = {
    "empty": _("The file is empty. Choose the picture again and re-upload it."),
    "too_large": _(
        "The file is %(size)s MB; the limit is %(limit)s MB. Export a smaller "
        "JPEG (about 3,000 pixels wide is plenty) and upload that."
    ),
    "markup": _(
        "This file is a text document (SVG, HTML, XML or script), not a "
        "photograph, whatever its name says. Upload a JPEG, PNG or WebP picture."
    ),
    "refused_format": _(
        "%(format)s files are not accepted. Upload a JPEG, PNG or WebP picture."
    ),
    "not_an_image": _(
        "This file is not a JPEG, PNG or WebP picture, whatever its name says. "
        "Upload a JPEG, PNG or WebP picture."
    ),
    "decompression_bomb": _(
        "The picture is far too large to process safely; the limit is "
        "%(limit)s megapixels. Resize it and upload it again."
    ),
    "too_many_pixels": _(
        "The picture is %(width)s × %(height)s pixels (%(megapixels)s "
        "megapixels); the limit is %(limit)s megapixels. Resize it and upload "
        "it again."
    ),
    "too_long_side": _(
        "The picture is %(width)s × %(height)s pixels; no side may be longer "
        "than %(limit)s pixels."
    ),
    "too_narrow": _(
        "The picture is only %(width)s pixels wide; hero images must be at "
        "least %(limit)s pixels wide to look sharp."
    ),
    "truncated": _(
        "The picture is incomplete or damaged (the upload may have been cut "
        "short). Upload the original file again."
    ),
    "polyglot": _(
        "The picture has other data hidden in it (a document or program after "
        "or inside the image). Re-save it from an image editor and upload that."
    ),
}


def reject(code: str, **params) -> ImageRejected:
    """Return the ImageRejected for `code`, with its editor-facing message."""
    return ImageRejected(MESSAGES[code], code=code, params=params or None)


@dataclass(frozen=True)
class EncodedImage:
    """One stored file's worth of picture: its bytes and what they hold."""

    width: int
    height: int
    format: str  # the file extension: "jpg", "webp"
    content: bytes


@dataclass(frozen=True)
class ProcessedImage:
    """Everything an upload becomes: the master, renditions and social card."""

    master: EncodedImage
    renditions: list[EncodedImage]
    social: EncodedImage


def check_size(size: int, *, max_bytes: int):
    """Refuse a file of `size` bytes if it is over the limit."""
    if size > max_bytes:
        raise reject(
            "too_large",
            size=f"{size / MEGABYTE:.1f}",
            limit=f"{max_bytes / MEGABYTE:g}",
        )


def check_bytes(data: bytes, *, max_bytes: int):
    """Refuse empty, oversized and markup-carrying files before any decoding."""
    if not data:
        raise reject("empty")
    check_size(len(data), max_bytes=max_bytes)
    if data[:1024].lstrip()[:1] == b"<" or MARKUP.search(data):
        raise reject("markup")
    for magic, name in KNOWN_REFUSED:
        if data.startswith(magic):
            raise reject("refused_format", format=name)
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        raise reject("refused_format", format="HEIC")


def jpeg_end(data: bytes, position: int) -> int | None:
    """Return the offset just past the JPEG that starts at `position`.

    Walk the marker segments and skip entropy-coded data to the end-of-image
    marker; None if the stream is not a well-formed JPEG.
    """
    if data[position : position + 2] != b"\xff\xd8":
        return None
    position += 2
    while position < len(data):
        if data[position] != 0xFF:
            return None
        while position < len(data) and data[position] == 0xFF:
            position += 1  # fill bytes may precede a marker
        if position >= len(data):
            return None
        marker = data[position]
        position += 1
        if marker == 0xD9:
            return position
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # markers without a length
        segment_length = int.from_bytes(data[position : position + 2], "big")
        if segment_length < 2:
            return None
        position += segment_length
        if marker == 0xDA:  # start of scan: compressed data runs to the next marker
            match = JPEG_MARKER.search(data, position)
            if match is None:
                return None
            position = match.start()
    return None


def has_trailing_data(data: bytes, image_format: str) -> bool:
    """Whether anything follows the end of the picture in `data`.

    A file that is a picture and also something else (a ZIP archive, a page,
    a script) is a polyglot; readers of the other format ignore the picture.
    Another JPEG after the first is allowed: cameras store the multi-picture
    format's extra images (depth, HDR gain maps) that way. A file whose end
    cannot be found is left to the decoder, which reports it as truncated.
    """
    if image_format in ("JPEG", "MPO"):
        position = 0
        while True:
            end = jpeg_end(data, position)
            if end is None:
                return position > 0 and not data[position:].startswith(b"\xff\xd8")
            if not data[end:].rstrip(b"\x00"):
                return False
            position = end
    if image_format == "PNG":
        end = data.find(PNG_END)
        return end != -1 and end + len(PNG_END) != len(data)
    if image_format == "WEBP":
        riff_size = int.from_bytes(data[4:8], "little")
        return len(data) > 8 + riff_size + (riff_size & 1)
    if image_format == "AVIF":
        position = 0
        while position < len(data):
            box_size = int.from_bytes(data[position : position + 4], "big")
            if box_size == 1:
                box_size = int.from_bytes(data[position + 8 : position + 16], "big")
            if box_size == 0 or box_size < 8:
                return False  # to the end of the file, or malformed
            position += box_size
        return False
    return False


def upright_size(image: Image.Image, size: tuple[int, int]) -> tuple[int, int]:
    """Return `size` as it is once `image`'s EXIF orientation is applied."""
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    width, height = size
    # Orientations 5 to 8 turn the picture a quarter turn.
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def open_safely(
    data: bytes,
    *,
    max_bytes: int,
    max_pixels: int,
    min_width: int = MIN_WIDTH,
    draft_long_edge: int | None = None,
) -> Image.Image:
    """Return the picture in `data`, decoded, or raise ImageRejected.

    Accept JPEG, PNG and WebP (and AVIF where Pillow reads it) by content.
    The pixel count is checked from the header before anything is decoded,
    so a decompression bomb costs nothing. `draft_long_edge` lets a JPEG
    decode at the smallest scale (1/2, 1/4, 1/8) whose long edge is still at
    least that long, which is several times faster than a full decode.
    """
    check_bytes(data, max_bytes=max_bytes)
    # Pillow warns about very large images; its warning becomes our refusal.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise reject(
                "decompression_bomb", limit=f"{max_pixels / 1_000_000:g}"
            ) from None
        except (OSError, ValueError, SyntaxError, EOFError, struct.error):
            # Pillow's UnidentifiedImageError is an OSError.
            raise reject("not_an_image") from None
        width, height = image.size
        if width * height > max_pixels:
            raise reject(
                "too_many_pixels",
                width=width,
                height=height,
                megapixels=f"{width * height / 1_000_000:.1f}",
                limit=f"{max_pixels / 1_000_000:g}",
            )
        if max(width, height) > MAX_SIDE:
            raise reject("too_long_side", width=width, height=height, limit=MAX_SIDE)
        if has_trailing_data(data, image.format):
            raise reject("polyglot")
        if draft_long_edge is not None and image.format == "JPEG":
            scale = min(1.0, draft_long_edge / max(width, height))
            image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
        try:
            image.load()
        except (OSError, ValueError, SyntaxError, EOFError, struct.error):
            # Cut-off data: OSError("image file is truncated") from most
            # decoders, struct.error from PNG's chunk reader.
            raise reject("truncated") from None
    # After decoding: a PNG's orientation is stored after its pixels. The
    # header size counts, not the size of a JPEG decoded as a draft.
    upright_width = upright_size(image, (width, height))[0]
    if upright_width < min_width:
        raise reject("too_narrow", width=upright_width, limit=min_width)
    return image


def to_srgb(image: Image.Image) -> Image.Image:
    """Return `image` as 8-bit RGB in sRGB, alpha flattened onto white.

    An embedded ICC profile is applied, then dropped: browsers assume sRGB
    for untagged pictures, and every rendition is untagged. A profile that
    cannot be read or applied is dropped unapplied, as browsers drop it: the
    pixels are taken as sRGB, which is how the editor saw the picture.
    """
    icc_profile = image.info.get("icc_profile")
    if image.mode in ("I;16", "I"):
        # 16-bit greyscale (a PNG opens as I;16). Pillow's conversions to 8
        # bits clip values above 255 instead of scaling them, which would
        # make all but the darkest tones white: scale 0–65535 to 0–255 first.
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    ):
        # JPEG has no alpha: flatten onto white, as a page background would.
        rgba = image.convert("RGBA")
        image = Image.new("RGB", image.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    if icc_profile and image.mode in ("RGB", "CMYK", "L"):
        try:
            # getOpenProfile, not ImageCmsProfile: it reports bytes that are
            # no profile as PyCMSError too, not as a bare OSError.
            source_profile = ImageCms.getOpenProfile(io.BytesIO(icc_profile))
            image = ImageCms.profileToProfile(
                image,
                source_profile,
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except ImageCms.PyCMSError:
            # A broken profile: the pixels are most likely sRGB already.
            image = image.convert("RGB")
    if image.mode != "RGB":
        image = image.convert("RGB")
    return image


def normalise(image: Image.Image) -> Image.Image:
    """Return a master: upright, sRGB, at most MASTER_LONG_EDGE, no metadata.

    EXIF (with GPS), XMP, comments and the ICC profile are all gone: the
    result is a new image holding only pixels.
    """
    # Shrink first: every later step is cheaper on fewer pixels. The EXIF
    # orientation travels in `info`, so it is applied after.
    if max(image.size) > MASTER_LONG_EDGE:
        scale = MASTER_LONG_EDGE / max(image.size)
        size = (
            max(1, round(image.width * scale)),
            max(1, round(image.height * scale)),
        )
        resized = image.resize(size, RESAMPLE, reducing_gap=REDUCING_GAP)
        resized.info = dict(image.info)
        image = resized
    image = ImageOps.exif_transpose(image)
    image = to_srgb(image)
    # Only pixels survive: no EXIF, GPS, XMP, comments or ICC profile.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


def encode(image: Image.Image, image_format: str, quality: int) -> EncodedImage:
    """Return `image` encoded as "jpg" or "webp", with no metadata."""
    buffer = io.BytesIO()
    if image_format == "jpg":
        image.save(buffer, "JPEG", quality=quality, progressive=True, optimize=True)
    else:
        image.save(buffer, "WEBP", quality=quality, method=4)
    return EncodedImage(image.width, image.height, image_format, buffer.getvalue())


def rendition_widths(master_width: int) -> list[int]:
    """Return the rendition widths for a master this wide, never upscaling.

    A master narrower than the largest width also gets a rendition at its
    own width, so the sharpest picture it has is on offer.
    """
    widths = [width for width in RENDITION_WIDTHS if width <= master_width]
    if master_width < RENDITION_WIDTHS[-1] and master_width not in widths:
        widths.append(master_width)
    return widths


def make_renditions(master: Image.Image) -> list[EncodedImage]:
    """Return each rendition width as JPEG and WebP, smallest first."""
    renditions = []
    # Largest first, each shrunk from the one before: cheaper than shrinking
    # the master every time, and indistinguishable at these ratios.
    source = master
    resized_images = []
    for width in sorted(rendition_widths(master.width), reverse=True):
        height = max(1, round(master.height * width / master.width))
        source = source.resize((width, height), RESAMPLE, reducing_gap=REDUCING_GAP)
        resized_images.append(source)
    for resized in reversed(resized_images):
        renditions.append(encode(resized, "jpg", JPEG_QUALITY))
        renditions.append(encode(resized, "webp", WEBP_QUALITY))
    return renditions


def social_crop(master: Image.Image, focal_x: float, focal_y: float) -> EncodedImage:
    """Return the 1200×630 social card, cut around the focal point.

    The largest 1.91:1 box that fits is centred on the focal point (0–1 of
    width and height) as far as the edges allow, then shrunk to 1200×630;
    a smaller master gives a smaller card rather than an upscaled one.
    """
    target_width, target_height = SOCIAL_SIZE
    crop_width = min(master.width, master.height * target_width / target_height)
    crop_height = crop_width * target_height / target_width
    left = min(
        max(focal_x * master.width - crop_width / 2, 0), master.width - crop_width
    )
    top = min(
        max(focal_y * master.height - crop_height / 2, 0), master.height - crop_height
    )
    box = (round(left), round(top), round(left + crop_width), round(top + crop_height))
    width = min(target_width, round(crop_width))
    height = round(width * target_height / target_width)
    card = master.resize((width, height), RESAMPLE, box=box, reducing_gap=REDUCING_GAP)
    return encode(card, "jpg", JPEG_QUALITY)


def process_master(
    master: Image.Image, *, focal_x: float, focal_y: float
) -> tuple[list[EncodedImage], EncodedImage]:
    """Return the renditions and the social card of a normalised master."""
    return make_renditions(master), social_crop(master, focal_x, focal_y)


def process_upload(
    data: bytes,
    *,
    max_bytes: int,
    max_pixels: int,
    focal_x: float = 0.5,
    focal_y: float = 0.5,
) -> ProcessedImage:
    """Return the master, renditions and social card of an uploaded picture.

    Raise ImageRejected if `data` is not a picture the site accepts.
    """
    image = open_safely(
        data,
        max_bytes=max_bytes,
        max_pixels=max_pixels,
        draft_long_edge=MASTER_DRAFT_LONG_EDGE,
    )
    master = normalise(image)
    renditions, social = process_master(master, focal_x=focal_x, focal_y=focal_y)
    return ProcessedImage(
        master=encode(master, "jpg", MASTER_QUALITY),
        renditions=renditions,
        social=social,
    )


def open_master(data: bytes) -> Image.Image:
    """Return a stored master, decoded.

    Masters are our own re-encodes, but they are read as carefully as
    uploads: a file swapped on disk must not become a way in.
    """
    return open_safely(
        data,
        max_bytes=len(data) or 1,
        max_pixels=MASTER_LONG_EDGE**2,
        # A tall picture's master may be narrower than an upload may be.
        min_width=1,
    )
