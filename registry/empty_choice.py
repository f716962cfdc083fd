"""The empty choice of every dropdown, in words instead of Django's "---------".

One hook at start-up, like ``registry.text``, so no form can forget it: model
fields' blank choice, ``ModelChoiceField``'s empty label and django-filter's
(where the empty choice means "any", so it reads "All").
"""

from django import forms
from django.db.models import fields
from django.utils.translation import pgettext_lazy

DJANGO_EMPTY_LABEL = "---------"
EMPTY_CHOICE = pgettext_lazy("empty choice in a form", "Choose…")
ANY_CHOICE = pgettext_lazy("empty choice in a filter", "All")


def blank_choice() -> list[tuple[str, str]]:
    return [("", EMPTY_CHOICE)]


def translate_empty_choices() -> None:
    # BLANK_CHOICE_DASH is the default argument of Field.get_choices: change it in place.
    fields.BLANK_CHOICE_DASH[:] = blank_choice()
    init = forms.ModelChoiceField.__init__
    if getattr(init, "translates_empty_label", False):
        return

    def __init__(field, queryset, *, empty_label=DJANGO_EMPTY_LABEL, **kwargs):
        if empty_label == DJANGO_EMPTY_LABEL:
            in_filter = type(field).__module__.startswith("django_filters")
            empty_label = ANY_CHOICE if in_filter else EMPTY_CHOICE
        init(field, queryset, empty_label=empty_label, **kwargs)

    __init__.translates_empty_label = True
    forms.ModelChoiceField.__init__ = __init__
