"""Settings, read from environment variables only.

With nothing set, the product runs on SQLite in ``data/`` and a filesystem Celery
broker, so a new machine needs nothing else. Production sets ``DATABASE_URL``,
``CELERY_BROKER_URL``, ``DJANGO_DEBUG=0``, ``DJANGO_SECRET_KEY`` and
``DJANGO_ALLOWED_HOSTS``.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("KPI_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DJANGO_DEBUG", True)
# Fixed when the settings load (the test runner later turns DEBUG off on its own).
IS_PRODUCTION = not DEBUG

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A production server with a guessable key could forge sessions for any
        # social worker: refuse to start rather than fall back to a default.
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))') "
            "or set DJANGO_DEBUG=1 for a local demo."
        )
    SECRET_KEY = "local-demo-only-not-secret-" + "x" * 40

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's own widget templates, found by the TemplatesSetting form renderer below.
    "django.forms",
    "django_tables2",
    "django_filters",
    "auditlog",
    "axes",
    "csp",
    "workforce",
    "casework",
    "indicators",
    "imports",
    "returns",
    # The shared base, last: its admin replaces auth's and auditlog's, and its post_migrate
    # handler runs once every permission exists.
    "core",
]

MIDDLEWARE = [
    "core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.NoStoreMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kpi_project.urls"
# Widgets render through TEMPLATES, so the GOV.UK date input (templates/forms/widgets/) is found.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "kpi_project.wsgi.application"

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
                "core.context_processors.navigation",
                "workforce.context_processors.teams",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The indicator queries are many small correlated subqueries: PostgreSQL's JIT compiler
        # spends longer compiling them (seconds) than they take to run (milliseconds). The due
        # dates' statements, the only ones prepared, keep a generic plan (core/prepared.py).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c plan_cache_mode=force_generic_plan"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            # The web server and the local worker write to the same file: wait for
            # the other's lock rather than fail, and let readers run beside a writer.
            "OPTIONS": {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock the username from that address for 30 minutes. The lock is on
# the username and the address together, so nobody can lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy every request comes from the proxy's address; the client's is in
# X-Forwarded-For, which a client can also write. KPI_TRUSTED_PROXY_COUNT says how many proxies of
# ours append to it: core.middleware.TrustedProxyMiddleware takes the address that many places from
# the right as the client's (what a client wrote further left is ignored) and gives it to everything
# after it (django-axes, the audit log). 0, the default: no proxy, the header is dropped.
TRUSTED_PROXY_COUNT = env_int("KPI_TRUSTED_PROXY_COUNT", 0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Sessions end after 30 minutes without a request, and when the browser closes: a
# child's record must not stay open on a shared office PC.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security (production) ----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): scripts and styles only from this service; the one inline
# script (GOV.UK Frontend's js-enabled class) carries the request's nonce; the charts read their
# data from json_script blocks, which are data, not code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

# --- Static files -----------------------------------------------------------------------
# Front-end packages come from npm (package.json); `make` installs them into
# node_modules and compiles our Sass into static_build/.
NODE_MODULES = BASE_DIR / "node_modules"
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    BASE_DIR / "static_build",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    # MOJ's stylesheet looks for its icons beside GOV.UK's images (one assets folder, as MOJ's
    # installation guide copies them): serve them there too.
    ("govuk/assets/images", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj" / "assets" / "images"),
    ("chartjs", NODE_MODULES / "chart.js" / "dist"),
]
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
MEDIA_ROOT = DATA_DIR / "uploads"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An uploaded return's file is refused as it arrives past this size (imports/uploads.py).
KPI_IMPORT_MAX_FILE_MB = env_int("KPI_IMPORT_MAX_FILE_MB", 100)
FILE_UPLOAD_HANDLERS = [
    "imports.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Celery ------------------------------------------------------------------------------
# No broker configured: a filesystem broker in data/, so `make run` starts a real
# worker and beat with no server installed. Production: CELERY_BROKER_URL=redis://...
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = DATA_DIR / "celery-broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # Redis: a task taken by a worker and not acknowledged (acks_late) within the visibility
    # timeout is handed to another worker. It must be longer than the longest task, or a task
    # still running would be run twice: the longest are an import (hard limit
    # KPI_IMPORT_TIME_LIMIT_SECONDS, 1 hour) and a drain (KPI_DRAIN_BUDGET_SECONDS, 4 minutes, plus
    # the month in hand). A killed worker does not wait for it: its months stay in the durable
    # queue, and the next minute's drain takes them over once the lease has run out.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("KPI_VISIBILITY_TIMEOUT_SECONDS", 2 * 60 * 60),
        # A broker that does not answer fails a request's send in seconds, not minutes.
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
        # Publishing (a request's send) tries the broker once: what it asked for is in the database.
        "max_retries": 0,
    }
# Sending a task never blocks a request for long: a broker that is down is reported at once,
# and the work waits in the database (core.recompute, imports' batches) for the beat.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")

# The durable recomputation queue (indicators.queue): a month claimed, or a computation
# "running", for longer than the lease without finishing is taken for dead and computed again;
# a worker process gone from this machine is seen at the next drain. A month of the large
# benchmark authority takes about 5 s; the lease leaves a wide margin.
KPI_COMPUTE_LEASE_SECONDS = env_int("KPI_COMPUTE_LEASE_SECONDS", 10 * 60)
# One drain computes for at most this long, then hands over to the next (sent at once, or the beat's).
KPI_DRAIN_BUDGET_SECONDS = env_int("KPI_DRAIN_BUDGET_SECONDS", 4 * 60)
KPI_IMPORT_TIME_LIMIT_SECONDS = env_int("KPI_IMPORT_TIME_LIMIT_SECONDS", 60 * 60)

# Declarative schedule. Times are Europe/London and avoid 01:00-02:00, the hour that
# happens twice or not at all when the clocks change.
CELERY_BEAT_SCHEDULE = {
    # The durable queue, every minute whatever happened to the messages sent after each save: a
    # broker outage or a killed worker delays figures by minutes and loses nothing.
    "drain-recomputation-every-minute": {
        "task": "indicators.tasks.drain_recomputation",
        "schedule": crontab(minute="*"),
        "options": {"expires": 50},
    },
    # Imports whose message never reached a worker (the broker was down when they were uploaded).
    "start-waiting-imports-every-minute": {
        "task": "imports.tasks.start_waiting",
        "schedule": crontab(minute="*"),
        "options": {"expires": 50},
    },
    # Provisional figures for the month in progress, every night.
    "compute-current-month-nightly": {
        "task": "indicators.tasks.compute_current_month",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 6 * 60 * 60},
    },
    # The month that has just ended, early on the 1st, so managers find it in the morning.
    "compute-previous-month-on-the-first": {
        "task": "indicators.tasks.compute_previous_month",
        "schedule": crontab(hour=4, minute=30, day_of_month=1),
        "options": {"expires": 12 * 60 * 60},
    },
}

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Product -----------------------------------------------------------------------------
AUTHORITY_NAME = os.environ.get("KPI_AUTHORITY_NAME", "Northbridge Council")
SERVICE_NAME = "Children's services performance"
AUDITLOG_INCLUDE_ALL_MODELS = False
