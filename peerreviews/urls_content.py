"""URLs of a peer review's content: learning questions, outcomes, meetings, sessions, participants, reports.

Included by peerreviews/urls.py in the same namespace.
"""

urlpatterns = []
