package org.postdesk.mime;

import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Readable plain text from an HTML mail body: paragraphs and line breaks kept, links shown with
 * their target, scripts and styles dropped. jsoup parses the tag soup real clients send.
 */
public final class HtmlToText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr",
            "table", "blockquote", "pre", "ul", "ol", "section", "article", "header", "footer", "hr", "dt", "dd");

    private HtmlToText() {
    }

    public static String convert(String html) {
        Element body = Jsoup.parse(html).body();
        body.select("script, style, head, title").remove();
        StringBuilder out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    appendText(out, text);
                } else if (node instanceof Element e) {
                    if (e.nameIs("br")) {
                        out.append('\n');
                    } else if (BLOCKS.contains(e.normalName())) {
                        newLine(out);
                    } else if (e.nameIs("td") || e.nameIs("th")) {
                        nextCell(out);
                    }
                    if (e.nameIs("li")) {
                        out.append("- ");
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e) {
                    if (BLOCKS.contains(e.normalName())) {
                        newLine(out);
                        if (isSpacerParagraph(e)) {
                            out.append('\n');
                        }
                    } else if (e.nameIs("a")) {
                        String href = e.attr("href");
                        if (href.startsWith("http") && !e.text().strip().equals(href)) {
                            out.append(" <").append(href).append('>');
                        }
                    }
                }
            }
        }, body);
        return out.toString()
                .replace('\u00a0', ' ')
                .replaceAll("[ \\t]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    /**
     * Source indentation between tags is one space to jsoup; at the start of a line or a cell it would
     * become a blank line's worth of noise around every block, so it is dropped there. {@code <pre>} keeps its
     * spaces and line breaks, as Thunderbird's quoted replies and pasted logs need them.
     */
    private static void appendText(StringBuilder out, TextNode text) {
        boolean pre = text.parent() != null && text.parent().closest("pre") != null;
        String value = pre ? text.getWholeText() : text.text();
        char last = out.length() == 0 ? '\n' : out.charAt(out.length() - 1);
        if (!pre && (last == '\n' || last == '\t')) {
            value = value.stripLeading();
        }
        out.append(value);
    }

    /**
     * Outlook writes each empty line between paragraphs as {@code <p class=MsoNormal>&nbsp;</p>}: a
     * paragraph that holds only a no-break space is a blank line the writer typed. An empty {@code <p>}
     * without one shows nothing in a browser, and {@code <div><br></div>} has its line from the br.
     */
    private static boolean isSpacerParagraph(Element e) {
        return e.text().isBlank() && e.wholeText().indexOf('\u00a0') >= 0 && e.selectFirst("br, img") == null;
    }

    private static void newLine(StringBuilder out) {
        trimTrailingSpaces(out);
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    /** Table cells on one line, a tab between them, so "Cabo HDMI" and "2" do not run into "Cabo HDMI2". */
    private static void nextCell(StringBuilder out) {
        trimTrailingSpaces(out);
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\t');
        }
    }

    private static void trimTrailingSpaces(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
    }
}
