Subject: Como foi o nosso atendimento? ${ticket.subject}

Olá<#if customer.name?has_content> ${customer.name}</#if>,

A sua solicitação ${ticket.id} foi encerrada. Qual é a sua satisfação com a nossa ajuda?
Clique numa nota para responder (abre um e-mail curto; basta enviá-lo):

<#list survey.scores as s>
  ${s.score} <#if s.score == "5">(muito satisfeito)<#elseif s.score == "1">(insatisfeito)</#if>  ${s.mailto}
</#list>

Ou simplesmente responda a este e-mail com um número de 1 a 5 e um comentário.
Responder não reabre a sua solicitação; para continuá-la, escreva-nos como de costume.

${mailbox.name}
