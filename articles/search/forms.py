from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    """The search box and the filters of the search page (a GET form).

    The category choices are the navigation's, so checking one costs no
    query. The dates are days in the page's time zone (Beijing time on
    Chinese pages), both included.
    """

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {category.slug: category for category in categories}
        self.fields["category"].choices = [("", _("All categories"))] + [
            (category.slug, category.name) for category in categories
        ]
        # "from" is a Python keyword, so these two are added by name.
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["from"] = forms.DateField(
            label=_("From"), required=False, widget=date_input
        )
        self.fields["to"] = forms.DateField(
            label=_("To"), required=False, widget=date_input
        )

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("from"), cleaned_data.get("to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The “from” date must not be after the “to” date.")
            )
        return cleaned_data

    def filters(self) -> dict:
        """Return the story filters the valid form asks for, as ORM lookups."""
        filters = {}
        category = self.categories.get(self.cleaned_data.get("category") or "")
        if category is not None:
            filters["category"] = category
        published_from, published_before = self.publication_range()
        if published_from is not None:
            filters["publish_at__gte"] = published_from
        if published_before is not None:
            filters["publish_at__lt"] = published_before
        return filters

    def publication_range(self) -> tuple[datetime | None, datetime | None]:
        """Return the start of the "from" day and the end of the "to" day.

        Either is None when its date is not given.
        """
        start, end = self.cleaned_data.get("from"), self.cleaned_data.get("to")
        return (
            start_of_day(start) if start else None,
            start_of_day(end + timedelta(days=1)) if end else None,
        )


def start_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
