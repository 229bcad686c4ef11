from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('insatser', '0011_rekvisition_retur_betald_av'),
    ]

    operations = [
        migrations.AddField(
            model_name='arsbudget',
            name='underlag',
            field=models.TextField(blank=True, help_text='Vilka beslut bidragen och det egna kapitalet bygger på, t.ex. medlemssamrådets överenskommelse och styrelsens budgetbeslut med datum och paragraf.', verbose_name='underlag'),
        ),
    ]
