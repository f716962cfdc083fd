"""Administrators grant and revoke roles on the units they manage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import IntegrityError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry import role_policy, services
from registry.choices import ProposalState, Role
from registry.models import RoleAssignment
from registry.role_forms import RoleAssignmentFilterSet, RoleGrantForm, user_label
from registry.scoping import can_manage
from registry.selectors import page_size

# Roles listed in the order of the choices (inspector first), not alphabetically by code.
ROLE_ORDER = Case(
    *[When(role=value, then=Value(index)) for index, value in enumerate(Role.values)],
    output_field=IntegerField(),
)


def managed_assignments(user) -> QuerySet:
    """The assignments the user administers: the list and revoke fetch through
    this, so an assignment elsewhere is invisible (a 404, not a 403)."""
    return role_policy.assignments_managed_by(user)


@login_required
def role_list(request):
    if not can_manage(request.user):
        raise PermissionDenied(_("Only administrators grant and revoke roles."))
    data = request.POST if request.method == "POST" else None
    find = request.GET.get("find", "")
    form = RoleGrantForm(data, manager=request.user, find=find, prefix="grant")
    if data is not None and form.is_valid() and (assignment := _grant(request, form)):
        messages.success(
            request,
            _("Granted “%(role)s” on %(unit)s to %(user)s.")
            % {
                "role": assignment.get_role_display(),
                "unit": assignment.unit,
                "user": user_label(assignment.user),
            },
        )
        return redirect(request.get_full_path())
    filterset, page = _assignment_page(request.user, request.GET)
    for assignment in page:
        assignment.may_revoke = role_policy.revoke_refusal(request.user, assignment) is None
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "filterset": filterset, "page": page, "query": query.urlencode()}
    context["proposals_waiting"] = (
        role_policy.proposals_managed_by(request.user).filter(state=ProposalState.PENDING).count()
    )
    return render(request, "registry/role_list.html", {**context, "find": find})


def _grant(request, form: RoleGrantForm) -> RoleAssignment | None:
    """The new assignment, or None with the service's objections on the form."""
    data = form.cleaned_data
    try:
        return services.role_grant(
            user=data["user"],
            role=data["role"],
            unit=data["unit"],
            departments=data["departments"],
            by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
    except IntegrityError:
        # Someone granted the same role between the form's check and the insert.
        form.add_duplicate_error()
    return None


def _assignment_page(user, params) -> tuple[RoleAssignmentFilterSet, Page]:
    """One page of assignments, in a fixed number of queries whatever its size."""
    queryset = (
        managed_assignments(user)
        .select_related("user__person", "unit")
        .prefetch_related("departments")
        .order_by("unit__path", ROLE_ORDER, "user__username", "pk")
    )
    filterset = RoleAssignmentFilterSet(params, queryset=queryset, manager=user)
    return filterset, Paginator(filterset.qs, page_size(params)).get_page(params.get("page"))


@login_required
@require_POST
def role_revoke_view(request, pk: int):
    assignment = get_object_or_404(
        managed_assignments(request.user).select_related("user__person", "unit"), pk=pk
    )
    try:
        services.role_revoke(assignment=assignment, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_back_to_list(request))
    messages.success(
        request,
        _("Revoked “%(role)s” on %(unit)s from %(user)s.")
        % {
            "role": assignment.get_role_display(),
            "unit": assignment.unit,
            "user": user_label(assignment.user),
        },
    )
    return redirect(_back_to_list(request))


def _back_to_list(request) -> str:
    """The list page the button was pressed on, keeping its filters and page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "registry:role_list"
