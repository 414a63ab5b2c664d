"""Demo content for the public site."""

from wagtail.models import Page, Site

from .models import HomePage

INTRODUCTION = (
    "<p>Information about three services for children and families, and the portal "
    "where student social workers, practice educators and universities record "
    "practice learning.</p>"
)


def seed_public_site() -> HomePage:
    """Make a HomePage the root of the default site (once)."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Children's social care practice education",
            slug="welcome",
            introduction=INTRODUCTION,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Practice education portal",
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Practice education portal"
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    return home
