"""The curators' pages outside the admin, under /curate/."""

from django.urls import path

from archivist.curation import views

app_name = "curation"
urlpatterns = [
    path("review/", views.review_queue, name="review"),
]
