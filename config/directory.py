"""Sign-in through the organisation's directory, read from the environment.

Both ways are optional and off unless their variables are set; local logins
keep working either way (README, "Directory sign-in", lists every variable):

- ``LDAP_SERVER_URI`` turns on LDAP / Active Directory (django-auth-ldap, the
  ``[ldap]`` extra: python-ldap builds against libldap2-dev and libsasl2-dev);
- ``OIDC_RP_CLIENT_ID`` turns on OpenID Connect (mozilla-django-oidc) for a
  unified identity platform (统一身份认证平台).

``directory_settings(environ)`` returns the Django settings for an environment,
so the tests configure a directory through exactly the path production uses.
Who a directory account is in the register, and which roles its groups
propose, is decided in ``registry.directory``.
"""

import json
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

from registry.choices import Role
from registry.directory.specs import RoleSpec

LDAP_BACKEND = "registry.directory.ldap.DirectoryLDAPBackend"
OIDC_BACKEND = "registry.directory.oidc.DirectoryOIDCBackend"
UNKNOWN_USER_POLICIES = ("refuse", "create")


def _flag(environ: Mapping, name: str, default: bool) -> bool:
    value = environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def directory_settings(environ: Mapping) -> dict:
    """The settings of both ways of signing in, for ``environ``; empty of backends when unset."""
    result = {
        "DIRECTORY_UNKNOWN_USERS": _unknown_user_policy(environ),
        "DIRECTORY_GROUP_ROLES": _group_roles(environ),
        "DIRECTORY_BACKENDS": [],
        "LDAP_ENABLED": bool(environ.get("LDAP_SERVER_URI")),
        "OIDC_ENABLED": bool(environ.get("OIDC_RP_CLIENT_ID")),
        # Always set, so /oidc/ answers 404 rather than 500 when OIDC is off.
        "OIDC_AUTHENTICATE_CLASS": "registry.directory.oidc.SignInStart",
        "OIDC_CALLBACK_CLASS": "registry.directory.oidc.SignInCallback",
    }
    if result["LDAP_ENABLED"]:
        result.update(_ldap_settings(environ))
        result["DIRECTORY_BACKENDS"].append(LDAP_BACKEND)
    if result["OIDC_ENABLED"]:
        result.update(_oidc_settings(environ))
        result["DIRECTORY_BACKENDS"].append(OIDC_BACKEND)
    return result


def _unknown_user_policy(environ: Mapping) -> str:
    policy = environ.get("DIRECTORY_UNKNOWN_USERS", "refuse").strip().lower() or "refuse"
    if policy not in UNKNOWN_USER_POLICIES:
        raise ImproperlyConfigured("DIRECTORY_UNKNOWN_USERS must be 'refuse' or 'create'.")
    return policy


def _group_roles(environ: Mapping) -> dict[str, list[str]]:
    """{directory group: ["role@UNIT_CODE" or "role@UNIT_CODE/department name", ...]}."""
    raw = environ.get("DIRECTORY_GROUP_ROLES", "").strip()
    if not raw:
        return {}
    try:
        mapping = json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"DIRECTORY_GROUP_ROLES is not valid JSON: {error}") from None
    if not isinstance(mapping, dict):
        raise ImproperlyConfigured("DIRECTORY_GROUP_ROLES must be a JSON object.")
    result = {}
    for group, specs in mapping.items():
        specs = [specs] if isinstance(specs, str) else specs
        try:
            if not isinstance(specs, list):
                raise ValueError(specs)
            for spec in specs:
                RoleSpec.parse(spec)
        except (ValueError, AttributeError):
            raise ImproperlyConfigured(
                f"DIRECTORY_GROUP_ROLES[{group!r}] must be 'role@UNIT_CODE' or a list of them, "
                f"with a role among {', '.join(Role.values)}."
            ) from None
        result[group] = specs
    return result


