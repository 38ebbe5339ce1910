"""The DfE's statutory code lists, one module per return (``ssda903``; the children in need census
lists are still in ``casework.codes``). Each list names the DfE validation rule that holds it and the
collection year it changed; ``tests/statutory`` pins every list."""
