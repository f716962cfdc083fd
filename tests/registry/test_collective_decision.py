"""The level-1 collective decision is the leading group's (issue 12, finding 5)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from registry.choices import RiskPointStatus as S
from registry.choices import Role
from registry.models import CollectiveDecision, RiskPoint
from registry.workflow import content_hash, risk_list_for, transition_points
from tests.conftest import grant, make_user

TODAY = timezone.localdate()


@pytest.fixture
def waiting(make_point):
    """A level-1 unit point submitted to the leading group today."""
    point = make_point(post=None, scope="unit", level=1, name="大额资金使用")
    RiskPoint.objects.filter(pk=point.pk).update(
        status=S.SUBMITTED, status_changed_at=timezone.now()
    )
    point.refresh_from_db()
    return point


def decide(point, by, **meeting):
    fields = {"meeting_date": TODAY, "minutes_ref": "党组会〔2026〕3号"}
    fields.update(meeting)
    return transition_points(
        name="decide",
        point_ids=[point.pk],
        risk_list=risk_list_for(point),
        by=by,
        expected_version=None,
        **fields,
    )


def test_the_main_leader_alone_cannot_record_it(waiting, users):
    with pytest.raises(ValidationError):
        decide(waiting, users["leader"], attendees=[users["leader"]])
    assert RiskPoint.objects.get(pk=waiting.pk).status == S.SUBMITTED


def test_attendees_must_be_leading_group_members(waiting, users):
    with pytest.raises(ValidationError, match="领导小组"):
        decide(waiting, users["group"], attendees=[users["group"], users["leader"]])
    assert not CollectiveDecision.objects.exists()


def test_more_than_half_of_the_group_must_attend(waiting, users, org):
    for name in ["g2", "g3"]:
        grant(make_user(name), Role.LEADING_GROUP, org.finance)
    with pytest.raises(ValidationError, match="过半数"):
        decide(waiting, users["group"], attendees=[users["group"]])


@pytest.mark.parametrize(
    "meeting_date", [TODAY + datetime.timedelta(days=1), TODAY - datetime.timedelta(days=30)]
)
def test_the_meeting_date_is_between_submission_and_today(waiting, users, meeting_date):
    with pytest.raises(ValidationError):
        decide(waiting, users["group"], attendees=[users["group"]], meeting_date=meeting_date)


def test_minutes_of_another_meeting_are_refused(waiting, users, make_point):
    decide(waiting, users["group"], attendees=[users["group"]])
    other = make_point(post=None, scope="unit", level=1, name="重大项目安排")
    RiskPoint.objects.filter(pk=other.pk).update(
        status=S.SUBMITTED, status_changed_at=timezone.now() - datetime.timedelta(days=3)
    )
    with pytest.raises(ValidationError, match="会议纪要"):
        decide(
            other,
            users["group"],
            attendees=[users["group"]],
            meeting_date=TODAY - datetime.timedelta(days=1),
        )


def test_a_member_records_it_with_the_attendees(waiting, users):
    decide(waiting, users["group"], attendees=[users["group"]])
    sign_off = RiskPoint.objects.get(pk=waiting.pk).sign_offs.get(action="decide")
    assert sign_off.by == users["group"]
    assert list(sign_off.decision.attendees.all()) == [users["group"]]
    assert sign_off.decision.recorded_by == users["group"]
    # The fingerprint is the point's content, as before: the meeting is not part of it.
    assert sign_off.content_hash == content_hash(waiting, list(waiting.measures.all()))
