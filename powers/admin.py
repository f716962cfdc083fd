from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from powers.models import PowerCategory


@admin.register(PowerCategory)
class PowerCategoryAdmin(SimpleHistoryAdmin):
    """Power categories are data: admins add the kinds their units use."""

    list_display = ["name", "synonyms", "has_discretion", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name", "synonyms"]
