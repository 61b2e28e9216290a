"""The signed-in user's home, mounted at /home/."""

from __future__ import annotations

from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="index"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notification_read"),
    path("notifications/mail/", views.notification_mail, name="notification_mail"),
]
