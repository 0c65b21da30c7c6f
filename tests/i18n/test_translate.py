import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Story, StoryLanguage, StoryLanguageStatus
from articles.roles import all_roles
from articles.services.story import story_save
from tests.factories import HeroImageFactory, StoryFactory

pytestmark = pytest.mark.django_db

CHINESE = {
    "title": "北约领导人在海牙会晤",
    "summary": "领导人会面，商讨国防开支。",
    "body": '<p onclick="x()">今天，领导人齐聚海牙。</p><script>alert(1)</script>',
    "alt_text": "山顶上的发射塔。",
    "caption": "高斯塔山。",
}


@pytest.fixture
def translator_client(django_user_model):
    # A client of its own, so a test can act as translator and editor in turn.
    user = django_user_model.objects.create_user("translator", is_staff=True)
    user.groups.add(Group.objects.get(name="Translators"))
    translator_client = Client()
    translator_client.force_login(user)
    return translator_client


@pytest.fixture
def story():
    return StoryFactory(published=True, slug="summit", hero_image=HeroImageFactory())


def translate_url(story):
    return reverse("admin:articles_story_translate", args=[story.pk, "zh-hans"])


def test_translator_sees_english_beside_the_chinese_form(translator_client, story):
    response = translator_client.get(translate_url(story))

    assert response.status_code == 200
    assertContains(response, '<section class="translate-source" lang="en"')
    # The English body is shown formatted, as readers see it, not as HTML.
    assertContains(response, "<li><p>The first paragraph.</p></li>", html=True)
    assertContains(response, 'name="title"')
    assertContains(response, 'name="alt_text"')
    assertContains(response, "Save and submit for review")
    assertNotContains(response, "Save and publish")


def test_translator_saves_a_draft_and_submits_it(translator_client, story):
    translator_client.post(translate_url(story), {**CHINESE, "_save": "1"})

    story.refresh_from_db()
    story.hero_image.refresh_from_db()
    assert story.title_zh_hans == "北约领导人在海牙会晤"
    assert story.body_zh_hans == "<p>今天，领导人齐聚海牙。</p>"
    assert story.hero_image.alt_text_zh_hans == "山顶上的发射塔。"
    story_language = StoryLanguage.objects.get(story=story)
    assert story_language.status == StoryLanguageStatus.DRAFT
    assert story_language.translated_by.username == "translator"

    response = translator_client.post(
        translate_url(story), {**CHINESE, "_submit": "1"}, follow=True
    )

    assertContains(response, "Submitted for review.")
    story_language.refresh_from_db()
    assert story_language.status == StoryLanguageStatus.IN_REVIEW
    assert story_language.source_hash == story.en_source_hash
    # Submitted is not public.
    assertNotContains(translator_client.get("/zh-hans/"), "北约领导人在海牙会晤")


def test_translator_cannot_publish(translator_client, story):
    response = translator_client.post(
        translate_url(story), {**CHINESE, "_publish": "1"}
    )

    assert response.status_code == 403
    assert not StoryLanguage.objects.filter(status="published").exists()


