package org.postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HTML bodies as Outlook, Gmail and Thunderbird write them read as the text their author saw. */
class HtmlToTextTest {

    @Test
    void outlookParagraphsKeepTheirTypedBlankLinesAndNoOthers() {
        String html = """
                <html><head><style>p.MsoNormal { margin:0cm; }</style></head><body lang=PT-BR>
                <div class=WordSection1>
                <p class=MsoNormal>Bom dia,<o:p></o:p></p>
                <p class=MsoNormal><o:p>&nbsp;</o:p></p>
                <p class=MsoNormal>O boleto venceu ontem.<o:p></o:p></p>
                <p class=MsoNormal>Podem reenviar?<o:p></o:p></p>
                </div></body></html>
                """;
        assertThat(HtmlToText.convert(html)).isEqualTo("Bom dia,\n\nO boleto venceu ontem.\nPodem reenviar?");
    }

    @Test
    void gmailEmptyDivIsOneBlankLine() {
        String html = "<div dir=\"ltr\">Oi,<div><br></div><div>tudo certo?</div></div>";
        assertThat(HtmlToText.convert(html)).isEqualTo("Oi,\n\ntudo certo?");
    }

    @Test
    void tableCellsStayApartOnTheirRow() {
        String html = "<table>\n <tr>\n  <td>Pedido</td>\n  <td> 4521 </td>\n </tr>\n"
                + " <tr><td>Total</td><td>R$ 90</td></tr>\n</table>";
        assertThat(HtmlToText.convert(html)).isEqualTo("Pedido\t4521\nTotal\tR$ 90");
    }

    @Test
    void preformattedTextKeepsItsIndentation() {
        String html = "<p>Erro:</p><pre>java.lang.NullPointerException\n    at Loja.salvar(Loja.java:42)</pre>";
        assertThat(HtmlToText.convert(html))
                .isEqualTo("Erro:\njava.lang.NullPointerException\n    at Loja.salvar(Loja.java:42)");
    }

    @Test
    void linkShowsItsTargetUnlessTheTextIsTheTarget() {
        String html = "<p><a href=\"https://example.com/a\">aqui</a> e"
                + " <a href=\"https://example.com/b\">https://example.com/b</a></p>";
        assertThat(HtmlToText.convert(html)).isEqualTo("aqui <https://example.com/a> e https://example.com/b");
    }
}
