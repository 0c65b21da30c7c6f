"""Writes to the image library: uploads, replacements, focal points, deletes.

The admin form, the demo loader and `rebuild_renditions` all come here, so
every stored picture has passed `imaging.open_safely`, has been re-encoded
and has its renditions. Files are named by the server
(`heroes/<yyyy>/<mm>/<uuid>/<width>.<ext>`); the uploaded file name never
reaches a path. Files are immutable: a new picture gets a new folder, and
the old folder is deleted once the change has committed.
"""

import hashlib
import json
import logging
import uuid
from datetime import datetime, timedelta
from functools import partial

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from PIL import Image
from storages.backends.s3 import S3Storage

from articles import imaging
from articles.exceptions import MediaStorageError
from articles.models import HeroImage
from articles.pagecache.keys import story_change_keys
from articles.pagecache.purge import purge_on_commit

logger = logging.getLogger("articles.images")

# What a storage raises when it cannot store, read or delete a file: disk
# errors, and boto3's when a bucket does not answer or refuses the request.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


def read_upload(upload: File) -> bytes:
    """Return the uploaded bytes, refusing before reading a file too large."""
    # Checked before reading, so an oversized file never fills memory.
    imaging.check_size(upload.size, max_bytes=settings.IMAGE_MAX_BYTES)
    upload.seek(0)
    return upload.read()


def new_folder() -> str:
    """Return a fresh folder name for one picture's files."""
    return timezone.now().strftime("heroes/%Y/%m/") + uuid.uuid4().hex


def save_file(alias: str, name: str, content: bytes, written: list) -> str:
    """Save `content` as `name` in storage `alias`; note it in `written`.

    Raise MediaStorageError if the storage fails.
    """
    try:
        stored_name = storages[alias].save(name, ContentFile(content))
    except STORAGE_ERRORS as error:
        raise MediaStorageError(f"{alias}:{name}: {error}") from error
    written.append((alias, stored_name))
    return stored_name


def open_master(hero_image: HeroImage) -> Image.Image:
    """Return `hero_image`'s stored master, decoded.

    Raise MediaStorageError if the storage fails or the master is missing.
    """
    try:
        with storages["private"].open(hero_image.master) as master:
            data = master.read()
    except STORAGE_ERRORS as error:
        raise MediaStorageError(f"private:{hero_image.master}: {error}") from error
    return imaging.open_master(data)


def describe(encoded: imaging.EncodedImage, name: str) -> dict:
    """Return the stored description of one file, as pages read it."""
    return {
        "width": encoded.width,
        "height": encoded.height,
        "format": encoded.format,
        "name": name,
        "bytes": len(encoded.content),
    }


def store_renditions(
    hero_image: HeroImage,
    *,
    folder: str,
    renditions: list[imaging.EncodedImage],
    social: imaging.EncodedImage,
    written: list,
):
    """Write renditions and social card under `folder`; describe them on the row."""
    hero_image.renditions = [
        describe(
            rendition,
            save_file(
                "default",
                f"{folder}/{rendition.width}.{rendition.format}",
                rendition.content,
                written,
            ),
        )
        for rendition in renditions
    ]
    hero_image.social = describe(
        social,
        save_file(
            "default", f"{folder}/social.{social.format}", social.content, written
        ),
    )
    hero_image.rendition_spec = imaging.RENDITION_SPEC


def delete_files(names: list[tuple[str, str]]):
    """Delete stored files; a file already gone is not an error.

    A file the storage fails to delete is logged and left in place:
    `rebuild_renditions --delete-orphans` deletes it later. Deleting is
    cleanup after a change that succeeded or failed on its own, and its
    error must not replace that outcome.
    """
    for alias, name in names:
        try:
            storages[alias].delete(name)
        except STORAGE_ERRORS as error:
            logger.warning("could not delete %s:%s: %s", alias, name, error)


def delete_files_on_commit(names: list[tuple[str, str]]):
    """Delete `names` once the transaction commits, and only then.

    A rolled-back change still refers to them.
    """
    if names:
        transaction.on_commit(partial(delete_files, list(names)))


