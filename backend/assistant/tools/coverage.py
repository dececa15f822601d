"""check_zip_coverage: is a ZIP in the service area, and does it carry the geographic surcharge?"""

from __future__ import annotations

from pydantic import Field

from common.money import dollars

from ..deps import ChatDeps
from .args import ZIP_DESCRIPTION, ToolArgs
from .results import ResultModel, ToolResult, answers_domain_errors, ok


class CheckZipCoverageArgs(ToolArgs):
    zip_code: str = Field(description=ZIP_DESCRIPTION, min_length=1, max_length=12)


class ZipCoverageResult(ResultModel):
    zip_code: str
    serviceable: bool
    zone: str
    region: str | None
    place: str | None
    surcharge: str
    reason: str


@answers_domain_errors
def check_zip_coverage(deps: ChatDeps, args: CheckZipCoverageArgs) -> ToolResult:
    from catalogue.coverage import check_zip  # imports models: only once Django apps are ready

    coverage = check_zip(args.zip_code)
    return ok(
        ZipCoverageResult(
            zip_code=coverage.zip_code,
            serviceable=coverage.serviceable,
            zone=coverage.zone,
            region=coverage.region,
            place=coverage.place,
            surcharge=dollars(coverage.surcharge),
            reason=coverage.reason,
        )
    )
