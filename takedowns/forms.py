"""Takedown forms: the public notice, and the details of each admin decision.

The notice form follows DMCA § 512(c)(3)(A) and DSA Art. 16(2).
"""

import secrets
import unicodedata
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.validators import RegexValidator, URLValidator
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import (
    RestrictionScope,
    Story,
    StoryPublicState,
    StoryRestriction,
)
from takedowns.deadlines import US_EASTERN
from takedowns.models import (
    CounterNotice,
    EarlyRestoreReason,
    TakedownActingAs,
    TakedownItemScope,
    TakedownRemedy,
    TakedownRequest,
    TakedownRightType,
    TakedownTrack,
)
from takedowns.validators import validate_mailbox_length, validate_person_name

MAX_STORY_URLS = 20
MIN_EXPLANATION_LENGTH = 30
FORM_TOKEN_SALT = "takedown.form"  # noqa: S105 (a salt, not a secret)
# Faster than a person can read the form: a script.
MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 24 * 60 * 60
# The wording version of each declaration; a change of wording gets a new
# version, and each request records the versions its claimant accepted.
DECLARATIONS = {
    "good_faith": "2026-11",
    "exceptions_considered": "2026-11",
    "accuracy": "2026-11",
    "processing_notice": "2026-11",
}

no_line_breaks = RegexValidator(
    r"[\r\n]", inverse_match=True, message=_("Use a single line.")
)


