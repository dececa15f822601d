from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/assistant/", include("assistant.urls")),
    path("", include("storefront.urls")),
]

# JSON under /api/, Django's pages elsewhere, and never a 500 from reading a broken body (common/error_views.py).
handler400 = "common.error_views.bad_request"
handler403 = "common.error_views.permission_denied"
handler404 = "common.error_views.page_not_found"
handler500 = "common.error_views.server_error"
