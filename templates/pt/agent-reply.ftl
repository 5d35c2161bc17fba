Subject: Re: ${ticket.subject}

${message.text}

--
${agent.name}, ${mailbox.name}
Ticket ${ticket.id}. Para responder, basta responder a este e-mail.
