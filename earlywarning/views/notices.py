from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from earlywarning import access, selectors
from earlywarning.choices import NoticeKind
from earlywarning.forms import NoticeForm
from earlywarning.models import Notice
from earlywarning.services.notices import notice_issue
from earlywarning.standing import unit_standing
from earlywarning.views import report_errors
from registry.documents.pdf import document_pdf
from registry.documents.pdf import filename as pdf_filename


def _initial(warning, kind: str) -> dict:
    standing = unit_standing(warning.unit, warning.received_on.year)
    case = warning.disposal
    return {
        "kind": kind,
        "issued_to": warning.unit.name,
        "facts": warning.facts,
        "required_action": standing.handling
        or _("Verify the facts, rectify within the time limit and report the result in writing."),
        "deadline": case.deadline.date() if case else None,
    }


@login_required
def notice_create(request, pk: int, kind: str):
    if kind not in NoticeKind.values:
        raise Http404
    warning = access.get_readable(selectors.warnings_for(request.user), request.user, pk)
    if not access.is_discipline_staff(request.user, warning.unit):
        raise PermissionDenied(_("Only discipline-inspection staff issue notices to this unit."))
    form = NoticeForm(request.POST or None, initial=_initial(warning, kind))
    if request.method == "POST" and form.is_valid():
        notice = form.instance
        notice.kind, notice.unit, notice.warning, notice.case = (
            kind,
            warning.unit,
            warning,
            warning.disposal,
        )
        try:
            notice = notice_issue(notice=notice, by=request.user)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(
                request,
                _("%(kind)s %(reference)s was issued.")
                % {"kind": notice.get_kind_display(), "reference": notice.reference},
            )
            return redirect("earlywarning:notice_detail", pk=notice.pk)
    return render(
        request,
        "earlywarning/notice_form.html",
        {"form": form, "warning": warning, "kind_label": NoticeKind(kind).label},
    )


def _get_notice(request, pk: int) -> Notice:
    queryset = Notice.objects.select_related(
        "unit", "warning", "issued_by", "document__kind", "document__issuer"
    )
    return access.get_readable(queryset, request.user, pk)


@login_required
def notice_detail(request, pk: int):
    """The notice's document as an A4 page in the official-document layout, ready to print."""
    notice = _get_notice(request, pk)
    return render(
        request,
        "registry/documents/document_print.html",
        {
            "document": notice.document,
            "back_url": reverse("earlywarning:warning_detail", args=[notice.warning_id]),
            "may_edit": False,
        },
    )


@login_required
def notice_download(request, pk: int):
    """The same page as a PDF rendered on the server, to archive or send on."""
    document = _get_notice(request, pk).document
    response = HttpResponse(document_pdf(document, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(document)}"'
    return response
