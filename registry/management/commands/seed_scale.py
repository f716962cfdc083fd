from django.core.management.base import BaseCommand

from registry.scale import seed_scale


class Command(BaseCommand):
    help = (
        "Build a district of N units and M risk points (with measures and history) in bulk, "
        "for benchmarks and for trying the product at size. Logins: scale_inspector, "
        "scale_auditor, scale_leader, scale_head (password demo12345)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--units", type=int, default=1000)
        parser.add_argument("--points", type=int, default=100_000)

    def handle(self, *args, units: int, points: int, **options) -> None:
        report = seed_scale(units=units, points=points, stdout=self.stdout)
        state = "built" if report.created else "already there"
        self.stdout.write(
            f"scale district {state}: {report.units} units, {report.risk_points} risk points, "
            f"{report.measures} measures"
        )
