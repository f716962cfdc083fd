"""Who is calling: a personal token (``Authorization: Bearer irr_…``) or the browser's
session, with CSRF enforced on session writes (DRF's SessionAuthentication)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from registry.api.tokens import token_for_secret
from registry.models import ApiToken

# Writing last_used_at on every request would make every read a write.
LAST_USED_PRECISION = datetime.timedelta(minutes=5)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        parts = header.split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header is malformed."))
        token = token_for_secret(parts[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked."))
        self._touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'

    @staticmethod
    def _touch(token: ApiToken) -> None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token as the OpenAPI schema describes it (Swagger UI's Authorize button)."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "irr_…"}
