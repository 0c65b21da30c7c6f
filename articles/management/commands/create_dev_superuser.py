from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "admin"  # noqa: S105  (development only: refused unless DEBUG)


class Command(BaseCommand):
    help = (
        "Development only: make sure the local superuser admin/admin exists "
        "and print how to log in. Refuses to run unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_dev_superuser is for development and needs DEBUG=True; "
                "in production use `manage.py createsuperuser`."
            )
        User = get_user_model()
        if not User.objects.filter(username=USERNAME).exists():
            User.objects.create_superuser(USERNAME, "admin@localhost", PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: http://127.0.0.1:8000/admin/ — user “{USERNAME}”, "
                f"password “{PASSWORD}” (development only)."
            )
        )
