Subject: Re: ${ticket.subject}

${message.text}

--
${agent.name}, ${mailbox.name}
Ticket ${ticket.id}. To answer, simply reply to this mail.
