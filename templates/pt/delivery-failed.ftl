Subject: E-mail não entregue: ${ticket.subject}

O e-mail (${bounce.mail}) enviado no ticket ${ticket.id} para ${bounce.recipient} foi devolvido sem entrega.

Estado: ${bounce.status} (${bounce.action})
Motivo indicado: ${bounce.diagnostic}
<#if bounce.suppressedUntil?has_content>

É uma falha permanente: ${bounce.recipient} não recebe e-mails automáticos até ${bounce.suppressedUntil}.
</#if>

Confirme o endereço com o cliente por outra via, ou corrija-o no ticket.

--
Ticket ${ticket.id} em ${mailbox.name}. A devolução fica no registo do ticket, não como mensagem.
