"""The glue between viewsets and ``registry.scoping``.

A viewset names how its rows are scoped (``scoped_queryset``) and every list,
detail and write goes through it: a row out of the caller's scope is a 404, a row
they see but may not change is a 403 — as in the browser.
"""

import inspect

from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import permissions, viewsets

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


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = IdCursorPagination
    filter_backends = [ScopedFilterBackend]
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped_queryset()

    def get_object(self):
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj
