# Import an owner by its name (its id). email, escalation and description come
# from configuration on the next apply.
terraform import nhi_owner.payments team-payments