def _ldap_settings(environ: Mapping) -> dict:
    try:
        import ldap
        from django_auth_ldap import config as ldap_config
    except ImportError:
        raise ImproperlyConfigured(
            "LDAP_SERVER_URI is set but django-auth-ldap is not installed: "
            "install libldap2-dev and libsasl2-dev, then pip install -e '.[ldap]'."
        ) from None
    options = {
        ldap.OPT_REFERRALS: 0,  # Active Directory answers with referrals python-ldap cannot follow
        ldap.OPT_NETWORK_TIMEOUT: float(environ.get("LDAP_TIMEOUT", 5)),
        ldap.OPT_TIMEOUT: float(environ.get("LDAP_TIMEOUT", 5)),
    }
    if environ.get("LDAP_CA_FILE"):
        options[ldap.OPT_X_TLS_CACERTFILE] = environ["LDAP_CA_FILE"]
    options[ldap.OPT_X_TLS_REQUIRE_CERT] = (
        ldap.OPT_X_TLS_DEMAND
        if _flag(environ, "LDAP_TLS_REQUIRE_CERT", True)
        else ldap.OPT_X_TLS_NEVER
    )
    options[ldap.OPT_X_TLS_NEWCTX] = 0  # last: applies the TLS options above to this connection
    settings = {
        "AUTH_LDAP_SERVER_URI": environ["LDAP_SERVER_URI"],
        "AUTH_LDAP_BIND_DN": environ.get("LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": environ.get("LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": _flag(environ, "LDAP_START_TLS", False),
        "AUTH_LDAP_CONNECTION_OPTIONS": options,
        "AUTH_LDAP_USER_SEARCH": ldap_config.LDAPSearch(
            _required(environ, "LDAP_USER_SEARCH_BASE"),
            ldap.SCOPE_SUBTREE,
            environ.get("LDAP_USER_FILTER", "(uid=%(user)s)"),
        ),
        "AUTH_LDAP_USER_ATTR_MAP": _attr_map(
            environ.get("LDAP_ATTR_MAP", "first_name=givenName,last_name=sn,email=mail")
        ),
        "AUTH_LDAP_EMPLOYEE_NUMBER_ATTR": environ.get(
            "LDAP_EMPLOYEE_NUMBER_ATTR", "employeeNumber"
        ),
        # Groups only propose roles (registry.directory.proposals); Django groups are not used.
        "AUTH_LDAP_MIRROR_GROUPS": False,
        "AUTH_LDAP_FIND_GROUP_PERMS": False,
    }
    if environ.get("LDAP_GROUP_SEARCH_BASE"):
        group_type = environ.get("LDAP_GROUP_TYPE", "groupOfNames")
        settings["AUTH_LDAP_GROUP_SEARCH"] = ldap_config.LDAPSearch(
            environ["LDAP_GROUP_SEARCH_BASE"],
            ldap.SCOPE_SUBTREE,
            environ.get("LDAP_GROUP_FILTER", "(objectClass=*)"),
        )
        settings["AUTH_LDAP_GROUP_TYPE"] = _group_type(ldap_config, group_type)
        if environ.get("LDAP_REQUIRE_GROUP"):
            settings["AUTH_LDAP_REQUIRE_GROUP"] = environ["LDAP_REQUIRE_GROUP"]
    return settings


def _group_type(ldap_config, name: str):
    types = {
        "groupOfNames": ldap_config.GroupOfNamesType,
        "groupOfUniqueNames": ldap_config.GroupOfUniqueNamesType,
        "posixGroup": ldap_config.PosixGroupType,
        "activeDirectory": ldap_config.NestedActiveDirectoryGroupType,
    }
    if name not in types:
        raise ImproperlyConfigured(f"LDAP_GROUP_TYPE must be one of {', '.join(types)}.")
    return types[name]()


def _attr_map(text: str) -> dict[str, str]:
    pairs = [item.split("=", 1) for item in text.split(",") if item.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ImproperlyConfigured(
            "LDAP_ATTR_MAP must read like 'first_name=givenName,email=mail'."
        )
    return {field.strip(): attribute.strip() for field, attribute in pairs}


def _oidc_settings(environ: Mapping) -> dict:
    verify = environ.get("OIDC_CA_FILE") or _flag(environ, "OIDC_VERIFY_SSL", True)
    return {
        "OIDC_RP_CLIENT_ID": environ["OIDC_RP_CLIENT_ID"],
        "OIDC_RP_CLIENT_SECRET": environ.get("OIDC_RP_CLIENT_SECRET", ""),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": _required(environ, "OIDC_OP_AUTHORIZATION_ENDPOINT"),
        "OIDC_OP_TOKEN_ENDPOINT": _required(environ, "OIDC_OP_TOKEN_ENDPOINT"),
        "OIDC_OP_USER_ENDPOINT": _required(environ, "OIDC_OP_USER_ENDPOINT"),
        "OIDC_OP_JWKS_ENDPOINT": _required(environ, "OIDC_OP_JWKS_ENDPOINT"),
        "OIDC_OP_ISSUER": environ.get("OIDC_OP_ISSUER", ""),
        "OIDC_RP_SIGN_ALGO": environ.get("OIDC_RP_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": environ.get("OIDC_RP_SCOPES", "openid email profile"),
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": _flag(environ, "OIDC_USE_PKCE", True),
        "OIDC_VERIFY_SSL": verify,
        "OIDC_TIMEOUT": float(environ.get("OIDC_TIMEOUT", 10)),
        "OIDC_PROVIDER_NAME": environ.get("OIDC_PROVIDER_NAME", ""),
        "OIDC_USERNAME_CLAIM": environ.get("OIDC_USERNAME_CLAIM", "preferred_username"),
        "OIDC_EMPLOYEE_NUMBER_CLAIM": environ.get("OIDC_EMPLOYEE_NUMBER_CLAIM", "employee_number"),
        "OIDC_GROUPS_CLAIM": environ.get("OIDC_GROUPS_CLAIM", "groups"),
        "OIDC_CREATE_USER": False,  # registry.directory decides who is created, not the library
    }


def _required(environ: Mapping, name: str) -> str:
    if not environ.get(name):
        raise ImproperlyConfigured(f"{name} must be set for directory sign-in.")
    return environ[name]
