"""Public pages show pictures from stored data alone."""

import urllib.error
import urllib.request
from email.message import Message

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import HeroImage
from tests.factories import HeroImageFactory, StoryFactory
from tests.images import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return StoryFactory(
        published=True,
        slug="harbour",
        hero_image=HeroImageFactory(
            upload=SimpleUploadedFile("x.jpg", files.jpeg(2000, 1125)),
            alt_text_en="Boats in the harbour at dawn.",
            caption_en="The harbour at dawn.",
            credit="Jane Doe / Example Agency",
            licence="cc-by-4.0",
            licence_url="https://creativecommons.org/licenses/by/4.0/",
        ),
    )


def test_story_hero_is_a_picture_with_webp_first_and_its_size(client, story):
    response = client.get("/story/harbour/")

    hero_image = story.hero_image
    webp = ", ".join(
        f"/media/{r['name']} {r['width']}w" for r in hero_image.renditions_as("webp")
    )
    jpeg = ", ".join(
        f"/media/{r['name']} {r['width']}w" for r in hero_image.renditions_as("jpg")
    )
    largest = hero_image.renditions_as("jpg")[-1]
    sizes = "(min-width: 44rem) 42rem, 100vw"
    assertContains(
        response,
        f'<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
        f'<img src="/media/{largest["name"]}" srcset="{jpeg}" sizes="{sizes}" '
        f'width="1600" height="900" alt="Boats in the harbour at dawn." '
        f'loading="eager" decoding="async" fetchpriority="high"></picture>',
        html=False,
    )
    assert [r["width"] for r in hero_image.renditions_as("jpg")] == [480, 960, 1600]


def test_story_caption_credits_the_photographer_and_links_the_licence(client, story):
    response = client.get("/story/harbour/")

    assertContains(response, "The harbour at dawn.")
    assertContains(response, "Photo: Jane Doe / Example Agency")
    assertContains(
        response,
        '<a href="https://creativecommons.org/licenses/by/4.0/" '
        'rel="license noopener">CC BY 4.0</a>',
        html=False,
    )


def test_story_page_offers_the_social_card_as_og_image(client, settings, story):
    settings.SITE_URL = "https://news.example.com"

    response = client.get("/story/harbour/")

    card = story.hero_image.social
    assert (card["width"], card["height"]) == (1200, 630)
    assertContains(
        response,
        f'<meta property="og:image" content="https://news.example.com/media/'
        f'{card["name"]}">',
        html=False,
    )
    assertContains(response, '<meta property="og:image:width" content="1200">')
    assertContains(response, '<meta property="og:image:height" content="630">')
    assertContains(
        response,
        '<meta property="og:image:alt" content="Boats in the harbour at dawn.">',
    )


def test_og_image_keeps_an_absolute_media_url(client, settings, story):
    settings.MEDIA_URL = "https://media.example.net/"

    response = client.get("/story/harbour/")

    assertContains(
        response,
        f'content="https://media.example.net/{story.hero_image.social["name"]}"',
    )


def test_story_without_a_picture_has_no_og_image(client):
    StoryFactory(published=True, slug="plain")

    response = client.get("/story/plain/")

    assertNotContains(response, "og:image")
    assertNotContains(response, "<picture>")


def test_cards_use_the_small_rendition_lazily(client, story):
    response = client.get("/")

    small = story.hero_image.renditions_as("jpg")[0]
    assert small["width"] == 480
    assertContains(response, f'src="/media/{small["name"]}"')
    assertContains(response, 'width="480" height="270"')
    assertContains(response, 'loading="lazy"')
    assertContains(response, 'class="story-card__image"')
    assertNotContains(response, "960.jpg")
    assertNotContains(response, "fetchpriority")


def test_public_pages_open_no_image(client, monkeypatch, story):
    def refuse(*args, **kwargs):
        raise AssertionError("a public page opened an image")

    monkeypatch.setattr(Image, "open", refuse)

    for url in ("/", story.category.get_absolute_url(), story.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assertContains(response, "<picture>")


@pytest.mark.usefixtures("media_storage")
def test_picture_addresses_are_unsigned_and_never_change(client, settings):
    StoryFactory(published=True, slug="harbour", hero_image=HeroImageFactory())
    hero_image = HeroImage.objects.get()
    first = [hero_image.url_of(rendition) for rendition in hero_image.renditions]

    response = client.get("/story/harbour/")

    # Cached pages carry these addresses: a signed one would expire in them.
    again = [hero_image.url_of(rendition) for rendition in hero_image.renditions]
    assert again == first
    for rendition, url in zip(hero_image.renditions, first, strict=True):
        assert url == f"{settings.MEDIA_URL}{rendition['name']}"
        assert "?" not in url
    assertContains(response, first[0])


def anonymous_get(url: str) -> tuple[int, Message]:
    """Return the status and headers of a GET without credentials."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


@pytest.mark.parametrize("media_storage", ["s3"], indirect=True)
def test_readers_get_renditions_but_never_masters_from_the_buckets(media_storage):
    hero_image = HeroImageFactory()
    private = storages["private"]
    master_address = f"{private.endpoint_url}/{private.bucket_name}/{hero_image.master}"

    for rendition in hero_image.renditions:
        status, headers = anonymous_get(hero_image.url_of(rendition))
        assert status == 200
        content_type = {"jpg": "image/jpeg", "webp": "image/webp"}
        assert headers["Content-Type"] == content_type[rendition["format"]]
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert anonymous_get(master_address)[0] == 403
    # Staff reach a master only through a signed address that expires.
    signed = private.url(hero_image.master)
    assert "Signature=" in signed
    assert anonymous_get(signed)[0] == 200
