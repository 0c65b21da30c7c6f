import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

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
