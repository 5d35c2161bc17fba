Subject: How did we do? ${ticket.subject}

Hello<#if customer.name?has_content> ${customer.name}</#if>,

Your request ${ticket.id} is closed. How satisfied are you with our help?
Click one score to answer (it opens a short mail; just send it):

<#list survey.scores as s>
  ${s.score} <#if s.score == "5">(very satisfied)<#elseif s.score == "1">(not satisfied)</#if>  ${s.mailto}
</#list>

Or just reply to this mail with a number from 1 to 5 and a comment.
Answering does not reopen your request; to continue it, write to us as usual.

${mailbox.name}