def fold(text: str) -> str:
    """Fold a name for comparison: NFKC, case and runs of spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def used_token_key(token: str) -> str:
    return (
        "takedown:form-token:"
        + salted_hmac(FORM_TOKEN_SALT, token, algorithm="sha256").hexdigest()
    )


def render_token() -> str:
    """Return the signed render time the form carries.

    A random value makes each token unique, so a token is single-use even
    when two people open the form in the same second.
    """
    return signing.TimestampSigner(salt=FORM_TOKEN_SALT).sign(secrets.token_urlsafe(9))


def story_readers_saw(slug: str, language: str) -> Story | None:
    """Return the story at `slug` if readers of `language` have seen it there.

    By the story page's own rule (`Story.public_state`): a draft, or a
    story scheduled for later, is treated as a slug that never existed, so
    the form tells nobody that unpublished work exists. A story that was
    public and is now gone (410) or restricted (451) is returned: a rights
    holder may ask about what they saw.
    """
    story = Story.objects.filter(slug=slug).first()
    if story is None or story.public_state(language) is StoryPublicState.NOT_FOUND:
        return None
    return story


def story_for_url(url: str, hosts: set[str]) -> Story | None:
    """Return the story of this site that `url` addresses, if readers saw it."""
    parts = urlsplit(url)
    if parts.netloc.lower() not in hosts:
        return None
    for language, _name in settings.LANGUAGES:
        # Chinese paths resolve only while Chinese is active (i18n_patterns).
        with translation.override(language):
            try:
                match = resolve(parts.path or "/")
            except Resolver404:
                continue
        if match.view_name == "articles:story-detail":
            return story_readers_saw(match.kwargs["slug"], language)
    return None


class DeclarationCheckbox(forms.CheckboxInput):
    """A checkbox that counts only when it is ticked.

    Django's CheckboxInput takes any value but "false" for a tick, "0" and
    "off" included: fine for a setting, not for a declaration made under
    penalty of perjury. A browser sends "on" for a ticked box without a
    value attribute (as this one renders) and nothing for an unticked one.
    """

    def value_from_datadict(self, data, files, name):
        return data.get(name) == "on"


class DeclarationField(forms.BooleanField):
    """A declaration the claimant makes by ticking its box; it must be made."""

    widget = DeclarationCheckbox


class TakedownRequestForm(forms.Form):
    # Marks each required field's label (explained in the page's introduction).
    template_name_label = "takedowns/label.html"

    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        validators=[no_line_breaks, validate_person_name],
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        validators=[validate_mailbox_length],
        help_text=_("We send the reference and a link to follow your request."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        validators=[no_line_breaks],
    )
    postal_address = forms.CharField(
        label=_("Postal address"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    phone = forms.CharField(
        label=_("Telephone"), max_length=40, required=False, validators=[no_line_breaks]
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        min_length=2,
        validators=[
            RegexValidator(
                r"^[A-Za-z]{2}$",
                message=_("Give the two-letter country code, e.g. US, DE or CN."),
            )
        ],
        help_text=_("The two-letter code, e.g. US, DE or CN."),
    )
    acting_as = forms.ChoiceField(label=_("You act as"), choices=TakedownActingAs)
    principal_name = forms.CharField(
        label=_("Rights holder you represent"),
        max_length=200,
        required=False,
        validators=[no_line_breaks],
        help_text=_("Required if you act for someone else."),
    )
    track = forms.ChoiceField(label=_("Legal framework"), choices=TakedownTrack)
    right_type = forms.ChoiceField(label=_("Type of right"), choices=TakedownRightType)
    work_description = forms.CharField(
        label=_("The work infringed"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for copyright and press publishers' right."),
    )
    original_urls = forms.CharField(
        label=_("Where the original work is (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One address per line."),
    )
    story_urls = forms.CharField(
        label=_("Address of each story on this site"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line, at most 20."),
    )
    scope = forms.ChoiceField(
        label=_("What should be removed"), choices=TakedownItemScope
    )
    language = forms.ChoiceField(
        label=_("Language version"),
        choices=[("", "—"), *settings.LANGUAGES],
        required=False,
        help_text=_("Only if you ask about one language version."),
    )
    remedy = forms.ChoiceField(label=_("What you ask us to do"), choices=TakedownRemedy)
    explanation = forms.CharField(
        label=_("Why it infringes your rights"),
        min_length=MIN_EXPLANATION_LENGTH,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(
            _(
                "Say what in the story infringes which of your rights, and why: "
                "at least {count} characters."
            ),
            count=MIN_EXPLANATION_LENGTH,
        ),
    )
    good_faith = DeclarationField(
        label=_(
            "I have a good-faith belief that the use described is not "
            "authorised by the rights holder, its agent or the law."
        ),
        error_messages={
            "required": _(
                "Declare your good-faith belief that the use is not authorised; "
                "we cannot act on a notice without it."
            )
        },
    )
    exceptions_considered = DeclarationField(
        label=_(
            "I have considered whether the use is allowed as quotation, news "
            "reporting or fair use."
        ),
        error_messages={
            "required": _(
                "Confirm that you have considered quotation, news reporting "
                "and fair use."
            )
        },
    )
    accuracy = DeclarationField(
        label=_(
            "The information in this notice is accurate and, under penalty "
            "of perjury, I am the rights holder or authorised to act for it."
        ),
        error_messages={
            "required": _(
                "Declare, under penalty of perjury, that the notice is accurate "
                "and that you are the rights holder or may act for it."
            )
        },
    )
    processing_notice = DeclarationField(
        label=_(
            "I understand that a copy of this notice may go to the publisher "
            "of the material, that a redacted copy is published, and that "
            "misrepresentation can make me liable."
        ),
        error_messages={
            "required": _(
                "Confirm that you understand who may see a copy of this notice, "
                "and that misrepresentation can make you liable."
            )
        },
    )
    signature = forms.CharField(
        label=_("Signature"),
        max_length=200,
        validators=[no_line_breaks, validate_person_name],
        help_text=_("Type your full name as above."),
    )
    # Hidden by CSS: people leave it empty, form-filling robots do not.
    website = forms.CharField(
        label=_("Leave this empty"), required=False, max_length=200
    )
    rendered = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, hosts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hosts = {host.lower() for host in hosts} | {
            urlsplit(settings.SITE_URL).netloc.lower()
        }
        self.stories = []

    @property
    def is_honeypot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean_rendered(self):
        token = self.cleaned_data["rendered"]
        signer = signing.TimestampSigner(salt=FORM_TOKEN_SALT)
        try:
            signer.unsign(token, max_age=MAX_FILL_SECONDS)
        except signing.SignatureExpired as error:
            raise forms.ValidationError(
                _(
                    "This form was opened more than a day ago. Check your "
                    "answers, which are kept, and send it again."
                ),
                code="expired",
            ) from error
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _("The form was damaged in transit. Send it again."), code="bad"
            ) from error
        try:
            signer.unsign(token, max_age=MIN_FILL_SECONDS)
        except signing.SignatureExpired:
            pass
        else:
            raise forms.ValidationError(
                _("The form was sent too quickly. Wait a moment and send it again."),
                code="too_fast",
            )
        if cache.get(used_token_key(token)):
            raise forms.ValidationError(
                _(
                    "This form was already sent. Your answers are kept: send it "
                    "again only if you mean to file a second notice."
                ),
                code="replayed",
            )
        return token

    def clean_country(self):
        return self.cleaned_data["country"].upper()

    def clean_original_urls(self):
        urls = self.cleaned_data["original_urls"].split()
        validate = URLValidator(schemes=["http", "https"])
        for url in urls:
            try:
                validate(url)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("“%(url)s” is not a web address."), params={"url": url[:100]}
                ) from error
        return urls[:MAX_STORY_URLS]

    def clean_story_urls(self):
        urls = list(dict.fromkeys(self.cleaned_data["story_urls"].split()))
        if not urls:
            raise forms.ValidationError(_("Give the address of at least one story."))
        if len(urls) > MAX_STORY_URLS:
            raise forms.ValidationError(
                ngettext(
                    "Give at most %(count)d address; file another notice for more.",
                    "Give at most %(count)d addresses; file another notice for more.",
                    MAX_STORY_URLS,
                ),
                params={"count": MAX_STORY_URLS},
            )
        errors = []
        stories = []
        for url in urls:
            story = story_for_url(url, self.hosts)
            if story is None:
                errors.append(
                    forms.ValidationError(
                        _("“%(url)s” is not the address of a story on this site."),
                        params={"url": url[:200]},
                    )
                )
                continue
            restriction = (
                StoryRestriction.objects.in_force(settings.LANGUAGE_CODE)
                .filter(story=story)
                .first()
            )
            if restriction is not None:
                errors.append(
                    forms.ValidationError(
                        _(
                            "“%(url)s” is already removed following request "
                            "%(reference)s."
                        ),
                        params={
                            "url": url[:200],
                            "reference": restriction.reference,
                        },
                    )
                )
                continue
            stories.append(story)
        if errors:
            raise forms.ValidationError(errors)
        self.stories = stories
        return urls

    def clean(self):
        cleaned_data = super().clean()
        scope = cleaned_data.get("scope")
        if scope == TakedownItemScope.LANGUAGE and not cleaned_data.get("language"):
            self.add_error("language", _("Choose the language version."))
        if cleaned_data.get("acting_as") == TakedownActingAs.AGENT and not (
            cleaned_data.get("principal_name")
        ):
            self.add_error("principal_name", _("Name the rights holder you act for."))
        if cleaned_data.get("right_type") in (
            TakedownRightType.COPYRIGHT,
            TakedownRightType.PRESS_PUBLISHER,
        ) and not cleaned_data.get("work_description"):
            self.add_error("work_description", _("Describe the work infringed."))
        if cleaned_data.get("track") == TakedownTrack.US_DMCA and not (
            cleaned_data.get("postal_address") or cleaned_data.get("phone")
        ):
            self.add_error(
                "postal_address",
                _("A DMCA notice needs a postal address or a telephone number."),
            )
        name, signature = cleaned_data.get("name"), cleaned_data.get("signature")
        if name and signature and fold(name) != fold(signature):
            self.add_error("signature", _("Type the same name as in “Full name”."))
        return cleaned_data

    def takedown_request(self, *, locale, ip_hmac, user_agent) -> TakedownRequest:
        """Return the unsaved request the valid form describes."""
        data = self.cleaned_data
        return TakedownRequest(
            track=data["track"],
            right_type=data["right_type"],
            locale=locale,
            name=data["name"],
            email=data["email"],
            acting_as=data["acting_as"],
            principal_name=data["principal_name"],
            organisation=data["organisation"],
            postal_address=data["postal_address"],
            phone=data["phone"],
            country=data["country"],
            signature=data["signature"],
            work_description=data["work_description"],
            original_urls=data["original_urls"],
            explanation=data["explanation"],
            requested_remedy=data["remedy"],
            declarations=dict(DECLARATIONS),
            ip_hmac=ip_hmac,
            user_agent=user_agent[:300],
        )

    def items(self) -> list[dict]:
        scope = self.cleaned_data["scope"]
        language = (
            self.cleaned_data["language"] if scope == TakedownItemScope.LANGUAGE else ""
        )
        return [
            {"story": story, "scope": scope, "language": language}
            for story in self.stories
        ]


# The details an admin decision asks for -----------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Recorded in the log and sent to the claimant."),
    )


class EarlyRestoreForm(forms.Form):
    """Why Legal restores before business day 10 after a counter-notice."""

    reason = forms.ChoiceField(
        label=_("Why now"), choices=EarlyRestoreReason, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Details"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The order, the claimant's message or the other reason. Recorded "
            "in the log with your name, and sent to the claimant."
        ),
    )


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label=_("Reference of the original request"), max_length=20
    )

    def clean_original(self):
        reference = self.cleaned_data["original"].strip().upper()
        original = TakedownRequest.objects.filter(reference=reference).first()
        if original is None:
            raise forms.ValidationError(_("No request has this reference."))
        return original


class AcceptForm(forms.Form):
    """The scope decided for each claimed story, and a note to the claimant."""

    note = forms.CharField(
        label=_("Note to the claimant"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (RestrictionScope.WHOLE.value, RestrictionScope.WHOLE.label),
            (RestrictionScope.HERO_IMAGE.value, RestrictionScope.HERO_IMAGE.label),
        ] + [
            (f"language:{code}", f"{RestrictionScope.LANGUAGE.label}: {name}")
            for code, name in settings.LANGUAGES
        ]
        self.items = list(items)
        for item in self.items:
            if item.scope == TakedownItemScope.LANGUAGE:
                initial = f"language:{item.language}"
            elif item.scope == TakedownItemScope.HERO_IMAGE:
                initial = RestrictionScope.HERO_IMAGE.value
            else:
                initial = RestrictionScope.WHOLE.value
            self.fields[f"scope_{item.pk}"] = forms.ChoiceField(
                label=f"{item.takedown_request.reference}: {item.story.title}",
                choices=choices,
                initial=initial,
            )

    def scopes(self) -> dict[int, tuple[str, str]]:
        scopes = {}
        for item in self.items:
            value = self.cleaned_data[f"scope_{item.pk}"]
            scope, _colon, language = value.partition(":")
            scopes[item.pk] = (scope, language)
        return scopes


class LegalDateTimeField(forms.DateTimeField):
    """A date and time typed as YYYY-MM-DD HH:MM and read as New York time.

    Only ISO dates are accepted: 03/12/2026 is 3 December to some and
    12 March to others, so it is refused, not guessed. Browsers offer a
    picker for datetime-local in their own format and send ISO. The value
    is read on the legal clock the deadlines are counted on, whatever zone
    the page is shown in, and the field says so.
    """

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local", "placeholder": "YYYY-MM-DD HH:MM"},
        format="%Y-%m-%dT%H:%M",
    )
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    default_error_messages = {
        "invalid": _(
            "Enter the date and time as YYYY-MM-DD HH:MM, for example 2026-12-03 11:25."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _(
                "New York time (America/New_York, EST or EDT), whatever your "
                "own time zone. Type YYYY-MM-DD HH:MM, for example "
                "2026-12-03 11:25."
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        with timezone.override(US_EASTERN):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(US_EASTERN):
            return super().prepare_value(value)


class CounterNoticeForm(forms.ModelForm):
    """A counter-notice as received, checked against the request it answers.

    Staff tick each statement of 17 U.S.C. § 512(g)(3) the counter-notice
    makes; one that lacks any is refused (CounterNotice.clean names what).
    """

    statement_under_penalty = forms.BooleanField(
        label=_(
            "It contains a statement under penalty of perjury that the sender "
            "has a good faith belief that the material was removed or disabled "
            "as a result of mistake or misidentification of the material to be "
            "removed or disabled (17 U.S.C. § 512(g)(3)(C))."
        )
    )
    consents_to_jurisdiction = forms.BooleanField(
        label=_(
            "It contains a statement that the sender consents to the "
            "jurisdiction of the Federal District Court for the judicial "
            "district in which their address is located, or, if their address "
            "is outside the United States, for any judicial district in which "
            "we may be found (17 U.S.C. § 512(g)(3)(D))."
        )
    )
    accepts_service = forms.BooleanField(
        label=_(
            "It contains a statement that the sender will accept service of "
            "process from the person who provided the notice, or an agent of "
            "that person (17 U.S.C. § 512(g)(3)(D))."
        )
    )
    received_at = LegalDateTimeField(label=_("Received (New York time)"))

    def __init__(self, *args, takedown_request, **kwargs):
        super().__init__(*args, **kwargs)
        # CounterNotice.clean checks the time against the request's timeline.
        self.instance.takedown_request = takedown_request

    class Meta:
        model = CounterNotice
        fields = [
            "name",
            "email",
            "postal_address",
            "phone",
            "country",
            "material_location",
            "reason",
            "explanation",
            "statement_under_penalty",
            "consents_to_jurisdiction",
            "accepts_service",
            "signature",
            "received_at",
        ]
        help_texts = {
            "material_location": _(
                "The address or description of the material as it was before "
                "we removed it (17 U.S.C. § 512(g)(3)(B))."
            ),
        }
