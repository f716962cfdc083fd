"""The glue between viewsets and ``registry.scoping``.

A viewset names how its rows are scoped (``scoped_queryset``) and every list,
detail and write goes through it: a row out of the caller's scope is a 404, a row
they see but may not change is a 403 — as in the browser.
"""

import inspect

from django import forms
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import permissions, viewsets
from rest_framework.filters import BaseFilterBackend

from registry.api.pagination import IdCursorPagination


def body(serializer_class, request, *, partial: bool = False) -> dict:
    """The request body checked for types by ``serializer_class`` (a 400 naming the field
    otherwise), holding only what was sent: the pages' forms then validate the values."""
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return {k: v for k, v in serializer.validated_data.items() if k in request.data}


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter as on the list pages: the page's FilterSet, given the user when
    it narrows its choices to what the user sees."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class and "user" in inspect.signature(filterset_class.__init__).parameters:
            kwargs["user"] = request.user
        return kwargs


class PageFilterBackend(BaseFilterBackend):
    """A list page's own filter form and function, for pages that filter with a plain
    form: ``page_filters = (FormClass, apply)`` on the viewset, ``apply(queryset,
    cleaned_data, user=...)`` the very function the page calls. A bad value is a 400 naming it."""

    def filter_queryset(self, request, queryset, view):
        spec = getattr(view, "page_filters", None)
        if spec is None or getattr(view, "action", "list") != "list":
            return queryset
        form_class, apply = spec
        form = page_filter_form(form_class, request.query_params, request.user)
        if not form.is_valid():
            from registry.api.errors import form_errors

            raise form_errors(form)
        return apply(queryset, form.cleaned_data, user=request.user)

    def get_schema_operation_parameters(self, view):
        spec = getattr(view, "page_filters", None)
        if spec is None:
            return []
        return [_parameter(name, field) for name, field in spec[0].base_fields.items()]


def page_filter_form(form_class, data, user):
    """The page's filter form bound to ``data``, given the user when it asks for one."""
    if "user" in inspect.signature(form_class.__init__).parameters:
        return form_class(data, user=user)
    return form_class(data)


def _parameter(name: str, field) -> dict:
    schema = {"type": "string"}
    if isinstance(field, (forms.IntegerField, forms.ModelChoiceField)):
        schema = {"type": "integer"}
    elif isinstance(field, forms.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, forms.ChoiceField):
        schema = {"type": "string", "enum": [str(v) for v, _label in field.choices if v != ""]}
    return {
        "name": name, "in": "query", "required": False,
        "description": str(field.label or name), "schema": schema,
    }  # fmt: skip


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = IdCursorPagination
    filter_backends = [ScopedFilterBackend, PageFilterBackend]
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped_queryset()

    def get_object(self):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj
