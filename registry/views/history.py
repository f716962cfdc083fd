"""Change history for auditors: one object's changes, the global change log, its export."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.changelog import change_log_page
from registry.exports import change_log_is_large, change_log_params, export_start
from registry.forms import ChangeLogFilterForm, user_choice_label
from registry.history import ChangeLogFilter, history_users, object_history
from registry.history_export import write_change_log
from registry.history_registry import tracked_models
from registry.models import ExportKind
from registry.roles import HISTORY, VIEW
from registry.scoping import can_read_history
from registry.selectors import list_query

PER_PAGE = 50


def require_history_reader(user) -> None:
    if not can_read_history(user):
        raise PermissionDenied(_("Only auditors, discipline staff and admins read change history."))


@login_required
def object_history_view(request, model_key: str, pk: int):
    if model_key not in tracked_models():
        raise Http404
    # Out of sight is a 404 for everyone; in sight but not a history reader, a 403.
    reader = can_read_history(request.user)
    action = HISTORY if reader else VIEW
    entries = object_history(viewer=request.user, model_key=model_key, pk=pk, action=action)
    if not entries:
        raise Http404
    require_history_reader(request.user)
    return render(
        request,
        "registry/object_history.html",
        {
            "entries": entries,
            "object_label": entries[0].object_label,
            "model_label": entries[0].model_label,
        },
    )


def _change_log_filters(request) -> tuple[ChangeLogFilterForm, ChangeLogFilter | None]:
    """The change log's filter form and what it asks for (None when it is invalid)."""
    model_choices = [
        (key, model._meta.verbose_name) for key, (model, _) in tracked_models().items()
    ]
    form = ChangeLogFilterForm(
        request.GET or None,
        user=request.user,
        model_choices=model_choices,
        # Who appears in history is asked only to check a chosen user (see the form).
        users=history_users() if request.GET.get("user") else get_user_model().objects.none(),
    )
    if not form.is_bound:
        return form, ChangeLogFilter()
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, ChangeLogFilter(
        model_key=data["model"],
        user_id=data["user"].pk if data["user"] else None,
        unit=data["unit"],
        date_from=data["date_from"],
        date_to=data["date_to"],
    )


@login_required
def change_log_view(request):
    require_history_reader(request.user)
    form, filters = _change_log_filters(request)
    page = None
    if filters is not None:
        page = change_log_page(
            viewer=request.user,
            filters=filters,
            params=request.GET,
            per_page=PER_PAGE,
            base_query=list_query(request.GET),
        )
    return render(
        request,
        "registry/changelog.html",
        {
            "form": form,
            "entries": page.rows if page else [],
            "page": page,
            "total": page.total if page else 0,
            "query": list_query(request.GET),
        },
    )


@login_required
def change_log_users(request):
    """The change log's "changed by" choices, fetched when the select is opened."""
    require_history_reader(request.user)
    return JsonResponse({"options": [[u.pk, user_choice_label(u)] for u in history_users()]})


@login_required
def change_log_export(request):
    """The filtered change log as an Excel workbook: the page's scope and filters."""
    require_history_reader(request.user)
    form, filters = _change_log_filters(request)
    if filters is None:
        raise Http404
    if change_log_is_large(viewer=request.user, filters=filters):
        params = change_log_params(filters)
        job = export_start(kind=ExportKind.CHANGE_LOG, params=params, by=request.user)
        return redirect("registry:export_job", pk=job.pk)
    output = write_change_log(viewer=request.user, filters=filters)
    name = f"change-log-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(output, as_attachment=True, filename=name)
