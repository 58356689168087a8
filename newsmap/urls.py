from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from newsmap.dashboard import views
from newsmap.dashboard.feeds import FigureFeed

urlpatterns = [
    path("", views.overview, name="overview"),
    path("countries/<str:code>/", views.country, name="country"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("embed/<str:chart>/", views.embed, name="embed"),
    path("feeds/figures/", views.dashboard_page(FigureFeed()), name="figure-feed"),
    path("feeds/figures/<str:code>/", views.dashboard_page(FigureFeed()), name="country-feed"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
