import functools

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from articles.models import Story, StoryPublicState, StoryRestriction
from articles.navigation import navigation_categories
from articles.pagecache.keys import category_key, home_key, story_key
from articles.pagecache.pages import add_page_keys, is_conditional, story_etag
from articles.search.forms import SearchForm
from articles.search.results import StorySearchResults
from articles.search.tokens import query_terms


class NewerOlderPage(Page):
    """A page that knows whether an older page follows, not how many do."""

    def __init__(self, object_list, number, paginator, *, has_older):
        super().__init__(object_list, number, paginator)
        self.has_older = has_older

    def has_next(self):
        return self.has_older and self.number < self.paginator.max_pages


class NewerOlderPaginator(Paginator):
    """Page through a list of stories without counting it.

    Lists link to the newer and the older page only, as news sites do, so the
    paginator needs no total: reading one story more than a page shows tells
    whether an older page exists. Counting the list cost the home page one
    query and as much time as reading its stories.

    Readers do not browse past page 50, and deep pages cost the database
    more; past it, as past the end of the list, the page answers 404.
    """

    max_pages = 50

    @cached_property
    def count(self):
        # Only "?page=last" asks (ListView turns it into `num_pages`): count
        # no further than the last page readers may browse.
        return self.object_list[: self.max_pages * self.per_page].count()

    def validate_number(self, number):
        return self._validate_number(number, self.max_pages)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # Read here, in the view, not by the template's first tag that
        # touches them: templates never query.
        stories = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not stories and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return NewerOlderPage(
            stories[: self.per_page],
            number,
            self,
            has_older=len(stories) > self.per_page,
        )


class NavigationMixin:
    """Give the page the category navigation of the site header."""

    @cached_property
    def navigation_categories(self):
        return navigation_categories(self.request)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("navigation_categories", self.navigation_categories)
        # Always set: the header compares each category with it, and only a
        # category's own page has one.
        kwargs.setdefault("current_category", None)
        return super().get_context_data(**kwargs)


class StoryListView(NavigationMixin, ListView):
    paginate_by = 20
    paginator_class = NewerOlderPaginator
    context_object_name = "stories"

    def get_queryset(self):
        language = get_language()
        return Story.objects.published(language).latest_first().cards(language)


class HomeView(StoryListView):
    template_name = "articles/home.html"

    def get(self, request, *args, **kwargs):
        add_page_keys(request, home_key(get_language()))
        return super().get(request, *args, **kwargs)


class CategoryView(StoryListView):
    template_name = "articles/category_detail.html"

    @cached_property
    def category(self):
        # Found among the navigation's categories: no query of its own.
        for category in self.navigation_categories:
            if category.slug == self.kwargs["slug"]:
                return category
        raise Http404("No such category.")

    def get(self, request, *args, **kwargs):
        add_page_keys(request, category_key(self.category.pk, get_language()))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category, current_category=self.category, **kwargs
        )


@functools.cache
def story_page_stories(language: str):
    """The story page's queryset in `language`, built once per process.

    Building it (select_related, `only()` over forty columns and
    modeltranslation's rewriting of them) cost a quarter of the page's
    query. A queryset is a recipe until it is evaluated; callers take a
    copy (`.all()`), so this one never is.
    """
    return Story.objects.with_story_page_data(language)


