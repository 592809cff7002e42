"""Estimated monthly out-of-pocket cost of a care option (PSU crèche, childminder with CMG)."""
