"""URLs of the evaluations pages, mounted at /evaluations/."""

from __future__ import annotations

from django.urls import path

from evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/assign/", views.evaluation_assign, name="assign"),
    path("<int:pk>/open/", views.evaluation_open, name="open"),
    path("<int:pk>/close/", views.evaluation_close, name="close"),
    path("<int:pk>/publish/", views.evaluation_publish, name="publish"),
    path("<int:pk>/results/", views.evaluation_results, name="results"),
    path("<int:pk>/decide/", views.evaluation_decide, name="decide"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/score/", views.item_score, name="score"),
    path("items/<int:pk>/comment/", views.item_comment, name="comment"),
    path("items/<int:pk>/plan/", views.plan_revise, name="plan"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet"),
    path("allocation/", views.allocation, name="allocation"),
    path("allocation/save/", views.allocation_save, name="allocation_save"),
    path("allocations/", views.run_list, name="run_list"),
    path("allocations/<int:pk>/", views.run_detail, name="run_detail"),
    path("calls/", views.call_list, name="call_list"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/proposals/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/attach/", views.proposal_attach, name="proposal_attach"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
