"""Django settings for Ujuzi, all derived from ``ujuzi.config`` (the ``UJUZI_*`` variables)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from ujuzi import config as configuration

CONFIG = configuration.load()
PACKAGE_DIR = Path(__file__).resolve().parent

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)
if CONFIG.environment == "test":
    ALLOWED_HOSTS += ["testserver"]
CSRF_TRUSTED_ORIGINS = [CONFIG.public_url]

INSTALLED_APPS = [
    # Django's admin on a site whose password pages write through the journal.
    "ujuzi.core.admin_site.UjuziAdminConfig",
    # Before django.contrib.auth, so that the kernel's journaled createsuperuser and
    # changepassword replace Django's (the first app to offer a command wins).
    "ujuzi.core",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "ujuzi.places",
    "ujuzi.people",
    "ujuzi.competencies",
    "ujuzi.catalog",
    "ujuzi.assessment",
    "ujuzi.notifications",
    "ujuzi.delivery",
    "ujuzi.credentials",
    "ujuzi.outcomes",
    "ujuzi.sync",
    "ujuzi.reports",
    "ujuzi.api",
    "ujuzi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ujuzi.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ujuzi.urls"
WSGI_APPLICATION = "ujuzi.wsgi.application"
AUTH_USER_MODEL = "core.User"
# Django's password sign-in; groups and per-login permissions grant nothing (roles are
# journaled RoleAssignment rows; the admin is for superusers).
AUTHENTICATION_BACKENDS = ["ujuzi.core.backends.PasswordBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ujuzi.people.context_processors.navigation",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    """One database from a URL; SQLite gets the pragmas a site laptop needs."""
    database: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        database["CONN_MAX_AGE"] = 0
        database["OPTIONS"] = {
            # WAL lets pages read while a sync or import writes; IMMEDIATE makes writers
            # queue at BEGIN instead of failing half-way with "database is locked".
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return database


DATABASES = {"default": _database(CONFIG.database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if CONFIG.environment == "test":
    # Fast hashing keeps the suite quick; production keeps Django's PBKDF2 default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sw", _("Kiswahili"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Africa/Nairobi"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = CONFIG.data_dir / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if CONFIG.environment == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and development serve straight from the package; production from STATIC_ROOT,
# filled by `ujuzi init`, with far-future caching for phones on weak links.
WHITENOISE_USE_FINDERS = CONFIG.environment == "test"
MEDIA_ROOT = CONFIG.data_dir / "media"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if CONFIG.public_url.startswith("https://"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if CONFIG.environment == "test"
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": CONFIG.log_level},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

UJUZI = CONFIG
