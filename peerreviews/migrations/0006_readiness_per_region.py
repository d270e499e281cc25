"""Readiness is checked per region: the review's triple becomes the host's, and the peer gets its own."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("peerreviews", "0005_facilitator")]

    operations = [
        migrations.RenameField("peerreview", "ready_stable", "host_ready_stable"),
        migrations.RenameField("peerreview", "ready_learning", "host_ready_learning"),
        migrations.RenameField("peerreview", "ready_full_peer", "host_ready_full_peer"),
        migrations.AlterField(
            "peerreview",
            "host_ready_stable",
            models.BooleanField(blank=True, null=True, verbose_name="the host region is stable"),
        ),
        migrations.AlterField(
            "peerreview",
            "host_ready_learning",
            models.BooleanField(blank=True, null=True, verbose_name="the host region has learning capacity"),
        ),
        migrations.AlterField(
            "peerreview",
            "host_ready_full_peer",
            models.BooleanField(blank=True, null=True, verbose_name="the host region can be a full peer"),
        ),
        migrations.AddField(
            "peerreview",
            "peer_ready_stable",
            models.BooleanField(blank=True, null=True, verbose_name="the peer region is stable"),
        ),
        migrations.AddField(
            "peerreview",
            "peer_ready_learning",
            models.BooleanField(blank=True, null=True, verbose_name="the peer region has learning capacity"),
        ),
        migrations.AddField(
            "peerreview",
            "peer_ready_full_peer",
            models.BooleanField(blank=True, null=True, verbose_name="the peer region can be a full peer"),
        ),
        # An external review checked before this change answered for both regions at once.
        migrations.RunSQL(
            "UPDATE peerreviews_peerreview SET peer_ready_stable = host_ready_stable, "
            "peer_ready_learning = host_ready_learning, peer_ready_full_peer = host_ready_full_peer "
            "WHERE kind = 'external'",
            migrations.RunSQL.noop,
        ),
    ]
