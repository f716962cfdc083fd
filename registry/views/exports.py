"""A large export's page (progress, then the download link), its progress and its file."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render

from registry.exports import export_for
from registry.uploads import attachment


@login_required
def export_job(request, pk: int):
    return render(request, "registry/export_job.html", {"job": export_for(request.user, pk)})


@login_required
def export_job_progress(request, pk: int):
    job = export_for(request.user, pk)
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "running": job.is_running,
            "progress": job.progress,
            "done": job.done,
            "total": job.total,
        }
    )


@login_required
def export_download(request, pk: int):
    """The file, for its requester only, until it expires."""
    job = export_for(request.user, pk)
    if not job.is_downloadable:
        raise Http404
    return attachment(job.file, filename=job.file_name)
