from datetime import timedelta
from functools import partial
from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from articles import imaging
from articles.models import HeroImage
from tests.factories import HeroImageFactory
from tests.images import files

pytestmark = pytest.mark.django_db


def rebuild(*args) -> str:
    out = StringIO()
    call_command("rebuild_renditions", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.usefixtures("media_storage")
def test_rebuild_redoes_images_made_to_an_older_recipe(
    django_capture_on_commit_callbacks,
):
    current = HeroImageFactory()
    outdated = HeroImageFactory()
    old_names = [name for alias, name in outdated.stored_names if alias == "default"]
    HeroImage.objects.filter(pk=outdated.pk).update(rendition_spec="old")

    with django_capture_on_commit_callbacks(execute=True):
        output = rebuild()

    assert f"[1/1] image {outdated.pk}: rebuilt" in output
    assert "1 rebuilt, 0 failed." in output
    outdated.refresh_from_db()
    assert outdated.rendition_spec == imaging.RENDITION_SPEC
    assert [r["width"] for r in outdated.renditions_as("jpg")] == [480, 800]
    for rendition in outdated.renditions:
        assert storages["default"].exists(rendition["name"])
    # New names, so no cache anywhere serves an old file; the old ones go.
    for name in old_names:
        assert not storages["default"].exists(name)
    current_before = current.renditions
    current.refresh_from_db()
    assert current.renditions == current_before


@pytest.mark.usefixtures("media_storage")
def test_rebuild_is_safe_to_run_again(django_capture_on_commit_callbacks):
    HeroImageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = rebuild("--all")
        second = rebuild()

    assert "1 rebuilt, 0 failed." in first
    assert "0 rebuilt, 0 failed." in second


def test_rebuild_resumes_after_an_id():
    first, second = HeroImageFactory(), HeroImageFactory()

    output = rebuild("--all", "--after-id", str(first.pk))

    assert f"image {second.pk}: rebuilt" in output
    assert f"image {first.pk}:" not in output


@pytest.mark.usefixtures("media_storage")
def test_orphans_from_a_rolled_back_request_are_deleted_later(time_machine):
    kept = HeroImageFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        # An error later in the same request rolls the new row back.
        HeroImageFactory()
        raise RuntimeError
    assert len(files.stored_files()) == 2 * len(kept.stored_names)

    # An upload still in progress is never mistaken for an orphan.
    assert "orphan deleted" not in rebuild("--delete-orphans")
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    output = rebuild("--delete-orphans")

    assert output.count("orphan deleted") == len(kept.stored_names)
    assert len(files.stored_files()) == len(kept.stored_names)
    for alias, name in kept.stored_names:
        assert storages[alias].exists(name)


@pytest.mark.parametrize("media_storage", ["s3"], indirect=True)
def test_orphans_on_a_bucket_are_found_by_one_listing(media_storage, time_machine):
    for _ in range(3):
        HeroImageFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        orphan = HeroImageFactory()
        raise RuntimeError
    requests = []
    for alias in ("default", "private"):
        events = storages[alias].connection.meta.client.meta.events
        events.register("before-call.s3", partial(note_operation, requests))

    time_machine.move_to(timezone.now() + timedelta(hours=2))
    output = rebuild("--delete-orphans")

    assert output.count("orphan deleted") == len(orphan.stored_names)
    # One listing per bucket, then one delete per orphan; never a request
    # per stored file or folder.
    assert sorted(requests) == sorted(
        ["ListObjectsV2"] * 2 + ["DeleteObject"] * len(orphan.stored_names)
    )


def note_operation(requests, model, **kwargs):
    requests.append(model.name)


@pytest.mark.parametrize("media_storage", ["s3"], indirect=True)
def test_create_media_buckets_is_safe_to_run_again(media_storage):
    # The media_storage fixture ran it once, on two fresh names.
    public, private = storages["default"], storages["private"]
    public.connection.meta.client.delete_bucket(Bucket=private.bucket_name)
    out = StringIO()

    call_command("create_media_buckets", stdout=out)
    call_command("create_media_buckets", stdout=out)

    assert out.getvalue().splitlines() == [
        f"bucket created: {private.bucket_name}",
        "1 created; ready.",
        "0 created; ready.",
    ]
    assert private.bucket.creation_date is not None


def test_create_media_buckets_needs_media_on_s3():
    with pytest.raises(CommandError, match="MEDIA_STORAGE=s3"):
        call_command("create_media_buckets", stdout=StringIO())
