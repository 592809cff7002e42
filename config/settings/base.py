"""Settings shared by every environment. Values come from environment variables."""

from pathlib import Path

import dj_database_url

from config.settings.env import env_bool, env_int, env_json_dict, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("MAILLAGE_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # dsfr before django.forms: its form widget templates must win with TemplatesSetting.
    "dsfr",
    "django.forms",
    "widget_tweaks",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "maillage.core",
    "maillage.territory",
    "maillage.accounts",
    "maillage.childcare",
    "maillage.families",
    "maillage.occasional",
    "maillage.outcomes",
    "maillage.jobs",
    "maillage.staffing",
    "maillage.observatory",
    "maillage.api",
    "maillage.privacy",
    "maillage.onboarding",
    "maillage.registers",
    "maillage.relais",
    "axes",
]

MIDDLEWARE = [
    "maillage.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "maillage.core.security.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "maillage.core.security.PermissionsPolicyMiddleware",
    # Last: it turns a login refused for too many failures into the French lockout page.
    "axes.middleware.AxesMiddleware",
]
# Headers and sessions (issue 14): no framing, a strict referrer, no MIME sniffing; a session
# ends after SESSION_IDLE_SECONDS without a request (core.security.SessionIdleTimeoutMiddleware).
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "maillage.core.context_processors.site",
            ],
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# SQLite file by default (embedded, no server); PostgreSQL when DATABASE_URL is set.
_DATABASE_URL = env_str("DATABASE_URL", "")
if _DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            _DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Bound every statement and lock wait so that a stuck request never holds rows forever.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT_MS', 30000)}"
            f" -c lock_timeout={env_int('DATABASE_LOCK_TIMEOUT_MS', 10000)}"
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "maillage.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN: concurrent writers queue instead of
                # failing on lock upgrade, which is what makes capacity checks safe on SQLite.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS: list[Path] = []

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@maillage.local>")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "maillage.api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Maillage",
    "DESCRIPTION": "Places d'accueil du jeune enfant, besoins des familles, observatoire.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "maillage.api.schema.add_error_responses",
    ],
}
# Requests per minute per API token (or per address without one): beyond, a French 429.
MAILLAGE_API_RATE = env_str("MAILLAGE_API_RATE", "600/min")

# Look of the site: the DSFR is reserved to State services and operators (CNAF, France Travail).
# A département or a commune deploying Maillage sets MAILLAGE_THEME=neutral.
MAILLAGE_THEME = env_str("MAILLAGE_THEME", "dsfr")
MAILLAGE_SITE_NAME = env_str("MAILLAGE_SITE_NAME", "Maillage")
MAILLAGE_SITE_TAGLINE = env_str(
    "MAILLAGE_SITE_TAGLINE", "Trouver un mode d'accueil, travailler dans la petite enfance"
)
MAILLAGE_OPERATOR_NAME = env_str("MAILLAGE_OPERATOR_NAME", "République\nFrançaise")
MAILLAGE_OPERATOR_LOGO = env_str("MAILLAGE_OPERATOR_LOGO", "")
MAILLAGE_CONTACT_EMAIL = env_str("MAILLAGE_CONTACT_EMAIL", "contact@maillage.local")
# Absolute links in emails sent outside a request (tasks, commands).
MAILLAGE_BASE_URL = env_str("MAILLAGE_BASE_URL", "http://127.0.0.1:8000")

