from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ServiceActionMixin:
    """Run one service call per selected row, as admin actions do.

    Each row is tried on its own: a refusal (a ValidationError from the
    service's guard) is reported with the row it concerns, and the rest go on.
    """

    def action_object_label(self, obj) -> str:
        """Name `obj` in action messages."""
        return str(obj)

    def apply_to_each(self, request, queryset, service, summary):
        """Run `service` on each row; report what failed, row by row.

        `summary(count)` gives the success message for `count` rows, with %d.
        """
        done = 0
        for obj in queryset:
            try:
                service(obj)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(object)s: %(errors)s")
                    % {
                        "object": self.action_object_label(obj),
                        "errors": " ".join(error.messages),
                    },
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(request, summary(done) % done, messages.SUCCESS)
