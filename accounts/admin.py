from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    filter_horizontal = ["regions", "groups", "user_permissions"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Chiiki"), {"fields": ["role", "display_name", "regions"]}),
    ]
