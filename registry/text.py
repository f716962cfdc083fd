"""Control characters in user text: removed on the way in (every form) and on the way out.

Text pasted from Word or a terminal can carry characters nobody sees: a BEL, a
vertical tab (Word's line break inside a table cell), a NUL. XML 1.0 cannot hold
them, so one of them in a risk point used to break every Excel export that
included it. Tab, newline and carriage return are ordinary text and stay.
"""

import re

from django import forms

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value.replace("\x0b", "\n"))


def clean_every_form_text_field() -> None:
    """Strip control characters from what every form text field (CharField and its
    subclasses, in every app and the admin) hands to ``clean``.

    One hook instead of a mixin on each of the project's forms, so a new form cannot
    forget it. Password inputs are left exactly as typed.
    """
    to_python = forms.CharField.to_python
    if getattr(to_python, "strips_control_characters", False):
        return

    def cleaned(field, value):
        value = to_python(field, value)
        if isinstance(value, str) and not isinstance(field.widget, forms.PasswordInput):
            return strip_control_characters(value)
        return value

    cleaned.strips_control_characters = True
    forms.CharField.to_python = cleaned
