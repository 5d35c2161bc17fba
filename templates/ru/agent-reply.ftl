Subject: Re: ${ticket.subject}

${message.text}

--
${agent.name}, ${mailbox.name}
Обращение ${ticket.id}. Чтобы ответить, просто ответьте на это письмо.
