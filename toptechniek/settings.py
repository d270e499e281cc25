"""Settings, all read from the environment here and nowhere else.

With no variables set this is the embedded default: an SQLite file under var/,
Celery tasks run eagerly in-process and mail is written to files under var/mail/.
Set DATABASE_URL and REDIS_URL for the full stack. See .env.example.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Only for DEBUG (`make run`): without DEBUG the web server and the worker refuse to start on this key or on
# .env.example's placeholder (toptechniek/startup.py); `check --deploy` reports it (accounts.E002).
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address people use: every link in a mail is SITE_URL + path. A check at start-up and a log line at the
# first request warn when it does not match (toptechniek/common/site_url.py).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc as our own static files
    "toptechniek.accounts",
    "toptechniek.common",
    "regions",
    "selection",
    "knowledge",
    "monitoring",
    "audits",
    "peerreviews",
    "governance",
    "analysis",
    "dashboard",
    "api",  # the read API and its tokens (top floor, beside the portal)
    "portal",  # the top floor: composes the others
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "toptechniek.common.site_url.SiteUrlCheckMiddleware",  # logs once when SITE_URL (mail links) is not this host
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "toptechniek.accounts.middleware.LoginRequiredMiddleware",  # Django's; scripts get a JSON 401, not a redirect
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "toptechniek.accounts.middleware.SessionTimeoutMiddleware",
    "toptechniek.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A body over REQUEST_MAX_BYTES gets a 413 page before anything reads it (after the middleware its page needs).
    "toptechniek.common.middleware.RequestSizeLimitMiddleware",
    "toptechniek.common.audit.AuditMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "toptechniek.urls"
WSGI_APPLICATION = "toptechniek.wsgi.application"

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
                "toptechniek.common.context_processors.navigation",
            ],
            "builtins": ["rules.templatetags.rules"],
        },
    }
]

# Database: DATABASE_URL (postgres://…) for the full stack, else an SQLite file.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'toptechniek.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: axes' AxesStandaloneBackend (refuses locked-out username + address pairs), request-less calls passed on.
    "toptechniek.accounts.backends.AxesLockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Set-password links (toptechniek/accounts/tokens.py): an invitation's stays valid for 7 days, a "forgot your
# password" link for 2 hours; both stop working once the password is set.
INVITATION_TIMEOUT_SECONDS = env.int("INVITATION_TIMEOUT_SECONDS", default=7 * 24 * 3600)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_SECONDS", default=2 * 3600)
# Sign-in by e-mail link (toptechniek/accounts/email_signin.py): the link and its code work once, for 15
# minutes, in the browser that asked; a few wrong codes spend it.
SIGN_IN_LINK_TIMEOUT = env.int("SIGN_IN_LINK_TIMEOUT_SECONDS", default=15 * 60)
SIGN_IN_CODE_ATTEMPTS = 5
# Wrong codes per account in 24 hours, over all its links: beyond this no code is checked and no link is sent
# (a six-digit code then withstands guessing from many addresses: at most this many tries a day).
SIGN_IN_CODE_DAILY_LIMIT = 10
# Requests for a reset or sign-in mail, per e-mail address and per client address, in an hour (the cache counts).
ACCESS_MAIL_LIMIT_PER_EMAIL = env.int("ACCESS_MAIL_LIMIT_PER_EMAIL", default=5)
ACCESS_MAIL_LIMIT_PER_IP = env.int("ACCESS_MAIL_LIMIT_PER_IP", default=20)
ACCESS_MAIL_LIMIT_PERIOD = 3600

# Internationalisation: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Short dates "1 mrt 2013" (nl) / "1 Mar 2013" (en): templates use |date:"SHORT_DATE_FORMAT".
FORMAT_MODULE_PATH = ["toptechniek.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
# WhiteNoise serves static files straight from static/ too, so no collectstatic is needed to run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
try:
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
except OSError:  # a read-only deployment that collected static files elsewhere
    pass
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str("STATICFILES_STORAGE", default="django.contrib.staticfiles.storage.StaticFilesStorage")
    },
}

# Attachments (toptechniek/common/uploads.py): the limit per file is enforced while the body streams in,
# by the first upload handler, so nothing over it is stored. Put the web server's body limit just above it.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_PER_OBJECT = env.int("UPLOAD_MAX_PER_OBJECT", default=20)
FILE_UPLOAD_HANDLERS = [
    "toptechniek.common.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o640
# The whole request body (all files and fields together): larger ones get a 413 page before they are read
# (toptechniek/common/middleware.py). The proxy's body limit (nginx client_max_body_size) should match it.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=UPLOAD_MAX_BYTES + 1024 * 1024)

# Mail: files under var/mail/ unless an SMTP server is configured.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Toptechniek <noreply@toptechniek.example>")

# Celery: a Redis broker when REDIS_URL is set; otherwise tasks run in-process.
from celery.schedules import crontab  # noqa: E402

MAIL_DIGEST_HOUR = env.int("MAIL_DIGEST_HOUR", default=17)  # local time (TIME_ZONE) of the daily digest
REDIS_URL = env.str("REDIS_URL", default="")
# The cache holds the throttles of the reset and sign-in mails: in Redis (CACHE_URL, else REDIS_URL) every web
# process counts together; without Redis each process counts in its own memory.
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "tt"}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=100)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)  # KiB
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
# Redis redelivers an unacknowledged task after this; at least 3x the longest task.
# kombu 5.7 looks for tasks to redeliver only every unacked_restore_interval x unacked_restore_throttle
# seconds (10 x 10 by default: a killed worker's task came back ~100 s late in the drill); scan every 10 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "daily-reminder-sweep": {
        "task": "audits.tasks.task_reminder_sweep",
        "schedule": 24 * 3600,  # once a day; the sweep is safe to run more often
    },
    "daily-action-sweep": {
        "task": "peerreviews.tasks.task_action_sweep",
        "schedule": 24 * 3600,  # follow-up and learning-question actions due in 7 days / overdue
    },
    "notification-outbox-sweep": {
        "task": "toptechniek.common.tasks.task_notification_sweep",
        "schedule": 5 * 60,  # every mail of the outbox whose enqueue was lost (broker outage)
    },
    "daily-mail-digest": {
        "task": "toptechniek.common.tasks.task_digest_build",
        # once a day at the end of the working day: one mail per person who chose the digest for some kind
        "schedule": crontab(hour=MAIL_DIGEST_HOUR, minute=0),
    },
}

# Security: safe by default, loosened only by DEBUG.
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "toptechniek.common.errors.csrf_failure"  # a page that says what to do, in the user's language
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Content Security Policy (django-csp 4): scripts only from our own static files or with the request's
# nonce, never inline; no framing; forms post only to us. Styles allow inline attributes (a few
# templates set widths and colours); no page loads anything from another origin.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Behind a reverse proxy (nginx) that sets X-Forwarded-Proto; `check --deploy` warns when a client-address
# header is read without it (accounts.W001).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

# Access: second factor (django-otp), login throttling (django-axes), session lifetimes.
# Programme office, staff and superusers need a TOTP device; only the DEBUG demo may switch it off
# (`check --deploy` errors otherwise).
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Toptechniek"
# Absolute lifetime of a login, and the idle time after which the next request logs out.
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 3600)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
# Seconds before the idle timeout at which the page warns and offers to stay signed in.
SESSION_IDLE_WARNING = env.int("SESSION_IDLE_WARNING", default=2 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
# And per client address across all usernames: this many failures in the cool-off lock the address out
# (toptechniek/accounts/lockouts.py's AxesHandler; axes itself has one limit for every parameter).
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "toptechniek.accounts.lockouts.AxesHandler"
AXES_USERNAME_FORM_FIELD = "username"  # the email field of accounts.forms.LoginForm
# Counted in lower case, as the login finds the address: case variants share one counter.
AXES_USERNAME_CALLABLE = "toptechniek.accounts.lockouts.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind a reverse proxy: the header(s) carrying the client address, in order (see .env.example).
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("AXES_IPWARE_META_PRECEDENCE_ORDER", default=["REMOTE_ADDR"])
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=None)
AXES_IPWARE_PROXY_ORDER = env.str("AXES_IPWARE_PROXY_ORDER", default="left-most")

# The read API (/api/v1/, api/rest.py): personal tokens, Django REST Framework, an OpenAPI 3 description.
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)  # a token expires within this many days
API_TOKEN_MAX_ACTIVE = env.int("API_TOKEN_MAX_ACTIVE", default=5)  # active tokens per person
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="600/min")  # calls per person, all tokens together
API_BAD_TOKEN_LIMIT = env.int("API_BAD_TOKEN_LIMIT", default=30)  # refused tokens per address an hour, then 429
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=100)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=1000)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.rest.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.rest.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],  # read-only: no request bodies
    "DEFAULT_PAGINATION_CLASS": "api.rest.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.rest.problem_handler",
    "COERCE_DECIMAL_TO_STRING": False,  # figures as JSON numbers, for BI tools
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Toptechniek API",
    "DESCRIPTION": (
        "Read-only API of the settled figures of the regional programmes: programmes, years, regions, "
        "agreed indicators with targets and amendments, settled realisations, report states, published "
        "placemat scores, audit judgements and stimulus grants. Authenticate with a personal token "
        "(`Authorization: Bearer tt_…`), made on the page 'API tokens'; a token reads what its person's "
        "pages show. Errors are RFC 9457 problem details."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "APPEND_COMPONENTS": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "A personal token."}}
    },
    "SECURITY": [{"bearerAuth": []}],
    "AUTHENTICATION_WHITELIST": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.rest.problem_responses_hook",
    ],
}

# Demo data
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "INFO"},
        "axes.apps": {"level": "WARNING"},  # not its start-up banner on every manage.py command
        "toptechniek.security": {"level": "INFO"},
    },
}

# Forms are rendered with django-crispy-forms and its Bootstrap 5 pack (the design card's choice); the
# project overrides only the field template, to keep the required mark out of screen readers (the
# input's `required` attribute says it), see templates/bootstrap5/field.html.
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
