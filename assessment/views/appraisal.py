"""The annual appraisal pages, the public questionnaire, and rectification notices."""

from io import BytesIO
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from assessment import appraisal as service
from assessment.access import assessor_units, can_write_self_report, is_assessor
from assessment.checklist_sources import scores_from_records
from assessment.forms import (
    AppraisalOpenForm,
    ChecklistForm,
    LinksForm,
    PublishForm,
    SelfReportForm,
    SurveyForm,
    VetoForm,
    VetoWithdrawForm,
)
from assessment.models import (
    Appraisal,
    AppraisalAttachment,
    ChecklistItem,
    RectificationNotice,
    SurveyQuestion,
)
from registry import excel, uploads
from registry.scoping import visible_units


def appraisals_for(user):
    """Appraisals of visible units, and every appraisal an assessor runs (results show
    to the unit once published)."""
    return Appraisal.objects.filter(
        Q(unit__in=assessor_units(user)) | Q(unit__in=visible_units(user))
    ).select_related("unit")


def _get_appraisal(user, pk: int) -> Appraisal:
    return get_object_or_404(appraisals_for(user), pk=pk)


@login_required
def appraisal_list(request):
    units = assessor_units(request.user)
    form = AppraisalOpenForm(request.POST or None, units=units, initial={"democratic_weight": 30})
    if request.method == "POST":
        if not units.exists():
            raise PermissionDenied(_("Only discipline-inspection staff open appraisals."))
        if form.is_valid():
            try:
                appraisal = service.appraisal_open(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("assessment:appraisal_detail", pk=appraisal.pk)
    return render(
        request,
        "assessment/appraisal_list.html",
        {
            "appraisals": appraisals_for(request.user).with_vetoes(),
            "form": form,
            "can_open": units.exists(),
        },
    )


@login_required
def appraisal_export(request):
    """The results list as Excel, with the veto and 评先评优 eligibility of each row."""
    appraisals = appraisals_for(request.user).with_vetoes()
    headers = [
        _("Year"),
        _("Unit code"),
        _("Unit"),
        _("Status"),
        _("Final score"),
        _("Grade by score"),
        _("Veto"),
        _("Grade"),
        _("Honours"),
        _("Why"),
    ]
    rows = []
    for a in appraisals:
        shown = a.is_published or is_assessor(request.user, a.unit)
        eligibility = a.honours_eligibility()
        rows.append(
            [
                a.year,
                a.unit.code,
                a.unit.name,
                a.get_status_display(),
                float(a.final_score) if shown and a.final_score is not None else None,
                a.get_score_grade_display() if shown else "",
                "；".join(v.rule.name for v in a.standing_vetoes),
                a.get_grade_display() if a.shows_grade else "",
                _("Eligible for honours")
                if eligibility.eligible
                else _("Not eligible for honours"),
                eligibility.reason,
            ]
        )
    buffer = BytesIO()
    excel.write(buffer, [(_("Annual appraisals"), headers, rows)])
    response = HttpResponse(buffer.getvalue(), content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="appraisals.xlsx"'
    return response


@login_required
def appraisal_detail(request, pk: int):
    appraisal = _get_appraisal(request.user, pk)
    return render(request, "assessment/appraisal_detail.html", detail_context(request, appraisal))


def detail_context(request, appraisal: Appraisal, **forms) -> dict:
    """The appraisal page's context; ``forms`` puts back a bound form with its errors."""
    assessor = is_assessor(request.user, appraisal.unit)
    return {
        "appraisal": appraisal,
        "assessor": assessor,
        "show_results": appraisal.is_published or assessor,
        "can_report": can_write_self_report(request.user, appraisal.unit)
        and not appraisal.is_published,
        "participation": service.participation(appraisal),
        "scores": appraisal.scores.select_related("item"),
        "team_score": service.team_score(appraisal),
        "democratic_score": service.democratic_score(appraisal),
        "links_form": LinksForm(),
        "publish_form": PublishForm(),
        "notices": appraisal.rectification_notices.all(),
        "attachments": appraisal.attachments.all(),
        "new_links": request.session.pop(f"appraisal-links-{appraisal.pk}", None),
        "vetoes": appraisal.vetoes.select_related("rule", "recorded_by", "withdrawn_by"),
        "eligibility": appraisal.honours_eligibility(),
        "veto_form": forms.get("veto_form") or (VetoForm() if assessor else None),
        "withdraw_form": VetoWithdrawForm() if assessor else None,
    }


@login_required
def self_report(request, pk: int):
    appraisal = _get_appraisal(request.user, pk)
    user = request.user
    if not (can_write_self_report(user, appraisal.unit) or is_assessor(user, appraisal.unit)):
        raise PermissionDenied(_("Only the unit's leaders write its self-examination report."))
    form = SelfReportForm(
        request.POST or None, request.FILES or None, initial={"self_report": appraisal.self_report}
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.self_report_save(
                appraisal=appraisal,
                text=form.cleaned_data["self_report"],
                files=form.cleaned_data["attachments"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The self-examination report is saved."))
            return redirect("assessment:appraisal_detail", pk=appraisal.pk)
    return render(request, "assessment/self_report.html", {"appraisal": appraisal, "form": form})


@login_required
@require_POST
def issue_links(request, pk: int):
    appraisal = _get_appraisal(request.user, pk)
    form = LinksForm(request.POST)
    if form.is_valid():
        try:
            tokens = service.links_issue(appraisal=appraisal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            # Shown once on the next page, then gone: only hashes are stored.
            request.session[f"appraisal-links-{appraisal.pk}"] = [
                request.build_absolute_uri(reverse("assessment:survey", args=[t])) for t in tokens
            ]
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("assessment:appraisal_detail", pk=appraisal.pk)


@login_required
def checklist(request, pk: int):
    appraisal = _get_appraisal(request.user, pk)
    if not is_assessor(request.user, appraisal.unit):
        raise PermissionDenied(_("Only the assessment team scores the checklist."))
    scores = {s.item_id: s for s in appraisal.scores.all()}
    # Items scored from the programme's records start from the computed score.
    suggested = scores_from_records(appraisal) if not appraisal.is_published else {}
    for item_id, (score, note) in suggested.items():
        scores.setdefault(item_id, SimpleNamespace(score=score, note=note))
    form = ChecklistForm(
        request.POST or None, items=ChecklistItem.objects.filter(is_active=True), scores=scores
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.checklist_score(appraisal=appraisal, scores=form.scores(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The checklist scores are saved."))
            return redirect("assessment:appraisal_detail", pk=appraisal.pk)
    return render(request, "assessment/checklist.html", {"appraisal": appraisal, "form": form})


@login_required
@require_POST
def publish(request, pk: int):
    appraisal = _get_appraisal(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("assessment:appraisal_detail", pk=appraisal.pk)
    try:
        appraisal = service.appraisal_publish(
            appraisal=appraisal, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Results published: %(grade)s.") % {"grade": appraisal.get_grade_display()}
        )
    return redirect("assessment:appraisal_detail", pk=appraisal.pk)


@login_required
def attachment(request, pk: int):
    item = get_object_or_404(AppraisalAttachment, pk=pk, appraisal__in=appraisals_for(request.user))
    return uploads.attachment(item.file, filename=item.name)


@never_cache
def survey(request, token: str):
    """The public questionnaire behind a one-time link: no login, no trace of who answered."""
    link = service.link_for(token)
    if link is None:
        return render(request, "assessment/survey_closed.html", status=404)
    form = SurveyForm(request.POST or None, questions=SurveyQuestion.objects.filter(is_active=True))
    if request.method == "POST" and form.is_valid():
        try:
            service.survey_submit(
                token=token, ratings=form.ratings(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "assessment/survey_thanks.html", {"unit": link.appraisal.unit})
    return render(request, "assessment/survey.html", {"form": form, "appraisal": link.appraisal})


@login_required
def notice_list(request):
    notices = RectificationNotice.objects.filter(
        Q(unit__in=assessor_units(request.user)) | Q(unit__in=visible_units(request.user))
    ).select_related("unit", "issued_by")
    return render(request, "assessment/notice_list.html", {"notices": notices})
