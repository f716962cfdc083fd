"""A real directory and a real identity provider for the sign-in tests.

- ``Slapd``: Debian's OpenLDAP server (``slapd``) started on a free local port
  with its own throwaway configuration and database (never the system's slapd),
  loaded with ``slapadd`` from ``TREE``. Its password policy (``ppolicy``) makes a
  locked account refuse every bind, as Active Directory does for a disabled one.
- ``Provider``: a small OpenID Connect provider in a thread: authorization
  (PKCE), token (an RS256 id_token), userinfo and JWKS endpoints. The test says
  who signs in (``provider.next_claims``), as if that person had logged in there.

Without slapd or python-ldap the LDAP tests skip on a developer's machine and
fail under CI=true, where .ci/run installs them.
"""

import base64
import datetime
import hashlib
import ipaddress
import json
import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

BASE = "dc=example,dc=org"
ADMIN_DN = f"cn=admin,{BASE}"
ADMIN_PASSWORD = "directory-admin-secret"
GROUPS = f"ou=groups,{BASE}"
LEADERS_GROUP = f"cn=fin-leaders,{GROUPS}"
DISCIPLINE_GROUP = f"cn=discipline,{GROUPS}"

# Directory accounts: login name → (employee number, password, locked).
ACCOUNTS = {
    "alice": ("E1001", "alice-directory-pass", False),
    "bob": ("E1002", "bob-directory-pass", True),
    "carol": ("E9999", "carol-directory-pass", False),
    "dave.zhang": ("E1004", "dave-directory-pass", False),
    "root": ("E0001", "root-directory-pass", False),
}

CONFIG = """\
TLSCACertificateFile {root}/ca.pem
TLSCertificateFile {root}/server.pem
TLSCertificateKeyFile {root}/server.key
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile {root}/slapd.pid
database mdb
maxsize 10485760
suffix "{base}"
rootdn "{admin_dn}"
rootpw {admin_password}
directory {root}/data
overlay ppolicy
ppolicy_default "cn=default,ou=policies,{base}"
access to attrs=userPassword by anonymous auth by * none
access to * by * read
"""


def _tree() -> str:
    entries = [
        f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example",
        f"dn: ou=people,{BASE}\nobjectClass: organizationalUnit\nou: people",
        f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups",
        f"dn: ou=policies,{BASE}\nobjectClass: organizationalUnit\nou: policies",
        f"dn: cn=default,ou=policies,{BASE}\nobjectClass: person\nobjectClass: pwdPolicy\n"
        "cn: default\nsn: default\npwdAttribute: userPassword\npwdLockout: TRUE",
    ]
    for name, (number, password, locked) in ACCOUNTS.items():
        entry = (
            f"dn: uid={name},ou=people,{BASE}\nobjectClass: inetOrgPerson\nuid: {name}\n"
            f"cn: {name}\ngivenName: {name.title()}\nsn: Directory\nmail: {name}@example.org\n"
            f"employeeNumber: {number}\nuserPassword: {password}"
        )
        if locked:
            entry += "\npwdAccountLockedTime: 000001010000Z"  # locked for good: disabled
        entries.append(entry)
    for group, members in ((LEADERS_GROUP, ["alice"]), (DISCIPLINE_GROUP, ["alice"])):
        lines = [f"dn: {group}", "objectClass: groupOfNames", f"cn: {group[3:].split(',')[0]}"]
        lines += [f"member: uid={m},ou=people,{BASE}" for m in members]
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + "\n"


