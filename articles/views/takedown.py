from django.conf import settings
from django.views.generic import TemplateView

from articles.models import Story
from articles.views.stories import NavigationMixin


class RemovalContactView(NavigationMixin, TemplateView):
    """Tell rights holders whom to write to about a story.

    The page the footer disclaimer links to ("contact us for removal").
    """

    template_name = "articles/removal_contact.html"

    def get_context_data(self, **kwargs):
        slug = self.request.GET.get("story", "")
        # Any status: a rights holder may have seen the story before it left.
        story = Story.objects.filter(slug=slug).first() if slug else None
        return super().get_context_data(
            story=story,
            agent={
                "name": settings.TAKEDOWN_AGENT_NAME,
                "email": settings.TAKEDOWN_AGENT_EMAIL,
                "address": settings.TAKEDOWN_AGENT_ADDRESS,
                "phone": settings.TAKEDOWN_AGENT_PHONE,
            },
            **kwargs,
        )
