from django.contrib import admin
from django.urls import path

from newsmap import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("countries/<str:code>/", views.country, name="country"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("admin/", admin.site.urls),
]
