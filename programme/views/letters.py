"""Letter batches: issue, file signed scans, remind, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programme import selectors
from programme.access import keeps_records, readable_unit, require_keeper
from programme.forms import LetterAddForm, LetterIssueForm, SignedScanForm
from programme.services import letters as service
from programme.views.common import add_validation_error, form_errors
from registry import uploads


@login_required
def batch_issue(request, pk: int):
    unit = readable_unit(request.user, pk)
    require_keeper(request.user, unit)
    form = LetterIssueForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            batch = service.letters_issue(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(count)d letters issued.") % {"count": batch.letters.count()},
            )
            return redirect("programme:batch_detail", pk=batch.pk)
    return render(request, "programme/batch_issue.html", {"unit": unit, "form": form})


@login_required
def batch_detail(request, pk: int):
    batch = selectors.get_visible_batch(user=request.user, pk=pk)
    keeper = keeps_records(request.user, batch.unit)
    return render(
        request,
        "programme/batch_detail.html",
        {
            "batch": batch,
            "progress": selectors.batch_progress([batch])[batch.pk],
            "letters": batch.letters.select_related("person", "post"),
            "keeper": keeper,
            "scan_form": SignedScanForm() if keeper else None,
            "add_form": LetterAddForm(batch=batch) if keeper else None,
        },
    )


@login_required
@require_POST
def batch_add(request, pk: int):
    batch = selectors.get_visible_batch(user=request.user, pk=pk)
    require_keeper(request.user, batch.unit)
    form = LetterAddForm(request.POST, batch=batch)
    if form.is_valid():
        try:
            added = service.letters_add(batch=batch, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("%(count)d letters issued.") % {"count": len(added)})
    if form.errors:
        messages.error(
            request, _("No letters were added: %(errors)s") % {"errors": form_errors(form)}
        )
    return redirect("programme:batch_detail", pk=batch.pk)


@login_required
@require_POST
def letter_signed(request, pk: int):
    letter = selectors.get_visible_letter(user=request.user, pk=pk)
    require_keeper(request.user, letter.batch.unit)
    form = SignedScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            service.letter_file_signed(letter=letter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
    if form.errors:
        messages.error(
            request,
            _("%(person)s's letter was not filed: %(errors)s")
            % {"person": letter.person, "errors": form_errors(form)},
        )
    else:
        messages.success(
            request, _("%(person)s's signed letter is filed.") % {"person": letter.person}
        )
    return redirect("programme:batch_detail", pk=letter.batch_id)


@login_required
@require_POST
def batch_remind(request, pk: int):
    batch = selectors.get_visible_batch(user=request.user, pk=pk)
    count = service.letters_remind(batch=batch, by=request.user)
    messages.success(request, _("%(count)d reminder(s) sent.") % {"count": count})
    return redirect("programme:batch_detail", pk=batch.pk)


@login_required
def letter_download(request, pk: int):
    letter = selectors.get_visible_letter(user=request.user, pk=pk)
    if not letter.scan:
        raise Http404(_("This letter has not come back signed."))
    name = f"{letter.batch.year}-{letter.person.name}-{letter.scan_name or 'scan'}"
    return uploads.attachment(letter.scan, filename=name)