class StoryDetailView(NavigationMixin, DetailView):
    context_object_name = "story"

    def get_queryset(self):
        return story_page_stories(get_language()).all()

    def get_object(self, queryset=None):
        story = super().get_object(queryset)
        if category := self.navigation_category(story.category_id):
            story.category = category
        story.fetch_credits()  # here, not by the template
        return story

    def navigation_category(self, pk):
        """The story's category among the header's, already read: the story's
        query reads no category of its own. None if it is not there."""
        return next((c for c in self.navigation_categories if c.pk == pk), None)

    def get_context_data(self, **kwargs):
        # The language the story's own text is shown in: the page's, unless
        # the story is shown in English under a notice.
        text_language = get_language()
        if kwargs.get("is_untranslated"):
            text_language = settings.LANGUAGE_CODE
        return super().get_context_data(
            is_story_page=True, text_language=text_language, **kwargs
        )

    def get(self, request, *args, **kwargs):
        if is_conditional(request):
            not_modified = self.not_modified_response()
            if not_modified is not None:
                return not_modified
        self.object = story = self.get_object()
        add_page_keys(request, story_key(story.pk, get_language()))
        state = story.public_state(get_language())
        if state is StoryPublicState.LIVE:
            response = self.render_to_response(self.get_context_data())
            return self.add_validators(response, story.pk, story.updated_at)
        if state is StoryPublicState.UNTRANSLATED:
            # The English text in this language's site frame, marked as
            # English and kept out of search engines (canonical: English).
            return self.render_to_response(self.get_context_data(is_untranslated=True))
        if state is StoryPublicState.RESTRICTED:
            return self.restricted_response(story)
        if state is StoryPublicState.GONE:
            # RFC 9110: 410, not 404, because the newsroom removed it on purpose.
            return self.response_class(
                request=request,
                template=["articles/story_gone.html"],
                context=self.get_context_data(),
                status=410,
            )
        # Only this branch reads the session, so public pages never do.
        if not request.user.has_perm("articles.change_story"):
            raise Http404("No such story.")
        response = self.render_to_response(self.get_context_data(is_preview=True))
        patch_cache_control(response, private=True, no_store=True)
        return response

    def restricted_response(self, story):
        """Answer 451 with the notice page of the restriction in force.

        The one extra query reads the restriction for the notice; live pages
        keep their budget.
        """
        language = get_language()
        if not story.is_restricted_in(language):
            # Shown in English under a notice, so the English restriction counts.
            language = settings.LANGUAGE_CODE
        restriction = (
            StoryRestriction.objects.in_force(language)
            .filter(story=story)
            .order_by("-applied_at")
            .first()
        )
        other_languages = [
            (code, name)
            for code, name in settings.LANGUAGES
            if code in story.live_languages and code != get_language()
        ]
        # RFC 7725: 451, not 410, because a legal demand removed the page;
        # "blocked-by" names who implements the block: this site.
        response = self.response_class(
            request=self.request,
            template=["articles/story_restricted.html"],
            context=self.get_context_data(
                restriction=restriction,
                other_languages=other_languages,
                agent_email=settings.TAKEDOWN_AGENT_EMAIL,
            ),
            status=451,
        )
        response.headers["Link"] = f'<{settings.SITE_URL}/>; rel="blocked-by"'
        response.headers["X-Robots-Tag"] = "noindex"
        patch_cache_control(response, no_cache=True)
        return response

    def add_validators(self, response, pk, updated_at):
        etag = story_etag(self.request, pk, updated_at)
        # Without the generation (cache down), no validator is safe to give.
        if etag is not None:
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(updated_at.timestamp())
        return response

    def not_modified_response(self):
        """Return 304 if the reader's copy of a live story is current, else None.

        Only revalidations pay for this one small query, so the page's own
        query budget is unchanged, and a 304 costs no rendering.
        """
        story = (
            Story.objects.only("pk", "updated_at", *Story.public_state_field_names())
            .filter(slug=self.kwargs["slug"])
            .first()
        )
        # Gone, restricted, untranslated or not yet public: the full view
        # decides the answer, so a stored copy is never confirmed as current.
        if story is None or story.public_state(get_language()) is not (
            StoryPublicState.LIVE
        ):
            return None
        validators = self.add_validators(HttpResponse(), story.pk, story.updated_at)
        if not validators.has_header("ETag"):
            return None
        response = get_conditional_response(
            self.request,
            etag=validators["ETag"],
            last_modified=int(story.updated_at.timestamp()),
            response=validators,
        )
        return response if response.status_code == 304 else None


class SearchView(NavigationMixin, ListView):
    """Published stories matching the reader's words, headline matches first.

    Only `Story.objects.published(language)` is searched. The page is never
    stored in the page cache, nor indexed by search engines: every query
    string would be a new page.
    """

    template_name = "articles/search.html"
    paginate_by = 20
    context_object_name = "stories"
    # How many results are ranked at most: 25 pages. Each costs the search
    # a look-up of its story (half of PostgreSQL's time at 1,000); readers
    # rarely page that deep, and the date filter reaches older stories,
    # reading only the range's part of the index.
    result_cap = 500

    @cached_property
    def form(self):
        return SearchForm(
            self.request.GET or None, categories=self.navigation_categories
        )

    @cached_property
    def query(self) -> str:
        """The reader's query; empty if it has no word to search for."""
        if not self.form.is_valid():
            return ""
        query = self.form.cleaned_data["q"].strip()
        return query if query_terms(query) else ""

    def get_queryset(self):
        if not self.query:
            return []
        language = get_language()
        stories = Story.objects.published(language).filter(**self.form.filters())
        return StorySearchResults(
            query=self.query,
            language=language,
            stories=stories,
            published_between=self.form.publication_range(),
            cap=self.result_cap,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form, query=self.query, result_cap=self.result_cap, **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Results change with every publication; no shared cache keeps them.
        patch_cache_control(response, private=True, max_age=0)
        return response
