"""The editors' roles, as auth groups: who may enter articles and who may only review.

Deleting reference data (countries) or published work (an article with approved
figures, an approved figure) is kept for superusers; the admin enforces that
(newsmap/admin.py). The groups are created by a migration and by `sync_roles`.
"""

EDITORS = "Editors"
REVIEWERS = "Reviewers"

_REVIEW = ["view_article", "view_figure", "change_figure", "view_country", "view_historicalarticle"]
ROLES = {
    # Enter articles (add, paste, upload, import), correct and review their figures.
    EDITORS: [*_REVIEW, "view_historicalfigure", "add_article", "change_article", "delete_article", "add_figure"],
    # Approve, correct or reject the proposed figures; nothing else, and no deleting.
    REVIEWERS: [*_REVIEW, "view_historicalfigure"],
}


def sync_roles(Group, Permission):
    """Create the groups with exactly their permissions (models passed in, as a migration has them)."""
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="newsmap", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"permissions not found for the {name} group: {sorted(missing)}")
        group.permissions.set(permissions)
