from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import imaging
from articles.models import HeroImage
from articles.services.image import (
    hero_image_delete_orphans,
    hero_image_rebuild_renditions,
)


class Command(BaseCommand):
    help = (
        "Make hero image renditions and social cards again from the stored "
        "masters. Only images made to an older recipe are redone, so an "
        "interrupted run resumes where it stopped when run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="rebuild_all",
            help="Redo every image, including those already up to date.",
        )
        parser.add_argument(
            "--after-id",
            type=int,
            default=0,
            help="Start after this image id (to resume an interrupted --all run).",
        )
        parser.add_argument(
            "--delete-orphans",
            action="store_true",
            help="Also delete picture files older than an hour that no image "
            "refers to (left by a request that failed after the upload).",
        )

    def handle(self, *args, rebuild_all, after_id, delete_orphans, **options):
        if delete_orphans:
            orphans = hero_image_delete_orphans(older_than=timedelta(hours=1))
            for alias, name in orphans:
                self.stdout.write(f"orphan deleted: {alias}:{name}")
        hero_images = HeroImage.objects.filter(pk__gt=after_id).order_by("pk")
        missing = hero_images.filter(master="").count()
        hero_images = hero_images.exclude(master="")
        if not rebuild_all:
            hero_images = hero_images.exclude(rendition_spec=imaging.RENDITION_SPEC)
        total = hero_images.count()
        rebuilt = failed = 0
        for number, hero_image in enumerate(hero_images.iterator(), start=1):
            try:
                hero_image_rebuild_renditions(hero_image=hero_image)
            except (ValidationError, OSError) as error:
                # One unreadable master must not stop the run; say which.
                failed += 1
                message = " ".join(getattr(error, "messages", [str(error)]))
                self.stderr.write(
                    f"[{number}/{total}] image {hero_image.pk}: failed: {message}"
                )
                continue
            rebuilt += 1
            self.stdout.write(f"[{number}/{total}] image {hero_image.pk}: rebuilt")
        if missing:
            self.stderr.write(
                f"{missing} image(s) have no stored master; upload them again."
            )
        summary = f"{rebuilt} rebuilt, {failed} failed."
        if failed:
            # A non-zero exit, so a deploy script notices.
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
