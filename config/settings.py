"""One settings module, configured from the environment.

Without any variables set, the project runs in debug mode on SQLite with an
embedded filesystem Celery broker (``make run``). Production sets
``DJANGO_DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` and
``CELERY_BROKER_URL``; the secure defaults below then apply.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import pgettext_lazy as _pgettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DEBUG = env_bool("DJANGO_DEBUG", True)
TESTING = env_bool("DJANGO_TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Shown on the login page: the demo logins exist only where seed_demo ran.
DEMO_MODE = env_bool("DEMO_MODE", DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_prometheus",
    "django_filters",
    "guardian",
    "axes",
    "simple_history",
    "registry",
    "powers",
    "assessment",
    "pdca",
    "earlywarning",
    "programme",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "registry.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "registry.sessions.IdleExpiryMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "registry.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        # A persistent connection the database dropped (a restart) is replaced
        # before the request uses it, not reported as a 500.
        conn_health_checks=True,
    )
}
# django-prometheus' wrappers of the same backends count queries and errors.
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends."
)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server, the worker and beat share one file: wait for locks
    # instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# --- h16list: no JIT compilation of queries. The register's pages are short
# index reads that the planner may still cost above jit_above_cost at a million
# points; compiling them took 2-14 s for nothing. DATABASE_JIT=1 turns it back on.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env_int("DATABASE_JIT", 0):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "registry:home"
LOGOUT_REDIRECT_URL = "login"

# Login protection (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# login from one address, that pair is locked out for AXES_COOLOFF_MINUTES. Every
# failure and lockout is recorded (admin: 访问尝试); an admin unlocks by deleting the
# attempt there or with ``manage.py axes_reset_username``.
AXES_ENABLED = env_bool("AXES_ENABLED", not TESTING)  # the suite logs in thousands of times
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "registry.proxies.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False  # no banner on every command; lockouts are still logged

# Sessions end after this long without a request (refreshed at most every few minutes).
# History tables carry one (history_date, history_id) index, the change log's order
# (registry/historical.py), which also serves every read by date alone.
SIMPLE_HISTORY_DATE_INDEX = False
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 8 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS

# Proxies in front of the site (addresses or CIDR ranges, e.g. the TLS-terminating
# nginx). Their X-Forwarded-For entries are believed, read from the right.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# No inline script anywhere: every script is a file under static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],  # the nonce: the printable notice's own <style>
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Simplified Chinese by default, English as the second language.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# --- Backups (h14outbox): `manage.py backup` writes the database and MEDIA_ROOT here,
# keeping the newest BACKUP_KEEP archives; `manage.py restore` reads one back.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
# --- end h14outbox backup block
# Uploaded files go through Django's storage API only: the local file system
# (MEDIA_ROOT, shared by every node, e.g. a network volume) by default, or
# S3-compatible object storage (STORAGE_BACKEND=s3, `pip install '.[s3]'`).
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem")
if STORAGE_BACKEND == "s3":
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID"),
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif STORAGE_BACKEND == "filesystem":
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'filesystem' or 's3'.")
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "register@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
# Links in emails point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Celery: Redis in production; an embedded filesystem broker otherwise, so a
# real worker and beat run with nothing but Python installed.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# --- Broker hiccups (h14outbox): user actions enqueue through registry.outbox, so a
# broker that is down or hung costs a request at most 1.5 s (socket timeouts) and the
# message waits in the outbox; beat publishes it once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 1.5
CELERY_TASK_PUBLISH_RETRY = False
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # No reconnect loop when publishing: the outbox retries, a request must not wait.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": 1.5,
        "socket_connect_timeout": 1.5,
        "max_retries": 0,
    }
OUTBOX_PAUSE_SECONDS = env_int("OUTBOX_PAUSE_SECONDS", 30)
OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 7)
# A hung mail server holds a worker for at most this long; the email is retried.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# --- end h14outbox broker block
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Workers and beat log through LOGGING below (JSON lines with the request id).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Public notice (公示) of an approved risk list lasts at least a week.
NOTICE_DAYS_MINIMUM = 7
NOTICE_DAYS_DEFAULT = max(NOTICE_DAYS_MINIMUM, env_int("NOTICE_DAYS_DEFAULT", 7))
FEEDBACK_MAX_LENGTH = 1000
# Feedback on a notice: at most this many submissions per address per hour.
FEEDBACK_PER_HOUR = env_int("FEEDBACK_PER_HOUR", 5)

# Excel ledgers: refuse oversized uploads, zip bombs and absurd row counts before parsing.
LEDGER_MAX_UPLOAD_BYTES = env_int("LEDGER_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
LEDGER_MAX_UNCOMPRESSED_BYTES = env_int("LEDGER_MAX_UNCOMPRESSED_BYTES", 300 * 1024 * 1024)
LEDGER_MAX_ROWS = env_int("LEDGER_MAX_ROWS", 100_000)
# A ledger check or commit renews its heartbeat this often; without one for
# LEDGER_STALE_SECONDS its worker counts as dead (the beat reaper fails it, retryable).
LEDGER_HEARTBEAT_SECONDS = env_int("LEDGER_HEARTBEAT_SECONDS", 15)
LEDGER_STALE_SECONDS = env_int("LEDGER_STALE_SECONDS", 300)

# --- h16bulk: Excel exports above this many rows are written by a worker (registry/exports.py),
# and their file is kept this long for the user who asked.
EXPORT_IMMEDIATE_ROWS = env_int("EXPORT_IMMEDIATE_ROWS", 5000)
EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", 24)

# Appraisal attachments, scanned commitments and case evidence (registry/uploads.py).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

# PDCA: quarterly sampling (每季度末抽取10%), checklists, evidence and rectification.
PDCA_SAMPLING_PERCENT = env_int("PDCA_SAMPLING_PERCENT", 10)
# Favour units with more level-1 points in the draw.
PDCA_SAMPLING_WEIGHTED = env_bool("PDCA_SAMPLING_WEIGHTED", False)
PDCA_LEVEL3_SAMPLE_PERCENT = env_int("PDCA_LEVEL3_SAMPLE_PERCENT", 20)
PDCA_EVIDENCE_MAX_BYTES = env_int("PDCA_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
PDCA_RECTIFICATION_DAYS = env_int("PDCA_RECTIFICATION_DAYS", 30)

# The cache is shared by every process: Redis in production (web nodes and
# workers count rate limits, task outcomes and the beat lock in it; without
# debug it is required, and check --deploy warns too); on one machine without
# CACHE_URL, files in VAR_DIR serve the web server, the worker and beat alike;
# the tests keep it in memory.
if not DEBUG and not os.environ.get("CACHE_URL"):
    raise ImproperlyConfigured("CACHE_URL must name a Redis server when DJANGO_DEBUG is off.")
if os.environ.get("CACHE_URL"):
    _CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
    }
elif TESTING:
    _CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    _CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
CACHES = {"default": _CACHE}

PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_CHOICES = (25, 50, 100, 200)

# Logs: JSON lines in production (LOG_FORMAT=json), plain text on a
# developer's console; the request id is on every record either way.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "config.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# /metrics: for a private network; with METRICS_TOKEN set the scraper must send
# "Authorization: Bearer <token>".
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
PROMETHEUS_EXPORT_MIGRATIONS = False

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe the nodes directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"

if TESTING:
    # Hashing strength is not under test; fast hashing keeps the suite quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Rotation control (定期轮岗): the longest time anyone holds a key post (关键岗位).
ROTATION_MAX_YEARS = env_int("ROTATION_MAX_YEARS", 5)

# --- h15home: the home page and the register's ledger codes ---
# A task (a point waiting for someone's step) counts as overdue after this many days.
TASK_OVERDUE_DAYS = env_int("TASK_OVERDUE_DAYS", 7)
# The ledger code (编号) a new point gets when none is written; a unit may set its own
# pattern. Fields: unit_code, year, seq (the unit's next number that year).
LEDGER_CODE_PATTERN = os.environ.get("LEDGER_CODE_PATTERN", "{unit_code}-{year}-{seq:04d}")

# --- Directory sign-in (h17sso): LDAP / Active Directory and OpenID Connect, each off
# unless its variables are set (config/directory.py; README, "Directory sign-in").
# The directory backends come after ModelBackend: local logins keep working, and
# django-axes (first) still locks out repeated failures, whichever backend checked them.
from config.directory import directory_settings  # noqa: E402

_DIRECTORY = directory_settings(os.environ)
globals().update(_DIRECTORY)
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, *_DIRECTORY["DIRECTORY_BACKENDS"]]
# --- end h17sso directory block

# --- h17api: the REST API (/api/v1/, schema at /api/schema/) ---
# Django REST framework for the endpoints, drf-spectacular for the OpenAPI 3 schema,
# its sidecar for Swagger UI and ReDoc served from static files (intranets have no CDN).
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar"]
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "registry.api.auth.ApiTokenAuthentication",
        # The browser's own session; DRF enforces CSRF on its writes.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.IdCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": ["registry.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("API_RATE", "600/min")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "registry.api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "廉政风险防控台账 API",
    "DESCRIPTION": "廉政风险防控台账 — read and write the register within your own scope.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RiskPointStatusEnum": "registry.choices.RiskPointStatus",
        "RiskLevelEnum": "registry.choices.RiskLevel",
        "BandEnum": "assessment.choices.Band",
    },
}
# --- end h17api block

# --- h15ui: django-filter's empty choice in words (registry/empty_choice.py does the forms') ---
FILTERS_EMPTY_CHOICE_LABEL = _pgettext_lazy("empty choice in a filter", "All")

# h19docs: a major matter (三重一大) is reported at least this many days before the meeting.
MAJOR_MATTER_NOTICE_DAYS = env_int("MAJOR_MATTER_NOTICE_DAYS", 7)
