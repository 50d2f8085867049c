-- Acknowledging calls off the escalations raised about that person: look them up by escalated_from.
create index warning_recipients_escalated_from on warning_recipients (escalated_from) where kind = 'escalation';
