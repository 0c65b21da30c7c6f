"""The newsroom at work during `make bench`: a draft saved, or a story published,
at a steady interval, through the services editors use.

Run by bench_pages.py next to the readers, with the server's environment:
`python -m tests.bench.newsroom draft 1` saves one draft a second,
`python -m tests.bench.newsroom publish 30` publishes a new story every 30
seconds. It runs until it is stopped.
"""

import argparse
import time

import django


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["draft", "publish"])
    parser.add_argument("seconds", type=float, help="seconds between two changes")
    arguments = parser.parse_args()
    django.setup()
    act = save_draft if arguments.action == "draft" else publish_story
    number = 0
    while True:
        started = time.monotonic()
        act(number)
        number += 1
        time.sleep(max(0.0, arguments.seconds - (time.monotonic() - started)))


def new_story(title: str):
    """An unsaved draft like the newest bench story, under `title`."""
    from articles.models import Story, StoryStatus

    model = Story.objects.published("en").latest_first().first()
    return Story(
        title_en=title,
        slug=Story.objects.free_slug(title),
        summary_en=model.summary_en,
        body_en=model.body_en,
        category=model.category,
        source=model.source,
        original_url=model.original_url,
        original_published_at=model.original_published_at,
        status=StoryStatus.DRAFT,
    )


def save_draft(number: int):
    """Save the bench's draft again with a new headline, as an editor would."""
    from articles.models import Story
    from articles.services.story import story_save

    draft = Story.objects.filter(slug__startswith="bench-draft").first()
    if draft is None:
        draft = new_story("Bench draft")
    draft.title_en = f"Bench draft, version {number}"
    story_save(story=draft, by=None)


def publish_story(number: int):
    """Write a new story and publish it now."""
    from articles.services.story import story_publish, story_save

    story = story_save(story=new_story(f"Bench story {time.time_ns()}"), by=None)
    story_publish(story=story, by=None)


if __name__ == "__main__":
    main()
