"""Cairn settings, read from the environment (12-factor).

With nothing set, Cairn runs on one machine: SQLite, Celery tasks in process,
console e-mail, DEBUG on. Set DJANGO_ENV=production (or DEBUG=false) for a
district deployment; it then refuses to start without SECRET_KEY and
CREDENTIAL_KEY_SECRET.
"""

import hashlib
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env.bool("DEBUG", default=not PRODUCTION)

_DEV_SECRET = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION or not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production settings refuse to start without it."
        )
    SECRET_KEY = _DEV_SECRET

# Encrypts issuers' Open Badges 3.0 signing keys at rest (badges.IssuerKey). Keep it
# apart from SECRET_KEY, the same for every process, and backed up: without it no new
# credential can be signed (those already issued still verify: public keys are stored
# in the clear). Production refuses to start without it.
CREDENTIAL_KEY_SECRET = env.str("CREDENTIAL_KEY_SECRET", default="")
if not CREDENTIAL_KEY_SECRET:
    if PRODUCTION or not DEBUG:
        raise ImproperlyConfigured(
            "CREDENTIAL_KEY_SECRET is not set. Production settings refuse to start without it."
        )
    # Development only: derived from SECRET_KEY, so stable across processes and restarts.
    CREDENTIAL_KEY_SECRET = hashlib.sha256(
        b"cairn credential key secret (development):" + SECRET_KEY.encode()
    ).hexdigest()
elif len(CREDENTIAL_KEY_SECRET) < 32:
    raise ImproperlyConfigured("CREDENTIAL_KEY_SECRET must be at least 32 characters long.")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    # Google, Microsoft Entra ID and OIDC sign in through accounts.sso.providers.oidc
    # (allauth's OpenID Connect, with the id_token always verified), Clever through
    # accounts.sso.providers.clever (its addresses per district); see accounts.sso.apps.
    "accounts.sso.providers.oidc",
    "accounts.sso.providers.clever",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",  # htmx itself, served from the package (no CDN)
    "core",
    "accounts",
    "competencies",
    "badges",
    "pathways",
    "evidence",
    "courses",
    "coaching",
    "console",
    "demo",
    "config.mfa",  # who must use two-factor authentication, and its middleware
]

MIDDLEWARE = [
    # First: a body over its cap is refused before anything reads it (core.middleware).
    "core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.mfa.middleware.MFARequiredMiddleware",
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
                "accounts.context_processors.site",
                "config.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation (PostgreSQL's `jit`, on by default): Cairn's queries are short
    # and indexed, but a big table's row estimates push a plan's cost past `jit_above_cost`,
    # and compiling it then takes longer than running it (240 ms of JIT for a 2 ms API
    # page at 500k submissions). DATABASE_PG_OPTIONS replaces this (libpq `options`).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", env.str("DATABASE_PG_OPTIONS", default="-c jit=off")
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# The default cache holds what must be shared by every process: sign-in, token and
# verify limits, and used one-time (TOTP) codes. CACHE_URL=redis://host:6379/1 uses
# Django's own Redis backend; without it, the database cache (table made by
# core/migrations/0005_cache_table.py), which every process using the database shares.
CACHE_TABLE = "cairn_cache"
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
    # django-environ passes KEY_PREFIX, TIMEOUT... to Django's Redis backend in lower
    # case (which it ignores): ?key_prefix=cairn would silently do nothing.
    for _option in ("timeout", "key_prefix", "version", "key_function"):
        if _option in CACHES["default"]:
            CACHES["default"][_option.upper()] = CACHES["default"].pop(_option)
else:
    # Django culls a database cache past MAX_ENTRIES (300 by default), which would let
    # anyone who fills it with keys wipe the counts: far more than limits need.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        }
    }
