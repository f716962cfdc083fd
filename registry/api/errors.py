"""One JSON shape for every API error, in the caller's language (Accept-Language,
through Django's LocaleMiddleware):

    {"status": 400, "code": "invalid", "detail": "first message",
     "errors": [{"field": "level", "code": "invalid_choice", "message": "…"}]}

``field`` names the input at fault (``measures[1].text`` inside lists), or is null
for the request as a whole.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler

from registry.workflow import ConflictError


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = ErrorItemSerializer(many=True)


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def handle(exc, context):
    exc = _as_drf(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    errors = list(_flatten(exc.detail if isinstance(exc, exceptions.APIException) else {}))
    first = errors[0] if errors else {"code": "error", "message": str(exc)}
    response.data = {
        "status": response.status_code,
        "code": first["code"] if isinstance(exc, exceptions.ValidationError) else _code(exc),
        "detail": first["message"],
        "errors": errors,
    }
    return response


def _as_drf(exc):
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=validation_detail(exc))
    if isinstance(exc, ConflictError):
        return Conflict(detail=str(exc))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(detail=str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    return exc


def validation_detail(error: DjangoValidationError):
    """A Django ValidationError as DRF detail: {field: [messages]} or [messages]."""
    if hasattr(error, "error_dict"):
        return {
            (None if field == "__all__" else field): [
                exceptions.ErrorDetail(m, code=e.code or "invalid")
                for e in errors
                for m in e.messages
            ]
            for field, errors in error.error_dict.items()
        }
    return [
        exceptions.ErrorDetail(m, code=e.code or "invalid")
        for e in error.error_list
        for m in e.messages
    ]


def _flatten(detail, field: str | None = None):
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):  # a list's item, as DRF reports ListField errors
                yield from _flatten(value, f"{field or ''}[{key}]")
                continue
            name = None if key in (None, "non_field_errors", "__all__", "detail") else str(key)
            yield from _flatten(value, _join(field, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                yield from _flatten(value, f"{field}[{index}]" if field else f"[{index}]")
            else:
                yield from _flatten(value, field)
    else:
        yield {
            "field": field,
            "code": getattr(detail, "code", None) or "error",
            "message": str(detail),
        }


def _join(parent: str | None, name: str | None) -> str | None:
    if parent and name:
        return f"{parent}.{name}"
    return parent or name


def _code(exc) -> str:
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    return codes if isinstance(codes, str) else getattr(exc, "default_code", "error")


def form_errors(form, prefix: str = "") -> exceptions.ValidationError:
    """A page's invalid form as an API validation error, field by field, codes kept."""
    return exceptions.ValidationError(form_error_detail(form, prefix))


def form_error_detail(form, prefix: str = "") -> dict:
    detail = {}
    for field, errors in form.errors.as_data().items():
        name = None if field == "__all__" else field
        key = f"{prefix}.{name}" if prefix and name else (prefix or name)
        detail[key] = [
            exceptions.ErrorDetail(m, code=e.code or "invalid") for e in errors for m in e.messages
        ]
    return detail
