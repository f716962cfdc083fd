"""Rotation control, the shared risk categories, and the organisation's Excel export."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from registry import organisation as services
from registry.ledger.organisation_export import write_organisation
from registry.models import RiskCategory
from registry.org_forms import RiskCategoryForm
from registry.rotation import can_watch_rotation, max_years, rotation_due_for
from registry.views.org import form_page, managed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def rotation_due(request):
    if not can_watch_rotation(request.user):
        raise PermissionDenied(_("Only administrators and discipline staff follow rotation."))
    rows = rotation_due_for(request.user)
    if unit := request.GET.get("unit", "").strip():
        rows = [r for r in rows if str(r.tenure.post.unit_id) == unit]
    context = {"rows": rows, "max_years": max_years()}
    return render(request, "registry/org/rotation_due.html", context)


@login_required
def org_export(request, pk: int):
    unit = get_object_or_404(managed(request.user), pk=pk)
    stream = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_organisation(managed(request.user).filter(path__startswith=unit.path), stream)
    stream.seek(0)
    name = f"organisation-{unit.code}.xlsx"
    return FileResponse(stream, as_attachment=True, filename=name, content_type=XLSX)


@login_required
def category_list(request):
    managed(request.user)  # administrators only
    categories = RiskCategory.objects.all()
    context = {
        "title": _("Risk categories"),
        "categories": categories,
        "add_url": "registry:org_category_add",
        "edit_url": "registry:org_category_edit",
    }
    return render(request, "registry/org/category_list.html", context)


@login_required
def category_edit(request, pk: int | None = None):
    managed(request.user)
    category = get_object_or_404(RiskCategory, pk=pk) if pk else RiskCategory()
    form = RiskCategoryForm(request.POST or None, instance=category)
    save = lambda f: services.risk_category_save(category=f.instance, by=request.user)  # noqa: E731
    title = _("Edit risk category") if pk else _("Add a risk category")
    back = "registry:org_categories"
    return form_page(request, form, save, title=title, back=back, done=lambda obj: back)
