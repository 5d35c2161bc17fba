package org.postdesk.mime;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * A customer's HTML made safe to keep for display: only formatting, links, images and tables survive
 * (jsoup's relaxed safelist); scripts, event handlers ({@code onerror}), {@code javascript:} links,
 * iframes, forms and styles are removed. Applied where the HTML is stored, so whatever later shows it
 * (a web view, an export) never sees the sender's active content.
 */
public final class SafeHtml {

    private static final Safelist SAFELIST = Safelist.relaxed()
            // inline images of the message itself (Content-ID references) may be shown
            .addProtocols("img", "src", "cid")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");

    private SafeHtml() {
    }

    public static String sanitise(String html) {
        Document.OutputSettings output = new Document.OutputSettings().prettyPrint(false);
        return Jsoup.clean(html, "", SAFELIST, output);
    }
}
