Subject: SLA нарушен: ${ticket.subject}

Срок «${sla.metric}» по заявке ${ticket.id} истёк.

Заявка:      ${ticket.id} (${ticket.status}, приоритет ${ticket.priority})
Клиент:      ${customer.address}
Исполнитель: <#if ticket.assignee?has_content>${ticket.assignee}<#else>не назначен</#if>

--
${mailbox.name}