if PRODUCTION and CACHES["default"]["BACKEND"].rsplit(".", 2)[-2] in ("locmem", "dummy"):
    raise ImproperlyConfigured(
        "CACHE_URL names a per-process cache; rate limits would not hold across processes. "
        "Use redis://… or leave CACHE_URL unset for the database cache."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: e-mail and password, no usernames, verified e-mail.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
# Districts roster their people; open sign-up is off unless a district turns it on.
ACCOUNT_ALLOW_SIGNUP = env.bool("ACCOUNT_ALLOW_SIGNUP", default=False)
# Cairn's account adapter (accounts.adapters) with the two-factor login stage that counts a
# trusted identity provider's multi-factor sign-in (config.mfa.stages).
ACCOUNT_ADAPTER = "config.mfa.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
# Single sign-on (issue 11): each district's identity providers are rows of
# accounts.IdentityProvider, turned into allauth provider apps by the adapter
# (`accounts.sso`); none are configured here or in allauth's SocialApp table.
SOCIALACCOUNT_ADAPTER = "accounts.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # matching is Cairn's (accounts.sso.matching)
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
# SAML keeps the sign-in's NameID and AuthnContext too (accounts.sso.saml.provider).
SOCIALACCOUNT_PROVIDERS = {
    "saml": {"provider_class": "accounts.sso.saml.provider.CairnSAMLProvider"},
}
# SAML IdP metadata fetched by URL: private and loopback addresses are refused unless
# the district's IdP (AD FS, Shibboleth) serves it inside the district's own network.
SSO_METADATA_ALLOW_PRIVATE = env.bool("SSO_METADATA_ALLOW_PRIVATE", default=False)
# What allauth fetches for OpenID Connect, Google, Microsoft and Clever rows (discovery,
# keys, tokens with the client secret, Clever's API): https at public hosts only, unless
# set (plain http and private or loopback hosts allowed: a lab, the tests' own IdP).
SSO_ALLOW_PRIVATE = env.bool("SSO_ALLOW_PRIVATE", default=False)
# Two-factor authentication (allauth.mfa): authenticator apps (TOTP), passkeys and
# security keys (WebAuthn), and recovery codes. Who must use it: DistrictSettings.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Cairn")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool("MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=DEBUG)
MFA_ADAPTER = "config.mfa.adapters.MFAAdapter"  # secrets sealed at rest (core.secrets)
MFA_RECOVERY_CODES_SHOW_ONCE = True  # shown once when made; new ones replace them
LOGIN_REDIRECT_URL = "home"  # `/` sends each role on to the page it works from
LOGIN_URL = "account_login"
# Sign-in attempts are limited (the Django admin's login goes through allauth too, see
# core/admin.py): all attempts per IP, failed attempts per IP and, tighter, per address
# from that IP (the "key" is the address and the IP together, accounts.adapters), so
# that failing on someone's address elsewhere does not lock them out. The counts live
# in the default cache, shared by every process (see CACHES).
ACCOUNT_RATE_LIMITS = {
    "login": env.str("LOGIN_RATE_LIMIT", default="30/m/ip"),
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="20/m/ip,5/5m/key"),
}
# The client's IP for allauth's limits, read as DRF reads it for the API's (NUM_PROXIES).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("NUM_PROXIES", default=0)

# CASE packages fetched by URL: private and loopback addresses are refused unless a
# district serves its frameworks (OpenSALT, say) inside its own network.
CASE_FETCH_ALLOW_PRIVATE = env.bool("CASE_FETCH_ALLOW_PRIVATE", default=False)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="America/Boise")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Upload limits: badge images are small; evidence limits come with evidence/.
BADGE_IMAGE_MAX_BYTES = env.int("BADGE_IMAGE_MAX_BYTES", default=512 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cairn <no-reply@cairn.localhost>")

CELERY_TASK_ALWAYS_EAGER = not env.str("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Tokens, except for people who must use two-factor authentication (config.mfa).
        "config.mfa.api.MFATokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Every service refusal answers with its own status and code (core.errors).
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Keyset cursors (`next` / `previous` links), 50 a page, `page_size` up to 200.
    "DEFAULT_PAGINATION_CLASS": "core.pagination.api.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/minute"),
        "user": env.str("API_USER_RATE", default="1200/minute"),
        # Counted in the default cache (shared by every process): per account from
        # one IP, per IP whatever the account; verifying, per IP (page and API).
        "auth-token": env.str("API_TOKEN_RATE", default="5/minute"),
        "auth-token-ip": env.str("API_TOKEN_IP_RATE", default="30/minute"),
        "verify": env.str("VERIFY_RATE", default="60/minute"),
    },
    # Proxies in front of Cairn; with 0 the client address is REMOTE_ADDR, never a
    # client-supplied X-Forwarded-For.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cairn API",
    "DESCRIPTION": "Professional learning and micro-credentials for K-12 districts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
