"""Views of the early-warning app: parse input, call one service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from registry.selectors import year_param


def report_errors(request, error: ValidationError, form=None) -> None:
    """Put a service's validation errors on the form's fields, or into messages."""
    if form is not None and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    for message in error.messages:
        messages.error(request, message)


def current_year(request, default: int) -> int:
    return year_param(request.GET, default)
