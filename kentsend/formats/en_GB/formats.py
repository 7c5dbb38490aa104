"""How kentsend writes dates and times wherever a template or form shows one without its own
format: long dates ("4 December 2026") and 24-hour times ("14:57"), as the GOV.UK style
guide asks. Django's own en_GB formats ("4 Dec 2006, 2:57 p.m.") fill in everything not set
here, such as the input formats."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
