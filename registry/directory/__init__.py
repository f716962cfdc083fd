"""Sign-in through the organisation's directory (LDAP / Active Directory, OpenID Connect).

The directory proves who someone is; the register decides who that is here:

- ``identity``: a directory account is matched to a login by its login name, or to
  a person by their employee number (工号); unknown accounts are refused with the
  reason, or given an empty login when ``DIRECTORY_UNKNOWN_USERS=create``;
- ``proposals``: the account's groups propose roles (``DIRECTORY_GROUP_ROLES``),
  which an administrator confirms or declines; nothing is granted by itself;
- ``ldap`` and ``oidc``: the authentication backends (django-auth-ldap,
  mozilla-django-oidc) that hand an identity to the two modules above;
- ``login``: the login form that shows a directory's refusal.

Settings come from the environment only (``config/directory.py``).
"""
