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
                    out.append(text.text());
                } else if (node instanceof Element e) {
                    if (e.nameIs("br")) {
                        out.append('\n');
                    } else if (BLOCKS.contains(e.normalName())) {
                        newLine(out);
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
                .replaceAll("\\n[ \\t]+", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    private static void newLine(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
