from django.core.management.base import BaseCommand

from articles.roles import all_roles, sync_roles


class Command(BaseCommand):
    help = "Give each staff group (Editors, …) exactly the permissions it needs."

    def handle(self, *args, **options):
        roles = all_roles()
        sync_roles(roles)
        for group_name, names in roles.items():
            self.stdout.write(f"{group_name}: {len(names)} permissions")
        self.stdout.write(self.style.SUCCESS("Roles are up to date."))
