"""Checks on what claimants and counter-notifiers type."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# RFC 5321 § 4.5.3.1: the longest local part and domain a mail server must
# accept, and the longest address (a 256-octet path less its angle brackets).
MAX_LOCAL_PART = 64
MAX_DOMAIN = 255
MAX_ADDRESS = 254


def validate_mailbox_length(value: str) -> None:
    """Refuse an e-mail address longer than mail servers carry.

    Django's EmailValidator checks the form of an address, not these
    limits; a longer address is refused on the way, so its owner would never
    hear from us. Every e-mail field a claimant or counter-notifier fills in
    uses this.
    """
    local_part, _at, domain = value.rpartition("@")
    if (
        len(local_part) > MAX_LOCAL_PART
        or len(domain) > MAX_DOMAIN
        or len(value) > MAX_ADDRESS
    ):
        raise ValidationError(
            _(
                "This address is longer than e-mail allows: at most "
                "%(local_part)d characters before the @ and %(address)d in all."
            ),
            code="too_long",
            params={"local_part": MAX_LOCAL_PART, "address": MAX_ADDRESS},
        )


def validate_person_name(value: str) -> None:
    """Refuse a name that has fewer than two letters one can see.

    Zero-width spaces, byte order marks and direction marks are format
    characters, not letters: a name made of them, or of one letter, names
    nobody. Letters of every script count (王五, Ng).
    """
    letters = sum(1 for char in value if unicodedata.category(char).startswith("L"))
    if letters < 2:
        raise ValidationError(
            _("Type your name in letters, at least two of them."), code="no_name"
        )
