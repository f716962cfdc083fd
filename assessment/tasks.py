from celery import shared_task
from django.utils import timezone

from assessment.choices import RegradeStatus
from assessment.models import GradingModel, RegradeRun
from assessment.monitoring import monitors_resolve
from assessment.regrade import regrade_run


@shared_task(acks_late=True)
def run_regrade(*, run_id: int, year: int | None = None) -> int:
    """Regrade for a queued run; a finished run is not redone."""
    run = RegradeRun.objects.select_related("grading_model", "started_by").get(pk=run_id)
    if run.status == RegradeStatus.DONE:
        return 0
    try:
        return regrade_run(run=run, year=year).done
    except Exception as error:
        RegradeRun.objects.filter(pk=run_id).update(
            status=RegradeStatus.FAILED, error=str(error), finished_at=timezone.now()
        )
        raise


@shared_task
def resolve_all_monitors() -> int:
    """Nightly: catches changes that bypassed signals (bulk imports, direct SQL)."""
    return monitors_resolve()


@shared_task
def freeze_approved_models() -> int:
    """Freeze every version whose grades were approved since the last run."""
    return sum(
        model.refresh_frozen() for model in GradingModel.objects.filter(frozen_at__isnull=True)
    )
