"""Who a directory account is in the register.

A directory account is the login with the same login name (case-insensitive), or
the login of the person with the same employee number; a person found by number
who has no login yet gets one, named as in the directory, without a password.
Refused, with a reason the login page shows, are: superuser and staff logins (they
sign in with their local password, so a directory cannot hand out the keys to the
site), inactive logins or people, an account whose name and number point at two
different people, and, unless ``DIRECTORY_UNKNOWN_USERS=create``, anyone unknown.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from registry.directory.proposals import propose_roles
from registry.models import Person

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DirectoryIdentity:
    """What the directory says about the person signing in."""

    source: str  # "ldap" or "oidc"
    username: str
    employee_number: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    groups: frozenset[str] = field(default_factory=frozenset)


class DirectoryRefusal(Exception):
    """The directory accepted the account, but it may not sign in here; the message says why."""


@dataclass(frozen=True)
class Match:
    user: object  # an existing login, or an unsaved one to create
    person: Person | None  # the person to link a new login to
    created: bool


def match_identity(identity: DirectoryIdentity) -> Match:
    """The login ``identity`` signs in as; raises ``DirectoryRefusal`` with the reason."""
    User = get_user_model()
    by_name = User.objects.filter(username__iexact=identity.username).first()
    person = _person_by_number(identity.employee_number)
    if by_name and person and person.user_id and person.user_id != by_name.pk:
        _refuse(
            identity,
            _(
                "Your directory account %(name)s and your employee number %(number)s belong "
                "to two different logins here. Ask your unit's administrator to correct them."
            ),
        )
    user = by_name or (person.user if person else None)
    if user is not None:
        _check_existing(identity, user)
        return Match(user=user, person=None, created=False)
    if person is not None:
        if not person.is_active:
            _refuse(identity, _("The login %(name)s is deactivated here."))
        return Match(user=_new_login(identity), person=person, created=True)
    if settings.DIRECTORY_UNKNOWN_USERS == "create":
        return Match(user=_new_login(identity), person=None, created=True)
    _refuse(
        identity,
        _(
            "Your directory account %(name)s is not registered here. Ask your unit's "
            "administrator to add you with your login name or employee number, then sign in again."
        ),
    )


def _person_by_number(number: str) -> Person | None:
    if not number:
        return None
    return Person.objects.select_related("user").filter(employee_number=number).first()


def _check_existing(identity: DirectoryIdentity, user) -> None:
    if user.is_superuser or user.is_staff:
        _refuse(
            identity,
            _(
                "%(name)s is an administrator login of this site: sign in with its own "
                "password, not through the directory."
            ),
        )
    person = getattr(user, "person", None)
    if not user.is_active or (person is not None and not person.is_active):
        _refuse(identity, _("The login %(name)s is deactivated here."))
    if person and person.employee_number and identity.employee_number:
        if person.employee_number != identity.employee_number:
            _refuse(
                identity,
                _(
                    "Your directory account %(name)s has the employee number %(number)s, "
                    "but the register records another one. Ask your unit's administrator "
                    "to correct it."
                ),
            )


def _new_login(identity: DirectoryIdentity):
    return get_user_model()(username=identity.username)


def _refuse(identity: DirectoryIdentity, message: str) -> None:
    text = message % {"name": identity.username, "number": identity.employee_number or "—"}
    logger.warning(
        "directory sign-in refused: %s account %r (employee number %r): %s",
        identity.source,
        identity.username,
        identity.employee_number,
        text,
    )
    raise DirectoryRefusal(text)


@transaction.atomic
def complete_sign_in(*, user, identity: DirectoryIdentity, person: Person | None) -> None:
    """After the directory accepted ``user``: link a new login to its person, keep the
    directory's names and email, and record the roles its groups propose."""
    changed = []
    for name in ("first_name", "last_name", "email"):
        value = getattr(identity, name)
        if value and getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if user.pk is None:
        user.set_unusable_password()
        user.save()
    elif changed:
        user.save(update_fields=changed)
    if person is not None and person.user_id is None:
        person.user = user
        person._history_user = user
        person._change_reason = f"directory sign-in ({identity.source})"
        person.save(update_fields=["user"])
    propose_roles(user=user, source=identity.source, groups=identity.groups)