VERIFY_IMAGE_MAX_BYTES = env.int("VERIFY_IMAGE_MAX_BYTES", default=2 * 1024 * 1024)
# Signed Open Badges 3.0 documents (a credential per assertion and signing key, an
# endorsement) are kept in each process once signed: they never change for that key,
# and whether one is revoked is read from the database on every request. Hosted 2.0
# JSON and the revocation lists are not cached in process (badges.RevocationDocument).
CACHES["hosted"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "cairn-hosted",
    "OPTIONS": {"MAX_ENTRIES": 20000},
}

# Evidence uploads: checked by content; videos may be larger than other files.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=25 * 1024 * 1024)
EVIDENCE_VIDEO_MAX_BYTES = env.int("EVIDENCE_VIDEO_MAX_BYTES", default=500 * 1024 * 1024)
# A OneRoster package (zip or folder), as uploaded and once unpacked (accounts.oneroster).
ROSTER_UPLOAD_MAX_BYTES = env.int("ROSTER_UPLOAD_MAX_BYTES", default=200 * 1024 * 1024)
# The SIS's OneRoster API (accounts.oneroster.rest): private and loopback addresses are
# refused unless the district's SIS serves it inside its own network.
ROSTER_FETCH_ALLOW_PRIVATE = env.bool("ROSTER_FETCH_ALLOW_PRIVATE", default=False)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# CASE packages (competencies.case): bytes, CFItems (CFAssociations: 4x), JSON nesting
# and isChildOf depth; over any of them a package is refused before it is imported.
CASE_MAX_BYTES = env.int("CASE_MAX_BYTES", default=50 * 1024 * 1024)
CASE_MAX_ITEMS = env.int("CASE_MAX_ITEMS", default=100_000)
CASE_MAX_DEPTH = env.int("CASE_MAX_DEPTH", default=64)
# Request bodies (core.middleware): refused with 413 before they are read or spooled
# to disk when over MAX_REQUEST_BYTES, or over the larger cap of an upload URL (its
# file limit plus 1 MB for the rest of the form). Set the proxy's limit (nginx
# client_max_body_size) to the largest of these.
REQUEST_MAX_BYTES = env.int("MAX_REQUEST_BYTES", default=30 * 1024 * 1024)
_FORM_MARGIN = 1024 * 1024
REQUEST_MAX_BYTES_BY_URL = {
    "evidence:artifact-add-file": EVIDENCE_VIDEO_MAX_BYTES + _FORM_MARGIN,
    "api:submission-artifacts": EVIDENCE_VIDEO_MAX_BYTES + _FORM_MARGIN,
    "roster:import-upload": ROSTER_UPLOAD_MAX_BYTES + _FORM_MARGIN,
    "competencies:console-import-create": CASE_MAX_BYTES + _FORM_MARGIN,
}
# Seed for the deterministic moderation sample (same submission, same answer).
MODERATION_SEED = env.str("MODERATION_SEED", default="cairn-moderation")

# The district dashboard's stored figures (console.services.snapshots): older than
# this (seconds) they are refreshed; beat refreshes every district's default ranges
# this often.
DASHBOARD_MAX_AGE = env.int("DASHBOARD_MAX_AGE", default=15 * 60)

CELERY_BEAT_SCHEDULE = {
    "dashboard-snapshots": {
        "task": "console.tasks.refresh_dashboards",
        "schedule": float(DASHBOARD_MAX_AGE),
    },
    "reviewer-digests": {
        "task": "evidence.tasks.send_reviewer_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    # Every enabled SIS connection, pulled nightly (one task per district).
    "oneroster-nightly": {
        "task": "accounts.oneroster.tasks.roster_pull_nightly",
        "schedule": crontab(hour=2, minute=15),
    },
}
