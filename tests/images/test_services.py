import socket

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from aggregator.settings import s3_media_storages
from articles.exceptions import MediaStorageError
from articles.models import HeroImage
from articles.services.image import hero_image_create
from tests.images import files

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("media_storage")
def test_invalid_row_after_processing_leaves_no_file():
    # An empty alt text fails full_clean after the files are written.
    hero_image = HeroImage(alt_text_en="", credit="Jane Doe")

    with pytest.raises(ValidationError):
        hero_image_create(
            hero_image=hero_image,
            upload=ContentFile(files.jpeg(), name="a.jpg"),
            by=None,
        )

    assert not HeroImage.objects.exists()
    assert files.stored_files() == []


@pytest.mark.usefixtures("media_storage")
def test_failed_file_write_removes_what_was_written(monkeypatch):
    from articles.services import image as image_service

    calls = []
    original = image_service.save_file

    def fail_on_third(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise OSError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(image_service, "save_file", fail_on_third)

    with pytest.raises(OSError, match="disk full"):
        hero_image_create(
            hero_image=HeroImage(alt_text_en="A picture.", credit="Jane Doe"),
            upload=ContentFile(files.jpeg(), name="a.jpg"),
            by=None,
        )

    assert not HeroImage.objects.exists()
    assert files.stored_files() == []


def test_storage_that_does_not_answer_fails_the_upload_and_saves_no_row(settings):
    # A loopback port nothing listens on: every request is refused at once.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{probe.getsockname()[1]}"
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_media_storages(
            media_url=f"{endpoint}/public/",
            public_bucket="public",
            private_bucket="private",
            endpoint_url=endpoint,
            region="us-east-1",
            access_key="testing",
            secret_key="testing",
        ),
    }

    with pytest.raises(MediaStorageError, match="private:heroes/"):
        hero_image_create(
            hero_image=HeroImage(alt_text_en="A picture.", credit="Jane Doe"),
            upload=ContentFile(files.jpeg(), name="a.jpg"),
            by=None,
        )

    assert not HeroImage.objects.exists()
