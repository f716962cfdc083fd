"""Rectification to closure (销号): each step, who may take it, and the daily overdue sweep."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.models import RectificationItem
from pdca.services.rectification import flag_overdue
from registry.models import Notification


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


pytestmark = pytest.mark.django_db


@pytest.fixture
def item(org, users) -> RectificationItem:
    return RectificationItem.objects.create(
        unit=org.finance,
        source="inspection",
        title="大额支出未经集体研究",
        owner=users["leader"],
        inspector=users["inspector"],
        deadline=days(20),
    )


def step(client, item, name: str, **data):
    url = reverse("pdca:rectification_detail", args=[item.pk])
    return client.post(url, {"step": name, **data}, follow=True)


def status(item) -> str:
    item.refresh_from_db()
    return item.status


def test_open_to_closed(item, users, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(users["leader"])
    proof = SimpleUploadedFile("决议.pdf", b"%PDF-1.7", content_type="application/pdf")
    step(client, item, "submit", comment="已补开党组会集体研究", files=[proof])
    assert status(item) == "evidence_submitted" and item.evidence.count() == 1
    client.force_login(users["inspector"])
    step(client, item, "verify", comment="核实属实")
    assert status(item) == "verified"
    step(client, item, "close")
    assert status(item) == "closed" and item.closed_at and item.closed_on_time
    assert [h.history_user for h in item.history.order_by("history_date")][1:] == [
        users["leader"],
        users["inspector"],
        users["inspector"],
    ]


def test_failed_verification_reopens(item, users, client):
    client.force_login(users["leader"])
    step(client, item, "submit", comment="已整改")
    client.force_login(users["inspector"])
    step(client, item, "reject", comment="会议记录缺签字", new_deadline=days(40))
    assert status(item) == "open"
    assert item.reopened_count == 1 and item.deadline == days(40)


def test_only_the_owner_submits_evidence(item, users, client):
    client.force_login(users["inspector"])
    response = step(client, item, "submit", comment="代为提交")
    assert response.status_code == 403
    assert (
        _("Only the owner of this rectification item submits its evidence.")
        in response.content.decode()
    )
    assert status(item) == "open"


def test_the_owner_cannot_verify_their_own_rectification(item, users, client):
    client.force_login(users["leader"])
    step(client, item, "submit", comment="已整改")
    response = step(client, item, "verify")
    assert response.status_code == 403
    assert status(item) == "evidence_submitted"


def test_a_unit_leader_does_not_verify_their_own_unit(item, users, client, new_user_with_role, org):
    # RETURN on the finance bureau itself is not oversight from above.
    other_leader = new_user_with_role("leader2", "unit_leader", org.finance)
    client.force_login(users["leader"])
    step(client, item, "submit", comment="已整改")
    client.force_login(other_leader)
    assert step(client, item, "verify").status_code == 403


def test_any_district_discipline_staff_may_verify(item, users, client, new_user_with_role, org):
    colleague = new_user_with_role("inspector2", "inspector", org.district)
    client.force_login(users["leader"])
    step(client, item, "submit", comment="已整改")
    client.force_login(colleague)
    step(client, item, "verify")
    assert status(item) == "verified"


def test_a_step_out_of_order_is_refused_with_a_reason(item, users, client):
    client.force_login(users["inspector"])
    response = step(client, item, "close")
    assert response.status_code == 200  # back on the page, with the reason
    assert status(item) == "open"
    refusal = _("The item is “%(status)s”; “%(step)s” is not possible now.").split("“")[0]
    assert refusal in response.content.decode()


def test_evidence_needs_a_description(item, users, client):
    client.force_login(users["leader"])
    response = step(client, item, "submit", comment="  ")
    assert _("Describe how the problem was put right.") in response.content.decode()
    assert status(item) == "open"


def test_out_of_scope_is_404(item, users, client):
    client.force_login(users["taxhead"])
    assert client.get(reverse("pdca:rectification_detail", args=[item.pk])).status_code == 404
    assert step(client, item, "submit", comment="x").status_code == 404


def test_list_shows_what_the_user_may_see(item, users, client, org):
    RectificationItem.objects.create(
        unit=org.tax, source="other", title="税务整改", owner=users["taxhead"], deadline=days(5)
    )
    client.force_login(users["leader"])
    body = client.get(reverse("pdca:rectification_list")).content.decode()
    assert item.title in body and "税务整改" not in body


def test_overdue_items_are_flagged_once_and_their_people_told(
    item, users, org, django_capture_on_commit_callbacks
):
    late = datetime.date.today() + datetime.timedelta(days=25)
    assert list(RectificationItem.objects.overdue(late)) == [item]
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_overdue(today=late) == 1
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"leader", "inspector"}
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_overdue(today=late) == 0
    assert Notification.objects.count() == 2


def test_closed_items_are_never_overdue(item):
    RectificationItem.objects.filter(pk=item.pk).update(status="closed")
    assert not RectificationItem.objects.overdue(days(100)).exists()


def test_the_sweep_costs_the_same_for_3_or_60_items(
    org, users, django_assert_num_queries, django_assert_max_num_queries
):
    def make(n: int) -> None:
        RectificationItem.objects.bulk_create(
            RectificationItem(
                unit=org.finance,
                source="other",
                title=f"整改{i}",
                owner=users["leader"],
                inspector=users["inspector"],
                deadline=days(-1),
            )
            for i in range(n)
        )

    make(3)
    with django_assert_max_num_queries(6) as small:  # select people, update; savepoints
        flag_overdue(today=days(0))
    make(60)
    with django_assert_num_queries(len(small.captured_queries)):
        flag_overdue(today=days(0))
