"""The audits app's URLs, one module per area so each stays small."""

from .urls_grants import urlpatterns as grant_urls
from .urls_pdf import urlpatterns as pdf_urls
from .urls_reminders import urlpatterns as reminder_urls
from .urls_scoring import urlpatterns as scoring_urls
from .urls_visits import urlpatterns as visit_urls

app_name = "audits"

urlpatterns = [*scoring_urls, *pdf_urls, *reminder_urls, *grant_urls, *visit_urls]
