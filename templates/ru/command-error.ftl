Subject: Не выполнено: ваши команды для ${ticket.subject}

Здравствуйте, ${agent.name}!

Из вашего письма по обращению ${ticket.id} ничего не выполнено: ни одна команда
не запущена, ничего не изменено, клиенту ничего не отправлено, потому что:

<#list problems as p>
- <#if p.line != "0">строка ${p.line}, </#if>${p.text}
  ${p.reason}
</#list>

Исправьте и отправьте письмо снова (можно ответом на это). Вы написали:

${text}

--
Команды пишутся в начале письма, по одной в строке, перед текстом:
#status open|pending|closed, #close, #reopen, #snooze 2d | 2026-12-01 09:00,
#assign АДРЕС|me|nobody, #group ГРУППА, #priority low|normal|high|urgent,
#tag A B, #untag A, #note, #task АДРЕС|me 2026-12-01 ЧТО, #done T-3, #merge SUP-12.
