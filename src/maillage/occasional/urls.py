app_name = "occasional"
urlpatterns: list = []
