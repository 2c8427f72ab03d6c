"""Settings of the platform, all read from environment variables.

The README lists every variable with its default. Defaults give a working
local run on an embedded SQLite database; production sets DEBUG=0, a
SECRET_KEY and a postgres:// DATABASE_URL.
"""

import hashlib
import hmac
import ipaddress
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value, "
            "or set DEBUG=1 for a local development run."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a known IANA time zone") from None
USE_TZ = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]

INSTALLED_APPS = [
    "config.admin_site.PlatformAdminConfig",  # django.contrib.admin, its drill-down checked
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "csp",
    "axes",
    # Installed for its system checks on the rate limits' cache (see "Shared counters").
    "django_ratelimit",
    # request.htmx: the staff board answers its partial updates with the board alone.
    "django_htmx",
    "audit",
    "hospital",
    "scheduling",
    # Before django_tasks_db: its `db_worker` command is ours (leases, sweeps).
    "outbox",
    # The outbound feed to the hospital's other systems (HL7 v2 SIU, webhooks).
    "interfaces",
]

MIDDLEWARE = [
    # First: GET /health/ for load balancers, before sessions, hosts and the database.
    "config.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A NUL byte in the URL is a 400, before anything queries the database with it.
    "config.middleware.RefuseNulBytesMiddleware",
    # Serves the collected static files from the application itself: no CDN.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin and the call-centre console in the language the staff member chose.
    "config.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After authentication: it attributes the request's audit events to the user.
    "audit.middleware.AuditContextMiddleware",
    # After a POST, the visitor reads the primary rather than a lagging replica.
    "scheduling.public.replica.PinPrimaryAfterWriteMiddleware",
    # Answers rate-limited requests with RATELIMIT_VIEW (429) instead of a 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout answer.
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
                "django.template.context_processors.i18n",
                "config.context_processors.institution",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
if not DATABASE_URL.startswith(("sqlite:", "postgres:", "postgresql:")):
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:// or postgres://, got {DATABASE_URL.split(':')[0]!r}"
    )
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
# A database that does not answer fails a request in seconds, with a 503
# (config/errors.py), instead of holding it: PostgreSQL connections give up
# connecting after DATABASE_CONNECT_TIMEOUT_SECONDS (psycopg's floor is 2), and
# the server cancels a statement running longer than the statement timeout:
# DATABASE_STATEMENT_TIMEOUT_SECONDS for the web (gunicorn, and anything not
# started by manage.py), COMMAND_STATEMENT_TIMEOUT_SECONDS for manage.py's
# commands, the task worker included (0, none, by default: a migration
# building an index, audit_verify over the whole trail or the nightly slot
# generation must run to their end). 0 means no timeout.
DATABASE_CONNECT_TIMEOUT_SECONDS = env_int("DATABASE_CONNECT_TIMEOUT_SECONDS", 5, minimum=2)
RUNNING_COMMAND = Path(sys.argv[0]).name == "manage.py"
DATABASE_STATEMENT_TIMEOUT_SECONDS = (
    env_int("COMMAND_STATEMENT_TIMEOUT_SECONDS", 0)
    if RUNNING_COMMAND
    else env_int("DATABASE_STATEMENT_TIMEOUT_SECONDS", 30)
)


