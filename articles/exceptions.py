from django.core.exceptions import ValidationError


class PublishBlocked(ValidationError):
    """A story lacks what publishing requires (source, attribution, …).

    A ValidationError, so the admin and forms show each message on its field.
    """
