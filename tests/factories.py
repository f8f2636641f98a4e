"""factory_boy factories for the core models."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from lms.accounts.models import Membership, Organisation, Region, User
from lms.pages.models import Material, MaterialTopic

PASSWORD = "correct-horse-battery-staple"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"KZ-{n + 100}")
    country = "KZ"
    time_zone = "Asia/Almaty"
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_kk = factory.Sequence(lambda n: f"{n} облысы")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Организация {n}")
    kind = Organisation.Kind.NGO
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Человек Номер {n}")
    preferred_language = "ru"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users can sign in unless built with ``verified=False``."""
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """``groups=["Editors"]``: the admin groups the person belongs to (they must exist)."""
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.COORDINATOR


class MaterialTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaterialTopic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    name_kk = factory.Sequence(lambda n: f"Тақырып {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    title = factory.Sequence(lambda n: f"Методичка {n}")
    description = "Пособие для координаторов"
    topic = factory.SubFactory(MaterialTopicFactory)
    language = "ru"
    file = factory.LazyAttribute(
        lambda o: ContentFile(b"%PDF-1.4 demo", name=f"{o.title.replace(' ', '-')}.pdf")
    )
