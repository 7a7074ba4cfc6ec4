"""The one error every operation raises when it refuses an action."""


class OperationError(Exception):
    """An action refused with a Vietnamese reason; nothing was changed."""
