"""The one application error. Domain code raises it; views, tools and the CLI translate it at the edge."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule said no. `message` is written for the customer; `code` is stable for machines."""

    code: str = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


# One subclass per rule, so callers can catch precisely and tests can pin each code and message.
class InvalidZipError(DomainError):
    code = "invalid_zip"


class OutsideServiceAreaError(DomainError):
    code = "outside_service_area"


class PastDateError(DomainError):
    code = "past_date"


class PickupDateBlockedError(DomainError):
    code = "date_blocked"


class UnknownPackageError(DomainError):
    code = "unknown_package"


class UnknownItemError(DomainError):
    code = "unknown_item"


class InvalidQuantityError(DomainError):
    code = "invalid_quantity"


class MissingFieldError(DomainError):
    code = "missing_field"


class InvalidTerminalError(DomainError):
    code = "invalid_terminal"


class InvalidDiscountError(DomainError):
    code = "invalid_discount"
