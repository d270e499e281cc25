from django.conf import settings


def navigation(request):
    return {"SITE_NAME": "Toptechniek", "DEMO_MODE": settings.DEBUG}
