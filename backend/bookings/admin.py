from django.contrib import admin

from bookings.models import Booking, BookingSpecialtyItem


class SpecialtyLineInline(admin.TabularInline):
    model = BookingSpecialtyItem
    extra = 0


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = [
        "booking_number",
        "customer_display",
        "service_type",
        "package_type",
        "status",
        "pickup_date",
        "pickup_zip",
        "delivery_zip",
        "total_price",
        "custom_total_override",
        "is_deleted",
        "created_at",
    ]
    list_filter = ["status", "service_type", "package_type", "is_deleted", "coi_required", "pickup_date"]
    search_fields = [
        "booking_number",
        "customer__username",
        "customer__email",
        "customer__first_name",
        "customer__last_name",
        "guest_email",
        "guest_last_name",
        "pickup_zip",
        "delivery_zip",
    ]
    date_hierarchy = "pickup_date"
    list_select_related = ["customer"]
    readonly_fields = ["booking_number", "created_at", "updated_at"]
    autocomplete_fields = ["customer"]
    inlines = [SpecialtyLineInline]

    @admin.display(description="Customer", ordering="customer__username")
    def customer_display(self, obj: Booking) -> str:
        return obj.customer_name if obj.customer_id else f"{obj.customer_name} (guest)"
