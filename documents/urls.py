from django.urls import path

import casework.converters  # noqa: F401  (registers <plan_ref:...>, any stored reference)
from documents import letter_views, views

app_name = "documents"

urlpatterns = [
    path(
        "casework/plans/<plan_ref:plan_ref>/documents/new/",
        views.document_upload,
        name="upload",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/documents/<int:pk>/",
        views.document_view,
        name="view",
    ),
    path(
        "casework/plans/<plan_ref:plan_ref>/documents/<int:pk>/download/",
        views.document_download,
        name="download",
    ),
    path("manager/letters/", letter_views.letter_list, name="letters"),
    path("manager/letters/<str:decision>/", letter_views.letter_edit, name="letter-edit"),
    path(
        "manager/letters/<str:decision>/restore/",
        letter_views.letter_restore,
        name="letter-restore",
    ),
]
