"""Front door and assessment: contacts, referrals, assessments (``record_create`` and
``record_correct`` under the names the imports and the demo call)."""

from .recording import correct_service, create_service

contact_create = create_service("contact")
contact_update = correct_service("contact", "contact")
referral_create = create_service("referral")
referral_update = correct_service("referral", "referral")
assessment_create = create_service("assessment")
assessment_update = correct_service("assessment", "assessment")
