from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.page_cache import invalidate, pages_changed
        from cms.ratelimit import check_rates

        check_rates()  # a mistyped rate stops the start, not every sign-up

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(pages_changed)
        # A page made private must leave the cache at once, like a site change.
        for model in (Site, PageViewRestriction):
            post_save.connect(invalidate, sender=model)
            post_delete.connect(invalidate, sender=model)
        # So must a change of the groups a page is restricted to (the
        # restrictions cms.site_cache keeps carry their groups).
        m2m_changed.connect(invalidate, sender=PageViewRestriction.groups.through)
