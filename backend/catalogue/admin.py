"""Staff edit the whole catalogue here: prices, add-ons, surcharge rules, the ZIP area, business settings."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from catalogue.models import (
    Airport,
    AirportTransferConfig,
    BusinessSettings,
    CatalogueVersion,
    DiscountCode,
    MiniMovePackage,
    OrganizingService,
    ServiceZip,
    SpecialtyItem,
    StandardDeliveryConfig,
    SurchargeRule,
    TimeWindowPrice,
)


class OrganizingInline(admin.TabularInline):
    model = OrganizingService
    extra = 0


class TimeWindowInline(admin.TabularInline):
    model = TimeWindowPrice
    extra = 0


@admin.register(MiniMovePackage)
class MiniMovePackageAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "package_type",
        "base_price",
        "max_items",
        "coi_included",
        "coi_fee",
        "is_most_popular",
        "is_active",
    ]
    list_editable = ["base_price", "is_active"]
    list_filter = ["is_active", "coi_included"]
    inlines = [OrganizingInline, TimeWindowInline]


@admin.register(OrganizingService)
class OrganizingServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "package", "kind", "price", "max_hours", "organizer_count", "is_taxable", "is_active"]
    list_filter = ["kind", "package", "is_active"]


@admin.register(TimeWindowPrice)
class TimeWindowPriceAdmin(admin.ModelAdmin):
    list_display = ["package", "pickup_time", "price"]
    list_filter = ["package", "pickup_time"]


@admin.register(SpecialtyItem)
class SpecialtyItemAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "price", "sort_order", "is_active"]
    list_editable = ["price", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Airport)
class AirportAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "zip_code", "terminals", "is_active"]
    list_filter = ["is_active"]


@admin.register(SurchargeRule)
class SurchargeRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "surcharge_type",
        "applies_to_service_type",
        "calculation_type",
        "fixed_amount",
        "percentage",
        "specific_date",
        "start_date",
        "end_date",
        "applies_saturday",
        "applies_sunday",
        "is_active",
    ]
    list_filter = ["surcharge_type", "applies_to_service_type", "calculation_type", "is_active"]
    search_fields = ["name", "description"]
    date_hierarchy = "specific_date"


@admin.register(ServiceZip)
class ServiceZipAdmin(admin.ModelAdmin):
    list_display = ["zip_code", "zone", "region", "place", "state"]
    list_filter = ["zone", "region", "state"]
    search_fields = ["zip_code", "region", "place"]


class SingletonAdmin(admin.ModelAdmin):
    """One row: no second 'add', no delete (the pricing code needs the row)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not self.model.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(StandardDeliveryConfig)
class StandardDeliveryConfigAdmin(SingletonAdmin):
    list_display = ["__str__", "price_per_item", "minimum_charge", "same_day_flat_rate", "coi_fee"]


@admin.register(AirportTransferConfig)
class AirportTransferConfigAdmin(SingletonAdmin):
    list_display = ["__str__", "price_per_bag", "minimum_bags", "minimum_price", "overweight_fee_per_bag", "wait_fee"]


@admin.register(BusinessSettings)
class BusinessSettingsAdmin(SingletonAdmin):
    list_display = [
        "__str__",
        "tax_rate",
        "geographic_surcharge",
        "booking_cutoff_hour",
        "busy_threshold",
        "contact_phone",
        "timezone",
    ]


@admin.register(DiscountCode)
class DiscountCodeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "discount_type",
        "value",
        "max_discount",
        "minimum_order",
        "valid_from",
        "valid_until",
        "per_email_limit",
        "is_active",
    ]
    list_filter = ["discount_type", "is_active"]
    search_fields = ["code", "description"]


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(admin.ModelAdmin):
    """Read-only: when the catalogue last changed (every save above bumps it; the assistant's prompt follows)."""

    list_display = ("stamp", "changed_at")
    readonly_fields = ("stamp", "changed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
