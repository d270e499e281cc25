from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("programmes/<slug:slug>/analyses/", views.analysis_list, name="list"),
    path("programmes/<slug:slug>/years/<int:year>/analysis/", views.analysis_detail, name="detail"),
    path("programmes/<slug:slug>/years/<int:year>/analysis/edit/", views.analysis_edit, name="edit"),
    path("programmes/<slug:slug>/years/<int:year>/analysis/publish/", views.analysis_publish_view, name="publish"),
    path("programmes/<slug:slug>/years/<int:year>/analysis/pdf/", views.analysis_pdf, name="pdf"),
]
