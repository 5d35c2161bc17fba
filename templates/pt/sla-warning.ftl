Subject: Aviso de SLA: ${ticket.subject}

O prazo "${sla.metric}" do pedido ${ticket.id} termina em breve.

Pedido:      ${ticket.id} (${ticket.status}, prioridade ${ticket.priority})
Cliente:     ${customer.address}
Responsável: <#if ticket.assignee?has_content>${ticket.assignee}<#else>ninguém</#if>

--
${mailbox.name}
