Subject: SLA violado: ${ticket.subject}

O prazo "${sla.metric}" do pedido ${ticket.id} terminou sem resposta.

Pedido:      ${ticket.id} (${ticket.status}, prioridade ${ticket.priority})
Cliente:     ${customer.address}
Responsável: <#if ticket.assignee?has_content>${ticket.assignee}<#else>ninguém</#if>

--
${mailbox.name}
