Subject: Recebemos a sua solicitação: ${ticket.subject}

Olá<#if customer.name?has_content> ${customer.name}</#if>,

Obrigado por escrever para ${mailbox.name}. A sua solicitação foi recebida e
registrada como ticket ${ticket.id}. Um atendente responderá em breve.

Para acrescentar algo, basta responder a este e-mail mantendo [${ticket.id}] no assunto.

${mailbox.name}
