from django.urls import path

from localoffer import views

app_name = "localoffer"

urlpatterns = [
    path("local-offer/manage/", views.editor_home, name="editor-home"),
]
