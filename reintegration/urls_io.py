urlpatterns: list = []  # the import/export views are added by their own commit
