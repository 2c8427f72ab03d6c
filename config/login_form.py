"""The login form of the admin and of the practitioner portal."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    """Django's form, with its username length enforced: AuthenticationForm sets
    the field's max_length after the field is built, so its validator is never
    added, and a 300-character username went on to django-axes, whose column
    holds 255 (a server error on PostgreSQL). No account has such a name."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
