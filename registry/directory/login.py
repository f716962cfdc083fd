"""The login page: local passwords as before, and a directory's refusal in words.

Django's login form can only say "wrong login or password". When the directory
accepted the password but the register refuses the account (unknown, deactivated,
an administrator login), the backend leaves the reason on the request and the
form shows it, so the person knows whom to ask. The reason is only given after
the directory has checked the password, so it reveals nothing to a guesser.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REFUSAL_ATTRIBUTE = "directory_refusal"


def remember_refusal(request, message: str) -> None:
    if request is not None:
        setattr(request, REFUSAL_ATTRIBUTE, message)


def show_refusal(request, message: str) -> None:
    """For redirects (OpenID Connect): the refusal as a message on the next page."""
    remember_refusal(request, message)
    messages.error(request, message)


class DirectoryAwareAuthenticationForm(AuthenticationForm):
    def get_invalid_login_error(self):
        refusal = getattr(self.request, REFUSAL_ATTRIBUTE, None)
        if refusal:
            return ValidationError(refusal, code="directory_refusal")
        return super().get_invalid_login_error()


class DirectoryLoginView(LoginView):
    authentication_form = DirectoryAwareAuthenticationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.OIDC_ENABLED:
            context["oidc_provider"] = settings.OIDC_PROVIDER_NAME or _(
                "the unified identity platform"
            )
        return context
