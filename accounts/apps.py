from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from accounts.throttle import login_failed

        user_login_failed.connect(login_failed, dispatch_uid="accounts-login-address-failures")
