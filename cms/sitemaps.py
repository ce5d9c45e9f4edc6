"""The sitemap (/sitemap.xml): Wagtail's, with addresses on the site's
public address (WAGTAILADMIN_BASE_URL) rather than the Site record's
hostname and port, which say nothing of the scheme and are easily left at
Wagtail's localhost:80."""

from urllib.parse import urlsplit

from wagtail.contrib.sitemaps import Sitemap

from cms.paths import absolute_url


class PublicAddressSitemap(Sitemap):
    """The live public pages of the site, each at its public address."""

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            url["location"] = absolute_url(urlsplit(url["location"]).path)
        return urls
