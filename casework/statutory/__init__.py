"""The DfE's statutory code lists, one module per return (``ssda903``, ``cin_census``). Each list
names the DfE validation rule that holds it and the collection year it changed; ``tests/statutory``
pins every list."""
