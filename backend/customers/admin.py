from django.contrib import admin

from customers.models import CustomerProfile


@admin.register(CustomerProfile)
class CustomerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "full_name", "email", "phone", "created_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "phone"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]

    @admin.display(description="Name")
    def full_name(self, obj: CustomerProfile) -> str:
        return obj.user.get_full_name()

    @admin.display(description="Email")
    def email(self, obj: CustomerProfile) -> str:
        return obj.user.email
