"""The public Local Offer: search, a service's page and feedback. No sign-in needed."""
