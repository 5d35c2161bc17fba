Subject: Não executado: os seus comandos para ${ticket.subject}

Olá ${agent.name},

Nada do seu e-mail sobre ${ticket.id} foi feito: nenhum comando correu, nada mudou
e nada foi enviado ao cliente, porque:

<#list problems as p>
- <#if p.line != "0">linha ${p.line}, </#if>${p.text}
  ${p.reason}
</#list>

Corrija e envie o e-mail de novo (basta responder a este). Escreveu:

${text}

--
Os comandos vão no início do e-mail, um por linha, antes do texto:
#status open|pending|closed, #close, #reopen, #snooze 2d | 2026-12-01 09:00,
#assign ENDEREÇO|me|nobody, #group GRUPO, #priority low|normal|high|urgent,
#tag A B, #untag A, #note, #task ENDEREÇO|me 2026-12-01 O-QUÊ, #done T-3, #merge SUP-12.
