"""Creating and revoking personal API tokens (the profile page calls these)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import ApiToken
from registry.models.api import digest


@transaction.atomic
def token_create(*, user, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token and its secret; the secret is never stored and never shown again."""
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("Choose between 1 and %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS}}
        )
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or _("API token"),
        hint=secret[:10],
        key_digest=digest(secret),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, secret


def token_revoke(*, token: ApiToken, by) -> None:
    """Only the owner revokes a token; revoking twice keeps the first time."""
    if token.user_id != by.pk:
        raise ValidationError(_("This token is not yours."))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_for_secret(secret: str) -> ApiToken | None:
    """The usable token with this secret, or None (unknown, expired, revoked, inactive user)."""
    if not secret.startswith("irr_"):
        return None
    return (
        ApiToken.objects.usable().select_related("user").filter(key_digest=digest(secret)).first()
    )
