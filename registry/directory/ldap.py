"""LDAP / Active Directory sign-in (django-auth-ldap, the ``[ldap]`` extra).

django-auth-ldap finds the account (``AUTH_LDAP_USER_SEARCH``) and checks the
password by binding as it; a wrong password, a disabled or locked account (the
directory refuses the bind) and an account outside ``LDAP_REQUIRE_GROUP`` fail
there. Which login the account is, and what its groups propose, is decided by
``registry.directory.identity`` instead of the library's own user creation.
"""

from django.conf import settings
from django_auth_ldap.backend import LDAPBackend

from registry.directory.identity import (
    DirectoryIdentity,
    DirectoryRefusal,
    complete_sign_in,
    match_identity,
)
from registry.directory.login import remember_refusal


class DirectoryLDAPBackend(LDAPBackend):
    def get_or_build_user(self, username, ldap_user):
        identity = _identity(username, ldap_user)
        try:
            match = match_identity(identity)
        except DirectoryRefusal as refusal:
            remember_refusal(ldap_user._request, str(refusal))
            raise ldap_user.AuthenticationFailed(str(refusal)) from None
        ldap_user.directory_match = (identity, match)
        return match.user, match.created

    def get_user(self, user_id):
        # As ModelBackend does: deactivating a login ends its sessions too.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            identity, match = ldap_user.directory_match
            complete_sign_in(user=user, identity=identity, person=match.person)
        return user


def _identity(username: str, ldap_user) -> DirectoryIdentity:
    attrs = ldap_user.attrs or {}
    number_attr = getattr(settings, "AUTH_LDAP_EMPLOYEE_NUMBER_ATTR", "employeeNumber")
    searches_groups = getattr(settings, "AUTH_LDAP_GROUP_SEARCH", None) is not None
    groups = frozenset(ldap_user.group_dns) if searches_groups else frozenset()
    return DirectoryIdentity(
        source="ldap",
        username=username,
        employee_number=_first(attrs, number_attr),
        groups=groups,
    )


def _first(attrs: dict, name: str) -> str:
    # python-ldap's result dict is case-insensitive for attribute names.
    values = attrs.get(name) or []
    return str(values[0]).strip() if values else ""
