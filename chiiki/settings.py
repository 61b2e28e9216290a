"""Django settings for Chiiki, read from environment variables.

Development is the default (`CHIIKI_DEBUG` unset). Production is
`CHIIKI_DEBUG=false` plus `CHIIKI_SECRET_KEY` and `CHIIKI_ALLOWED_HOSTS`; it then
turns on every `check --deploy` protection and refuses to start without a secret.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from chiiki.cache_config import cache_settings
from chiiki.client_address import parse_trusted_proxies
from chiiki.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CHIIKI_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("CHIIKI_DEBUG", True)

_secret = env_secret("CHIIKI_SECRET_KEY")
if _secret is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "CHIIKI_SECRET_KEY (or CHIIKI_SECRET_KEY_FILE) is required when "
            "CHIIKI_DEBUG is false."
        )
    # Development only: never used when DEBUG is off (see the check above).
    _secret = "chiiki-development-only-not-a-secret"
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list(
    "CHIIKI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CHIIKI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "ninja",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Chiiki's own apps, upstream first (see docs/architecture in the README).
    "audit",
    "geo",
    "programmes",
    "accounts",
    "reports",
    "targets",
    "evaluations",
    "sheets",
    "impact",
    "dashboard",
    "home",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any body is read (the CSRF check reads it in process_view): 413
    # for a body over CHIIKI_MAX_REQUEST_BYTES, 400 for control characters in
    # the URL. After sessions, locale and auth: its page is the site's page.
    "chiiki.request_guard.RequestGuardMiddleware",
    # After authentication: audit entries name the request's user and address.
    "audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chiiki.urls"
WSGI_APPLICATION = "chiiki.wsgi.application"
ASGI_APPLICATION = "chiiki.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default; DATABASE_URL (postgres://...) selects PostgreSQL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'chiiki.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or _default_sqlite,
        conn_max_age=env_int("CHIIKI_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# Optional read replica (PostgreSQL streaming replica): page and API reads go
# to it, writes and reads inside a write transaction to default (chiiki/db_router.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"),
        conn_max_age=env_int("CHIIKI_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    # Tests never create a separate replica database: it mirrors default.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["chiiki.db_router.ReplicaRouter"]

# Cache: each process's memory by default; CHIIKI_CACHE_URL=redis://host:6379/0
# shares one Redis between every app server (chiiki/cache_config.py, docs/deploy.md).
CACHES = {"default": cache_settings(env_str("CHIIKI_CACHE_URL"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out account before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
# Each role lands on its home (home/views.py); the public keeps the dashboard.
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "dashboard:home"
# A refused form token gets a Japanese page that says what to do (chiiki/errors.py).
CSRF_FAILURE_VIEW = "chiiki.errors.csrf_failure"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: 10 failures for one account from one address lock that
# pair out for 15 minutes; a success resets the count.
AXES_FAILURE_LIMIT = env_int("CHIIKI_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CHIIKI_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client behind our proxies, not the proxy (chiiki/client_address.py):
# CHIIKI_TRUSTED_PROXIES lists the proxies' addresses/networks (or a hop count).
# Empty: X-Forwarded-For is ignored and REMOTE_ADDR is the client.
CHIIKI_TRUSTED_PROXIES = env_str("CHIIKI_TRUSTED_PROXIES", "")
try:
    parse_trusted_proxies(CHIIKI_TRUSTED_PROXIES)
except ValueError as _exc:
    raise ImproperlyConfigured(str(_exc)) from _exc
AXES_CLIENT_IP_CALLABLE = "chiiki.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# Background jobs (large report imports, reports/background.py): django-tasks
# with the database backend of the django-tasks-db package; `manage.py
# db_worker` runs them (`make run` starts one). CHIIKI_TASKS_BACKEND=
# django_tasks.backends.immediate.ImmediateBackend runs them in the request.
TASKS = {
    "default": {
        "BACKEND": env_str("CHIIKI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# Every script and style is a static file of ours: no inline code, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("CHIIKI_UPLOAD_MAX_MEMORY", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
#: The largest file any form or API operation accepts (reports and proposal
#: attachments: 20 MB). Bytes past it are counted, not stored (chiiki/uploads.py).
CHIIKI_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: The largest request body: one such file plus the form's fields and the
#: multipart framing. Refused before anything is read or spooled (413,
#: chiiki/request_guard.py), and counted again while parsing (chiiki/uploads.py).
#: Keep nginx's client_max_body_size at or above it (docs/deploy.md).
CHIIKI_MAX_REQUEST_BYTES = CHIIKI_MAX_UPLOAD_BYTES + 1024 * 1024
#: Every form and API operation takes one file; Django's default is 100.
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_HANDLERS = [
    "chiiki.uploads.SizeCappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

EMAIL_BACKEND = env_str(
    "CHIIKI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("CHIIKI_FROM_EMAIL", "chiiki@localhost")
# The SMTP server of the smtp backend (reminders and workflow notifications).
EMAIL_HOST = env_str("CHIIKI_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("CHIIKI_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("CHIIKI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_secret("CHIIKI_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("CHIIKI_EMAIL_TLS", False)
EMAIL_TIMEOUT = env_int("CHIIKI_EMAIL_TIMEOUT", 10)

# Production hardening: all on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("CHIIKI_SSL_REDIRECT", True)
    # Load balancers probe /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("CHIIKI_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CHIIKI_LOG_LEVEL", "INFO")},
}
