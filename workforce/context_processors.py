from .selectors import team_names_for


def teams(request) -> dict:
    """The teams the signed-in user works in, for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"current_teams": team_names_for(user)}