def save_with_files(hero_image: HeroImage, write_files, *, old_names=()):
    """Write files, then validate and save the row; undo the files on failure.

    `write_files(written)` stores files and appends each to `written`. If
    anything fails before the row is saved, those files are deleted at once,
    so a failed upload leaves nothing behind. `old_names` are deleted after
    commit.
    """
    written: list[tuple[str, str]] = []
    try:
        write_files(written)
        with transaction.atomic():
            hero_image.full_clean()
            hero_image.save()
            delete_files_on_commit(old_names)
            # The picture, its alt text or its caption: on its stories' pages.
            purge_on_commit(story_change_keys(*hero_image.stories.all()))
    except BaseException:
        # BaseException: an interrupted upload must not leave files either.
        delete_files(written)
        raise
    return hero_image


def write_upload(hero_image: HeroImage, upload: File):
    """Return a function that processes `upload` into `hero_image`'s files.

    Processing happens here, before any file is written: ImageRejected
    leaves nothing to clean up.
    """
    data = read_upload(upload)
    processed = imaging.process_upload(
        data,
        max_bytes=settings.IMAGE_MAX_BYTES,
        max_pixels=settings.IMAGE_MAX_PIXELS,
        focal_x=hero_image.focal_x,
        focal_y=hero_image.focal_y,
    )
    folder = new_folder()

    def write_files(written):
        hero_image.master = save_file(
            "private", f"{folder}/master.jpg", processed.master.content, written
        )
        hero_image.master_width = processed.master.width
        hero_image.master_height = processed.master.height
        hero_image.sha256 = hashlib.sha256(data).hexdigest()
        store_renditions(
            hero_image,
            folder=folder,
            renditions=processed.renditions,
            social=processed.social,
            written=written,
        )

    return write_files


def hero_image_create(
    *, hero_image: HeroImage, upload: File, by: AbstractBaseUser | None
) -> HeroImage:
    """Store `upload` as the picture of the unsaved `hero_image` and save it.

    The caller sets the text fields (alt text, credit, …) and the focal
    point. Raise ImageRejected, writing nothing, if the upload is not an
    accepted picture; ValidationError if the row is invalid, after deleting
    the files it wrote.
    """
    hero_image.uploaded_by = by
    save_with_files(hero_image, write_upload(hero_image, upload))
    logger.info("hero image %s created", hero_image.pk)
    return hero_image


def hero_image_replace(
    *, hero_image: HeroImage, upload: File, by: AbstractBaseUser | None
) -> HeroImage:
    """Give `hero_image` a new picture, keeping its text and its stories.

    Every story using it shows the new picture. The old files are deleted
    after commit. Raise ImageRejected, changing nothing, if the upload is
    not an accepted picture.
    """
    old_names = HeroImage.objects.get(pk=hero_image.pk).stored_names
    hero_image.uploaded_by = by
    save_with_files(hero_image, write_upload(hero_image, upload), old_names=old_names)
    logger.info("hero image %s replaced", hero_image.pk)
    return hero_image


def hero_image_update(
    *, hero_image: HeroImage, by: AbstractBaseUser | None
) -> HeroImage:
    """Save changes to `hero_image`'s text and focal point.

    A moved focal point cuts a new social card from the master; the old
    card is deleted after commit.
    """
    stored = HeroImage.objects.get(pk=hero_image.pk)
    focal_point = (hero_image.focal_x, hero_image.focal_y)
    if (stored.focal_x, stored.focal_y) == focal_point or not hero_image.master:
        return save_with_files(hero_image, write_files=lambda written: None)
    master = open_master(hero_image)
    social = imaging.social_crop(master, hero_image.focal_x, hero_image.focal_y)
    folder = stored.social["name"].rsplit("/", 1)[0] if stored.social else new_folder()

    def write_files(written):
        # A new name: the old card may be cached anywhere, forever.
        name = f"{folder}/social-{uuid.uuid4().hex[:8]}.{social.format}"
        hero_image.social = describe(
            social, save_file("default", name, social.content, written)
        )

    old_names = [("default", stored.social["name"])] if stored.social else []
    return save_with_files(hero_image, write_files, old_names=old_names)


def hero_image_rebuild_renditions(*, hero_image: HeroImage) -> HeroImage:
    """Make `hero_image`'s renditions and social card again from its master.

    For a changed recipe (`imaging.RENDITION_SPEC`). The new files get a new
    folder, so caches never serve a stale file; the old ones are deleted
    after commit.
    """
    master = open_master(hero_image)
    renditions, social = imaging.process_master(
        master, focal_x=hero_image.focal_x, focal_y=hero_image.focal_y
    )
    old_names = [name for name in hero_image.stored_names if name[0] == "default"]

    def write_files(written):
        store_renditions(
            hero_image,
            folder=new_folder(),
            renditions=renditions,
            social=social,
            written=written,
        )

    return save_with_files(hero_image, write_files, old_names=old_names)


