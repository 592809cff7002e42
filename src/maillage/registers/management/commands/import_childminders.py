from maillage.registers.management.commands._register_command import RegisterImportCommand


class Command(RegisterImportCommand):
    kind = "childminders"
