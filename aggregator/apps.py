from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin, with the newsroom's site as `admin.site`."""

    default_site = "articles.admin_site.NewsroomAdminSite"
