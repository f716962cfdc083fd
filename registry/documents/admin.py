"""Document kinds and issuers are data an administrator edits; documents are read here
and issued through the service (``registry.documents.services``), which numbers them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registry.documents.models import Document, DocumentIssuer, DocumentKind


@admin.register(DocumentKind)
class DocumentKindAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "abbreviation", "confidential", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]


@admin.register(DocumentIssuer)
class DocumentIssuerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "abbreviation", "unit", "is_default"]
    raw_id_fields = ["unit"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "title", "unit", "person", "issued_on"]
    list_filter = ["kind", "issuer", "year"]
    list_select_related = ["kind", "issuer", "unit", "person"]
    search_fields = ["title", "unit__name", "person__name"]
    readonly_fields = ["kind", "issuer", "year", "number", "unit", "person", "issued_by"]

    def has_add_permission(self, request) -> bool:
        return False  # numbers are given by the service, never typed

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a number once given stays on record
