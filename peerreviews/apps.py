from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeerreviewsConfig(AppConfig):
    name = "peerreviews"
    verbose_name = _("Peer reviews")
