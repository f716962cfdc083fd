"""Issuing letters in batches, filing the signed scans, reminding those still missing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from programme.access import require_keeper
from programme.choices import LetterKind, LetterLevel
from programme.models import Letter, LetterBatch
from registry import uploads
from registry.models import Person, PostTenure
from registry.notifications import notify

REMIND_EVERY = datetime.timedelta(days=7)


def _recipients(*, unit, kind: str, posts, on: datetime.date) -> list[tuple[Person, object, str]]:
    """(person, post, level) for each letter: holders of the chosen posts, or everyone."""
    if kind == LetterKind.RESPONSIBILITY and not posts:
        raise ValidationError(
            {"posts": _("Choose the posts whose holders sign a responsibility letter.")}
        )
    if posts:
        tenures = (
            PostTenure.objects.current(on)
            .filter(post__in=posts, person__is_active=True)
            .select_related("person", "post")
            .order_by("post__department", "person__name")
        )
        chosen, seen = [], set()
        for tenure in tenures:
            if tenure.person_id not in seen:
                seen.add(tenure.person_id)
                chosen.append((tenure.person, tenure.post, _level(kind, tenure.post)))
        return chosen
    people = Person.objects.filter(unit=unit, is_active=True).order_by("name")
    return [(person, None, LetterLevel.STAFF) for person in people]


def _level(kind: str, post) -> str:
    if kind == LetterKind.COMMITMENT:
        return LetterLevel.STAFF
    return LetterLevel.LEADER_IN_CHARGE if post.is_leadership else LetterLevel.DEPARTMENT_HEAD


@transaction.atomic
def letters_issue(
    *,
    unit,
    year: int,
    kind: str,
    title: str,
    issued_on: datetime.date,
    due_on: datetime.date,
    posts=(),
    by,
) -> LetterBatch:
    """One batch per unit, year and kind, with a letter for each recipient."""
    require_keeper(by, unit)
    if any(post.unit_id != unit.pk for post in posts):
        raise ValidationError({"posts": _("Choose posts of %(unit)s only.") % {"unit": unit}})
    if LetterBatch.objects.filter(unit=unit, year=year, kind=kind).exists():
        raise ValidationError(
            {
                "kind": _("%(unit)s already has %(kind)s letters for %(year)d.")
                % {"unit": unit, "kind": LetterKind(kind).label, "year": year}
            }
        )
    batch = LetterBatch(
        unit=unit,
        year=year,
        kind=kind,
        title=title.strip(),
        issued_on=issued_on,
        due_on=due_on,
        issued_by=by,
    )
    batch.full_clean()
    recipients = _recipients(unit=unit, kind=kind, posts=posts, on=issued_on)
    if not recipients:
        raise ValidationError(
            {
                "posts": _(
                    "Nobody would receive a letter: the unit has no people "
                    "on record (or the chosen posts are vacant)."
                )
            }
        )
    batch._history_user = by
    batch.save()
    letters = [Letter(batch=batch, person=p, post=post, level=lvl) for p, post, lvl in recipients]
    bulk_create_with_history(letters, Letter, default_user=by)
    return batch


@transaction.atomic
def letters_add(*, batch: LetterBatch, people, by) -> list[Letter]:
    """Letters of an issued batch for people who joined the unit after it was issued."""
    require_keeper(by, batch.unit)
    people = list(people)
    if not people:
        raise ValidationError({"people": _("Choose at least one person.")})
    if any(person.unit_id != batch.unit_id for person in people):
        raise ValidationError(
            {"people": _("Choose people of %(unit)s only.") % {"unit": batch.unit}}
        )
    have = set(batch.letters.values_list("person_id", flat=True))
    if already := [person.name for person in people if person.pk in have]:
        raise ValidationError(
            {"people": _("Already in this batch: %(names)s.") % {"names": "、".join(already)}}
        )
    # Their current post, and the level a batch issued today would give them there.
    posts = {
        tenure.person_id: tenure.post
        for tenure in PostTenure.objects.current().filter(person__in=people).select_related("post")
    }
    letters = [
        Letter(
            batch=batch,
            person=person,
            post=posts.get(person.pk),
            level=_level(batch.kind, posts[person.pk]) if person.pk in posts else LetterLevel.STAFF,
        )
        for person in people
    ]
    bulk_create_with_history(letters, Letter, default_user=by)
    return letters


def _check_scan(scan) -> None:
    if not scan:
        raise ValidationError({"scan": _("Attach the signed scan.")})
    try:
        uploads.check(scan, kind="commitment")
    except ValidationError as error:
        raise ValidationError({"scan": error.messages}) from error


@transaction.atomic
def letter_file_signed(*, letter: Letter, scan, signed_on: datetime.date, by) -> Letter:
    """File the signed letter: from now on it counts as collected."""
    letter = Letter.objects.select_for_update().select_related("batch__unit").get(pk=letter.pk)
    require_keeper(by, letter.batch.unit)
    _check_scan(scan)
    if signed_on is None:
        raise ValidationError({"signed_on": _("Enter the date the letter was signed.")})
    if signed_on < letter.batch.issued_on or signed_on > timezone.localdate():
        raise ValidationError(
            {"signed_on": _("The signing date must lie between the issue date and today.")}
        )
    letter.scan, letter.signed_on, letter.uploaded_by = scan, signed_on, by
    letter.scan_name = scan.name[:255]
    letter._history_user = by
    letter.save()
    return letter


def _due_for_reminder(batch: LetterBatch, now) -> list[Letter]:
    return list(
        batch.letters.missing()
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMIND_EVERY))
        .select_related("person__user")
    )


@transaction.atomic
def letters_remind(*, batch: LetterBatch, by=None, now=None) -> int:
    """Remind the people whose letters are missing, at most once a week each.

    People with a login get a notification; the issuer gets the list of names,
    since many signers have no login. Returns how many letters were reminded.
    """
    now = now or timezone.now()
    batch = LetterBatch.objects.select_for_update().get(pk=batch.pk)
    if by is not None:
        require_keeper(by, batch.unit)
    letters = _due_for_reminder(batch, now)
    if not letters:
        return 0
    url = reverse("programme:batch_detail", args=[batch.pk])
    title = _("Please return your signed letter: %(title)s (due %(due)s)") % {
        "title": batch.title,
        "due": batch.due_on.isoformat(),
    }
    notify(recipients=[letter.person.user for letter in letters], title=title, url=url)
    names = "、".join(letter.person.name for letter in letters)
    notify(
        recipients=[batch.issued_by],
        title=_("%(count)d letter(s) of “%(title)s” still missing")
        % {"count": len(letters), "title": batch.title},
        body=names,
        url=url,
    )
    for letter in letters:
        letter.reminded_at, letter.reminders = now, letter.reminders + 1
    bulk_update_with_history(
        letters,
        Letter,
        ["reminded_at", "reminders"],
        default_user=by,
        default_change_reason=_("Reminder sent"),
    )
    return len(letters)


def letters_remind_open(*, today: datetime.date | None = None) -> int:
    """The beat sweep: every batch issued and not yet fully collected."""
    today = today or timezone.localdate()
    open_batches = (
        LetterBatch.objects.filter(issued_on__lte=today, letters__scan="")
        .distinct()
        .values_list("pk", flat=True)
    )
    return sum(letters_remind(batch=LetterBatch(pk=pk)) for pk in open_batches)
