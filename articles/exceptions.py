from django.core.exceptions import ValidationError


class PublishBlocked(ValidationError):
    """A story lacks what publishing requires (source, attribution, …).

    A ValidationError, so the admin and forms show each message on its field.
    """


class ImageRejected(ValidationError):
    """An upload is not a picture the site accepts (format, size, content).

    A ValidationError, so the image form shows its message on the file field.
    """
