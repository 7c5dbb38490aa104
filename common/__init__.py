"""Small, domain-free helpers shared by every app (DESIGN section 8, the ground layer)."""
