"""OpenID Connect sign-in (mozilla-django-oidc) for a unified identity platform.

The library runs the authorization-code flow: state and nonce kept in the
session and checked on return, PKCE, the id_token's signature checked against
the provider's JWKS. Here the token's issuer and audience are checked as well,
and ``registry.directory.identity`` decides which login the account is, from the
claims ``OIDC_USERNAME_CLAIM`` and ``OIDC_EMPLOYEE_NUMBER_CLAIM``; the groups of
``OIDC_GROUPS_CLAIM`` propose roles. A refusal is shown on the login page.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from registry.directory.identity import (
    DirectoryIdentity,
    DirectoryRefusal,
    complete_sign_in,
    match_identity,
)
from registry.directory.login import REFUSAL_ATTRIBUTE, show_refusal


class DirectoryOIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # Only the callback carries a code and state; a password login is not ours.
        if request is None or "code" not in request.GET or "password" in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        # As ModelBackend does: deactivating a login ends its sessions too.
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" not in kwargs:
            return payload  # a userinfo answer signed as a JWT carries no iss/aud to check
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("id_token audience is not this client")
        if settings.OIDC_OP_ISSUER and payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("id_token issuer is not the configured provider")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        identity = _identity(claims)
        if not identity.username:
            show_refusal(self.request, _("The identity platform did not say who you are."))
            return None
        try:
            match = match_identity(identity)
        except DirectoryRefusal as refusal:
            show_refusal(self.request, str(refusal))
            return None
        complete_sign_in(user=match.user, identity=identity, person=match.person)
        return match.user


def _identity(claims: dict) -> DirectoryIdentity:
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    return DirectoryIdentity(
        source="oidc",
        username=str(claims.get(settings.OIDC_USERNAME_CLAIM) or "").strip(),
        employee_number=str(claims.get(settings.OIDC_EMPLOYEE_NUMBER_CLAIM) or "").strip(),
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
        email=str(claims.get("email") or ""),
        groups=frozenset(str(group) for group in groups),
    )


def _require_enabled() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404


class SignInStart(OIDCAuthenticationRequestView):
    """``/oidc/authenticate/``: off (404) unless OpenID Connect is configured."""

    def __init__(self, **kwargs) -> None:
        _require_enabled()  # before the library reads its settings
        super().__init__(**kwargs)


class SignInCallback(OIDCAuthenticationCallbackView):
    """``/oidc/callback/``: back to the login page with the reason when sign-in fails."""

    def __init__(self, **kwargs) -> None:
        _require_enabled()
        super().__init__(**kwargs)

    @property
    def failure_url(self) -> str:
        return resolve_url(settings.LOGIN_URL)

    @property
    def success_url(self) -> str:
        next_url = self.request.session.get("oidc_login_next")
        return next_url or resolve_url(settings.LOGIN_REDIRECT_URL)

    def login_failure(self):
        if not getattr(self.request, REFUSAL_ATTRIBUTE, None):
            messages.error(
                self.request,
                _("Signing in through the identity platform failed or was cancelled."),
            )
        return HttpResponseRedirect(self.failure_url)
