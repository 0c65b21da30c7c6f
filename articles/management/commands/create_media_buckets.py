from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.exceptions import MediaStorageError
from articles.services.image import media_buckets_create


class Command(BaseCommand):
    help = (
        "With MEDIA_STORAGE=s3: create S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET "
        "if missing, and let anyone read the public one (renditions). The "
        "private one (masters) gets no policy. Safe to run again."
    )

    def handle(self, *args, **options):
        if settings.MEDIA_STORAGE != "s3":
            raise CommandError("Media is on local disk; set MEDIA_STORAGE=s3 first.")
        try:
            created = media_buckets_create()
        except MediaStorageError as error:
            raise CommandError(str(error)) from error
        for name in created:
            self.stdout.write(f"bucket created: {name}")
        self.stdout.write(self.style.SUCCESS(f"{len(created)} created; ready."))