@transaction.atomic
def hero_image_delete(*, hero_image: HeroImage):
    """Delete `hero_image` and, after commit, all its files.

    Raise ProtectedError if a story still uses it.
    """
    names = hero_image.stored_names
    hero_image.delete()
    delete_files_on_commit(names)


def stored_hero_files(alias: str) -> dict[str, datetime]:
    """Return every picture file in storage `alias`, with its modification time.

    On a bucket, one listing request per thousand files: a folder there is
    only a prefix of the keys, which cannot be asked whether it exists, and
    a request per folder or file would take hours on a large library.
    """
    storage = storages[alias]
    if isinstance(storage, S3Storage):
        paginator = storage.connection.meta.client.get_paginator("list_objects_v2")
        pages = paginator.paginate(Bucket=storage.bucket_name, Prefix="heroes/")
        return {
            entry["Key"]: entry["LastModified"]
            for page in pages
            for entry in page.get("Contents", [])
        }
    return stored_files_on_disk(alias, "heroes")


def stored_files_on_disk(alias: str, folder: str) -> dict[str, datetime]:
    """Return every file under `folder` in file-system storage `alias`."""
    storage = storages[alias]
    if not storage.exists(folder):
        return {}
    folders, files = storage.listdir(folder)
    names = {
        f"{folder}/{name}": storage.get_modified_time(f"{folder}/{name}")
        for name in files
    }
    for subfolder in folders:
        names.update(stored_files_on_disk(alias, f"{folder}/{subfolder}"))
    return names


def hero_image_delete_orphans(*, older_than: timedelta) -> list[tuple[str, str]]:
    """Delete picture files no HeroImage refers to; return what was deleted.

    Files from an upload whose transaction rolled back after the service
    returned (an error later in the same request) have no row. Only files
    older than `older_than` go, so an upload still in progress is safe.
    """
    referenced = set()
    for hero_image in HeroImage.objects.only("master", "renditions", "social"):
        referenced.update(hero_image.stored_names)
    cutoff = timezone.now() - older_than
    orphans = [
        (alias, name)
        for alias in ("default", "private")
        for name, modified_at in stored_hero_files(alias).items()
        if (alias, name) not in referenced and modified_at < cutoff
    ]
    delete_files(orphans)
    for alias, name in orphans:
        logger.info("orphaned file deleted: %s:%s", alias, name)
    return orphans


def public_read_policy(bucket: str) -> str:
    """Return the bucket policy that lets anyone read `bucket`'s files."""
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def media_buckets_create() -> list[str]:
    """Create the missing media buckets and let anyone read the public one.

    For MEDIA_STORAGE=s3. Return the names of the buckets created. The
    private bucket gets no policy, so only our credentials read it. Raise
    MediaStorageError if the store refuses.
    """
    created = []
    for alias in ("private", "default"):
        storage = storages[alias]
        client = storage.connection.meta.client
        try:
            if not bucket_exists(client, storage.bucket_name):
                client.create_bucket(
                    Bucket=storage.bucket_name, **bucket_location(storage)
                )
                created.append(storage.bucket_name)
            if alias == "default":
                client.put_bucket_policy(
                    Bucket=storage.bucket_name,
                    Policy=public_read_policy(storage.bucket_name),
                )
        except STORAGE_ERRORS as error:
            raise MediaStorageError(f"{storage.bucket_name}: {error}") from error
    return created


def bucket_exists(client, name: str) -> bool:
    """Whether bucket `name` exists; ClientError if we may not know."""
    try:
        client.head_bucket(Bucket=name)
    except ClientError as error:
        if error.response["Error"]["Code"] in ("404", "NoSuchBucket"):
            return False
        raise
    return True


def bucket_location(storage: S3Storage) -> dict:
    """Return create_bucket's region argument for `storage`'s region."""
    # us-east-1 is S3's default and the one region it refuses to be named.
    if storage.region_name in (None, "us-east-1"):
        return {}
    return {"CreateBucketConfiguration": {"LocationConstraint": storage.region_name}}
