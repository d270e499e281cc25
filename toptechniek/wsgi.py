import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toptechniek.settings")
application = get_wsgi_application()

from toptechniek.startup import refuse_insecure_secret_key  # noqa: E402 - after the settings are configured

refuse_insecure_secret_key()  # gunicorn and runserver load this module: neither serves on the development key
