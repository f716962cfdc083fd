"""Unit administrators manage their own organisation: every write is a service here.

Each service checks that ``by`` administers (holds MANAGE on) every unit it
touches, before and after the change, so a form that offered too much cannot
move anything out of, or into, another unit's subtree. ``by=None`` is the
command line and the demo loader, which reach everything. History records
``by`` on every change.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from registry.models import Department, Person, Post, PostTenure, RiskCategory, Unit
from registry.roles import MANAGE
from registry.scoping import can_manage, scope_for


def require_manages(by, unit: Unit) -> None:
    """Refuse unless ``by`` administers ``unit`` (MANAGE on it or a unit above it)."""
    if by is None or scope_for(by).covers_unit(unit, MANAGE):
        return
    raise PermissionDenied(_("You do not administer %(unit)s.") % {"unit": unit})


def _saved(obj, *, by):
    obj._history_user = by
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def unit_save(*, unit: Unit, by) -> Unit:
    """Add a sub-unit, rename, move or deactivate a unit.

    Moving rewrites the paths of the whole subtree in the same transaction
    (``Unit.save``); a unit cannot move below itself nor out of ``by``'s reach.
    """
    original = Unit.objects.select_for_update().filter(pk=unit.pk).first() if unit.pk else None
    if original is not None:
        require_manages(by, original)
    if original is None or original.parent_id != unit.parent_id:
        if unit.parent_id is None:
            if by is not None and not by.is_superuser:
                raise PermissionDenied(_("Only a superuser adds a unit at the top of the tree."))
        else:
            require_manages(by, Unit.objects.get(pk=unit.parent_id))
    if original is not None:
        unit.path, unit.depth = original.path, original.depth  # never trust the form's copy
    return _saved(unit, by=by)


@transaction.atomic
def department_save(*, department: Department, by) -> Department:
    _require_unchanged_unit(department, Department, by)
    return _saved(department, by=by)


@transaction.atomic
def post_save(*, post: Post, by) -> Post:
    _require_unchanged_unit(post, Post, by)
    return _saved(post, by=by)


@transaction.atomic
def person_save(*, person: Person, by) -> Person:
    _require_unchanged_unit(person, Person, by)
    return _saved(person, by=by)


def _require_unchanged_unit(obj, model, by) -> None:
    """The object's unit, before and after, must be one ``by`` administers."""
    if obj.pk:
        require_manages(by, model.objects.select_related("unit").get(pk=obj.pk).unit)
    require_manages(by, Unit.objects.get(pk=obj.unit_id))


@transaction.atomic
def login_save(
    *, person: Person, username: str, email: str, is_active: bool, password: str = "", by
):
    """Create or update the login of ``person``; an empty password leaves it as it is
    (a new login without one can sign in only after a password-reset email)."""
    require_manages(by, person.unit)
    User = get_user_model()
    user = person.user or User(username=username)
    _require_login_within_reach(user, by)
    clash = User.objects.filter(username__iexact=username).exclude(pk=user.pk)
    if clash.exists():
        raise ValidationError(
            {"username": _("The login name “%(name)s” is taken.") % {"name": username}}
        )
    user.username, user.email, user.is_active = username, email, is_active
    if password:
        validate_password(password, user)
        user.set_password(password)
    elif not user.pk:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if person.user_id != user.pk:
        person.user = user
        person._history_user = by
        person.save(update_fields=["user"])
    return user


def _require_login_within_reach(user, by) -> None:
    """A login that reaches further than ``by`` (a superuser, or roles in other units) is
    not ``by``'s to change: setting its password or email would take over that reach."""
    if by is None or by.is_superuser or user.pk is None:
        return
    if user.is_superuser or user.is_staff:
        raise PermissionDenied(
            _("The login of a system administrator is edited in the Django admin.")
        )
    scope = scope_for(by)
    outside = {a.unit.name for a in user.role_assignments.select_related("unit")
               if not scope.covers_unit(a.unit, MANAGE)}  # fmt: skip
    if outside:
        raise PermissionDenied(
            _("%(user)s also holds roles in units you do not administer (%(units)s).")
            % {"user": user.username, "units": "、".join(sorted(outside))}
        )


def password_reset_send(*, person: Person, by) -> None:
    """Email the person's login a link to choose a new password (Django's reset tokens)."""
    require_manages(by, person.unit)
    user = person.user
    if user is None or not user.email:
        raise ValidationError(
            _("%(person)s has no login with an email address.") % {"person": person}
        )
    if not user.is_active:
        raise ValidationError(_("The login of %(person)s is inactive.") % {"person": person})
    protocol, _sep, domain = settings.SITE_URL.partition("://")
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": _("Integrity-risk register"),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    PasswordResetForm().send_mail(
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.html",
        context,
        settings.DEFAULT_FROM_EMAIL,
        user.email,
    )


@transaction.atomic
def rotation_record(*, post: Post, person: Person, on: datetime.date, by) -> PostTenure:
    """Rotation (轮岗) in one step: the post's current holders leave the day before
    ``on`` and ``person`` holds it from ``on``. Every tenure keeps its history."""
    require_manages(by, post.unit)
    require_manages(by, person.unit)
    if not person.is_active:
        raise ValidationError({"person": _("%(person)s is inactive.") % {"person": person}})
    current = PostTenure.objects.current(on).filter(post=post).select_for_update()
    current = list(current.select_related("person"))
    if any(t.person_id == person.pk for t in current):
        raise ValidationError(
            {"person": _("%(person)s already holds this post.") % {"person": person}}
        )
    for tenure in current:
        if tenure.start_date >= on:
            raise ValidationError(
                {"on": _("%(person)s started on %(date)s; the rotation must be later.")
                 % {"person": tenure.person, "date": tenure.start_date}}
            )  # fmt: skip
        tenure.end_date = on - datetime.timedelta(days=1)
        _saved(tenure, by=by)
    return _saved(PostTenure(person=person, post=post, start_date=on), by=by)


@transaction.atomic
def risk_category_save(*, category: RiskCategory, by) -> RiskCategory:
    """Risk categories are shared by every unit: any unit administrator may add one."""
    if by is not None and not can_manage(by):
        raise PermissionDenied(_("Only administrators edit risk categories."))
    return _saved(category, by=by)
