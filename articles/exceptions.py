from django.core.exceptions import ValidationError


class PublishBlocked(ValidationError):
    """A story lacks what publishing requires (source, attribution, …).

    A ValidationError, so the admin and forms show each message on its field.
    """


class ImageRejected(ValidationError):
    """An upload is not a picture the site accepts (format, size, content).

    A ValidationError, so the image form shows its message on the file field.
    """


class MediaStorageError(OSError):
    """The media storage (a disk or a bucket) failed to store or read a file.

    An OSError, like the disk errors it stands for, so code that survives
    one unreadable file (`rebuild_renditions`) survives this too. The
    message names the file and the storage's own error, for the logs.
    """
