from django.urls import path

from storefront import api, views

urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.services, name="services"),
    path("book/", views.book, name="book"),
    path("signin/", views.SignInView.as_view(), name="signin"),
    path("signout/", views.SignOutView.as_view(), name="signout"),
    path("staff/", views.staff_dashboard, name="staff"),
    path("api/pricing/quote/", api.quote_view, name="pricing-quote"),
]
