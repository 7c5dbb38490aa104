from django.urls import path

from accounts import code_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.root, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/family/", code_views.family_sign_in, name="family-sign-in"),
    path("sign-in/family/code/", code_views.family_sign_in_code, name="family-sign-in-code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/", views.account, name="account"),
    path("account/phone/", views.phone_change, name="phone-change"),
    path("account/api-tokens/", views.api_tokens, name="api-tokens"),
    path(
        "account/api-tokens/<str:token_id>/revoke/",
        views.api_token_revoke_view,
        name="api-token-revoke",
    ),
    path("account/password/", views.password_change, name="password-change"),
    path("account/password/changed/", views.password_change_done, name="password-change-done"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password-reset-complete"),
]
