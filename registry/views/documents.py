"""Official documents: the list in scope, the A4 print view, the PDF, issuing and correcting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from registry.documents import pdf
from registry.documents.forms import DocumentForm, DocumentTextForm
from registry.documents.models import DocumentKind
from registry.documents.selectors import documents_for, get_document
from registry.documents.services import document_issue, document_revise
from registry.models import Unit
from registry.scoping import is_discipline_staff, restrict_to_discipline, scope_for


@login_required
def document_list(request):
    if not scope_for(request.user).reads_documents:
        raise PermissionDenied(_("Documents are read by those who read a unit's register."))
    documents = documents_for(request.user)
    kind = request.GET.get("kind", "")
    if kind:
        documents = documents.filter(kind__code=kind)
    return render(
        request,
        "registry/documents/document_list.html",
        {
            "documents": documents[:500],
            "kinds": DocumentKind.objects.filter(is_active=True),
            "kind": kind,
        },
    )


@login_required
def document_detail(request, pk: int):
    """The document on an A4 sheet in the official-document layout, ready to print."""
    document = get_document(request.user, pk)
    return render(
        request,
        "registry/documents/document_print.html",
        {
            "document": document,
            "back_url": request.GET.get("back")
            if _safe(request.GET.get("back"))
            else reverse("registry:document_list"),
            "may_edit": is_discipline_staff(request.user, document.unit),
        },
    )


def _safe(url: str | None) -> bool:
    return bool(url) and url.startswith("/") and not url.startswith("//")


@login_required
def document_pdf(request, pk: int):
    document = get_document(request.user, pk)
    response = HttpResponse(pdf.document_pdf(document, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(document)}"'
    return response


@login_required
def document_create(request):
    if not scope_for(request.user).issues_documents:
        raise PermissionDenied(_("Only discipline-inspection staff issue documents."))
    units = restrict_to_discipline(Unit.objects.filter(is_active=True), request.user, prefix="")
    kind = DocumentKind.objects.filter(code=request.GET.get("kind", "")).first()
    initial = {"kind": kind, "body": kind.draft_body() if kind else ""}
    form = DocumentForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = document_issue(
            kind=data["kind"],
            unit=data["unit"],
            person=data["person"],
            title=data["title"],
            addressee=data["addressee"],
            body=data["body"],
            by=request.user,
        )
        messages.success(request, _("%(document)s was issued.") % {"document": document})
        return redirect("registry:document_detail", pk=document.pk)
    return render(request, "registry/documents/document_form.html", {"form": form})


@login_required
def document_edit(request, pk: int):
    document = get_document(request.user, pk)
    if not is_discipline_staff(request.user, document.unit):
        raise PermissionDenied(_("Only discipline-inspection staff edit this document."))
    form = DocumentTextForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document_revise(
            document=document,
            by=request.user,
            title=data["title"],
            addressee=data["addressee"],
            body=data["body"],
        )
        messages.success(
            request, _("The text of %(document)s was corrected.") % {"document": document}
        )
        return redirect("registry:document_detail", pk=document.pk)
    return render(
        request, "registry/documents/document_form.html", {"form": form, "document": document}
    )
