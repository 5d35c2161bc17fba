Subject: We received your request: ${ticket.subject}

Hello<#if customer.name?has_content> ${customer.name}</#if>,

Thank you for writing to ${mailbox.name}. Your request has been received and
is now ticket ${ticket.id}. An agent will answer you soon.

To add anything, simply reply to this mail and keep [${ticket.id}] in the subject.

${mailbox.name}
