"""Courts and permanence: care proceedings, pre-proceedings (PLO), adoption
(``record_create`` and ``record_correct`` under the names the imports and the demo call)."""

from .recording import correct_service, create_service

care_proceedings_create = create_service("care-proceedings")
care_proceedings_update = correct_service("care-proceedings", "proceedings")
pre_proceedings_create = create_service("pre-proceedings")
pre_proceedings_update = correct_service("pre-proceedings", "pre_proceedings")
adoption_create = create_service("adoption")
adoption_update = correct_service("adoption", "adoption")
