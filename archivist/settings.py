"""Django settings, derived from the settings table in archivist.config.

Running behind a TLS proxy follows from ARCHIVIST_BASE_URL: with https, cookies are sent over HTTPS
only, the proxy's X-Forwarded-Proto and X-Forwarded-For are believed, and plain HTTP is redirected.
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url

from archivist.config import archive_home, base_url, int_setting, setting

HOME = archive_home()


def _owner_only_file(path: Path, content: str = "") -> None:
    """Create `path` readable by its owner only, unless it exists: atomic, so two processes starting
    at once keep the first one's content."""
    if path.exists():
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(content)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def _secret_key() -> str:
    configured = setting("ARCHIVIST_SECRET_KEY")
    if configured:
        return configured
    key_file = HOME / "secret_key"
    _owner_only_file(key_file, secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = setting("ARCHIVIST_DEBUG") == "1"

SITE_NAME = setting("ARCHIVIST_SITE_NAME")
_base = base_url()
BASE_URL, HTTPS = _base.url, _base.scheme == "https"
ALLOWED_HOSTS = list(dict.fromkeys([_base.host, "localhost", "127.0.0.1", "[::1]"]))
CSRF_TRUSTED_ORIGINS = [_base.origin]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
if HTTPS:
    # Set by the proxy in front (docs/deploy.md), through which alone the server is reachable
    # (`archivist serve` listens on 127.0.0.1 unless told otherwise).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int_setting("ARCHIVIST_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# HSTS binds browsers to HTTPS for as long as it says, and preloading binds the whole domain for good:
# both are the operator's choice (ARCHIVIST_HSTS_SECONDS; preloading at the proxy, docs/deploy.md).
SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W021"]

# No inline script or style anywhere, the admin included (JSON-LD is data, which CSP does not block).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Requests naming another host are refused (400) and missing pages answered 404 without a log line:
# anyone could fill the log with them. Server errors are still logged, with their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "loggers": {"django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
                "django.request": {"level": "ERROR"}},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in ("UserAttributeSimilarityValidator", "MinimumLengthValidator",
                 "CommonPasswordValidator", "NumericPasswordValidator")
]

# Login throttling: five failed sign-ins from one address lock it out for fifteen minutes.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
if HTTPS:
    AXES_CLIENT_IP_CALLABLE = "archivist.serving.client_address"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "archivist.records",
    "archivist.search",
    "archivist.enrich",
    "archivist.web",
    "archivist.curation",
    "archivist.interop.oai",
    "archivist.scans",
    "reversion",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "archivist.web.middleware.server_timing",  # first: its time is the whole stack's
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Static files (the site's CSS, the admin's) served by the app itself, so `archivist serve` and
    # any WSGI server need no separate static-file setup.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "archivist.web.middleware.refuse_nul_characters",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "archivist.urls"
WSGI_APPLICATION = "archivist.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "archivist.web.context.site",
            ],
        },
    },
]

_database_url = setting("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    # SQLite gives its -wal and -shm files the database file's permissions.
    _owner_only_file(HOME / "archive.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(HOME / "archive.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True  # straight from the apps' static folders: no collectstatic step
MEDIA_ROOT = str(HOME / "files")
MEDIA_URL = "/files/"
# Each process's memory. "iiif" holds what IIIF builds from a document's pages (its manifest, its pages'
# words for search): up to a few MB a long document, so few of them (archivist.interop.iiif.freshness).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "iiif": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "iiif",
             "OPTIONS": {"MAX_ENTRIES": 32}},
}
SEARCH_FACET_BUDGET_MS = int_setting("ARCHIVIST_FACET_BUDGET_MS")  # archivist.search.service
