from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "toptechniek.common"
    label = "common"
