import datetime

from celery import shared_task
from django.utils import timezone


def _day(today: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


@shared_task
def quarterly_sampling(today: str | None = None) -> list[int]:
    """Beat, on the last days of each quarter's final month: on the quarter's last day,
    draw every district's sample. Safe to run twice (the draw is unique per quarter)."""
    from pdca.sampling import Quarter, is_quarter_end
    from pdca.services.draws import districts, draw_for_quarter

    day = _day(today)
    if not is_quarter_end(day):
        return []
    quarter = Quarter.of(day)
    return [draw_for_quarter(district=d, quarter=quarter)[0].pk for d in districts()]


@shared_task
def flag_overdue_rectification(today: str | None = None) -> int:
    """Beat, daily: items past their deadline are flagged and their people told once."""
    from pdca.services.rectification import flag_overdue

    return flag_overdue(today=_day(today))


@shared_task
def adopt_rectification_notices() -> int:
    """Beat, hourly: the appraisal's rectification notices become tracked items."""
    from pdca.services.notices import adopt_rectification_notices as adopt

    return adopt()
