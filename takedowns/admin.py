"""Legal review of takedown requests: the queue, the evidence, the decisions.

Actions are thin: each is a move of TakedownRequest.TRANSITIONS, by its name,
with a permission, a confirmation page for decisions that need a reason, one
service call per request, and a message. Nothing here is ever deleted, and
claimant contact data shows only with `view_takedown_pii`.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import F
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.admin.actions import ServiceActionMixin
from articles.admin.display import json_as_list
from articles.admin_site import PANEL_ROWS, DeskPanel, DeskRow
from articles.bidi import isolate
from takedowns.deadlines import legal_time
from takedowns.forms import (
    AcceptForm,
    CounterNoticeForm,
    DuplicateForm,
    EarlyRestoreForm,
    NoteForm,
)
from takedowns.models import (
    CounterNotice,
    EarlyRestoreReason,
    OutboundMessage,
    TakedownEvent,
    TakedownItem,
    TakedownMove,
    TakedownRequest,
)
from takedowns.services import (
    counter_notice_record,
    takedown_request_accept,
    takedown_request_acknowledge,
    takedown_request_ask_info,
    takedown_request_mark_duplicate,
    takedown_request_place_hold,
    takedown_request_reject,
    takedown_request_restore,
    takedown_request_restore_early,
    takedown_request_resume_review,
    takedown_request_withdraw,
)

PII_FIELDS = [
    "name",
    "email",
    "principal_name",
    "postal_address",
    "phone",
    "signature",
    "ip_hmac",
    "user_agent",
]
CLAIM_FIELDS = [
    "reference",
    "status",
    "track",
    "right_type",
    "locale",
    "organisation",
    "country",
    "acting_as",
    "work_description",
    "original_addresses",
    "explanation",
    "requested_remedy",
    "declarations_list",
]
HANDLING_FIELDS = [
    "submitted",
    "acknowledged",
    "assigned_to",
    "due",
    "lapses",
    "decided_by",
    "decided",
    "decision_note",
    "duplicate_of",
    "closed",
]


def legal_time_field(model, field_name):
    """Return an admin display of the time field `field_name` on the legal clock.

    Every time in the Legal section goes through it: New York time, the
    clock the deadlines are counted on, with its zone named.
    """
    field = model._meta.get_field(field_name)

    @admin.display(description=field.verbose_name, ordering=field_name)
    def display(model_admin, obj):
        value = getattr(obj, field_name)
        if value is None:
            return model_admin.get_empty_value_display()
        return legal_time(value)

    return display


def can_see_pii(request) -> bool:
    return request.user.has_perm("takedowns.view_takedown_pii")


class ReadOnlyInline(admin.TabularInline):
    """Evidence on the request's page: readable by whoever reads the request."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("takedowns.view_takedownrequest")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TakedownItemInline(ReadOnlyInline):
    model = TakedownItem
    fields = readonly_fields = ["story", "scope", "language", "detail"]


def restriction_state(restriction) -> str:
    """Say when a restriction began and whether and when it ends."""
    applied = legal_time(restriction.applied_at)
    if restriction.lifted_at:
        lifted = legal_time(restriction.lifted_at)
        return format_html(
            _("applied {applied}, lifted {lifted} ({reason})"),
            applied=applied,
            lifted=lifted,
            reason=isolate(restriction.lift_reason),
        )
    if restriction.expires_at:
        expires = legal_time(restriction.expires_at)
        return _("applied %(applied)s, ends %(expires)s") % {
            "applied": applied,
            "expires": expires,
        }
    return _("applied %(applied)s, in force") % {"applied": applied}


class CounterNoticeInline(ReadOnlyInline):
    model = CounterNotice
    fields = readonly_fields = [
        "received",
        "material_location",
        "reason",
        "explanation",
        "statement_under_penalty",
        "consents_to_jurisdiction",
        "accepts_service",
        "restore_from",
        "restore_by",
        "recorded_by",
    ]
    received = legal_time_field(CounterNotice, "received_at")
    restore_from = legal_time_field(CounterNotice, "restore_not_before")
    restore_by = legal_time_field(CounterNotice, "restore_deadline")


class OutboundMessageInline(ReadOnlyInline):
    """Mail to the claimant: stored before sending, retried by the timer."""

    model = OutboundMessage
    fields = readonly_fields = [
        "created",
        "template",
        "to_email",
        "subject",
        "status",
        "attempts",
        "sent",
        "last_error",
    ]
    created = legal_time_field(OutboundMessage, "created_at")
    sent = legal_time_field(OutboundMessage, "sent_at")