def _postgresql_options(options: dict) -> dict:
    """Every PostgreSQL connection's timeouts, and its isolation level."""
    from psycopg import IsolationLevel

    timeouts = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000}"
    return {
        **options,
        # Stated on every transaction, whatever defaults the role was given: the
        # database rules re-check at COMMIT on fresh snapshots, which is what
        # READ COMMITTED gives (scheduling/rules/postgresql.py refuses any other).
        "isolation_level": IsolationLevel.READ_COMMITTED,
        # What config.prepared's cursors run is prepared the first time a
        # connection runs it; Django's own cursors bind on the client and
        # never prepare (None, Django's default, would forbid it).
        "prepare_threshold": 0,
        "connect_timeout": DATABASE_CONNECT_TIMEOUT_SECONDS,
        "options": f"{options.get('options', '')} {timeouts}".strip(),
        # A host that vanishes (powered off, cut off) rather than refusing: data
        # it does not acknowledge within the connect timeout, or keepalive
        # probes it leaves unanswered while a query waits, close the connection.
        "tcp_user_timeout": DATABASE_CONNECT_TIMEOUT_SECONDS * 1000,
        "keepalives": 1,
        "keepalives_idle": 15,
        "keepalives_interval": 5,
        "keepalives_count": 3,
    }


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = _postgresql_options(DATABASES["default"].get("OPTIONS", {}))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (workers, the dev server, a seed command) share one file.
    # IMMEDIATE: a transaction takes the write lock when it begins, so two
    # writers queue for it (up to the busy timeout) instead of the second one
    # failing with "database is locked" when it upgrades a read to a write.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20, minimum=1),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    VAR_DIR.mkdir(parents=True, exist_ok=True)