def test_incomplete_translation_cannot_be_submitted(translator_client, story):
    response = translator_client.post(
        translate_url(story), {**CHINESE, "summary": "", "_submit": "1"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["summary"] == ["Translate this field."]
    # A refused action saves nothing, and the page keeps everything typed.
    assertContains(response, 'value="北约领导人在海牙会晤"')
    story.refresh_from_db()
    assert story.title_zh_hans is None
    assert not StoryLanguage.objects.filter(story=story).exists()


def test_editor_publishes_the_chinese_version(editor_client, editor, story, client):
    response = editor_client.post(
        translate_url(story), {**CHINESE, "_publish": "1"}, follow=True
    )

    assertContains(response, "Published.")
    story_language = StoryLanguage.objects.get(story=story)
    assert story_language.status == StoryLanguageStatus.PUBLISHED
    assert story_language.reviewed_by == editor
    assert story_language.published_at is not None
    page = client.get("/zh-hans/story/summit/")
    assertContains(page, "北约领导人在海牙会晤")
    assertContains(client.get("/story/summit/"), "阅读中文版 (Read Chinese Version)")


def test_editor_unpublishes_the_chinese_version(editor_client, client, story):
    editor_client.post(translate_url(story), {**CHINESE, "_publish": "1"})

    editor_client.post(translate_url(story), {**CHINESE, "_unpublish": "1"})

    assert StoryLanguage.objects.get(story=story).status == "unpublished"
    assertContains(client.get("/zh-hans/story/summit/"), "本文暂无中文版")


def test_english_edit_marks_the_translation_out_of_date(editor_client, story):
    editor_client.post(translate_url(story), {**CHINESE, "_publish": "1"})
    story.refresh_from_db()
    story.body_en = "<p>The first paragraph, corrected.</p>"
    story_save(story=story, by=None)

    listing = editor_client.get(reverse("admin:articles_story_changelist"))
    out_of_date = editor_client.get(
        reverse("admin:articles_story_changelist"), {"chinese": "out-of-date"}
    )
    page = editor_client.get(translate_url(story))

    assertContains(listing, "中 ⚠")
    assert list(out_of_date.context["cl"].result_list) == [story]
    assertContains(page, "English changed since approval")
    assertContains(page, "The first paragraph, corrected.")

    editor_client.post(translate_url(story), {**CHINESE, "_acknowledge": "1"})

    assertNotContains(editor_client.get(translate_url(story)), "changed since approval")
    assertContains(
        editor_client.get(reverse("admin:articles_story_changelist")), "中 ✓"
    )


def test_a_translators_edit_of_a_published_translation_waits_for_an_editor(
    editor_client, translator_client, story
):
    editor_client.post(translate_url(story), {**CHINESE, "_publish": "1"})

    response = translator_client.post(
        translate_url(story), {**CHINESE, "title": "改过的标题", "_save": "1"}
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title_zh_hans == "北约领导人在海牙会晤"
    assert story.pending_changes.values["title_zh_hans"] == "改过的标题"


def test_published_translation_of_a_scheduled_story_is_read_only_for_translators(
    editor_client, translator_client
):
    # Not yet public, so an edit could not wait: it would be the published text.
    story = StoryFactory(scheduled=True, hero_image=HeroImageFactory())
    editor_client.post(translate_url(story), {**CHINESE, "_publish": "1"})

    page = translator_client.get(translate_url(story))
    response = translator_client.post(
        translate_url(story), {**CHINESE, "title": "改过的标题", "_save": "1"}
    )

    assertContains(page, "Only an editor who may publish can change it.")
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.title_zh_hans == "北约领导人在海牙会晤"


def test_translators_cannot_change_the_english_story(translator_client, story):
    url = reverse("admin:articles_story_change", args=[story.pk])

    response = translator_client.post(url, {"title_en": "Changed"})

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.title_en != "Changed"


def test_translators_group_has_exactly_the_role_permissions():
    group = Group.objects.get(name="Translators")
    granted = {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in group.permissions.select_related("content_type")
    }

    assert granted == set(all_roles()["Translators"])
    assert "articles.publish_story" not in granted
    assert "articles.change_story" not in granted


def test_changelist_shows_and_filters_the_chinese_state(editor_client):
    StoryFactory(title_en="No Chinese")
    StoryFactory(title_en="Chinese live", published=True, translated=True)

    missing = editor_client.get(
        reverse("admin:articles_story_changelist"), {"chinese": "missing"}
    )
    published = editor_client.get(
        reverse("admin:articles_story_changelist"), {"chinese": "published"}
    )

    assert [s.title_en for s in missing.context["cl"].result_list] == ["No Chinese"]
    assert [s.title_en for s in published.context["cl"].result_list] == ["Chinese live"]
    assertContains(missing, "中 —")


def test_unknown_language_is_404(editor_client, story):
    url = reverse("admin:articles_story_translate", args=[story.pk, "fr"])

    assert editor_client.get(url).status_code == 404


def test_chinese_admin_shows_the_chinese_interface(editor_client, story):
    response = editor_client.get("/zh-hans/admin/articles/story/")

    assertContains(response, "发布所选报道")
    assertContains(response, "中文版")


def test_saving_a_stale_english_copy_keeps_the_translation(editor_client, story):
    stale = Story.objects.get(pk=story.pk)
    editor_client.post(translate_url(story), {**CHINESE, "_save": "1"})

    stale.title_en = "A new English headline"
    story_save(story=stale, by=None)

    story.refresh_from_db()
    assert story.title_en == "A new English headline"
    assert story.title_zh_hans == "北约领导人在海牙会晤"


def test_a_refused_action_on_a_published_translation_changes_nothing(
    editor_client, story, client
):
    editor_client.post(translate_url(story), {**CHINESE, "_publish": "1"})

    # Submitting for review is not a move a published translation can make.
    response = editor_client.post(
        translate_url(story),
        {**CHINESE, "title": "改过的标题", "_submit": "1"},
    )

    assert response.status_code == 200
    assertContains(response, "Please correct the error below.")
    assertContains(response, "This translation is published; that cannot be done now.")
    assertContains(response, 'value="改过的标题"')
    story.refresh_from_db()
    assert story.title_zh_hans == "北约领导人在海牙会晤"
    assert StoryLanguage.objects.get(story=story).status == "published"
    page = client.get("/zh-hans/story/summit/")
    assertContains(page, "北约领导人在海牙会晤")
    assertNotContains(page, "改过的标题")


def test_errors_are_summarised_at_the_top_and_shown_at_their_fields(
    translator_client, story
):
    response = translator_client.post(
        translate_url(story), {**CHINESE, "summary": "", "alt_text": "", "_submit": "1"}
    )

    assertContains(response, "Please correct the errors below.")
    form = response.context["form"]
    assert form.errors["summary"] == ["Translate this field."]
    assert form.errors["alt_text"] == ["Translate the image's alt text."]
    assert "title" not in form.errors


def test_publishing_keeps_the_translator_credited(
    translator_client, editor_client, editor, story
):
    translator_client.post(translate_url(story), {**CHINESE, "_submit": "1"})

    editor_client.post(translate_url(story), {**CHINESE, "_publish": "1"})

    story_language = StoryLanguage.objects.get(story=story)
    assert story_language.status == StoryLanguageStatus.PUBLISHED
    assert story_language.translated_by.username == "translator"
    assert story_language.reviewed_by == editor


def test_an_editors_own_changes_credit_the_editor(
    translator_client, editor_client, editor, story
):
    translator_client.post(translate_url(story), {**CHINESE, "_submit": "1"})

    editor_client.post(
        translate_url(story), {**CHINESE, "title": "北约峰会开幕", "_publish": "1"}
    )

    assert StoryLanguage.objects.get(story=story).translated_by == editor


def test_translator_translates_the_byline_and_the_image_credit(
    translator_client, story, client
):
    response = translator_client.get(translate_url(story))
    assertContains(response, 'name="byline"')
    assertContains(response, 'name="credit"')

    translator_client.post(
        translate_url(story),
        {**CHINESE, "byline": "简·多伊", "credit": "简·多伊／示例通讯社", "_save": "1"},
    )

    story.refresh_from_db()
    story.hero_image.refresh_from_db()
    assert story.byline_zh_hans == "简·多伊"
    assert story.byline_en == "Jane Doe"
    assert story.hero_image.credit_zh_hans == "简·多伊／示例通讯社"