class TakedownEventInline(ReadOnlyInline):
    """The append-only log: who, when, what, from and to which status, why."""

    model = TakedownEvent
    fields = readonly_fields = [
        "seq",
        "time",
        "actor_kind",
        "actor",
        "action",
        "from_status",
        "to_status",
        "note",
        "early_restore_reason",
    ]
    ordering = ["seq"]
    time = legal_time_field(TakedownEvent, "created_at")

    @admin.display(description=_("early restore"))
    def early_restore_reason(self, event):
        """Why staff restored before business day 10, on that step only."""
        reason = event.payload.get("early_restore_reason")
        if reason is None:
            return self.get_empty_value_display()
        return EarlyRestoreReason(reason).label


@admin.register(TakedownRequest)
class TakedownRequestAdmin(ServiceActionMixin, admin.ModelAdmin):
    list_display = ["reference", "status", "age", "due", "stories", "claimant"]

    def get_list_display(self, request):
        if can_see_pii(request):
            return [*self.list_display[:-1], "claimant_contact"]
        return self.list_display

    list_filter = ["status", "right_type", "track", "requested_remedy"]
    date_hierarchy = "submitted_at"
    ordering = ["due_at"]
    inlines = [
        TakedownItemInline,
        CounterNoticeInline,
        OutboundMessageInline,
        TakedownEventInline,
    ]
    actions = [
        "acknowledge",
        "ask_info",
        "resume_review",
        "accept",
        "reject",
        "mark_duplicate",
        "withdraw",
        "record_counter_notice",
        "place_hold",
        "restore",
        "restore_early",
    ]

    submitted = legal_time_field(TakedownRequest, "submitted_at")
    declarations_list = json_as_list(TakedownRequest, "declarations")
    acknowledged = legal_time_field(TakedownRequest, "acknowledged_at")
    due = legal_time_field(TakedownRequest, "due_at")
    lapses = legal_time_field(TakedownRequest, "lapse_at")
    decided = legal_time_field(TakedownRequest, "decided_at")
    closed = legal_time_field(TakedownRequest, "closed_at")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("items__story")

    def get_search_fields(self, request):
        fields = ["reference", "organisation", "items__story__slug"]
        if can_see_pii(request):
            fields += ["name", "email_normalised"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("Claim"), {"fields": CLAIM_FIELDS}),
            (_("Handling"), {"fields": HANDLING_FIELDS}),
            (_("Restrictions"), {"fields": ["restrictions_applied"]}),
        ]
        if can_see_pii(request):
            fieldsets.insert(1, (_("Claimant"), {"fields": PII_FIELDS}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Evidence: the admin never edits a notice, it decides it.
        return [*CLAIM_FIELDS, *HANDLING_FIELDS, *PII_FIELDS, "restrictions_applied"]

    def get_inlines(self, request, obj):
        if can_see_pii(request):
            return self.inlines
        # Counter-notices and mail carry contact data.
        return [
            inline
            for inline in self.inlines
            if inline not in (CounterNoticeInline, OutboundMessageInline)
        ]

    def has_add_permission(self, request):
        # Notices come from the public form, where the claimant declares them.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_handle_takedown_permission(self, request):
        return request.user.has_perm("takedowns.handle_takedown")

    @admin.display(description=_("restrictions"))
    def restrictions_applied(self, takedown_request):
        """One line per restriction this request caused, lifted ones too."""
        restrictions = takedown_request.restrictions.select_related(
            "story", "applied_by", "lifted_by"
        ).order_by("applied_at")
        lines = format_html_join(
            "",
            "<li>{}: {}{} · {}</li>",
            (
                (
                    restriction.story.slug,
                    restriction.get_scope_display(),
                    f" ({restriction.get_language_display()})"
                    if restriction.language
                    else "",
                    restriction_state(restriction),
                )
                for restriction in restrictions
            ),
        )
        return format_html("<ul>{}</ul>", lines) if lines else _("None")

    @admin.display(description=_("age"))
    def age(self, takedown_request):
        days = (timezone.now() - takedown_request.submitted_at).days
        return ngettext("%d day", "%d days", days) % days

    @admin.display(description=_("stories"))
    def stories(self, takedown_request):
        return ", ".join(item.story.slug for item in takedown_request.items.all())

    @admin.display(description=_("claimant"))
    def claimant(self, takedown_request):
        """Name the claimant without personal data: "TD-… (organisation)"."""
        return format_html(
            "{} ({})",
            takedown_request.reference,
            isolate(takedown_request.organisation or _("individual")),
        )

    @admin.display(description=_("claimant"))
    def claimant_contact(self, takedown_request):
        return format_html(
            "{} &lt;{}&gt; ({})",
            isolate(takedown_request.name),
            isolate(takedown_request.email),
            isolate(takedown_request.organisation or "-"),
        )

    @admin.display(description=_("original URLs"))
    def original_addresses(self, takedown_request):
        """The claimant's addresses of the original work, one per line."""
        lines = format_html_join(
            "",
            "<li>{}</li>",
            ((isolate(url),) for url in takedown_request.original_urls),
        )
        return (
            format_html("<ul>{}</ul>", lines)
            if lines
            else self.get_empty_value_display()
        )

    # Actions -------------------------------------------------------------

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        """Offer, on a request's page, only the moves its status allows.

        Each action has the name of its move in TakedownRequest.TRANSITIONS.
        The queue offers every action for a selection of any statuses; there
        the service refuses each row that cannot move and apply_to_each
        reports it.
        """
        actions = super().get_actions(request, action_location)
        if action_location != admin.ActionLocation.CHANGE_FORM:
            return actions
        takedown_request = self.takedown_request_on_page(request)
        if takedown_request is None:
            return {}
        allowed = takedown_request.available_moves()
        return {name: action for name, action in actions.items() if name in allowed}

    def takedown_request_on_page(self, request):
        """Return the request whose change page this is, with what its moves need."""
        object_id = request.resolver_match.kwargs.get("object_id")
        if object_id is None:
            return None
        return (
            TakedownRequest.objects.only("status", "track")
            .filter(pk=unquote(object_id))
            .first()
        )

    def action_object_label(self, takedown_request):
        return takedown_request.reference

    def confirmation(self, request, queryset, form, title):
        """Render the page that asks for the decision's details (a second POST)."""
        action_field = (
            "CHANGE_FORM-action" if "CHANGE_FORM-action" in request.POST else "action"
        )
        return TemplateResponse(
            request,
            "admin/takedowns/takedownrequest/decision.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.opts,
                "form": form,
                "takedown_requests": queryset,
                "action_field": action_field,
                "action_name": request.POST.get(action_field),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            },
        )

    def decide(
        self, request, queryset, *, form_class, title, service, summary, **form_kwargs
    ):
        """Ask for the decision's details, then run `service` on each request.

        `form_kwargs` go to the form, which may need what it decides about.
        """
        if "confirm" not in request.POST:
            return self.confirmation(
                request, queryset, form_class(**form_kwargs), title
            )
        form = form_class(request.POST, **form_kwargs)
        if not form.is_valid():
            return self.confirmation(request, queryset, form, title)
        self.apply_to_each(
            request,
            queryset,
            lambda takedown_request: service(takedown_request, form),
            summary,
        )
        return None

    @admin.action(
        description=TakedownMove.ACKNOWLEDGE.label,
        permissions=["handle_takedown"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def acknowledge(self, request, queryset):
        self.apply_to_each(
            request,
            queryset,
            lambda takedown_request: takedown_request_acknowledge(
                takedown_request=takedown_request, by=request.user
            ),
            lambda count: ngettext(
                "%d request in review.", "%d requests in review.", count
            ),
        )

    @admin.action(
        description=TakedownMove.ASK_INFO.label,
        permissions=["handle_takedown"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def ask_info(self, request, queryset):
        return self.decide(
            request,
            queryset,
            form_class=NoteForm,
            title=_("Ask for more information"),
            service=lambda takedown_request, form: takedown_request_ask_info(
                takedown_request=takedown_request,
                by=request.user,
                note=form.cleaned_data["note"],
            ),
            summary=lambda count: ngettext(
                "%d claimant asked for more information.",
                "%d claimants asked for more information.",
                count,
            ),
        )

    @admin.action(
        description=TakedownMove.RESUME_REVIEW.label,
        permissions=["handle_takedown"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def resume_review(self, request, queryset):
        self.apply_to_each(
            request,
            queryset,
            lambda takedown_request: takedown_request_resume_review(
                takedown_request=takedown_request, by=request.user
            ),
            lambda count: ngettext(
                "%d request in review.", "%d requests in review.", count
            ),
        )

    @admin.action(
        description=TakedownMove.ACCEPT.label,
        permissions=["handle_takedown"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def accept(self, request, queryset):
        return self.decide(
            request,
            queryset,
            form_class=AcceptForm,
            items=TakedownItem.objects.filter(
                takedown_request__in=queryset
            ).select_related("story", "takedown_request"),
            title=_("Accept and restrict"),
            service=lambda takedown_request, form: takedown_request_accept(
                takedown_request=takedown_request,
                by=request.user,
                note=form.cleaned_data["note"],
                scopes=form.scopes(),
            ),
            summary=lambda count: ngettext(
                "%d request accepted; its stories are restricted.",
                "%d requests accepted; their stories are restricted.",
                count,
            ),
        )

    @admin.action(
        description=TakedownMove.REJECT.label,
        permissions=["handle_takedown"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def reject(self, request, queryset):
        return self.decide(
            request,
            queryset,
            form_class=NoteForm,
            title=_("Reject"),
            service=lambda takedown_request, form: takedown_request_reject(
                takedown_request=takedown_request,
                by=request.user,
                note=form.cleaned_data["note"],
            ),
            summary=lambda count: ngettext(
                "%d request rejected.", "%d requests rejected.", count
            ),
        )

    @admin.action(
        description=TakedownMove.MARK_DUPLICATE.label,
        permissions=["handle_takedown"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def mark_duplicate(self, request, queryset):
        return self.decide(
            request,
            queryset,
            form_class=DuplicateForm,
            title=_("Mark as duplicate"),
            service=lambda takedown_request, form: takedown_request_mark_duplicate(
                takedown_request=takedown_request,
                by=request.user,
                original=form.cleaned_data["original"],
            ),
            summary=lambda count: ngettext(
                "%d request merged.", "%d requests merged.", count
            ),
        )

    @admin.action(
        description=TakedownMove.WITHDRAW.label,
        permissions=["handle_takedown"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def withdraw(self, request, queryset):
        self.apply_to_each(
            request,
            queryset,
            lambda takedown_request: takedown_request_withdraw(
                takedown_request=takedown_request, by=request.user
            ),
            lambda count: ngettext(
                "%d request withdrawn.", "%d requests withdrawn.", count
            ),
        )

    @admin.action(
        description=TakedownMove.RECORD_COUNTER_NOTICE.label,
        permissions=["handle_takedown"],
        location=[admin.ActionLocation.CHANGE_FORM],
    )
    def record_counter_notice(self, request, queryset):
        return self.decide(
            request,
            queryset,
            form_class=CounterNoticeForm,
            # A request's page only: the counter-notice answers this request.
            takedown_request=queryset.get(),
            title=_("Record a counter-notice"),
            service=lambda takedown_request, form: counter_notice_record(
                takedown_request=takedown_request,
                by=request.user,
                counter_notice=CounterNotice(**form.cleaned_data),
            ),
            summary=lambda count: ngettext(
                "%d counter-notice recorded; the restore is scheduled.",
                "%d counter-notices recorded; the restores are scheduled.",
                count,
            ),
        )

    @admin.action(
        description=TakedownMove.PLACE_HOLD.label,
        permissions=["handle_takedown"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def place_hold(self, request, queryset):
        return self.decide(
            request,
            queryset,
            form_class=NoteForm,
            title=_("Place a legal hold"),
            service=lambda takedown_request, form: takedown_request_place_hold(
                takedown_request=takedown_request,
                by=request.user,
                note=form.cleaned_data["note"],
            ),
            summary=lambda count: ngettext(
                "%d request on legal hold.", "%d requests on legal hold.", count
            ),
        )

    @admin.action(
        description=TakedownMove.RESTORE.label,
        permissions=["handle_takedown"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )
    def restore(self, request, queryset):
        return self.decide(
            request,
            queryset,
            form_class=NoteForm,
            title=_("Restore"),
            service=lambda takedown_request, form: takedown_request_restore(
                takedown_request=takedown_request,
                by=request.user,
                note=form.cleaned_data["note"],
            ),
            summary=lambda count: ngettext(
                "%d request restored.", "%d requests restored.", count
            ),
        )

    @admin.action(
        description=TakedownMove.RESTORE_EARLY.label,
        permissions=["handle_takedown"],
        # One request at a time, on its page: an override is never a bulk act.
        location=[admin.ActionLocation.CHANGE_FORM],
    )
    def restore_early(self, request, queryset):
        return self.decide(
            request,
            queryset,
            form_class=EarlyRestoreForm,
            title=_("Restore before business day 10"),
            service=lambda takedown_request, form: takedown_request_restore_early(
                takedown_request=takedown_request,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            ),
            summary=lambda count: ngettext(
                "%d request restored before business day 10.",
                "%d requests restored before business day 10.",
                count,
            ),
        )


@admin.site.register_desk_panel
def requests_due(request):
    """Legal's open requests, the soonest decision due first."""
    if not request.user.has_perm("takedowns.handle_takedown"):
        return None
    due = TakedownRequest.objects.open().order_by(
        F("due_at").asc(nulls_last=True), "submitted_at"
    )[: PANEL_ROWS + 1]
    return DeskPanel(
        title=gettext("Requests due"),
        rows=[
            DeskRow(
                f"{takedown_request.reference} · "
                f"{takedown_request.get_status_display()}",
                reverse(
                    "admin:takedowns_takedownrequest_change",
                    args=[takedown_request.pk],
                ),
                # On the legal clock, as everywhere in the Legal section.
                gettext("decision due %(time)s")
                % {"time": legal_time(takedown_request.due_at)}
                if takedown_request.due_at
                else "",
            )
            for takedown_request in due
        ],
        empty=gettext("No request waits for a decision."),
        more_url=reverse("admin:takedowns_takedownrequest_changelist"),
    )
