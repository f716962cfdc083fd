"""Integrity opinions for cadre selection: requests, drafts from the files, signing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programme.forms import OpinionRequestForm, ReminderCardForm
from programme.models import OpinionRequest
from programme.services import opinions as service
from registry.models import Person
from registry.scoping import restrict_to_discipline, scope_for


def _require_staff(user) -> None:
    if not scope_for(user).issues_documents:
        raise PermissionDenied(_("Only discipline-inspection staff answer integrity opinions."))

def _requests(user):
    people = restrict_to_discipline(Person.objects.all(), user)
    return OpinionRequest.objects.filter(people__in=people).distinct()

@login_required
def opinion_list(request):
    _require_staff(request.user)
    return render(
        request, "programme/opinion_list.html", {"requests": _requests(request.user)[:200]}
    )

@login_required
def opinion_create(request):
    _require_staff(request.user)
    people = restrict_to_discipline(Person.objects.filter(is_active=True), request.user)
    form = OpinionRequestForm(request.POST or None, people=people.select_related("unit"))
    if request.method == "POST" and form.is_valid():
        try:
            opinion = service.opinion_request_record(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("programme:opinion_detail", pk=opinion.pk)
    return render(
        request,
        "programme/form_page.html",
        {"form": form, "heading": _("Integrity opinion request"), "unit": "",
         "form_id": "opinion-request"},
    )  # fmt: skip

@login_required
def opinion_detail(request, pk: int):
    _require_staff(request.user)
    opinion = get_object_or_404(_requests(request.user), pk=pk)
    replies = {
        r.person_id: r
        for r in opinion.replies.select_related("document__kind", "document__issuer")
    }
    year = opinion.received_on.year - 1  # the last full year on file
    rows = [
        (
            person,
            replies.get(person.pk),
            None
            if person.pk in replies
            else ReminderCardForm(initial={"body": service.opinion_draft(person, year)}),
        )
        for person in opinion.people.select_related("unit").order_by("name")
    ]
    return render(request, "programme/opinion_detail.html", {"opinion": opinion, "rows": rows})

@login_required
@require_POST
def opinion_sign(request, pk: int, person_pk: int):
    _require_staff(request.user)
    opinion = get_object_or_404(_requests(request.user), pk=pk)
    person = get_object_or_404(opinion.people.all(), pk=person_pk)
    form = ReminderCardForm(request.POST)
    if form.is_valid():
        try:
            reply = service.opinion_sign(
                request=opinion, person=person, body=form.cleaned_data["body"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(document)s was issued.") % {"document": reply.document})
    return redirect("programme:opinion_detail", pk=opinion.pk)

