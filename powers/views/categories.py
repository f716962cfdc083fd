"""Power categories (权力类别): data unit administrators extend, shared by every unit."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from powers.models import PowerCategory
from powers.services import power_category_save
from registry.views.org import form_page, managed


class PowerCategoryForm(forms.ModelForm):
    class Meta:
        model = PowerCategory
        fields = ["name", "synonyms", "has_discretion", "sort_order", "is_active"]


@login_required
def category_list(request):
    managed(request.user)  # administrators only
    context = {
        "title": _("Power categories"),
        "categories": PowerCategory.objects.all(),
        "add_url": "powers:category_add",
        "edit_url": "powers:category_edit",
    }
    return render(request, "registry/org/category_list.html", context)


@login_required
def category_edit(request, pk: int | None = None):
    managed(request.user)
    category = get_object_or_404(PowerCategory, pk=pk) if pk else PowerCategory()
    form = PowerCategoryForm(request.POST or None, instance=category)
    save = lambda f: power_category_save(category=f.instance, by=request.user)  # noqa: E731
    title = _("Edit power category") if pk else _("Add a power category")
    back = "powers:categories"
    return form_page(request, form, save, title=title, back=back, done=lambda obj: back)
