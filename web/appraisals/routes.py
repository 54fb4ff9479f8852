"""The Appraise tab."""

from litestar import Request, get
from litestar.response import Template

from db.staff.rules import Role
from web.guards import allow
from web.pages import page


@get("/appraisals", guards=[allow(Role.APPRAISER)])
async def appraisal_list(request: Request) -> Template:
    return page(request, "appraisals/list.html", {"tab": "appraise"}, block="appraisal_list")


routes = [appraisal_list]
