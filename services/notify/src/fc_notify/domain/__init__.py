"""The notify service's rules and records, apart from any I/O: which events become which
notification and when a letter is worth sending (notifications.py), what each says
(messages.py), and an e-mail's delivery attempts (deliveries.py)."""