# A PostgreSQL streaming replica for the public pages' reads (see
# scheduling/public/replica.py); writes and the patient's own pages use the
# primary. In tests it mirrors the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    if not DATABASE_REPLICA_URL.startswith(("postgres:", "postgresql:")):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// URL")
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL")
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["OPTIONS"] = _postgresql_options(DATABASES["replica"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["scheduling.public.replica.PublicReadsRouter"]
# After a write, a visitor reads the primary for this long (their own booking
# shows at once, whatever the replica's lag).
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 30)
# A replica that cannot be reached, or whose replay lags the primary by more
# than this, is not read: the finding pages read the primary until it is back.
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 10, minimum=1)
# Each process checks the replica's state at most this often.
REPLICA_CHECK_SECONDS = env_int("REPLICA_CHECK_SECONDS", 5, minimum=1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The listing's indexes carry extra columns for index-only scans on
# PostgreSQL; SQLite builds them without, which is what this warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTHENTICATION_BACKENDS = [
    # First: refuses a login once an address or account has failed too often.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, its permissions read in one query (config/auth_backend.py).
    "config.auth_backend.PermissionsInOneQueryBackend",
    "guardian.backends.ObjectPermissionBackend",
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

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development WhiteNoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # spares WhiteNoise's "no directory" warning

# Everything a page loads comes from the institution's own origin: no
# third-party script, frame, font, image or stylesheet, and no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
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

# Mail to patients (confirmation codes, confirmations). The console backend
# prints mail in development; production sets EMAIL_HOST and friends.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A relay that stops answering fails the attempt (retried later) instead of
# holding the worker for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "rendez-vous@hopital.example")
INSTITUTION_NAME = env_str("INSTITUTION_NAME", "Hôpitaux publics")

RATELIMIT_VIEW = "scheduling.public.views.rate_limited"
SEARCH_RATE = env_str("SEARCH_RATE", "60/m")
BOOKING_RATE = env_str("BOOKING_RATE", "10/h")

# The REST API (/api/v1/) and FHIR (/fhir/): other systems of the institution,
# each an API client with a bearer token (scheduling.clients.auth).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["scheduling.clients.auth.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["scheduling.clients.auth.IsApiClient"],
    "DEFAULT_THROTTLE_CLASSES": ["scheduling.clients.auth.PerClientThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON with limits (size, depth, NUL and lone surrogates): scheduling/clients/parsing.py.
    "DEFAULT_PARSER_CLASSES": ["scheduling.clients.parsing.CheckedJSONParser"],
    "EXCEPTION_HANDLER": "scheduling.clients.errors.handle",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
# Requests per API client (REST and FHIR together), counted in the shared cache.
API_RATE = env_str("API_RATE", "600/m")
# Slots one API client may hold at once (FHIR $hold, not yet booked nor lapsed):
# beyond it a hold is refused with 429 until one is booked, released or lapses.
API_OPEN_HOLDS_PER_CLIENT = env_int("API_OPEN_HOLDS_PER_CLIENT", 20, minimum=1)
SPECTACULAR_SETTINGS = {
    "TITLE": "Hospital scheduling API",
    "DESCRIPTION": (
        "Availability and bookings of the institution's member establishments, for its "
        "other systems. Authenticate with `Authorization: Bearer <token>` (an API client)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from the institution's own origin (drf-spectacular-sidecar), no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Signs the output of `manage.py audit_head`, so a stored head cannot be forged
# by someone who can also rewrite the database.
AUDIT_HEAD_HMAC_KEY = env_str("AUDIT_HEAD_HMAC_KEY", "")
# SQLite only: the key of the trail's keyed hashes of patient identity (on
# PostgreSQL the key is generated inside the database and never leaves it).
# Defaults to a key derived from SECRET_KEY; changing it makes new hashes
# differ from old ones.
AUDIT_IDENTITY_KEY = (
    env_str("AUDIT_IDENTITY_KEY", "")
    or hmac.new(SECRET_KEY.encode(), b"audit-identity-key", hashlib.sha256).hexdigest()
)

# Scheduling rules (scheduling/services/slots.py, selectors/search.py, services/booking/).
SLOT_HORIZON_WEEKS = env_int("SLOT_HORIZON_WEEKS", 12, minimum=1)
BOOKING_MIN_NOTICE_MINUTES = env_int("BOOKING_MIN_NOTICE_MINUTES", 120)
MAX_UPCOMING_BOOKINGS_PER_SPECIALTY = env_int("MAX_UPCOMING_BOOKINGS_PER_SPECIALTY", 2, minimum=1)
PATIENT_CANCELLATION_CUTOFF_HOURS = env_int("PATIENT_CANCELLATION_CUTOFF_HOURS", 24)
BOOKING_HOLD_MINUTES = env_int("BOOKING_HOLD_MINUTES", 10, minimum=1)
BOOKING_CONFIRMATION_ATTEMPTS = env_int("BOOKING_CONFIRMATION_ATTEMPTS", 5, minimum=1)
# Lists count first availability from the listing clock, which
# every task worker moves once a minute (scheduling.tasks.keep_listing_clock)
# to now + the minimum notice + this margin: it must exceed a minute and a beat.
AVAILABILITY_MARGIN_MINUTES = env_int("AVAILABILITY_MARGIN_MINUTES", 5, minimum=1)

# --- Persons' rights over their data (issue 25) ------------------------------------
# A patient record's identity and contact details are erased this many days
# after the end of its person's last appointment (manage.py erase_expired_patients,
# and every task worker once an hour); 0 turns the automatic erasure off.
PATIENT_RETENTION_DAYS = env_int("PATIENT_RETENTION_DAYS", 3 * 365)
# How long the link a patient asks for by mail (their appointments, their data) works.
PERSON_LINK_HOURS = env_int("PERSON_LINK_HOURS", 24, minimum=1)

# --- Notices to patients (issue 13) ------------------------------------------------
# Every mail and SMS leaves through a background task (Django's Tasks API, the
# django-tasks backport, database backend), enqueued once the change commits
# and retried on failure; reminders and the release of lapsed holds are tasks
# scheduled for their time. In development (`make run`) tasks run at once, in
# the process that enqueued them, after the commit; production runs
# `manage.py db_worker` (README).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASK_BACKEND = env_str(
    "TASK_BACKEND",
    "django_tasks.backends.immediate.ImmediateBackend"
    if DEBUG
    else "django_tasks_db.DatabaseBackend",
)
TASKS = {"default": {"BACKEND": TASK_BACKEND, "QUEUES": ["default"]}}
# The readiness check (config/health.py) reports the task worker late when a
# task waiting to run was due more than this long ago.
HEALTH_TASKS_LATE_MINUTES = env_int("HEALTH_TASKS_LATE_MINUTES", 10, minimum=1)
# The worker's heartbeat (outbox/worker.py): a worker silent for six beats is
# dead and the tasks it left RUNNING run again, up to TASK_ATTEMPTS times in
# all; a worker that cannot renew its lease for three beats stops itself.
# Every beat, it also releases the holds whose time has run out.
TASK_HEARTBEAT_SECONDS = env_int("TASK_HEARTBEAT_SECONDS", 5, minimum=1)
TASK_ATTEMPTS = env_int("TASK_ATTEMPTS", 3, minimum=1)
# Attempts of one notice, and the wait before the first retry (doubled each time).
NOTICE_ATTEMPTS = env_int("NOTICE_ATTEMPTS", 5, minimum=1)
NOTICE_RETRY_SECONDS = env_int("NOTICE_RETRY_SECONDS", 60, minimum=1)
# --- The hospital's other systems (issue 22): HL7 v2 SIU over MLLP, webhooks ---
# Endpoints are configured by staff in the admin (interfaces.Endpoint); these
# say how each message is sent. MSH-3/MSH-4 name the sender; PID-3's assigning
# authority names the namespace of the patient ids this platform gives.
HL7_SENDING_APPLICATION = env_str("HL7_SENDING_APPLICATION", "RDV")
HL7_SENDING_FACILITY = env_str("HL7_SENDING_FACILITY", "HOPITAL")
HL7_ASSIGNING_AUTHORITY = env_str("HL7_ASSIGNING_AUTHORITY", "RDV")
# One exchange (connect, send, ACK) may take this long; attempts of one
# message before it is a dead letter, and the first wait (doubled each time).
INTERFACE_TIMEOUT_SECONDS = env_int("INTERFACE_TIMEOUT_SECONDS", 10, minimum=1)
INTERFACE_ATTEMPTS = env_int("INTERFACE_ATTEMPTS", 10, minimum=1)
INTERFACE_RETRY_SECONDS = env_int("INTERFACE_RETRY_SECONDS", 30, minimum=1)
# Links in mail and SMS point here (tasks run outside any request).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured("SITE_URL is not set: the public address of the site, for links.")
# Reminders before an appointment: hours before, and how ("email" or "sms"),
# e.g. "48:email,24:sms". None is sent for an appointment booked inside its window.
APPOINTMENT_REMINDERS = [
    (int(hours), channel)
    for hours, channel in (
        item.split(":") for item in env_list("APPOINTMENT_REMINDERS", ["48:email", "24:sms"])
    )
]
if any(channel not in ("email", "sms") for _hours, channel in APPOINTMENT_REMINDERS):
    raise ImproperlyConfigured("APPOINTMENT_REMINDERS takes HOURS:email or HOURS:sms items")
# Text messages go through a backend like Django's mail backends (scheduling/sms.py).
SMS_BACKEND = env_str(
    "SMS_BACKEND",
    "scheduling.sms.ConsoleBackend" if DEBUG else "scheduling.sms.DisabledBackend",
)
SMS_FILE_PATH = VAR_DIR / "sms"
SMS_SENDER = env_str("SMS_SENDER", INSTITUTION_NAME[:11])
# Phone numbers typed without a country code are read as this country's.
PHONE_REGION = env_str("PHONE_REGION", "FR")
# The confirmation code can be sent again this many times per hold.
BOOKING_CODE_RESENDS = env_int("BOOKING_CODE_RESENDS", 3)
# How long a slot offered to the first in line of the waiting list stays held for them.
WAITLIST_OFFER_MINUTES = env_int("WAITLIST_OFFER_MINUTES", 120, minimum=1)


# --- Behind a TLS proxy, with several workers and servers (issue 11) ---------------
# Every variable here is opt-in; deploy/production.env.example sets them for a
# deployment behind a TLS-terminating reverse proxy, and the README explains each.

# The proxy terminates TLS and says so in a header ("HTTP_X_FORWARDED_PROTO");
# set only when the application is reachable through that proxy alone.
_PROXY_SSL_HEADER = env_str("SECURE_PROXY_SSL_HEADER", "")
if _PROXY_SSL_HEADER:
    if not _PROXY_SSL_HEADER.startswith("HTTP_"):
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER names the header as Django sees it, "
            f"e.g. HTTP_X_FORWARDED_PROTO, got {_PROXY_SSL_HEADER!r}"
        )
    SECURE_PROXY_SSL_HEADER = (_PROXY_SSL_HEADER, "https")
# The site's public origins ("https://rdv.hopital.fr"), for CSRF checks of form posts.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries start with https://, got {_origin!r}"
        )
# The health endpoint (config/health.py) is answered before any redirect.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Cookies go over HTTPS only in production (the language cookie too).
_SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = _SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
# Kept a year: the staff pages follow it (config.middleware.StaffLanguageMiddleware);
# the public site follows its URL (/ or /en/), never the cookie.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
# SITE_URL (above): links in mail and SMS; patients reach the site over HTTPS.
if not SITE_URL.startswith("https://") and not DEBUG:
    raise ImproperlyConfigured(f"SITE_URL must start with https:// in production, got {SITE_URL!r}")

# The file-based mail backend (django.core.mail.backends.filebased) writes here.
if env_str("EMAIL_FILE_PATH", ""):
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "")

