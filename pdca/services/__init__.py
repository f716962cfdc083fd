"""Every write of the cycle: keyword-only arguments, one transaction, history with the actor."""
