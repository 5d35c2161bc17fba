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
     * Quote containers. Mail.ru's web client adds {@code _mr_css_attr} to class names when a message is
     * forwarded, hence the match on how a class name starts.
     */
    private static final String QUOTES = ".gmail_quote, .yahoo_quoted, [class~=(^|\\s)mail-quote-collapse],"
            + " #composeWebView_previouse_content, #mail-app-auto-quote";

    /**
     * Attributions that clients keep in an element of their own (Gmail's {@code .gmail_attr}, Thunderbird's
     * {@code .moz-cite-prefix}) and marked signatures: Gmail's, Thunderbird's {@code <pre class=moz-signature>},
     * Outlook on the web's {@code #Signature}, the Mail.ru app's footer.
     */
    private static final String REMOVE = ".gmail_attr, .moz-cite-prefix, .gmail_signature, .gmail_signature_prefix,"
            + " .moz-signature, div#Signature, #mail-app-auto-signature";

    /** A From: label opening Outlook's header block, in the text right after an {@code <hr>} or a border. */
    private static final Pattern FROM_BLOCK = Pattern.compile("^(?:from|от|de|von)\\s*:",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /**
     * Enough text to see a header label, found within a few nodes; both bounds keep a big message with
     * many {@code <hr>}s linear.
     */
    private static final int LOOK_AHEAD_CHARS = 40;
    private static final int LOOK_AHEAD_NODES = 30;

    private HtmlQuotes() {
    }

    /**
     * The HTML with its quotes and marked signatures removed. Each quote container is replaced by a
     * line holding only {@code >}, so that the text rules treat it as they treat a plain-text quote:
     * the attribution written above it goes with it, answers written below it stay.
     */
    static String strip(String html) {
        Document doc = Jsoup.parse(html);
        doc.select(REMOVE).remove();
        // Containers before cuts: a header block quoted inside a blockquote must not cut the answers
        // written after that blockquote in an interleaved reply.
        for (Element e : doc.select("blockquote")) {
            if (!isIndent(e)) {
                markQuote(e);
            }
        }
        doc.select(QUOTES).forEach(HtmlQuotes::markQuote);
        for (Element e : doc.select(CUT_AT)) {
            Element before = e.previousElementSibling();
            cutFrom(before != null && before.nameIs("hr") ? before : e);
        }
        // Outlook desktop opens its header block with a top border (2010 and later) or an <hr> (older).
        for (Element e : doc.select("hr, [style*=border-top]")) {
            if (attached(e) && isOutlookHeader(e)) {
                cutFrom(e);
            }
        }
        // pretty printing would add whitespace between blocks, which HtmlToText renders as blank lines
        doc.outputSettings().prettyPrint(false);
        return doc.outerHtml();
    }

    private static boolean isOutlookHeader(Element e) {
        StringBuilder text = new StringBuilder();
        Node node = e;
        for (int seen = 0; seen < LOOK_AHEAD_NODES && text.length() < LOOK_AHEAD_CHARS; seen++) {
            node = nextInDocument(node);
            if (node == null) {
                break;
            }
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

    private static void markQuote(Element quote) {
        if (attached(quote)) {
            quote.replaceWith(new Element("div").text(">"));
        }
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
