"""Child protection and child in need: strategy discussions, section 47 enquiries,
conferences, plans, visits, reviews, advocacy (``record_create`` and ``record_correct``
under the names the imports and the demo call)."""

from .recording import correct_service, create_service

strategy_discussion_create = create_service("strategy-discussion")
strategy_discussion_update = correct_service("strategy-discussion", "strategy_discussion")
section47_create = create_service("section-47")
section47_update = correct_service("section-47", "enquiry")
conference_create = create_service("conference")
conference_update = correct_service("conference", "conference")
cp_plan_create = create_service("cp-plan")
cp_plan_update = correct_service("cp-plan", "plan")
cp_visit_create = create_service("cp-visit")
cp_visit_update = correct_service("cp-visit", "visit")
cin_plan_create = create_service("cin-plan")
cin_plan_update = correct_service("cin-plan", "plan")
cin_plan_review_create = create_service("cin-plan-review")
cin_plan_review_update = correct_service("cin-plan-review", "review")
advocacy_create = create_service("advocacy")
advocacy_update = correct_service("advocacy", "advocacy")
