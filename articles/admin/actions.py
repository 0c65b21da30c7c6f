from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from articles.pagecache.keys import SITE_KEY
from articles.pagecache.purge import purge_on_commit


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


class PurgesPageCacheMixin:
    """Purge every page after a save or delete of a row readers see.

    For models without a service of their own (categories, sources): their
    names are on story pages, lists and the site navigation.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        purge_on_commit([SITE_KEY])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        purge_on_commit([SITE_KEY])

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        purge_on_commit([SITE_KEY])
