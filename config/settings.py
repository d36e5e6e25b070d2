"""Settings, read once from the environment (see README's table of variables).

With no variable at all this is the embedded default: SQLite, Celery eager, DEBUG on.
Setting ``DATABASE_URL`` means a production-like deployment: DEBUG defaults to off and
``SECRET_KEY`` becomes mandatory.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_fernet_keys, env_int, env_list, env_rate, env_secret, env_str
from config.middleware import CONTENT_SECURITY_POLICY as CONTENT_SECURITY_POLICY_DEFAULT

BASE_DIR = Path(__file__).resolve().parent.parent

DATABASE_URL = env_str("DATABASE_URL")
REDIS_URL = env_str("REDIS_URL")

# Embedded default = development; anything with a real database is production-like.
DEBUG = env_bool("DEBUG", default=not DATABASE_URL)
SECRET_KEY = env_secret(
    "SECRET_KEY",
    required=not DEBUG,
    dev_default="django-insecure-development-only-key-never-use-in-production-0123456789",
)
# Sensitive returnee fields are encrypted at rest (config/encryption.py): the first key
# encrypts, all decrypt, so a new key can be put first and the old ones rotated out.
FIELD_ENCRYPTION_KEYS = env_fernet_keys(
    "FIELD_ENCRYPTION_KEYS", required=not DEBUG, secret_key=SECRET_KEY
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

# How many reverse proxies sit in front of the app. 0 (the default) means the client
# address is REMOTE_ADDR and X-Forwarded-* headers are ignored, so they cannot be forged.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0, minimum=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Trigram search lookups (pg_trgm) on PostgreSQL; inert on SQLite.
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    # Two-factor authentication with TOTP authenticator apps (accounts/views_two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Project apps, in layer order (DESIGN.md): imports only go downward.
    "accounts",
    "communities",
    "reintegration",
    "assessments",
    "projects",
    "peer_support",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy and no-store on personal data (config/middleware.py).
    "config.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the user's choice (cookie, set at login from their profile), else the
    # browser's Accept-Language, else English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Every page requires login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Logs every request made with an API token (who, what, when, answer).
    "accounts.middleware.ApiAccessLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout and absolute lifetime of sessions (accounts/middleware.py).
    "accounts.middleware.SessionTimeoutMiddleware",
    # Roles that must use two-factor authentication enrol before anything else.
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.navigation",
                "accounts.context_processors.interface_strings",
            ],
        },
    },
]

if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite:")):
        raise ImproperlyConfigured(
            "DATABASE_URL must be a postgres:// or sqlite:// URL, "
            f"got {DATABASE_URL.split(':', 1)[0]}://"
        )
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a username, and separately an address, after
# repeated failures. The client address comes from our own resolver so that a forged
# X-Forwarded-For is ignored unless TRUSTED_PROXY_COUNT says a proxy sets it.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", default=15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Two-factor authentication (TOTP) is optional for everyone; list roles here to make it
# compulsory for them, e.g. TWO_FACTOR_REQUIRED_ROLES=admin,supervisor (SECURITY.md).
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES", default=[])
_roles = {"case_manager", "supervisor", "programme_manager", "partner", "admin"}  # Role
if set(TWO_FACTOR_REQUIRED_ROLES) - _roles:
    raise ImproperlyConfigured(
        f"TWO_FACTOR_REQUIRED_ROLES: unknown role(s) "
        f"{', '.join(sorted(set(TWO_FACTOR_REQUIRED_ROLES) - _roles))}; "
        f"use {', '.join(sorted(_roles))}."
    )
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Community reintegration")
# Minutes between the password and the code at login before the user starts again.
TWO_FACTOR_LOGIN_MINUTES = 5

LANGUAGE_CODE = "en"
# Reintegration programmes run in francophone and arabophone countries as much as anglophone
# ones (issue 11). English is the source language; Arabic is written right to left.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files need `collectstatic` first (the Dockerfile runs it).
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Production values are the defaults whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Field offices share computers: a session ends after 30 idle minutes and after 12 hours at
# most, whatever the activity (accounts/middleware.py).
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", default=30, minimum=1)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", default=12, minimum=1)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preload is on by default so `check --deploy` is clean; an operator who does not submit
# the domain to browsers' preload lists may turn it off.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY_DEFAULT
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to a miss when Redis is down, so pages keep being served.
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis as broker and result store when REDIS_URL is set; otherwise tasks run
# eagerly in the calling process (the embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", default=30 * 60, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60 if CELERY_TASK_TIME_LIMIT > 120 else None
# A task is acknowledged only when it finishes and is re-queued if its worker dies, so
# every task must be idempotent. Prefetch 1 keeps long jobs from queueing behind each other.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Publishing to a Redis that is down gives up after about a second: the request that queued
# the job answers at once (config.celery.enqueue) instead of hanging.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
# Redis re-delivers an unacknowledged task (its worker died) after this many seconds; it must
# exceed the longest task, or a running task would be delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int(
        "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 600, minimum=1
    )
}
CELERY_TASK_DEFAULT_RETRY_DELAY = 30
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The one beat schedule of the project; later issues add their periodic jobs here.
CELERY_BEAT_SCHEDULE: dict = {
    # Nightly: every community's suitability against the Altai criteria (handbook 3.2).
    "score-all-communities": {
        "task": "assessments.score_all_communities",
        "schedule": crontab(hour=2, minute=0),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.DefaultPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # One JSON shape for every error: {"status", "code", "detail", "errors"}.
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
    # Per token: a partner's script cannot starve the others (429 with Retry-After).
    "DEFAULT_THROTTLE_CLASSES": ["accounts.throttling.ApiTokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_token": env_rate("API_TOKEN_THROTTLE_RATE", default="1000/hour"),
    },
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Community-based reintegration API",
    "DESCRIPTION": (
        "Communities, assessments, projects and pseudonymised returnee records for "
        "partner organizations (IOM Reintegration Handbook, Module 3 and 6.3)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI and ReDoc are served from static files so the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the error responses it can give, in the one error shape.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_errors.document_errors",
    ],
}

# Retention (SECURITY.md): `manage.py anonymise_closed_cases` erases the personal data of
# returnees whose case closed more than this many years ago.
RETENTION_YEARS = env_int("RETENTION_YEARS", default=5, minimum=1)
# Partner aggregates (dashboards.aggregates): a count below this is returned suppressed, and
# neighbouring cells are suppressed with it so it cannot be recomputed from totals.
AGGREGATE_SMALL_CELL_THRESHOLD = env_int("AGGREGATE_SMALL_CELL_THRESHOLD", default=5, minimum=2)
# Handbook 3.2.1, the conflict-sensitive lens: a community dashboard warns when returnees (or
# non-migrants) hold more than this percentage of a community's participants or beneficiaries.
BENEFIT_BALANCE_LOPSIDED_PERCENT = env_int(
    "BENEFIT_BALANCE_LOPSIDED_PERCENT", default=75, minimum=51, maximum=100
)

# Handbook 3.2.1: community profiles "should be reviewed and updated frequently".
COMMUNITY_PROFILE_REVIEW_MONTHS = env_int("COMMUNITY_PROFILE_REVIEW_MONTHS", default=12, minimum=1)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# No personal data in the logs (SECURITY.md): SQL and its parameters are logged by
# django.db.backends at DEBUG only, so that logger never goes below INFO whatever LOG_LEVEL
# says; the tracebacks of failed requests, template lookups and tasks keep their frames but
# not the messages (config/log_filters.py), which may repeat the data that failed.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "withhold_exception_messages": {"()": "config.log_filters.WithholdExceptionMessages"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["withhold_exception_messages"]},
        # At DEBUG, a failed variable lookup logs the whole template context, record included.
        "django.template": {"filters": ["withhold_exception_messages"]},
        "celery.app.trace": {"filters": ["withhold_exception_messages"]},
    },
}
