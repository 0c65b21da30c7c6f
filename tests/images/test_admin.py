"""Uploading through the image library's admin form, as an editor does."""

import io

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image
from pytest_django.asserts import assertContains

from articles import imaging
from articles.models import HeroImage
from tests.factories import HeroImageFactory, StoryFactory
from tests.images import files

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_heroimage_add")
CHANGELIST_URL = reverse("admin:articles_heroimage_changelist")


def upload_form(content: bytes, name: str = "photo.jpg", **overrides) -> dict:
    """The fields a browser posts from the image add form."""
    data = {
        "image": SimpleUploadedFile(name, content),
        "alt_text_en": "Demonstrators fill the square in front of parliament.",
        "caption_en": "The square at noon.",
        "credit": "Jane Doe / Example Agency",
        "licence": "agency",
        "licence_url": "",
        "source_url": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
    }
    data.update(overrides)
    return data


def stored_image(name: str) -> Image.Image:
    """Open a stored rendition; tests may open files, public pages may not."""
    with storages["default"].open(name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def all_stored_images(hero_image) -> list[Image.Image]:
    images = [
        stored_image(name)
        for alias, name in hero_image.stored_names
        if alias == "default"
    ]
    with storages["private"].open(hero_image.master) as master:
        images.append(Image.open(io.BytesIO(master.read())))
    return images


ACCEPTED = [
    ("photo.jpg", files.jpeg, (1200, 800)),
    ("drawing.png", files.png_with_alpha, (1000, 700)),
    ("photo.webp", files.webp, (1000, 700)),
]
if files.HAS_AVIF:
    ACCEPTED.append(("photo.avif", files.avif, (1000, 700)))


# Every format on disk; on a bucket one is enough, as storing is the same.
@pytest.mark.parametrize(
    ("media_storage", "name", "make", "size"),
    [("local", *accepted) for accepted in ACCEPTED] + [("s3", *ACCEPTED[0])],
    indirect=["media_storage"],
)
def test_editor_uploads_each_accepted_format(
    media_storage, editor_client, editor, name, make, size
):
    response = editor_client.post(ADD_URL, upload_form(make(), name=name))

    assert response.status_code == 302, response.context["adminform"].form.errors
    hero_image = HeroImage.objects.get()
    assert (hero_image.master_width, hero_image.master_height) == size
    assert hero_image.uploaded_by == editor
    assert len(hero_image.sha256) == 64
    widths = [rendition["width"] for rendition in hero_image.renditions_as("jpg")]
    # Never upscaled: a picture narrower than 1600 tops out at its own width.
    assert widths == [480, 960, size[0]]
    assert [r["width"] for r in hero_image.renditions_as("webp")] == widths
    for rendition in hero_image.renditions:
        image = stored_image(rendition["name"])
        assert image.format == {"jpg": "JPEG", "webp": "WEBP"}[rendition["format"]]
        assert image.size == (rendition["width"], rendition["height"])
        assert rendition["bytes"] == storages["default"].size(rendition["name"])
    # 1200 × 630, or smaller at the same shape: never upscaled.
    card_width = min(1200, size[0])
    assert stored_image(hero_image.social["name"]).size == (
        card_width,
        round(card_width * 630 / 1200),
    )
    # Every file is named by the server, never after the upload.
    for _alias, stored_name in hero_image.stored_names:
        assert stored_name.startswith("heroes/")
        assert name.split(".")[0] not in stored_name
    assert len(files.stored_files()) == len(hero_image.stored_names)


def test_large_upload_gets_three_widths_and_a_master_of_at_most_3200(editor_client):
    response = editor_client.post(ADD_URL, upload_form(files.jpeg(4000, 2250)))

    assert response.status_code == 302
    hero_image = HeroImage.objects.get()
    assert (hero_image.master_width, hero_image.master_height) == (3200, 1800)
    assert [r["width"] for r in hero_image.renditions_as("jpg")] == [480, 960, 1600]
    assert [r["height"] for r in hero_image.renditions_as("jpg")] == [270, 540, 900]


def test_transparent_png_is_flattened_onto_white(editor_client):
    editor_client.post(ADD_URL, upload_form(files.png_with_alpha(), name="a.png"))

    rendition = HeroImage.objects.get().renditions_as("jpg")[-1]
    image = stored_image(rendition["name"])
    assert image.mode == "RGB"
    # Half-transparent blue over white comes out pale, not dark.
    red, green, blue = image.getpixel((image.width - 5, image.height - 5))
    assert red > 120 and blue > 200


def test_rotated_photo_is_stored_upright_without_exif(editor_client):
    response = editor_client.post(ADD_URL, upload_form(files.rotated_jpeg()))

    assert response.status_code == 302
    hero_image = HeroImage.objects.get()
    assert (hero_image.master_width, hero_image.master_height) == (1200, 800)
    for image in all_stored_images(hero_image):
        assert image.width > image.height
        assert not image.getexif()
        # The red block the camera saw top-left is top-left again.
        red, green, blue = image.convert("RGB").getpixel((5, 5))
        assert red > 150 and blue < 100


def test_gps_and_all_other_metadata_are_removed_from_every_file(editor_client):
    response = editor_client.post(ADD_URL, upload_form(files.gps_jpeg()))

    assert response.status_code == 302
    hero_image = HeroImage.objects.get()
    for image in all_stored_images(hero_image):
        exif = image.getexif()
        assert not exif
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in image.info
        assert "xmp" not in image.info
        assert "comment" not in image.info
        assert "icc_profile" not in image.info
    for alias, name in hero_image.stored_names:
        with storages[alias].open(name) as stored:
            content = stored.read()
        assert b"GPS" not in content
        assert b"secret location" not in content
        assert b"Example Camera" not in content


def test_colour_profile_is_applied_then_dropped(editor_client):
    response = editor_client.post(ADD_URL, upload_form(files.tagged_jpeg()))

    assert response.status_code == 302
    for image in all_stored_images(HeroImage.objects.get()):
        assert "icc_profile" not in image.info
        # Stored red under a red/green-swapped profile is green in sRGB.
        red, green, blue = image.convert("RGB").getpixel((5, 5))
        assert green > 150 and red < 100, (red, green, blue)


def test_unreadable_colour_profile_is_dropped_and_the_pixels_kept(editor_client):
    response = editor_client.post(
        ADD_URL, upload_form(files.jpeg_with_unreadable_profile())
    )

    assert response.status_code == 302
    for image in all_stored_images(HeroImage.objects.get()):
        assert "icc_profile" not in image.info
        # Read as sRGB, as browsers show it: the red block stays red.
        red, green, blue = image.convert("RGB").getpixel((5, 5))
        assert red > 150 and green < 100, (red, green, blue)


def test_16_bit_greyscale_keeps_its_tones_in_every_file(editor_client):
    response = editor_client.post(
        ADD_URL, upload_form(files.grey_16_bit_png(1200, 800), name="scan.png")
    )

    assert response.status_code == 302
    for image in all_stored_images(HeroImage.objects.get()):
        image = image.convert("RGB")
        for fraction in (0.05, 0.25, 0.5, 0.75, 0.95):
            x = round(fraction * (image.width - 1))
            # The source column this one was shrunk from, in 8 bits.
            source_x = round(fraction * (1200 - 1))
            expected = files.grey_16_bit_value(source_x, 1200) / 257
            red, green, blue = image.getpixel((x, image.height // 2))
            assert abs(red - expected) <= 6, (image.size, x, red, expected)
            assert max(red, green, blue) - min(red, green, blue) <= 2  # grey


REJECTED = [
    ("drawing.svg", lambda: files.SVG, "not a photograph"),
    ("drawing.jpg", lambda: files.SVG, "not a photograph"),
    ("page.jpg", lambda: files.HTML, "not a photograph"),
    ("script.jpg", lambda: files.SHELL_SCRIPT, "is not a JPEG, PNG or WebP picture"),
    ("animation.gif", files.gif, "GIF files are not accepted"),
    ("photo.jpg", files.jpeg_with_html_appended, "not a photograph"),
    ("photo.jpg", files.jpeg_with_zip_appended, "has other data hidden in it"),
    ("photo.jpg", files.jpeg_with_script_comment, "not a photograph"),
    ("photo.jpg", lambda: b"", "The file is empty."),
    ("photo.jpg", files.truncated_jpeg, "incomplete or damaged"),
    ("photo.png", files.truncated_png, "incomplete or damaged"),
    ("small.jpg", lambda: files.jpeg(320, 240), "only 320 pixels wide"),
]


@pytest.mark.parametrize(("name", "make", "message"), REJECTED)
def test_refused_upload_says_why_and_leaves_no_file(editor_client, name, make, message):
    response = editor_client.post(ADD_URL, upload_form(make(), name=name))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors["image"])
    assert not HeroImage.objects.exists()
    assert files.stored_files() == []


def test_file_over_the_byte_limit_is_refused_unread(editor_client, settings):
    settings.IMAGE_MAX_BYTES = 50_000
    data = files.encoded(Image.effect_noise((1200, 800), 60).convert("RGB"), "JPEG")
    assert len(data) > 50_000

    response = editor_client.post(ADD_URL, upload_form(data))

    assertContains(response, "the limit is 0.0476837 MB")
    assert not HeroImage.objects.exists()
    assert files.stored_files() == []


def test_picture_over_the_pixel_limit_is_refused_before_decoding(
    editor_client, settings, monkeypatch
):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    data = files.jpeg(1600, 1000)
    decoded = []
    original_load = Image.Image.load
    monkeypatch.setattr(
        Image.Image, "load", lambda self: decoded.append(self) or original_load(self)
    )

    response = editor_client.post(ADD_URL, upload_form(data))

    assertContains(response, "1600 × 1000 pixels (1.6 megapixels)")
    assertContains(response, "the limit is 1 megapixels")
    assert not [image for image in decoded if image.size == (1600, 1000)]
    assert files.stored_files() == []


def test_decompression_bomb_is_refused_with_a_message(editor_client, settings):
    # A PNG header claiming 30,000 × 30,000 pixels: 900 megapixels.
    bomb = files.encoded(Image.new("1", (30_000, 30_000)), "PNG")
    settings.IMAGE_MAX_PIXELS = 10**10

    response = editor_client.post(ADD_URL, upload_form(bomb, name="bomb.png"))

    assertContains(response, "far too large to process safely")
    assert files.stored_files() == []


@pytest.mark.usefixtures("media_storage")
def test_replacing_the_picture_removes_the_old_files(
    editor_client, django_capture_on_commit_callbacks
):
    hero_image = HeroImageFactory()
    old_names = hero_image.stored_names
    url = reverse("admin:articles_heroimage_change", args=[hero_image.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, upload_form(files.jpeg(2000, 1000)))

    assert response.status_code == 302
    hero_image.refresh_from_db()
    assert hero_image.master_width == 2000
    for alias, name in old_names:
        assert not storages[alias].exists(name)
    assert len(files.stored_files()) == len(hero_image.stored_names)


@pytest.mark.usefixtures("media_storage")
def test_moving_the_focal_point_cuts_a_new_social_card(
    editor_client, django_capture_on_commit_callbacks
):
    hero_image = HeroImageFactory(upload=files_upload(files.jpeg(2400, 800)))
    old_card = hero_image.social["name"]
    url = reverse("admin:articles_heroimage_change", args=[hero_image.pk])
    form = upload_form(b"", focal_x="0.0", focal_y="0.0")
    form["image"] = ""

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, form)

    assert response.status_code == 302
    hero_image.refresh_from_db()
    assert (hero_image.focal_x, hero_image.focal_y) == (0.0, 0.0)
    assert hero_image.social["name"] != old_card
    assert not storages["default"].exists(old_card)
    # The card now starts at the left edge: the red block is in it.
    card = stored_image(hero_image.social["name"]).convert("RGB")
    red, green, blue = card.getpixel((5, 5))
    assert red > 150 and blue < 100


def test_focal_point_outside_the_picture_is_refused(editor_client):
    response = editor_client.post(ADD_URL, upload_form(files.jpeg(), focal_x="1.5"))

    assert response.status_code == 200
    assert "focal_x" in response.context["adminform"].form.errors
    assert not HeroImage.objects.exists()


@pytest.mark.usefixtures("media_storage")
def test_deleting_an_image_removes_its_files(
    editor_client, django_capture_on_commit_callbacks
):
    hero_image = HeroImageFactory()
    url = reverse("admin:articles_heroimage_delete", args=[hero_image.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not HeroImage.objects.exists()
    assert files.stored_files() == []


def test_an_image_a_story_uses_cannot_be_deleted(editor_client):
    hero_image = HeroImageFactory()
    StoryFactory(hero_image=hero_image)
    url = reverse("admin:articles_heroimage_delete", args=[hero_image.pk])

    editor_client.post(url, {"post": "yes"})

    assert HeroImage.objects.filter(pk=hero_image.pk).exists()
    assert len(files.stored_files()) == len(hero_image.stored_names)


def test_uploading_the_same_file_twice_warns(editor_client):
    data = files.jpeg()
    editor_client.post(ADD_URL, upload_form(data))

    response = editor_client.post(ADD_URL, upload_form(data), follow=True)

    assertContains(response, "The same file is already in the library")


def test_changelist_shows_thumbnails_and_searches_credit(
    editor_client, django_assert_num_queries
):
    HeroImageFactory(credit="Jane Doe / Example Agency")
    HeroImageFactory(
        credit="John Roe / Other Agency", alt_text_en="Boats in a harbour."
    )

    response = editor_client.get(CHANGELIST_URL, {"q": "Other Agency"})

    assertContains(response, "Boats in a harbour.")
    assertContains(response, "/480.jpg")
    assertContains(response, 'width="120" height="68"')
    assert "Jane Doe" not in response.content.decode()


def test_change_page_previews_the_picture_and_the_social_card(editor_client):
    hero_image = HeroImageFactory()

    response = editor_client.get(
        reverse("admin:articles_heroimage_change", args=[hero_image.pk])
    )

    assertContains(response, "/800.jpg")
    assertContains(response, hero_image.social["name"])
    assertContains(response, 'name="focal_x"')


def files_upload(content: bytes):
    return SimpleUploadedFile("upload.jpg", content)


def test_accepted_formats_include_avif_when_pillow_reads_it():
    assert ("AVIF" in imaging.ACCEPTED_FORMATS) == files.HAS_AVIF


def test_add_page_posts_files_and_offers_only_accepted_types(editor_client):
    response = editor_client.get(ADD_URL)

    assertContains(response, 'enctype="multipart/form-data"')
    assertContains(response, 'accept="image/jpeg,image/png,image/webp')
    assertContains(response, 'name="focal_y"')


@pytest.mark.parametrize("media_storage", ["s3"], indirect=True)
def test_upload_the_storage_refuses_says_so_and_saves_nothing(
    media_storage, editor_client
):
    # The master is stored, then the renditions' bucket refuses them.
    public = storages["default"]
    public.connection.meta.client.delete_bucket(Bucket=public.bucket_name)

    response = editor_client.post(ADD_URL, upload_form(files.jpeg()), follow=True)

    assert response.redirect_chain == [(ADD_URL, 302)]
    assertContains(response, "The picture could not be stored")
    assert not HeroImage.objects.exists()
    assert list(storages["private"].bucket.objects.all()) == []