def require(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where .ci/run installs what is missing."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Slapd:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"ldap://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        (self.root / "data").mkdir()
        self.ca_file = write_certificates(self.root)
        config = self.root / "slapd.conf"
        config.write_text(
            CONFIG.format(
                root=self.root, base=BASE, admin_dn=ADMIN_DN, admin_password=ADMIN_PASSWORD
            )
        )
        (self.root / "tree.ldif").write_text(_tree())
        subprocess.run(
            [_slap("slapadd"), "-f", str(config), "-l", str(self.root / "tree.ldif")],
            check=True,
            capture_output=True,
        )
        self.process = subprocess.Popen(
            [_slap("slapd"), "-f", str(config), "-h", f"{self.url}/", "-d", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("slapd did not start listening within 10 seconds")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def environment(self, **extra) -> dict:
        """The variables an administrator would set for this directory."""
        env = {
            "LDAP_SERVER_URI": self.url,
            "LDAP_BIND_DN": ADMIN_DN,
            "LDAP_BIND_PASSWORD": ADMIN_PASSWORD,
            "LDAP_USER_SEARCH_BASE": f"ou=people,{BASE}",
            "LDAP_USER_FILTER": "(uid=%(user)s)",
            "LDAP_GROUP_SEARCH_BASE": GROUPS,
            "LDAP_GROUP_TYPE": "groupOfNames",
        }
        env.update(extra)
        return env


def write_certificates(root: Path) -> Path:
    """A CA and the server certificate it signs for 127.0.0.1 (StartTLS); the CA's file."""
    ca_key, ca_cert = _certificate("Test directory CA", None, None)
    server_key, server_cert = _certificate("127.0.0.1", ca_key, ca_cert)
    pem = serialization.Encoding.PEM
    (root / "ca.pem").write_bytes(ca_cert.public_bytes(pem))
    (root / "server.pem").write_bytes(server_cert.public_bytes(pem))
    (root / "server.key").write_bytes(
        server_key.private_bytes(
            pem, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
        )
    )
    return root / "ca.pem"


def _certificate(name: str, issuer_key, issuer_cert):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject if issuer_cert else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=issuer_cert is None, path_length=None), True)
    )
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(name))]), False
        )
    return key, builder.sign(issuer_key or key, hashes.SHA256())


def _slap(name: str) -> str:
    return shutil.which(name) or f"/usr/sbin/{name}"


def start_slapd(root: Path) -> Slapd:
    try:
        import django_auth_ldap  # noqa: F401
    except ImportError:
        require("python-ldap / django-auth-ldap are not installed (pip install -e '.[ldap]')")
    if not Path(_slap("slapd")).exists():
        require("Debian's slapd is not installed (apt-get install slapd ldap-utils)")
    server = Slapd(root)
    server.start()
    return server


def apply_environment(settings, env: dict) -> None:
    """Configure Django as config/settings.py would for these environment variables."""
    from config.directory import directory_settings

    directory = directory_settings(env)
    for name, value in directory.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "guardian.backends.ObjectPermissionBackend",
        *directory["DIRECTORY_BACKENDS"],
    ]


# --- OpenID Connect ---------------------------------------------------------------


class Provider:
    """An OpenID Connect provider on 127.0.0.1, issuing RS256 id_tokens."""

    client_id = "register"
    client_secret = "register-client-secret"

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key"
        self.next_claims: dict = {}
        self.tamper: dict = {}  # id_token claims to overwrite, e.g. {"nonce": "wrong"}
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.issuer = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Provider":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def environment(self, **extra) -> dict:
        env = {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_PROVIDER_NAME": "统一身份认证平台",
            "OIDC_TIMEOUT": "5",
        }
        env.update(extra)
        return env

    def authorize(self, params: dict) -> str:
        """The redirect back to the client, as after the person logged in here."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {**params, "claims": dict(self.next_claims)}
        query = urlencode({"code": code, "state": params["state"]})
        return f"{params['redirect_uri']}?{query}"

    def token(self, form: dict) -> tuple[int, dict]:
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("client_secret") != self.client_secret:
            return 400, {"error": "invalid_grant"}
        if grant["redirect_uri"] != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        if "code_challenge" in grant:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["code_challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        id_claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": grant["claims"].get("preferred_username", "nobody"),
            "iat": now,
            "exp": now + 300,
            "nonce": grant.get("nonce"),
            **self.tamper,
        }
        id_token = jwt.encode(id_claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = grant["claims"]
        return 200, {"access_token": access_token, "token_type": "Bearer", "id_token": id_token}

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlparse(self.path)
            params = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/authorize":
                self.send_response(302)
                self.send_header("Location", provider.authorize(params))
                self.end_headers()
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                claims = provider.tokens.get(token)
                self._json(200, claims) if claims else self._json(401, {"error": "invalid_token"})
            else:
                self._json(404, {})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlparse(self.path).path == "/token":
                self._json(*provider.token(form))
            else:
                self._json(404, {})

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    return Handler
