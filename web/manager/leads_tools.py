"""The manager's lead tools, registered together: the lead policy, the blacklist, the
export, and assigning a lead to a consultant."""

from web.leads import assign
from web.manager import blacklist, leads_export, leads_policy

routes = [*leads_policy.routes, *blacklist.routes, *leads_export.routes, *assign.routes]
