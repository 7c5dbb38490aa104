"""kentsend settings: read from the environment only (every variable is in .env.example).

Production differs from development only by variables. With DEBUG unset the secure
defaults apply (HTTPS-only cookies, HSTS, SSL redirect); `make run` sets DEBUG=true.
"""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="development-only-secret-key-never-use-in-production"
    )
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# The council running the service, shown in the header; nothing in the code assumes Kent.
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Your council")
# How families reach the council: printed on letters and the public pages (common.council).
COUNCIL_ADDRESS = env.str(
    "COUNCIL_ADDRESS", default="SEN Team, County Hall, 1 High Street, Anytown, AN1 1AA"
)
COUNCIL_PHONE = env.str("COUNCIL_PHONE", default="0300 000 0000")
COUNCIL_EMAIL = env.str("COUNCIL_EMAIL", default="sen@example.gov.uk")
COUNCIL_WEBSITE = env.str("COUNCIL_WEBSITE", default="https://www.example.gov.uk/send")
# The council's local authority code in the schools register (GIAS `LA (code)`, 886 for
# Kent): the register import keeps that LA's schools. Blank: each import names its LA.
COUNCIL_LA_CODE = env.str("COUNCIL_LA_CODE", default="")
# Families (DESIGN section 9): how many days after a plan ceases its family may still read
# the letters sent to them (and nothing else).
FAMILY_READ_AFTER_CEASE_DAYS = env.int("FAMILY_READ_AFTER_CEASE_DAYS", default=90)
# How many working days (Monday to Friday) the case officer has to answer a family's question;
# unanswered after that, it shows in the officer's worklist as overdue.
FAMILY_QUESTION_ANSWER_DAYS = env.int("FAMILY_QUESTION_ANSWER_DAYS", default=5)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "import_export",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "csp",
    "corsheaders",
    "accounts",
    "audit",
    "common",
    "organisation",
    "casework",
    "caseload",
    "reviews",
    "localoffer",
    "volunteers",
    "documents",
    "qa",
    "contributions",
    "reporting",
    "workbench",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "accounts.middleware.FamilyPageReadMiddleware",
    "accounts.middleware.DenyByDefaultMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the headers' middleware, so that its 400 carries them too.
    "kentsend.middleware.RefuseNulInAddressMiddleware",
    # Last, so that it sees the result of authentication (django-axes requirement).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kentsend.urls"
WSGI_APPLICATION = "kentsend.wsgi.application"

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
                "csp.context_processors.nonce",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------
# PostgreSQL is the only database; `make run` and `make test` provide an embedded one when
# DATABASE_URL is unset (docs/decisions/0001-embedded-postgres-and-redis.md).
if "DATABASE_URL" not in env:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Use `make run` or `make test`, which start an embedded "
        "PostgreSQL, or set DATABASE_URL=postgres://user@host:5432/kentsend."
    )
DATABASES = {"default": env.db_url("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica of DATABASE_URL (docs/decisions/0028): only reads that tolerate a little lag
# and say so (common.replica.reading_from_replica) go there; writes never do.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must point at PostgreSQL (postgres://...)."
        )
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    # Tests read the test database through it, rather than create a second one.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["common.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if "REDIS_URL" not in env:
    raise ImproperlyConfigured(
        "REDIS_URL is not set. Use `make run` or `make test`, which start an embedded Redis, "
        "or set REDIS_URL=redis://host:6379/0."
    )
REDIS_URL = env.str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="kentsend"),
    }
}


