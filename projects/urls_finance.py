"""Financial support groups' pages, included in config/urls.py at ``financial-groups/``."""

from django.urls import path

from projects.views import finance as views

app_name = "finance"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/edit/", views.group_edit, name="edit"),
    path("<int:pk>/ledger/", views.ledger, name="ledger"),
    path("<int:pk>/members/new/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/leave/", views.member_leave, name="member_leave"),
    path("<int:pk>/contributions/new/", views.contribution, name="contribution"),
    path("<int:pk>/loans/new/", views.loan, name="loan"),
    path("<int:pk>/repayments/new/", views.repayment, name="repayment"),
    path("<int:pk>/entries/<int:entry_pk>/correct/", views.correction, name="correction"),
    path("<int:pk>/share-out/", views.share_out, name="share_out"),
]
