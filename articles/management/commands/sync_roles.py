from django.core.management.base import BaseCommand

from articles.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Give each staff group (Editors, …) exactly the permissions it needs."

    def handle(self, *args, **options):
        sync_roles()
        for group_name, names in ROLES.items():
            self.stdout.write(f"{group_name}: {len(names)} permissions")
        self.stdout.write(self.style.SUCCESS("Roles are up to date."))
