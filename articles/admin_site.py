"""The newsroom's admin site: its name, and each person's work on the index.

Each app contributes the panels about its own work with
`register_desk_panel()` (articles: drafts, translations, the schedule;
ingest: imported drafts; takedowns: Legal's requests), so that this app
never imports the others.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Rows each panel lists; its link leads to the rest.
PANEL_ROWS = 8


@dataclass
class DeskRow:
    label: str
    url: str
    note: str = ""


@dataclass
class DeskPanel:
    """One panel of the index: a title, up to PANEL_ROWS rows, a link to all."""

    title: str
    rows: list[DeskRow]
    empty: str
    more_url: str = ""
    has_more: bool = field(init=False, default=False)

    def __post_init__(self):
        # Panels fetch one row more than they show, to know whether to link on.
        self.has_more = len(self.rows) > PANEL_ROWS
        self.rows = self.rows[:PANEL_ROWS]


DeskPanelFunction = Callable[[object], DeskPanel | None]


class NewsroomAdminSite(admin.AdminSite):
    index_title = gettext_lazy("Your desk")

    def __init__(self, name="admin"):
        super().__init__(name)
        self.desk_panels: list[DeskPanelFunction] = []

    @property
    def site_header(self):
        return _("%(site)s newsroom") % {"site": settings.SITE_NAME}

    @property
    def site_title(self):
        return self.site_header

    def register_desk_panel(self, panel: DeskPanelFunction) -> DeskPanelFunction:
        """Show `panel(request)` on the index; None hides it from that user.

        Each panel costs at most one query.
        """
        self.desk_panels.append(panel)
        return panel

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        if request.method == "POST" and request.user.is_authenticated:
            # Pages the browser kept while its user was a reader (public for
            # a minute) would otherwise hide the newsroom's latest saves.
            response["Clear-Site-Data"] = '"cache"'
        return response

    def index(self, request, extra_context=None):
        panels = [panel(request) for panel in self.desk_panels]
        context = {
            "desk_panels": [panel for panel in panels if panel is not None],
            **(extra_context or {}),
        }
        return super().index(request, context)
