"""The home page of each role: where a signed-in user lands after log-in.

Region staff see their reports by year and what to do next; officers an
inbox of what waits for them; reviewers their score sheets. The public (and
anyone without a role) keeps the dashboard.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import is_officer, is_region_user, is_reviewer
from home.models import MailOptOut
from home.queries import officer_inbox, region_reports, reviewer_evaluations
from reports.choices import ReportStatus

__all__ = ["home", "notification_list", "notification_mail", "notification_read"]

NOTIFICATIONS_PER_PAGE = 50


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    if not (is_officer(user) or is_region_user(user) or is_reviewer(user)):
        return redirect("dashboard:home")
    unread = user.notifications.filter(read_at__isnull=True).count()
    if is_officer(user):
        inbox = officer_inbox(user, today)
        statuses = [(s, s.label, inbox.counts.get(s, 0)) for s in ReportStatus]
        context = {"inbox": inbox, "statuses": statuses, "today": today}
        return render(request, "home/officer.html", context | {"unread": unread})
    if is_region_user(user):
        context = {"lines": region_reports(user, today), "today": today}
        return render(request, "home/region.html", context | {"unread": unread})
    context = {"evaluations": reviewer_evaluations(user), "today": today}
    return render(request, "home/reviewer.html", context | {"unread": unread})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """お知らせ: the user's notifications, newest first, unread marked."""
    notifications = request.user.notifications.all()
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "unread": notifications.filter(read_at__isnull=True).count(),
        "mail_off": MailOptOut.objects.filter(user=request.user).exists(),
    }
    return render(request, "home/notifications.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``id``) or all of them read."""
    unread = request.user.notifications.filter(read_at__isnull=True)
    raw = request.POST.get("id", "")
    if raw.isdigit():
        unread = unread.filter(pk=int(raw))
    unread.update(read_at=timezone.now())
    return redirect("home:notifications")


@login_required
@require_POST
def notification_mail(request: HttpRequest) -> HttpResponse:
    """Turn the notification e-mails off (``mail=off``) or back on."""
    if request.POST.get("mail") == "off":
        MailOptOut.objects.get_or_create(user=request.user)
        messages.success(request, _("お知らせのメールを止めました。"))
    else:
        MailOptOut.objects.filter(user=request.user).delete()
        messages.success(request, _("お知らせをメールでも送ります。"))
    return redirect("home:notifications")
