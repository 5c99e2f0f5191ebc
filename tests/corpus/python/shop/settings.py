"""Django settings for the shop project (production defaults, overridden per environment)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# techlead-expect: python-hardcoded-password
SECRET_KEY = "django-insecure-7h#k2$w9@q!x3m8z&v5r"

# techlead-expect: python-django-debug-true
DEBUG = True

# techlead-expect: python-django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["shop.example.com", "*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "corsheaders",
    "shop",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        # techlead-safe
        "PASSWORD": os.environ["SHOP_DB_PASSWORD"],
        "HOST": os.environ.get("SHOP_DB_HOST", "localhost"),
    }
}

# techlead-expect: python-hardcoded-connection-string
CELERY_BROKER_URL = "amqp://shop:Zq81nVx0pW@rabbit.internal:5672//"
# techlead-safe
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "redis://localhost:6379/1")

# techlead-expect: python-session-cookie-insecure
SESSION_COOKIE_SECURE = False
# techlead-safe
SESSION_COOKIE_HTTPONLY = True
# techlead-safe
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SECURE = True

# techlead-expect: python-cors-wildcard-credentials
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


class LocalDevSettings:
    """Used by manage.py runserver on a laptop only."""

    # techlead-safe
    SESSION_COOKIE_SECURE = False
    # techlead-safe
    DEBUG = True


STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
