# Written by hand (other parts of issue 11 change insatser's models at the
# same time): who returned or paid a claim, the return's own comment, and the
# returned claim a corrected one replaces.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('insatser', '0010_rapporter'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='rekvisition',
            name='kommentar',
            field=models.TextField(blank=True, help_text='Skriv inga uppgifter om enskilda deltagare: bara antal.', verbose_name='kommentar'),
        ),
        migrations.AddField(
            model_name='rekvisition',
            name='returnerad_av',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='returnerad av'),
        ),
        migrations.AddField(
            model_name='rekvisition',
            name='returnerad',
            field=models.DateTimeField(blank=True, null=True, verbose_name='returnerad'),
        ),
        migrations.AddField(
            model_name='rekvisition',
            name='returkommentar',
            field=models.TextField(blank=True, verbose_name='varför den returnerades'),
        ),
        migrations.AddField(
            model_name='rekvisition',
            name='betald_av',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='betalning registrerad av'),
        ),
        migrations.AddField(
            model_name='rekvisition',
            name='ersatter',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ersatt_av', to='insatser.rekvisition', verbose_name='ersätter'),
        ),
    ]
