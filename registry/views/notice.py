"""The public notice page (公示, no login) and the handling of the comments it receives."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from registry import notice
from registry.models import RiskList
from registry.proxies import client_address


def notice_page(request, pk: int):
    risk_list = get_object_or_404(RiskList.objects.select_related("unit"), pk=pk)
    points = notice.public_points(risk_list)
    shown = list(points)
    if not shown:
        raise Http404
    form = notice.FeedbackForm(_posted(request), points=points)
    if request.method != "POST":
        return _render_notice(request, risk_list, shown, form)
    if not risk_list.notice_running:
        return _render_notice(
            request, risk_list, shown, form, refusal=notice.NOTICE_ENDED, status=400
        )
    if not form.is_valid():
        return _render_notice(request, risk_list, shown, form)
    # Counted only once the form is valid: a visitor shortening an over-long
    # comment is not locked out by their own corrections.
    if not notice.feedback_allowed(client_address(request)):
        refusal = _("Too many comments from your address in the last hour. Please try again later.")
        response = _render_notice(request, risk_list, shown, form, refusal=refusal, status=429)
        response["Retry-After"] = str(notice.seconds_to_next_window())
        return response
    try:
        notice.feedback_submit(risk_list=risk_list, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_notice(request, risk_list, shown, form)
    messages.success(request, _("Thank you: your comment has been passed on."))
    return redirect("registry:notice", pk=risk_list.pk)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _render_notice(request, risk_list, points, form, *, refusal: str = "", status: int = 200):
    context = {"risk_list": risk_list, "points": points, "form": form, "refusal": refusal}
    return render(request, "registry/notice.html", context, status=status)


@login_required
def feedback_handle(request, pk: int):
    feedback = notice.get_feedback_for(user=request.user, pk=pk)
    form = notice.FeedbackHandleForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            notice.feedback_handle(
                feedback=feedback, by=request.user, response=form.cleaned_data["response"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The comment is marked as handled."))
            return redirect("registry:my_tasks")
    return render(request, "registry/feedback_handle.html", {"feedback": feedback, "form": form})
