"""Roles the directory's groups propose, confirmed or declined by administrators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry import role_policy
from registry.choices import ProposalState
from registry.directory import proposals as services
from registry.role_forms import user_label
from registry.scoping import can_manage
from registry.selectors import page_size
from registry.views.roles import ROLE_ORDER


def _managed(user):
    """Proposals the user may see: a proposal elsewhere is a 404."""
    return role_policy.proposals_managed_by(user).select_related("user__person", "unit")


@login_required
def role_proposals(request):
    if not can_manage(request.user):
        raise PermissionDenied(_("Only administrators grant and revoke roles."))
    state = request.GET.get("state", ProposalState.PENDING)
    if state not in ProposalState.values:
        state = ProposalState.PENDING
    queryset = (
        _managed(request.user)
        .filter(state=state)
        .prefetch_related("departments")
        .order_by("unit__path", ROLE_ORDER, "user__username", "pk")
    )
    page = Paginator(queryset, page_size(request.GET)).get_page(request.GET.get("page"))
    for proposal, refusal in zip(page, role_policy.grant_refusals(request.user, page), strict=True):
        proposal.refusal = refusal
    context = {
        "page": page,
        "state": state,
        "states": ProposalState.choices,
        "query": f"state={state}",
    }
    return render(request, "registry/roleproposal_list.html", context)


@login_required
@require_POST
def role_proposal_confirm(request, pk: int):
    proposal = get_object_or_404(_managed(request.user), pk=pk)
    try:
        services.proposal_confirm(proposal=proposal, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("registry:role_proposals")
    messages.success(request, _("Granted “%(role)s” on %(unit)s to %(user)s.") % _names(proposal))
    return redirect("registry:role_proposals")


@login_required
@require_POST
def role_proposal_decline(request, pk: int):
    proposal = get_object_or_404(_managed(request.user), pk=pk)
    try:
        services.proposal_decline(proposal=proposal, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("registry:role_proposals")
    messages.success(request, _("Declined “%(role)s” on %(unit)s for %(user)s.") % _names(proposal))
    return redirect("registry:role_proposals")


def _names(proposal) -> dict:
    return {
        "role": proposal.get_role_display(),
        "unit": proposal.unit,
        "user": user_label(proposal.user),
    }
