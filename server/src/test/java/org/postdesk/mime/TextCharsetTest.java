package org.postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Undeclared and mislabelled 8-bit text, as short as a subject line, reads as the words that were written. */
class TextCharsetTest {

    private static final Charset CP1251 = Charset.forName("windows-1251");
    private static final Charset KOI8R = Charset.forName("KOI8-R");
    private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;

    /** The statistical detector alone reads several of these as MacCyrillic, windows-1252, even Greek or Hebrew. */
    @ParameterizedTest
    @ValueSource(strings = {"Счёт не пришёл", "СРОЧНО", "ООО Ромашка", "Re: Счёт 15", "Re: Заказ", "Ошибка 502",
        "Вопрос", "Анна", "Пётр Иванов", "Ольга Смирнова", "Здравствуйте", "ВАЖНО: оплата", "Не могу войти в почту",
        "Re: [SUP-12] Не работает", "Fw: Договор", "Договор.pdf", "Отчёт за октябрь", "Вопрос по заказу 4417",
        "Добрый день! Прошу выставить счёт на оплату, реквизиты во вложении."})
    void shortRussianReadsRightInWindows1251AndKoi8r(String text) {
        assertThat(new String(text.getBytes(CP1251), TextCharset.detect(text.getBytes(CP1251)))).isEqualTo(text);
        assertThat(new String(text.getBytes(KOI8R), TextCharset.detect(text.getBytes(KOI8R)))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Счёт №15 не пришёл", "ООО «Ромашка»", "Оплата — до пятницы"})
    void windows1251PunctuationKoi8rLacksStillReadsRight(String text) {
        assertThat(new String(text.getBytes(CP1251), TextCharset.detect(text.getBytes(CP1251)))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Não consigo emitir a nota fiscal", "João Silva", "Cobrança indevida", "Olá",
        "Informações", "Fatura de março", "SÃO PAULO", "Re: Cotação", "Conceição", "Dúvida", "Atenção: pagamento",
        "Fw: Orçamento", "Ref. reunião", "Nota fiscal nº 1234, 2ª via", "O usuário é joao", "é a terceira vez"})
    void shortPortugueseReadsRightInLatin1(String text) {
        assertThat(new String(text.getBytes(LATIN1), TextCharset.detect(text.getBytes(LATIN1)))).isEqualTo(text);
    }

    @Test
    void utf8LabelOverWindows1251BytesIsDetected() {
        byte[] bytes = "Здравствуйте, не приходит письмо с подтверждением.".getBytes(CP1251);
        assertThat(TextCharset.choose(bytes, "utf-8")).isEqualTo(CP1251);
    }

    @Test
    void windows1251LabelOverUtf8BytesIsReadAsUtf8() {
        byte[] bytes = "Здравствуйте, не приходит письмо.".getBytes(StandardCharsets.UTF_8);
        assertThat(TextCharset.choose(bytes, "windows-1251")).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void utf8CutInsideItsLastLetterStaysUtf8() {
        byte[] whole = "Не приходит код подтверждения".getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(whole, whole.length - 1);
        assertThat(TextCharset.choose(cut, "utf-8")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(TextCharset.detect(cut)).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void usAsciiLabelOverEightBitBytesIsADefaultNotAStatement() {
        byte[] bytes = "Não consigo acessar".getBytes(LATIN1);
        assertThat(TextCharset.decode(bytes, "us-ascii")).isEqualTo("Não consigo acessar");
    }

    @Test
    void unknownCharsetIsDetected() {
        byte[] bytes = "Заказ оплачен, статус не изменился".getBytes(KOI8R);
        assertThat(TextCharset.decode(bytes, "x-unknown-123")).isEqualTo("Заказ оплачен, статус не изменился");
    }

    @Test
    void declaredSingleByteCharsetIsKeptForItsOwnBytes() {
        byte[] bytes = "Ação".getBytes(LATIN1);
        assertThat(TextCharset.choose(bytes, "iso-8859-1")).isEqualTo(LATIN1);
    }
}
