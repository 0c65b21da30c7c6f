"""Logging filters shared by every handler."""

import logging
import re

# Good enough to catch addresses, not to validate them: a false positive only
# masks a harmless word in a log line.
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IPV4_PATTERN = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# Eight full groups, or a shortened form with "::". Clock times (21:24:43)
# have neither, so they survive.
IPV6_PATTERN = re.compile(
    r"(?<![\w:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\w:])"
    r"|(?<![\w:])(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4}::"
    r"(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{0,4}(?![\w:])",
    re.IGNORECASE,
)


def mask_personal_data(text: str) -> str:
    """Return `text` with e-mail and IP addresses replaced by placeholders."""
    text = EMAIL_PATTERN.sub("[email]", text)
    text = IPV4_PATTERN.sub("[ip]", text)
    return IPV6_PATTERN.sub("[ip]", text)


class MaskPersonalData(logging.Filter):
    """Mask e-mail and IP addresses in every record a handler emits.

    Code logs references, never personal data; this filter is the safety net
    for messages from libraries (django-axes logs usernames and addresses)
    and for exceptions that quote their input.
    """

    def filter(self, record):
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        return True