def celery_broker_url(redis_url: str) -> str:
    """Celery (kombu) spells a Redis unix socket `redis+socket://`; redis-py spells it `unix://`."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it ends, and given back to the queue if its worker dies under it,
# so a killed worker loses no job (each job counts its attempts and gives up after a few).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
# Named queues, so that a council can run and scale a worker for each kind of work
# (docs/decisions/0028): what a person waits for, imports, PDFs, the link checker, and the
# scheduled work. Every task is routed to one of them (a test checks every task); a worker
# started without -Q consumes them all, as `make run` and the tests' workers do.
TASK_QUEUE_NAMES = ("interactive", "imports", "pdfs", "link_checks", "nightly")
CELERY_TASK_QUEUES = [Queue(name, Exchange(name), routing_key=name) for name in TASK_QUEUE_NAMES]
CELERY_TASK_DEFAULT_QUEUE = "interactive"
CELERY_TASK_CREATE_MISSING_QUEUES = False
CELERY_TASK_ROUTES = {
    "kentsend.heartbeat": {"queue": "interactive"},
    "kentsend.sweep_stuck_jobs": {"queue": "interactive"},
    "common.retry_email": {"queue": "interactive"},
    "common.retry_due_emails": {"queue": "interactive"},
    "volunteers.close_conflicted_assignments": {"queue": "interactive"},
    "casework.check_import": {"queue": "imports"},
    "casework.run_import": {"queue": "imports"},
    "localoffer.check_service_import": {"queue": "imports"},
    "localoffer.run_service_import": {"queue": "imports"},
    "reporting.render_board_report": {"queue": "pdfs"},
    "documents.render_decision_letter": {"queue": "pdfs"},
    "localoffer.check_links": {"queue": "link_checks"},
    "reporting.refresh_current_figures": {"queue": "nightly"},
    "reporting.take_daily_snapshot": {"queue": "nightly"},
    "reviews.recompute_deadlines": {"queue": "nightly"},
    "reviews.send_alert_digests": {"queue": "nightly"},
    "common.forget_old_emails": {"queue": "nightly"},
    "volunteers.resume_paused_agreements": {"queue": "nightly"},
    "contributions.send_advice_reminders": {"queue": "nightly"},
    "contributions.tell_families_of_missed_deadlines": {"queue": "nightly"},
    "localoffer.send_freshness_reminders": {"queue": "nightly"},
}
# The hard time limit of each job the worker runs for a person (seconds); its soft limit is 30
# seconds less, so the job can record why it stopped.
JOB_TIME_LIMITS = {
    "caseload_check": env.int("JOB_TIME_LIMIT_CASELOAD_CHECK", default=360),
    "caseload_import": env.int("JOB_TIME_LIMIT_CASELOAD_IMPORT", default=660),
    "board_report": env.int("JOB_TIME_LIMIT_BOARD_REPORT", default=150),
    "decision_letter": env.int("JOB_TIME_LIMIT_DECISION_LETTER", default=120),
    "service_import_check": env.int("JOB_TIME_LIMIT_SERVICE_IMPORT_CHECK", default=300),
    "service_import": env.int("JOB_TIME_LIMIT_SERVICE_IMPORT", default=300),
}
# A job that has been delivered this many times without finishing is failed, not retried.
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
# The sweeper (beat) fails or re-queues jobs that have not moved for longer than their limit.
JOB_SWEEP_INTERVAL_SECONDS = env.int("JOB_SWEEP_INTERVAL_SECONDS", default=60)
# An unacknowledged task goes back to the queue after this long; it must exceed every task's
# hard time limit, or a slow task would be run twice at once (a test checks every task).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 5,
    "socket_timeout": 30,
}
# With the broker down, a request gives up queuing after about three seconds (and the job
# says so) instead of hanging.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0.5,
    "interval_step": 1,
    "interval_max": 1,
}

# The worker is healthy while its last heartbeat is younger than this.
HEARTBEAT_INTERVAL_SECONDS = env.int("HEARTBEAT_INTERVAL_SECONDS", default=15)
HEARTBEAT_MAX_AGE_SECONDS = env.int("HEARTBEAT_MAX_AGE_SECONDS", default=90)

# --- Caseload import ---------------------------------------------------------------------------
# A file is limited by its rows; the byte limit only has to let the largest caseload through
# (a 750,000-row CSV of the section 6 columns is about 90 MB; docs/decisions/0029).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=750_000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=150_000_000)
# How many rows of each outcome (new, changed, unchanged, error) an import's report lists.
IMPORT_REPORT_ROWS = env.int("IMPORT_REPORT_ROWS", default=1_000)
# Every imported CSV or XLSX file (caseload and Local Offer) is read in a child process within
# these bounds, and refused with a message past any of them (docs/decisions/0006).
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=200)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=300_000_000)
IMPORT_MAX_COMPRESSION_RATIO = env.int("IMPORT_MAX_COMPRESSION_RATIO", default=100)
IMPORT_PARSE_MEMORY_MB = env.int("IMPORT_PARSE_MEMORY_MB", default=1_000)
IMPORT_PARSE_SECONDS = env.int("IMPORT_PARSE_SECONDS", default=180)

# --- Documents ----------------------------------------------------------------------------------
# Case paperwork and letters: outside the web root, under generated names, served only
# through an access-checked view. Web and worker must share this directory.
DOCUMENTS_ROOT = Path(
    env.str(
        "DOCUMENTS_ROOT",
        default=str(BASE_DIR / env.str("KENTSEND_LOCAL_DIR", default=".local") / "documents"),
    )
)
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20_000_000)

# --- Authentication ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# An OpenID Connect backend is added here, after axes, without touching any view.
# Staff sign in with their password; family members (who have none) by FAMILY_SIGN_IN:
# `code`, a one-time code emailed to them (accounts.sign_in_codes), or `oidc`, an OpenID
# Connect provider such as GOV.UK One Login, whose backend (FAMILY_SIGN_IN_BACKEND, a dotted
# path) and start page (FAMILY_SIGN_IN_URL) are given (docs/decisions/0023).
FAMILY_SIGN_IN = env.str("FAMILY_SIGN_IN", default="code")
if FAMILY_SIGN_IN == "code":
    FAMILY_SIGN_IN_BACKEND = "accounts.sign_in_codes.SignInCodeBackend"
    FAMILY_SIGN_IN_URL = "/sign-in/family/"
elif FAMILY_SIGN_IN == "oidc":
    FAMILY_SIGN_IN_BACKEND = env.str("FAMILY_SIGN_IN_BACKEND", default="")
    FAMILY_SIGN_IN_URL = env.str("FAMILY_SIGN_IN_URL", default="")
    if not (FAMILY_SIGN_IN_BACKEND and FAMILY_SIGN_IN_URL):
        raise ImproperlyConfigured(
            "FAMILY_SIGN_IN=oidc needs FAMILY_SIGN_IN_BACKEND and FAMILY_SIGN_IN_URL"
        )
else:
    raise ImproperlyConfigured("FAMILY_SIGN_IN must be code or oidc")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.sign_in_codes.StaffPasswordBackend",
    FAMILY_SIGN_IN_BACKEND,
]
# The emailed code: how long it works, how many wrong tries end it; how many codes one
# address may be sent in SIGN_IN_CODES_PERIOD_MINUTES, and one network in an hour; an
# address whose codes were ended by wrong tries SIGN_IN_CODE_LOCKOUTS_BEFORE_BLOCK times in
# SIGN_IN_CODE_BLOCK_MINUTES is sent no code until then. django-axes' lockout applies too.
SIGN_IN_CODE_MINUTES = env.int("SIGN_IN_CODE_MINUTES", default=10)
SIGN_IN_CODE_MAX_FAILURES = env.int("SIGN_IN_CODE_MAX_FAILURES", default=5)
SIGN_IN_CODES_PER_ADDRESS = env.int("SIGN_IN_CODES_PER_ADDRESS", default=3)
SIGN_IN_CODES_PERIOD_MINUTES = env.int("SIGN_IN_CODES_PERIOD_MINUTES", default=15)
SIGN_IN_CODES_PER_NETWORK_HOUR = env.int("SIGN_IN_CODES_PER_NETWORK_HOUR", default=30)
SIGN_IN_CODE_LOCKOUTS_BEFORE_BLOCK = env.int("SIGN_IN_CODE_LOCKOUTS_BEFORE_BLOCK", default=3)
SIGN_IN_CODE_BLOCK_MINUTES = env.int("SIGN_IN_CODE_BLOCK_MINUTES", default=60)
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The client address is REMOTE_ADDR unless NUM_PROXIES proxies (that append to
# X-Forwarded-For) stand in front of the service; then it is the address the outermost of
# them saw. One rule (accounts.access.client_address) for the lockout, the API's throttles
# and the forms' rate limits, so that a forged X-Forwarded-For changes none of them.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# Lockout: AXES_FAILURE_LIMIT failures for one account from one address, or
# AXES_ADDRESS_FAILURE_LIMIT failures for any accounts from one address (password
# spraying), lock sign-in from that address for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.lockout.AddressAwareHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.access.client_address"
AXES_USERNAME_CALLABLE = "accounts.access.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.access.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Never store a typed sign-in code with a failed attempt's record.
AXES_SENSITIVE_PARAMETERS = ["code"]

# API tokens (django-rest-knox, docs/decisions/0007-expiring-hashed-api-tokens.md): one per
# request for one, kept as a digest, ending after API_TOKEN_IDLE_HOURS without use and
# API_TOKEN_MAX_AGE_DAYS after it was issued, however much it is used.
API_TOKEN_IDLE = timedelta(hours=env.int("API_TOKEN_IDLE_HOURS", default=8))
API_TOKEN_MAX_AGE = timedelta(days=env.int("API_TOKEN_MAX_AGE_DAYS", default=30))
REST_KNOX = {
    "TOKEN_TTL": API_TOKEN_IDLE,
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": API_TOKEN_MAX_AGE,
    "MIN_REFRESH_INTERVAL": 60,
    "AUTH_HEADER_PREFIX": "Token",
}

# Idle timeout: every signed-in request renews a 30-minute session.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # renewed once a minute: accounts.middleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- HTTPS and browser security (secure unless DEBUG) ------------------------------------------
SECURE = env.bool("SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Email -------------------------------------------------------------------------------------
if DEBUG:
    vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
else:
    vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Manage EHCP annual reviews <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every email goes through common.notices, which sends it by SMTP (Django's backend above, the
# default) or by GOV.UK Notify, records it, and retries a failure (docs/decisions/0020).
EMAIL_PROVIDER = env.str("EMAIL_PROVIDER", default="smtp")
if EMAIL_PROVIDER not in {"smtp", "notify"}:
    raise ImproperlyConfigured("EMAIL_PROVIDER must be smtp or notify")
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
# One Notify email template whose subject is ((subject)) and whose body is ((body)); a kind of
# email may have its own (NOTIFY_TEMPLATE_IDS=alert_digest=<id>,password_reset=<id>), given the
# same two fields.
NOTIFY_TEMPLATE_ID = env.str("NOTIFY_TEMPLATE_ID", default="")
NOTIFY_TEMPLATE_IDS: dict[str, str] = {}
for _pair in filter(None, env.str("NOTIFY_TEMPLATE_IDS", default="").split(",")):
    _kind, _, _template_id = _pair.strip().partition("=")
    if not (_kind and _template_id):
        raise ImproperlyConfigured("NOTIFY_TEMPLATE_IDS is kind=template id, separated by commas")
    NOTIFY_TEMPLATE_IDS[_kind.strip()] = _template_id.strip()
NOTIFY_REPLY_TO_ID = env.str("NOTIFY_REPLY_TO_ID", default="")
NOTIFY_TIMEOUT_SECONDS = env.int("NOTIFY_TIMEOUT_SECONDS", default=30)
if EMAIL_PROVIDER == "notify" and not (NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID):
    raise ImproperlyConfigured("EMAIL_PROVIDER=notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID")
# A failed send is tried again after EMAIL_RETRY_SECONDS, then 4 times longer each time, up to
# EMAIL_MAX_ATTEMPTS tries in all; then it is failed, and the managers' email page shows it.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=5)
EMAIL_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=60)
# The record of an email sent or failed (address, subject, outcome) is deleted after this.
EMAIL_KEEP_DAYS = env.int("EMAIL_KEEP_DAYS", default=90)

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Only the fonts and images; the compiled CSS and JS are in static/build (npm run build).
    ("assets", NODE_MODULES / "govuk-frontend/dist/govuk/assets"),
    ("moj/assets", NODE_MODULES / "@ministryofjustice/frontend/moj/assets"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MANIFEST_STRICT = False

# --- Locale ------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Long dates and 24-hour times wherever a date or time is shown without its own format.
FORMAT_MODULE_PATH = ["kentsend.formats"]

# --- Forms and API -----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

REST_FRAMEWORK = {
    # Token first, so that an anonymous request gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "common.pagination.Pagination",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "kentsend API",
    "DESCRIPTION": "Manage EHCP annual reviews: plans, reviews, volunteers and quality assurance.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "StepStateEnum": "reviews.models.STEP_STATE_CHOICES",
        "CeaseReasonEnum": "casework.models.CeaseReason",
        "SchoolRecommendationEnum": "contributions.models.Recommendation",
        "SchoolReportStatusEnum": "contributions.models.ReportStatus",
        "ReviewStatusEnum": "reviews.models.ReviewStatus",
    },
    # Every operation's error answers (400, 401, 403, 404) documented in one place.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kentsend.api_schema.document_error_answers",
    ],
}

# --- The Local Offer ---------------------------------------------------------------------------
# The Open Referral feed is public data that any other service may read from a browser.
CORS_URLS_REGEX = r"^/openreferral/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
# The client address that the public forms' rate limits count by (see NUM_PROXIES).
RATELIMIT_IP_META_KEY = "accounts.access.client_address"
# Confirming a service is correct makes its next review due this many days later.
LOCALOFFER_REVIEW_INTERVAL_DAYS = env.int("LOCALOFFER_REVIEW_INTERVAL_DAYS", default=365)
# The nightly link checker: how many addresses it fetches at once; seconds to wait for a
# connection and for each read; how many times a timeout, connection error or 5xx answer is
# retried, waiting LINK_CHECK_BACKOFF_SECONDS and then twice as long each time; how many days
# before an address is checked again; and how many addresses one run checks at most.
LINK_CHECK_CONCURRENCY = env.int("LINK_CHECK_CONCURRENCY", default=8)
LINK_CHECK_CONNECT_TIMEOUT = env.float("LINK_CHECK_CONNECT_TIMEOUT", default=5.0)
LINK_CHECK_READ_TIMEOUT = env.float("LINK_CHECK_READ_TIMEOUT", default=10.0)
LINK_CHECK_RETRIES = env.int("LINK_CHECK_RETRIES", default=2)
LINK_CHECK_BACKOFF_SECONDS = env.float("LINK_CHECK_BACKOFF_SECONDS", default=1.0)
LINK_CHECK_INTERVAL_DAYS = env.int("LINK_CHECK_INTERVAL_DAYS", default=7)
LINK_CHECK_BATCH = env.int("LINK_CHECK_BATCH", default=500)
# Off, addresses on private, loopback or link-local networks are not fetched, so that the
# checker cannot be used to probe the council's own network.
LINK_CHECK_ALLOW_PRIVATE_NETWORKS = env.bool("LINK_CHECK_ALLOW_PRIVATE_NETWORKS", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "kentsend.log_filters.NoTracebackForClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint tells each step of each page it lays out; a board report is 26 pages.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