# The client's address (config/proxy.py): from X-Forwarded-For, TRUSTED_PROXY_HOPS
# entries from the right, only on requests from TRUSTED_PROXY_ADDRESSES. 0: the
# header is ignored and the client is REMOTE_ADDR (no proxy in front).
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 0)
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES", ["127.0.0.1", "::1"])
for _proxy in TRUSTED_PROXY_ADDRESSES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXY_ADDRESSES must list addresses or networks, got {_proxy!r}"
        ) from None
RATELIMIT_IP_META_KEY = "config.proxy.client_address"
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_address"

# Shared counters: rate limits count in this cache. With several workers or
# servers they must share it and increment atomically: Redis, through Django's
# own RedisCache (REDIS_URL). Without it, local memory, right for one process
# only (`make run`); django-ratelimit's system check refuses it in production.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL must start with redis://, rediss:// or unix://, got {REDIS_URL!r}"
        )
    # When Redis does not answer within the timeout, the counters go to this
    # process's memory and Redis is left alone for REDIS_RETRY_SECONDS
    # (config/cache.py): a Redis that is down or frozen slows no page.
    _redis_timeout = env_int("REDIS_TIMEOUT_MILLISECONDS", 250, minimum=1) / 1000
    CACHES = {
        "default": {
            "BACKEND": "config.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "hospital-scheduling"),
            "OPTIONS": {
                "socket_connect_timeout": _redis_timeout,
                "socket_timeout": _redis_timeout,
                "RETRY_SECONDS": env_int("REDIS_RETRY_SECONDS", 5, minimum=1),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hospital-scheduling",
        }
    }
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit 4.1 lists django-redis but not Django's own RedisCache
    # as supported (jsocol/django-ratelimit#283), although it increments
    # atomically with Redis INCR; its error on a cache that is not shared
    # (E003) stays on for every other backend.
    "django_ratelimit.W001",
]
if not REDIS_URL and DEBUG:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")  # one development process

# Login throttling (django-axes, config/login_throttle.py). Within
# LOGIN_COOLOFF_MINUTES a login is refused after LOGIN_FAILURE_LIMIT failures of
# one username from one address; after LOGIN_ADDRESS_FAILURE_LIMIT failures from
# one address, whatever the usernames (spraying); and after
# LOGIN_ACCOUNT_FAILURE_LIMIT failures of one username from any addresses
# (a distributed guess), except from the addresses that account has already
# signed in from, so that an attacker cannot lock staff out of their own accounts.
AXES_HANDLER = "config.login_throttle.LoginThrottleHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 10, minimum=1)
LOGIN_KNOWN_ADDRESS_DAYS = env_int("LOGIN_KNOWN_ADDRESS_DAYS", 90, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Logs: JSON lines in production (python-json-logger), each carrying the
# request id that the audit trail records (audit/log_context.py); text in development.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "audit.log_context.RequestIdFilter"},
        # Private links' tokens and secrets out of every line (config/log_redaction.py).
        "redact": {"()": "config.log_redaction.RedactSecretsFilter"},
    },
    "formatters": {
        "json": {
            "()": "audit.log_context.json_formatter",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; failures and lockouts are WARNING.
    # runserver's request lines through the same handler (its own has no redaction).
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
