from django.urls import path

from qa import moderation_views as views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.moderation_queue, name="queue"),
    path("moderation/agreement/", views.moderation_agreement, name="agreement"),
    path("moderation/<int:pk>/", views.moderation_detail, name="moderate"),
    path("moderation/<int:pk>/return/", views.moderation_return_to_volunteer, name="return"),
    path("moderation/pick/<int:checklist_id>/", views.moderation_pick_by_hand, name="pick"),
]
