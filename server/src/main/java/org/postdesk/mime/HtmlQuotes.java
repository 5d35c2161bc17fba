package org.postdesk.mime;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Removes quoted history and marked signatures from an HTML reply by the containers clients put them
 * in. Structure is more reliable than wording here: a client's quote container is the same in every
 * language, while the text rules only know the languages they were taught.
 */
final class HtmlQuotes {

    /**
     * Where a client starts its quote with no container around it; the marker and everything after it
     * in document order is history. Outlook on the web: {@code #appendonsend}, then an {@code <hr>},
     * then {@code #divRplyFwdMsg}. Outlook for Mac and iOS: {@code #mail-editor-reference-message-container}.
     */
    private static final String CUT_AT = "#appendonsend, #divRplyFwdMsg, #mail-editor-reference-message-container";

    /**
     * Quote containers and the attributions clients keep beside them (Gmail's {@code .gmail_attr},
     * Thunderbird's {@code .moz-cite-prefix}); Mail.ru's web client adds {@code _mr_css_attr} to class
     * names when a message is forwarded, hence the prefix match. Marked signatures go too: Gmail's,
     * Thunderbird's {@code <pre class=moz-signature>}, Outlook on the web's {@code #Signature} and the
     * Mail.ru app's footer.
     */
    private static final String REMOVE = ".gmail_quote, .gmail_attr, .moz-cite-prefix, .yahoo_quoted,"
            + " [class~=^mail-quote-collapse], #composeWebView_previouse_content, #mail-app-auto-quote,"
            + " .gmail_signature, .gmail_signature_prefix, .moz-signature, div#Signature, #mail-app-auto-signature";

    /** A From: label opening Outlook's header block, in the text right after an {@code <hr>} or a border. */
    private static final Pattern FROM_BLOCK = Pattern.compile("^(?:from|от|de|von)\\s*:",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** Enough text to see a header label; bounded so that many {@code <hr>}s in a big message stay cheap. */
    private static final int LOOK_AHEAD = 40;

    private HtmlQuotes() {
    }

    /** The HTML with its quotes and marked signatures removed. */
    static String strip(String html) {
        Document doc = Jsoup.parse(html);
        for (Element e : doc.select(CUT_AT)) {
            cutFrom(e.previousElementSibling() != null && e.previousElementSibling().nameIs("hr")
                    ? e.previousElementSibling() : e);
        }
        // Outlook desktop opens its header block with a top border (2010 and later) or an <hr> (older).
        for (Element e : doc.select("hr, [style*=border-top]")) {
            if (attached(e) && isOutlookHeader(e)) {
                cutFrom(e);
            }
        }
        for (Element e : doc.select("blockquote")) {
            if (!isIndent(e)) {
                e.remove();
            }
        }
        doc.select(REMOVE).remove();
        // pretty printing would add whitespace between blocks, which HtmlToText renders as blank lines
        doc.outputSettings().prettyPrint(false);
        return doc.outerHtml();
    }

    private static boolean isOutlookHeader(Element e) {
        StringBuilder text = new StringBuilder();
        Node node = e;
        while (text.length() < LOOK_AHEAD && (node = nextInDocument(node)) != null) {
            if (node instanceof TextNode t) {
                text.append(t.text());
            }
        }
        return FROM_BLOCK.matcher(text.toString().replace('\u00a0', ' ').strip()).find();
    }

    /**
     * Gmail's "indent" button makes {@code <blockquote style="margin:0 0 0 40px;border:none;padding:0px">}:
     * the writer's own text, moved right. A quoting blockquote always has a left border or type=cite.
     */
    private static boolean isIndent(Element blockquote) {
        String style = blockquote.attr("style").replace(" ", "").toLowerCase(Locale.ROOT);
        return style.contains("border:none") && !blockquote.hasClass("gmail_quote")
                && !blockquote.attr("type").equalsIgnoreCase("cite");
    }

    /** Removes {@code start} and everything after it in document order. */
    private static void cutFrom(Element start) {
        if (!attached(start)) {
            return;
        }
        Node node = start;
        while (node != null && !(node instanceof Element e && e.nameIs("body"))) {
            while (node.nextSibling() != null) {
                node.nextSibling().remove();
            }
            node = node.parentNode();
        }
        start.remove();
    }

    private static boolean attached(Element e) {
        return e.ownerDocument() != null;
    }

    private static Node nextInDocument(Node node) {
        if (node.childNodeSize() > 0) {
            return node.childNode(0);
        }
        Node up = node;
        while (up != null && up.nextSibling() == null) {
            up = up.parentNode();
        }
        return up == null ? null : up.nextSibling();
    }
}
