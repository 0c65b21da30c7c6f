from django.core.management.base import BaseCommand

from takedowns.mail import outbound_message_send, unsent_messages
from takedowns.models import InvalidTransition, TakedownRequest
from takedowns.services import takedown_request_lapse, takedown_request_restore


class Command(BaseCommand):
    help = (
        "Apply due takedown timers: restore stories after the counter-notice "
        "period, lapse requests left waiting for information, and retry "
        "unsent mail. Safe to run any number of times."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due; change nothing."
        )

    def handle(self, *args, dry_run, **options):
        counts = {"restored": 0, "lapsed": 0, "mailed": 0}
        for label, queryset, service in (
            ("restored", TakedownRequest.objects.due_for_restore(), restore),
            ("lapsed", TakedownRequest.objects.due_for_lapse(), lapse),
        ):
            for takedown_request in list(queryset):
                if not dry_run:
                    try:
                        service(takedown_request)
                    except InvalidTransition as error:
                        # Another run or a reviewer moved it first.
                        self.stderr.write(
                            f"{takedown_request.reference}: {' '.join(error.messages)}"
                        )
                        continue
                counts[label] += 1
                self.stdout.write(f"{takedown_request.reference}: {label}")
        for message_id in list(unsent_messages().values_list("pk", flat=True)):
            if not dry_run and outbound_message_send(message_id=message_id):
                counts["mailed"] += 1
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(summary + "."))


def restore(takedown_request):
    # by=None records the restore as automated, not as a person's act.
    takedown_request_restore(takedown_request=takedown_request, by=None)


def lapse(takedown_request):
    takedown_request_lapse(takedown_request=takedown_request)
