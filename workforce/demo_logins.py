def print_demo_logins(stdout) -> None:
    """Print the demo logins, where the demo data was loaded (``seed_demo`` refuses production)."""
    from workforce.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_already_loaded

    if not demo_already_loaded():
        return
    stdout.write("")
    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
    for login in DEMO_LOGINS:
        stdout.write(f"  {login.username:<22} {login.role.value:<20} {login.description}")
    stdout.write("")
