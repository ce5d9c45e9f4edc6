"""Validators every form of the site shares."""

import re

from django.core.exceptions import ValidationError

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def no_control_characters(value):
    """Refuse what would break a line of an e-mail header or a spreadsheet."""
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            "Remove line breaks, tabs and other control characters.",
            code="control_characters",
        )
