"""Cursor pagination: stable pages over a register that changes while it is read,
and no COUNT over a hundred thousand rows."""

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
