"""The staff-editable catalogue: every price and rule is a row here, seeded from catalogue/seed_data.py."""

from catalogue.models.area import BusinessSettings, ServiceZip
from catalogue.models.discounts import DiscountCode
from catalogue.models.rules import SurchargeRule
from catalogue.models.services import (
    Airport,
    AirportTransferConfig,
    MiniMovePackage,
    OrganizingService,
    SpecialtyItem,
    StandardDeliveryConfig,
    TimeWindowPrice,
)
from catalogue.models.version import CatalogueVersion

__all__ = [
    "Airport",
    "AirportTransferConfig",
    "BusinessSettings",
    "CatalogueVersion",
    "DiscountCode",
    "MiniMovePackage",
    "OrganizingService",
    "ServiceZip",
    "SpecialtyItem",
    "StandardDeliveryConfig",
    "SurchargeRule",
    "TimeWindowPrice",
]
