"""Small helpers the programme's views share."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError


def year_of(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return datetime.date.today().year


def form_errors(form) -> str:
    """“Field: message” for each error, so the message names the field at fault."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}：{' '.join(errors)}" if label else " ".join(errors))
    return "；".join(parts)


def add_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field it names when there is one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def refuse(request, form) -> None:
    messages.error(request, form_errors(form))
