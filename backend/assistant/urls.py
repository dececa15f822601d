from django.urls import path

from assistant import views

app_name = "assistant"

urlpatterns = [
    path("chat/", views.chat, name="chat"),
    path("csrf/", views.csrf, name="csrf"),
    path("threads/<str:thread_id>/", views.thread, name="thread"),
    path("threads/<uuid:thread_id>/feedback/", views.feedback, name="feedback"),
    path("health/", views.health, name="health"),
]
