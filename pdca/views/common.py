from django.contrib import messages
from django.core.exceptions import ValidationError


def report_errors(request, error: ValidationError) -> None:
    """A service's refusal, shown on the page the user returns to."""
    for message in error.messages:
        messages.error(request, message)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"
