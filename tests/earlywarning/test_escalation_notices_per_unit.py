"""Each unit's discipline staff get one notice per sweep naming that unit's cases, and each
person concerned who logs in gets their own; all of them queued in the outbox."""

import datetime

from earlywarning.services.escalation import escalate_due
from registry.models import OutboxMessage
from tests.earlywarning.conftest import T0

LATER = T0 + datetime.timedelta(days=16)


def test_one_outbox_notice_per_unit_listing_its_own_cases(open_case, org, people, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    open_case(summary="财政问题甲")
    open_case(summary="财政问题乙", person=people["buyer"])
    open_case(unit=org.tax, summary="税务问题丙")
    OutboxMessage.objects.all().delete()

    escalate_due(now=LATER)

    notices = [m.kwargs for m in OutboxMessage.objects.filter(task__endswith="notification")]
    by_title = {n["title"]: n for n in notices}
    finance = next(n for t, n in by_title.items() if t.startswith(str(org.finance)))
    tax = next(n for t, n in by_title.items() if t.startswith(str(org.tax)))
    assert "2" in finance["title"] and "1" in tax["title"]
    assert "财政问题甲" in finance["body"] and "财政问题乙" in finance["body"]
    assert "税务问题丙" in tax["body"] and "财政" not in tax["body"]
    assert finance["url"].endswith(f"?unit={org.finance.pk}")
    # The unit notices and the buyer's own notice: three in all.
    assert len(notices) == 3
    [own] = [n for n in notices if n["recipient_ids"] == [people["buyer"].user_id]]
    assert "财政问题乙" in own["body"]
