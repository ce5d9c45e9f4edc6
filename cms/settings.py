"""Settings for every deployment, read from the environment.

Unset variables fall back to development defaults (SQLite, console e-mail,
the cache in the database). With DEBUG off the site refuses to start without a
SECRET_KEY and ALLOWED_HOSTS, and assumes a TLS proxy in front. README lists
the variables.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from cms import paths

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# `make run` writes a development .env; real deployments set the environment.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (for development, run `make run`)."
        )
    SECRET_KEY = "django-insecure-development-only"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


# Applications

INSTALLED_APPS = [
    "cms",
    "groups",
    "accounts",
    "wagtail.api.v2",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "csp",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.RequestLogMiddleware",
    "cms.middleware.RefuseNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cms.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    # Below the CSRF middleware (it sets the token cookie of a cached form)
    # and the headers above; above authentication (a hit needs no user).
    "cms.page_cache.AnonymousPageCacheMiddleware",
    # Below the page cache: a hit needs no site.
    "cms.site_cache.SiteMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "groups.context_processors.links",
            ],
        },
    },
]


# Data

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The development server and the task worker write to the same file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The cache (pages, rate-limit counters) is shared by every process and app
# server: Redis with REDIS_URL (faster; while it is down the site runs
# uncached, cms.cache), else a table in the database (made by a migration).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "cms.cache.ResilientRedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions are read from Redis and kept in the database, so they outlive it.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.SharedDatabaseCache",
            "LOCATION": "cms_cache",
            # Django's default of 300 entries would let a burst of new keys
            # cull the rate-limit counters (the lowest keys go first).
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }

# Queued in the database, run by `manage.py db_worker` (cms's, which also
# puts back tasks a dead worker left running).
# Anonymous visitors' pages, kept by the application (cms.page_cache) and,
# for FRONT_CACHE_SECONDS, by the nginx front or a CDN.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
FRONT_CACHE_SECONDS = env.int("FRONT_CACHE_SECONDS", default=60)
FRONTEND_CACHE_PURGE_URL = env("FRONTEND_CACHE_PURGE_URL", default="")
if FRONTEND_CACHE_PURGE_URL:
    # A caching proxy or CDN that takes PURGE requests; publishing purges it.
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }

# Editors' previews open in a separate front end at this URL, which reads
# the draft from /api/v2/page_preview/ with the token it is given; a token
# lasts HEADLESS_PREVIEW_SECONDS (cms.headless_preview).
HEADLESS_PREVIEW_URL = env("HEADLESS_PREVIEW_URL", default="")
if HEADLESS_PREVIEW_URL and urlsplit(HEADLESS_PREVIEW_URL).scheme not in (
    "http",
    "https",
):
    raise ImproperlyConfigured(
        "HEADLESS_PREVIEW_URL must be an http(s) URL such as "
        "https://partner.example.org/preview"
    )
HEADLESS_PREVIEW_SECONDS = env.int("HEADLESS_PREVIEW_SECONDS", default=60 * 60)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_STUCK_AFTER_MINUTES = env.float("TASK_STUCK_AFTER_MINUTES", default=15)


# Accounts

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = f"{paths.ACCOUNTS}login/"
AUTHENTICATION_BACKENDS = ["accounts.backends.AuthenticationBackend"]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# allauth's forms, labelled in the site's words.
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "add_email": "accounts.forms.AddEmailForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]  # sign-up is closed (the adapter)
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Working Groups: "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# The e-mailed link proves the address: setting a password from it (a new
# member's first one included) logs them in, to the members' area.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Working Groups"
# Staff who can see membership data or private documents must use TOTP;
# off by default for local development only.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=not DEBUG)
# The set-password link in an approval e-mail, and password-reset links.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 7
# How many proxies in front add themselves to X-Forwarded-For: the client's
# address is the entry the outermost trusted proxy added, never one a client
# sent. Used by allauth's rate limits and the join form's.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)
JOIN_RATE_LIMIT = env("JOIN_RATE_LIMIT", default="200/h")
JOIN_EMAIL_RATE_LIMIT = env("JOIN_EMAIL_RATE_LIMIT", default="5/h")


def parse_origins(value):
    """Origins (`scheme://host[:port]`) from a comma-separated setting, as a
    browser sends them in its Origin header; anything else is refused at
    start rather than never matching."""
    origins = []
    for item in value.split(","):
        origin = item.strip().removesuffix("/").lower()
        if not origin:
            continue
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
            raise ImproperlyConfigured(
                f"JOIN_API_ALLOWED_ORIGINS: {item.strip()!r} is not an origin "
                "such as https://partner.example.org"
            )
        origins.append(origin)
    return origins


# Partner sites whose pages may call POST /api/v2/join/ from the browser
# (CORS for that URL only: groups.cors).
JOIN_API_ALLOWED_ORIGINS = parse_origins(env("JOIN_API_ALLOWED_ORIGINS", default=""))
LOGIN_REDIRECT_URL = paths.MEMBERS


# E-mail

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Working Groups <working-groups@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFY_EMAIL = env.list("STAFF_NOTIFY_EMAIL", default=[])
# A failed delivery is tried again after this many seconds, doubling each
# time up to an hour (cms.mail).
MAIL_RETRY_FIRST_DELAY = env.int("MAIL_RETRY_FIRST_DELAY", default=60)


# Internationalisation

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True


# Static files and uploads

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
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
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Uploads in S3-compatible object storage, private: every file is read
    # through a short-lived signed URL, and documents only after the serve
    # view's privacy check (DOCUMENTS_SERVE_METHOD=redirect), or streamed by it.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_DEFAULT_ACL = "private"
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=60)
    AWS_S3_FILE_OVERWRITE = False
# The page editor posts one field per inline principle.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


# Wagtail

WAGTAIL_SITE_NAME = "Working Groups"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
# No third-party requests from the admin (avatars, release checks).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Passwords are set, reset and changed through allauth only (rate limits,
# enumeration prevention, notifications).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = env("DOCUMENTS_SERVE_METHOD", default="serve_view")
if WAGTAILDOCS_SERVE_METHOD not in ("serve_view", "redirect"):
    raise ImproperlyConfigured("DOCUMENTS_SERVE_METHOD must be serve_view or redirect.")
WAGTAILDOCS_DOCUMENT_MODEL = "groups.GroupDocument"
# Image renditions are public files whatever the collection: no image may go
# into a working group's private collection.
WAGTAILIMAGES_IMAGE_FORM_BASE = "groups.admin_forms.PublicCollectionImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "groups.admin_forms.GroupDocumentForm"
WAGTAILDOCS_EXTENSIONS = [
    "csv", "docx", "key", "odp", "ods", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip",
]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = 100 * 1024 * 1024
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100

REST_FRAMEWORK = {
    # No Basic auth (it would let a password be tried past every login
    # control) and no browsable API: session or anonymous, JSON only.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication"
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}


# Security (behind a TLS proxy that sets X-Forwarded-Proto)

X_FRAME_OPTIONS = "DENY"  # the admin's preview frame: cms.middleware
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script on the site (the admin's exception is in
# cms.middleware); the admin sets inline styles, hence 'unsafe-inline' there.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
    )
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # One line per task state change is noise; failures still show.
        "django_tasks": {"level": "WARNING"},
        # One JSON line per request (cms.middleware); runserver logs each
        # request itself, so in development that line would be a second.
        "cms.requests": {"level": "WARNING" if DEBUG else "INFO"},
        # "Watching for file changes", from each autoreloading process.
        "django.utils.autoreload": {"level": "WARNING"},
    },
}
