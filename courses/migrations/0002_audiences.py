from django.db import migrations

AUDIENCES = [
    ("coordinators", "Координаторы", "Үйлестірушілер", "Coordinators"),
    ("volunteers", "Волонтёры", "Волонтерлер", "Volunteers"),
    ("trainers", "Тренеры", "Тренерлер", "Trainers"),
    ("students", "Студенты", "Студенттер", "Students"),
    ("mentors", "Наставники", "Тәлімгерлер", "Mentors"),
]


def add_audiences(apps, schema_editor):
    Audience = apps.get_model("courses", "Audience")
    for order, (code, ru, kk, en) in enumerate(AUDIENCES):
        Audience.objects.get_or_create(
            code=code, defaults={"name_ru": ru, "name_kk": kk, "name_en": en, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(add_audiences, migrations.RunPython.noop)]
