package org.postdesk.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.postdesk.store.BlobStore;

/**
 * Visible text of real clients' replies (the corpus under {@code mail/replies}: every {@code .eml} there
 * is a case, checked against the {@code .expected.txt} beside it), and the rules that keep quoted
 * internal notes away from customers.
 */
class VisibleTextTest {

    private static final String INTERNAL_NOTE = "Internal note: customer owes two invoices, do not ship";

    @TempDir
    Path tempDir;

    static Stream<Named<Path>> corpus() throws IOException, URISyntaxException {
        Path folder = Path.of(VisibleTextTest.class.getResource("/mail/replies").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> emls = files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
            return emls.stream().map(eml -> Named.of(eml.getFileName().toString(), eml));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusMessageShowsOnlyItsNewText(Path eml) throws IOException {
        String name = eml.getFileName().toString();
        Path expectedFile = eml.resolveSibling(name.substring(0, name.length() - ".eml".length()) + ".expected.txt");
        assertThat(expectedFile).as("every corpus message needs its expected text beside it").exists();

        ParsedMessage parsed;
        try (InputStream in = Files.newInputStream(eml)) {
            parsed = new ParseMessage(new BlobStore(tempDir, true)).parse(in);
        }
        String visible = VisibleText.extract(parsed.text(), parsed.html().orElse(null));

        assertThat(lines(visible)).isEqualTo(lines(Files.readString(expectedFile, StandardCharsets.UTF_8)));
        assertThat(parsed.visible()).isEqualTo(visible);
    }

    @Test
    void messageThatIsNothingButAQuoteKeepsTheOriginal() {
        String text = """
                On Mon, Mar 11, 2024 at 2:22 PM Postdesk Support <support@example.com> wrote:

                > Hello Ann,
                > Your ticket is solved.
                """;

        assertThat(VisibleText.extract(text, null)).isEqualTo(text.strip());
        assertThat(VisibleText.newText(text, null)).isEmpty();
    }

    @Test
    void lineThatMentionsWroteMidParagraphIsKept() {
        String text = """
                Hi,

                As the customer wrote: the printer on floor 2 jams at 9:30 every day.
                On Monday the technician wrote:
                the rollers are worn out.

                Tom""";

        assertThat(VisibleText.extract(text, null)).isEqualTo(text);
    }

    @Test
    void attributionThatGmailWrappedOverTwoLinesGoesWithTheQuote() {
        String text = """
                Já foi pago.

                Em seg., 11 de mar. de 2024 às 14:22, Suporte Postdesk <
                suporte@example.com> escreveu:

                > Consta em aberto o boleto de fevereiro.
                """;

        assertThat(VisibleText.extract(text, null)).isEqualTo("Já foi pago.");
    }

    @Test
    void rowOfDashesAndHeaderLinesOverATrailingQuoteGoWithIt() {
        // Yandex writes Кому:/Тема: lines under a row of dashes, above the attribution
        String text = """
                Сертификаты пришлите на этот же адрес.

                ----------------
                Кому: Иван Петров (ivan.petrov@yandex.ru);
                Тема: [SUP-1051] Сертификаты;
                11.03.2024, 14:22, "Служба поддержки" <support@example.com>:
                > Сертификаты готовы, куда их отправить?
                """;

        assertThat(VisibleText.extract(text, null)).isEqualTo("Сертификаты пришлите на этот же адрес.");
    }

    @Test
    void quotedInternalNoteNeverSurvivesInGmailShape() {
        String text = """
                Hello Ann, your replacement ships today.

                On Mon, Mar 11, 2024 at 2:22 PM Postdesk <support@example.com> wrote:

                > New message from Ann Customer:
                > Where is my replacement?
                >
                > %s
                """.formatted(INTERNAL_NOTE);

        assertThat(VisibleText.extract(text, null))
                .isEqualTo("Hello Ann, your replacement ships today.")
                .doesNotContain("Internal note");
    }

    @Test
    void quotedInternalNoteNeverSurvivesInOutlookShape() {
        String text = """
                Hello Ann, your replacement ships today.

                From: Postdesk <support@example.com>
                Sent: Monday, March 11, 2024 2:22 PM
                To: Tom Agent <tom@example.com>
                Subject: [SUP-1042] Replacement

                %s
                """.formatted(INTERNAL_NOTE);

        assertThat(VisibleText.extract(text, null)).doesNotContain("Internal note");
    }

    @Test
    void htmlStructureWinsWhenThePlainTextQuoteHeaderIsInAnUnknownLanguage() {
        // Polish Outlook: the text rules know no "Od:/Wysłane:/Do:/Temat:", the HTML container gives it away
        String text = """
                Hello Ann, your replacement ships today.

                Od: Postdesk <support@example.com>
                Wysłane: poniedziałek, 11 marca 2024 14:22
                Do: Tom Agent <tom@example.com>
                Temat: [SUP-1042] Replacement

                New message from Ann Customer: Where is my replacement?
                %s
                """.formatted(INTERNAL_NOTE);
        String html = """
                <div>Hello Ann, your replacement ships today.</div>
                <div id="appendonsend"></div><hr style="display:inline-block;width:98%%" tabindex="-1">
                <div id="divRplyFwdMsg" dir="ltr"><b>Od:</b> Postdesk &lt;support@example.com&gt;<br>
                <b>Wysłane:</b> poniedziałek, 11 marca 2024 14:22<br><b>Do:</b> Tom Agent<br>
                <b>Temat:</b> [SUP-1042] Replacement</div>
                <div>New message from Ann Customer: Where is my replacement?<br>%s</div>
                """.formatted(INTERNAL_NOTE);

        assertThat(VisibleText.extract(text, html)).isEqualTo("Hello Ann, your replacement ships today.");
    }

    @Test
    void firstQuoteHeaderWinsOverALaterOneInsideTheQuote() {
        String text = """
                Replacement ships today.

                -----Исходное сообщение-----
                От: Служба поддержки <support@example.com>
                %s

                On Mon, Mar 11, 2024 at 9:00 AM Ann <ann@customer.test> wrote:
                > Where is my replacement?
                """.formatted(INTERNAL_NOTE);

        assertThat(VisibleText.extract(text, null)).isEqualTo("Replacement ships today.");
    }

    @Test
    void answersAfterAQuoteThatHoldsAnOutlookHeaderAreKept() {
        String html = """
                <div>On 11/03/2024 14:22, Tom wrote:</div>
                <blockquote type="cite"><div>Which model?</div>
                <div style="border:none;border-top:solid #E1E1E1 1.0pt"><p><b>From:</b> Postdesk</p></div>
                <p>%s</p></blockquote>
                <div>HP LaserJet Pro M404dn.</div>""".formatted(INTERNAL_NOTE);

        assertThat(VisibleText.extract(HtmlToText.convert(html), html)).isEqualTo("HP LaserJet Pro M404dn.");
    }

    @Test
    void gmailIndentIsTheWritersOwnTextNotAQuote() {
        String html = """
                <div dir="ltr">Steps:<blockquote style="margin:0 0 0 40px;border:none;padding:0px">
                <div>unplug the printer</div></blockquote><div>Tom</div></div>""";

        assertThat(VisibleText.extract("Steps:\n\n    unplug the printer\n\nTom", html)).contains("unplug the printer");
    }

    @Test
    void signatureAndMobileFooterGoEvenWithoutQuote() {
        String text = "Will do, thanks.\n\nОтправлено с iPhone\n\n-- \nAnn Customer\n+44 113 496 0000\n";

        assertThat(VisibleText.extract(text, null)).isEqualTo("Will do, thanks.");
    }

    @Test
    void messageAsLargeAsATextBodyMayBeIsStrippedQuickly() {
        // about 3 MB: ParseMessage keeps at most 4 MB of text
        StringBuilder text = new StringBuilder("Thanks!\n\nOn Mon, Mar 11, 2024 at 2:22 PM Support <s@example.com>\n");
        for (int i = 0; i < 50_000; i++) {
            text.append("> On line ").append(i).append(" From: a wrote: 11.03.2024 14:22 <x@example.com>:\n");
        }
        String html = "<div>Thanks!</div><blockquote>" + "<div><hr>From: x</div>".repeat(10_000) + "</blockquote>";

        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThat(VisibleText.extract(text.toString(), html)).isEqualTo("Thanks!"));
    }

    /** Lines with trailing whitespace trimmed, trailing blank lines dropped: what a reader sees. */
    private static String lines(String text) {
        return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).stripTrailing();
    }
}