# MAILLAGE_LOG_FORMAT=json (production, compose.yaml) writes one JSON object per line; every
# line carries the request id (X-Request-ID, echoed on the response; "-" outside a request).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "maillage.core.observability.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "maillage.core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("MAILLAGE_LOG_FORMAT", "plain"),
            "filters": ["request_id"],
        }
    },
    "loggers": {
        "maillage": {"handlers": ["console"], "level": env_str("MAILLAGE_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Some django-dsfr components pass their content through mark_safe when this is True: user data
# would then be rendered as HTML. Content is escaped unless a template marks it safe itself.
DSFR_CONTENT_IS_SAFE = False

# Map tiles for Leaflet: empty means no background tiles (maps and lists work offline).
MAILLAGE_MAP_TILE_URL = env_str("MAILLAGE_MAP_TILE_URL", "")
MAILLAGE_MAP_TILE_ATTRIBUTION = env_str("MAILLAGE_MAP_TILE_ATTRIBUTION", "")
# Statistics never show a cell counting fewer people than this.
MAILLAGE_SMALL_CELL_THRESHOLD = env_int("MAILLAGE_SMALL_CELL_THRESHOLD", 11)
# A childminder's availability older than this sinks in the ranking and triggers a reminder.
MAILLAGE_AVAILABILITY_STALE_DAYS = env_int("MAILLAGE_AVAILABILITY_STALE_DAYS", 30)
# How many providers a family may contact at once for one need.
MAILLAGE_MAX_CONTACT_REQUESTS = env_int("MAILLAGE_MAX_CONTACT_REQUESTS", 5)
# Messages of a request's thread: at most COUNT per user within SECONDS (a French message).
MAILLAGE_MESSAGE_RATE = (
    env_int("MAILLAGE_MESSAGE_RATE_COUNT", 10),
    env_int("MAILLAGE_MESSAGE_RATE_SECONDS", 600),
)
# A place held for a visit stays held this many hours after the visit, then is released.
MAILLAGE_PLACE_HOLD_HOURS_AFTER_VISIT = env_int("MAILLAGE_PLACE_HOLD_HOURS_AFTER_VISIT", 48)
# How far ahead occasional care (interview, training day, trial week) may be asked for.
MAILLAGE_OCCASIONAL_HORIZON_DAYS = env_int("MAILLAGE_OCCASIONAL_HORIZON_DAYS", 14)
# How long the emailed return-to-work questionnaire link stays valid.
MAILLAGE_OUTCOME_LINK_MAX_AGE_DAYS = env_int("MAILLAGE_OUTCOME_LINK_MAX_AGE_DAYS", 30)
# Address geocoder: empty = offline (the commune's centroid); an online adapter is opt-in.
MAILLAGE_GEOCODER = env_str("MAILLAGE_GEOCODER", "")
# Minutes before the next ranked pool members are offered an unfilled substitute request.
MAILLAGE_SUBSTITUTE_WAVE_MINUTES = env_int("MAILLAGE_SUBSTITUTE_WAVE_MINUTES", 30)

# Public search without an account: at most COUNT searches per client address within SECONDS
# (a French message and HTTP 429 beyond). Behind reverse proxies: MAILLAGE_TRUSTED_PROXY_COUNT.
MAILLAGE_PUBLIC_SEARCH_RATE = (
    env_int("MAILLAGE_PUBLIC_SEARCH_RATE_COUNT", 30),
    env_int("MAILLAGE_PUBLIC_SEARCH_RATE_SECONDS", 60),
)
# Anonymous visitors of the observatory and the public search are served a page rendered for
# another one under the same data version, per process (`core.page_cache`).
MAILLAGE_PAGE_CACHE = env_bool("MAILLAGE_PAGE_CACHE", True)
# Each process reads the providers' index versions at most this often (seconds; 0: at every
# search): a provider's change shows everywhere within this delay (families.engine_records).
MAILLAGE_INDEX_STAMP_SECONDS = env_int("MAILLAGE_INDEX_STAMP_SECONDS", 1)
# Once a providers' index is built, exempt it from the cyclic garbage collector (core.gc_tuning).
MAILLAGE_GC_FREEZE = env_bool("MAILLAGE_GC_FREEZE", True)

# A cache shared by every worker process, with nothing to install: a table in the database.
CACHES = {
    "default": {
        "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env_str("CACHE_LOCATION", "maillage_cache"),
        "TIMEOUT": env_int("CACHE_TIMEOUT", 3600),
    },
    # The site's unchanging chrome (header, footer), rendered once per process (layout/base.html).
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "maillage-fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# A territory's cotation for commissions: {situation: points}, e.g.
# '{"job_seeker": 30, "single_parent": 20}'. Unset: the default grid of childcare/cotation.py.
MAILLAGE_COTATION_GRID = env_json_dict("MAILLAGE_COTATION_GRID")
# Per-département grids that replace it there: {"93": {"job_seeker": 30, ...}} (checked at
# startup with the common one: childcare.E101–E104).
MAILLAGE_COTATION_GRIDS = env_json_dict("MAILLAGE_COTATION_GRIDS")
# Commissions with more candidates than this run as a background task.
MAILLAGE_COMMISSION_INLINE_MAX = env_int("MAILLAGE_COMMISSION_INLINE_MAX", 300)

# Production stack (issue 14) --------------------------------------------------------------------
# Static files are served by the application itself (WhiteNoise), compressed and hashed in
# production (config.settings.prod); `make prod-check` runs collectstatic.
WHITENOISE_MAX_AGE = env_int("WHITENOISE_MAX_AGE", 3600)

# Content-Security-Policy (django-csp 4): no inline script, no eval, no inline style, nothing
# from another origin except map tiles when MAILLAGE_MAP_TILE_URL names a server. htmx is told
# not to inject its indicator <style> (meta htmx-config in layout/base.html).
_TILE_ORIGIN = ""
if MAILLAGE_MAP_TILE_URL.startswith(("https://", "http://")):
    _scheme, _rest = MAILLAGE_MAP_TILE_URL.split("://", 1)
    _TILE_ORIGIN = f"{_scheme}://{_rest.split('/', 1)[0]}".replace("{s}", "*")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): failures are counted per account and per address; at
# AXES_FAILURE_LIMIT either is locked for AXES_COOLOFF_MINUTES, whatever the password. A
# successful login does not reset the count of the address (a slow guesser holding one valid
# account is still held off). Password-reset requests are throttled by accounts.throttle.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind N reverse proxies (MAILLAGE_TRUSTED_PROXY_COUNT=N), the client address is the N-th
# X-Forwarded-For entry from the right (accounts.throttle.client_ip); 0: REMOTE_ADDR.
# One setting for every per-client limit (login, password reset, public search); the older
# name MAILLAGE_TRUSTED_PROXIES is still read.
MAILLAGE_TRUSTED_PROXY_COUNT = env_int(
    "MAILLAGE_TRUSTED_PROXY_COUNT", env_int("MAILLAGE_TRUSTED_PROXIES", 0)
)
AXES_CLIENT_IP_CALLABLE = "maillage.accounts.throttle.client_ip"
AXES_COOLOFF_MESSAGE = (
    "Trop de tentatives de connexion : ce compte ou cette adresse est bloqué pour quelques "
    "minutes. Réessayez plus tard ou réinitialisez votre mot de passe."
)
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE
# Password-reset requests: at most COUNT per address and per e-mail within SECONDS.
MAILLAGE_PASSWORD_RESET_RATE = (
    env_int("MAILLAGE_PASSWORD_RESET_RATE_COUNT", 5),
    env_int("MAILLAGE_PASSWORD_RESET_RATE_SECONDS", 3600),
)

# Health and background tasks: /sante/ answers 503 when the oldest task waiting to run is older
# than this (no worker running); a task RUNNING for longer than MAILLAGE_TASK_STALE_MINUTES is
# considered abandoned by a dead worker and retried up to MAILLAGE_TASK_MAX_ATTEMPTS claims
# (core.task_recovery).
MAILLAGE_HEALTH_QUEUE_MAX_AGE_SECONDS = env_int("MAILLAGE_HEALTH_QUEUE_MAX_AGE_SECONDS", 900)
MAILLAGE_TASK_STALE_MINUTES = env_int("MAILLAGE_TASK_STALE_MINUTES", 30)
MAILLAGE_TASK_MAX_ATTEMPTS = env_int("MAILLAGE_TASK_MAX_ATTEMPTS", 2)
# The load balancer probes /sante/ over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]

# Provider register imports (docs/imports.md): largest file accepted, in bytes.
MAILLAGE_IMPORT_MAX_BYTES = env_int("MAILLAGE_IMPORT_MAX_BYTES", 200 * 1024 * 1024)
# Where uploaded register files wait between the preview and the import.
MAILLAGE_IMPORT_DIR = Path(env_str("MAILLAGE_IMPORT_DIR", str(VAR_DIR / "imports")))
# Above this many bytes, an import from the web page runs on the task worker.
MAILLAGE_IMPORT_INLINE_MAX_BYTES = env_int("MAILLAGE_IMPORT_INLINE_MAX_BYTES", 2 * 1024 * 1024)
